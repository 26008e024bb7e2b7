-- grant-service is a durable consumer of the revocation feed: it stores the last
-- applied ledger sequence (and the topic offset it came from) in the same
-- transaction as the state change, so a restart resumes exactly where it stopped.
CREATE TABLE feed_position (
    id             SMALLINT    PRIMARY KEY CHECK (id = 1),
    last_sequence  BIGINT      NOT NULL,
    topic_offset   BIGINT      NOT NULL,
    watermark      TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- The revocations grant-service has applied, kept until they expire: app- and
-- user-wide cutoffs decide whether a token may be minted right now.
CREATE TABLE applied_revocation (
    revocation_key TEXT        PRIMARY KEY,
    kind           TEXT        NOT NULL,
    subject        TEXT        NOT NULL,
    scope          TEXT,
    cutoff         TIMESTAMPTZ,
    expires_at     TIMESTAMPTZ NOT NULL,
    sequence       BIGINT      NOT NULL
);

CREATE INDEX applied_revocation_expires_idx ON applied_revocation (expires_at);
