"""End to end for the journey, confidence and time marts of the metric catalogue: the resolution
confidence is monotone with true resolution by decile, and the planted peak-hour degradation is
recovered by the peak vs off-peak mart."""

from __future__ import annotations

import math

from conftest import Warehouse

Z95 = 1.959963984540054
Z99 = 2.5758293035489004


def test_true_resolution_rises_with_confidence_decile(warehouse: Warehouse) -> None:
    """Deciles of the resolution confidence are ordered by their true resolution rate.

    Monotone non-decreasing, except that a decile may fall below the best earlier decile by less
    than sampling error (99% two-sided, unpooled SE of the difference of two proportions): equal
    confidence scores spread over several deciles, and those deciles share one true rate. The top
    decile beats the bottom one by a clear margin.
    """
    rows = warehouse.query(
        """
        select confidence_decile, true_resolution_rate_numerator, true_resolution_rate_denominator
        from marts.mart_resolution_confidence_deciles
        order by confidence_decile
        """
    )
    assert [r[0] for r in rows] == list(range(1, 11))
    rates = [(k / n, n) for _, k, n in rows]
    assert min(n for _, n in rates) >= 50, rates
    best_rate, best_n = rates[0]
    for decile, (rate, n) in enumerate(rates[1:], start=2):
        se = math.sqrt(best_rate * (1 - best_rate) / best_n + rate * (1 - rate) / n)
        assert rate >= best_rate - Z99 * max(se, 1e-9), (decile, rate, best_rate, rates)
        if rate > best_rate:
            best_rate, best_n = rate, n
    assert rates[-1][0] - rates[0][0] >= 0.4, rates


def test_low_confidence_flag_matches_threshold(warehouse: Warehouse) -> None:
    rows = warehouse.query(
        """
        select intent_cluster, mean_resolution_confidence, is_low_confidence_cluster
        from marts.mart_resolution_confidence
        """
    )
    assert rows
    for cluster, mean, flagged in rows:
        assert 0 <= mean <= 1, cluster
        assert flagged == (mean < 0.6), (cluster, mean, flagged)


def test_peak_slots_match_the_planted_profile(warehouse: Warehouse) -> None:
    """The realised top 20% of hour-of-week slots by volume mostly are the planted peak slots."""
    planted = {(s["dow"], s["hour"]) for s in warehouse.truth["planted"]["peak"]["slots"]}
    found = set(
        warehouse.query("select day_of_week, hour_of_day from intermediate.int_hour_of_week_slots where is_peak")
    )
    assert len(found) >= len(planted)
    assert len(found & planted) >= 0.75 * len(planted), (sorted(found - planted), sorted(planted - found))


def test_peak_hour_escalation_degradation_is_recovered(warehouse: Warehouse) -> None:
    """Escalation rate in peak minus off-peak lies within the interval of the planted effect.

    The planted effect is the generator's expected escalation rate in its peak slots minus that
    outside them (per-row probabilities, including the mix of intents); its interval adds the
    sampling error of both realised rates to the sampling error of the mart's own difference
    (two 95% intervals combined in quadrature). The mart's slots are the realised top 20% by
    volume, which may differ from the planted ones at the margin.
    """
    peak = warehouse.truth["planted"]["peak"]
    expected = peak["peak"]["escalated"]["expected"] - peak["off_peak"]["escalated"]["expected"]
    truth_sd = math.hypot(peak["peak"]["escalated"]["sd"], peak["off_peak"]["escalated"]["sd"])
    rows = {
        period: (k, n)
        for period, k, n in warehouse.query(
            """
            select slot_period, escalation_rate_numerator, escalation_rate_denominator
            from marts.mart_peak_vs_offpeak
            where intent_cluster = 'all'
            """
        )
    }
    (k_peak, n_peak), (k_off, n_off) = rows["peak"], rows["off_peak"]
    p_peak, p_off = k_peak / n_peak, k_off / n_off
    diff = p_peak - p_off
    mart_se = math.sqrt(p_peak * (1 - p_peak) / n_peak + p_off * (1 - p_off) / n_off)
    half_width = Z95 * math.hypot(truth_sd, mart_se)
    assert expected - half_width <= diff <= expected + half_width, (diff, expected, half_width)
    # The degradation is real: escalations go up in peak hours.
    assert diff > 0, diff
    ((mart_diff,),) = warehouse.query(
        "select escalation_rate_diff_vs_off_peak from marts.mart_peak_vs_offpeak "
        "where intent_cluster = 'all' and slot_period = 'peak'"
    )
    assert abs(mart_diff - diff) < 1e-12


def test_pre_ai_baseline_splits_at_the_planted_launch(warehouse: Warehouse) -> None:
    """The derived launch date is the generator's, and no pre-AI contact had an AI message."""
    ((launch,),) = warehouse.query("select cast(ai_launch_date as varchar) from intermediate.int_ai_launch_date")
    assert launch == warehouse.truth["ai_launch_date"]
    ((ai_before,),) = warehouse.query(
        """
        select count(*)
        from marts.fct_contacts
        cross join intermediate.int_ai_launch_date
        where is_ai_involved and started_at < ai_launch_date
        """
    )
    assert ai_before == 0
    periods = dict(
        warehouse.query("select period_label, contacts from marts.mart_pre_ai_baseline where row_grain = 'period'")
    )
    ((total,),) = warehouse.query("select count(*) from marts.fct_contacts")
    assert periods["pre_ai"] > 0 and periods["post_ai"] > 0
    assert periods["pre_ai"] + periods["post_ai"] == total
