"""End to end: generated data with planted truths -> load -> dbt build -> marts recover them."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from conftest import Warehouse, build_failures


def test_dbt_build_is_green(warehouse: Warehouse) -> None:
    failures = build_failures(warehouse.build)
    assert warehouse.build.success, "\n".join(failures) or str(warehouse.build.exception)
    assert not failures


def test_unit_tests_ran(warehouse: Warehouse) -> None:
    unit = [r for r in warehouse.build.result if r.node.resource_type == "unit_test"]
    assert len(unit) >= 5


def test_raw_rows_reconcile_with_generator(warehouse: Warehouse) -> None:
    rows = dict(warehouse.query("select source_table, raw_rows from quality.quality_table_reconciliation"))
    assert rows == warehouse.truth["raw_rows"]


def test_every_raw_row_is_accounted_for(warehouse: Warehouse) -> None:
    unexplained = warehouse.query(
        "select source_table, unexplained_rows from quality.quality_table_reconciliation "
        "where unexplained_rows <> 0"
    )
    assert unexplained == []


def test_quarantine_counts_equal_injected(warehouse: Warehouse) -> None:
    observed: dict[str, dict[str, int]] = {}
    for table, reason, n in warehouse.query(
        "select source_table, reason, count(*) from quality.quarantine_rows group by all"
    ):
        observed.setdefault(table, {})[reason] = n
    injected = {
        table: {reason: n for reason, n in reasons.items() if n}
        for table, reasons in warehouse.truth["bad_rows"].items()
        if any(reasons.values())
    }
    assert observed == injected
    assert sum(sum(r.values()) for r in injected.values()) > 0, "the generator injected no bad rows"


def test_collapsed_duplicates_equal_injected(warehouse: Warehouse) -> None:
    observed = dict(
        warehouse.query("select source_table, collapsed_duplicate_rows from quality.quality_table_reconciliation")
    )
    for table, kinds in warehouse.truth["collapsed_duplicates"].items():
        assert observed[table] == sum(kinds.values()), table


def test_timezone_offsets_land_as_utc(warehouse: Warehouse) -> None:
    samples = warehouse.truth["timezone_offsets"]["samples"]
    assert samples, "the generator wrote no offset timestamps"
    for s in samples:
        system, table = s["table"].split(".")
        (value,) = warehouse.query(
            f"select {s['column']} from staging.stg_{system}__{table} "
            f"where {s['key_column']} = '{s['key']}'"
        )[0]
        expected = datetime.fromisoformat(s["utc"]).replace(tzinfo=None)
        assert value == expected, s


@pytest.mark.parametrize("flag", ["ai_answered", "escalated"])
def test_planted_rates_per_cluster_are_recovered(warehouse: Warehouse, flag: str) -> None:
    """The ladder flags recover the generator's planted per-cluster probabilities.

    The generator groups by the true intent; the models by the AI's classified intent, and a
    few percent of conversations carry no classification (cluster `unknown`), so the
    populations agree to within that share and the rates within sampling error.
    """
    observed = {
        cluster: (n, rate)
        for cluster, n, rate in warehouse.query(
            f"""
            select intent_cluster, count(*), avg(case when is_{flag} then 1.0 else 0.0 end)
            from marts.fct_contacts
            where contact_type = 'conversation' and first_handler = 'ai_agent'
            group by intent_cluster
            """
        )
    }
    planted = warehouse.truth["planted"]["ai_ladder"]["by_cluster"]
    for cluster, truth in planted.items():
        n, rate = observed[cluster]
        assert 0.9 * truth["n"] <= n <= truth["n"], (cluster, n, truth["n"])
        expected, sd = truth[flag]["expected"], truth[flag]["sd"]
        # 4 standard errors (a false alarm about once in 16,000 comparisons), widened for the
        # slightly smaller observed population.
        tolerance = 4 * sd * math.sqrt(truth["n"] / n)
        assert abs(rate - expected) <= tolerance, (cluster, flag, rate, expected, sd)
        assert sd < 0.06, f"sample too small to say anything about {cluster}"


def test_clusters_really_differ(warehouse: Warehouse) -> None:
    rates = [r for (r,) in warehouse.query(
        "select avg(case when is_escalated then 1.0 else 0.0 end) from marts.fct_contacts "
        "where first_handler = 'ai_agent' group by intent_cluster"
    )]
    assert max(rates) - min(rates) > 0.2
    assert all(0 <= r <= 1 and not math.isnan(r) for r in rates)
