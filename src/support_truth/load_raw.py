"""Load a directory in the raw contract's layout into the warehouse of the active dbt target.

The directory holds one file per raw table, `DIR/<system>/<table>.csv` or `.parquet`
(as `support-truth-generate` writes it). Each file replaces the table `<system>.<table>`.
CSV values are loaded as text so that staging, not the loader, decides what is bad input: a
CSV that is not valid UTF-8 is still loaded, each invalid byte sequence replaced by U+FFFD (with a
warning; staging quarantines such rows as invalid_encoding unless the value is free text), and a
record may be up to 1 GiB (one huge message body must not stop the load).
`_loaded_at` is filled with the load time where a file does not carry it. A table whose file
is absent is created empty, with the contract's columns, so a build still runs.

Every file is checked before any table is replaced (support_truth.file_checks): a CSV cut mid-row
or with a record of the wrong number of fields, or a truncated Parquet file, stops the load with an
error naming the file and the line (exit 1), and the previous raw tables stay as they were.

Engines (--target, default $DBT_TARGET or duckdb):
  duckdb    the file named by --database / DBT_DUCKDB_PATH (default warehouse.duckdb in the repo root);
  postgres  the server named by DBT_PG_HOST, DBT_PG_PORT, DBT_PG_USER, DBT_PG_PASSWORD and
            DBT_PG_DATABASE (as profiles.yml reads them); every column is loaded as text.
  spark     a local Spark session with profiles.yml's spark settings (DBT_SPARK_DIR holds the
            warehouse and its metastore); every column is loaded as string.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from .contract import Table, contract_tables
from .file_checks import BadRawFile, check_file
from .warehouse import (
    add_database_argument,
    is_utf8,
    postgres_connection,
    read_expression,
    spark_session,
    stop_spark,
    transaction,
    utf8_repaired_copy,
)


def find_file(directory: Path, table: Table) -> Path | None:
    """The CSV or Parquet file of a table in the directory, if any."""
    for suffix in (".parquet", ".csv"):
        candidate = directory / table.system / f"{table.name}{suffix}"
        if candidate.exists():
            return candidate
    return None

def utf8_file(path: Path, scratch: Path) -> Path:
    """The file itself when it is Parquet or valid UTF-8; otherwise a repaired copy in `scratch`."""
    if path.suffix == ".parquet" or is_utf8(path):
        return path
    repaired = scratch / f"{path.parent.name}__{path.name}"
    n = utf8_repaired_copy(path, repaired)
    print(f"  warning: {path} is not valid UTF-8; {n:,} invalid byte sequence(s) loaded as U+FFFD",
          file=sys.stderr)
    return repaired


Files = dict[str, Path | None]  # table (system.name) -> its checked, UTF-8 file; None when absent


def checked_files(directory: Path, scratch: Path) -> Files:
    """Every contract table's file, checked (BadRawFile on the first bad one, before anything is
    replaced) and UTF-8 (a repaired copy in `scratch` where needed); None where a table has no file."""
    found = {table.qualified: find_file(directory, table) for table in contract_tables()}
    for path in found.values():
        if path is not None:
            check_file(path)
    return {name: None if path is None else utf8_file(path, scratch) for name, path in found.items()}


def load_duckdb(files: Files, database: Path, loaded_at: str) -> dict[str, int]:
    """Replace every contract table in the DuckDB file; return rows loaded per table."""
    counts: dict[str, int] = {}
    with transaction(database) as con:
        for table in contract_tables():
            con.execute(f'create schema if not exists "{table.system}"')
            target = f'"{table.system}"."{table.name}"'
            path = files[table.qualified]
            if path is None:
                cols = ", ".join(f'"{c.name}" varchar' for c in table.columns)
                con.execute(f"create or replace table {target} ({cols})")
                print(f"  warning: no file for {table.qualified}; created it empty", file=sys.stderr)
                counts[table.qualified] = 0
                continue
            source = read_expression(path)
            names = {r[0].lower() for r in con.execute(f"describe select * from {source}").fetchall()}
            fill = "" if "_loaded_at" in names else f", timestamp '{loaded_at}' as _loaded_at"
            con.execute(f"create or replace table {target} as select *{fill} from {source}")
            counts[table.qualified] = con.execute(f"select count(*) from {target}").fetchone()[0]
    return counts

def text_select(reader, path: Path | None, loaded_at: str, strip_nul: bool) -> tuple[list[str], str] | None:
    """(column names, DuckDB select of every column as text) reading a table's file; None when absent.

    `_loaded_at` is added with the load time when the file lacks it; `strip_nul` removes NUL
    characters (PostgreSQL text cannot hold them)."""
    if path is None:
        return None
    source = read_expression(path)
    names = [r[0] for r in reader.execute(f"describe select * from {source}").fetchall()]
    values = ", ".join(
        (f"replace(cast(\"{n}\" as varchar), chr(0), '')" if strip_nul else f"cast(\"{n}\" as varchar)")
        + f' as "{n}"'
        for n in names
    )
    select = f"select {values} from {source}"
    if "_loaded_at" not in {n.lower() for n in names}:
        names.append("_loaded_at")
        select = f"select {values}, '{loaded_at}' as _loaded_at from {source}"
    return names, select


def load_postgres(files: Files, loaded_at: str) -> dict[str, int]:
    """Replace every contract table on the PostgreSQL server, all in one transaction; rows per table.

    DuckDB reads each file and writes it as CSV text, which COPY streams into an all-text table.
    PostgreSQL text cannot hold NUL characters: they are removed (the only change to a value)."""
    import duckdb

    counts: dict[str, int] = {}
    reader = duckdb.connect()
    with postgres_connection() as pg, pg.cursor() as cur, tempfile.TemporaryDirectory() as tmp:
        for table in contract_tables():
            target = f'"{table.system}"."{table.name}"'
            cur.execute(f'create schema if not exists "{table.system}"')
            cur.execute(f"drop table if exists {target}")
            read = text_select(reader, files[table.qualified], loaded_at, strip_nul=True)
            if read is None:
                columns = ", ".join(f'"{c.name}" text' for c in table.columns)
                cur.execute(f"create table {target} ({columns})")
                print(f"  warning: no file for {table.qualified}; created it empty", file=sys.stderr)
                counts[table.qualified] = 0
                continue
            names, select = read
            columns = ", ".join(f'"{n}" text' for n in names)
            cur.execute(f"create table {target} ({columns})")
            csv = Path(tmp) / f"{table.system}.{table.name}.csv"
            reader.execute(f"copy ({select}) to '{csv}' (header false, quote '\"', escape '\"')")
            with csv.open(encoding="utf-8", errors="replace") as f:
                cur.copy_expert(f"copy {target} from stdin with (format csv)", f)
            counts[table.qualified] = cur.rowcount
    return counts


def load_spark(files: Files, loaded_at: str) -> dict[str, int]:
    """Replace every contract table in the Spark warehouse (profiles.yml's spark target); rows per table.

    DuckDB reads each file and writes it as all-text Parquet, which Spark copies into a parquet
    table `<system>.<table>`. The session is stopped afterwards: the embedded metastore admits one
    process at a time."""
    import duckdb

    counts: dict[str, int] = {}
    reader = duckdb.connect()
    spark = spark_session()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for table in contract_tables():
                target = f"`{table.system}`.`{table.name}`"
                spark.sql(f"create schema if not exists `{table.system}`")
                spark.sql(f"drop table if exists {target}")
                read = text_select(reader, files[table.qualified], loaded_at, strip_nul=False)
                if read is None:
                    columns = ", ".join(f"`{c.name}` string" for c in table.columns)
                    spark.sql(f"create table {target} ({columns}) using parquet")
                    print(f"  warning: no file for {table.qualified}; created it empty", file=sys.stderr)
                    counts[table.qualified] = 0
                    continue
                _, select = read
                parquet = Path(tmp) / f"{table.system}.{table.name}.parquet"
                reader.execute(f"copy ({select}) to '{parquet}' (format parquet)")
                spark.read.parquet(str(parquet)).write.format("parquet").saveAsTable(f"{table.system}.{table.name}")
                counts[table.qualified] = spark.table(target).count()
    finally:
        stop_spark()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("directory", type=Path, help="directory in the raw contract's layout")
    parser.add_argument(
        "--target",
        default=os.environ.get("DBT_TARGET", "duckdb"),
        help="dbt target to load into (default: $DBT_TARGET or duckdb)",
    )
    add_database_argument(parser)
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a directory")
    if args.target not in ("duckdb", "postgres", "spark"):
        parser.error(f"target {args.target!r} is not supported by the loader (duckdb, postgres, spark)")
    loaded_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    with tempfile.TemporaryDirectory(prefix="load_raw_") as scratch:
        try:
            files = checked_files(args.directory, Path(scratch))
        except BadRawFile as e:
            print(f"support-truth-load: {e}", file=sys.stderr)
            return 1
        if args.target == "duckdb":
            counts, where = load_duckdb(files, args.database, loaded_at), str(args.database)
        elif args.target == "postgres":
            counts, where = load_postgres(files, loaded_at), "postgres"
        else:
            counts, where = load_spark(files, loaded_at), "spark"
    width = max(len(k) for k in counts)
    print(f"loaded {sum(counts.values()):,} rows into {where}")
    for name, n in counts.items():
        print(f"  {name:<{width}}  {n:>12,}")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
