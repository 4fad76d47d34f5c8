#!/usr/bin/env bash
# Set up everything the demo and the tests need, on a fresh machine: a virtualenv with the package
# and its test dependencies, and the pinned TypeScript compiler. Re-running it is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.elqnt-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test]'
  touch "$stamp"
fi
if [ "${1:-}" = "--with-node" ] && command -v npm >/dev/null 2>&1; then
  lock=tests/ts/package-lock.json
  if [ ! -d tests/ts/node_modules ] || [ "$lock" -nt tests/ts/node_modules ]; then
    npm ci --prefix tests/ts --no-audit --no-fund --loglevel=error
    touch tests/ts/node_modules
  fi
fi
