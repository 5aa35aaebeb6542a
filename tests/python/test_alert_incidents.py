"""Measured precision and recall of the monitoring incidents on generated data with planted regressions.

The generator's --plant-incidents adds, to the release regression it always plants (escalation, agent
v1.2), a re-contact regression, an unanswered (containment) regression and a downstream action regression
(instructions no longer followed) on known days; truth.json
planted.incidents lists each with its primary metric, the metrics it moves as a consequence and its
days. The AI launch is a planned level shift (a change point): once its baseline has settled it must not
open an incident. Per metric at scope all this reports planted incidents found and missed and incidents
on unplanted days (false), and asserts recall >= 0.8 over the planted ones, at most a few false
incidents, and none from the launch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    E2E_CONVERSATIONS,
    E2E_DAYS,
    E2E_SEED,
    Warehouse,
    build_failures,
    dbt_build_on,
    run_command,
)

from support_truth.alerts import main as alerts_main
from support_truth.incident_scoring import render, score

# Found, missed, explained and false incidents are defined in support_truth.incident_scoring.
MIN_RECALL = 0.8
# About 16 metrics x 30 evaluated days at scope all at 3 sigma (two-sided 0.27%) leave one or two pure-noise
# breaches, and one odd day moves correlated metrics together (escalation, containment, true resolution):
# bound the days on which a false incident opens, not the incidents.
MAX_FALSE_DAYS = 2


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The conftest warehouse's data plus the --plant-incidents regressions, built up to the incidents."""
    work = tmp_path_factory.mktemp("incidents")
    data, db = work / "raw", work / "warehouse.duckdb"
    run_command(
        "support-truth-generate", "--out", str(data), "--conversations", str(E2E_CONVERSATIONS),
        "--days", str(E2E_DAYS), "--seed", str(E2E_SEED), "--plant-incidents",
    )
    run_command("support-truth-load", str(data), env={**os.environ, "DBT_DUCKDB_PATH": str(db)})
    result, _ = dbt_build_on(
        db, work, ["build", "--select", "+mart_metric_incidents", "--resource-type", "seed", "--resource-type", "model"]
    )
    assert not build_failures(result), build_failures(result)
    yield Warehouse(path=db, truth=json.loads((data / "truth.json").read_text()), build=result)


def test_planted_incidents_found_with_few_false_ones(planted: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    """Recall over the planted incidents >= 0.8 (each evaluable one opens an incident of its metric in its
    direction overlapping its days); false incidents at scope all open on at most MAX_FALSE_DAYS days."""
    result = score(planted.query, planted.truth)
    table = render(result)
    with capsys.disabled():
        print("\nMonitoring incidents at scope all vs truth.json planted.incidents:\n" + table)
    assert len(result.plants) == 4, result.plants
    total = result.total()
    assert total.found + total.missed == len(result.plants), table
    assert total.recall is not None and total.recall >= MIN_RECALL, table
    assert len({incident[1] for incident in result.false_incidents}) <= MAX_FALSE_DAYS, (table, result.false_incidents)


def test_no_incident_from_the_planned_launch(planted: Warehouse) -> None:
    """The AI launch is a change point: no rate or mean is evaluated while its baseline settles, and no incident
    at scope all opens in the week after it has settled (against the old baseline the launch's level shift
    would open one on the first evaluated day and keep it open for weeks)."""
    ((launch, settled),) = planted.query(
        """
        select change_date, rates_settle_on from marts.mart_metric_change_points where change_type = 'ai_launch'
        """
    )
    assert str(launch) == planted.truth["ai_launch_date"]
    rows = planted.query(
        f"""
        select metric, first_day from marts.mart_metric_incidents
        where scope_type = 'all' and metric_kind != 'count'
          and first_day >= date '{launch}' and first_day < date '{settled}' + interval 7 day
        """
    )
    assert rows == [], rows
    settling = planted.query(
        f"""
        select metric, metric_date from marts.mart_metric_alerts
        where metric_kind != 'count' and metric_date >= date '{launch}' and metric_date < date '{settled}'
        """
    )
    assert settling == [], settling


def test_default_generation_plants_only_the_release_regression(tmp_path: Path) -> None:
    """Without --plant-incidents the generator plants only the v1.2 regression (the other tests' data)."""
    run_command("support-truth-generate", "--out", str(tmp_path), "--conversations", "200", "--days", "30", "--seed", "1")
    plants = json.loads((tmp_path / "truth.json").read_text())["planted"]["incidents"]
    assert [p["name"] for p in plants] == ["release_v1_2_escalation"]


def test_alerts_command_scores_the_incidents(planted: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`support-truth-alerts --score truth.json` prints the same per-metric score as the test above."""
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(planted.truth))
    assert alerts_main(["--score", str(truth), "--database", str(planted.path)]) == 0
    out = capsys.readouterr().out
    assert render(score(planted.query, planted.truth)) in out
    assert "downstream_action_rate" in out
