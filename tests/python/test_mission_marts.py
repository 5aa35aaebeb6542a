"""End to end for the mission marts: planted re-contact, follow-through, context loss and churn
uplift are recovered within their intervals, and the marts reconcile with the facts."""

from __future__ import annotations

import math

from conftest import Warehouse

Z95 = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% score interval (the same formula as macros/stats/wilson.sql)."""
    p = k / n
    centre = p + Z95**2 / (2 * n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n))
    return (centre - half) / (1 + Z95**2 / n), (centre + half) / (1 + Z95**2 / n)


def test_recontact_of_ai_resolved_contacts_per_cluster(warehouse: Warehouse) -> None:
    """Each cluster's realised re-contact share lies in the Wilson interval of the mart's rate.

    'realised' is the generator's count over the written rows of the same definition (same
    customer, same cluster, within 72h of the end), so this checks the definition end to end;
    the planted re-contact probabilities are lower because coincidental contacts count too.
    """
    planted = warehouse.truth["planted"]["recontact"]["by_cluster"]
    rows = warehouse.query(
        """
        select intent_cluster, count(is_recontacted_72h), count_if(is_recontacted_72h)
        from marts.fct_contacts
        where is_contained
        group by intent_cluster
        """
    )
    checked = 0
    for cluster, n, k in rows:
        truth = planted.get(cluster, {}).get("ai_contained")
        if truth is None or n < 100:
            continue
        low, high = wilson(k, n)
        assert low <= truth["realised"] <= high, (cluster, k / n, truth)
        checked += 1
    assert checked >= 3


def test_recontact_separates_really_resolved_from_not(warehouse: Warehouse) -> None:
    """The planted gap: contacts that were not really resolved come back far more often."""
    ((resolved_rate, unresolved_rate),) = warehouse.query(
        """
        select
            avg(case when is_recontacted_72h then 1.0 else 0.0 end) filter (where is_truly_resolved),
            avg(case when is_recontacted_72h then 1.0 else 0.0 end) filter (where outcome = 'abandoned')
        from marts.fct_contacts
        where is_recontacted_72h is not null
        """
    )
    assert unresolved_rate > resolved_rate + 0.15


def test_action_follow_through_per_action(warehouse: Warehouse) -> None:
    planted = warehouse.truth["planted"]["downstream_action"]["by_action"]
    rows = warehouse.query(
        """
        select action_key, count(*) filter (where is_rate_eligible),
               count(*) filter (where is_rate_eligible and is_action_taken)
        from marts.fct_instructions
        group by action_key
        """
    )
    assert {r[0] for r in rows} >= set(planted)
    for action, n, k in rows:
        truth = planted[action]["follow_through"]
        low, high = wilson(k, n)
        assert low <= truth["realised"] <= high, (action, k / n, truth)
        # The planted probability itself, within 4 standard errors of the realised sample.
        assert abs(k / n - truth["expected"]) <= 4 * truth["sd"], (action, k / n, truth)


def test_context_lost_share(warehouse: Warehouse) -> None:
    truth = warehouse.truth["planted"]["context_lost"]["overall"]
    ((n, k),) = warehouse.query(
        """
        select count(*), count_if(e.is_context_lost)
        from marts.fct_escalations as e
        inner join marts.fct_contacts as c on e.contact_id = c.contact_id
        where e.escalation_status = 'escalated' and c.human_reply_count > 0
        """
    )
    low, high = wilson(k, n)
    assert low <= truth["expected"] <= high, (k / n, truth)


def test_churn_uplift_for_bad_experiences(warehouse: Warehouse) -> None:
    """Churn is higher after a bad experience, and the planted uplift lies in the interval of the
    observed difference of churn rates (Wald interval on the difference of two proportions)."""
    churn = warehouse.truth["planted"]["churn"]
    rows = {
        bad: (n, k)
        for bad, n, k in warehouse.query(
            """
            select has_bad_experience, count(*), count_if(is_churned)
            from marts.fct_account_terms
            where is_term_closed
            group by has_bad_experience
            """
        )
    }
    (n1, k1), (n0, k0) = rows[True], rows[False]
    p1, p0 = k1 / n1, k0 / n0
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    assert p1 > p0
    assert p1 - p0 - Z95 * se <= churn["uplift"] <= p1 - p0 + Z95 * se, (p1, p0, se, churn)


def test_mart_totals_reconcile_with_facts(warehouse: Warehouse) -> None:
    ((mart_contacts, fact_contacts),) = warehouse.query(
        """
        select
            (select sum(contacts) from marts.mart_fcr where intent_cluster = 'all'),
            (select count(*) from marts.fct_contacts)
        """
    )
    assert mart_contacts == fact_contacts
    ((mart_escalations, fact_escalations),) = warehouse.query(
        """
        select
            (select sum(escalations) from marts.mart_escalation_quality where intent_cluster = 'all'),
            (select count(*) from marts.fct_escalations
             where escalation_status = 'escalated' and is_post_handoff_rate_eligible)
        """
    )
    # escalation_quality's per-escalation population: settled escalations (D-1705)
    assert mart_escalations == fact_escalations
