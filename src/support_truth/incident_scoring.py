"""Score the monitoring incidents against the regressions a generator run planted (truth.json).

The generator's truth.json lists under planted.incidents each planted regression: its primary metric and
direction, its days and the metrics it moves as a consequence (also_moves). At scope all, a plant is
found when an incident of its metric in its direction overlaps its days, missed when its metric was
evaluated on one of its days (mature, n >= alert_min_daily_n) without one, not evaluable otherwise. An
incident is explained when its metric is a plant's metric or one the plant moves and it overlaps the
plant's days plus a lag (re-contacts of the planted days arrive about 30 hours later, and an incident
closes after alert_incident_close_days); every other incident at scope all is false.
Precision = explained / incidents, recall = found / (found + missed), per metric and overall.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

EXPLAINED_LAG_DAYS = 3

Query = Callable[[str], Sequence[tuple[Any, ...]]]

INCIDENTS_SQL = """
select metric, first_day, last_day, severity, direction
from marts.mart_metric_incidents
where scope_type = 'all'
order by metric, first_day
"""


@dataclass
class MetricScore:
    """Planted incidents found / missed / not evaluable and the incidents (explained or false) of one metric."""

    planted: int = 0
    found: int = 0
    missed: int = 0
    not_evaluable: int = 0
    incidents: int = 0
    false: int = 0

    @property
    def precision(self) -> float | None:
        return (self.incidents - self.false) / self.incidents if self.incidents else None

    @property
    def recall(self) -> float | None:
        return self.found / (self.found + self.missed) if self.found + self.missed else None


@dataclass
class Score:
    """The per-metric scores, the false incidents (metric, first day, last day, severity, direction) and plants."""

    metrics: dict[str, MetricScore] = field(default_factory=dict)
    false_incidents: list[tuple[Any, ...]] = field(default_factory=list)
    plants: list[dict[str, Any]] = field(default_factory=list)

    def total(self) -> MetricScore:
        out = MetricScore()
        for m in self.metrics.values():
            for name in ("planted", "found", "missed", "not_evaluable", "incidents", "false"):
                setattr(out, name, getattr(out, name) + getattr(m, name))
        return out


def overlaps(first: date, last: date, days: Sequence[str], lag: int = 0) -> bool:
    """Whether [first, last] meets the plant's days extended by `lag` days."""
    start, end = date.fromisoformat(days[0]), date.fromisoformat(days[-1]) + timedelta(days=lag)
    return first <= end and last >= start


def evaluated_days_sql(plant: dict[str, Any], min_daily_n: int) -> str:
    days = ", ".join(f"'{d}'" for d in plant["dates"])
    return f"""
        select count(*) from marts.mart_metric_daily_values
        where metric = '{plant["metric"]}' and scope_type = 'all' and is_mature and n >= {min_daily_n}
          and cast(metric_date as varchar) in ({days})
    """


def score(query: Query, truth: dict[str, Any], min_daily_n: int = 30) -> Score:
    """Score the warehouse's incidents at scope all (via `query`) against truth.json's planted incidents."""
    out = Score(plants=list(truth["planted"]["incidents"]))
    incidents = list(query(INCIDENTS_SQL))
    for plant in out.plants:
        row = out.metrics.setdefault(plant["metric"], MetricScore())
        row.planted += 1
        ((evaluated,),) = query(evaluated_days_sql(plant, min_daily_n))
        hit = any(
            metric == plant["metric"] and direction == plant["direction"] and overlaps(first, last, plant["dates"])
            for metric, first, last, _severity, direction in incidents
        )
        if hit:
            row.found += 1
        elif evaluated:
            row.missed += 1
        else:
            row.not_evaluable += 1
    for incident in incidents:
        row = out.metrics.setdefault(incident[0], MetricScore())
        row.incidents += 1
        explained = any(
            incident[0] in (plant["metric"], *plant["also_moves"])
            and overlaps(incident[1], incident[2], plant["dates"], EXPLAINED_LAG_DAYS)
            for plant in out.plants
        )
        if not explained:
            row.false += 1
            out.false_incidents.append(incident)
    return out


def ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def render(result: Score) -> str:
    """A fixed-width table: one line per metric and a total line."""
    header = ("metric", "planted", "found", "missed", "not eval", "incidents", "false", "precision", "recall")
    widths = (34, 8, 6, 7, 9, 10, 6, 10, 7)
    rows = [(name, m) for name, m in sorted(result.metrics.items())] + [("all metrics", result.total())]

    def line(cells: Sequence[str]) -> str:
        return "".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(cells, widths)))

    body = [
        line((name, str(m.planted), str(m.found), str(m.missed), str(m.not_evaluable), str(m.incidents),
              str(m.false), ratio(m.precision), ratio(m.recall)))
        for name, m in rows
    ]
    return "\n".join([line(header), *body])
