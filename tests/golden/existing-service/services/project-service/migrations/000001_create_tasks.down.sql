-- Written by elqnt-scaffold from services/project-service/endpoints/task.yaml; never edited after: a spec change adds a migration.
BEGIN;
DROP TABLE IF EXISTS tasks;
COMMIT;
