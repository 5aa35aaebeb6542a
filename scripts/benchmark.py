"""Benchmark the pipeline on one data tier and print the numbers.

Steps, each timed: generate the tier's raw data, load it into a fresh DuckDB file, read every
raw table once (the *floor*: what DuckDB needs just to scan the input), run a full `dbt build`
(models and tests, as a subprocess so its peak memory is measured), then report wall times,
peak memory, raw rows per second, the slowest nodes, and build time / floor. Results are
printed, written as JSON, and appended to docs/benchmarks.md.

Tiers: small 20k conversations, medium 200k, large 1M (about 50M product events),
xlarge 5M (about 250M). Work files go to --work (default a temporary directory) and are
deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"

TIERS: dict[str, dict[str, int]] = {
    "small": {"conversations": 20_000, "days": 180, "events_per_conversation": 20},
    "medium": {"conversations": 200_000, "days": 365, "events_per_conversation": 50},
    "large": {"conversations": 1_000_000, "days": 365, "events_per_conversation": 50},
    "xlarge": {"conversations": 5_000_000, "days": 365, "events_per_conversation": 50},
}


@dataclass
class Result:
    tier: str
    conversations: int
    days: int
    machine: str
    started_at: str
    raw_rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    peak_memory_mb: dict[str, float] = field(default_factory=dict)
    slowest_nodes: list[tuple[str, float]] = field(default_factory=list)
    build_success: bool = False

    @property
    def build_to_floor(self) -> float | None:
        floor = self.seconds.get("floor")
        return self.seconds["build"] / floor if floor else None


def children_peak_mb() -> float:
    """Peak resident memory of the largest child process so far, in MB (Linux: ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Run a command to completion (failing loudly) and return its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def read_floor(database: Path) -> tuple[float, int]:
    """Seconds to read every column of every raw table once, and the raw row count."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('agent_platform', 'helpdesk', 'product_analytics', 'crm')"
        ).fetchall()
        start = time.perf_counter()
        rows = 0
        for schema, table in tables:
            # hash() of the whole row forces every column to be read and decoded.
            (count,) = con.execute(
                f'select count(*) from "{schema}"."{table}" as t where hash(t) is not null'
            ).fetchone()
            rows += count
        return time.perf_counter() - start, rows
    finally:
        con.close()


def slowest(target: Path, n: int = 10) -> list[tuple[str, float]]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    ranked = sorted(results, key=lambda r: -r["execution_time"])[:n]
    return [(r["unique_id"], round(r["execution_time"], 2)) for r in ranked]


def run(tier: str, work: Path) -> Result:
    spec = TIERS[tier]
    result = Result(
        tier=tier, conversations=spec["conversations"], days=spec["days"],
        machine=f"{platform.machine()}, {os.cpu_count()} cores",
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    data, database, target = work / "raw", work / "warehouse.duckdb", work / "target"
    env = {**os.environ, "DBT_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(ROOT)}
    py = sys.executable
    result.seconds["generate"] = timed(
        [py, str(SCRIPTS / "generate_data.py"), "--out", str(data), "--format", "parquet",
         "--conversations", str(spec["conversations"]), "--days", str(spec["days"]),
         "--events-per-conversation", str(spec["events_per_conversation"])], env)
    result.peak_memory_mb["generate"] = children_peak_mb()
    result.seconds["load"] = timed([py, str(SCRIPTS / "load_raw.py"), str(data)], env)
    result.seconds["floor"], result.raw_rows = read_floor(database)
    dbt = str(Path(py).with_name("dbt"))
    try:
        result.seconds["build"] = timed([dbt, "build", "--target-path", str(target), "--log-path",
                                         str(work / "logs")], env)
        result.build_success = True
    except subprocess.CalledProcessError:
        result.build_success = False
    result.peak_memory_mb["max_child"] = children_peak_mb()
    if (target / "run_results.json").exists():
        result.slowest_nodes = slowest(target)
    return result


def report(result: Result) -> str:
    s = result.seconds
    lines = [
        (f"## {result.tier}: {result.conversations:,} conversations, {result.days} days "
        f"({result.started_at}, {result.machine})"),
        "",
        "| step | seconds |",
        "|---|---|",
        *[f"| {k} | {v:.1f} |" for k, v in s.items()],
        "",
        f"- raw rows: {result.raw_rows:,}; build success: {result.build_success}",
        f"- build rows/second: {result.raw_rows / s['build']:,.0f}" if s.get("build") else "- build: n/a",
        f"- build / floor: {result.build_to_floor:.1f}x" if result.build_to_floor else "- build / floor: n/a",
        f"- peak memory (largest child process): {result.peak_memory_mb.get('max_child', 0):,.0f} MB",
        "- slowest nodes: " + ", ".join(f"{u.split('.')[-1]} {t:.1f}s" for u, t in result.slowest_nodes[:5]),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=sorted(TIERS), default="small", help="data size (default small)")
    parser.add_argument("--work", type=Path, help="work directory (default: a new temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--json", type=Path, help="also write the result as JSON to this file")
    parser.add_argument("--no-append", action="store_true", help="do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix=f"bench-{args.tier}-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        result = run(args.tier, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = report(result)
    print(text)
    payload = {**asdict(result), "build_to_floor": result.build_to_floor}
    if args.json:
        args.json.write_text(json.dumps(payload, indent=2))
    if not args.no_append:
        bench = ROOT / "docs" / "benchmarks.md"
        if not bench.exists():
            bench.write_text("# Benchmarks\n\nAppended by `scripts/benchmark.py`; newest last.\n\n")
        with bench.open("a") as f:
            f.write(text + "\n")
    return 0 if result.build_success else 1


if __name__ == "__main__":
    raise SystemExit(main())
