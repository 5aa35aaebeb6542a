"""Benchmark the pipeline on one data tier and print the numbers.

Steps, each timed (wall and CPU seconds, peak memory of the step's process, load average):
  generate     the tier's raw data (Parquet);
  load         into a fresh DuckDB file;
  hold back    the *last day*: every raw row whose _loaded_at is in the last 24 hours of loads
               moves to the schema `_held_batches` (support-truth-batches), so the first build sees
               the data without it (skipped with --no-incremental);
  floor        read every raw table once (what DuckDB needs just to scan the input);
  build        full `dbt build` of every model, seed, snapshot and data test (unit tests
               excluded: they do not read the data; `--unit-tests` times them as a separate step);
  append       put the held-back rows into the raw tables (one more day arrives);
  incremental  `dbt build` again, as a scheduled run would: incremental models process only the
               new rows, everything else is rebuilt, and the incremental models' data tests check
               the rows of the last arrival window (DBT_DATA_TESTS_SCOPE=run, D-1802); it starts from
               the parse state the build left, as a scheduled run in the same project directory
               does, so dbt parses only what changed (nothing: about 5 s instead of 15, D-1819).
Then the report: wall times, peak memory, raw rows per second, the slowest nodes, build time /
floor and the issue's goals, printed, written as JSON (--json) and appended to docs/benchmarks.md.
A tier above `small` also runs `small` in the same run (--no-reference skips it) and reports the
ratios of wall and CPU seconds per step, tier / small: on a shared machine both runs see about the
same load, so the ratios hold where the absolute times do not.

DuckDB resources come from the profile's environment variables (docs/performance.md):
DUCKDB_THREADS, DUCKDB_MEMORY_LIMIT (default here 5GB for every tier: below large's 6 GB goal,
and the limit xlarge must complete at, D-1836) and
DUCKDB_TEMP_DIRECTORY (default <work>/spill, where DuckDB spills what does not fit) and
DUCKDB_PRESERVE_INSERTION_ORDER (default here false: xlarge ran out of memory with it, D-1607).

Tiers: small 20k conversations, medium 200k, large 1M (about 50M product events),
xlarge 5M (about 250M). Work files go to --work (default a temporary directory) and are
deleted afterwards unless --keep; --reuse-raw skips generation when <work>/raw exists.
Wall times depend on what else runs on the machine: the report records the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from . import batches  # hold back / release rows by arrival
from .paths import ROOT

RAW_SCHEMAS = batches.RAW_SCHEMAS
PARSE_STATE = "partial_parse.msgpack"  # dbt's parse state in a target directory

TIERS: dict[str, dict[str, int]] = {
    "small": {"conversations": 20_000, "days": 180, "events_per_conversation": 20},
    "medium": {"conversations": 200_000, "days": 365, "events_per_conversation": 50},
    "large": {"conversations": 1_000_000, "days": 365, "events_per_conversation": 50},
    "xlarge": {"conversations": 5_000_000, "days": 365, "events_per_conversation": 50},
}
# DuckDB memory limit per tier unless DUCKDB_MEMORY_LIMIT is set: 5GB aims large at its 6 GB goal (the
# process peaks up to 1.3 GB above the limit). xlarge, whose goal is to complete at the same limit, ran
# out of memory at 5GB until D-1816 and had 16GB (D-1609); it completes at 5GB with two dbt threads
# since stop 38 (D-1836), so every tier runs at 5GB.
MEMORY_LIMITS = {"small": "5GB", "medium": "5GB", "large": "5GB", "xlarge": "5GB"}
# The goals for the large tier (issue 18; generation from an earlier issue): seconds, ratios, MB. The
# one-day incremental run is held to the full build of `small` measured in the same run, and to a ceiling.
GOALS = {"generate": 180.0, "build": 150.0, "build_moonshot": 60.0, "build_to_floor": 20.0,
         "build_to_floor_moonshot": 8.0, "incremental_to_small_build": 1.5,
         "incremental_to_small_build_moonshot": 1.1, "incremental": 60.0, "peak_memory_mb": 6144.0}


@dataclass
class Step:
    wall: float
    cpu: float
    peak_mb: float
    load_before: float
    load_after: float


@dataclass
class Result:
    tier: str
    conversations: int
    days: int
    machine: str
    started_at: str
    settings: dict[str, str] = field(default_factory=dict)
    raw_rows: int = 0
    held_back_rows: int = 0
    steps: dict[str, Step] = field(default_factory=dict)
    slowest_nodes: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    incremental_models: int = 0
    success: dict[str, bool] = field(default_factory=dict)

    def wall(self, step: str) -> float | None:
        return self.steps[step].wall if step in self.steps else None

    @property
    def build_to_floor(self) -> float | None:
        build, floor = self.wall("build"), self.wall("floor")
        return build / floor if build and floor else None


class PeakSampler(threading.Thread):
    """The peak resident memory of one running process, from its own high-water mark.

    A child's ru_maxrss is not its own peak on Linux: exec keeps the high-water mark of the address
    space it replaces, so a child started by a parent that holds gigabytes (the floor step reads
    every raw table in this process) reports at least the parent's. VmHWM in /proc/<pid>/status
    belongs to the child's own address space and only grows: it is read every `interval` seconds
    until the process exits, and the last value read is the peak (growth in the last interval
    before exit is missed). `peak_mb` is None where /proc is not readable (not Linux).
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_mb: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        while not self.done.is_set():
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_mb = int(line.split()[1]) / 1024
            except OSError:
                return
            self.done.wait(self.interval)


def run_step(cmd: list[str], env: dict[str, str]) -> tuple[Step, bool]:
    """Run a command; its wall and CPU seconds, its own peak resident memory, success."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    sampler = PeakSampler(proc.pid)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    peak_mb = sampler.peak_mb if sampler.peak_mb is not None else usage.ru_maxrss / 1024
    step = Step(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_mb=peak_mb,
                load_before=load_before, load_after=os.getloadavg()[0])
    return step, os.waitstatus_to_exitcode(status) == 0


def in_process_step(start: float, load_before: float) -> Step:
    """A step run inside this process (DuckDB SQL): wall time only, CPU and memory not separated."""
    return Step(wall=time.perf_counter() - start, cpu=0.0, peak_mb=0.0, load_before=load_before,
                load_after=os.getloadavg()[0])


def raw_tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = RAW_SCHEMAS) -> list[tuple[str, str]]:
    listed = ", ".join(f"'{s}'" for s in schemas)
    return con.execute(
        f"select table_schema, table_name from information_schema.tables where table_schema in ({listed}) "
        "and table_type = 'BASE TABLE' order by 1, 2").fetchall()


def hold_back_last_day(database: Path) -> int:
    """Hold back (support-truth-batches) every raw row of the last 24 hours of loads; rows held.

    The cut-off is the latest parseable _loaded_at of all raw tables minus 24 hours; a row whose
    _loaded_at does not parse stays (staging quarantines it either way)."""
    con = duckdb.connect(str(database))
    try:
        tables = raw_tables(con)
        loaded = " union all ".join(
            f'select max({batches.ARRIVAL}) as latest from "{s}"."{t}"' for s, t in tables)
        (cutoff,) = con.execute(f"select max(latest) - interval '24 hours' from ({loaded})").fetchone()
        held = batches.hold_back(con, cutoff)
        con.execute("checkpoint")
        return sum(held.values())
    finally:
        con.close()


def append_held_back(database: Path) -> None:
    """Append the held-back rows to their raw tables (the new day arrives; support-truth-batches)."""
    con = duckdb.connect(str(database))
    try:
        batches.release(con)
        con.execute("checkpoint")
    finally:
        con.close()


def read_floor(database: Path) -> int:
    """Read every column of every raw table once; the raw row count."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = 0
        for schema, table in raw_tables(con, (*RAW_SCHEMAS, batches.HELD_SCHEMA)):
            # hash() of the whole row forces every column to be read and decoded.
            (count,) = con.execute(
                f'select count(*) from "{schema}"."{table}" as t where hash(t) is not null').fetchone()
            rows += count
        return rows
    finally:
        con.close()


def node_timings(target: Path, n: int = 10) -> tuple[list[tuple[str, float]], int]:
    """The n slowest nodes of the last dbt command and how many models ran incrementally."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    manifest = json.loads((target / "manifest.json").read_text())["nodes"]
    ranked = sorted(results, key=lambda r: -r["execution_time"])[:n]
    incremental = sum(1 for r in results
                      if manifest.get(r["unique_id"], {}).get("config", {}).get("materialized") == "incremental")
    return [(r["unique_id"], round(r["execution_time"], 2)) for r in ranked], incremental


def run(tier: str, work: Path, reuse_raw: bool, unit_tests: bool, incremental: bool = True) -> Result:
    spec = TIERS[tier]
    work.mkdir(parents=True, exist_ok=True)
    data, database, target = work / "raw", work / "warehouse.duckdb", work / "target"
    env = {
        **os.environ, "DBT_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(ROOT),
        "DUCKDB_MEMORY_LIMIT": os.environ.get("DUCKDB_MEMORY_LIMIT", MEMORY_LIMITS[tier]),
        "DUCKDB_TEMP_DIRECTORY": os.environ.get("DUCKDB_TEMP_DIRECTORY", str(work / "spill")),
        "DUCKDB_PRESERVE_INSERTION_ORDER": os.environ.get("DUCKDB_PRESERVE_INSERTION_ORDER", "false"),
        "DUCKDB_THREADS": os.environ.get("DUCKDB_THREADS", str(os.cpu_count() or 2)),
        "DBT_THREADS": os.environ.get("DBT_THREADS", "2"),
    }
    result = Result(
        tier=tier, conversations=spec["conversations"], days=spec["days"],
        machine=f"{platform.machine()}, {os.cpu_count()} cores, "
                f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM",
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        settings={k: env[k] for k in ("DUCKDB_THREADS", "DUCKDB_MEMORY_LIMIT", "DUCKDB_PRESERVE_INSERTION_ORDER",
                                      "DBT_THREADS")},
    )
    py = sys.executable
    dbt = str(Path(py).with_name("dbt"))

    def dbt_step(name: str, args: list[str], extra_env: dict[str, str] | None = None,
                 parsed_by: str | None = None) -> None:
        step_target = target / name
        # Each step starts from an empty target directory: a kept work directory (--keep) holds the
        # parse state of an earlier run, possibly of another checkout, whose paths dbt would reuse.
        shutil.rmtree(step_target, ignore_errors=True)
        step_target.mkdir(parents=True)
        if parsed_by is not None:  # start from the parse state step `parsed_by` left (dbt parses partially)
            state = target / parsed_by / PARSE_STATE
            if state.exists():
                shutil.copy2(state, step_target / PARSE_STATE)
        result.steps[name], result.success[name] = run_step(
            [dbt, *args, "--target-path", str(step_target), "--log-path", str(work / "logs")],
            {**env, **(extra_env or {})})
        if (step_target / "run_results.json").exists():
            result.slowest_nodes[name], incremental = node_timings(step_target)
            if name == "incremental":
                result.incremental_models = incremental

    if not (reuse_raw and data.is_dir()):
        result.steps["generate"], result.success["generate"] = run_step(
            [py, "-m", "support_truth.generator", "--out", str(data), "--format", "parquet",
             "--conversations", str(spec["conversations"]), "--days", str(spec["days"]),
             "--events-per-conversation", str(spec["events_per_conversation"])], env)
    database.unlink(missing_ok=True)
    result.steps["load"], result.success["load"] = run_step([py, "-m", "support_truth.load_raw", str(data)], env)
    if incremental:  # without the incremental run the full build gets every row
        start, load = time.perf_counter(), os.getloadavg()[0]
        result.held_back_rows = hold_back_last_day(database)
        result.steps["hold_back"] = in_process_step(start, load)
    start, load = time.perf_counter(), os.getloadavg()[0]
    result.raw_rows = read_floor(database)
    result.steps["floor"] = in_process_step(start, load)
    dbt_step("build", ["build", "--exclude-resource-type", "unit_test"])
    if unit_tests:
        dbt_step("unit_tests", ["build", "--select", "test_type:unit"])
    if incremental:
        start, load = time.perf_counter(), os.getloadavg()[0]
        append_held_back(database)
        result.steps["append"] = in_process_step(start, load)
        # As support-truth-scheduled-run: the incremental models' data tests check this run's rows (D-1802).
        # In the project directory the build left, as a scheduled run finds it: dbt parses partially (D-1819).
        dbt_step("incremental", ["build", "--exclude-resource-type", "unit_test"],
                 {"DBT_DATA_TESTS_SCOPE": os.environ.get("DBT_DATA_TESTS_SCOPE", "run")}, parsed_by="build")
    return result


def goal_lines(result: Result, reference: Result | None = None) -> list[str]:
    """The goals for the large tier (GOALS) next to the measured numbers."""
    build, inc, gen = result.wall("build"), result.wall("incremental"), result.wall("generate")
    small_build = reference.wall("build") if reference else None
    peak = max((s.peak_mb for k, s in result.steps.items() if k in ("build", "incremental")), default=0.0)

    def verdict(ok: bool, moonshot: bool = False) -> str:
        return ("met, moonshot too" if moonshot else "met") if ok else "MISSED"

    lines = []
    if gen is not None:
        lines.append(f"- goal generation <= {GOALS['generate']:.0f} s: {gen:.0f} s, {verdict(gen <= GOALS['generate'])}")
    if build is not None:
        lines.append(f"- goal full build <= {GOALS['build']:.0f} s (moonshot {GOALS['build_moonshot']:.0f} s): "
                     f"{build:.0f} s, {verdict(build <= GOALS['build'], build <= GOALS['build_moonshot'])}")
    if result.build_to_floor:
        ratio = result.build_to_floor
        lines.append(f"- goal build / floor <= {GOALS['build_to_floor']:.0f}x (moonshot "
                     f"{GOALS['build_to_floor_moonshot']:.0f}x): {ratio:.1f}x, "
                     f"{verdict(ratio <= GOALS['build_to_floor'], ratio <= GOALS['build_to_floor_moonshot'])}")
    if inc is not None:
        lines.append(f"- goal one-day incremental run < {GOALS['incremental']:.0f} s: {inc:.0f} s, "
                     f"{verdict(inc < GOALS['incremental'])}")
        if small_build:
            ratio = inc / small_build
            lines.append(f"- goal one-day incremental run <= {GOALS['incremental_to_small_build']}x the full build of "
                         f"`small` in this run (moonshot {GOALS['incremental_to_small_build_moonshot']}x): "
                         f"{inc:.0f} / {small_build:.0f} s = {ratio:.2f}x, "
                         f"{verdict(ratio <= GOALS['incremental_to_small_build'], ratio <= GOALS['incremental_to_small_build_moonshot'])}")
    lines.append(f"- goal peak memory <= {GOALS['peak_memory_mb']:,.0f} MB: {peak:,.0f} MB, "
                 f"{verdict(peak <= GOALS['peak_memory_mb'])}")
    return lines


def ratio_lines(result: Result, reference: Result) -> list[str]:
    """Wall and CPU seconds of each dbt step, this tier over the reference (small) run of the same process."""
    if not reference.raw_rows:
        return []
    lines = [(f"- ratios to `{reference.tier}` built in the same run ({reference.raw_rows:,} raw rows; "
              f"raw rows {result.raw_rows / reference.raw_rows:.1f}x):")]
    for name in ("build", "incremental"):
        mine, ref = result.steps.get(name), reference.steps.get(name)
        if mine and ref and ref.wall and ref.cpu:
            lines.append(f"  - {name}: wall {mine.wall:.1f} / {ref.wall:.1f} s = {mine.wall / ref.wall:.1f}x, "
                         f"CPU {mine.cpu:.1f} / {ref.cpu:.1f} s = {mine.cpu / ref.cpu:.1f}x")
    return lines


def report(result: Result, reference: Result | None = None) -> str:
    s = result.steps
    build = result.wall("build")
    cpu_note = "n/a (in-process)"
    lines = [
        (f"## {result.tier}: {result.conversations:,} conversations, {result.days} days "
         f"({result.started_at}, {result.machine})"),
        "",
        "settings: " + ", ".join(f"{k}={v}" for k, v in result.settings.items()),
        "",
        "| step | wall s | CPU s | peak MB | load avg before / after | ok |",
        "|---|---|---|---|---|---|",
        *[f"| {k} | {v.wall:.1f} | {f'{v.cpu:.1f}' if v.cpu else cpu_note} | "
          f"{f'{v.peak_mb:,.0f}' if v.peak_mb else '-'} | {v.load_before:.1f} / {v.load_after:.1f} | "
          f"{result.success.get(k, True)} |" for k, v in s.items()],
        "",
        f"- raw rows: {result.raw_rows:,}"
        + (f", of which {result.held_back_rows:,} held back for the incremental run" if "hold_back" in s else ""),
        f"- build raw rows/second: {result.raw_rows / build:,.0f}" if build else "- build: n/a",
        f"- build / floor: {result.build_to_floor:.1f}x" if result.build_to_floor else "- build / floor: n/a",
        *([] if "incremental" not in s else [
            f"- incremental run: {result.incremental_models} incremental models"
            + ("" if result.incremental_models else " (none yet: the incremental step is a second full build)")]),
        *(goal_lines(result, reference) if result.tier == "large" else []),
        *(ratio_lines(result, reference) if reference else []),
        *[f"- slowest nodes ({name}): " + ", ".join(f"{u.split('.')[-1]} {t:.1f}s" for u, t in nodes[:8])
          for name, nodes in result.slowest_nodes.items()],
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=sorted(TIERS), default="small", help="data size (default small)")
    parser.add_argument("--work", type=Path, help="work directory (default: a new temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--reuse-raw", action="store_true", help="skip generation when <work>/raw exists")
    parser.add_argument("--no-incremental", action="store_true",
                        help="stop after the full build (no append, no incremental run)")
    parser.add_argument("--unit-tests", action="store_true", help="also time the unit tests as a separate step")
    parser.add_argument("--no-reference", action="store_true",
                        help="do not also run the small tier for the tier / small ratios")
    parser.add_argument("--json", type=Path, help="also write the result as JSON to this file")
    parser.add_argument("--note", help="a line added to the report (e.g. what else ran on the machine)")
    parser.add_argument("--no-append", action="store_true", help="do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix=f"bench-{args.tier}-"))
    work.mkdir(parents=True, exist_ok=True)
    reference = None
    try:
        result = run(args.tier, work, args.reuse_raw, args.unit_tests, not args.no_incremental)
        if args.tier != "small" and not args.no_reference:
            reference = run("small", work / "reference", args.reuse_raw, False, not args.no_incremental)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = report(result, reference)
    if reference:
        text += "\n" + report(reference)
    if args.note:
        text = text.replace("\nsettings: ", f"\n{args.note}\n\nsettings: ", 1)
    print(text)
    payload = {**asdict(result), "build_to_floor": result.build_to_floor,
               "reference": asdict(reference) if reference else None}
    if args.json:
        args.json.write_text(json.dumps(payload, indent=2))
    if not args.no_append:
        bench = ROOT / "docs" / "benchmarks.md"
        if not bench.exists():
            bench.write_text("# Benchmarks\n\nAppended by `support-truth-benchmark`; newest last.\n\n")
        with bench.open("a") as f:
            f.write(text + "\n")
    return 0 if all(result.success.values()) and (not reference or all(reference.success.values())) else 1


if __name__ == "__main__":
    raise SystemExit(main())
