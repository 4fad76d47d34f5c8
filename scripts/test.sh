#!/usr/bin/env bash
# The whole test suite, from a fresh clone: set-up, then pytest (real Go and TypeScript toolchains).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --with-node --with-postgres
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" -q "$@"
