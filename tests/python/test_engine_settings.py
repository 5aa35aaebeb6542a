"""Every source's `loaded_at_field` (source freshness) is valid SQL on the target's engine and reads an
offset text timestamp as its instant: `timestamp with time zone` on DuckDB and PostgreSQL, which
Spark cannot parse, `timestamp` (the session zone, UTC) on Spark (issue 21).

The project is parsed per target with vars that enable every source (the native ones and all three
adapters' across two parses); each field is then evaluated over one row in the engine (DuckDB in
memory, a local Spark session without a metastore). PostgreSQL shares DuckDB's field.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import dbt_invoke

TEXT = "2026-01-01T10:00:00+05:00"
EPOCH = 1767243600  # 2026-01-01T05:00:00Z
COLUMNS = ("_loaded_at", "_fivetran_synced", "received_at")
VARS = ({"helpdesk_source": "zendesk", "events_source": "segment"}, {"helpdesk_source": "intercom"})


def loaded_at_fields(target: str, work: Path) -> dict[str, str]:
    """{source.table: loaded_at_field} of every source enabled by any of VARS, parsed for `target`."""
    fields: dict[str, str] = {}
    previous = os.environ.get("DBT_SPARK_DIR")
    os.environ["DBT_SPARK_DIR"] = str(work / "spark")
    try:
        for i, dbt_vars in enumerate(VARS):
            run = work / f"{target}_{i}"
            result = dbt_invoke(["parse", "--target", target, "--vars", json.dumps(dbt_vars)], run)
            assert result.success, str(result.exception)
            manifest = json.loads((run / "target" / "manifest.json").read_text())
            for source in manifest["sources"].values():
                field = source.get("loaded_at_field") or (source.get("config") or {}).get("loaded_at_field")
                fields[f"{source['source_name']}.{source['name']}"] = field
    finally:
        if previous is None:
            os.environ.pop("DBT_SPARK_DIR", None)
        else:
            os.environ["DBT_SPARK_DIR"] = previous
    assert {k.split(".")[0] for k in fields} >= {"agent_platform", "helpdesk", "product_analytics", "crm",
                                                 "zendesk", "intercom", "segment"}  # fmt: skip
    return fields


def one_row() -> str:
    return "(select " + ", ".join(f"'{TEXT}' as {c}" for c in COLUMNS) + ") as source_row"


def test_loaded_at_field_reads_the_instant_on_duckdb(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    for name, field in loaded_at_fields("duckdb", tmp_path).items():
        assert field, name
        (epoch,) = con.execute(f"select epoch({field}) from {one_row()}").fetchone()
        assert epoch == EPOCH, (name, field)


def test_loaded_at_field_reads_the_instant_on_spark(tmp_path: Path) -> None:
    if importlib.util.find_spec("pyspark") is None or not shutil.which("java"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Spark: install the `spark` extra (make venv) and Java 17")
        pytest.skip("Spark (pyspark, java) not available")
    fields = loaded_at_fields("spark", tmp_path)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    try:
        spark.sparkContext.setLogLevel("ERROR")
        for name, field in fields.items():
            assert field, name
            (row,) = spark.sql(f"select unix_timestamp({field}) as epoch from {one_row()}").collect()
            assert row.epoch == EPOCH, (name, field)
    finally:
        spark.stop()


def test_spark_dir_default_is_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DBT_SPARK_DIR the Spark warehouse and Derby metastore paths are absolute, the same from
    any working directory: a relative default put dbt (run with --project-dir from elsewhere), the
    loader and the tests on different, empty metastores."""
    from support_truth.warehouse import spark_conf

    monkeypatch.delenv("DBT_SPARK_DIR", raising=False)
    settings = {}
    for cwd in (tmp_path, Path("/")):
        monkeypatch.chdir(cwd)
        settings[cwd] = spark_conf()
    assert settings[tmp_path] == settings[Path("/")]
    conf = settings[tmp_path]
    paths = {
        "warehouse": conf["spark.sql.warehouse.dir"],
        "metastore": conf["spark.hadoop.javax.jdo.option.ConnectionURL"].split("databaseName=")[1].split(";")[0],
        "derby.log": conf["spark.driver.extraJavaOptions"].split("-Dderby.stream.error.file=")[1].split()[0],
    }
    for name, path in paths.items():
        assert Path(path).is_absolute(), (name, path)
    assert len({str(Path(p).parent) for p in paths.values()}) == 1, paths
