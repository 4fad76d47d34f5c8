-- Written by elqnt-scaffold from services/widget-service/endpoints/widget.yaml; never edited after: a spec change adds a migration.
BEGIN;
DROP TABLE IF EXISTS widgets;
COMMIT;
