-- Written by elqnt-scaffold from services/project-service/endpoints/task.yaml; never edited after: a spec change adds a migration.
BEGIN;
CREATE TABLE tasks (
    org_id text NOT NULL,
    id text NOT NULL,
    title text NOT NULL DEFAULT '',
    done boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX tasks_org_id_created_at_id_idx ON tasks (org_id, created_at, id);
COMMIT;
