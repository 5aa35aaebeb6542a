"""A window is a value (issue 17): changing the default re-contact window is one var.

The project is built twice on a small generated dataset (1,500 conversations over 30 days), each time
with vars passed on the command line as a user would change them in dbt_project.yml:

- `recontact_window_hours: 48`, with 48h added to `recontact_windows` so that every per-window column
  has a 48h twin: the build is green (models, data tests and unit tests, which pin the vars they rely
  on), and everything that names no window (fct_contacts' is_recontacted / is_fcr / is_ai_fcr /
  is_recontact_rate_eligible, the marts' recontact_rate / fcr_rate / ai_fcr_rate, the scorecard,
  alerts, experiments, the semantic layer and the dashboard) equals the 48h columns;
- `recontact_match_scope: any`: the build is green.

docs/decisions.md D-1708.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, build_failures, command, dbt_build_on, run_command

BIN = Path(sys.executable).parent
PROJECT_ENTRIES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses")
WINDOW_48 = "{recontact_window_hours: 48, recontact_windows: {24h: 24, 48h: 48, 72h: 72, 7d: 168}}"
SCOPE_ANY = "{recontact_match_scope: any}"
FLAGS = ("is_recontacted", "is_fcr", "is_ai_fcr", "is_recontact_rate_eligible")


@pytest.fixture(scope="module")
def raw_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated raw data loaded once into a DuckDB file; each build works on a copy."""
    work = tmp_path_factory.mktemp("window_var")
    data, db = work / "raw", work / "raw.duckdb"
    run_command("support-truth-generate", "--out", str(data), "--conversations", "1500", "--days", "30", "--seed", "7")
    run_command("support-truth-load", str(data), env={**os.environ, "DBT_DUCKDB_PATH": str(db)})
    return db


def shell_project(path: Path) -> Path:
    """A directory of symlinks to the project, whose target/ receives the build's semantic manifest (for mf)."""
    path.mkdir()
    for entry in PROJECT_ENTRIES:
        (path / entry).symlink_to(ROOT / entry)
    return path


def build(raw: Path, name: str, variables: str) -> tuple[Path, Path]:
    """`dbt build --vars <variables>` on a copy of the raw warehouse; asserts it is green."""
    project = shell_project(raw.parent / name)
    db = project / "warehouse.duckdb"
    shutil.copyfile(raw, db)
    result, seconds = dbt_build_on(db, project, ["build", "--vars", variables])
    print(f"\ndbt build --vars '{variables}': {seconds:.0f} s")
    failures = build_failures(result)
    assert result.success and not failures, "\n".join(failures[:20]) or str(result.exception)
    unit_tests = [r for r in result.result if str(r.node.resource_type) == "unit_test"]
    assert len(unit_tests) >= 40, "the build ran no unit tests"
    return project, db


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    row = con.execute(sql).fetchone()
    assert row is not None, sql
    return row


def rate(con: duckdb.DuckDBPyConnection, population: str, success: str) -> float:
    """Whole-period rate over fct_contacts: count(population and success) / count(population)."""
    k, n = one(con, f"select count_if(({population}) and ({success})), count_if({population}) from marts.fct_contacts")
    assert n > 0, population
    return k / n


def test_default_window_48h_is_one_var(raw_warehouse: Path) -> None:
    project, db = build(raw_warehouse, "window_48", WINDOW_48)
    con = duckdb.connect(str(db), read_only=True)
    try:
        # The fact: the window-free flags are the 48h flags, and they moved (they are not the 72h ones).
        (hours,) = one(con, "select max(recontact_window_hours) from marts.fct_contacts")
        assert hours == 48
        for flag in FLAGS:
            differs, moved, known = one(con, f"""
                select count_if({flag} is distinct from {flag}_48h), count_if({flag} is distinct from {flag}_72h),
                    count({flag})
                from marts.fct_contacts""")  # fmt: skip
            assert differs == 0, f"{flag} differs from {flag}_48h on {differs} contacts"
            assert known > 0, flag
            if flag != "is_recontact_rate_eligible":
                assert moved > 0, f"{flag} equals {flag}_72h everywhere: the var did not move it"
        recontact = rate(con, "is_recontact_rate_eligible_48h", "is_recontacted_48h")
        fcr = rate(con, "is_fcr_48h is not null", "is_fcr_48h")
        ai_fcr = rate(con, "is_ai_fcr_48h is not null", "is_ai_fcr_48h")

        # Marts listing every window: the default columns equal the 48h ones, row by row.
        for mart, rates in (
            ("mart_fcr", ("fcr_rate", "ai_fcr_rate")),
            ("mart_recontact", ("ai_recontact_rate", "human_recontact_rate")),
        ):
            for name in rates:
                for part in ("_numerator", "_denominator", ""):
                    (differs,) = one(
                        con, f"select count_if({name}{part} is distinct from {name}_48h{part}) from marts.{mart}"
                    )
                    assert differs == 0, f"{mart}.{name}{part} differs from {name}_48h{part}"

        # Marts exposing only the default window: performance, scorecard, experiments, alerts.
        k, n = one(con, """
            select sum(recontact_rate_numerator), sum(recontact_rate_denominator)
            from marts.mart_agent_performance_weekly where channel = 'all' and intent_cluster = 'all'""")  # fmt: skip
        assert k / n == pytest.approx(recontact, rel=1e-12)
        k, n = one(con, """
            select sum(fcr_rate_numerator), sum(fcr_rate_denominator)
            from marts.mart_agent_performance_weekly where channel = 'all' and intent_cluster = 'all'""")  # fmt: skip
        assert k / n == pytest.approx(fcr, rel=1e-12)
        scorecard = dict(con.execute(
            "select metric, current_value from marts.mart_intent_scorecard where intent_cluster = 'all'"
        ).fetchall())  # fmt: skip
        assert scorecard["recontact_rate"] == pytest.approx(recontact, rel=1e-12)
        assert scorecard["fcr_rate"] == pytest.approx(fcr, rel=1e-12)
        alert_metrics = {m for (m,) in con.execute("select distinct metric from marts.mart_metric_daily_values").fetchall()}
        experiment_metrics = {m for (m,) in con.execute("select distinct metric from marts.mart_experiment_results").fetchall()}
        for names in (alert_metrics, experiment_metrics):
            assert {"recontact_rate", "fcr_rate"} <= names
            assert not any(m.endswith(("_48h", "_72h")) for m in names), names
        for (advice,) in con.execute(
            "select recommendation from marts.mart_quality_report where metric in ('recontact_rate', 'fcr_rate')"
        ).fetchall():
            assert "48 hours" in advice, advice
    finally:
        con.close()

    # The semantic layer names no window: its metrics are the 48h rates.
    out = project / "mf.csv"
    env = {**os.environ, "DBT_PROFILES_DIR": str(project), "DBT_PROJECT_DIR": str(project),
           "DBT_DUCKDB_PATH": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    mf = subprocess.run(
        [str(BIN / "mf"), "query", "--metrics", "recontact_rate,fcr_rate,ai_fcr_rate", "--csv", str(out), "--quiet"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert mf.returncode == 0 and out.exists(), mf.stdout + mf.stderr
    with out.open(newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert float(row["recontact_rate"]) == pytest.approx(recontact, rel=1e-9)
    assert float(row["fcr_rate"]) == pytest.approx(fcr, rel=1e-9)
    assert float(row["ai_fcr_rate"]) == pytest.approx(ai_fcr, rel=1e-9)

    # The dashboard names the window it reads from the warehouse.
    page = project / "dashboard.html"
    subprocess.run(
        [*command("support-truth-dashboard"), "--database", str(db), "--out", str(page)], check=True
    )
    text = page.read_text(encoding="utf-8")
    assert "Re-contact 48h" in text and "FCR 48h" in text and "72h" not in text


def test_match_scope_any_builds_green(raw_warehouse: Path) -> None:
    build(raw_warehouse, "scope_any", SCOPE_ANY)
