"""Publishing for readers, and recovery from a killed build (support_truth.scheduled_run, support_truth.publish).

One scenario, in order: the session warehouse is published as version v1; a reader process (a BI
tool: tests/python/published_reader.py) queries the published file in a loop from then on; a
scheduled run loads new raw data and is killed with SIGKILL (its whole process group, dbt included)
after some models were built; a second run started meanwhile is refused by the run lock; the next
run rebuilds and publishes v2. The reader must never get an error, never see a mix of two builds
(two marts and the publication's row count, read in one statement, must agree), and see v1 until the
swap, then v2.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import ROOT, Warehouse, command, run_command

MODELS_BEFORE_KILL = 8  # kill the first run once this many models were built
RAW2_ARGS = ("--conversations", "400", "--days", "20", "--seed", "5")


@dataclass
class Scenario:
    v1_contacts: int
    killed_returncode: int
    models_before_kill: int
    published_after_kill: tuple[Any, ...]
    inode_unchanged: bool
    busy_returncode: int
    recovery_returncode: int
    published_after_recovery: tuple[Any, ...]
    build_contacts: int
    reader: dict[str, Any]
    queries_during_recovery_build: int
    seconds: dict[str, float]


def published_state(path: Path) -> tuple[Any, ...]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("select build_id, (select count(*) from marts.fct_contacts) from meta.publication").fetchone()
    finally:
        con.close()
    assert row is not None
    return tuple(row)


def scheduled_run(build_db: Path, published: Path, work: Path, *extra: str) -> list[str]:
    return [*command("support-truth-scheduled-run"), "--build-db", str(build_db), "--published",
            str(published), *extra, "--", "--target-path", str(work / "target"), "--log-path", str(work / "logs")]


@pytest.fixture(scope="module")
def scenario(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    work = tmp_path_factory.mktemp("publish")
    build_db, published = work / "build.duckdb", work / "published" / "warehouse.duckdb"
    shutil.copy(warehouse.path, build_db)
    run_command("support-truth-publish", "--build-db", str(build_db), "--published", str(published), "--build-id", "v1")
    v1_contacts = published_state(published)[1]
    run_command("support-truth-generate", "--out", str(work / "raw2"), *RAW2_ARGS)
    stop, summary = work / "stop", work / "reader.json"
    reader = subprocess.Popen([sys.executable, str(ROOT / "tests" / "python" / "published_reader.py"),
                               str(published), str(stop), str(summary)])
    seconds: dict[str, float] = {}
    try:
        # 1. a run that is killed midway
        log = work / "killed.log"
        start = time.monotonic()
        with log.open("w") as out:
            killed = subprocess.Popen(scheduled_run(build_db, published, work, "--load", str(work / "raw2")),
                                      stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        inode = published.stat().st_ino
        built = 0
        busy = None
        while killed.poll() is None and time.monotonic() - start < 600:
            built = log.read_text(errors="replace").count("OK created sql table model")
            if busy is None and "scheduled_run: build" in log.read_text(errors="replace"):
                busy = subprocess.run(scheduled_run(build_db, published, work), capture_output=True,
                                      timeout=120, check=False).returncode
            if built >= MODELS_BEFORE_KILL:
                os.killpg(killed.pid, signal.SIGKILL)
                break
            time.sleep(0.2)
        killed.wait(timeout=60)
        seconds["killed_run"] = time.monotonic() - start
        after_kill = published_state(published)
        inode_unchanged = published.stat().st_ino == inode
        # 2. the next run completes and publishes
        start = time.monotonic()
        t_start = time.time()
        recovery = subprocess.run(scheduled_run(build_db, published, work), capture_output=True, text=True,
                                  timeout=1200, check=False)
        t_end = time.time()
        seconds["recovery_run"] = time.monotonic() - start
        time.sleep(1.0)  # let the reader see the new version a few times
    finally:
        stop.touch()
        reader.wait(timeout=60)
    result = json.loads(summary.read_text())
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        ((build_contacts,),) = con.execute("select count(*) from marts.fct_contacts").fetchall()
    finally:
        con.close()
    during = sum(1 for t in result.pop("times") if t_start <= t <= t_end)
    print(f"\npublish: reader ran {result['queries']} queries in all, {during} during the recovery build + publish "
          f"({seconds['recovery_run']:.0f} s); killed after {built} models; sequence "
          f"{[(s['build_id'], s['queries']) for s in result['sequence']]}; seconds {seconds}")
    assert recovery.returncode == 0, recovery.stdout[-3000:] + recovery.stderr[-3000:]
    yield Scenario(v1_contacts, killed.returncode, built, after_kill, inode_unchanged, busy if busy is not None else -1,
                   recovery.returncode, published_state(published), build_contacts, result, during, seconds)


def test_killed_build_leaves_the_published_version_intact(scenario: Scenario) -> None:
    assert scenario.killed_returncode == -signal.SIGKILL, "the run was killed, not finished"
    assert scenario.models_before_kill >= MODELS_BEFORE_KILL
    assert scenario.published_after_kill == ("v1", scenario.v1_contacts)
    assert scenario.inode_unchanged


def test_a_second_run_is_refused_while_one_runs(scenario: Scenario) -> None:
    assert scenario.busy_returncode == 75


def test_next_run_completes_and_publishes_the_new_build(scenario: Scenario) -> None:
    build_id, contacts = scenario.published_after_recovery
    assert build_id != "v1"
    assert contacts == scenario.build_contacts != scenario.v1_contacts


def test_reader_never_errors_nor_sees_a_mix(scenario: Scenario) -> None:
    reader = scenario.reader
    assert reader["errors"] == []
    assert reader["inconsistent"] == []
    sequence = [(s["build_id"], s["contacts"]) for s in reader["sequence"]]
    assert sequence == [("v1", scenario.v1_contacts), scenario.published_after_recovery], \
        "v1 until the swap, then the new build, never back"
    assert scenario.queries_during_recovery_build > 20
