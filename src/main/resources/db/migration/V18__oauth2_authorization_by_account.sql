-- The account's applications (/account/applications) are read, and its tokens revoked at a password
-- change or a disable, by principal_name: the index of V14 starts with the client, so without this
-- each of those would read the whole table.
CREATE INDEX oauth2_authorization_principal ON oauth2_authorization (principal_name);
