"""Render the support-truth dashboard: one self-contained HTML file built from the marts.

Reads the DuckDB warehouse read-only (DBT_DUCKDB_PATH, default warehouse.duckdb in the repo root)
and writes one HTML file: inline CSS, inline JavaScript that draws SVG charts, and the data as
embedded JSON. It opens from disk with no server and no network.

Top of the page: filters (period: last 4, 13, 26 weeks or all; channel; intent cluster) that
re-compute the headline cards, the deflection gap and the weekly trends in the browser from
embedded sums of fct_contacts flags (numerators and denominators per week x channel x intent
cluster, re-divided; hover a card for n and the 95% Wilson interval). Then, each from its mart:
the weekly per-intent review (re-contact, FCR, downstream action, resolution confidence, the
scorecard), escalation quality and context loss, downstream action, journeys (sentiment, drop-off),
time (peak vs off-peak, pre-AI baseline), revenue, cost and capacity, policy compliance, the
quality report's ranked issues, open metric incidents and experiment readouts (interval plot and
verdict). A section the filters do not apply to says what it covers.

Package layout: marts (queries and the filter cube), headline (cards, filters, trends), review /
operations / business (the mart sections), html_parts (formatting, tables, chart slots), page
(assembly), dashboard.js and dashboard.css (inlined into the page).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..paths import ROOT
from ..warehouse import add_database_argument
from .headline import HEADLINES, headline_section
from .html_parts import fmt, wilson
from .marts import Marts
from .page import render

__all__ = ["HEADLINES", "Marts", "fmt", "headline_section", "main", "render", "wilson"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="support-truth-dashboard", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_argument(parser)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "dashboard.html",
                        help="HTML file to write (default: reports/dashboard.html)")  # fmt: skip
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args.database), encoding="utf-8")
    print(f"Dashboard: {args.out.resolve()}")
    return 0
