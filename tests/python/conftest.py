"""Shared fixtures: one generated dataset, loaded and built once per test session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

ROOT = Path(__file__).resolve().parents[2]
# The package's console commands (pyproject.toml [project.scripts]) sit beside this interpreter.
BIN = Path(sys.executable).parent

# Small enough to build in well under a minute, large enough for per-cluster rates.
E2E_CONVERSATIONS = 6000
E2E_DAYS = 60
E2E_SEED = 7


@dataclass(frozen=True)
class Warehouse:
    """A built warehouse and the truth the generator planted in its data."""

    path: Path
    truth: dict[str, Any]
    build: dbtRunnerResult

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


def command(name: str) -> list[str]:
    """The argv of one of the package's console commands (e.g. support-truth-generate) in this venv."""
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {BIN}: reinstall the project (pip install -e .)")
    return [str(path)]


def run_command(name: str, *args: str, env: dict[str, str] | None = None) -> None:
    """Run one of the package's console commands; fail loudly."""
    subprocess.run([*command(name), *args], check=True, env=env)


def postgres_available() -> bool:
    """Whether a PostgreSQL server is set up (DBT_PG_PORT, as scripts/with_postgres.sh sets it); under
    CI=true its absence fails the test instead."""
    if os.environ.get("DBT_PG_PORT"):
        return True
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but no PostgreSQL server: run the suite through scripts/with_postgres.sh")
    return False


def release_duckdb() -> None:
    """Close the DuckDB instance dbt-duckdb keeps open in-process after an invocation.

    dbt-duckdb caches one environment per process (a class attribute); while it lives, the
    file cannot be opened with another configuration (e.g. read-only) from this process.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def build_failures(result: dbtRunnerResult) -> list[str]:
    """Nodes of a `dbt build` that did not succeed or pass (exposures are always no-op: not failures)."""
    return [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (result.result or [])
        if str(r.status) not in ("success", "pass")
        and not (str(r.node.resource_type) == "exposure" and str(r.status) == "no-op")
    ]


def dbt_invoke(args: list[str], work: Path) -> dbtRunnerResult:
    """Invoke dbt in-process against the repo, with target/log paths under `work`."""
    try:
        return dbtRunner().invoke(
            [
                *args,
                "--project-dir", str(ROOT),
                "--profiles-dir", str(ROOT),
                "--target-path", str(work / "target"),
                "--log-path", str(work / "logs"),
            ]
        )
    finally:
        release_duckdb()


def compile_inline(templates: list[str], work: Path) -> list[str]:
    """The SQL dbt renders from each Jinja template (`compile --inline`), in one dbt invocation."""
    separator = "\n/* compile_inline */\n"
    result = dbt_invoke(["compile", "--inline", separator.join(templates)], work)
    assert result.success, result.exception
    compiled = result.result.results[0].node.compiled_code.split(separator.strip())
    assert len(compiled) == len(templates), compiled
    return [sql.strip() for sql in compiled]


@contextmanager
def duckdb_path(db: Path) -> Iterator[Path]:
    """DBT_DUCKDB_PATH set to `db` inside the block (dbt's warehouse file), restored after it."""
    previous = os.environ.get("DBT_DUCKDB_PATH")
    os.environ["DBT_DUCKDB_PATH"] = str(db)
    try:
        yield db
    finally:
        if previous is None:
            os.environ.pop("DBT_DUCKDB_PATH", None)
        else:
            os.environ["DBT_DUCKDB_PATH"] = previous


def dbt_build_on(db: Path, work: Path, args: list[str]) -> tuple[dbtRunnerResult, float]:
    """dbt_invoke with DBT_DUCKDB_PATH set to `db` for the call; the result and its wall seconds."""
    start = time.monotonic()
    with duckdb_path(db):
        return dbt_invoke(args, work), time.monotonic() - start


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    work = tmp_path_factory.mktemp("e2e")
    data = work / "raw"
    db = work / "warehouse.duckdb"
    env = {**os.environ, "DBT_DUCKDB_PATH": str(db)}
    run_command(
        "support-truth-generate", "--out", str(data), "--conversations", str(E2E_CONVERSATIONS),
        "--days", str(E2E_DAYS), "--seed", str(E2E_SEED),
    )
    run_command("support-truth-load", str(data), env=env)
    with duckdb_path(db):
        result = dbt_invoke(["build"], work)
    truth = json.loads((data / "truth.json").read_text())
    yield Warehouse(path=db, truth=truth, build=result)
