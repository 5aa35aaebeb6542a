"""PostgreSQL during a scheduled run: readers always see a complete mart, and a second run exits cleanly.

In its own database on the test server (scripts/with_postgres.sh), a scheduled run
(`support-truth-scheduled-run --target postgres`) loads data set v1 and builds it. A BI login role
(member of the marts' BI role) then counts the rows of a few marts in a loop
(tests/python/postgres_reader.py), while a second scheduled run loads v2 and rebuilds them (the runs
build the read marts and everything upstream of them, half the project, for time);
meanwhile a third run is started and must exit at once with 75 (the run's advisory lock is held),
changing nothing. The reader must never get an error, and see for each mart only v1's count, then
v2's: never an empty, missing or partly built table (dbt-postgres builds `<mart>__dbt_tmp` and
swaps it in one transaction with the grants).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, command, postgres_available, run_command

from support_truth.warehouse import postgres_connection

DATABASE = "support_truth_faults"
BI_ROLE = "bi_reader_faults"
READER = "bi_faults_login"
MARTS = ("fct_contacts", "mart_fcr", "mart_recontact", "mart_agent_performance_daily", "mart_escalation_quality")
V1_ARGS = ("--conversations", "300", "--days", "14", "--seed", "41")
V2_ARGS = ("--conversations", "450", "--days", "14", "--seed", "42")


@dataclass
class Race:
    v1: dict[str, int]
    v2: dict[str, int]
    reader: dict[str, Any]
    second: subprocess.CompletedProcess[str]
    first_returncode: int
    first_log: str
    queries_during_build: int


def counts() -> dict[str, int]:
    """Rows per mart, read in this test's database."""
    with postgres_connection() as con, con.cursor() as cur:
        out = {}
        for mart in MARTS:
            cur.execute(f"select count(*) from marts.{mart}")
            out[mart] = cur.fetchone()[0]
    return out


def scheduled_run(work: Path, *extra: str) -> list[str]:
    return [*command("support-truth-scheduled-run"), "--target", "postgres", "--build-db", str(work / "marker.duckdb"),
            "--published", str(work / "published" / "unused.duckdb"), "--freshness", "skip", "--alerts", "skip",
            *extra, "--", "--select", *(f"+{m}" for m in MARTS), "--exclude-resource-type", "test", "unit_test",
            "--target-path", str(work / "target"), "--log-path", str(work / "logs")]


@pytest.fixture(scope="module")
def pg_env() -> Iterator[dict[str, str]]:
    if not postgres_available():
        pytest.skip("no PostgreSQL server (DBT_PG_PORT unset): run through scripts/with_postgres.sh")
    with postgres_connection() as con:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(f"drop database if exists {DATABASE}")
            cur.execute(f"create database {DATABASE}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_PG_DATABASE", DATABASE)  # postgres_connection() in this process
        yield {**os.environ, "DBT_TARGET": "postgres", "DBT_BI_ROLE": BI_ROLE}


@pytest.fixture(scope="module")
def race(pg_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Race:
    work = tmp_path_factory.mktemp("pg_faults")
    for name, args in (("v1", V1_ARGS), ("v2", V2_ARGS)):
        run_command("support-truth-generate", "--out", str(work / name), *args)
    first = subprocess.run(scheduled_run(work, "--load", str(work / "v1")), env=pg_env, capture_output=True,
                           text=True, check=False, timeout=1800)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    with postgres_connection() as con, con.cursor() as cur:
        cur.execute(f"select 1 from pg_roles where rolname = '{READER}'")
        if cur.fetchone() is None:
            cur.execute(f"create role {READER} login in role {BI_ROLE}")
    v1 = counts()
    stop, summary, log = work / "stop", work / "reader.json", work / "run.log"
    reader = subprocess.Popen([sys.executable, str(ROOT / "tests" / "python" / "postgres_reader.py"), READER,
                               str(stop), str(summary), *MARTS], env=pg_env)
    second = None
    try:
        time.sleep(1.0)  # the reader sees v1 first
        t_start = time.time()
        with log.open("w") as out:
            run = subprocess.Popen(scheduled_run(work, "--load", str(work / "v2")), env=pg_env, stdout=out,
                                   stderr=subprocess.STDOUT)
        while run.poll() is None:
            if second is None and "scheduled_run: build" in log.read_text(errors="replace"):
                second = subprocess.run(scheduled_run(work), env=pg_env, capture_output=True, text=True,
                                        check=False, timeout=120)
            time.sleep(0.2)
        t_end = time.time()
        time.sleep(1.0)  # and v2 after the run
    finally:
        stop.touch()
        reader.wait(timeout=60)
    result = json.loads(summary.read_text())
    during = sum(1 for t in result.pop("times") if t_start <= t <= t_end)
    assert second is not None, "the second run was started while the first one built"
    print(f"\npostgres: reader ran {result['queries']} queries, {during} during the run; sequences "
          f"{result['sequence']}; errors {result['errors'][:3]}")
    return Race(v1, counts(), result, second, run.returncode, log.read_text(errors="replace"), during)


def test_the_run_during_the_reads_succeeds(race: Race) -> None:
    assert race.first_returncode == 0, race.first_log[-3000:]
    assert race.v2["fct_contacts"] != race.v1["fct_contacts"], "v2 is another data set"


def test_a_second_run_exits_cleanly_while_one_runs(race: Race) -> None:
    assert race.second.returncode == 75, race.second.stdout[-2000:] + race.second.stderr[-2000:]
    assert "another run holds the lock; nothing done" in race.second.stderr


def test_readers_see_the_old_or_the_new_mart_never_an_error_or_a_partial_one(race: Race) -> None:
    assert race.reader["errors"] == []
    assert race.queries_during_build > 50
    for mart in MARTS:
        seen = [count for count, _ in race.reader["sequence"][mart]]
        expected = [race.v1[mart]] if race.v1[mart] == race.v2[mart] else [race.v1[mart], race.v2[mart]]
        assert seen == expected, f"{mart}: saw {race.reader['sequence'][mart]}, v1 {race.v1[mart]}, v2 {race.v2[mart]}"
