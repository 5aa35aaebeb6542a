"""One scheduled run: source freshness, (load raw files,) dbt build, publish for readers, alerts.

  1. take the run lock next to the published file (another run still going: exit 75, nothing done);
  2. `dbt source freshness` (--freshness: `warn` (default) reports stale sources and goes on,
     `error` stops the run when a source is past its error threshold, `skip` does not check);
  3. with --load DIR: load DIR into the build file (support-truth-load). Loading replaces the raw
     tables, so the next build is a full refresh: a marker file next to the build file
     (.<name>.full-refresh) asks for it until a build succeeds, also after a killed run;
  4. `dbt build` into the build file (DBT_DUCKDB_PATH = --build-db), every model and test; the
     incremental models (docs/decisions.md D-1501..) merge what arrived since the last build, and
     their data tests check the rows of the last arrival window (DBT_DATA_TESTS_SCOPE=run unless set;
     a full refresh checks every row; D-1802);
  5. only if dbt succeeded: publish (support-truth-publish): copy the marts into a new file and swap it
     onto the published path atomically;
  6. the day's monitoring alerts (support-truth-alerts; --alerts `report` (default) prints them,
     `fail` also exits 2 on a critical alert (after publishing), `skip` does not run it).

On PostgreSQL (--target postgres, or DBT_TARGET=postgres) the run lock is a PostgreSQL advisory lock
(session-level, so it covers runs on any host and a killed run's session releases it), the load and
the build go to the server, and steps 5 and 6 do not apply: dbt replaces each mart in one transaction
(create `<mart>__dbt_tmp`, rename, grant, commit), so a reader of a mart sees the old table or the new
one, never a missing or half-built one; the alerts read the DuckDB file only.

Readers (BI tools) open only the published file, read-only; they are never blocked by the build and
never see a half-built state. A failed or killed run publishes nothing: readers keep the previous
version, and the next run builds again (an incremental model re-reads every arrival after its
latest _loaded_at minus the lookback, so an interrupted merge is redone) and publishes.

Arguments after `--` go to `dbt build` (and --target-path / --log-path also to the freshness
check), e.g. `-- --target-path /tmp/t --log-path /tmp/l`.

exit codes: 0 published (on PostgreSQL: built); 1 the publish failed (e.g. a full disk; the published
file is untouched); dbt's code when freshness (with --freshness error) or the build failed; the
loader's when a raw file is bad (checked before anything is replaced); 2 published with a critical
alert (--alerts fail); 75 another run holds the lock.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from .paths import ROOT, default_warehouse
from .publish import DEFAULT_PUBLISHED, exclusive_lock, new_build_id, publish
from .warehouse import postgres_connection

BUSY = 75  # EX_TEMPFAIL
# pg_try_advisory_lock key of the scheduled run: the first 8 bytes of md5('support_truth.scheduled_run').
PG_LOCK_SQL = "select pg_try_advisory_lock(('x' || substr(md5('support_truth.scheduled_run'), 1, 16))::bit(64)::bigint)"


@contextmanager
def postgres_run_lock() -> Iterator[bool]:
    """Hold the scheduled run's advisory lock on the PostgreSQL server for the block; yields False
    when another session holds it. Closing the session (also by a killed run) releases it."""
    with postgres_connection() as con:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(PG_LOCK_SQL)
            row = cur.fetchone()
        yield bool(row and row[0])


def run_lock(target: str, published: Path) -> AbstractContextManager[bool]:
    """The lock one run at a time takes: advisory on PostgreSQL, a file lock next to the published file."""
    if target == "postgres":
        return postgres_run_lock()
    return exclusive_lock(published.parent / f".{published.name}.run.lock", wait=False)


def dbt_executable() -> str:
    """The dbt next to this interpreter (the project's venv), else the one on PATH."""
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else "dbt"


def path_args(dbt_args: list[str]) -> list[str]:
    """The --target-path / --log-path options among the dbt build arguments."""
    out: list[str] = []
    for i, arg in enumerate(dbt_args[:-1]):
        if arg in ("--target-path", "--log-path"):
            out += [arg, dbt_args[i + 1]]
    return out


def run(build_db: Path, published: Path, schemas: list[str], load: Path | None, dbt_args: list[str],
        freshness: str = "warn", alerts: str = "report", target: str = "duckdb") -> int:
    env = {**os.environ, "DBT_DUCKDB_PATH": str(build_db), "DBT_TARGET": target, "DBT_PROFILES_DIR": os.environ.get(
        "DBT_PROFILES_DIR", str(ROOT))}
    with run_lock(target, published) as locked:
        if not locked:
            print("scheduled_run: another run holds the lock; nothing done", file=sys.stderr)
            return BUSY
        started = datetime.now(UTC)
        build_id = new_build_id(started)
        if freshness != "skip":
            code = subprocess.run([dbt_executable(), "source", "freshness", *path_args(dbt_args)],
                                  check=False, cwd=ROOT, env=env).returncode
            if code != 0 and freshness == "error":
                print(f"scheduled_run: source freshness failed ({code}); nothing built", file=sys.stderr)
                return code
            if code != 0:
                print("scheduled_run: warning: a source is stale (dbt source freshness); building anyway",
                      file=sys.stderr)
        full_refresh = build_db.parent / f".{build_db.name}.full-refresh"
        if load is not None:
            full_refresh.touch()
            code = subprocess.run([sys.executable, "-m", "support_truth.load_raw", str(load)], env=env,
                                  check=False).returncode
            if code != 0:
                print(f"scheduled_run: loading {load} failed ({code}); the raw tables are unchanged, nothing "
                      "built", file=sys.stderr)
                return code
        refresh = ["--full-refresh"] if full_refresh.exists() else []
        t0 = time.monotonic()
        print(f"scheduled_run: build {build_id} into {build_db}{' (full refresh)' if refresh else ''}", flush=True)
        # An incremental build tests the rows of this run, a full refresh every row (D-1802).
        scope = {"DBT_DATA_TESTS_SCOPE": os.environ.get("DBT_DATA_TESTS_SCOPE", "all" if refresh else "run")}
        code = subprocess.run([dbt_executable(), "build", *refresh, *dbt_args], check=False, cwd=ROOT,
                              env={**env, **scope}).returncode
        if code != 0:
            print(f"scheduled_run: dbt build failed ({code}); nothing published, readers keep the previous "
                  "version", file=sys.stderr)
            return code
        full_refresh.unlink(missing_ok=True)
        if target != "duckdb":
            print(f"scheduled_run: build {build_id} done on {target} after {time.monotonic() - t0:.0f} s; its marts "
                  "were replaced in place, one transaction each (no file to publish, alerts read DuckDB only)",
                  flush=True)
            return 0
        try:
            pub = publish(build_db, published, schemas, build_id, started)
        except (duckdb.Error, OSError) as exc:  # e.g. the disk is full
            print(f"scheduled_run: publish failed, nothing published, readers keep the previous version: "
                  f"{str(exc).splitlines()[0]}",
                  file=sys.stderr)
            return 1
        print(f"scheduled_run: published build {pub.build_id} ({len(pub.tables)} tables) to {pub.path} "
              f"after {time.monotonic() - t0:.0f} s", flush=True)
        if alerts == "skip":
            return 0
        code = subprocess.run([sys.executable, "-m", "support_truth.alerts"], check=False, env=env).returncode
        if code == 2 and alerts == "fail":
            return 2
        return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    dbt_args = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     usage="%(prog)s [options] [-- dbt build arguments]")
    parser.add_argument("--build-db", type=Path,
                        default=default_warehouse(),
                        help="the file dbt builds into (default: $DBT_DUCKDB_PATH or warehouse.duckdb)")
    parser.add_argument("--published", type=Path, default=DEFAULT_PUBLISHED,
                        help="the file readers open (default: published/warehouse.duckdb)")
    parser.add_argument("--schema", action="append", dest="schemas",
                        help="schema to publish; repeat for several (default: marts)")
    parser.add_argument("--target", default=os.environ.get("DBT_TARGET", "duckdb"), choices=["duckdb", "postgres"],
                        help="dbt target (default: $DBT_TARGET or duckdb); postgres: advisory lock, no publish step")
    parser.add_argument("--load", type=Path, help="raw-contract directory to load before building")
    parser.add_argument("--freshness", choices=["warn", "error", "skip"], default="warn",
                        help="stale sources: warn and build (default), stop the run, or skip the check")
    parser.add_argument("--alerts", choices=["report", "fail", "skip"], default="report",
                        help="after publishing: print the day's alerts (default), also exit 2 on a critical "
                             "one, or skip them")
    args = parser.parse_args(argv)
    if args.build_db.resolve() == args.published.resolve():
        parser.error("--build-db and --published must be different files")
    return run(args.build_db, args.published, args.schemas or ["marts"], args.load, dbt_args,
               args.freshness, args.alerts, args.target)


if __name__ == "__main__":
    sys.exit(main())
