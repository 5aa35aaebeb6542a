"""One scheduled run: (load raw files,) dbt build into the build file, then publish for readers.

  1. take the run lock next to the published file (another run still going: exit 75, nothing done);
  2. with --load DIR: load DIR into the build file (scripts/load_raw.py);
  3. `dbt build` into the build file (DBT_DUCKDB_PATH = --build-db), every model and test;
  4. only if dbt succeeded: publish (scripts/publish.py): copy the marts into a new file and swap it
     onto the published path atomically.

Readers (BI tools) open only the published file, read-only; they are never blocked by the build and
never see a half-built state. A failed or killed run publishes nothing: readers keep the previous
version, and the next run rebuilds every model (dbt replaces each table whole) and publishes.

Arguments after `--` go to `dbt build`, e.g. `-- --target-path /tmp/t --log-path /tmp/l`.

exit codes: 0 published; dbt's code when the build failed; 75 another run holds the lock.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from publish import DEFAULT_PUBLISHED, exclusive_lock, new_build_id, publish

ROOT = Path(__file__).resolve().parent.parent
BUSY = 75  # EX_TEMPFAIL


def dbt_executable() -> str:
    """The dbt next to this interpreter (the project's venv), else the one on PATH."""
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else "dbt"


def run(build_db: Path, published: Path, schemas: list[str], load: Path | None, dbt_args: list[str]) -> int:
    env = {**os.environ, "DBT_DUCKDB_PATH": str(build_db), "DBT_PROFILES_DIR": os.environ.get(
        "DBT_PROFILES_DIR", str(ROOT))}
    with exclusive_lock(published.parent / f".{published.name}.run.lock", wait=False) as locked:
        if not locked:
            print("scheduled_run: another run holds the lock; nothing done", file=sys.stderr)
            return BUSY
        started = datetime.now(UTC)
        build_id = new_build_id(started)
        if load is not None:
            subprocess.run([sys.executable, str(ROOT / "scripts" / "load_raw.py"), str(load)], env=env, check=True)
        t0 = time.monotonic()
        print(f"scheduled_run: build {build_id} into {build_db}", flush=True)
        code = subprocess.run([dbt_executable(), "build", *dbt_args], check=False, cwd=ROOT, env=env).returncode
        if code != 0:
            print(f"scheduled_run: dbt build failed ({code}); nothing published, readers keep the previous "
                  "version", file=sys.stderr)
            return code
        pub = publish(build_db, published, schemas, build_id, started)
        print(f"scheduled_run: published build {pub.build_id} ({len(pub.tables)} tables) to {pub.path} "
              f"after {time.monotonic() - t0:.0f} s", flush=True)
        return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    dbt_args = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     usage="%(prog)s [options] [-- dbt build arguments]")
    parser.add_argument("--build-db", type=Path,
                        default=Path(os.environ.get("DBT_DUCKDB_PATH", ROOT / "warehouse.duckdb")),
                        help="the file dbt builds into (default: $DBT_DUCKDB_PATH or warehouse.duckdb)")
    parser.add_argument("--published", type=Path, default=DEFAULT_PUBLISHED,
                        help="the file readers open (default: published/warehouse.duckdb)")
    parser.add_argument("--schema", action="append", dest="schemas",
                        help="schema to publish; repeat for several (default: marts)")
    parser.add_argument("--load", type=Path, help="raw-contract directory to load before building")
    args = parser.parse_args(argv)
    if args.build_db.resolve() == args.published.resolve():
        parser.error("--build-db and --published must be different files")
    return run(args.build_db, args.published, args.schemas or ["marts"], args.load, dbt_args)


if __name__ == "__main__":
    sys.exit(main())
