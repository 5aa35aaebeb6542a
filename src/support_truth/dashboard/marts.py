"""Read-only access to the marts, and the filterable aggregates the page re-divides in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

# The filter cube: one row per ISO week in the reporting time zone (var reporting_time_zone: the facts'
# contact_week, contact_date and instructed_date are local, their timestamps UTC) x channel x intent
# cluster; every column after the three dimensions is a count or a sum of fct_contacts flags (or of
# fct_instructions / fct_escalations flags, joined to the contact's channel), never a rate. The page
# sums the rows of the selection and divides (docs/decisions.md D-2012). Each (numerator, denominator)
# pair repeats the mart's expression of that rate (macro performance_metric_columns,
# mart_downstream_action, mart_escalation_quality), so the unfiltered value equals the scorecard's.
CONTACT_MEASURES = {
    "contacts": "count(*)",
    "ai_eligible": "count_if(is_ai_rate_eligible)",
    "deflected": "count_if(is_ai_rate_eligible and is_deflected)",
    "contained": "count_if(is_ai_rate_eligible and is_contained)",
    "true_eligible": "count_if(is_true_resolution_eligible)",
    "truly_resolved": "count_if(is_true_resolution_eligible and is_truly_resolved)",
    "settled": "count_if(is_outcome_settled)",
    "automated": "count_if(is_outcome_settled and is_contained)",
    "branch_eligible": "count_if(is_ai_branch_rate_eligible)",
    "escalated": "count_if(is_ai_branch_rate_eligible and is_escalated)",
    "recontact_eligible": "count_if(is_recontact_rate_eligible)",
    "recontacted": "count_if(is_recontact_rate_eligible and is_recontacted)",
    "fcr_eligible": "count_if(is_fcr is not null)",
    "fcr": "count_if(is_fcr)",
    "csat_responses": "count(csat_score)",
    "csat_top2": "count_if(csat_score >= 4)",
    "csat_sum": "coalesce(sum(csat_score), 0)",
    **{
        f"csat_{stream}_{part}": f"count_if(csat_stream = '{stream}' and csat_score {test})"
        for stream in ("ai_only", "post_handoff", "human_only")
        for part, test in (("responses", "is not null"), ("top2", ">= 4"))
    },
    "ai_cost_eligible_usd": "coalesce(sum(case when is_ai_rate_eligible then ai_cost_usd else 0 end), 0)",
}
INSTRUCTION_MEASURES = {
    "instructions_eligible": "count_if(i.is_rate_eligible)",
    "actions_taken": "count_if(i.is_action_taken)",
}
ESCALATION_MEASURES = {
    "settled_escalations": "count(*)",
    "context_lost": "count_if(is_context_lost)",
}
DIMENSIONS = ("week", "channel", "intent_cluster")


def cube_sql() -> str:
    """The filter cube's SQL (DuckDB) over fct_contacts, fct_contact_costs, fct_instructions, fct_escalations."""

    def select(measures: dict[str, str]) -> str:
        return ", ".join(f"{expr} as {name}" for name, expr in measures.items())

    names = [*CONTACT_MEASURES, *INSTRUCTION_MEASURES, *ESCALATION_MEASURES]
    return f"""
with contact_side as (
    select c.contact_week as week, c.channel, c.intent_cluster,
        {select(CONTACT_MEASURES)}
    from marts.fct_contacts as c left join (select contact_id, ai_cost_usd from marts.fct_contact_costs) as k
        on c.contact_id = k.contact_id
    group by all
),
instruction_side as (
    select cast(date_trunc('week', i.instructed_date) as date) as week, c.channel, i.intent_cluster,
        {select(INSTRUCTION_MEASURES)}
    from marts.fct_instructions as i inner join marts.fct_contacts as c on i.contact_id = c.contact_id
    group by all
),
escalation_side as (
    select cast(date_trunc('week', contact_date) as date) as week, channel, intent_cluster,
        {select(ESCALATION_MEASURES)}
    from marts.fct_escalations
    where is_post_handoff_rate_eligible
    group by all
)
select strftime(week, '%Y-%m-%d') as week, channel, intent_cluster,
    {", ".join(f"coalesce({name}, 0) as {name}" for name in names)}
from contact_side
full outer join instruction_side using (week, channel, intent_cluster)
full outer join escalation_side using (week, channel, intent_cluster)
order by week, channel, intent_cluster
"""


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

    def cube(self) -> dict[str, Any]:
        """The filter cube as {"columns": [...], "rows": [[...], ...]} (compact JSON for the page)."""
        cursor = self.con.execute(cube_sql())
        columns = [d[0] for d in cursor.description]
        rows = [[float(v) if isinstance(v, float) else (int(v) if isinstance(v, int) else v) for v in row]
                for row in cursor.fetchall()]  # fmt: skip
        return {"columns": columns, "rows": rows}

    def close(self) -> None:
        self.con.close()
