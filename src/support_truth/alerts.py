"""Print one day's monitoring alerts, the incidents open on it and any baseline still settling.

Alerts come from marts.mart_metric_alerts, incidents (one per metric and scope, opened on the first
breaching day, closed when the metric is back inside its limits) from marts.mart_metric_incidents,
change points (the AI launch, planned releases: a new baseline starts) from
marts.mart_metric_change_points. Exit 2 on a critical alert of the day.

Run it after the scheduled `dbt build`. Without --date it reports the latest day the alert rules
evaluated (the latest day whose contact volume is complete at as_of). Rates whose windows have not
matured yet (re-contact and FCR need days) are evaluated later, so their alerts for a day appear in
later runs; use --date to look at any day.

With --score TRUTH_JSON it instead compares the incidents at scope all with the regressions a generator
run planted (its truth.json, e.g. data/demo/truth.json after `make demo`): per metric the planted
incidents found and missed, the incidents explained by a plant and the false ones, precision and recall
(definitions: support_truth.incident_scoring); exit 0.

Exit status: 0 = no critical alert on the day (warnings and info are printed), 2 = at least one
critical alert, 1 = the warehouse has no alert tables (run `dbt build` first).
The warehouse is opened read-only (DBT_DUCKDB_PATH, default warehouse.duckdb in the repo root).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import duckdb

from .incident_scoring import render as render_score
from .incident_scoring import score
from .warehouse import add_database_argument

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}

LATEST_DAY_SQL = "select max(metric_date) from marts.mart_metric_daily_values where is_mature"

ALERTS_SQL = """
select severity, metric, scope_type, scope_value, metric_kind, rule, direction, metric_value,
       expected_value, lower_limit, upper_limit, z_score, relative_deviation, n
from marts.mart_metric_alerts
where metric_date = ?
"""

INCIDENTS_SQL = """
select severity, metric, scope_type, scope_value, metric_kind, first_day, last_day, days_open, breach_days,
       worst_value, worst_expected_value
from marts.mart_metric_incidents
where first_day <= ? and (closed_on is null or closed_on > ?)
order by first_day, metric, scope_type, scope_value
"""

SETTLING_SQL = """
select change_date, change_type, rates_settle_on, counts_settle_on
from marts.mart_metric_change_points
where change_date <= ? and counts_settle_on > ?
order by change_date
"""

INCIDENT_COLUMNS = ("severity", "metric", "scope", "first day", "last day", "days", "breaching", "worst", "expected")

COLUMNS = ("severity", "metric", "scope", "value", "expected", "limits", "z", "deviation", "n", "rule")


def fmt_value(value: float | None, kind: str) -> str:
    """A rate as a percentage with one decimal, a count with one decimal; '-' for null."""
    if value is None:
        return "-"
    return f"{100 * value:.1f}%" if kind == "rate" else f"{value:.1f}"


def table_rows(rows: list[tuple]) -> list[tuple[str, ...]]:
    """Readable cells per alert, critical first, then by metric and scope."""
    out = []
    for sev, metric, scope_type, scope_value, kind, rule, _dir, value, expected, lo, hi, z, dev, n in sorted(
        rows, key=lambda r: (SEVERITY_ORDER.get(r[0], 9), r[1], r[2], r[3])
    ):
        scope = scope_label(scope_type, scope_value)
        out.append((
            sev, metric, scope, fmt_value(value, kind), fmt_value(expected, kind),
            f"{fmt_value(lo, kind)} .. {fmt_value(hi, kind)}",
            "-" if z is None else f"{z:+.2f}", "-" if dev is None else f"{100 * dev:+.1f}%", str(n), rule,
        ))
    return out


def scope_label(scope_type: str, scope_value: str) -> str:
    return "all" if scope_type == "all" else f"{scope_type}={scope_value}"


def incident_rows(rows: list[tuple]) -> list[tuple[str, ...]]:
    """Readable cells per open incident, oldest first."""
    return [
        (sev, metric, scope_label(scope_type, scope_value), str(first), str(last), str(days), str(breaching),
         fmt_value(worst, kind), fmt_value(expected, kind))
        for sev, metric, scope_type, scope_value, kind, first, last, days, breaching, worst, expected in rows
    ]


def settling_lines(rows: list[tuple]) -> list[str]:
    """One line per change point whose new baseline is still settling on the day."""
    return [
        f"Baseline settling after {change_type} on {change}: rates evaluated from {rates}, counts from {counts}"
        for change, change_type, rates, counts in rows
    ]


def render(cells: list[tuple[str, ...]], header: tuple[str, ...] = COLUMNS) -> str:
    """A left-aligned text table with a header row."""
    widths = [max(len(c) for c in col) for col in zip(header, *cells, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in (header, *cells)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--date", type=date.fromisoformat, help="day to report (YYYY-MM-DD); default: latest evaluated day")
    parser.add_argument("--score", type=Path, metavar="TRUTH_JSON",
                        help="score the incidents against a generator run's truth.json (planted incidents) instead")
    add_database_argument(parser)
    args = parser.parse_args(argv)
    try:
        con = duckdb.connect(str(args.database), read_only=True)
    except duckdb.Error as exc:
        print(f"cannot open {args.database}: {exc}", file=sys.stderr)
        return 1
    if args.score:
        try:
            result = score(lambda sql: con.execute(sql).fetchall(), json.loads(args.score.read_text()))
        except duckdb.CatalogException as exc:
            print(f"alert tables missing, run `dbt build` first: {exc}", file=sys.stderr)
            return 1
        finally:
            con.close()
        print(f"Incidents at scope all vs {args.score} (planted.incidents):")
        print(render_score(result))
        return 0
    try:
        day = args.date or con.execute(LATEST_DAY_SQL).fetchone()[0]
        if day is None:
            print("no evaluated day in the warehouse", file=sys.stderr)
            return 1
        rows = con.execute(ALERTS_SQL, [day]).fetchall()
        incidents = con.execute(INCIDENTS_SQL, [day, day]).fetchall()
        settling = con.execute(SETTLING_SQL, [day, day]).fetchall()
    except duckdb.CatalogException as exc:
        print(f"alert tables missing, run `dbt build` first: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    critical = sum(r[0] == "critical" for r in rows)
    print(f"Alerts for {day}: {len(rows)} ({critical} critical)")
    if rows:
        print(render(table_rows(rows)))
    for line in settling_lines(settling):
        print(line)
    print(f"Open incidents on {day}: {len(incidents)}")
    if incidents:
        print(render(incident_rows(incidents), INCIDENT_COLUMNS))
    return 2 if critical else 0


if __name__ == "__main__":
    sys.exit(main())
