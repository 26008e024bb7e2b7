-- Whether an app registered itself through RFC 7591 (with the initial access token) rather than
-- through an admin: its redirect URIs were never vetted by a person, so consent-service shows its
-- request errors on a page instead of redirecting at once (RFC 9700 section 4.11.2, open
-- redirectors). Apps registered before this column are classified from the audit trail.
ALTER TABLE app ADD COLUMN dynamically_registered BOOLEAN NOT NULL DEFAULT false;

UPDATE app SET dynamically_registered = true
 WHERE 'client:' || client_id IN (SELECT target FROM audit_event
                                  WHERE action = 'app.registered'
                                    AND actor = 'initial-access-token');
