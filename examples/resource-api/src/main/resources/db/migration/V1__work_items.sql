-- The example resource API's own data: work items owned by a Grantwire user id
-- (the sub of the access tokens that reach it).
CREATE TABLE work_item (
    id          BIGSERIAL   PRIMARY KEY,
    owner_id    TEXT        NOT NULL,
    title       TEXT        NOT NULL,
    state       TEXT        NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'active', 'done')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX work_item_owner_idx ON work_item (owner_id, id);
