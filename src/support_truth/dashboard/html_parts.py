"""HTML building blocks: value formatting, Wilson intervals, tables, chart slots and sections."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from typing import Any

Z95 = 1.959963984540054  # the marts' z (macro wilson_lower / wilson_upper)


def fmt(value: Any, kind: str = "num") -> str:
    """A value for display: percentages, dollars, counts, or n/a (dashboard.js fmt is the same)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "usd":
        return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"
    if kind == "pts":
        return f"{100 * value:+.1f} pts"
    if kind == "count":
        return f"{round(value):,}"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return html.escape(str(value))


def wilson(successes: float, n: float) -> tuple[float, float] | None:
    """Wilson score 95% interval of successes in n trials, as the marts compute it; None when n = 0."""
    if n <= 0:
        return None
    p, z2 = successes / n, Z95 * Z95
    centre = p + z2 / (2 * n)
    spread = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - spread) / (1 + z2 / n), (centre + spread) / (1 + z2 / n)


def rate_cell(row: dict[str, Any], prefix: str, kind: str = "pct") -> str:
    """A mart rate bundle as one cell: value, * when low sample, interval and n in small print and tooltip."""
    value = row.get(prefix)
    if value is None:
        return '<span class="na">n/a</span>'
    low, high, n = row.get(f"{prefix}_lower"), row.get(f"{prefix}_upper"), row.get(f"{prefix}_denominator")
    star = "*" if row.get(f"{prefix}_is_low_sample") else ""
    interval = f"{fmt(low, kind)} to {fmt(high, kind)}" if low is not None else "no interval"
    size = f"n = {fmt(n, 'count')}" if n is not None else ""
    title = html.escape(f"{size}, 95% CI {interval}" + (", low sample" if star else ""))
    return (f'<span class="rate{" low-sample" if star else ""}" title="{title}">{fmt(value, kind)}{star}'
            f'<small>{html.escape(interval)}{" · " + size if size else ""}</small></span>')  # fmt: skip


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], table_id: str,
          row_attrs: Sequence[dict[str, str]] = (), classes: Sequence[Sequence[str]] = ()) -> str:  # fmt: skip
    """A sortable HTML table in a horizontal scroll container; row_attrs become data-* attributes
    (data-week / data-cluster rows follow the page's period and cluster filters)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for r, row in enumerate(rows):
        attrs = "".join(f' data-{k}="{html.escape(v)}"' for k, v in (row_attrs[r] if r < len(row_attrs) else {}).items())
        cells = []
        for c, value in enumerate(row):
            css = classes[r][c] if r < len(classes) and c < len(classes[r]) else ""
            cells.append(f'<td class="{css}">{value}</td>')
        body.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    return (f'<div class="scroll"><table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')  # fmt: skip


def chart(spec: dict[str, Any], filtered: bool = False) -> str:
    """A placeholder dashboard.js draws an SVG chart into; `filtered` charts are re-drawn on every filter change."""
    data = html.escape(json.dumps(spec, default=str), quote=True)
    return f'<div class="chart-slot"{" data-filtered" if filtered else ""} data-spec="{data}"></div>'


def no_data(what: str) -> str:
    return f'<p class="no-data">No data yet: {html.escape(what)}.</p>'


def section(key: str, title: str, body: str, scope: str = "") -> str:
    """A page section; `scope` says what the section covers when the filters do not apply to it."""
    caption = f'<p class="scope">{html.escape(scope)}</p>' if scope else ""
    return f'<section id="{key}"><h2>{html.escape(title)}</h2>{caption}{body}</section>'


def note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'
