"""`matches_where` gives `condition and coalesce(regex_matches(...), false)`, testing the pattern only
where the condition is not false (D-1843).

int_conversation_timeline's text signals use it: a pattern written beside its condition in a select
list ran on every event, since DuckDB evaluates every operand of an `and` there. This compiles the
macro with dbt (`compile --inline`) and runs it in DuckDB on every combination of condition (true,
false, null) and text (matching, not matching, null), against the plain `and` it replaces; then on
text that raises an error whenever it is evaluated, which the plain `and` does and the macro must not
do on rows whose condition is false. Seconds, no data.
"""

from __future__ import annotations

import duckdb
import pytest
from conftest import compile_inline

PATTERN = "that (worked|helped)"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """The macro on columns c and t, the plain `and` it replaces, and the macro on erroring text."""
    gated, plain, erroring = compile_inline([
        f"{{{{ support_truth.matches_where('c', 't', '{PATTERN}') }}}}",
        f"c and coalesce({{{{ support_truth.regex_matches('t', '{PATTERN}') }}}}, false)",
        f"{{{{ support_truth.matches_where('c', \"error('evaluated')\", '{PATTERN}') }}}}",
    ], tmp_path_factory.mktemp("matches_where"))
    assert "case" in gated.lower(), gated
    return gated, plain, erroring


def test_it_equals_the_plain_and(compiled: tuple[str, str, str]) -> None:
    gated, plain, _ = compiled
    con = duckdb.connect()
    rows = con.execute(f"""
        with cases as (
            select c, t
            from (values (true), (false), (null)) as conditions (c)
            cross join (values ('That worked, thanks'), ('still broken'), (null)) as texts (t)
        )
        select c, t, {gated} as gated, {plain} as plain
        from cases
    """).fetchall()
    assert len(rows) == 9
    assert [row for row in rows if row[2] is not row[3]] == []
    # The three outcomes all occur: true, false and null (a null condition on matching text).
    assert {row[2] for row in rows} == {True, False, None}


def test_the_pattern_is_not_tested_where_the_condition_is_false(compiled: tuple[str, str, str]) -> None:
    _, _, erroring = compiled
    con = duckdb.connect()
    assert con.execute(f"select {erroring} from (values (false), (false)) as v (c)").fetchall() == [(False,), (False,)]
    with pytest.raises(duckdb.Error, match="evaluated"):
        con.execute(f"select {erroring} from (values (false), (true)) as v (c)").fetchall()
    # The plain `and` it replaces evaluates the pattern on every row, so it raises even where c is false.
    plain = "c and coalesce(regexp_matches(error('evaluated'), 'x', 'i'), false)"
    with pytest.raises(duckdb.Error, match="evaluated"):
        con.execute(f"select {plain} from (values (false), (false)) as v (c)").fetchall()
