"""The filterable top of the page: filters, headline cards, the deflection gap and the weekly trends.

Python renders the whole-period values (all channels, all clusters) from mart_intent_scorecard; the
browser re-computes the same cards and charts from the embedded cube for the selected period,
channel and intent cluster (dashboard.js). CUBE_METRICS says which cube columns are each metric's
numerator and denominator; the unfiltered cube reproduces the scorecard (tests/python/test_dashboard.py).
"""

from __future__ import annotations

import html
from typing import Any

from .html_parts import chart, fmt, note, section
from .marts import Marts

STATUS_CLASS = {
    "best_in_class": "good", "meets_ai_target": "good", "meets_tier1": "ok",
    "below_tier1": "bad", "below_ai_target": "warn", "no_data": "none", "not_measured": "none",
}  # fmt: skip
# (scorecard metric, label, format) in display order; {window} = the default re-contact window in hours
# (fct_contacts.recontact_window_hours, var recontact_window_hours).
HEADLINES = (
    ("deflection_rate", "Deflection", "pct"),
    ("true_resolution_rate", "True resolution", "pct"),
    ("containment_rate", "Containment", "pct"),
    ("automation_rate", "Automation", "pct"),
    ("escalation_rate", "Escalation", "pct"),
    ("recontact_rate", "Re-contact {window}h", "pct"),
    ("fcr_rate", "FCR {window}h", "pct"),
    ("downstream_action_rate", "Downstream action", "pct"),
    ("context_lost_rate", "Context lost", "pct"),
    ("csat_top2box_rate", "CSAT top-2-box", "pct"),
    ("csat_mean", "CSAT mean", "num"),
    ("ai_cost_per_resolution_usd", "AI cost / resolution", "usd"),
)
# metric -> (numerator column, denominator column, is a proportion (Wilson interval)) of the cube
# (marts.CONTACT_MEASURES and friends). Per-stream CSAT metrics feed the trend chart only.
CUBE_METRICS: dict[str, tuple[str, str, bool]] = {
    "deflection_rate": ("deflected", "ai_eligible", True),
    "true_resolution_rate": ("truly_resolved", "true_eligible", True),
    "containment_rate": ("contained", "ai_eligible", True),
    "automation_rate": ("automated", "settled", True),
    "escalation_rate": ("escalated", "branch_eligible", True),
    "recontact_rate": ("recontacted", "recontact_eligible", True),
    "fcr_rate": ("fcr", "fcr_eligible", True),
    "downstream_action_rate": ("actions_taken", "instructions_eligible", True),
    "context_lost_rate": ("context_lost", "settled_escalations", True),
    "csat_top2box_rate": ("csat_top2", "csat_responses", True),
    "csat_mean": ("csat_sum", "csat_responses", False),
    "ai_cost_per_resolution_usd": ("ai_cost_eligible_usd", "contained", False),
    **{f"csat_{s}_top2box_rate": (f"csat_{s}_top2", f"csat_{s}_responses", True)
       for s in ("ai_only", "post_handoff", "human_only")},
}  # fmt: skip
PERIODS = (("4", "last 4 weeks"), ("13", "last 13 weeks"), ("26", "last 26 weeks"), ("all", "all weeks"))


def scorecard_all(marts: Marts) -> dict[str, dict[str, Any]]:
    """The scorecard's whole-period rows (intent_cluster = 'all') by metric."""
    return {r["metric"]: r for r in marts.rows(
        "select metric, current_value, status, ai_target, target_source, denominator, tier1_human,"
        " best_in_class, direction from marts.mart_intent_scorecard where intent_cluster = 'all'"
    )}  # fmt: skip


def headline_section(marts: Marts) -> str:
    """Headline cards (whole period, all channels and clusters); dashboard.js re-computes them per filter."""
    rows = scorecard_all(marts)
    window = marts.recontact_window_hours()
    cards = []
    for metric, template, kind in HEADLINES:
        label = template.format(window=window)
        row = rows.get(metric, {})
        status = row.get("status") or "no_data"
        source = f' ({html.escape(row["target_source"])})' if row.get("target_source") else ""
        cards.append(
            f'<div class="card {STATUS_CLASS.get(status, "none")}" data-metric="{metric}" data-kind="{kind}">'
            f'<div class="label">{html.escape(label)}</div><div class="value">{fmt(row.get("current_value"), kind)}</div>'
            f'<div class="sub">target {fmt(row.get("ai_target"), kind)}{source} · '
            f'<span class="status">{html.escape(status.replace("_", " "))}</span></div></div>'
        )
    deflection = rows.get("deflection_rate", {}).get("current_value")
    true_resolution = rows.get("true_resolution_rate", {}).get("current_value")
    gap = None if deflection is None or true_resolution is None else deflection - true_resolution
    cards.insert(2, '<div class="card gap" data-metric="deflection_gap" data-kind="pts">'
                    f'<div class="label">Deflection gap</div><div class="value">{fmt(gap, "pts")}'
                    '</div><div class="sub">deflected but not truly resolved</div></div>')  # fmt: skip
    return (
        '<section id="headlines"><h2>Headline numbers</h2>'
        f'<p class="scope">Selection: <span id="selection">all weeks, all channels, all intent clusters</span>. '
        "Hover a card for n and the 95% interval; * = fewer than the minimum sample.</p>"
        f'<div class="cards">{"".join(cards)}</div></section>'
    )


def filters_bar(channels: list[str], clusters: list[str]) -> str:
    """The three filter selects (period, channel, intent cluster) at the top of the page."""

    def select(key: str, label: str, options: list[tuple[str, str]], default: str) -> str:
        items = "".join(f'<option value="{html.escape(v)}"{" selected" if v == default else ""}>{html.escape(t)}</option>'
                        for v, t in options)  # fmt: skip
        return f'<label>{label} <select id="filter-{key}">{items}</select></label>'

    return (
        '<nav id="filters">'
        + select("period", "Period", list(PERIODS), "all")
        + select("channel", "Channel", [("all", "all channels"), *((c, c) for c in channels)], "all")
        + select("cluster", "Intent cluster", [("all", "all clusters"), *((c, c) for c in clusters)], "all")
        + '<span class="note">Filters apply to the headline cards, the gap and the weekly trends, and hide '
        "rows of per-week and per-cluster tables; other sections say what they cover.</span></nav>"
    )


def page_data(marts: Marts, rows: dict[str, dict[str, Any]], min_sample: int) -> dict[str, Any]:
    """The JSON the page's script reads: the cube, the metric definitions over it and their targets."""
    ((anchor,),) = marts.con.execute(
        "select strftime(cast(date_trunc('week', max(as_of)) as date), '%Y-%m-%d') from marts.fct_contacts"
    ).fetchall()
    metrics = {}
    for metric, (numerator, denominator, proportion) in CUBE_METRICS.items():
        row = rows.get(metric)
        target = None if row is None else {k: row.get(k) for k in ("tier1_human", "ai_target", "best_in_class", "direction")}
        metrics[metric] = {"numerator": numerator, "denominator": denominator, "proportion": proportion, "target": target}
    return {"cube": marts.cube(), "metrics": metrics, "anchorWeek": anchor, "minSample": min_sample,
            "statusClass": STATUS_CLASS}  # fmt: skip


def trend_sections(window: int | None) -> str:
    """The deflection gap and the weekly trends, drawn by dashboard.js from the cube for the selection."""
    gap = chart({"id": "chart-gap", "type": "line", "kind": "pct", "band": [0, 1],
                 "title": "Deflection vs true resolution per week (shaded: the gap)",
                 "cube": [{"name": "deflection", "metric": "deflection_rate"},
                          {"name": "true resolution", "metric": "true_resolution_rate"}]}, filtered=True)  # fmt: skip
    explain = note(
        "Deflection counts every AI conversation no human touched. True resolution also requires no re-contact "
        f"within {window} hours, no negative end sentiment and no not-resolved verdict. The shaded band is what "
        "deflection over-claims."
    )
    specs = [
        {"id": "chart-volume", "type": "bar", "kind": "count", "title": "Contacts per week",
         "cube": [{"name": "contacts", "count": "contacts"}]},
        {"id": "chart-ladder", "type": "line", "kind": "pct", "title": "Resolution ladder per week",
         "cube": [{"name": n, "metric": m} for n, m in (("deflection", "deflection_rate"), ("containment", "containment_rate"),
                  ("true resolution", "true_resolution_rate"), ("automation", "automation_rate"))]},
        {"id": "chart-recontact", "type": "line", "kind": "pct", "title": f"Re-contact and FCR ({window}h), escalation per week",
         "cube": [{"name": f"re-contact {window}h", "metric": "recontact_rate"}, {"name": f"FCR {window}h", "metric": "fcr_rate"},
                  {"name": "escalation", "metric": "escalation_rate"}]},
        {"id": "chart-csat", "type": "line", "kind": "pct", "title": "CSAT top-2-box per stream per week",
         "cube": [{"name": n, "metric": f"csat_{s}_top2box_rate"}
                  for n, s in (("AI only", "ai_only"), ("post-handoff", "post_handoff"), ("human only", "human_only"))]},
    ]  # fmt: skip
    trends = "".join(chart(spec, filtered=True) for spec in specs)
    return (section("gap", "The deflection gap", chart_block(gap) + explain)
            + section("trends", "Weekly trends", f'<div class="grid2">{trends}</div>'))  # fmt: skip


def chart_block(inner: str) -> str:
    return f'<div class="wide">{inner}</div>'
