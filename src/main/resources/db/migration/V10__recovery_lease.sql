-- Recovery requests are claimed with a lease, as the outbox is (issue 13, item 12). Before, the worker
-- set processed_at first and handled the request after, so a node that died in between lost it: the
-- person who asked got no email and no error. Now a claim names its holder (claimed_by) and holds
-- until lease_until; processed_at is set in the same transaction as the emails the request queues,
-- and a claim whose lease has ended is taken over by any node. attempts bounds the takeovers of a
-- request whose handling fails every time.
ALTER TABLE recovery_request ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE recovery_request ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE recovery_request ADD COLUMN attempts INT NOT NULL DEFAULT 0;
