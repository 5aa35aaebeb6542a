"""The same project on DuckDB, PostgreSQL and Spark: green builds, equal marts, a closed BI role.

One small generated dataset is loaded into the three engines and built with every test
(`dbt build`). Then every model under models/marts of PostgreSQL and of Spark is compared with
DuckDB's row by row (keys equal; counts, flags, text and dates exactly; other numbers within 1e-9
relative), and PostgreSQL's read-only BI role is shown to read a mart and to be refused on
staging, quarantine and raw tables.

The PostgreSQL server comes from the test command (`scripts/with_postgres.sh` sets DBT_PG_*).
Spark is a local session (dbt-spark `session` method, Java 17 on PATH) in a throwaway warehouse
directory: the loader's session runs in a subprocess, dbt's in this process, and the fixture stops
it (and its JVM) at the end. Without a server or without Java the engine's tests skip, except
under CI=true, where they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator

import pytest
from conftest import dbt_invoke, postgres_available, run_command
from dbt.cli.main import dbtRunnerResult

from support_truth.compare_engines import (
    Mart,
    compare,
    duckdb_reader,
    marts_from_manifest,
    postgres_reader,
    same_value,
    spark_reader,
)
from support_truth.warehouse import postgres_connection, stop_spark

CONVERSATIONS = 1500
DAYS = 30
SEED = 11
BI_ROLE = "bi_reader_test"


def _spark_available() -> bool:
    if importlib.util.find_spec("pyspark") is not None and shutil.which("java"):
        return True
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but no Spark: install the `spark` extra (make venv) and Java 17")
    return False


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Build the same raw data on DuckDB, PostgreSQL and Spark; yield the manifest and the build results.

    An engine that is not available (no server, no Java) is left out of `results`."""
    targets = ["duckdb"]
    if postgres_available():
        targets.append("postgres")
    if _spark_available():
        targets.append("spark")
    if len(targets) == 1:
        pytest.skip("neither PostgreSQL (DBT_PG_PORT unset) nor Spark (pyspark, java) available")
    work = tmp_path_factory.mktemp("engines")
    data = work / "raw"
    db = work / "warehouse.duckdb"
    run_command("support-truth-generate", "--out", str(data), "--conversations", str(CONVERSATIONS),
               "--days", str(DAYS), "--seed", str(SEED))
    saved = {k: os.environ.get(k) for k in ("DBT_DUCKDB_PATH", "DBT_TARGET", "DBT_BI_ROLE", "DBT_SPARK_DIR")}
    os.environ.update({"DBT_DUCKDB_PATH": str(db), "DBT_BI_ROLE": BI_ROLE, "DBT_SPARK_DIR": str(work / "spark")})
    try:
        if "postgres" in targets:
            with postgres_connection() as con, con.cursor() as cur:
                cur.execute(f"drop role if exists {BI_ROLE}")
        results = {}
        for target in targets:
            os.environ["DBT_TARGET"] = target
            run_command("support-truth-load", str(data), "--target", target)
            results[target] = dbt_invoke(["build", "--target", target], work / target)
        yield {"duckdb": db, "manifest": work / "duckdb" / "target" / "manifest.json", "results": results}
    finally:
        if "spark" in targets:
            stop_spark()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _result(engines: dict, target: str) -> dbtRunnerResult:
    if target not in engines["results"]:
        pytest.skip(f"{target} is not available here")
    return engines["results"][target]


@pytest.mark.parametrize("target", ["duckdb", "postgres", "spark"])
def test_build_is_green(engines: dict, target: str) -> None:
    result = _result(engines, target)
    # The nodes that failed, with dbt's message (the skipped ones only follow from them).
    failures = [f"{r.node.name}: {r.status}: {(r.message or '')[:600]}" for r in (result.result or [])
                if r.status not in ("success", "pass", "skipped", "no-op")]
    assert result.success, f"dbt build failed on {target}: {failures[:10]} {result.exception or ''}"


@pytest.mark.parametrize("target", ["postgres", "spark"])
def test_every_mart_is_equal_across_engines(engines: dict, target: str) -> None:
    assert _result(engines, target).success, f"the {target} build failed"
    marts = marts_from_manifest(engines["manifest"])
    assert len(marts) >= 20, "expected every mart of models/marts"
    duck = duckdb_reader(str(engines["duckdb"]))
    other = postgres_reader() if target == "postgres" else spark_reader()
    differing = {}
    for mart in marts:
        left, right = duck(mart.schema, mart.name), other(mart.schema, mart.name)
        assert left[1], f"{mart.name} is empty on DuckDB: the comparison would prove nothing"
        diffs = compare(mart, left, right, rel=1e-9, max_diffs=5)
        if diffs:
            differing[mart.name] = diffs
    assert not differing, differing


def test_bi_role_reads_marts_only(engines: dict) -> None:
    from psycopg2 import errors

    assert _result(engines, "postgres").success
    with postgres_connection() as admin, admin.cursor() as cur:
        cur.execute(f"alter role {BI_ROLE} login")  # created nologin by the build's hook
    with postgres_connection(user=BI_ROLE) as con:
        con.autocommit = True  # each refused query must not abort the next one
        with con.cursor() as cur:
            cur.execute("select count(*) from marts.fct_contacts")
            assert cur.fetchone()[0] > 0
            for relation in ("staging.stg_agent_platform__conversations", "quality.quarantine_rows",
                             "agent_platform.conversations", "intermediate.int_contacts"):
                with pytest.raises(errors.InsufficientPrivilege):
                    cur.execute(f"select 1 from {relation} limit 1")


def test_comparison_can_fail() -> None:
    """The comparison itself: a changed number, a missing key and a changed flag are all caught."""
    mart = Mart(schema="marts", name="m", key=("k",))
    base = (["k", "rate", "n", "flag"], [("a", 0.5, 10, True), ("b", 0.25, 4, False)])
    assert compare(mart, base, base, rel=1e-9, max_diffs=10) == []
    reordered = (["flag", "n", "rate", "k"], [(False, 4, 0.25, "b"), (True, 10, 0.5, "a")])
    assert compare(mart, base, reordered, rel=1e-9, max_diffs=10) == []
    off = (base[0], [("a", 0.5 * (1 + 1e-8), 10, True), ("b", 0.25, 4, False)])
    assert compare(mart, base, off, rel=1e-9, max_diffs=10)
    missing = (base[0], [("a", 0.5, 10, True)])
    assert compare(mart, base, missing, rel=1e-9, max_diffs=10)
    flag = (base[0], [("a", 0.5, 10, False), ("b", 0.25, 4, False)])
    assert compare(mart, base, flag, rel=1e-9, max_diffs=10)
    assert same_value(3, 3.0, 1e-9) and not same_value(3, 4, 1e-9) and not same_value(None, 0, 1e-9)

