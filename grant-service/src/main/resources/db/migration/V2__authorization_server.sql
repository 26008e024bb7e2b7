-- The authorization server's state: apps, their secrets, users, grants, codes,
-- refresh tokens, signing keys, the org policy, the audit trail and the command
-- outbox towards revocation-service. Secrets, codes and tokens are stored only as
-- SHA-256 hashes; private keys and grace-period responses only encrypted.

CREATE TABLE app (
    client_id                  TEXT        PRIMARY KEY,
    name                       TEXT        NOT NULL,
    publisher                  TEXT,
    website                    TEXT,
    logo_uri                   TEXT,
    description                TEXT,
    redirect_uris              TEXT[]      NOT NULL DEFAULT '{}',
    grant_types                TEXT[]      NOT NULL,
    token_endpoint_auth_method TEXT        NOT NULL
        CHECK (token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
    allowed_scopes             TEXT[]      NOT NULL DEFAULT '{}',
    app_type                   TEXT        NOT NULL CHECK (app_type IN ('standard', 'legacy')),
    -- Internal clients (the other Grantwire services) come only from bootstrap configuration.
    internal                   BOOLEAN     NOT NULL DEFAULT false,
    status                     TEXT        NOT NULL CHECK (status IN ('enabled', 'disabled')),
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

-- Up to two active secrets per app during a rotation (enforced by the service under the app row lock).
CREATE TABLE client_secret (
    id           UUID        PRIMARY KEY,
    client_id    TEXT        NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
    secret_hash  BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    retire_after TIMESTAMPTZ
);
CREATE INDEX client_secret_client_idx ON client_secret (client_id);

CREATE TABLE app_user (
    user_id         UUID        PRIMARY KEY,
    issuer          TEXT        NOT NULL,
    subject         TEXT        NOT NULL,
    display_name    TEXT,
    email           TEXT,
    roles           TEXT[]      NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    last_sign_in_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (issuer, subject)
);

CREATE TABLE authorization_grant (
    grant_id       UUID        PRIMARY KEY,
    user_id        UUID        NOT NULL REFERENCES app_user (user_id),
    client_id      TEXT        NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
    scopes         TEXT[]      NOT NULL,
    grant_type     TEXT        NOT NULL CHECK (grant_type IN ('standard', 'legacy')),
    status         TEXT        NOT NULL CHECK (status IN ('active', 'revoked')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    last_used_at   TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT
);
-- One active grant per user and app; a revoked grant is never revived.
CREATE UNIQUE INDEX authorization_grant_one_active_idx
    ON authorization_grant (user_id, client_id) WHERE status = 'active';
CREATE INDEX authorization_grant_client_idx ON authorization_grant (client_id);

CREATE TABLE authorization_code (
    code_hash      BYTEA       PRIMARY KEY,
    grant_id       UUID        NOT NULL REFERENCES authorization_grant (grant_id) ON DELETE CASCADE,
    client_id      TEXT        NOT NULL,
    redirect_uri   TEXT        NOT NULL,
    scopes         TEXT[]      NOT NULL,
    nonce          TEXT,
    code_challenge TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    expires_at     TIMESTAMPTZ NOT NULL,
    used           BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX authorization_code_expires_idx ON authorization_code (expires_at);

CREATE TABLE refresh_token (
    token_hash      BYTEA       PRIMARY KEY,
    grant_id        UUID        NOT NULL REFERENCES authorization_grant (grant_id) ON DELETE CASCADE,
    client_id       TEXT        NOT NULL,
    scopes          TEXT[]      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    expires_at      TIMESTAMPTZ NOT NULL,
    rotated_at      TIMESTAMPTZ,
    replaced_by     BYTEA,
    -- The response of the rotation, AES-GCM with a key derived (HKDF) from this token,
    -- kept only until grace_until so a retried refresh gets the identical answer.
    grace_response  BYTEA,
    grace_until     TIMESTAMPTZ
);
CREATE INDEX refresh_token_grant_idx ON refresh_token (grant_id);
CREATE INDEX refresh_token_grace_idx ON refresh_token (grace_until) WHERE grace_response IS NOT NULL;

CREATE TABLE signing_key (
    kid                 TEXT        PRIMARY KEY,
    alg                 TEXT        NOT NULL,
    private_key_enc     BYTEA       NOT NULL,
    public_jwk          TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    -- Published at once, signs only from not_before (one JWKS cache lifetime later).
    not_before          TIMESTAMPTZ NOT NULL,
    -- Still published until then, so tokens it signed keep verifying.
    retire_after        TIMESTAMPTZ
);

CREATE TABLE org_policy (
    id                              SMALLINT    PRIMARY KEY CHECK (id = 1),
    third_party_access              BOOLEAN     NOT NULL,
    legacy_apps_allowed             BOOLEAN     NOT NULL,
    access_token_lifetime_seconds   INTEGER     NOT NULL
        CHECK (access_token_lifetime_seconds > 0 AND access_token_lifetime_seconds <= 5400),
    refresh_token_lifetime_seconds  INTEGER     NOT NULL CHECK (refresh_token_lifetime_seconds > 0),
    legacy_refresh_lifetime_seconds INTEGER     NOT NULL CHECK (legacy_refresh_lifetime_seconds > 0),
    updated_at                      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    updated_by                      TEXT        NOT NULL
);

CREATE TABLE audit_event (
    id      BIGSERIAL   PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    actor   TEXT        NOT NULL,
    action  TEXT        NOT NULL,
    target  TEXT        NOT NULL,
    detail  TEXT
);
CREATE INDEX audit_event_target_idx ON audit_event (target);

-- Append-only: the audit trail is never rewritten.
CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_rewrite BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

-- Revocation commands for revocation-service, written in the transaction that
-- killed the grant or the app's tokens; a relay delivers them (idempotent by id).
CREATE TABLE command_outbox (
    id           UUID        PRIMARY KEY,
    kind         TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    scope        TEXT,
    reason       TEXT        NOT NULL,
    actor        TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    delivered_at TIMESTAMPTZ,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    lease_until  TIMESTAMPTZ
);
CREATE INDEX command_outbox_undelivered_idx ON command_outbox (created_at) WHERE delivered_at IS NULL;

CREATE TABLE initial_access_token (
    token_hash BYTEA       PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    source     TEXT        NOT NULL
);
