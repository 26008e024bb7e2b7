-- What a revoke needs when it is confirmed, stored with the confirmation step so that the POST
-- asks nothing of grant-service: the app's name for the answer page, and grant-service's signed
-- assertions that revocation-service checks itself (the grant's ownership; the acting admin's).
ALTER TABLE confirmation ADD COLUMN app_name TEXT;
ALTER TABLE confirmation ADD COLUMN ownership TEXT;
ALTER TABLE confirmation ADD COLUMN admin_assertion TEXT;
