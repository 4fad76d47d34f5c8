#!/usr/bin/env bash
# The main job on the example monorepo: scaffold `widget` into a scratch copy of examples/eloquent,
# then build and test the result with the real toolchains so you can see it work.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --with-postgres
demo=.demo/eloquent
rm -rf "$demo" && mkdir -p .demo && cp -R examples/eloquent "$demo"
echo "== elqnt-scaffold add-endpoint widget (in $demo)"
.venv/bin/elqnt-scaffold add-endpoint widget --repo "$demo" \
  --field name:string:required --field description:string --field config:any --field tags:[]string
echo
echo "== running it again changes nothing"
# the tool's own no-op line; grep fails the demo when the second run changed a file
.venv/bin/elqnt-scaffold add-endpoint widget --repo "$demo" | grep -F "Nothing to do"
echo
echo "== adding a resource to the existing project-service"
.venv/bin/elqnt-scaffold add-endpoint task --service project-service --repo "$demo" \
  --field title:string:required --field done:bool
for svc in widget-service project-service; do
  echo
  echo "== gofmt, go vet, go build, go test in services/$svc"
  (cd "$demo/services/$svc" && test -z "$(gofmt -l .)" && go vet ./... && go build ./... && go test ./...)
done
echo
echo "== widget-service stores in PostgreSQL: its round trip against a throwaway database"
.venv/bin/python scripts/demo_postgres.py "$demo"
echo
echo "== elqnt-scaffold check (the pre-commit hook) and drift (the CI job)"
.venv/bin/elqnt-scaffold check --repo "$demo"
.venv/bin/elqnt-scaffold drift --repo "$demo"
echo
echo "Done: look around in $demo"
