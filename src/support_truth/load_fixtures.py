"""Load vendor-schema fixtures (Fivetran Zendesk / Intercom, Segment) for the source adapters.

DIR holds one CSV per vendor table named `<table>_data.csv` (the naming of Fivetran's
integration-test seeds, e.g. `ticket_data.csv` is table `ticket`); warehouse-specific variants
(`*_data_snowflake.csv`, `*_data_postgres.csv`) are skipped; `<table>_added_data.csv` is table
`<table>` too. Each file replaces the table `<schema>.<table>`, the schema defaulting to the
system name (the project's `raw_schema_<system>` var defaults). Values load as text so that staging decides what is bad.
With --append, each file's rows are added to the table instead, matched by column name (columns
the file lacks are null; a table that does not exist yet is created): how the project's own rows
(tests/fixtures/*_added) go beside the vendor's seeds, which stay unchanged.

Engines: DuckDB (the file named by DBT_DUCKDB_PATH, default warehouse.duckdb in the repo root).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .warehouse import add_database_argument, read_expression, transaction

SYSTEMS = ("zendesk", "intercom", "segment")
# `<table>_added_data.csv` is also table `<table>`: rows this project adds to a vendor's seeds
# (tests/fixtures/*_added) need file names of their own, since dbt reads every CSV under
# tests/fixtures as a unit-test fixture and refuses two with the same name.
FIXTURE = re.compile(r"^(?P<table>[a-z0-9_]+?)(_added)?_data\.csv$")


def fixture_files(directory: Path) -> dict[str, Path]:
    """{table: file} of the `<table>_data.csv` files in the directory."""
    found: dict[str, Path] = {}
    for path in sorted(directory.glob("*_data.csv")):
        match = FIXTURE.match(path.name)
        if match:
            found[match.group("table")] = path
    return found


def load(directory: Path, database: Path, schema: str, append: bool = False) -> dict[str, int]:
    """Replace (append: add to) every fixture table in `schema` of the DuckDB file; return rows per table."""
    files = fixture_files(directory)
    if not files:
        raise SystemExit(f"no <table>_data.csv files in {directory}")
    counts: dict[str, int] = {}
    with transaction(database) as con:
        con.execute(f'create schema if not exists "{schema}"')
        for table, path in files.items():
            exists = con.execute(
                "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                [schema, table],
            ).fetchone()[0]
            if append and exists:
                con.execute(f'insert into "{schema}"."{table}" by name select * from {read_expression(path)}')
            else:
                con.execute(
                    f'create or replace table "{schema}"."{table}" as select * from {read_expression(path)}'
                )
            counts[f"{schema}.{table}"] = con.execute(
                f'select count(*) from "{schema}"."{table}"'
            ).fetchone()[0]
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--system", required=True, choices=SYSTEMS, help="vendor schema of the files")
    parser.add_argument("directory", type=Path, help="directory of <table>_data.csv files")
    parser.add_argument("--schema", help="target schema (default: the system name)")
    parser.add_argument(
        "--append", action="store_true", help="add the rows to existing tables instead of replacing them"
    )
    add_database_argument(parser)
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a directory")
    counts = load(args.directory, args.database, args.schema or args.system, append=args.append)
    width = max(len(k) for k in counts)
    print(f"loaded {sum(counts.values()):,} {args.system} rows into {args.database}", file=sys.stderr)
    for name, n in counts.items():
        print(f"  {name:<{width}}  {n:>8,}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
