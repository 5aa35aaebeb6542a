"""Metric truth on generated data (issue 16): resolution after a handoff exists on every path, and
every week's FCR in mart_fcr (the latest week included) is FCR over that week's contacts whose
outcome is knowable, recomputed here from fct_contacts' raw columns without its FCR flags."""

from __future__ import annotations

import math

from conftest import Warehouse


def test_no_ticketless_escalation_closed_by_a_human_is_unresolved(warehouse: Warehouse) -> None:
    """An escalation with no ticket that a human closed in the chat is resolved, at the chat's end."""
    ((closed_by_human, unresolved, resolved_elsewhere),) = warehouse.query(
        """
        select
            count(*),
            count_if(not f.is_resolved or not f.is_resolved_after_handoff),
            count_if(f.resolved_at is distinct from f.ended_at)
        from marts.fct_contacts as f
        inner join intermediate.int_contacts as c on f.contact_id = c.contact_id
        where f.outcome = 'escalated' and f.escalation_ticket_count = 0 and c.case_closed_by = 'human_agent'
        """
    )
    assert closed_by_human > 50, "the generated data has too few ticketless escalations closed by a human"
    assert unresolved == 0
    assert resolved_elsewhere == 0


def test_escalations_are_resolved_on_every_path(warehouse: Warehouse) -> None:
    """Both paths resolve some escalations: a solved ticket, and a chat closed or ended by a human."""
    rows = dict(
        warehouse.query(
            """
            select escalation_ticket_count > 0, count_if(is_resolved_after_handoff)
            from marts.fct_contacts
            where outcome = 'escalated'
            group by all
            """
        )
    )
    assert rows.get(True, 0) > 0 and rows.get(False, 0) > 0, rows


def test_every_week_of_mart_fcr_is_fcr_over_knowable_contacts(warehouse: Warehouse) -> None:
    """Each week's overall FCR (the default window w, var recontact_window_hours) equals the share, among
    that week's contacts whose outcome is knowable whatever it is (settled, identified, w past the last
    resolution point or the start), of those resolved and not re-contacted within w (gap from a
    resolution point)."""
    ((window_hours,),) = warehouse.query("select max(recontact_window_hours) from marts.fct_contacts")
    independent = {
        str(week): (k, n)
        for week, k, n in warehouse.query(
            f"""
            with knowable as (
                select
                    date_trunc('week', started_at) as week,
                    is_resolved
                    and not coalesce(seconds_to_recontact <= {window_hours * 3600}, false) as is_success
                from marts.fct_contacts
                where
                    is_outcome_settled
                    and customer_id is not null
                    and as_of >= coalesce(last_resolution_point_at, started_at) + interval {window_hours} hour
            )
            select cast(week as date), count_if(is_success), count(*) from knowable group by week
            """
        )
    }
    mart = warehouse.query(
        "select cast(contact_week as varchar), fcr_rate_numerator, fcr_rate_denominator, fcr_rate"
        " from marts.mart_fcr where intent_cluster = 'all' order by contact_week"
    )
    assert len(mart) >= 8
    for week, k, n, rate in mart:
        assert independent.get(week, (0, 0)) == (k, n), week
        if n:
            assert math.isclose(rate, k / n, rel_tol=1e-12), week
    latest_week, _, latest_n, _ = mart[-1]
    assert latest_n > 0, f"the latest week ({latest_week}) has no knowable contact"


def test_latest_week_fcr_is_not_a_collapse(warehouse: Warehouse) -> None:
    """The latest week's FCR is within sampling noise of the mature weeks' (the old flags made it
    fall by half: unresolved contacts counted at once, resolved ones only after their window)."""
    rows = warehouse.query(
        "select fcr_rate_numerator, fcr_rate_denominator from marts.mart_fcr"
        " where intent_cluster = 'all' order by contact_week"
    )
    (k_last, n_last), earlier = rows[-1], rows[1:-2]
    k = sum(r[0] for r in earlier)
    n = sum(r[1] for r in earlier)
    p = k / n
    se = math.sqrt(p * (1 - p) / n_last + p * (1 - p) / n)
    assert abs(k_last / n_last - p) <= 4 * se, (k_last / n_last, p, se)
