-- OpenID Connect max_age (Core section 3.1.2.1), stored with the request so that the continue step
-- after a sign-in checks the provider's auth_time against what the app asked, not against whatever
-- the continue URL says.
ALTER TABLE authorization_request ADD COLUMN max_age INTEGER CHECK (max_age >= 0);

-- A user's undecided requests, newest first: at most a few are kept (the cap per user).
CREATE INDEX authorization_request_open_user_idx ON authorization_request (user_id, created_at)
    WHERE decided_at IS NULL;
