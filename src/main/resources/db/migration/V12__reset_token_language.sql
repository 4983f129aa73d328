-- The language of the page where a reset was requested, kept with its link (issue 16): the
-- temporary-password email that the link's button sends speaks it, whatever the language of the
-- browser that presses the button (a link opened on another device, a mail client's preview).
-- NULL for a reset started by a support agent and for setup links: their emails speak the
-- account's own choice (account.locale).
ALTER TABLE reset_token ADD COLUMN locale VARCHAR(16);
