"""Where the dbt project is: the folder holding dbt_project.yml, seeds/, models/ and profiles.yml.

The package is installed editable from the repository (`pip install -e .`), so the project root is
two folders above this package (src/support_truth/ -> the repository). SUPPORT_TRUTH_ROOT overrides
it; for a non-editable install the current directory (or the nearest parent holding dbt_project.yml)
is used.
"""

from __future__ import annotations

import os
from pathlib import Path


def find_root() -> Path:
    """The dbt project folder (see the module docstring for the search order)."""
    if env := os.environ.get("SUPPORT_TRUTH_ROOT"):
        return Path(env).resolve()
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "dbt_project.yml").is_file():
        return checkout
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / "dbt_project.yml").is_file():
            return folder
    return cwd


ROOT = find_root()


def default_warehouse() -> Path:
    """The DuckDB warehouse file: $DBT_DUCKDB_PATH, else warehouse.duckdb in the project root."""
    return Path(os.environ.get("DBT_DUCKDB_PATH", ROOT / "warehouse.duckdb"))


def spark_dir() -> Path:
    """The Spark warehouse folder: $DBT_SPARK_DIR, else the absolute default profiles.yml uses."""
    return Path(os.environ.get("DBT_SPARK_DIR", Path.home() / ".cache" / "support_truth" / "spark-warehouse"))
