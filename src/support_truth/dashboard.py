"""Render the support-truth dashboard: one self-contained HTML file built from the marts.

Reads the DuckDB warehouse read-only (DBT_DUCKDB_PATH, default warehouse.duckdb in the repo root)
and writes a single HTML file with inline SVG charts, inline CSS and a few lines of inline
JavaScript (table sorting): it opens from disk with no server and no internet. Sections: headline
numbers against targets, weekly trends, the deflection-vs-true-resolution gap, the per-intent
scorecard, escalation quality, cost and ROI, metric alerts and experiment readouts. Alerts and
experiments read marts.mart_metric_alerts and marts.mart_experiment_results when they exist and
say "no data yet" when they do not.
"""

from __future__ import annotations

import argparse
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .paths import ROOT
from .warehouse import add_database_argument

PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777")
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
OPTIONAL_TABLES = {"alerts": "mart_metric_alerts", "experiments": "mart_experiment_results"}
MAX_OPTIONAL_ROWS = 50


@dataclass(frozen=True)
class Series:
    """One line (or one bar per category) of a chart; None = no value."""

    name: str
    values: Sequence[float | None]


def fmt(value: Any, kind: str = "num") -> str:
    """A value for display: percentages, dollars, counts, or n/a."""
    if value is None:
        return "n/a"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "usd":
        return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"
    if kind == "pts":
        return f"{100 * value:+.1f} pts"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return html.escape(str(value))


def nice_max(value: float) -> float:
    """A round axis maximum at or above value."""
    if value <= 0:
        return 1.0
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def svg_open(chart_id: str, title: str, points: int, width: int, height: int) -> str:
    """The opening tag of a chart; data-points = how many values it plots (the browser test reads it)."""
    return (
        f'<svg class="chart" id="{chart_id}" data-points="{points}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{html.escape(title)}">'
    )


def line_chart(chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series], kind: str = "pct",
               band: tuple[int, int] | None = None) -> str:  # fmt: skip
    """An inline SVG line chart; `band` shades the area between two series (the gap)."""
    width, height, left, right, top, bottom = 720, 260, 56, 150, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    present = [v for s in series for v in s.values if v is not None]
    low = min(0.0, min(present, default=0.0))
    high = nice_max(max(present, default=1.0))
    count = max(len(labels), 2)

    def x(i: int) -> float:
        return left + plot_w * i / (count - 1)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / ((high - low) or 1))

    parts = [svg_open(chart_id, title, len(present), width, height)]
    for k in range(5):
        value = low + (high - low) * k / 4
        parts.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{fmt(value, kind)}</text>')
    step = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        if i % step == 0:
            parts.append(f'<text class="axis" x="{x(i):.1f}" y="{height - 18}" text-anchor="middle">{html.escape(label[5:])}</text>')
    if band is not None:
        upper, lower = series[band[0]].values, series[band[1]].values
        pairs = [(i, u, lo) for i, (u, lo) in enumerate(zip(upper, lower, strict=True)) if u is not None and lo is not None]
        if pairs:
            path = " ".join(f"{x(i):.1f},{y(u):.1f}" for i, u, _ in pairs)
            back = " ".join(f"{x(i):.1f},{y(lo):.1f}" for i, _, lo in reversed(pairs))
            parts.append(f'<polygon class="band" points="{path} {back}"><title>gap</title></polygon>')
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        segment: list[str] = []
        for i, v in enumerate([*s.values, None]):
            if v is not None:
                segment.append(f"{x(i):.1f},{y(v):.1f}")
            elif segment:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(segment)}"/>')
                segment = []
        for i, v in enumerate(s.values):
            if v is not None:
                parts.append(f'<circle class="point" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                             f'<title>{html.escape(s.name)} {html.escape(labels[i])}: {fmt(v, kind)}</title></circle>')  # fmt: skip
        parts.append(f'<rect x="{left + plot_w + 12}" y="{top + 18 * n}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text class="legend" x="{left + plot_w + 26}" y="{top + 9 + 18 * n}">{html.escape(s.name)}</text>')
    parts.append("</svg>")
    return f'<figure><figcaption>{html.escape(title)}</figcaption>{"".join(parts)}</figure>'


def bar_chart(chart_id: str, title: str, categories: Sequence[str], series: Sequence[Series], kind: str = "num") -> str:
    """An inline SVG grouped bar chart (one group per category, one bar per series)."""
    width, height, left, right, top, bottom = 720, 280, 72, 150, 16, 72
    plot_w, plot_h = width - left - right, height - top - bottom
    present = [v for s in series for v in s.values if v is not None]
    low = min(0.0, min(present, default=0.0))
    high = max(0.0, max(present, default=1.0))
    high = nice_max(high) if high > 0 else 0.0
    low = -nice_max(-low) if low < 0 else 0.0

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / ((high - low) or 1))

    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [svg_open(chart_id, title, len(present), width, height)]
    for k in range(5):
        value = low + (high - low) * k / 4
        parts.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{fmt(value, kind)}</text>')
    for c, category in enumerate(categories):
        x0 = left + group_w * c + group_w * 0.1
        label_x, label_y = x0 + group_w * 0.4, height - bottom + 14
        parts.append(f'<text class="axis" x="{label_x:.1f}" y="{label_y}" text-anchor="end" '
                     f'transform="rotate(-25 {label_x:.1f} {label_y})">{html.escape(category[:18])}</text>')  # fmt: skip
        for n, s in enumerate(series):
            v = s.values[c]
            if v is None:
                continue
            top_y, base_y = y(max(v, 0.0)), y(min(v, 0.0))
            parts.append(f'<rect class="point" x="{x0 + bar_w * n:.1f}" y="{top_y:.1f}" width="{bar_w * 0.92:.1f}" '
                         f'height="{max(base_y - top_y, 0.5):.1f}" fill="{PALETTE[n % len(PALETTE)]}">'
                         f'<title>{html.escape(s.name)} {html.escape(category)}: {fmt(v, kind)}</title></rect>')  # fmt: skip
    for n, s in enumerate(series):
        parts.append(f'<rect x="{left + plot_w + 12}" y="{top + 18 * n}" width="10" height="10" fill="{PALETTE[n % len(PALETTE)]}"/>')
        parts.append(f'<text class="legend" x="{left + plot_w + 26}" y="{top + 9 + 18 * n}">{html.escape(s.name)}</text>')
    parts.append("</svg>")
    return f'<figure><figcaption>{html.escape(title)}</figcaption>{"".join(parts)}</figure>'


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], table_id: str, classes: Sequence[Sequence[str]] = ()) -> str:
    """An HTML table (sortable by clicking a header); classes[r][c] styles a cell."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            css = classes[r][c] if r < len(classes) and c < len(classes[r]) else ""
            cells.append(f'<td class="{css}">{value}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def no_data(what: str) -> str:
    return f'<p class="no-data">No data yet: {html.escape(what)}.</p>'


class Marts:
    """Read-only access to the marts of one warehouse."""

    def __init__(self, database: Path) -> None:
        self.con = duckdb.connect(str(database), read_only=True)

    def rows(self, sql: str) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def recontact_window_hours(self) -> int | None:
        """The default re-contact window the warehouse was built with (None when fct_contacts is empty)."""
        found = self.con.execute("select max(recontact_window_hours) from marts.fct_contacts").fetchone()
        return found[0] if found else None

    def has_table(self, name: str) -> bool:
        found = self.con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = ?", [name]
        ).fetchone()
        return bool(found and found[0])

    def close(self) -> None:
        self.con.close()


def headline_section(marts: Marts) -> str:
    rows = {r["metric"]: r for r in marts.rows(
        "select metric, current_value, status, ai_target, target_source, denominator"
        " from marts.mart_intent_scorecard where intent_cluster = 'all'"
    )}  # fmt: skip
    window = marts.recontact_window_hours()
    cards = []
    for metric, template, kind in HEADLINES:
        label = template.format(window=window)
        row = rows.get(metric, {})
        status = row.get("status") or "no_data"
        target = row.get("ai_target")
        source = f' ({html.escape(row["target_source"])})' if row.get("target_source") else ""
        cards.append(
            f'<div class="card {STATUS_CLASS.get(status, "none")}"><div class="label">{html.escape(label)}</div>'
            f'<div class="value">{fmt(row.get("current_value"), kind)}</div>'
            f'<div class="sub">target {fmt(target, kind)}{source} · {html.escape(status.replace("_", " "))}</div></div>'
        )
    deflection = rows.get("deflection_rate", {}).get("current_value")
    true_resolution = rows.get("true_resolution_rate", {}).get("current_value")
    gap = None if deflection is None or true_resolution is None else deflection - true_resolution
    cards.insert(2, f'<div class="card gap"><div class="label">Deflection gap</div><div class="value">{fmt(gap, "pts")}'
                    '</div><div class="sub">deflected but not truly resolved</div></div>')  # fmt: skip
    return f'<section id="headlines"><h2>Headline numbers (whole period)</h2><div class="cards">{"".join(cards)}</div></section>'


def weekly(marts: Marts) -> list[dict[str, Any]]:
    return marts.rows(
        "select cast(contact_week as varchar) as week, contacts, deflection_rate, containment_rate,"
        " true_resolution_rate, automation_rate, escalation_rate, recontact_rate, fcr_rate,"
        " csat_top2box_rate, csat_ai_only_top2box_rate, csat_post_handoff_top2box_rate,"
        " csat_human_only_top2box_rate, ai_cost_per_resolution_usd, cost_per_resolution_usd"
        " from marts.mart_agent_performance_weekly where channel = 'all' and intent_cluster = 'all'"
        " order by contact_week"
    )


def trends_section(weeks: list[dict[str, Any]], window: int | None) -> str:
    labels = [w["week"] for w in weeks]

    def col(name: str) -> list[Any]:
        return [w[name] for w in weeks]

    charts = [
        bar_chart("chart-volume", "Contacts per week", [label[5:] for label in labels], [Series("contacts", col("contacts"))]),
        line_chart("chart-ladder", "Resolution ladder per week", labels, [
            Series("deflection", col("deflection_rate")), Series("containment", col("containment_rate")),
            Series("true resolution", col("true_resolution_rate")), Series("automation", col("automation_rate")),
        ]),
        line_chart("chart-recontact", f"Re-contact and FCR ({window}h) per week", labels, [
            Series(f"re-contact {window}h", col("recontact_rate")), Series(f"FCR {window}h", col("fcr_rate")),
            Series("escalation", col("escalation_rate")),
        ]),
        line_chart("chart-csat", "CSAT top-2-box per stream per week", labels, [
            Series("AI only", col("csat_ai_only_top2box_rate")),
            Series("post-handoff", col("csat_post_handoff_top2box_rate")),
            Series("human only", col("csat_human_only_top2box_rate")),
        ]),
    ]
    return f'<section id="trends"><h2>Weekly trends</h2><div class="grid2">{"".join(charts)}</div></section>'


def gap_section(weeks: list[dict[str, Any]], window: int | None) -> str:
    labels = [w["week"] for w in weeks]
    chart = line_chart(
        "chart-gap", "Deflection vs true resolution (shaded: the gap)", labels,
        [Series("deflection", [w["deflection_rate"] for w in weeks]),
         Series("true resolution", [w["true_resolution_rate"] for w in weeks])],
        band=(0, 1),
    )  # fmt: skip
    note = ('<p class="note">Deflection counts every AI conversation no human touched. True resolution also '
            f"requires no re-contact within {window} hours, no negative end sentiment and no not-resolved verdict. "
            "Recent weeks fill in as re-contact windows mature.</p>")  # fmt: skip
    return f'<section id="gap"><h2>The deflection gap</h2>{chart}{note}</section>'


def scorecard_section(marts: Marts) -> str:
    rows = marts.rows(
        "select intent_cluster, metric, current_value, status, is_low_sample from marts.mart_intent_scorecard"
        " order by case when intent_cluster = 'all' then 0 else 1 end, intent_cluster"
    )
    if not rows:
        return f'<section id="scorecard"><h2>Per-intent scorecard</h2>{no_data("mart_intent_scorecard is empty")}</section>'
    clusters = list(dict.fromkeys(r["intent_cluster"] for r in rows))
    cell = {(r["intent_cluster"], r["metric"]): r for r in rows}
    body, classes = [], []
    for cluster in clusters:
        values, styles = [html.escape(cluster)], [""]
        for metric, _, kind in HEADLINES:
            r = cell.get((cluster, metric), {})
            low = " low-sample" if r.get("is_low_sample") else ""
            values.append(fmt(r.get("current_value"), kind) + ("*" if low else ""))
            styles.append(STATUS_CLASS.get(r.get("status") or "no_data", "none") + low)
        body.append(values)
        classes.append(styles)
    legend = ('<p class="note">Colour: green meets the AI target, amber meets tier-1 human, red below tier-1; '
              "* fewer than the minimum sample.</p>")  # fmt: skip
    window = marts.recontact_window_hours()
    labels = [template.format(window=window) for _, template, _ in HEADLINES]
    grid = table(["intent cluster", *labels], body, "scorecard-table", classes)
    return f'<section id="scorecard"><h2>Per-intent scorecard</h2>{grid}{legend}</section>'


def escalation_section(marts: Marts) -> str:
    weeks = marts.rows(
        "select cast(contact_week as varchar) as week, escalation_rate, appropriate_rate, inappropriate_rate,"
        " context_lost_rate, summary_provided_rate from marts.mart_escalation_quality"
        " where intent_cluster = 'all' order by contact_week"
    )
    reasons = marts.rows(
        "select reason_code, sum(share_of_escalations_numerator) as escalations"
        " from marts.mart_escalation_reasons group by reason_code order by escalations desc, reason_code"
    )
    labels = [w["week"] for w in weeks]
    quality = line_chart("chart-escalation", "Escalation quality per week", labels, [
        Series(name, [w[column] for w in weeks]) for name, column in (
            ("escalation rate", "escalation_rate"), ("appropriate", "appropriate_rate"),
            ("inappropriate", "inappropriate_rate"), ("context lost", "context_lost_rate"),
            ("summary given", "summary_provided_rate"))
    ])  # fmt: skip
    by_reason = bar_chart("chart-reasons", "Escalations by reason code (whole period)",
                          [r["reason_code"] or "none" for r in reasons],
                          [Series("escalations", [float(r["escalations"]) for r in reasons])])  # fmt: skip
    return f'<section id="escalation"><h2>Escalation quality</h2><div class="grid2">{quality}{by_reason}</div></section>'


def cost_section(marts: Marts) -> str:
    months = marts.rows(
        "select cast(contact_month as varchar) as month, is_complete_month, ai_cost_per_resolution_usd,"
        " human_cost_per_resolution_usd, net_savings_usd, capacity_hours_unlocked, capacity_fte_unlocked,"
        " ai_cost_usd, human_cost_usd from marts.mart_cost_roi order by contact_month"
    )
    labels = [m["month"][:7] + ("" if m["is_complete_month"] else " (partial)") for m in months]
    per_resolution = bar_chart("chart-cost", "Cost per resolution, AI vs human (USD)", labels, [
        Series("AI", [m["ai_cost_per_resolution_usd"] for m in months]),
        Series("human", [m["human_cost_per_resolution_usd"] for m in months]),
    ], kind="usd")  # fmt: skip
    savings = bar_chart("chart-savings", "Net savings per month (USD; avoided human cost - AI cost)", labels,
                        [Series("net savings", [m["net_savings_usd"] for m in months])], kind="usd")  # fmt: skip
    rows = [[html.escape(m["month"][:7]), "yes" if m["is_complete_month"] else "partial", fmt(m["ai_cost_usd"], "usd"),
             fmt(m["human_cost_usd"], "usd"), fmt(m["net_savings_usd"], "usd"), fmt(m["capacity_hours_unlocked"]),
             fmt(m["capacity_fte_unlocked"])] for m in months]  # fmt: skip
    detail = table(["month", "complete", "AI cost", "human cost", "net savings", "capacity hours", "capacity FTE"],
                   rows, "cost-table")  # fmt: skip
    return f'<section id="cost"><h2>Cost and ROI</h2><div class="grid2">{per_resolution}{savings}</div>{detail}</section>'


def optional_section(marts: Marts, key: str, title: str) -> str:
    """A generic table of an optional mart, or "no data yet" when it is missing or empty."""
    name = OPTIONAL_TABLES[key]
    if not marts.has_table(name):
        return f'<section id="{key}"><h2>{title}</h2>{no_data(f"marts.{name} has not been built")}</section>'
    rows = marts.rows(f"select * from marts.{name} limit {MAX_OPTIONAL_ROWS + 1}")
    if not rows:
        return f'<section id="{key}"><h2>{title}</h2>{no_data(f"marts.{name} is empty")}</section>'
    columns = list(rows[0])
    body = [[fmt(r[c]) for c in columns] for r in rows[:MAX_OPTIONAL_ROWS]]
    more = f'<p class="note">First {MAX_OPTIONAL_ROWS} rows of marts.{name}.</p>' if len(rows) > MAX_OPTIONAL_ROWS else ""
    return f'<section id="{key}"><h2>{title}</h2>{table(columns, body, f"{key}-table")}{more}</section>'


STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{background:#0f172a;color:#f8fafc;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#cbd5e1;font-size:13px}main{padding:8px 28px 40px}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;margin:18px 0;padding:14px 18px}
h2{font-size:17px;margin:0 0 10px}.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border-radius:6px;padding:10px 12px;min-width:130px;border:1px solid #e2e8f0;border-left:5px solid #94a3b8}
.card .label{font-size:12px;color:#475569}.card .value{font-size:22px;font-weight:600}.card .sub{font-size:11px;color:#64748b}
.card.good{border-left-color:#16a34a}.card.ok{border-left-color:#ca8a04}.card.warn{border-left-color:#ea580c}
.card.bad{border-left-color:#dc2626}.card.gap{border-left-color:#7c3aed;background:#f5f3ff}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:12px}
figure{margin:0}figcaption{font-size:13px;font-weight:600;margin-bottom:4px}svg.chart{width:100%;height:auto}#gap figure{max-width:900px}
.grid{stroke:#e2e8f0}.axis{font-size:11px;fill:#64748b}.legend{font-size:12px;fill:#334155}
.band{fill:#7c3aed;opacity:.15}table{border-collapse:collapse;font-size:13px;margin-top:8px}
th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:right}th{background:#f1f5f9;cursor:pointer}
td:first-child,th:first-child{text-align:left}td.good{background:#dcfce7}td.ok{background:#fef9c3}
td.warn{background:#ffedd5}td.bad{background:#fee2e2}td.low-sample{font-style:italic;opacity:.7}
.note{font-size:12px;color:#64748b}.no-data{color:#64748b;font-style:italic}
"""

SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function (th, index) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (row) {
      var text = row.cells[index].textContent.replace(/[$,%*+]/g, '').replace(' pts', '');
      var number = parseFloat(text);
      return isNaN(number) ? text : number;
    };
    var ascending = th.dataset.order !== 'asc';
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      return (x > y ? 1 : x < y ? -1 : 0) * (ascending ? 1 : -1);
    });
    th.dataset.order = ascending ? 'asc' : 'desc';
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
document.body.dataset.ready = 'true';
"""


def render(database: Path) -> str:
    """The whole HTML document for the warehouse's marts."""
    marts = Marts(database)
    try:
        ((as_of, contacts),) = marts.con.execute(
            "select max(as_of), count(*) from marts.fct_contacts"
        ).fetchall()
        weeks = weekly(marts)
        window = marts.recontact_window_hours()
        sections = [
            headline_section(marts), gap_section(weeks, window), trends_section(weeks, window), scorecard_section(marts),
            escalation_section(marts), cost_section(marts),
            optional_section(marts, "alerts", "Metric alerts"),
            optional_section(marts, "experiments", "Experiment readouts"),
        ]  # fmt: skip
    finally:
        marts.close()
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Support truth dashboard</title><style>{STYLE}</style></head><body>"
        f"<header><h1>Is the AI agent really helping customers?</h1><p>as of {html.escape(str(as_of))} · "
        f"{contacts:,} contacts · generated from {html.escape(database.name)} by support-truth-dashboard</p></header>"
        f"<main>{''.join(sections)}</main><script>{SCRIPT}</script></body></html>"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_database_argument(parser)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "dashboard.html",
                        help="HTML file to write (default: reports/dashboard.html)")  # fmt: skip
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args.database), encoding="utf-8")
    print(f"Dashboard: {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
