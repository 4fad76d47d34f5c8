# The README's commands. Everything sets itself up on a fresh machine.
.PHONY: demo test golden bench

demo:  ## scaffold `widget` into a scratch copy of examples/eloquent and build it
	scripts/demo.sh

test:  ## the whole test suite (creates .venv, installs the pinned TypeScript)
	scripts/test.sh

golden:  ## regenerate the golden files under tests/golden from the example
	scripts/bootstrap.sh && .venv/bin/python -m tests.golden_update && .venv/bin/python tests/data/tygo_versions/regenerate.py

bench:  ## timings on the example and on large synthetic monorepos
	scripts/bootstrap.sh && for b in bench/bench_*.py; do .venv/bin/python "$$b"; done
