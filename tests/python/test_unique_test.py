"""DuckDB's `unique` test finds what dbt's finds (D-1830).

The project's duckdb__test_unique orders the values' hashes instead of grouping by value. This
compiles it and dbt's own default (`compile --inline`) and runs both in DuckDB on a table of keys
built to catch a wrong shortcut: values repeated twice and many times, a repeated value whose rows
are far apart, nulls (never a failure), text, integer, date and float keys (0.0 and -0.0 are one
value to a group by), and an expression. Seconds, no data.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from conftest import dbt_invoke

KEYS = {
    "text": "'k' || (i % 50000)",  # every value of 0..49999 once, then i >= 50000 repeats a few
    "number": "case when i % 7919 = 0 then 42 else i end",
    "day": "date '2026-01-01' + cast(i // 3 as integer)",
    "amount": "case when i = 10 then cast('-0.0' as double) when i = 20 then 0.0 else i * 1.5 end",
    "sparse": "case when i % 1000 = 0 then null else i end",
}
TESTED = [*KEYS, "left(text, 3) || '-' || cast(number % 2 as varchar)"]


def compiled(macro: str, column: str, tmp_path: Path) -> str:
    result = dbt_invoke(["compile", "--inline", f"{{{{ {macro}('keys', \"{column}\") }}}}"], tmp_path)
    assert result.success, result.exception
    return result.result.results[0].node.compiled_code


def test_duckdb_unique_returns_the_rows_of_dbt_unique(tmp_path: Path) -> None:
    con = duckdb.connect()
    columns = ", ".join(f"{sql} as {name}" for name, sql in KEYS.items())
    con.execute(f"create table keys as select {columns} from range(60000) as t(i)")
    for column in TESTED:
        ours = compiled("support_truth.duckdb__test_unique", column, tmp_path)
        assert "lag(key_hash)" in ours, ours
        theirs = compiled("dbt.default__test_unique", column, tmp_path)
        found = sorted(con.execute(ours).fetchall(), key=repr)
        expected = sorted(con.execute(theirs).fetchall(), key=repr)
        assert found == expected, column
        assert column == "sparse" or found, f"{column}: the table should hold repeated values"
