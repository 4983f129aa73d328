-- The authorization server finds an authorization by the token a client presents
-- (JdbcOAuth2AuthorizationService: "WHERE refresh_token_value = ?", "authorization_code_value = ?", ...,
-- and all of them OR-ed when the token's type is unknown). Without indexes every code redemption,
-- refresh, userinfo call and revocation read the whole table.
--
-- Hash indexes, not B-trees: the values are long (a JWT access or ID token is about a kilobyte and
-- grows with its claims) and a PostgreSQL B-tree refuses a row whose key is over about 2700 bytes
-- (a third of a page), which would make the INSERT of such a token fail. A hash index stores a 4-byte
-- hash of any length of value, and every lookup here is an equality. H2 reads the same statement.
CREATE INDEX oauth2_authorization_state ON oauth2_authorization USING HASH (state);
CREATE INDEX oauth2_authorization_code ON oauth2_authorization USING HASH (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token ON oauth2_authorization USING HASH (access_token_value);
CREATE INDEX oauth2_authorization_id_token ON oauth2_authorization USING HASH (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token ON oauth2_authorization USING HASH (refresh_token_value);
CREATE INDEX oauth2_authorization_user_code ON oauth2_authorization USING HASH (user_code_value);
CREATE INDEX oauth2_authorization_device_code ON oauth2_authorization USING HASH (device_code_value);
