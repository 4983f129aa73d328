-- The account page and the console read an account's most recent events. With the index on
-- (account_id, at) the database still sorted every event the account ever had on each page view,
-- a cost that grew with the account's age; this index hands them over newest first, so reading
-- the latest ten stops after ten (or after ten of the wanted type).
DROP INDEX audit_event_account;
CREATE INDEX audit_event_account_recent ON audit_event (account_id, at DESC, id DESC);
