"""Cross-mart reconciliation (issue 16): every metric has one whole-period value everywhere it appears.

For each metric that appears in more than one place (the marts, the MetricFlow semantic layer, the
scorecard mart_intent_scorecard and its mart_quality_report, and the dashboard's headline cards),
the whole-period value over all data (all intents, clusters, channels, weeks) must equal the value
computed directly from the facts' population and success flags (the source of truth, docs/decisions.md
D-1701..D-1709; TRUTH below): rate = count(population and success) / count(population).
Counts must be equal exactly, values to a relative 1e-9.

One parametrised test per (metric, place) pair, so a failure names both. How each place is read:
- per-week / per-day / per-month / per-cluster marts: re-aggregated from their `<rate>_numerator` and
  `<rate>_denominator` columns (sum of numerators / sum of denominators; macro rate_columns), means
  weighted by their sample, counts summed; marts with a whole-period `all` row use that row;
- a place whose population is restricted by design (a Scope below, with its one-line reason) is
  compared with the value computed from the facts over the same sub-population;
- the semantic layer: one `mf query` of every metric (and its numerator and denominator measures)
  with no group-by, run on a copy of the warehouse (mf holds the DuckDB file lock);
- the quality report: a metric of scope `all` has a row exactly when the fct value misses its AI
  target or falls short of best in class (and is not low-sample), and that row carries the fct value;
- the dashboard: support_truth.dashboard headline_section, the rows it reads (raw values, 1e-9) and the
  text of each card (equal to the dashboard's own formatting of the fct value).

Not places: mart_metric_alerts (anomalous days only, no whole-period value); mart_revenue_correlation
(uses a term's true resolution rate only inside a correlation); weekly / daily cost per resolution,
medians and turns_mean of the performance marts (no numerator / denominator to re-aggregate; their
whole-period values are checked in the scorecard); metrics only one place shows (e.g. the experiment
readout's resolution_seconds_mean, mart_pre_ai_baseline's human_resolution_rate).
"""

from __future__ import annotations

import csv
import functools
import html
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest
import yaml
from conftest import ROOT, Warehouse

from support_truth import dashboard

BIN = Path(sys.executable).parent
SEMANTIC_YAML = ROOT / "models" / "semantic" / "_semantic__models.yml"
PROJECT_ENTRIES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses")
WINDOWS = ("24h", "72h", "7d")  # var recontact_windows: the per-window columns (suffix _<w>)
# Column suffixes of the re-contact metrics: '' = the default window (var recontact_window_hours), whose
# window-free names every headline place uses (D-1708), then one per window.
SUFFIXES = ("", *(f"_{w}" for w in WINDOWS))
STREAMS = ("ai_only", "post_handoff", "human_only")
REL_TOL = 1e-9
ABS_TOL = 1e-12

FCT = "marts.fct_contacts"
# fct_contacts with each contact's costs (the cost-per-resolution metrics).
FCT_COSTS = (
    "(select c.*, k.ai_cost_usd, k.total_cost_usd from marts.fct_contacts as c"
    " inner join marts.fct_contact_costs as k on c.contact_id = k.contact_id)"
)


# --- the source of truth: metric definitions over the facts' flags --------------------------------


@dataclass(frozen=True)
class Rate:
    """count(population and success) / count(population) over `source`."""

    population: str
    success: str
    source: str = FCT


@dataclass(frozen=True)
class Mean:
    """avg(value) over rows with a value and in `population`."""

    value: str
    population: str = "true"
    source: str = FCT


@dataclass(frozen=True)
class Median:
    """percentile_cont(0.5) of value."""

    value: str
    source: str = FCT


@dataclass(frozen=True)
class CostPerSuccess:
    """sum(cost) over the population / count(population and success)."""

    cost: str
    population: str
    success: str
    source: str = FCT_COSTS


@dataclass(frozen=True)
class Count:
    """count(*) of the source."""

    source: str = FCT


@dataclass(frozen=True)
class Difference:
    """One metric minus another (deflection_gap)."""

    minuend: str
    subtrahend: str


Definition = Rate | Mean | Median | CostPerSuccess | Count | Difference

TRUTH: dict[str, Definition] = {
    "contacts": Count(),
    "ai_involvement_rate": Rate("is_outcome_settled", "is_ai_involved"),
    "deflection_rate": Rate("is_ai_rate_eligible", "is_deflected"),
    "containment_rate": Rate("is_ai_rate_eligible", "is_contained"),
    "ai_resolution_rate": Rate("is_ai_rate_eligible", "is_contained"),
    "autonomous_resolution_rate": Rate("is_ai_rate_eligible", "is_autonomously_resolved"),
    "automation_rate": Rate("is_outcome_settled", "is_contained"),
    "true_resolution_rate": Rate("is_truly_resolved is not null", "is_truly_resolved"),
    "deflection_gap": Difference("deflection_rate", "true_resolution_rate"),
    "escalation_rate": Rate("is_ai_branch_rate_eligible", "is_escalated"),
    "abandonment_rate": Rate("is_ai_branch_rate_eligible", "outcome = 'abandoned'"),
    "post_handoff_resolution_rate": Rate("is_post_handoff_rate_eligible", "is_resolved_after_handoff"),
    "missed_escalation_rate": Rate("is_missed_escalation is not null", "is_missed_escalation"),
    **{f"recontact_rate{s}": Rate(f"is_recontact_rate_eligible{s}", f"is_recontacted{s}") for s in SUFFIXES},
    **{f"fcr_rate{s}": Rate(f"is_fcr{s} is not null", f"is_fcr{s}") for s in SUFFIXES},
    **{f"ai_fcr_rate{s}": Rate(f"is_ai_fcr{s} is not null", f"is_ai_fcr{s}") for s in SUFFIXES},
    "csat_top2box_rate": Rate("csat_score is not null", "csat_score >= 4"),
    **{
        f"csat_top2box_rate_{s}": Rate(f"csat_stream = '{s}' and csat_score is not null", "csat_score >= 4")
        for s in STREAMS
    },
    "csat_mean": Mean("csat_score"),
    **{f"csat_mean_{s}": Mean("csat_score", f"csat_stream = '{s}'") for s in STREAMS},
    "ces_share_easy": Rate("ces_score is not null", "ces_score >= 5"),
    "policy_compliance_score": Rate(
        "coalesce(policy_check_count, 0) > 0", "coalesce(critical_policy_failure_count, 0) = 0"
    ),
    "turns_mean": Mean("turns"),
    "resolution_seconds_p50": Median("resolution_seconds"),
    "first_response_seconds_p50": Median(
        "case when handler_branch = 'ai' then coalesce(ai_first_response_seconds, human_first_response_seconds)"
        " else human_first_response_seconds end"
    ),
    "downstream_action_rate": Rate("is_rate_eligible", "is_action_taken", "marts.fct_instructions"),
    # Per-escalation rates are over settled escalations (is_post_handoff_rate_eligible, mart_escalation_quality).
    "context_lost_rate": Rate("is_post_handoff_rate_eligible", "is_context_lost", "marts.fct_escalations"),
    # defs.md gives no cost rule: the population of the resolutions they are spread over (containment's
    # is_ai_rate_eligible; all settled contacts for the all-handler figure), as the semantic layer does.
    "ai_cost_per_resolution_usd": CostPerSuccess("ai_cost_usd", "is_ai_rate_eligible", "is_contained"),
    "cost_per_resolution_usd": CostPerSuccess("total_cost_usd", "is_outcome_settled", "is_resolved"),
    # A score, not a fct flag: its source is the scored contacts of fct_resolution_confidence.
    "mean_resolution_confidence": Mean(
        "resolution_confidence", source="marts.fct_resolution_confidence"
    ),
}


@dataclass(frozen=True)
class Scope:
    """A sub-population a place covers by design: an extra filter on the truth's source, or a source of
    its own (the facts joined to the place's grain)."""

    reason: str
    where: str = "true"
    source: str | None = None


HUMAN_ONLY = Scope(
    "mart_pre_ai_baseline covers human-only (human branch) contacts only", "handler_branch = 'human'"
)
SCORED = Scope(
    "resolution confidence scores AI-answered, deflected conversations only (fct_resolution_confidence)",
    "is_ai_answered and is_deflected and conversation_id is not null",
)
ACCOUNT_TERMS = Scope(
    "fct_account_terms counts a contact of an account once per subscription term whose exposure window holds it",
    source=(
        "(select c.* from marts.fct_contacts as c inner join marts.fct_account_terms as t"
        " on c.account_id = t.account_id and c.started_at >= cast(t.exposure_start as timestamp)"
        " and c.started_at < cast(t.period_end as timestamp))"
    ),
)
SETTLED_ESCALATIONS = Scope(
    "mart_escalation_quality's per-escalation figures cover settled escalations (is_post_handoff_rate_eligible)",
    "is_post_handoff_rate_eligible",
)
AI_RESOLVED = Scope(
    "mart_recontact reports AI-resolved (contained) contacts in their own columns", "is_contained"
)
HUMAN_RESOLVED = Scope(
    "mart_recontact reports human-resolved contacts (human branch, or after a handoff) in their own columns",
    "is_human_resolved",
)


# --- what a place shows -------------------------------------------------------------------------------

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<not shown>"})()


@dataclass(frozen=True)
class Observed:
    """A place's whole-period value; MISSING for what the place does not show."""

    value: Any = MISSING
    numerator: Any = MISSING
    denominator: Any = MISSING


@dataclass(frozen=True)
class Check:
    """One comparison: what a place shows, over the truth's population or a scope; `display` = compare
    the dashboard's text with its formatting (dashboard.fmt kind) of the fct value."""

    label: str
    observed: Observed
    scope: Scope | None = None
    display: str | None = None


def same(a: Any, b: Any) -> bool:
    """Counts exactly, values to a relative 1e-9; both missing data (None) is equal."""
    if a is MISSING or b is MISSING:
        return False
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL)


def ratio(numerator: Any, denominator: Any) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


class Reconciler:
    """Reads the warehouse (one read-only connection) and computes the fct truth of a metric in a scope."""

    def __init__(self, path: Path, semantic: Callable[[], dict[str, Any]]) -> None:
        self.path = path
        self.con = duckdb.connect(str(path), read_only=True)
        self._semantic = semantic
        self._truths: dict[tuple[str, Scope | None], Observed] = {}

    def q(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()

    def one(self, sql: str, *params: Any) -> tuple[Any, ...]:
        rows = self.q(sql, *params)
        assert len(rows) == 1, f"expected one row, got {len(rows)}: {sql} {params}"
        return rows[0]

    def semantic(self) -> dict[str, Any]:
        return self._semantic()

    def truth(self, metric: str, scope: Scope | None = None) -> Observed:
        """The metric computed from the facts' flags, over its population (within `scope` when given)."""
        if (metric, scope) not in self._truths:
            self._truths[(metric, scope)] = self._compute(metric, scope)
        return self._truths[(metric, scope)]

    def _compute(self, metric: str, scope: Scope | None) -> Observed:
        definition = TRUTH[metric]
        where = scope.where if scope else "true"

        def source(default: str) -> str:
            return scope.source if scope and scope.source else default

        match definition:
            case Rate(population, success, src):
                num, den = self.one(
                    f"select count(*) filter (where ({population}) and ({success})),"
                    f" count(*) filter (where {population}) from {source(src)} as t where {where}"
                )
                return Observed(ratio(num, den), int(num), int(den))
            case Mean(value, population, src):
                mean, n = self.one(
                    f"select avg(cast({value} as double)), count({value}) from {source(src)} as t"
                    f" where ({population}) and ({where})"
                )
                return Observed(mean, MISSING, int(n))
            case Median(value, src):
                (median,) = self.one(
                    f"select quantile_cont({value}, 0.5) from {source(src)} as t where {where}"
                )
                return Observed(median)
            case CostPerSuccess(cost, population, success, src):
                total, den = self.one(
                    f"select coalesce(sum(case when {population} then {cost} end), 0),"
                    f" count(*) filter (where ({population}) and ({success})) from {source(src)} as t where {where}"
                )
                return Observed(ratio(total, den), float(total), int(den))
            case Count(src):
                (n,) = self.one(f"select count(*) from {source(src)} as t where {where}")
                return Observed(int(n))
            case Difference(minuend, subtrahend):
                a, b = self.truth(minuend, scope).value, self.truth(subtrahend, scope).value
                return Observed(None if a is None or b is None else a - b)
        raise AssertionError(f"no truth for {metric}")


# --- place readers ------------------------------------------------------------------------------------

Reader = Callable[[Reconciler], list[Check]]


def summed_rate(table: str, column: str, where: str = "true", scope: Scope | None = None) -> Reader:
    """A rate re-aggregated over the rows of `table` matching `where`: sum numerators / sum denominators."""

    def read(r: Reconciler) -> list[Check]:
        num, den = r.one(
            f"select coalesce(sum({column}_numerator), 0), coalesce(sum({column}_denominator), 0)"
            f" from {table} where {where}"
        )
        return [
            Check(f"sum of {column}_numerator / _denominator", Observed(ratio(num, den), num, den), scope)
        ]

    return read


def all_row_rate(table: str, column: str, where: str, scope: Scope | None = None) -> Reader:
    """A rate from the place's whole-period `all` row."""

    def read(r: Reconciler) -> list[Check]:
        value, num, den = r.one(
            f"select {column}, {column}_numerator, {column}_denominator from {table} where {where}"
        )
        return [Check(f"{column} of the `all` row", Observed(value, num, den), scope)]

    return read


def weighted_mean(
    table: str, column: str, weight: str, where: str = "true", scope: Scope | None = None
) -> Reader:
    """A mean re-aggregated over rows: sum(mean x sample) / sum(sample)."""

    def read(r: Reconciler) -> list[Check]:
        total, n = r.one(
            f"select coalesce(sum({column} * {weight}), 0), coalesce(sum({weight}), 0) from {table}"
            f" where ({where}) and {weight} > 0"
        )
        return [Check(f"{column} weighted by {weight}", Observed(ratio(total, n), MISSING, n), scope)]

    return read


def summed_count(table: str, column: str, where: str = "true", scope: Scope | None = None) -> Reader:
    def read(r: Reconciler) -> list[Check]:
        (n,) = r.one(f"select coalesce(sum({column}), 0) from {table} where {where}")
        return [Check(f"sum of {column}", Observed(n), scope)]

    return read


def summed_gap(table: str, where: str) -> Reader:
    """deflection_gap re-aggregated: summed deflection rate - summed true resolution rate."""

    def read(r: Reconciler) -> list[Check]:
        dn, dd, tn, td = r.one(
            "select sum(deflection_rate_numerator), sum(deflection_rate_denominator),"
            f" sum(true_resolution_rate_numerator), sum(true_resolution_rate_denominator) from {table} where {where}"
        )
        a, b = ratio(dn, dd), ratio(tn, td)
        return [
            Check(
                "summed deflection - summed true resolution",
                Observed(None if a is None or b is None else a - b),
            )
        ]

    return read


def performance(table: str, where: str = "channel = 'all' and intent_cluster = 'all'") -> dict[str, Reader]:
    rates = {
        m: m
        for m in (
            "ai_involvement_rate", "deflection_rate", "containment_rate", "ai_resolution_rate",
            "autonomous_resolution_rate", "automation_rate", "true_resolution_rate", "escalation_rate",
            "abandonment_rate", "recontact_rate", "fcr_rate",
            "csat_top2box_rate", "ces_share_easy", "policy_compliance_score",
        )
    }  # fmt: skip
    rates |= {f"csat_top2box_rate_{s}": f"csat_{s}_top2box_rate" for s in STREAMS}
    readers: dict[str, Reader] = {m: summed_rate(table, c, where) for m, c in rates.items()}
    readers["deflection_gap"] = summed_gap(table, where)
    readers["contacts"] = summed_count(table, "contacts", where)
    readers["csat_mean"] = weighted_mean(table, "csat_mean", "csat_responses", where)
    for s in STREAMS:
        readers[f"csat_mean_{s}"] = weighted_mean(
            table, f"csat_{s}_mean", f"csat_{s}_top2box_rate_denominator", where
        )
    return readers


SCORECARD = (
    "deflection_rate", "containment_rate", "autonomous_resolution_rate", "true_resolution_rate", "automation_rate",
    "escalation_rate", "abandonment_rate", "recontact_rate", "fcr_rate",
    "csat_mean", "csat_top2box_rate", "ces_share_easy", "policy_compliance_score", "first_response_seconds_p50",
    "resolution_seconds_p50", "turns_mean", "ai_cost_per_resolution_usd", "downstream_action_rate",
    "context_lost_rate", "mean_resolution_confidence",
)  # fmt: skip


def scorecard(metric: str) -> Reader:
    def read(r: Reconciler) -> list[Check]:
        rows = r.q(
            "select is_measured, current_value, numerator, denominator from marts.mart_intent_scorecard"
            " where intent_cluster = 'all' and metric = ?",
            metric,
        )
        assert len(rows) == 1, f"mart_intent_scorecard has {len(rows)} `all` rows for {metric}"
        measured, value, num, den = rows[0]
        assert measured, f"mart_intent_scorecard does not measure {metric}"
        counts = isinstance(TRUTH[metric], Rate)
        return [Check("current_value of the `all` row", Observed(
            value, num if counts else MISSING, den if counts else MISSING
        ))]  # fmt: skip

    return read


@functools.cache
def project_vars() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]


def quality_report(metric: str) -> Reader:
    """A finding row exactly when the fct value misses the AI target or has room to best in class."""

    def read(r: Reconciler) -> list[Check]:
        truth = r.truth(metric)
        targets = r.q(
            "select ai_target, best_in_class, direction from config.metric_targets where metric = ?", metric
        )
        assert len(targets) == 1, f"seed metric_targets has {len(targets)} rows for {metric}"
        ai_target, best, direction = targets[0]
        definition = TRUTH[metric]
        sample = (
            truth.denominator if isinstance(definition, Rate | Mean) else r.truth("contacts").value
        )  # the scorecard's sample of a median or cost: the scope's contacts

        def meets(threshold: float | None) -> bool | None:
            if threshold is None or truth.value is None:
                return None
            return truth.value >= threshold if direction == "higher" else truth.value <= threshold

        expected = (
            truth.value is not None
            and sample >= project_vars()["min_sample_size"]
            and ai_target is not None
            and (not meets(ai_target) or best is not None)
            and not meets(best)
        )
        rows = r.q(
            "select current_value, denominator from marts.mart_quality_report where scope = 'all' and metric = ?",
            metric,
        )
        assert len(rows) == (1 if expected else 0), (
            f"mart_quality_report has {len(rows)} `all` rows for {metric}; the fct value {truth.value!r}"
            f" (sample {sample}) against AI target {ai_target} / best in class {best} ({direction}) gives"
            f" {'a finding' if expected else 'no finding'}; rows: {rows}"
        )
        if not rows:
            return [Check("no finding, as the fct value implies", Observed())]
        value, den = rows[0]
        return [
            Check(
                "current_value of the finding",
                Observed(value, MISSING, den if isinstance(definition, Rate) else MISSING),
            )
        ]

    return read


# Dashboard headline cards: (metric, label, fmt kind): the dashboard's own HEADLINES, plus the
# deflection gap card it computes from two of them.
DASHBOARD = (*dashboard.HEADLINES, ("deflection_gap", "Deflection gap", "pts"))


@functools.cache
def dashboard_headlines(path: Path) -> tuple[dict[str, Any], dict[str, str], ModuleType]:
    """Run the dashboard's headline_section: the rows it read (metric -> current_value) and the card texts."""
    read: list[dict[str, Any]] = []

    class Recording(dashboard.Marts):  # type: ignore[name-defined,misc]
        def rows(self, sql: str) -> list[dict[str, Any]]:
            rows = super().rows(sql)
            read.extend(rows)
            return rows

    marts = Recording(path)
    try:
        page = dashboard.headline_section(marts)
    finally:
        marts.close()
    raw = {row["metric"]: row.get("current_value") for row in read if "metric" in row}
    shown = {
        html.unescape(label): html.unescape(value)
        for label, value in re.findall(r'<div class="label">(.*?)</div><div class="value">(.*?)</div>', page)
    }
    return raw, shown, dashboard


def dashboard_card(metric: str, template: str, kind: str) -> Reader:
    def read(r: Reconciler) -> list[Check]:
        raw, shown, _ = dashboard_headlines(r.path)
        (window,) = r.one("select max(recontact_window_hours) from marts.fct_contacts")
        label = template.format(window=window)  # the re-contact cards name the default window
        assert label in shown, f"no dashboard card {label!r}; cards: {sorted(shown)}"
        checks = [Check(f"card text {label!r}", Observed(shown[label]), display=kind)]
        if metric != "deflection_gap":  # the gap is computed inside headline_section: only its text is seen
            assert metric in raw, f"headline_section read no row for {metric}"
            checks.insert(0, Check("value the card reads", Observed(raw[metric])))
        return checks

    return read


# Semantic-layer metrics (the names in models/semantic/_semantic__models.yml = the names of TRUTH).
SEMANTIC = (
    "contacts", "ai_involvement_rate", "deflection_rate", "containment_rate", "autonomous_resolution_rate",
    "true_resolution_rate", "deflection_gap", "automation_rate", "escalation_rate",
    "recontact_rate", "fcr_rate", "csat_top2box_rate",
    *(f"csat_top2box_rate_{s}" for s in STREAMS), "downstream_action_rate", "context_lost_rate",
    "ai_cost_per_resolution_usd", "cost_per_resolution_usd", "ai_resolution_rate", "abandonment_rate",
    "post_handoff_resolution_rate", "missed_escalation_rate", "ai_fcr_rate",
)  # fmt: skip


def semantic_spec() -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Metrics of the semantic YAML by name, and the measures that are also metrics (create_metric)."""
    spec = yaml.safe_load(SEMANTIC_YAML.read_text())
    metrics = {m["name"]: m for m in spec.get("metrics", [])}
    measures = {
        m["name"]
        for sm in spec.get("semantic_models", [])
        for m in sm.get("measures", [])
        if m.get("create_metric")
    }
    return metrics, measures


def measure_name(param: Any) -> str:
    return param["name"] if isinstance(param, dict) else str(param)


def semantic_metric(metric: str) -> Reader:
    def read(r: Reconciler) -> list[Check]:
        values = r.semantic()
        assert metric in values, f"the semantic layer defines no metric {metric}"
        metrics, measures = semantic_spec()
        observed: dict[str, Any] = {"value": values[metric]}
        definition = metrics.get(metric, {})
        params = definition.get("type_params", {})
        # Counts come from the ratio's measures, when they are metrics too and the ratio has no filter.
        if definition.get("type") == "ratio" and not definition.get("filter"):
            for part in ("numerator", "denominator"):
                name = measure_name(params.get(part))
                if name in measures and name in values and values[name] is not None:
                    value = values[name]
                    observed[part] = int(value) if float(value).is_integer() else value
        if metric in measures and values[metric] is not None:  # a count metric (contacts)
            observed["value"] = int(values[metric])
        return [Check("mf query, no group-by", Observed(**observed))]

    return read


def mf_whole_period(path: Path, work: Path) -> dict[str, Any]:
    """`mf query` of every SEMANTIC metric defined, with its numerator and denominator measures, over all data."""
    db = work / "mf_warehouse.duckdb"
    shutil.copyfile(path, db)
    project = work / "project"
    project.mkdir()
    for entry in PROJECT_ENTRIES:
        (project / entry).symlink_to(ROOT / entry)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project),
        "DBT_PROJECT_DIR": str(project),
        "DBT_DUCKDB_PATH": str(db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    parsed = subprocess.run(
        [str(BIN / "dbt"), "parse", "--quiet"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert parsed.returncode == 0, f"dbt parse of the semantic layer failed:\n{parsed.stdout}{parsed.stderr}"
    metrics, measures = semantic_spec()
    wanted = [m for m in SEMANTIC if m in metrics or m in measures]
    for metric in list(wanted):
        params = metrics.get(metric, {}).get("type_params", {})
        for part in ("numerator", "denominator"):
            name = measure_name(params.get(part)) if params.get(part) else None
            if name in measures and name not in wanted:
                wanted.append(name)
    out = work / "mf_whole_period.csv"
    result = subprocess.run(
        [str(BIN / "mf"), "query", "--metrics", ",".join(wanted), "--csv", str(out), "--quiet"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and out.exists(), f"mf query failed:\n{result.stdout}{result.stderr}"
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1, f"mf query with no group-by returned {len(rows)} rows"
    return {name: (None if text == "" else float(text)) for name, text in rows[0].items()}


def experiment_arms(experiment_metric: str) -> Reader:
    """Each arm of mart_experiment_results against the fct value over that arm's contacts."""

    def read(r: Reconciler) -> list[Check]:
        rows = r.q(
            "select experiment_key, control_variant, treatment_variant, control_n, treatment_n, control_value,"
            " treatment_value from marts.mart_experiment_results where metric = ?",
            experiment_metric,
        )
        assert rows, f"mart_experiment_results has no rows for {experiment_metric}"
        arms: dict[tuple[str, str], tuple[Any, Any]] = {}
        for key, control, treatment, control_n, treatment_n, control_value, treatment_value in rows:
            arms[(key, control)] = (control_n, control_value)
            arms[(key, treatment)] = (treatment_n, treatment_value)
        checks = []
        for (key, variant), (n, value) in sorted(arms.items()):
            scope = Scope(
                "an experiment arm: identified customers seen in that arm only (mart_experiment_arm_metrics)",
                f"experiment_key = '{key}' and experiment_variant = '{variant}' and customer_id is not null"
                " and customer_id not in (select customer_id from marts.fct_contacts"
                f" where experiment_key = '{key}' and experiment_variant is not null and customer_id is not null"
                " group by customer_id having count(distinct experiment_variant) > 1)",
            )
            checks.append(Check(f"{key}/{variant} ({experiment_metric})", Observed(value, MISSING, n), scope))
        return checks

    return read


def escalation_reasons(r: Reconciler) -> list[Check]:
    """Escalation rate as the sum of its reason rates; each week's AI-first contacts counted once."""
    num, den, week_escalations = r.one(
        "with weeks as (select contact_week, sum(reason_escalation_rate_numerator) as escalations,"
        " max(reason_escalation_rate_denominator) as ai_first, max(escalations) as week_escalations"
        " from marts.mart_escalation_reasons group by contact_week)"
        " select sum(escalations), sum(ai_first), sum(week_escalations) from weeks"
    )
    return [
        Check("sum over reasons and weeks", Observed(ratio(num, den), num, den)),
        Check("sum of the weeks' escalations column", Observed(MISSING, week_escalations)),
    ]


def recontact_branches(suffix: str) -> Reader:
    """The re-contact rate as the sum of mart_recontact's AI-resolved and human-resolved parts."""

    def read(r: Reconciler) -> list[Check]:
        ai, human = f"ai_recontact_rate{suffix}", f"human_recontact_rate{suffix}"
        num, den = r.one(
            f"select coalesce(sum({ai}_numerator + {human}_numerator), 0),"
            f" coalesce(sum({ai}_denominator + {human}_denominator), 0)"
            " from marts.mart_recontact where intent_cluster = 'all'"
        )
        return [Check("sum of the AI-resolved and human-resolved parts", Observed(ratio(num, den), num, den))]

    return read


def cost_roi(column: str) -> Reader:
    """A count of mart_cost_roi summed over months, compared with the numerator of a rate."""

    def read(r: Reconciler) -> list[Check]:
        (n,) = r.one(f"select coalesce(sum({column}), 0) from marts.mart_cost_roi")
        return [Check(f"sum of {column} over months (the rate's numerator)", Observed(MISSING, n))]

    return read


def cost_roi_per_resolution(r: Reconciler) -> list[Check]:
    total, n = r.one(
        "select coalesce(sum(ai_cost_per_resolution_usd * ai_resolutions), 0), coalesce(sum(ai_resolutions), 0)"
        " from marts.mart_cost_roi where ai_resolutions > 0"
    )
    return [Check("months weighted by ai_resolutions", Observed(ratio(total, n), total, n))]


def confidence_mean(r: Reconciler) -> list[Check]:
    mean, n = r.one(
        "select mean_resolution_confidence, scored_contacts from marts.mart_resolution_confidence"
        " where intent_cluster = 'all'"
    )
    return [Check("mean of the `all` row", Observed(mean, MISSING, n))]


def account_terms(r: Reconciler) -> list[Check]:
    num, den = r.one(
        "select coalesce(sum(truly_resolved_count), 0), coalesce(sum(true_resolution_base_count), 0)"
        " from marts.fct_account_terms"
    )
    return [Check("sum over terms", Observed(ratio(num, den), num, den), ACCOUNT_TERMS)]


def pre_ai_baseline(grain: str) -> dict[str, Reader]:
    table, where = "marts.mart_pre_ai_baseline", f"row_grain = '{grain}'"
    return {
        "fcr_rate": summed_rate(table, "fcr_rate", where, HUMAN_ONLY),
        "recontact_rate": summed_rate(table, "recontact_rate", where, HUMAN_ONLY),
        "csat_top2box_rate": summed_rate(table, "csat_top2_rate", where, HUMAN_ONLY),
        "csat_mean": weighted_mean(table, "csat_mean", "csat_top2_rate_denominator", where, HUMAN_ONLY),
        "contacts": summed_count(table, "contacts", where),
    }


ESCALATION_QUALITY = "marts.mart_escalation_quality"
PEAK = "marts.mart_peak_vs_offpeak"
PLACES: dict[str, dict[str, Reader]] = {
    "mart_agent_performance_weekly": performance("marts.mart_agent_performance_weekly"),
    "mart_agent_performance_daily": performance("marts.mart_agent_performance_daily"),
    # Every breakdown partitions the contacts (one value each, null = 'none'): its rows sum to the headline.
    **{
        f"mart_agent_performance_breakdowns[{b}]": performance(
            "marts.mart_agent_performance_breakdowns", f"breakdown = '{b}'"
        )
        for b in ("intent", "complexity_tier", "language", "account_segment", "agent_version")
    },
    "semantic_layer": {m: semantic_metric(m) for m in SEMANTIC},
    "mart_intent_scorecard": {m: scorecard(m) for m in SCORECARD},
    "mart_quality_report": {m: quality_report(m) for m in SCORECARD},
    "dashboard": {m: dashboard_card(m, label, kind) for m, label, kind in DASHBOARD},
    "mart_fcr": {
        **{
            f"fcr_rate{s}": summed_rate("marts.mart_fcr", f"fcr_rate{s}", "intent_cluster = 'all'")
            for s in SUFFIXES
        },
        **{
            f"ai_fcr_rate{s}": summed_rate("marts.mart_fcr", f"ai_fcr_rate{s}", "intent_cluster = 'all'")
            for s in SUFFIXES
        },
        "contacts": summed_count("marts.mart_fcr", "contacts", "intent_cluster = 'all'"),
    },
    "mart_recontact": {
        "contacts": summed_count("marts.mart_recontact", "contacts", "intent_cluster = 'all'"),
        # The AI-resolved and human-resolved columns partition the resolved contacts: their sum is the rate.
        **{f"recontact_rate{s}": recontact_branches(s) for s in SUFFIXES},
    },
    "mart_recontact[ai_resolved]": {
        f"recontact_rate{s}": summed_rate(
            "marts.mart_recontact", f"ai_recontact_rate{s}", "intent_cluster = 'all'", AI_RESOLVED
        )
        for s in SUFFIXES
    },
    "mart_recontact[human_resolved]": {
        f"recontact_rate{s}": summed_rate(
            "marts.mart_recontact", f"human_recontact_rate{s}", "intent_cluster = 'all'", HUMAN_RESOLVED
        )
        for s in SUFFIXES
    },
    # Named like the headline rate and documented as "per intent over all data": the headline population.
    "mart_recontact_by_intent": {
        "recontact_rate": summed_rate("marts.mart_recontact_by_intent", "recontact_rate"),
        "contacts": summed_count("marts.mart_recontact_by_intent", "contacts"),
    },
    "mart_escalation_quality": {
        m: summed_rate(ESCALATION_QUALITY, m, "intent_cluster = 'all'")
        for m in (
            "escalation_rate",
            "missed_escalation_rate",
            "post_handoff_resolution_rate",
            "context_lost_rate",
        )
    }
    | {
        "csat_mean_post_handoff": weighted_mean(
            ESCALATION_QUALITY,
            "post_handoff_csat_mean",
            "post_handoff_csat_responses",
            "intent_cluster = 'all'",
            SETTLED_ESCALATIONS,
        ),
        "csat_mean_human_only": weighted_mean(
            ESCALATION_QUALITY,
            "direct_to_human_csat_mean",
            "direct_to_human_csat_responses",
            "intent_cluster = 'all'",
        ),
    },
    "mart_escalation_reasons": {"escalation_rate": escalation_reasons},
    "mart_peak_vs_offpeak": {
        m: summed_rate(PEAK, m, "intent_cluster = 'all'")
        for m in ("escalation_rate", "containment_rate", "abandonment_rate", "true_resolution_rate")
    },
    "mart_pre_ai_baseline[periods]": pre_ai_baseline("period"),
    "mart_pre_ai_baseline[months]": pre_ai_baseline("month"),
    "mart_resolution_confidence": {
        "true_resolution_rate": all_row_rate(
            "marts.mart_resolution_confidence", "true_resolution_rate", "intent_cluster = 'all'", SCORED
        ),
        "mean_resolution_confidence": confidence_mean,
    },
    "mart_resolution_confidence_deciles": {
        "true_resolution_rate": summed_rate(
            "marts.mart_resolution_confidence_deciles", "true_resolution_rate", scope=SCORED
        ),
    },
    "fct_account_terms": {"true_resolution_rate": account_terms},
    "mart_cost_roi": {
        "true_resolution_rate": cost_roi("truly_resolved_ai_contacts"),
        "containment_rate": cost_roi("ai_resolutions"),
        "ai_cost_per_resolution_usd": cost_roi_per_resolution,
        "contacts": summed_count("marts.mart_cost_roi", "contacts"),
    },
    "mart_policy_compliance": {
        "policy_compliance_score": summed_rate(
            "marts.mart_policy_compliance", "compliance_score", "policy_id = 'all'"
        ),
    },
    "mart_downstream_action": {
        "downstream_action_rate": summed_rate(
            "marts.mart_downstream_action",
            "action_taken_rate",
            "intent_cluster = 'all' and action_key = 'all'",
        ),
    },
    "mart_experiment_results": {
        "containment_rate": experiment_arms("resolution_rate"),
        "escalation_rate": experiment_arms("escalation_rate"),
        "recontact_rate": experiment_arms("recontact_rate"),
        "fcr_rate": experiment_arms("fcr_rate"),
        "csat_mean": experiment_arms("csat_mean"),
    },
}

PAIRS = [
    pytest.param(metric, place, id=f"{metric}@{place}")
    for place, readers in PLACES.items()
    for metric in readers
]

# Metrics of a place's own list that are not reconciled here, with the reason.
NOT_RECONCILED: dict[str, str] = {}


# --- fixtures and tests -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reconciler(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reconciler]:
    work = tmp_path_factory.mktemp("reconciliation")
    outcome: list[dict[str, Any] | BaseException] = []

    def semantic() -> dict[str, Any]:
        """mf runs once; its values, or its failure, are shared by every semantic-layer test."""
        if not outcome:
            try:
                outcome.append(mf_whole_period(warehouse.path, work))
            except (AssertionError, OSError, subprocess.SubprocessError) as error:
                outcome.append(error)
        if isinstance(outcome[0], BaseException):
            pytest.fail(f"semantic layer unavailable: {outcome[0]}")
        return outcome[0]

    r = Reconciler(warehouse.path, semantic)
    try:
        yield r
    finally:
        r.con.close()


@pytest.mark.parametrize(("metric", "place"), PAIRS)
def test_whole_period_value_equals_the_facts(metric: str, place: str, reconciler: Reconciler) -> None:
    """The place's whole-period value (counts exact, values to 1e-9) equals the fct value of its population."""
    checks = PLACES[place][metric](reconciler)
    assert checks, (metric, place)
    failures = []
    for check in checks:
        truth = reconciler.truth(metric, check.scope)
        where = f" [{check.scope.reason}]" if check.scope else ""
        if check.display is not None:
            _, _, dashboard = dashboard_headlines(reconciler.path)
            expected = dashboard.fmt(truth.value, check.display)
            if check.observed.value != expected:
                failures.append(
                    f"{check.label}: shows {check.observed.value!r}, fct {truth.value!r} -> {expected!r}"
                )
            continue
        for field in ("value", "numerator", "denominator"):
            shown = getattr(check.observed, field)
            if shown is MISSING:
                continue
            fct = getattr(truth, field)
            if not same(shown, fct):
                failures.append(f"{check.label}{where}: {field} {shown!r} != fct {fct!r}")
    assert not failures, f"{metric} @ {place}:\n  " + "\n  ".join(failures)


def test_every_metric_has_a_place() -> None:
    placed = {metric for readers in PLACES.values() for metric in readers}
    assert set(TRUTH) <= placed, sorted(set(TRUTH) - placed)


def test_inventory_covers_the_semantic_layer() -> None:
    """Every metric of the semantic layer is reconciled (or listed in NOT_RECONCILED with a reason)."""
    metrics, _ = semantic_spec()
    assert set(metrics) <= set(SEMANTIC) | set(NOT_RECONCILED), sorted(set(metrics) - set(SEMANTIC))


def test_inventory_covers_the_scorecard(warehouse: Warehouse) -> None:
    """Every metric the scorecard measures is reconciled (or listed in NOT_RECONCILED with a reason)."""
    measured = {
        m
        for (m,) in warehouse.query(
            "select distinct metric from marts.mart_intent_scorecard where is_measured"
        )
    }
    assert measured <= set(SCORECARD) | set(NOT_RECONCILED), sorted(measured - set(SCORECARD))


def test_inventory_covers_the_dashboard() -> None:
    """Every headline card of the dashboard has a definition over the fact's flags to be compared with."""
    assert {metric for metric, _, _ in DASHBOARD} <= set(TRUTH), sorted({m for m, _, _ in DASHBOARD} - set(TRUTH))
