"""Airflow 2 DAG for the scheduled run (docs/scheduling.md): freshness, build + publish, alerts.

Copy into the DAGs folder and set REPO (checkout with `make venv` done) and the two files. Each step
is its own task so a stale source, a failed build and a critical alert show up (and alert) separately:
  - source_freshness fails the run when a source is past its error threshold (no build);
  - build_and_publish is support-truth-scheduled-run without its own freshness and alert steps;
  - alerts exits 2 on a critical alert, which fails the task (the build is already published).
"""

from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator

REPO = "/srv/support_truth"
ENV = {
    "DBT_PROFILES_DIR": REPO,
    "DBT_DUCKDB_PATH": "/srv/dw/build.duckdb",
    "DUCKDB_MEMORY_LIMIT": "8GB",
    "DUCKDB_TEMP_DIRECTORY": "/srv/dw/tmp",
}

with DAG(
    dag_id="support_truth",
    schedule="15 2 * * *",  # daily, after the raw loads
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
) as dag:
    freshness = BashOperator(
        task_id="source_freshness", cwd=REPO, env=ENV, append_env=True,
        bash_command=".venv/bin/dbt source freshness",
    )
    build = BashOperator(
        task_id="build_and_publish", cwd=REPO, env=ENV, append_env=True,
        bash_command=(".venv/bin/support-truth-scheduled-run --freshness skip --alerts skip"
                      " --published /srv/bi/warehouse.duckdb"),
    )
    alerts = BashOperator(
        task_id="alerts", cwd=REPO, env=ENV, append_env=True,
        bash_command=".venv/bin/support-truth-alerts",
    )
    freshness >> build >> alerts
