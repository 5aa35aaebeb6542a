"""Publish a built DuckDB warehouse for readers (BI tools), atomically.

dbt builds into a *build* file (DBT_DUCKDB_PATH). DuckDB lets one process write a file and readers
cannot open a file a writer holds, so BI tools never read the build file. They read the *published*
file, which only this script writes, and only by replacing it whole:

  1. copy the published schemas (default: marts) of the build file into a new file next to the
     published one (`.<name>.<build_id>.tmp`), plus `meta.publication` (build_id, as_of, built_at,
     published_at) and `meta.published_tables` (row count per table);
  2. check every copied table's row count against the build file, checkpoint, fsync;
  3. os.replace() the new file onto the published path (an atomic rename on POSIX), fsync the folder.

A reader that opens the published path gets either the old file or the new one, never a mix; a
connection that is already open keeps reading the version it opened (the old inode stays valid
until it closes), so reconnect to see a new build. A crash at any point leaves the previous
published file untouched (a stale .tmp file is removed by the next publish); an error (e.g. the
disk is full) removes the new file at once and exits non-zero, the published file untouched.

Readers: duckdb.connect(PUBLISHED, read_only=True), e.g.
  select p.build_id, p.as_of, m.* from meta.publication as p cross join marts.mart_fcr as m
"""

from __future__ import annotations

import argparse
import fcntl
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from .paths import ROOT, default_warehouse

DEFAULT_PUBLISHED = ROOT / "published" / "warehouse.duckdb"


@dataclass(frozen=True)
class Publication:
    build_id: str
    path: Path
    tables: dict[str, int]  # schema.table -> rows


def new_build_id(now: datetime | None = None) -> str:
    """A sortable, unique id: UTC start time plus a random suffix, e.g. 20260301T091500Z-3f2a9c."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def fsync_path(path: Path) -> None:
    """Flush a file's (or a folder's) data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale(published: Path) -> None:
    """Remove temporary files a killed publish left next to the published file."""
    for stale in published.parent.glob(f".{published.name}.*.tmp*"):
        stale.unlink(missing_ok=True)


def copy_tables(con: duckdb.DuckDBPyConnection, schemas: list[str]) -> dict[str, int]:
    """Copy every table and view of the schemas from the attached `build` database; rows per table."""
    tables: dict[str, int] = {}
    for schema in schemas:
        names = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'build' "
            "and table_schema = ? order by table_name", [schema]).fetchall()]
        if not names:
            raise SystemExit(f"publish: schema {schema!r} has no tables in the build file; nothing published")
        con.execute(f'create schema "{schema}"')
        for name in names:
            con.execute(f'create table "{schema}"."{name}" as select * from build."{schema}"."{name}"')
            (copied,) = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone() or (0,)
            (source,) = con.execute(f'select count(*) from build."{schema}"."{name}"').fetchone() or (0,)
            if copied != source:
                raise SystemExit(f"publish: {schema}.{name} copied {copied} rows of {source}; nothing published")
            tables[f"{schema}.{name}"] = copied
    return tables


def build_as_of(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The build's as_of (intermediate.int_as_of), if the build has one."""
    try:
        row = con.execute("select max(as_of) from build.intermediate.int_as_of").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


@contextmanager
def exclusive_lock(path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive flock on `path` (created if absent); yields False when busy and not waiting.
    The kernel releases it when the process dies, so a killed run never leaves it held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def publish(build_db: Path, published: Path, schemas: list[str], build_id: str | None = None,
            built_at: datetime | None = None) -> Publication:
    """Copy the schemas of the build file into a new file and swap it onto `published` atomically
    (one publisher at a time: an exclusive lock next to the published file)."""
    build_id = build_id or new_build_id()
    published.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(published.parent / f".{published.name}.publish.lock"):
        return _publish(build_db, published, schemas, build_id, built_at)


def _publish(build_db: Path, published: Path, schemas: list[str], build_id: str,
             built_at: datetime | None) -> Publication:
    remove_stale(published)
    tmp = published.parent / f".{published.name}.{build_id}.tmp"
    try:
        tables = _write_copy(build_db, tmp, schemas, build_id, built_at)
    except BaseException:
        remove_stale(published)  # e.g. a full disk: give the space back now, not at the next publish
        raise
    os.replace(tmp, published)
    fsync_path(published.parent)
    return Publication(build_id, published, tables)


def _write_copy(build_db: Path, tmp: Path, schemas: list[str], build_id: str,
                built_at: datetime | None) -> dict[str, int]:
    """Write the new file (`tmp`): the schemas' tables and the meta tables; checkpointed and synced."""
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"attach '{str(build_db).replace(chr(39), chr(39) * 2)}' as build (read_only)")
        tables = copy_tables(con, schemas)
        con.execute("create schema meta")
        con.execute(
            "create table meta.publication as select ? as build_id, cast(? as timestamp) as as_of, "
            "cast(? as timestamp) as built_at, cast(? as timestamp) as published_at",
            [build_id, build_as_of(con), (built_at or datetime.now(UTC)).replace(tzinfo=None),
             datetime.now(UTC).replace(tzinfo=None)])
        con.execute("create table meta.published_tables (table_schema varchar, table_name varchar, row_count bigint)")
        con.executemany("insert into meta.published_tables values (?, ?, ?)",
                        [[*k.split(".", 1), n] for k, n in tables.items()])
        con.execute("detach build")
        con.execute("checkpoint")
    finally:
        con.close()
    if Path(f"{tmp}.wal").exists():
        raise SystemExit(f"publish: {tmp}.wal left behind after checkpoint; nothing published")
    fsync_path(tmp)
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-db", type=Path,
                        default=default_warehouse(),
                        help="the DuckDB file dbt built (default: $DBT_DUCKDB_PATH or warehouse.duckdb)")
    parser.add_argument("--published", type=Path, default=DEFAULT_PUBLISHED,
                        help="the file readers open (default: published/warehouse.duckdb)")
    parser.add_argument("--schema", action="append", dest="schemas",
                        help="schema to publish; repeat for several (default: marts)")
    parser.add_argument("--build-id", help="id recorded in meta.publication (default: UTC time + random suffix)")
    args = parser.parse_args(argv)
    if not args.build_db.exists():
        parser.error(f"{args.build_db} does not exist")
    try:
        pub = publish(args.build_db, args.published, args.schemas or ["marts"], args.build_id)
    except (duckdb.Error, OSError) as exc:
        print(f"publish: failed, nothing published, readers keep the previous version: "
                  f"{str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"published build {pub.build_id}: {len(pub.tables)} tables, {sum(pub.tables.values()):,} rows -> {pub.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
