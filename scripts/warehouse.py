"""What the loaders share: the default warehouse file, one transaction, and the file readers."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """The --database option every loader takes (default $DBT_DUCKDB_PATH or warehouse.duckdb)."""
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("DBT_DUCKDB_PATH", ROOT / "warehouse.duckdb")),
        help="DuckDB file (default: $DBT_DUCKDB_PATH or warehouse.duckdb in the repo root)",
    )


@contextmanager
def transaction(database: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the DuckDB file inside one transaction: all tables replaced, or none."""
    con = duckdb.connect(str(database))
    try:
        con.execute("begin transaction")
        yield con
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.close()


@contextmanager
def postgres_connection() -> Iterator[Any]:
    """A psycopg2 connection from the DBT_PG_* variables (profiles.yml's postgres target), committed on success."""
    import psycopg2

    con = psycopg2.connect(
        host=os.environ.get("DBT_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("DBT_PG_PORT", "5432")),
        user=os.environ.get("DBT_PG_USER", "postgres"),
        password=os.environ.get("DBT_PG_PASSWORD", ""),
        dbname=os.environ.get("DBT_PG_DATABASE", "postgres"),
    )
    try:
        yield con
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        con.close()


def read_expression(path: Path) -> str:
    """A DuckDB table function reading a CSV (every value as text) or Parquet file."""
    quoted = str(path).replace("'", "''")
    if path.suffix == ".parquet":
        return f"read_parquet('{quoted}')"
    return f"read_csv('{quoted}', header = true, all_varchar = true, quote = '\"', escape = '\"')"
