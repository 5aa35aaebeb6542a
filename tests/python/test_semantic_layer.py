"""The semantic layer defines each headline metric once: `mf query` equals the marts on the same data.

MetricFlow reads `<project>/target/semantic_manifest.json` (a fixed path) and the profile, so the
test parses the project into a shell project under a temporary directory (symlinks to the real
models, macros and seeds) whose profile points at the session warehouse, then runs `mf query`
twice: every headline metric per ISO week, and the scorecard metrics per intent cluster.
"""

from __future__ import annotations

import csv
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Warehouse

BIN = Path(sys.executable).parent
PROJECT_ENTRIES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses")
SEMANTIC_YAML = ROOT / "models" / "semantic" / "_semantic__models.yml"

# metric -> (mart, column, where) for the weekly comparison: the `all` roll-up row of each week.
PERFORMANCE = ("marts.mart_agent_performance_weekly", "channel = 'all' and intent_cluster = 'all'")
WEEKLY: dict[str, tuple[str, str, str]] = {
    "ai_involvement_rate": (PERFORMANCE[0], "ai_involvement_rate", PERFORMANCE[1]),
    "deflection_rate": (PERFORMANCE[0], "deflection_rate", PERFORMANCE[1]),
    "containment_rate": (PERFORMANCE[0], "containment_rate", PERFORMANCE[1]),
    "autonomous_resolution_rate": (PERFORMANCE[0], "autonomous_resolution_rate", PERFORMANCE[1]),
    "true_resolution_rate": (PERFORMANCE[0], "true_resolution_rate", PERFORMANCE[1]),
    "deflection_gap": (PERFORMANCE[0], "deflection_gap", PERFORMANCE[1]),
    "automation_rate": (PERFORMANCE[0], "automation_rate", PERFORMANCE[1]),
    "escalation_rate": (PERFORMANCE[0], "escalation_rate", PERFORMANCE[1]),
    "recontact_rate": (PERFORMANCE[0], "recontact_rate", PERFORMANCE[1]),
    "fcr_rate": (PERFORMANCE[0], "fcr_rate", PERFORMANCE[1]),
    "csat_top2box_rate": (PERFORMANCE[0], "csat_top2box_rate", PERFORMANCE[1]),
    "csat_top2box_rate_ai_only": (PERFORMANCE[0], "csat_ai_only_top2box_rate", PERFORMANCE[1]),
    "csat_top2box_rate_post_handoff": (PERFORMANCE[0], "csat_post_handoff_top2box_rate", PERFORMANCE[1]),
    "csat_top2box_rate_human_only": (PERFORMANCE[0], "csat_human_only_top2box_rate", PERFORMANCE[1]),
    "ai_cost_per_resolution_usd": (PERFORMANCE[0], "ai_cost_per_resolution_usd", PERFORMANCE[1]),
    "cost_per_resolution_usd": (PERFORMANCE[0], "cost_per_resolution_usd", PERFORMANCE[1]),
    "contacts": (PERFORMANCE[0], "contacts", PERFORMANCE[1]),
    "downstream_action_rate": (
        "marts.mart_downstream_action", "action_taken_rate", "intent_cluster = 'all' and action_key = 'all'",
    ),
    "context_lost_rate": ("marts.mart_escalation_quality", "context_lost_rate", "intent_cluster = 'all'"),
}
WEEK_COLUMN = {
    "marts.mart_agent_performance_weekly": "contact_week",
    "marts.mart_downstream_action": "week_start",
    "marts.mart_escalation_quality": "contact_week",
}
# semantic-layer metric -> metric name in mart_intent_scorecard (whole period, per intent cluster).
SCORECARD = {
    "deflection_rate": "deflection_rate",
    "containment_rate": "containment_rate",
    "true_resolution_rate": "true_resolution_rate",
    "automation_rate": "automation_rate",
    "escalation_rate": "escalation_rate",
    "recontact_rate": "recontact_rate",
    "fcr_rate": "fcr_rate",
    "csat_top2box_rate": "csat_top2box_rate",
    "ai_cost_per_resolution_usd": "ai_cost_per_resolution_usd",
    "downstream_action_rate": "downstream_action_rate",
    "context_lost_rate": "context_lost_rate",
}


def same(a: float | None, b: float | None) -> bool:
    """Equal up to float summation order (or both missing)."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def number(text: str) -> float | None:
    return None if text == "" else float(text)


@pytest.fixture(scope="module")
def mf_project(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A shell dbt project (symlinks to the repo) parsed against the session warehouse."""
    project = tmp_path_factory.mktemp("mf_project")
    for entry in PROJECT_ENTRIES:
        (project / entry).symlink_to(ROOT / entry)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project),
        "DBT_PROJECT_DIR": str(project),
        "DBT_DUCKDB_PATH": str(warehouse.path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    subprocess.run([str(BIN / "dbt"), "parse", "--quiet"], cwd=project, env=env, check=True)
    assert (project / "target" / "semantic_manifest.json").exists()
    yield project, env


def mf_query(project: Path, env: dict, metrics: list[str], group_by: str) -> list[dict[str, str]]:
    """Run `mf query` (a subprocess: it holds the DuckDB file lock until it exits) into a CSV."""
    out = project / f"mf_{group_by}.csv"
    result = subprocess.run(
        [str(BIN / "mf"), "query", "--metrics", ",".join(metrics), "--group-by", group_by,
         "--csv", str(out), "--quiet"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and out.exists(), result.stdout + result.stderr
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_headline_metric_is_defined() -> None:
    """The semantic layer has a metric for every headline number the issue lists."""
    spec = yaml.safe_load(SEMANTIC_YAML.read_text())
    defined = {metric["name"] for metric in spec["metrics"]}
    measures = {m["name"] for sm in spec["semantic_models"] for m in sm["measures"] if m.get("create_metric")}
    assert set(WEEKLY) <= defined | measures
    assert set(SCORECARD) <= defined


def test_weekly_metrics_equal_the_marts(mf_project: tuple[Path, dict], warehouse: Warehouse) -> None:
    """Every headline metric per ISO week equals the `all` row of its mart's week."""
    project, env = mf_project
    rows = mf_query(project, env, list(WEEKLY), "metric_time__week")
    by_week = {row["metric_time__week"][:10]: row for row in rows}
    compared = 0
    for metric, (mart, column, where) in WEEKLY.items():
        week = WEEK_COLUMN[mart]
        mart_rows = warehouse.query(f"select cast({week} as varchar), {column} from {mart} where {where}")
        assert mart_rows, (metric, mart)
        for mart_week, value in mart_rows:
            mf_value = number(by_week[mart_week][metric]) if mart_week in by_week else None
            # MetricFlow leaves a week out when no row of the metric's model falls in it; the mart
            # then has a zero count or a null rate (no denominator).
            expected = None if value == 0 and mart_week not in by_week else value
            assert same(mf_value, None if expected is None else float(expected)), (metric, mart_week, mf_value, value)
            compared += 1 if value is not None else 0
    assert compared >= 5 * len(WEEKLY)


def test_scorecard_metrics_per_intent_cluster_equal_the_scorecard(
    mf_project: tuple[Path, dict], warehouse: Warehouse
) -> None:
    """Whole-period metrics per intent cluster equal mart_intent_scorecard's current values."""
    project, env = mf_project
    rows = mf_query(project, env, list(SCORECARD), "contact__intent_cluster")
    by_cluster = {row["contact__intent_cluster"]: row for row in rows}
    scorecard = warehouse.query(
        "select intent_cluster, metric, current_value from marts.mart_intent_scorecard"
        " where intent_cluster <> 'all' and is_measured"
    )
    names = {mart_name: metric for metric, mart_name in SCORECARD.items()}
    compared = 0
    for cluster, mart_name, value in scorecard:
        if mart_name not in names:
            continue
        mf_value = number(by_cluster[cluster][names[mart_name]]) if cluster in by_cluster else None
        assert same(mf_value, value), (cluster, mart_name, mf_value, value)
        compared += 1
    assert compared >= 3 * len(SCORECARD)
