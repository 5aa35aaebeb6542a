"""A full disk during the build or the publish (support_truth.scheduled_run, support_truth.publish).

The build file and the published file live on a small filesystem the test mounts (tmpfs, size
DISK_MB; needs root, or the test is skipped saying why). Scenario, in order:

1. the session's built warehouse is copied to the build file and published (version 1);
2. a new data set v2 is loaded into the build file, the disk is filled to BUILD_HEADROOM_MB and a run
   starts: the dbt build runs out of space and fails. The published file must be untouched (same
   inode, build id, tables and row counts, readable);
3. the filler is removed: the next run (no new load) rebuilds and publishes (version 2);
4. the disk is filled to half the published file's size and support-truth-publish runs: copying the
   marts runs out of space and fails. Version 2 must be untouched;
5. the filler is removed: the next publish succeeds and leaves no temporary file behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import Warehouse, command, run_command

DISK_MB = 400
BUILD_HEADROOM_MB = 1  # the build file is about 100 MB
V2_ARGS = ("--conversations", "300", "--days", "12", "--seed", "32")


@dataclass(frozen=True)
class Published:
    inode: int
    build_id: str
    tables: dict[str, int]  # meta.published_tables
    counted: dict[str, int]  # count(*) of every published table


def published(path: Path) -> Published:
    con = duckdb.connect(str(path), read_only=True)
    try:
        ((build_id,),) = con.execute("select build_id from meta.publication").fetchall()
        tables = {f"{s}.{t}": n for s, t, n in con.execute("select * from meta.published_tables").fetchall()}
        counted = {name: con.execute(f"select count(*) from {name}").fetchall()[0][0] for name in tables}
    finally:
        con.close()
    return Published(path.stat().st_ino, build_id, tables, counted)


def fill(disk: Path, leave_bytes: int) -> Path:
    """Allocate a filler file so that about `leave_bytes` stay free on the filesystem."""
    st = os.statvfs(disk)
    size = st.f_bavail * st.f_frsize - leave_bytes
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        os.posix_fallocate(fd, 0, max(size, 1))
    finally:
        os.close(fd)
    return filler


@pytest.fixture(scope="module")
def disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting the small filesystem (tmpfs) needs root")
    mount = tmp_path_factory.mktemp("full_disk") / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@dataclass
class Scenario:
    v1: Published
    build_failed: subprocess.CompletedProcess[str]
    after_build_failure: Published
    recovery: subprocess.CompletedProcess[str]
    v2: Published
    build_marts: dict[str, int]
    publish_failed: subprocess.CompletedProcess[str]
    after_publish_failure: Published
    republish: subprocess.CompletedProcess[str]
    v3: Published
    leftovers: list[str]


def scheduled_run(disk: Path, work: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command("support-truth-scheduled-run"), "--build-db", str(disk / "build.duckdb"), "--published",
         str(disk / "published" / "warehouse.duckdb"), "--freshness", "skip", "--alerts", "skip", *extra,
         "--", "--exclude-resource-type", "test", "unit_test", "--target-path", str(work / "target"),
         "--log-path", str(work / "logs")],
        capture_output=True, text=True, check=False, timeout=1200)


def publish(disk: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command("support-truth-publish"), "--build-db", str(disk / "build.duckdb"), "--published",
         str(disk / "published" / "warehouse.duckdb")], capture_output=True, text=True, check=False, timeout=600)


def marts_of(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables where table_schema = 'marts'").fetchall()]
        return {n: con.execute(f"select count(*) from {n}").fetchall()[0][0] for n in names}
    finally:
        con.close()


@pytest.fixture(scope="module")
def scenario(disk: Path, warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    work = tmp_path_factory.mktemp("full_disk_work")
    run_command("support-truth-generate", "--out", str(work / "v2"), *V2_ARGS)
    target = disk / "published" / "warehouse.duckdb"
    shutil.copy(warehouse.path, disk / "build.duckdb")
    first = publish(disk)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    v1 = published(target)
    run_command("support-truth-load", str(work / "v2"), env={**os.environ, "DBT_DUCKDB_PATH": str(disk / "build.duckdb")})
    (disk / ".build.duckdb.full-refresh").touch()  # as `scheduled-run --load` does: new raw data, full refresh
    filler = fill(disk, BUILD_HEADROOM_MB << 20)
    build_failed = scheduled_run(disk, work)
    after_build_failure = published(target)
    filler.unlink()
    recovery = scheduled_run(disk, work)
    v2 = published(target)
    filler = fill(disk, target.stat().st_size // 2)
    publish_failed = publish(disk)
    after_publish_failure = published(target)
    filler.unlink()
    republish = publish(disk)
    v3 = published(target)
    leftovers = sorted(p.name for p in target.parent.iterdir() if p.name != target.name and not p.name.endswith(".lock"))
    return Scenario(v1, build_failed, after_build_failure, recovery, v2, marts_of(disk / "build.duckdb"),
                    publish_failed, after_publish_failure, republish, v3, leftovers)


def output(done: subprocess.CompletedProcess[str]) -> str:
    return (done.stdout[-2000:] + "\n" + done.stderr[-3000:]).strip()


def test_a_build_that_runs_out_of_space_fails_and_publishes_nothing(scenario: Scenario) -> None:
    failed = scenario.build_failed
    assert failed.returncode != 0, output(failed)
    text = failed.stdout + failed.stderr
    assert "dbt build failed" in text, output(failed)
    assert "No space left on device" in text or "disk" in text.lower(), output(failed)
    assert scenario.after_build_failure == scenario.v1


def test_the_next_run_recovers_once_space_is_freed(scenario: Scenario) -> None:
    assert scenario.recovery.returncode == 0, output(scenario.recovery)
    v2 = scenario.v2
    assert v2.build_id != scenario.v1.build_id
    assert v2.tables == v2.counted == scenario.build_marts
    assert v2.tables != scenario.v1.tables, "v2 holds the second data set"


def test_a_publish_that_runs_out_of_space_leaves_the_published_file(scenario: Scenario) -> None:
    failed = scenario.publish_failed
    assert failed.returncode != 0, output(failed)
    assert "No space left on device" in failed.stderr or "disk" in failed.stderr.lower(), output(failed)
    assert scenario.after_publish_failure == scenario.v2


def test_the_next_publish_succeeds_and_cleans_up(scenario: Scenario) -> None:
    assert scenario.republish.returncode == 0, output(scenario.republish)
    v3: Any = scenario.v3
    assert v3.build_id != scenario.v2.build_id and v3.tables == v3.counted == scenario.v2.tables
    assert scenario.leftovers == [], "no temporary file left next to the published one"

