-- An admin's "revoke every authorization of this app" ends grants of many users at once. Its row
-- names the app instead of a user: until grant-service has applied it, every user's "Manage
-- authorizations" hides their grants of that app made before it, and an Accept for that app passes
-- its sequence so that grant-service applies it before it records the new grant.
ALTER TABLE user_revocation ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE user_revocation ADD COLUMN client_id TEXT;
ALTER TABLE user_revocation
    ADD CONSTRAINT user_revocation_names_user_or_app CHECK ((user_id IS NULL) <> (client_id IS NULL));
CREATE INDEX user_revocation_client_idx ON user_revocation (client_id, created_at)
    WHERE client_id IS NOT NULL;
