"""Business sections: revenue, cost and capacity, policy compliance, the quality report's ranked issues,
open metric incidents and experiment readouts."""

from __future__ import annotations

import html
from typing import Any

from .html_parts import chart, fmt, no_data, note, rate_cell, section, table
from .marts import Marts
from .review import ALL_WEEKS, BY_CLUSTER, bundle

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
QUALITY_SHOWN = 15  # the quality report's first findings shown; the rest behind "more"


def revenue_section(marts: Marts) -> str:
    cohorts = marts.rows("select * from marts.mart_revenue_correlation order by cohort_sort_order")
    ((terms, closed, observed),) = marts.con.execute(
        "select count(*), count_if(is_term_closed), count_if(is_term_closed and is_exposure_observed)"
        " from marts.fct_account_terms"
    ).fetchall()
    rows = [[html.escape(c["exposure_cohort"].replace("_", " ")), fmt(c["closed_term_count"], "count"),
             rate_cell(c, "churn_rate"), rate_cell(c, "expansion_rate"), relative_risk(c), fmt(c["mean_mrr_change_usd"], "usd")]
            for c in cohorts]  # fmt: skip
    detail = table(["exposure cohort", "closed terms", "churn", "expansion", "churn relative risk", "mean MRR change"],
                   rows, "revenue-table")  # fmt: skip
    reference = cohorts[0]["churn_rr_reference_cohort"] if cohorts else "n/a"
    interpretation = cohorts[0]["interpretation"] if cohorts else ""
    body = detail + note(
        f"Relative risk against cohort {reference}; {interpretation}. {terms:,} subscription terms, {closed:,} "
        f"closed by as_of, {observed:,} of them with the whole exposure window inside the support data (the terms "
        "counted, var revenue_require_observed_exposure); rates are n/a until such terms exist."
    )
    return section("revenue", "Revenue: churn and expansion by exposure", body, ALL_WEEKS)


def relative_risk(row: dict[str, Any]) -> str:
    value = row.get("churn_relative_risk")
    if value is None:
        return '<span class="na">n/a</span>'
    low, high = row.get("churn_relative_risk_lower"), row.get("churn_relative_risk_upper")
    return f"{value:.2f}<small>{fmt(low)} to {fmt(high)}</small>"


def cost_section(marts: Marts) -> str:
    months = marts.rows("select cast(contact_month as varchar) as month, * from marts.mart_cost_roi order by contact_month")
    labels = [m["month"][:7] + ("" if m["is_complete_month"] else " (partial)") for m in months]
    per_resolution = chart({"id": "chart-cost", "type": "bar", "kind": "usd", "title": "Cost per resolution, AI vs human",
                            "labels": labels, "series": [
                                {"name": "AI", "values": [m["ai_cost_per_resolution_usd"] for m in months]},
                                {"name": "human", "values": [m["human_cost_per_resolution_usd"] for m in months]}]})  # fmt: skip
    savings = chart({"id": "chart-savings", "type": "bar", "kind": "usd",
                     "title": "Net savings per month (avoided human cost - AI cost)", "labels": labels,
                     "series": [{"name": "net savings", "values": [m["net_savings_usd"] for m in months]}]})  # fmt: skip
    rows = [[html.escape(m["month"][:7]), "yes" if m["is_complete_month"] else "partial", fmt(m["ai_cost_usd"], "usd"),
             fmt(m["human_cost_usd"], "usd"), fmt(m["net_savings_usd"], "usd"), fmt(m["capacity_hours_unlocked"]),
             fmt(m["capacity_fte_unlocked"])] for m in months]  # fmt: skip
    detail = table(["month", "complete", "AI cost", "human cost", "net savings", "capacity hours", "capacity FTE"],
                   rows, "cost-table")  # fmt: skip
    return section("cost", "Cost and capacity", f'<div class="grid2">{per_resolution}{savings}</div>{detail}', ALL_WEEKS)


def policy_section(marts: Marts, min_sample: int) -> str:
    policies = marts.rows(
        "select policy_id, sum(checks) as checks, sum(failures) as failures, sum(critical_failures) as critical,"
        " sum(compliance_score_numerator) as passed, sum(compliance_score_denominator) as checked,"
        " sum(ai_involved_contacts) as ai_contacts from marts.mart_policy_compliance"
        " group by policy_id order by policy_id = 'all' desc, passed / nullif(checked, 0), policy_id"
    )
    rows = []
    for p in policies:
        r = bundle("compliance", p["passed"], p["checked"], min_sample)
        per_1000 = 1000 * p["critical"] / p["ai_contacts"] if p["ai_contacts"] else None
        rows.append([html.escape(p["policy_id"]), fmt(p["checks"], "count"), fmt(p["failures"], "count"),
                     fmt(p["critical"], "count"), rate_cell(r, "compliance"), fmt(per_1000)])  # fmt: skip
    detail = table(["policy", "checks", "failures", "critical failures", "compliance", "critical per 1,000 AI contacts"],
                   rows, "policy-table")  # fmt: skip
    explain = note("Compliance = checked contacts without a critical failure of the policy (mart_policy_compliance, "
                   "weekly counts re-divided over the whole period); worst policy first.")  # fmt: skip
    return section("policy", "Policy compliance", detail + explain, ALL_WEEKS)


def quality_section(marts: Marts) -> str:
    findings = marts.rows("select * from marts.mart_quality_report order by finding_rank")
    if not findings:
        return section("quality", "Quality report: issues and recommendations", no_data("mart_quality_report is empty"))
    items = [finding(f) for f in findings]
    shown = f'<ol class="findings">{"".join(items[:QUALITY_SHOWN])}</ol>'
    rest = (f'<details><summary>{len(items) - QUALITY_SHOWN} more findings</summary>'
            f'<ol class="findings" start="{QUALITY_SHOWN + 1}">{"".join(items[QUALITY_SHOWN:])}</ol></details>'
            if len(items) > QUALITY_SHOWN else "")  # fmt: skip
    counts = {}
    for f in findings:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    summary = note(", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9)))
                   + " findings, ranked by the quality report (severity, then size of the gap to target).")  # fmt: skip
    return section("quality", "Quality report: issues and recommendations", summary + shown + rest, BY_CLUSTER)


def finding(f: dict[str, Any]) -> str:
    kind = "usd" if f["metric"].endswith("_usd") else "pct" if f["metric"].endswith(("_rate", "_score", "_share_easy")) else "num"
    return (
        f'<li class="item {html.escape(f["severity"])}"'
        + ("" if f["scope"] == "all" else f' data-cluster="{html.escape(f["scope"])}"') + ">"
        f'<span class="badge {html.escape(f["severity"])}">{html.escape(f["severity"])}</span> '
        f'<b>{html.escape(f["metric"])}</b> in <b>{html.escape(f["scope"])}</b>: {fmt(f["current_value"], kind)} '
        f'against target {fmt(f["target"], kind)} ({html.escape(str(f["status"]).replace("_", " "))})'
        f'<div class="recommendation">{html.escape(f["recommendation"] or "")}</div></li>'
    )


def incidents_section(marts: Marts) -> str:
    """Incidents of mart_metric_incidents: open first, then newest, then worst; every metric it holds."""
    title = "Metric incidents"
    if not marts.has_table("mart_metric_incidents"):
        return section("incidents", title, no_data("marts.mart_metric_incidents has not been built"))
    incidents = marts.rows("select * from marts.mart_metric_incidents")
    if not incidents:
        return section("incidents", title, no_data("marts.mart_metric_incidents is empty"))
    incidents.sort(key=lambda i: (not i.get("is_open"), -ordinal(i.get("last_day")),
                                  SEVERITY_ORDER.get(str(i.get("severity")), 9), -abs(i.get("worst_z_score") or 0)))  # fmt: skip
    rows = [incident_row(i) for i in incidents]
    detail = table(["state", "severity", "metric and scope", "days", "worst deviation"], rows, "incidents-table")
    opened = sum(1 for i in incidents if i.get("is_open"))
    return section("incidents", title, note(f"{opened} open, {len(incidents) - opened} closed; open first, newest "
                                            "and worst first (mart_metric_incidents, every monitored metric).") + detail)  # fmt: skip


def incident_row(i: dict[str, Any]) -> list[str]:
    """One incident as table cells: state, severity, metric and scope, days, worst deviation."""

    def text(key: str) -> str:
        return html.escape(str(i.get(key)))

    state = '<b class="open">open</b>' if i.get("is_open") else f"closed {html.escape(str(i.get('closed_on') or ''))}"
    worst = f"{text('direction')}: {fmt(i.get('worst_value'))} vs expected {fmt(i.get('worst_expected_value'))}"
    return [
        state,
        f'<span class="badge {text("severity")}">{text("severity")}</span>',
        f"{text('metric')}<small>{text('scope_type')} = {text('scope_value')}</small>",
        f"{text('first_day')} to {text('last_day')}<small>{i.get('breach_days')} breach days of {i.get('days_open')}</small>",
        f"{worst}<small>worst day {text('worst_day')}, z = {fmt(i.get('worst_z_score'))}</small>",
    ]


def ordinal(day: Any) -> int:
    return day.toordinal() if hasattr(day, "toordinal") else 0


def experiments_section(marts: Marts) -> str:
    """The experiment readout: the difference and its interval per metric, the verdict and its reason."""
    title = "Experiment readouts"
    if not marts.has_table("mart_experiment_results"):
        return section("experiments", title, no_data("marts.mart_experiment_results has not been built"))
    results = sorted(marts.rows("select * from marts.mart_experiment_results"),
                     key=lambda r: (str(r.get("experiment_key")), str(r.get("metric"))))
    if not results:
        return section("experiments", title, no_data("marts.mart_experiment_results is empty"))
    parts = []
    for key in dict.fromkeys(r["experiment_key"] for r in results):
        rows = [r for r in results if r["experiment_key"] == key]
        plot = chart({"id": f"chart-experiment-{key}", "type": "interval", "title": f"{key}: treatment vs control",
                      "rows": [readout(r) for r in rows]})  # fmt: skip
        parts.append(f'<div class="wide">{plot}</div>')
        parts.append(table(["metric", "control", "treatment", "difference (95% CI)", "verdict", "reason"],
                           [[html.escape(r["metric"]), fmt(r["control_value"]), fmt(r["treatment_value"]),
                             readout(r)["text"], html.escape(readout(r)["verdict"]), html.escape(reason(r))]
                            for r in rows], f"experiment-{key}-table"))  # fmt: skip
    return section("experiments", title, "".join(parts))


def readout(r: dict[str, Any]) -> dict[str, Any]:
    value = r.get("adjusted_difference") if r.get("adjusted_difference") is not None else r.get("absolute_difference")
    better = None if value is None or not r.get("is_significant") else (value > 0) == bool(r.get("higher_is_better"))
    verdict = str(r.get("decision_status") or "").replace("_", " ")
    if r.get("recommendation"):
        verdict += f": {str(r['recommendation']).replace('_', ' ')}"
    return {"metric": r["metric"], "value": value, "lower": r.get("difference_lower"), "upper": r.get("difference_upper"),
            "good": better, "verdict": verdict, "n": f"{r.get('control_n')} control, {r.get('treatment_n')} treatment",
            "text": f"{fmt(value)} ({fmt(r.get('difference_lower'))} to {fmt(r.get('difference_upper'))})"}  # fmt: skip


def reason(r: dict[str, Any]) -> str:
    """Why the verdict: p-value, minimum effect, maturity and sample-ratio mismatch."""
    parts = [f"p = {r.get('p_value_display')}" + (" (significant)" if r.get("is_significant") else "")]
    if r.get("meets_minimum_effect") is not None:
        parts.append("meets the minimum effect" if r["meets_minimum_effect"] else "below the minimum effect")
    if r.get("is_mature") is False:
        parts.append(f"not mature until {r.get('matures_at')}")
    if r.get("has_sample_ratio_mismatch"):
        parts.append(f"sample ratio mismatch (p = {fmt(r.get('srm_p_value'))})")
    return "; ".join(parts)
