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
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str, str]:
    """The macro and the plain `and` it replaces, on columns c and t and on text that raises."""
    plain = "c and coalesce({{{{ support_truth.regex_matches({text}, '{pattern}') }}}}, false)"
    gated = "{{{{ support_truth.matches_where('c', {text}, '{pattern}') }}}}"
    erroring = "\"error('evaluated')\""
    compiled = compile_inline([
        gated.format(text="'t'", pattern=PATTERN),
        plain.format(text="'t'", pattern=PATTERN),
        gated.format(text=erroring, pattern=PATTERN),
        plain.format(text=erroring, pattern=PATTERN),
    ], tmp_path_factory.mktemp("matches_where"))
    assert "case" in compiled[0].lower(), compiled[0]
    return compiled[0], compiled[1], compiled[2], compiled[3]


def test_it_equals_the_plain_and(compiled: tuple[str, str, str, str]) -> None:
    gated, plain, _, _ = compiled
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


def test_the_pattern_is_not_tested_where_the_condition_is_false(compiled: tuple[str, str, str, str]) -> None:
    _, _, erroring, plain_erroring = compiled
    con = duckdb.connect()
    assert con.execute(f"select {erroring} from (values (false), (false)) as v (c)").fetchall() == [(False,), (False,)]
    with pytest.raises(duckdb.Error, match="evaluated"):
        con.execute(f"select {erroring} from (values (false), (true)) as v (c)").fetchall()
    # The plain `and` it replaces evaluates the pattern on every row, so it raises even where c is false.
    with pytest.raises(duckdb.Error, match="evaluated"):
        con.execute(f"select {plain_erroring} from (values (false), (false)) as v (c)").fetchall()
