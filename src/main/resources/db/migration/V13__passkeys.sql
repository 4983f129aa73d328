-- Passkeys (issue 14), the tables of Spring Security's JdbcPublicKeyCredentialUserEntityRepository and
-- JdbcUserCredentialRepository (its user-entities-schema.sql and user-credentials-schema*.sql), written
-- once for H2 and PostgreSQL: BYTEA is a binary string on both (Spring's H2 file says BLOB, its
-- PostgreSQL file BYTEA; the repositories bind bytes either way). The columns and their names are
-- Spring's, since its repositories name them in their SQL. A user entity's name is the account's
-- username; its id is the random user handle the authenticator keeps, never the account id.
CREATE TABLE user_entities (
    id           VARCHAR(1000) NOT NULL,
    name         VARCHAR(100)  NOT NULL,
    display_name VARCHAR(200),
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX user_entities_name ON user_entities (name);

CREATE TABLE user_credentials (
    credential_id                VARCHAR(1000) NOT NULL,
    user_entity_user_id          VARCHAR(1000) NOT NULL,
    public_key                   BYTEA         NOT NULL,
    signature_count              BIGINT,
    uv_initialized               BOOLEAN,
    backup_eligible              BOOLEAN       NOT NULL,
    authenticator_transports     VARCHAR(1000),
    public_key_credential_type   VARCHAR(100),
    backup_state                 BOOLEAN       NOT NULL,
    attestation_object           BYTEA,
    attestation_client_data_json BYTEA,
    created                      TIMESTAMP,
    last_used                    TIMESTAMP,
    label                        VARCHAR(1000) NOT NULL,
    PRIMARY KEY (credential_id)
);
CREATE INDEX user_credentials_user ON user_credentials (user_entity_user_id);
