"""End to end for the metric catalogue (performance, cost, targets): the planted CSAT gap between
the AI-only and human-only streams and the planted AI event cost per AI contact are recovered
within their intervals, and the marts reconcile with the case facts."""

from __future__ import annotations

import csv
import math

from conftest import ROOT, Warehouse

Z95 = 1.959963984540054


def test_csat_gap_ai_only_vs_human_only(warehouse: Warehouse) -> None:
    """The weekly mart's stream means, recombined over weeks, give the planted gap.

    Each stream holds exactly the generator's CSAT answers of that stream (same n), and the
    planted (expected) gap lies in the 95% interval around the observed gap (truth's sd).
    """
    truth = warehouse.truth["planted"]["csat"]
    streams = truth["streams"]
    means: dict[str, tuple[int, float]] = {}
    for stream in ("ai_only", "post_handoff", "human_only"):
        ((n, total),) = warehouse.query(
            f"""
            select
                sum(csat_{stream}_top2box_rate_denominator),
                sum(csat_{stream}_mean * csat_{stream}_top2box_rate_denominator)
            from marts.mart_agent_performance_weekly
            where channel = 'all' and intent_cluster = 'all' and csat_{stream}_top2box_rate_denominator > 0
            """
        )
        assert n == streams[stream]["n"], (stream, n, streams[stream])
        means[stream] = (n, total / n)
        assert abs(total / n - streams[stream]["realised_mean"]) <= 1e-4, (stream, total / n, streams[stream])
    gap = means["ai_only"][1] - means["human_only"][1]
    planted = truth["gap_ai_only_minus_human_only"]
    assert gap < 0
    assert gap - Z95 * planted["sd"] <= planted["expected"] <= gap + Z95 * planted["sd"], (gap, planted)


def test_csat_streams_partition_the_responses(warehouse: Warehouse) -> None:
    ((mart, facts),) = warehouse.query(
        """
        select
            (select sum(csat_responses) from marts.mart_agent_performance_daily
             where channel = 'all' and intent_cluster = 'all'),
            (select count(csat_score) from marts.fct_contacts)
        """
    )
    assert mart == facts


def test_ai_event_cost_per_ai_contact(warehouse: Warehouse) -> None:
    """Event cost per AI contact in mart_cost_roi matches the planted mean within its 95% interval
    (standard error from the per-contact costs)."""
    planted = warehouse.truth["planted"]["ai_cost"]["mean_event_cost_usd"]
    ((cost, ai_contacts),) = warehouse.query(
        "select sum(ai_event_cost_usd), sum(ai_contacts) from marts.mart_cost_roi"
    )
    ((n, sd),) = warehouse.query(
        """
        select count(*), stddev_samp(ai_event_cost_usd)
        from marts.fct_contact_costs
        where is_ai_involved
        """
    )
    assert n == ai_contacts
    mean = cost / ai_contacts
    se = sd / math.sqrt(n)
    assert mean - Z95 * se <= planted <= mean + Z95 * se, (mean, se, planted)


def test_licence_is_allocated_once_per_month(warehouse: Warehouse) -> None:
    """Every month with AI contacts carries exactly the seed's monthly licence; months without carry none."""
    with (ROOT / "seeds" / "cost_rates.csv").open() as f:
        rates = sorted(csv.DictReader(f), key=lambda r: r["effective_from"])
    rows = warehouse.query(
        "select cast(contact_month as varchar), ai_contacts, ai_licence_cost_usd from marts.mart_cost_roi"
    )
    assert rows
    for month, ai_contacts, licence in rows:
        in_force = [r for r in rates if r["effective_from"] <= month]
        expected = float(in_force[-1]["ai_licence_usd_per_month"]) if ai_contacts and in_force else 0.0
        assert abs(licence - expected) <= 1e-6, (month, ai_contacts, licence, expected)


def test_performance_marts_reconcile_with_facts(warehouse: Warehouse) -> None:
    ((daily, weekly, facts, contained, marts_contained),) = warehouse.query(
        """
        select
            (select sum(contacts) from marts.mart_agent_performance_daily
             where channel = 'all' and intent_cluster = 'all'),
            (select sum(contacts) from marts.mart_agent_performance_weekly
             where channel = 'all' and intent_cluster = 'all'),
            (select count(*) from marts.fct_contacts),
            (select count_if(is_contained and is_outcome_settled) from marts.fct_contacts),
            (select sum(automation_rate_numerator) from marts.mart_agent_performance_weekly
             where channel = 'all' and intent_cluster = 'all')
        """
    )
    assert daily == weekly == facts
    assert marts_contained == contained
