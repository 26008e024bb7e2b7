-- The revocation ledger: every revocation ever recorded, in commit order.
-- sequence is the ledger position that every event and every revoke answer carries.
CREATE TABLE revocation (
    sequence    BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    kind        TEXT        NOT NULL CHECK (kind IN ('token', 'grant', 'client', 'user')),
    subject     TEXT        NOT NULL,
    scope       TEXT        CHECK (scope IN ('tokens', 'grants')),
    client_id   TEXT,
    user_id     TEXT,
    -- Set from clock_timestamp() inside the transaction: the database clock is the
    -- only clock the watermark is computed from.
    revoked_at  TIMESTAMPTZ NOT NULL,
    cutoff      TIMESTAMPTZ,
    expires_at  TIMESTAMPTZ NOT NULL,
    reason      TEXT        NOT NULL,
    actor       TEXT        NOT NULL,
    -- Commands from grant-service are idempotent by their id.
    command_id  UUID        UNIQUE
);

CREATE INDEX revocation_revoked_at_idx ON revocation (revoked_at);
CREATE INDEX revocation_client_idx ON revocation (client_id, sequence);
CREATE INDEX revocation_user_idx ON revocation (user_id, sequence);

-- One row per revocation until the broker has acknowledged it and the topic's
-- retention has passed. Rows are claimed with a lease, never a permanent flag,
-- so a crashed replica's rows are taken over by the relay of another.
CREATE TABLE outbox (
    sequence     BIGINT      PRIMARY KEY REFERENCES revocation (sequence),
    revoked_at   TIMESTAMPTZ NOT NULL,
    lease_owner  TEXT,
    lease_until  TIMESTAMPTZ,
    attempts     INT         NOT NULL DEFAULT 0,
    sent_at      TIMESTAMPTZ
);

-- The heartbeat's watermark is min(now, oldest unsent revoked_at): keep that cheap.
CREATE INDEX outbox_unsent_idx ON outbox (revoked_at) WHERE sent_at IS NULL;
