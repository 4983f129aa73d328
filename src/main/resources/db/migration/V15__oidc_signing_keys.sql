-- The provider's signing keys (issue 15), shared by every node. The private key (PKCS#8) is stored
-- only AES-GCM encrypted with the master key. current_slot is 1 for the one key that signs and NULL
-- for retired keys: the UNIQUE constraint lets two nodes starting together create only one current key
-- (the loser's INSERT fails and it reads the winner's). A retired key stays published in the JWKS
-- until every token it signed has expired (see SigningKeys).
CREATE TABLE oidc_signing_key (
    kid                   VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm             VARCHAR(16)   NOT NULL,
    public_key            VARCHAR(4000) NOT NULL,
    private_key_encrypted BYTEA         NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at            TIMESTAMP WITH TIME ZONE,
    current_slot          INT UNIQUE,
    CONSTRAINT oidc_signing_key_slot CHECK (current_slot IS NULL OR current_slot = 1)
);
