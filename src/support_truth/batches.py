"""Split loaded raw tables into arrival batches, to simulate scheduled appends (DuckDB).

A scheduled load appends rows to the raw tables; every row carries `_loaded_at` (arrival). This
module turns one loaded data set into batches by arrival time, so an incremental build can be
checked (tests/python/test_incremental.py) or timed (one more day at a time):

  hold_back(con, cutoff)        move every raw row with _loaded_at >= cutoff into a holding schema
                                (`_held_batches`, one table per raw table); returns {table: rows held}
  release(con, until=None)      append held rows back to their raw tables: those with
                                _loaded_at < until, or all when until is None; returns {table: rows}
  held_rows(con)                {table: rows still held}
  raw_tables(con, schemas)      the raw tables (schema.table) that have a _loaded_at column

`con` is a duckdb connection to the warehouse file; `cutoff` / `until` are datetimes (naive = UTC)
or ISO-8601 text. `_loaded_at` is read as the loader wrote it (text with or without an offset, or a
native timestamp); a row whose `_loaded_at` is missing or unparseable is never held back (it
belongs to the first batch). Appends keep the rows exactly as loaded (same text, same columns).

Command line (the warehouse is --duckdb, default $DBT_DUCKDB_PATH):

  support-truth-batches hold-back --cutoff 2026-02-10T00:00:00
  support-truth-batches release --until 2026-02-11T00:00:00   # one more day
  support-truth-batches release                               # everything held
  support-truth-batches status
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from datetime import datetime

import duckdb

HELD_SCHEMA = "_held_batches"
RAW_SCHEMAS = ("agent_platform", "helpdesk", "product_analytics", "crm")
# _loaded_at as a UTC timestamp: text with an offset or Z is converted, text without is UTC.
ARRIVAL = "try_cast(try_cast(_loaded_at as timestamptz) as timestamp)"


def _ts(value: datetime | str) -> str:
    text = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    return "timestamp '" + text.replace("'", "''") + "'"


def _held_name(table: str) -> str:
    schema, name = table.split(".")
    return f'{HELD_SCHEMA}."{schema}__{name}"'


def _quoted(table: str) -> str:
    schema, name = table.split(".")
    return f'"{schema}"."{name}"'


def raw_tables(con: duckdb.DuckDBPyConnection, schemas: Sequence[str] = RAW_SCHEMAS) -> list[str]:
    """Every table in `schemas` with a _loaded_at column, as schema.table, sorted."""
    rows = con.execute(
        "select distinct table_schema, table_name from information_schema.columns "
        "where lower(column_name) = '_loaded_at' and table_schema in (select unnest(?)) "
        "order by 1, 2", [list(schemas)]).fetchall()
    return [f"{s}.{t}" for s, t in rows]


def hold_back(con: duckdb.DuckDBPyConnection, cutoff: datetime | str,
              schemas: Sequence[str] = RAW_SCHEMAS) -> dict[str, int]:
    """Move raw rows that arrived at or after `cutoff` into the holding schema."""
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create schema if not exists {HELD_SCHEMA}")
    held: dict[str, int] = {}
    for table in raw_tables(con, schemas):
        late = f"{ARRIVAL} >= {_ts(cutoff)}"
        con.execute(f"create table if not exists {_held_name(table)} as "
                    f"select * from {_quoted(table)} limit 0")
        con.execute(f"insert into {_held_name(table)} by name select * from {_quoted(table)} where {late}")
        (n,) = con.execute(f"select count(*) from {_quoted(table)} where {late}").fetchone() or (0,)
        con.execute(f"delete from {_quoted(table)} where {late}")
        held[table] = int(n)
    return held


def held_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows still held, per raw table."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1",
        [HELD_SCHEMA]).fetchall()
    out: dict[str, int] = {}
    for (name,) in tables:
        (n,) = con.execute(f'select count(*) from {HELD_SCHEMA}."{name}"').fetchone() or (0,)
        out[name.replace("__", ".", 1)] = int(n)
    return out


def release(con: duckdb.DuckDBPyConnection, until: datetime | str | None = None) -> dict[str, int]:
    """Append held rows (those that arrived before `until`, or all) to their raw tables."""
    con.execute("set TimeZone = 'UTC'")
    released: dict[str, int] = {}
    for table in held_rows(con):
        due = "true" if until is None else f"{ARRIVAL} < {_ts(until)}"
        (n,) = con.execute(f"select count(*) from {_held_name(table)} where {due}").fetchone() or (0,)
        con.execute(f"insert into {_quoted(table)} by name select * from {_held_name(table)} where {due}")
        con.execute(f"delete from {_held_name(table)} where {due}")
        released[table] = int(n)
        (left,) = con.execute(f"select count(*) from {_held_name(table)}").fetchone() or (0,)
        if left == 0:
            con.execute(f"drop table {_held_name(table)}")
    if not held_rows(con):
        con.execute(f"drop schema if exists {HELD_SCHEMA}")
    return released


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duckdb", default=os.environ.get("DBT_DUCKDB_PATH", "warehouse.duckdb"),
                        help="warehouse file (default $DBT_DUCKDB_PATH or warehouse.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    hold = sub.add_parser("hold-back", help="hold back rows that arrived at or after --cutoff")
    hold.add_argument("--cutoff", required=True, help="ISO-8601 UTC timestamp")
    rel = sub.add_parser("release", help="append held rows that arrived before --until (default: all)")
    rel.add_argument("--until", default=None, help="ISO-8601 UTC timestamp")
    sub.add_parser("status", help="rows still held per raw table")
    args = parser.parse_args(argv)
    con = duckdb.connect(args.duckdb)
    try:
        if args.command == "hold-back":
            counts = hold_back(con, args.cutoff)
        elif args.command == "release":
            counts = release(con, args.until)
        else:
            counts = held_rows(con)
    finally:
        con.close()
    for table, n in counts.items():
        print(f"{table}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
