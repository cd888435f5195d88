# Two commands do all the set-up on a fresh machine with Python 3.11, pip and make:
#   make run    parse the reports in $BAOCAO_INBOX into $BAOCAO_HOME/warehouse.duckdb
#   make test   run the test suite and the linters
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export BAOCAO_INBOX ?= seeds/reports
export BAOCAO_HOME ?= warehouse

.PHONY: run test lint format bench clean check

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or: make PYTHON=python3)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	# An editable install leaves the project uncompiled; with PYTHONDONTWRITEBYTECODE set
	# (CI, containers) every process would compile it again at start-up.
	$(BIN)/python -m compileall -q ingest orchestration reportgen >/dev/null
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m orchestration run

# The Dagster UI on the same storage as `make run` ($(BAOCAO_HOME)/dagster).
.PHONY: ui
ui: $(STAMP)
	$(BIN)/python -m orchestration prepare
	PATH="$(abspath $(BIN)):$$PATH" DAGSTER_HOME="$(abspath $(BAOCAO_HOME))/dagster" \
		$(BIN)/dagster dev -m orchestration.definitions

test: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check ingest orchestration reportgen tests benchmarks
	$(BIN)/ruff format --check ingest orchestration reportgen tests benchmarks
	@# The dbt templater compiles the project as `dbt build` would, against a scratch warehouse
	@# and target folder of its own (never the working warehouse, which a run may hold).
	scratch=$$(mktemp -d) && BAOCAO_HOME=$$scratch DBT_TARGET_PATH=$$scratch/target \
	  $(BIN)/sqlfluff lint dbt_project/models dbt_project/tests; \
	  status=$$?; rm -rf $$scratch; exit $$status

format: $(STAMP)
	$(BIN)/ruff format ingest orchestration reportgen tests benchmarks
	$(BIN)/ruff check --fix ingest orchestration reportgen tests benchmarks

# The data rules (Great Expectations) on the current warehouse; fails only on error-severity rules.
check: $(STAMP)
	$(BIN)/python -m orchestration.quality

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_parse.py

clean:
	rm -rf $(VENV) warehouse .pytest_cache
