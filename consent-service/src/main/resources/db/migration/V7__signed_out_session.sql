-- Sessions signed out with "Sign out": every replica refuses them afterwards, whatever cookie a
-- browser (or someone who copied it) still presents. The key is a SHA-256 of the provider's session
-- id (sid) or, without one, of issuer, subject and auth_time; rows outlive any session cookie.
CREATE TABLE signed_out_session (
    session_hash   BYTEA       PRIMARY KEY,
    signed_out_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    expires_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX signed_out_session_expires_idx ON signed_out_session (expires_at);
