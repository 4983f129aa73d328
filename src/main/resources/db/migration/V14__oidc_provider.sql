-- OpenID Connect provider (issue 15): Spring Security's authorization server tables, adapted so that
-- one script runs on H2 and PostgreSQL. The reference schema's BLOB columns are VARCHAR(1000000)
-- here: JdbcOAuth2AuthorizationService reads each column's JDBC type at start and binds strings to a
-- VARCHAR column, so both databases see the same type (PostgreSQL has no BLOB; TEXT would be a CLOB
-- on H2, which the service binds differently). Timestamps carry the time zone, as the reference
-- schema asks for PostgreSQL.
CREATE TABLE oauth2_registered_client (
    id                            VARCHAR(100)  NOT NULL PRIMARY KEY,
    client_id                     VARCHAR(100)  NOT NULL,
    client_id_issued_at           TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret                 VARCHAR(200),
    client_secret_expires_at      TIMESTAMP WITH TIME ZONE,
    client_name                   VARCHAR(200)  NOT NULL,
    client_authentication_methods VARCHAR(1000) NOT NULL,
    authorization_grant_types     VARCHAR(1000) NOT NULL,
    redirect_uris                 VARCHAR(1000),
    post_logout_redirect_uris     VARCHAR(1000),
    scopes                        VARCHAR(1000) NOT NULL,
    client_settings               VARCHAR(2000) NOT NULL,
    token_settings                VARCHAR(2000) NOT NULL,
    CONSTRAINT oauth2_registered_client_client_id UNIQUE (client_id)
);

CREATE TABLE oauth2_authorization (
    id                            VARCHAR(100)  NOT NULL PRIMARY KEY,
    registered_client_id          VARCHAR(100)  NOT NULL,
    principal_name                VARCHAR(200)  NOT NULL,
    authorization_grant_type      VARCHAR(100)  NOT NULL,
    authorized_scopes             VARCHAR(1000),
    attributes                    VARCHAR(1000000),
    state                         VARCHAR(500),
    authorization_code_value      VARCHAR(1000000),
    authorization_code_issued_at  TIMESTAMP WITH TIME ZONE,
    authorization_code_expires_at TIMESTAMP WITH TIME ZONE,
    authorization_code_metadata   VARCHAR(1000000),
    access_token_value            VARCHAR(1000000),
    access_token_issued_at        TIMESTAMP WITH TIME ZONE,
    access_token_expires_at       TIMESTAMP WITH TIME ZONE,
    access_token_metadata         VARCHAR(1000000),
    access_token_type             VARCHAR(100),
    access_token_scopes           VARCHAR(1000),
    oidc_id_token_value           VARCHAR(1000000),
    oidc_id_token_issued_at       TIMESTAMP WITH TIME ZONE,
    oidc_id_token_expires_at      TIMESTAMP WITH TIME ZONE,
    oidc_id_token_metadata        VARCHAR(1000000),
    refresh_token_value           VARCHAR(1000000),
    refresh_token_issued_at       TIMESTAMP WITH TIME ZONE,
    refresh_token_expires_at      TIMESTAMP WITH TIME ZONE,
    refresh_token_metadata        VARCHAR(1000000),
    user_code_value               VARCHAR(1000000),
    user_code_issued_at           TIMESTAMP WITH TIME ZONE,
    user_code_expires_at          TIMESTAMP WITH TIME ZONE,
    user_code_metadata            VARCHAR(1000000),
    device_code_value             VARCHAR(1000000),
    device_code_issued_at         TIMESTAMP WITH TIME ZONE,
    device_code_expires_at        TIMESTAMP WITH TIME ZONE,
    device_code_metadata          VARCHAR(1000000)
);
CREATE INDEX oauth2_authorization_client ON oauth2_authorization (registered_client_id, principal_name);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id VARCHAR(100)  NOT NULL,
    principal_name       VARCHAR(200)  NOT NULL,
    authorities          VARCHAR(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- The ID tokens' "sub": a random id per account, made at its first single sign-on, never the
-- username or the email (both can be guessed, and an email can be given to someone else later).
CREATE TABLE oidc_subject (
    account_id BIGINT      NOT NULL PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    subject    VARCHAR(64) NOT NULL UNIQUE
);
