-- Every ledger sequence applied, kept for an hour: read-your-writes waits for one
-- exact sequence. The highest applied sequence is not enough, since revocations
-- that commit concurrently can reach the topic out of sequence order.
CREATE TABLE applied_sequence (
    sequence    BIGINT      PRIMARY KEY,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX applied_sequence_applied_at_idx ON applied_sequence (applied_at);
