"""Print where the warehouse is and the headline numbers of the last `dbt build`.

Reads the marts of the DuckDB warehouse (DBT_DUCKDB_PATH, default warehouse.duckdb in the
repo root) read-only, so it can run while BI tools hold the file open.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent

# One population for every ladder rate, so the deflection gap compares like with like:
# AI-involved contacts whose outcome is final and whose true-resolution state is known
# (identified, re-contact window matured).
LADDER_SQL = """
with population as (
    select *
    from marts.fct_contacts
    where is_ai_involved and is_outcome_final and is_truly_resolved is not null
)
select
    (select count(*) from marts.fct_contacts) as contacts,
    (select count(*) from marts.fct_contacts where handler_branch = 'ai') as ai_first_contacts,
    (select avg(case when is_ai_involved then 1.0 else 0.0 end) from marts.fct_contacts) as ai_involvement_rate,
    count(*) as population,
    avg(case when is_deflected then 1.0 else 0.0 end) as deflection_rate,
    avg(case when is_contained then 1.0 else 0.0 end) as containment_rate,
    avg(case when is_autonomously_resolved then 1.0 else 0.0 end) as autonomous_resolution_rate,
    avg(case when is_truly_resolved then 1.0 else 0.0 end) as true_resolution_rate,
    avg(case when is_escalated then 1.0 else 0.0 end) as escalation_rate,
    (select min(as_of) from marts.fct_contacts) as as_of
from population
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
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("DBT_DUCKDB_PATH", ROOT / "warehouse.duckdb")),
        help="DuckDB warehouse file (default: $DBT_DUCKDB_PATH or warehouse.duckdb)",
    )
    args = parser.parse_args(argv)
    con = duckdb.connect(str(args.database), read_only=True)
    try:
        row = con.execute(LADDER_SQL).fetchone()
        names = [d[0] for d in con.description]
        ladder = dict(zip(names, row, strict=True))
        print(f"\nWarehouse: {args.database.resolve()}  (as_of {ladder['as_of']})")
        print(f"Contacts: {ladder['contacts']:,}  (AI-first: {ladder['ai_first_contacts']:,})")
        print(f"Resolution ladder ({ladder['population']:,} AI-involved contacts, outcome final and mature):")
        print(f"  AI involvement rate      {pct(ladder['ai_involvement_rate'])}  (of all contacts)")
        print(f"  deflection rate          {pct(ladder['deflection_rate'])}")
        print(f"  containment rate         {pct(ladder['containment_rate'])}")
        print(f"  autonomous resolution    {pct(ladder['autonomous_resolution_rate'])}")
        print(f"  true resolution rate     {pct(ladder['true_resolution_rate'])}")
        print(f"  escalation rate          {pct(ladder['escalation_rate'])}")
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
