# Two commands matter: `make demo` and `make test`. Everything installs itself into .venv.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= data/demo
DEMO_CONVERSATIONS ?= 20000
DEMO_DAYS ?= 180
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_DUCKDB_PATH ?= $(CURDIR)/warehouse.duckdb
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help venv demo generate load build summary publish test lint lint-sql lint-yaml lint-py pytest clean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,postgres]"
	touch $(STAMP)

venv: $(STAMP)  ## Create .venv and install the pinned toolchain.

demo: $(STAMP)  ## Generate demo data, load it, dbt build with every test, print the headline numbers.
	@start=$$(date +%s); \
	$(BIN)/python scripts/generate_data.py --out $(DEMO_DIR) --conversations $(DEMO_CONVERSATIONS) --days $(DEMO_DAYS) --seed 42; \
	$(BIN)/python scripts/load_raw.py $(DEMO_DIR); \
	$(BIN)/dbt build --fail-fast; \
	$(BIN)/python scripts/summary.py; \
	echo "make demo took $$(( $$(date +%s) - start )) s"

publish: $(STAMP)  ## Scheduled run: dbt build into the warehouse, then publish the marts to published/warehouse.duckdb.
	$(BIN)/python scripts/scheduled_run.py

test: $(STAMP) lint pytest  ## Lint everything and run the whole test suite.

lint: lint-yaml lint-sql lint-py  ## All linters.

lint-yaml: $(STAMP)  ## Check every dbt YAML file against dbt-core's bundled JSON schema.
	$(BIN)/python scripts/check_yaml.py

lint-sql: $(STAMP)  ## sqlfluff on every model and analysis (dbt templater over empty raw tables).
	d=$$(mktemp -d) && mkdir -p $$d/empty && export DBT_DUCKDB_PATH=$$d/lint.duckdb && \
	$(BIN)/python scripts/load_raw.py $$d/empty >/dev/null 2>&1 && \
	$(BIN)/sqlfluff lint models analyses --processes 2 && \
	$(BIN)/sqlfluff lint models/staging/zendesk models/staging/segment --config scripts/sqlfluff/adapters_zendesk_segment.cfg && \
	$(BIN)/sqlfluff lint models/staging/intercom --config scripts/sqlfluff/adapters_intercom.cfg

lint-py: $(STAMP)  ## ruff on the Python code.
	$(BIN)/ruff check scripts tests/python

pytest: $(STAMP)  ## pytest: dbt unit tests, end-to-end builds on generated data (DuckDB, PostgreSQL), tooling tests.
	scripts/with_postgres.sh $(BIN)/pytest -q

clean:  ## Remove build outputs (keeps .venv).
	rm -rf target logs data reports published warehouse.duckdb warehouse.duckdb.wal .duckdb_tmp
