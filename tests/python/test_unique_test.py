"""DuckDB's `unique` and `unique_combination` tests find what a group by finds (D-1830).

The project's duckdb__test_unique and duckdb__unique_combination_rows order the values' hashes
instead of grouping by value. This compiles each and its group-by default (dbt's own for `unique`)
with `compile --inline` and runs both in DuckDB on a table of keys
built to catch a wrong shortcut: values repeated twice and many times, a repeated value whose rows
are far apart, nulls (never a failure), text, integer, date and float keys (0.0 and -0.0 are one
value to a group by), an expression, and combinations of columns with nulls (a group by puts
nulls in one group). Seconds, no data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import compile_inline

KEYS = {
    "text": "'k' || (i % 50000)",  # every value of 0..49999 once, then i >= 50000 repeats a few
    "number": "case when i % 7919 = 0 then 42 else i end",
    "day": "date '2026-01-01' + cast(i // 3 as integer)",
    "amount": "case when i = 10 then cast('-0.0' as double) when i = 20 then 0.0 else i * 1.5 end",
    "sparse": "case when i % 1000 = 0 then null else i end",
    "flag": "case when i % 3 = 0 then null else i % 2 = 0 end",
}
TESTED = [*KEYS, "left(text, 3) || '-' || cast(number % 2 as varchar)"]
COMBINATIONS = [["flag", "sparse"], ["flag", "text"], ["number", "flag"], ["amount"]]


@pytest.fixture(scope="module")
def keys() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    columns = ", ".join(f"{sql} as {name}" for name, sql in KEYS.items())
    con.execute(f"create table keys as select {columns} from range(60000) as t(i)")
    yield con
    con.close()


def compiled_pairs(ours: str, theirs: str, arguments: list[str], tmp_path: Path) -> list[tuple[str, str]]:
    """(our macro's SQL, the group-by default's SQL) for each argument, all in one dbt compile."""
    templates = [f"{{{{ {macro}('keys', {argument}) }}}}" for argument in arguments for macro in (ours, theirs)]
    sql = compile_inline(templates, tmp_path)
    return list(zip(sql[0::2], sql[1::2], strict=True))


def same_rows(con: duckdb.DuckDBPyConnection, ours: str, theirs: str) -> tuple[list[tuple], list[tuple]]:
    assert "lag(_dq_key_hash)" in ours, ours
    return sorted(con.execute(ours).fetchall(), key=repr), sorted(con.execute(theirs).fetchall(), key=repr)


def test_duckdb_unique_returns_the_rows_of_dbt_unique(keys: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    pairs = compiled_pairs("support_truth.duckdb__test_unique", "dbt.default__test_unique",
                           [f'"{column}"' for column in TESTED], tmp_path)
    for column, (ours, theirs) in zip(TESTED, pairs, strict=True):
        found, expected = same_rows(keys, ours, theirs)
        assert found == expected, column
        assert column == "sparse" or found, f"{column}: the table should hold repeated values"


def test_duckdb_unique_combination_returns_the_rows_of_the_group_by(
        keys: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    pairs = compiled_pairs("support_truth.duckdb__unique_combination_rows",
                           "support_truth.default__unique_combination_rows",
                           [repr(combination) for combination in COMBINATIONS], tmp_path)
    for combination, (ours, theirs) in zip(COMBINATIONS, pairs, strict=True):
        found, expected = same_rows(keys, ours, theirs)
        assert found == expected, combination
        assert found, f"{combination}: the table should hold repeated combinations"
