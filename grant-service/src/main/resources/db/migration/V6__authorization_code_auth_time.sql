-- When the user authenticated at the organization's identity provider for the consent that made
-- this code (OpenID Connect auth_time), carried into the ID token of the code exchange. Null for
-- codes issued before consent-service sent it.
ALTER TABLE authorization_code ADD COLUMN auth_time TIMESTAMPTZ;
