"""What the loaders share: the default warehouse file, one transaction, and the file readers."""

from __future__ import annotations

import argparse
import codecs
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from .paths import ROOT, default_warehouse, spark_dir


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """The --database option every loader takes (default $DBT_DUCKDB_PATH or warehouse.duckdb)."""
    parser.add_argument(
        "--database",
        type=Path,
        default=default_warehouse(),
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
def postgres_connection(user: str | None = None) -> Iterator[Any]:
    """A psycopg2 connection from the DBT_PG_* variables (profiles.yml's postgres target), committed on
    success and always closed; `user` overrides DBT_PG_USER (e.g. to connect as the BI role)."""
    import psycopg2

    con = psycopg2.connect(
        host=os.environ.get("DBT_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("DBT_PG_PORT", "5432")),
        user=user or os.environ.get("DBT_PG_USER", "postgres"),
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

# The largest CSV record the reader accepts (DuckDB's default, 2 MB, fails on one long message body).
MAX_CSV_LINE_BYTES = 1 << 30


def read_expression(path: Path) -> str:
    """A DuckDB table function reading a CSV (RFC 4180: comma, double quotes; every value as text)
    or Parquet file. The delimiter is fixed, never sniffed: free text full of `;` or `|` must not
    change how a file is split."""
    quoted = str(path).replace("'", "''")
    if path.suffix == ".parquet":
        return f"read_parquet('{quoted}')"
    return (
        f"read_csv('{quoted}', header = true, all_varchar = true, delim = ',', quote = '\"', "
        f"escape = '\"', max_line_size = {MAX_CSV_LINE_BYTES})"
    )


def is_utf8(path: Path, chunk_bytes: int = 1 << 24) -> bool:
    """Whether every byte of the file is valid UTF-8 (streamed; the whole file is never in memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while chunk := f.read(chunk_bytes):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def utf8_repaired_copy(path: Path, out: Path, chunk_chars: int = 1 << 22) -> int:
    """Copy a text file whose bytes are not all UTF-8 to `out`, each invalid byte sequence replaced
    by U+FFFD (staging quarantines a row holding one outside free text); returns the number of
    replacement characters written."""
    replaced = 0
    with (
        path.open(encoding="utf-8", errors="replace", newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(chunk_chars):
            replaced += chunk.count("\ufffd")
            dst.write(chunk)
    return replaced


def spark_conf(root: Path | None = None) -> dict[str, str]:
    """The Spark session settings of profiles.yml's spark target (its server_side_parameters, with the
    environment variables rendered), so the loader and the tests open the session dbt opens."""
    import jinja2
    import yaml

    root = root or ROOT
    text = (root / "profiles.yml").read_text()
    rendered = jinja2.Environment().from_string(text).render(
        env_var=lambda name, default=None: os.environ.get(name, default)
    )
    profile = yaml.safe_load(rendered)["support_truth"]["outputs"]["spark"]
    return {k: str(v) for k, v in profile["server_side_parameters"].items()}


def spark_session() -> Any:
    """The process's Spark session (local, Hive metastore), created with spark_conf() when none runs.

    The embedded Derby metastore admits one process at a time: stop_spark() before another process
    (e.g. dbt) opens it."""
    from pyspark.sql import SparkSession

    spark_dir().mkdir(parents=True, exist_ok=True)  # derby.log
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_conf().items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def stop_spark() -> None:
    """Stop the process's Spark session (if any) and its JVM, releasing the metastore."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()
    gateway = SparkContext._gateway
    if gateway is not None:
        proc = getattr(gateway, "proc", None)  # the JVM pyspark launched for this process
        gateway.shutdown()
        SparkContext._gateway = None
        SparkContext._jvm = None
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=60)
