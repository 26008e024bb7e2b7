-- Authorization requests are stored on the server: the approval form refers to a
-- request by its id, and Accept acts only on what was stored here, never on
-- hidden form fields (RFC 9700 section 4.5 / CSRF and request tampering).
CREATE TABLE authorization_request (
    id                     UUID        PRIMARY KEY,
    client_id              TEXT        NOT NULL,
    redirect_uri           TEXT        NOT NULL,
    scopes                 TEXT        NOT NULL,
    state                  TEXT,
    nonce                  TEXT,
    code_challenge         TEXT        NOT NULL,
    code_challenge_method  TEXT        NOT NULL CHECK (code_challenge_method = 'S256'),
    prompt                 TEXT,
    user_id                TEXT,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    expires_at             TIMESTAMPTZ NOT NULL,
    decided_at             TIMESTAMPTZ
);

CREATE INDEX authorization_request_expires_idx ON authorization_request (expires_at);
