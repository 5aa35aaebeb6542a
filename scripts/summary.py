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

LADDER_SQL = """
select
    count(*) as contacts,
    count(*) filter (where handler_branch = 'ai') as ai_first_contacts,
    avg(case when is_ai_involved then 1.0 else 0.0 end) as ai_involvement_rate,
    avg(case when is_deflected then 1.0 else 0.0 end) filter (where is_ai_involved and is_outcome_final)
        as deflection_rate,
    avg(case when is_contained then 1.0 else 0.0 end) filter (where is_ai_involved and is_outcome_final)
        as containment_rate,
    avg(case when is_autonomously_resolved then 1.0 else 0.0 end)
        filter (where is_ai_involved and is_outcome_final) as autonomous_resolution_rate,
    avg(case when is_escalated then 1.0 else 0.0 end) filter (where is_ai_involved) as escalation_rate,
    min(as_of) as as_of
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
        print("Resolution ladder (AI-involved contacts with a final outcome):")
        print(f"  AI involvement rate      {pct(ladder['ai_involvement_rate'])}  (of all contacts)")
        print(f"  deflection rate          {pct(ladder['deflection_rate'])}")
        print(f"  containment rate         {pct(ladder['containment_rate'])}")
        print(f"  autonomous resolution    {pct(ladder['autonomous_resolution_rate'])}")
        print(f"  escalation rate          {pct(ladder['escalation_rate'])}")
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
