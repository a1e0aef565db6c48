# qihub: `make run` serves the demo; `make test` runs the whole suite. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export QIHUB_DEMO_MODE ?= 1
# Links in the demo's emails point at the port the demo is served on.
export QIHUB_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test lint typecheck pytest screenshots bench-aims bench-dashboard bench-roster bench-spc bench-vote clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	QIHUB_DEBUG=1 $(BIN)/qihub migrate --no-input -v0
	QIHUB_DEBUG=1 $(BIN)/qihub demo
	@echo ""
	@echo "qihub is serving the demo at http://127.0.0.1:$(PORT)/ (back office: /admin/). Ctrl-C stops it."
	@# The background task worker (emails) runs beside the web server and stops with it.
	QIHUB_DEBUG=1 sh -c 'trap "kill 0" INT TERM EXIT; $(BIN)/qihub worker --no-reload --verbosity 0 & $(BIN)/qihub runserver 127.0.0.1:$(PORT)'

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy qihub tests scripts

# The suite runs in parallel processes (pytest-xdist), each with its own test database.
PYTEST_WORKERS ?= 2
pytest: $(VENV)/.installed-test
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test: lint typecheck pytest

screenshots: $(VENV)/.installed-test
	$(BIN)/python scripts/screenshots.py

bench-spc:
	benchmarks/spc/run.sh

bench-vote: $(VENV)/.installed
	$(BIN)/python benchmarks/vote/bench_vote.py $(BENCH_VOTE_ARGS)

# PostgreSQL as the postgres user on 127.0.0.1:5432 (a temporary database); see docs/performance.md.
bench-aims: $(VENV)/.installed-test
	$(BIN)/python benchmarks/aims/bench_aims.py $(BENCH_AIMS_ARGS)

bench-dashboard: $(VENV)/.installed-test
	$(BIN)/python benchmarks/dashboard/bench_dashboard.py $(BENCH_DASHBOARD_ARGS)

bench-roster: $(VENV)/.installed-test
	$(BIN)/python benchmarks/roster/bench_roster.py

clean:
	rm -rf $(VENV) var
