-- The approval form's CSRF token, random per request; the decision is accepted only with it.
-- Rows written before this column existed have none, so no decision can be made on them.
ALTER TABLE authorization_request ADD COLUMN csrf_token TEXT;
