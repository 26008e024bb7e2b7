-- Every internal API call checks whether its service token is revoked: by its jti (a token
-- revocation) or by its client (an admin's revocation of an internal client, with a cutoff).
CREATE INDEX revocation_token_and_client_idx ON revocation (kind, subject)
    WHERE kind IN ('token', 'client');
