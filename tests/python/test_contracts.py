"""Mart contracts are enforced: a column whose type changes fails the build with dbt's contract error.

The test copies the models into a shell project (everything else is symlinked), changes the type of
one column of fct_contacts in the copy, and runs that model against a copy of the session
warehouse. The unchanged model is run first as a control, so the failure is the type change's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Warehouse

BIN = Path(sys.executable).parent
SYMLINKED = ("dbt_project.yml", "profiles.yml", "macros", "seeds", "tests", "analyses")
MODEL = Path("models") / "marts" / "core" / "fct_contacts.sql"
# DuckDB's `select * replace (...)`: the test's own edit, not project SQL.
RETYPED = "select * replace (cast(turns as varchar) as turns) from final"


def dbt_run(project: Path, database: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": str(BIN), "HOME": str(project), "DBT_PROFILES_DIR": str(project),
        "DBT_DUCKDB_PATH": str(database), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DUCKDB_TEMP_DIRECTORY": str(project / ".duckdb_tmp"),
    }  # fmt: skip
    return subprocess.run(
        [str(BIN / "dbt"), "run", "--select", "fct_contacts", "--no-partial-parse"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def shell_project(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = tmp_path_factory.mktemp("contract_project")
    for entry in SYMLINKED:
        (project / entry).symlink_to(ROOT / entry)
    shutil.copytree(ROOT / "models", project / "models")
    database = project / "warehouse.duckdb"
    shutil.copyfile(warehouse.path, database)
    return project, database


def test_changing_a_mart_column_type_fails_the_contract(shell_project: tuple[Path, Path]) -> None:
    project, database = shell_project
    control = dbt_run(project, database)
    assert control.returncode == 0, control.stdout[-3000:]

    sql = (project / MODEL).read_text()
    assert sql.rstrip().endswith("select * from final")
    (project / MODEL).write_text(sql.rstrip().removesuffix("select * from final") + RETYPED + "\n")
    broken = dbt_run(project, database)
    assert broken.returncode != 0
    assert "This model has an enforced contract that failed" in broken.stdout, broken.stdout[-3000:]
    mismatch = [line for line in broken.stdout.splitlines() if "| turns" in line]
    assert mismatch and "data type mismatch" in mismatch[0], broken.stdout[-3000:]
