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
export DBT_SPARK_DIR ?= $(CURDIR)/spark-warehouse
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help venv browser demo generate load build summary publish test fuzz lint lint-sql lint-yaml lint-py pytest clean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# pyproject.toml's [project.scripts] are the support-truth-* commands the targets below run.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,postgres,spark]"
	touch $(STAMP)

venv: $(STAMP)  ## Create .venv and install the pinned toolchain.

# Debian's chromium + chromedriver for the dashboard test; installed once (apt-get, as root or via sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:  ## Install headless Chromium and chromedriver (apt-get) when missing.
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium chromium-driver; \
	fi

demo: $(STAMP)  ## Generate demo data (with planted incidents), load (replaces raw), dbt build --full-refresh (all tests), docs, headline numbers, reports/dashboard.html.
	@start=$$(date +%s); \
	$(BIN)/support-truth-generate --out $(DEMO_DIR) --conversations $(DEMO_CONVERSATIONS) --days $(DEMO_DAYS) --seed 42 --plant-incidents; \
	$(BIN)/support-truth-load $(DEMO_DIR); \
	$(BIN)/dbt build --full-refresh --fail-fast; \
	$(BIN)/dbt docs generate --quiet; \
	$(BIN)/support-truth-summary; \
	$(BIN)/support-truth-dashboard --out reports/dashboard.html; \
	echo "dbt docs: $(CURDIR)/target/index.html (or: .venv/bin/dbt docs serve)"; \
	echo "make demo took $$(( $$(date +%s) - start )) s"

publish: $(STAMP)  ## Scheduled run: source freshness, dbt build into the warehouse, publish the marts to published/warehouse.duckdb, alerts.
	$(BIN)/support-truth-scheduled-run

test: $(STAMP) lint pytest  ## Lint everything and run the whole test suite.

# FUZZ_SEED repeats a run; FUZZ_BATCHES, FUZZ_BUILDS and FUZZ_DATASETS size it (tests/python/test_fuzz.py).
fuzz: $(STAMP)  ## The random search (not in make test): 1,040 hypothesis batches in 4 builds, invariants on random valid data.
	@start=$$(date +%s); rm -f test-artifacts/fuzz-summary.json; \
	$(BIN)/pytest -q -m fuzz tests/python/test_fuzz.py && code=0 || code=$$?; \
	$(BIN)/python -c 'import json; s = json.load(open("test-artifacts/fuzz-summary.json")); \
	print("fuzz: seed {seed}: {batches:,} batches ({batch_rows:,} raw rows) in {n} builds, {d} valid data sets; " \
	      "{property_checks:,} property checks ({distinct_properties} properties) over {property_rows_checked:,} rows; " \
	      "{violations} violations".format(n=len(s["adversarial_builds"]), d=len(s["valid_datasets"]), **s))' || true; \
	echo "make fuzz took $$(( $$(date +%s) - start )) s"; exit $$code

lint: lint-yaml lint-sql lint-py  ## All linters.

lint-yaml: $(STAMP)  ## Check every dbt YAML file against dbt-core's bundled JSON schema.
	$(BIN)/support-truth-check-yaml

lint-sql: $(STAMP)  ## sqlfluff on every model and analysis (dbt templater over empty raw tables).
	d=$$(mktemp -d) && mkdir -p $$d/empty && export DBT_DUCKDB_PATH=$$d/lint.duckdb && \
	$(BIN)/support-truth-load $$d/empty >/dev/null 2>&1 && \
	$(BIN)/sqlfluff lint models analyses --processes 2 && \
	$(BIN)/sqlfluff lint models/staging/zendesk models/staging/segment --config scripts/sqlfluff/adapters_zendesk_segment.cfg && \
	$(BIN)/sqlfluff lint models/staging/intercom --config scripts/sqlfluff/adapters_intercom.cfg

lint-py: $(STAMP)  ## ruff on the Python code.
	$(BIN)/ruff check src tests/python docs/examples

pytest: $(STAMP) browser  ## pytest: dbt unit tests, end-to-end builds (DuckDB, PostgreSQL, local Spark), semantic layer, dashboard, tooling tests.
	scripts/with_postgres.sh $(BIN)/pytest -q

clean:  ## Remove build outputs (keeps .venv).
	rm -rf target logs data reports published test-artifacts warehouse.duckdb warehouse.duckdb.wal .duckdb_tmp spark-warehouse
