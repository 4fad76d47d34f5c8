#!/usr/bin/env bash
# Set up everything the demo and the tests need, on a fresh machine: a virtualenv with the package
# and its test dependencies at the tested versions (constraints/test.txt; refresh it with
# `.venv/bin/python constraints/refresh.py`), the pinned TypeScript compiler (--with-node: fails when npm
# is missing) and Debian's PostgreSQL 15 server binaries (--with-postgres, installed with apt-get when
# missing). Re-running it is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
with_node=0
with_postgres=0
for arg in "$@"; do
  case "$arg" in
    --with-node) with_node=1 ;;
    --with-postgres) with_postgres=1 ;;
    *) echo "bootstrap.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
if [ "$with_node" = 1 ] && ! command -v npm >/dev/null 2>&1; then
  echo "bootstrap.sh: npm is missing; install Node.js with npm (the tests compile the generated TypeScript with the pinned tsc)" >&2
  exit 1
fi
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.elqnt-installed
constraints=constraints/test.txt
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$constraints" -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c "$constraints" -e '.[test]'
  touch "$stamp"
fi
if [ "$with_postgres" = 1 ] && [ ! -x "${PG_BINDIR:-/usr/lib/postgresql/15/bin}/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap.sh: installing postgresql-15 (the tests start a throwaway server)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends postgresql-15 >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends postgresql-15 >/dev/null; }
  else
    echo "bootstrap.sh: PostgreSQL 15 is missing; install postgresql-15 (as root: apt-get install postgresql-15)" >&2
    exit 1
  fi
fi
if [ "$with_node" = 1 ]; then
  lock=tests/ts/package-lock.json
  if [ ! -d tests/ts/node_modules ] || [ "$lock" -nt tests/ts/node_modules ]; then
    npm ci --prefix tests/ts --no-audit --no-fund --loglevel=error
    touch tests/ts/node_modules
  fi
fi
