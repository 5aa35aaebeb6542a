"""Print where the warehouse is and the headline numbers of the last `dbt build`.

Reads the marts of the DuckDB warehouse (DBT_DUCKDB_PATH, default warehouse.duckdb in the
repo root) read-only, so it can run while BI tools hold the file open.
"""

from __future__ import annotations

import argparse

import duckdb

from .warehouse import add_database_argument


# Each rate over its own population flag and success flag of fct_contacts (docs/decisions.md
# D-1705): the same definition as the marts, the semantic layer and the scorecard, so the numbers
# printed here are the whole-period values every other place shows.
def rate_sql(name: str, population: str, success: str) -> str:
    """count(population and success) / count(population) as `name` (null when the population is empty)."""
    return (
        f"cast(count(case when ({population}) and ({success}) then 1 end) as double)"
        f" / nullif(count(case when {population} then 1 end), 0) as {name}"
    )


LADDER_SQL = f"""
select
    count(*) as contacts,
    count(case when handler_branch = 'ai' then 1 end) as ai_first_contacts,
    count(case when not is_outcome_settled then 1 end) as unsettled_contacts,
    {rate_sql("ai_involvement_rate", "is_outcome_settled", "is_ai_involved")},
    {rate_sql("deflection_rate", "is_ai_rate_eligible", "is_deflected")},
    {rate_sql("containment_rate", "is_ai_rate_eligible", "is_contained")},
    {rate_sql("autonomous_resolution_rate", "is_ai_rate_eligible", "is_autonomously_resolved")},
    {rate_sql("true_resolution_rate", "is_truly_resolved is not null", "is_truly_resolved")},
    {rate_sql("escalation_rate", "is_ai_branch_rate_eligible", "is_escalated")},
    {rate_sql("post_handoff_resolution_rate", "is_post_handoff_rate_eligible", "is_resolved_after_handoff")},
    {rate_sql("fcr_rate", "is_fcr is not null", "is_fcr")},
    min(as_of) as as_of,
    max(recontact_window_hours) as recontact_window_hours
from marts.fct_contacts
"""

OUTCOME_SQL = """
select outcome, count(*) as contacts, round(100.0 * count(*) / sum(count(*)) over (), 1) as pct
from marts.fct_contacts
group by outcome
order by contacts desc
"""

QUARANTINE_SQL = """
select source_table, reason, count(*) as rows
from quality.quarantine_rows
group by source_table, reason
order by source_table, reason
"""


def pct(value: float | None) -> str:
    """A rate as a percentage with one decimal, or n/a."""
    return "n/a" if value is None else f"{100 * value:.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_database_argument(parser)
    args = parser.parse_args(argv)
    con = duckdb.connect(str(args.database), read_only=True)
    try:
        row = con.execute(LADDER_SQL).fetchone()
        names = [d[0] for d in con.description]
        ladder = dict(zip(names, row, strict=True))
        print(f"\nWarehouse: {args.database.resolve()}  (as_of {ladder['as_of']})")
        print(f"Contacts: {ladder['contacts']:,}  (AI-first: {ladder['ai_first_contacts']:,})")
        print(f"Headline rates (whole period; {ladder['unsettled_contacts']:,} contacts not yet settled are in no rate):")
        print(f"  AI involvement rate      {pct(ladder['ai_involvement_rate'])}  (of settled contacts)")
        print(f"  deflection rate          {pct(ladder['deflection_rate'])}")
        print(f"  containment rate         {pct(ladder['containment_rate'])}")
        print(f"  autonomous resolution    {pct(ladder['autonomous_resolution_rate'])}")
        print(f"  true resolution rate     {pct(ladder['true_resolution_rate'])}")
        print(f"  escalation rate          {pct(ladder['escalation_rate'])}  (of AI-first contacts)")
        print(f"  post-handoff resolution  {pct(ladder['post_handoff_resolution_rate'])}")
        fcr_label = f"FCR ({ladder['recontact_window_hours']}h)"
        print(f"  {fcr_label:<24} {pct(ladder['fcr_rate'])}")
        gap = ladder["deflection_rate"] - ladder["true_resolution_rate"]
        print(f"  DEFLECTION GAP           {100 * gap:.1f} points (deflection - true resolution)")
        print("Outcomes:")
        for outcome, contacts, share in con.execute(OUTCOME_SQL).fetchall():
            print(f"  {outcome:<18} {contacts:>8,}  {share:>5}%")
        quarantined = con.execute(QUARANTINE_SQL).fetchall()
        print(f"Quarantined raw rows: {sum(r[2] for r in quarantined):,}")
        for table, reason, rows in quarantined:
            print(f"  {table:<36} {reason:<22} {rows:>6,}")
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
