"""Schema drift in the raw tables: extra columns, missing optional columns and castable type
changes build green; a missing required column fails with an error naming table and column."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import dbt_invoke, duckdb_path, run_command


@pytest.fixture(scope="module")
def drift_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("drift")
    data, db = work / "raw", work / "warehouse.duckdb"
    run_command("support-truth-generate", "--out", str(data), "--conversations", "400", "--days", "20", "--seed", "3")
    run_command("support-truth-load", str(data), env={**os.environ, "DBT_DUCKDB_PATH": str(db)})
    with duckdb_path(db):
        yield db


def alter(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def build_staging(tmp_path: Path) -> tuple[bool, str]:
    result = dbt_invoke(["build", "--select", "staging", "quality", "--indirect-selection", "cautious"], tmp_path)
    messages = " ".join(str(getattr(r, "message", "")) for r in (result.result or []))
    return result.success, messages + " " + str(result.exception or "")


def test_drift_that_keeps_the_contract_builds_green(drift_db: Path, tmp_path: Path) -> None:
    alter(
        drift_db,
        # an extra column nobody asked for
        "alter table agent_platform.messages add column vendor_debug_blob varchar default 'x'",
        # an optional column gone
        "alter table agent_platform.messages drop column feedback",
        "alter table helpdesk.tickets drop column priority",
        # a column arriving as another castable type
        "alter table agent_platform.messages alter column sentiment_score type double "
        "using try_cast(sentiment_score as double)",
        "alter table crm.subscriptions alter column mrr_usd type decimal(12, 2) using try_cast(mrr_usd as decimal(12, 2))",
    )
    ok, messages = build_staging(tmp_path)
    assert ok, messages
    con = duckdb.connect(str(drift_db), read_only=True)
    try:
        ((missing_feedback,),) = con.execute(
            "select count(*) from staging.stg_agent_platform__messages where feedback is not null"
        ).fetchall()
        ((unexplained,),) = con.execute(
            "select coalesce(sum(abs(unexplained_rows)), 0) from quality.quality_table_reconciliation"
        ).fetchall()
    finally:
        con.close()
    assert missing_feedback == 0, "a missing optional column comes through as a typed null"
    assert unexplained == 0


def test_missing_required_column_names_table_and_column(drift_db: Path, tmp_path: Path) -> None:
    alter(drift_db, "alter table helpdesk.ticket_comments drop column author_type")
    ok, messages = build_staging(tmp_path)
    assert not ok
    assert "helpdesk.ticket_comments" in messages and "author_type" in messages, messages
