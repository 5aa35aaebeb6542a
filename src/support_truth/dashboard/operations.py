"""Operations sections: escalation quality and context loss, downstream action, journeys (sentiment
trajectory, drop-off turn) and time (peak vs off-peak, pre-AI baseline against now)."""

from __future__ import annotations

import html
from typing import Any

from .html_parts import chart, fmt, note, rate_cell, section, table
from .marts import Marts
from .review import ALL_WEEKS, BY_CLUSTER, bundle, series


def escalation_section(marts: Marts, min_sample: int) -> str:
    weeks = marts.rows(
        "select cast(contact_week as varchar) as week, * from marts.mart_escalation_quality"
        " where intent_cluster = 'all' order by contact_week"
    )
    reasons = marts.rows(
        "select reason_code, sum(share_of_escalations_numerator) as escalations"
        " from marts.mart_escalation_reasons group by reason_code order by escalations desc, reason_code"
    )
    quality = chart({"id": "chart-escalation", "type": "line", "kind": "pct", "title": "Escalation quality per week",
                     "labels": [w["week"] for w in weeks],
                     "series": [series(name, weeks, prefix) for name, prefix in (
                         ("escalation rate", "escalation_rate"), ("appropriate", "appropriate_rate"),
                         ("inappropriate", "inappropriate_rate"), ("context lost", "context_lost_rate"),
                         ("summary given", "summary_provided_rate"))]})  # fmt: skip
    by_reason = chart({"id": "chart-reasons", "type": "bar", "kind": "count", "title": "Escalations by reason code",
                       "labels": [r["reason_code"] or "none" for r in reasons],
                       "series": [{"name": "escalations", "values": [float(r["escalations"]) for r in reasons]}]})  # fmt: skip
    clusters = marts.rows(
        "select intent_cluster, sum(context_lost_rate_numerator) as lost, sum(context_lost_rate_denominator) as settled,"
        " sum(missed_escalation_rate_numerator) as missed, sum(missed_escalation_rate_denominator) as missed_n,"
        " sum(inappropriate_rate_numerator) as bad, sum(inappropriate_rate_denominator) as bad_n"
        " from marts.mart_escalation_quality group by intent_cluster order by intent_cluster = 'all' desc, intent_cluster"
    )
    rows = []
    for c in clusters:
        r = {**bundle("lost", c["lost"], c["settled"], min_sample), **bundle("missed", c["missed"], c["missed_n"], min_sample),
             **bundle("bad", c["bad"], c["bad_n"], min_sample)}  # fmt: skip
        rows.append([html.escape(c["intent_cluster"]), rate_cell(r, "lost"), rate_cell(r, "bad"), rate_cell(r, "missed")])
    detail = table(["intent cluster", "context lost", "inappropriate escalation", "missed escalation"], rows,
                   "escalation-table", [{} if c["intent_cluster"] == "all" else {"cluster": c["intent_cluster"]}
                                        for c in clusters])  # fmt: skip
    body = (f'<div class="grid2">{quality}{by_reason}</div><h3>Context loss and escalation quality per cluster '
            f"(whole period, re-divided from the weekly counts)</h3>{detail}")  # fmt: skip
    return section("escalation", "Escalation quality and context loss", body, BY_CLUSTER)


def downstream_section(marts: Marts, min_sample: int) -> str:
    actions = marts.rows(
        "select action_key, sum(instructions) as instructions, sum(action_taken_rate_numerator) as taken,"
        " sum(action_taken_rate_denominator) as eligible, sum(contrary_action_rate_numerator) as contrary,"
        " sum(contrary_action_rate_denominator) as contrary_n from marts.mart_downstream_action"
        " where intent_cluster = 'all' group by action_key order by action_key = 'all' desc, eligible desc"
    )
    rows = [{"action_key": a["action_key"], "instructions": a["instructions"],
             **bundle("action_taken_rate", a["taken"], a["eligible"], min_sample),
             **bundle("contrary_action_rate", a["contrary"], a["contrary_n"], min_sample)} for a in actions]  # fmt: skip
    plotted = [r for r in rows if r["action_key"] != "all"]
    bars = chart({"id": "chart-downstream", "type": "bar", "kind": "pct",
                  "title": "Instructions followed by the customer, per action (whisker: 95% interval)",
                  "labels": [r["action_key"] for r in plotted],
                  "series": [series("action taken", plotted, "action_taken_rate")]})  # fmt: skip
    detail = table(["action", "instructions", "action taken", "contrary action"],
                   [[html.escape(r["action_key"]), fmt(r["instructions"], "count"), rate_cell(r, "action_taken_rate"),
                     rate_cell(r, "contrary_action_rate")] for r in rows], "downstream-table")  # fmt: skip
    explain = note("Did the customer do what the agent told them? Mature instructions of identified customers "
                   "(mart_downstream_action); the per-cluster weekly rate is in the per-intent review.")  # fmt: skip
    return section("downstream", "Downstream action", bars + detail + explain, ALL_WEEKS)


def journeys_section(marts: Marts) -> str:
    weeks = marts.rows(
        "select cast(contact_week as varchar) as week, * from marts.mart_sentiment_trajectory"
        " where intent_cluster = 'all' and intent = 'all' order by contact_week"
    )
    trajectory = chart({"id": "chart-sentiment", "type": "line", "kind": "pct",
                        "title": "Sentiment trajectory per week (share of conversations)",
                        "labels": [w["week"] for w in weeks],
                        "series": [series(n, weeks, f"{n}_share") for n in ("improving", "stable", "declining")]})  # fmt: skip
    funnel = marts.rows(
        "select * from marts.mart_abandonment_funnel where intent_cluster = 'all' and intent = 'all'"
        " order by drop_off_turn"
    )
    drop = chart({"id": "chart-dropoff", "type": "bar", "kind": "pct", "title": "Where abandoning customers drop off (turn)",
                  "labels": [str(f["drop_off_turn_label"]) for f in funnel],
                  "series": [{"name": "share", "values": [f["drop_off_share"] for f in funnel],
                              "n": [f["abandoned_contacts"] for f in funnel]},
                             {"name": "cumulative share", "values": [f["cumulative_drop_off_share"] for f in funnel]}]})  # fmt: skip
    clusters = marts.rows(
        "select intent_cluster, drop_off_turn_label, abandoned_contacts, group_abandoned_contacts, drop_off_share"
        " from marts.mart_abandonment_funnel where intent = 'all' and intent_cluster <> 'all'"
        " qualify row_number() over (partition by intent_cluster order by abandoned_contacts desc, drop_off_turn) = 1"
        " order by intent_cluster"
    )
    worst = table(["intent cluster", "most common drop-off turn", "abandonments there", "abandonments", "share"],
                  [[html.escape(c["intent_cluster"]), html.escape(str(c["drop_off_turn_label"])),
                    fmt(c["abandoned_contacts"], "count"), fmt(c["group_abandoned_contacts"], "count"),
                    fmt(c["drop_off_share"], "pct")] for c in clusters], "dropoff-table",
                  [{"cluster": c["intent_cluster"]} for c in clusters])  # fmt: skip
    body = f'<div class="grid2">{trajectory}{drop}</div><h3>Drop-off turn per cluster</h3>{worst}'
    return section("journeys", "Journeys: sentiment trajectory and drop-off", body, BY_CLUSTER)


def time_section(marts: Marts) -> str:
    slots = marts.rows(
        "select * from marts.mart_peak_vs_offpeak order by intent_cluster = 'all' desc, intent_cluster, slot_period"
    )
    metrics = (("escalation", "escalation_rate"), ("containment", "containment_rate"),
               ("abandonment", "abandonment_rate"), ("true resolution", "true_resolution_rate"))  # fmt: skip
    peak = table(["intent cluster", "slot", "AI contacts", *(m for m, _ in metrics)],
                 [[html.escape(s["intent_cluster"]), html.escape(s["slot_period"]), fmt(s["ai_involved_contacts"], "count"),
                   *(rate_cell(s, p) + diff(s, p) for _, p in metrics)] for s in slots], "peak-table",
                 [{} if s["intent_cluster"] == "all" else {"cluster": s["intent_cluster"]} for s in slots])  # fmt: skip
    periods = marts.rows(
        "select * from marts.mart_pre_ai_baseline where row_grain = 'period' order by period_label = 'post_ai'"
    )
    baseline_metrics = (("human resolution", "human_resolution_rate"), ("FCR", "fcr_rate"),
                        ("re-contact", "recontact_rate"), ("CSAT top-2", "csat_top2_rate"))  # fmt: skip
    baseline = table(["period", "contacts", *(m for m, _ in baseline_metrics), "median resolution (h)", "CSAT mean"],
                     [[html.escape(p["period_label"].replace("_", " ")), fmt(p["contacts"], "count"),
                       *(rate_cell(p, c) for _, c in baseline_metrics),
                       fmt(None if p["median_resolution_seconds"] is None else p["median_resolution_seconds"] / 3600),
                       fmt(p["csat_mean"])] for p in periods], "baseline-table")  # fmt: skip
    body = (f"<h3>Peak vs off-peak hours (mart_peak_vs_offpeak)</h3>{peak}"
            + note("Differences vs off-peak in points under each peak value.")
            + f"<h3>Before the AI launch vs now (mart_pre_ai_baseline)</h3>{baseline}")  # fmt: skip
    return section("time", "Time: peak hours and the pre-AI baseline", body, BY_CLUSTER)


def diff(row: dict[str, Any], prefix: str) -> str:
    value = row.get(f"{prefix}_diff_vs_off_peak")
    return "" if value is None else f'<small class="diff">{fmt(value, "pts")} vs off-peak</small>'
