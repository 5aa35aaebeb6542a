"""Sections a support leader reads per intent and per journey: the weekly per-intent review, escalation
quality, downstream action, journeys (sentiment, drop-off) and time (peak vs off-peak, pre-AI baseline).

Each reads its mart; rates are the marts' bundles (value, Wilson interval, n, low-sample flag), totals
over weeks are re-divided from the marts' numerators and denominators (html_parts.wilson).
"""

from __future__ import annotations

import html
from typing import Any

from .headline import HEADLINES, STATUS_CLASS
from .html_parts import chart, fmt, note, rate_cell, section, table, wilson
from .marts import Marts

ALL_WEEKS = "All channels, all weeks of the data; the filters do not apply."
ALL_CHANNELS = "All channels; the period and intent-cluster filters hide rows."
BY_CLUSTER = "All channels, all weeks of the data; the intent-cluster filter hides rows of per-cluster tables."


def bundle(prefix: str, numerator: float, denominator: float, min_sample: int) -> dict[str, Any]:
    """A rate bundle (as the marts name them) re-divided from summed numerator and denominator."""
    interval = wilson(numerator, denominator)
    return {
        prefix: numerator / denominator if denominator else None, f"{prefix}_denominator": denominator,
        f"{prefix}_lower": interval[0] if interval else None, f"{prefix}_upper": interval[1] if interval else None,
        f"{prefix}_is_low_sample": denominator < min_sample,
    }  # fmt: skip


def series(name: str, rows: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    """A chart series of a mart rate bundle: values, n, interval, low-sample marks (tooltips)."""
    return {"name": name, "values": [r[prefix] for r in rows], "n": [r[f"{prefix}_denominator"] for r in rows],
            "lower": [r[f"{prefix}_lower"] for r in rows], "upper": [r[f"{prefix}_upper"] for r in rows],
            "lowSample": [r[f"{prefix}_is_low_sample"] for r in rows]}  # fmt: skip


def intent_review_section(marts: Marts, window: int | None, threshold: float) -> str:
    """The weekly per-intent review: re-contact, FCR, downstream action per cluster and week; resolution
    confidence per cluster against its threshold; re-contact per intent; the scorecard."""
    weeks = marts.rows(
        "select r.*, f.*, d.*, r.intent_cluster, cast(r.contact_week as varchar) as week"
        " from marts.mart_recontact as r"
        " left join marts.mart_fcr as f on f.intent_cluster = r.intent_cluster and f.contact_week = r.contact_week"
        " left join marts.mart_downstream_action as d on d.intent_cluster = r.intent_cluster"
        "   and d.week_start = r.contact_week and d.action_key = 'all'"
        " order by r.intent_cluster = 'all' desc, r.intent_cluster, r.contact_week desc"
    )
    review = table(
        ["intent cluster", "week", f"AI re-contact {window}h", f"human re-contact {window}h", f"FCR {window}h",
         f"AI FCR {window}h", "downstream action"],
        [[html.escape(w["intent_cluster"]), w["week"], rate_cell(w, "ai_recontact_rate"),
          rate_cell(w, "human_recontact_rate"), rate_cell(w, "fcr_rate"), rate_cell(w, "ai_fcr_rate"),
          rate_cell(w, "action_taken_rate")] for w in weeks],
        "review-table", [{"week": w["week"], "cluster": w["intent_cluster"]} for w in weeks],
    )  # fmt: skip
    confidence = marts.rows(
        "select * from marts.mart_resolution_confidence order by intent_cluster = 'all' desc, intent_cluster"
    )
    deciles = marts.rows("select * from marts.mart_resolution_confidence_deciles order by confidence_decile")
    confidence_chart = chart({
        "id": "chart-confidence", "type": "bar", "kind": "num", "title": "Mean resolution confidence per intent cluster",
        "labels": [c["intent_cluster"] for c in confidence],
        "series": [{"name": "mean confidence", "values": [c["mean_resolution_confidence"] for c in confidence],
                    "n": [c["scored_contacts"] for c in confidence]}],
        "refLine": {"value": threshold, "label": f"flag below {threshold}"},
    })  # fmt: skip
    decile_chart = chart({
        "id": "chart-deciles", "type": "bar", "kind": "pct", "title": "True resolution rate per confidence decile",
        "labels": [f"{d['min_resolution_confidence']:.2f}-{d['max_resolution_confidence']:.2f}" for d in deciles],
        "series": [series("true resolution", deciles, "true_resolution_rate")],
    })  # fmt: skip
    flagged = [c["intent_cluster"] for c in confidence if c["is_low_confidence_cluster"]]
    by_intent = marts.rows("select * from marts.mart_recontact_by_intent order by recontact_rate desc nulls last")
    intents = table(
        ["intent", "cluster", f"re-contact {window}h", "median time to re-contact (h)"],
        [[html.escape(r["intent"]), html.escape(r["intent_cluster"]), rate_cell(r, "recontact_rate"),
          fmt(None if r["median_seconds_to_recontact"] is None else r["median_seconds_to_recontact"] / 3600)]
         for r in by_intent],
        "recontact-intent-table", [{"cluster": r["intent_cluster"]} for r in by_intent],
    )  # fmt: skip
    body = (
        f'<h3>Per cluster and week</h3>{review}'
        + note("Each cell: rate (* low sample), its 95% Wilson interval and n (the marts' columns). Re-contact: "
               "mart_recontact; FCR: mart_fcr; downstream action: mart_downstream_action (all actions).")
        + f'<h3>Resolution confidence (whole period)</h3><div class="grid2">{confidence_chart}{decile_chart}</div>'
        + note(f"Clusters flagged below {threshold}: {', '.join(flagged) or 'none'} (mart_resolution_confidence).")
        + f"<h3>Re-contact per intent (whole period)</h3>{intents}"
        + scorecard(marts, window)
    )
    return section("intent-review", "Weekly per-intent review", body, ALL_CHANNELS)


def scorecard(marts: Marts, window: int | None) -> str:
    """The per-intent scorecard against the targets seed (whole period)."""
    rows = marts.rows(
        "select intent_cluster, metric, current_value, status, is_low_sample, denominator, lower_95, upper_95"
        " from marts.mart_intent_scorecard"
    )
    clusters = sorted({r["intent_cluster"] for r in rows}, key=lambda c: (c != "all", c))
    cell = {(r["intent_cluster"], r["metric"]): r for r in rows}
    body, classes = [], []
    for cluster in clusters:
        values, styles = [html.escape(cluster)], [""]
        for metric, _, kind in HEADLINES:
            r = cell.get((cluster, metric), {})
            low = " low-sample" if r.get("is_low_sample") else ""
            tip = f"n = {fmt(r.get('denominator'), 'count')}"
            if r.get("lower_95") is not None:
                tip += f", 95% CI {fmt(r['lower_95'], kind)} to {fmt(r['upper_95'], kind)}"
            values.append(f'<span title="{html.escape(tip)}">{fmt(r.get("current_value"), kind)}{"*" if low else ""}</span>')
            styles.append(STATUS_CLASS.get(r.get("status") or "no_data", "none") + low)
        body.append(values)
        classes.append(styles)
    labels = [template.format(window=window) for _, template, _ in HEADLINES]
    attrs = [{} if c == "all" else {"cluster": c} for c in clusters]
    grid = table(["intent cluster", *labels], body, "scorecard-table", attrs, classes)
    legend = note("Colour: green meets the AI target, amber meets tier-1 human, red below tier-1, orange below the "
                  "AI target where no tier-1 exists; * fewer than the minimum sample; hover for n and interval.")  # fmt: skip
    return f"<h3>Scorecard against targets (whole period)</h3>{grid}{legend}"
