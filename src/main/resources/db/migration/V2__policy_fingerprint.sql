-- Which password policy the current password was last checked against: a sign-in runs the full
-- policy (zxcvbn, blocklist, optional Pwned Passwords) only when the policy changed since then.
ALTER TABLE account ADD COLUMN policy_fingerprint VARCHAR(128);
