-- Written by elqnt-scaffold from services/widget-service/endpoints/widget.yaml; never edited after: a spec change adds a migration.
BEGIN;
CREATE TABLE widgets (
    org_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    config jsonb,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    status text NOT NULL DEFAULT '',
    type text NOT NULL DEFAULT '',
    api_url text NOT NULL DEFAULT '',
    weights jsonb NOT NULL DEFAULT '{}'::jsonb,
    due_at bigint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX widgets_org_id_created_at_id_idx ON widgets (org_id, created_at, id);
COMMIT;
