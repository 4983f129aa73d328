-- A password reset asked for inside a single sign-on (issue 15) remembers the client whose
-- authorization request was waiting, from the request to the emailed link: the link may be opened in
-- another browser, which has no authorization request, and then offers to continue to that client.
ALTER TABLE recovery_request ADD COLUMN client_id VARCHAR(100);
ALTER TABLE reset_token ADD COLUMN client_id VARCHAR(100);
