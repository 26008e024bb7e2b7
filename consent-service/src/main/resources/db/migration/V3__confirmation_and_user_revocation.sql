-- A confirmation step of "Manage authorizations" and the admin pages: the page stores what the
-- user is about to do and a random CSRF token; the POST names the row and its token, and only the
-- stored action and subject are carried out (never hidden form fields), once (used_at).
CREATE TABLE confirmation (
    id          UUID        PRIMARY KEY,
    user_id     TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    csrf_token  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

CREATE INDEX confirmation_expires_idx ON confirmation (expires_at);

-- Revocations made here, per user whose grant (or whose every grant) they ended. grant-service
-- learns of a revocation from the feed a few milliseconds after revocation-service answers: until
-- then "Manage authorizations" hides the revoked grant itself, and the user's next Accept passes
-- the latest sequence so that grant-service applies it before it records a new grant.
CREATE TABLE user_revocation (
    user_id     TEXT        NOT NULL,
    grant_id    UUID,
    sequence    BIGINT      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX user_revocation_user_idx ON user_revocation (user_id, created_at);
