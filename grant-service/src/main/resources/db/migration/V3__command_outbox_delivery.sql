-- Delivery of revocation commands to revocation-service (the outbox relay).
-- lease_until doubles as the retry time: a claim sets it to now + lease, a failed attempt
-- to now + backoff, so a crashed replica's claim and a failed send are both retried later.
-- failed_at marks a command revocation-service refused for good (400, 409): it is never
-- sent again and is counted and logged instead.
ALTER TABLE command_outbox
    ADD COLUMN failed_at           TIMESTAMPTZ,
    ADD COLUMN last_error          TEXT,
    ADD COLUMN revocation_sequence BIGINT;

DROP INDEX command_outbox_undelivered_idx;
CREATE INDEX command_outbox_pending_idx ON command_outbox (created_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX command_outbox_delivered_idx ON command_outbox (delivered_at)
    WHERE delivered_at IS NOT NULL;
