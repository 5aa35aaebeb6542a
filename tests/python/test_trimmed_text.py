"""DuckDB's fast path of `trimmed_text` gives what `nullif(trim(x), '')` gives (D-1605, D-1828).

Every raw text column goes through `trimmed_text` before validation, so its DuckDB version skips
`trim()` when there is nothing to remove. This compiles the macro with dbt (`compile --inline`) and
runs it in DuckDB on strings built to catch a wrong fast path: every code point up to U+3000 and the
other Unicode space separators at either end of a value, alone and beside ASCII, and random strings
of spaces, control characters, NUL, combining marks, non-ASCII letters and emoji. Seconds, no data.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
from conftest import compile_inline

# Unicode space separators (category Zs), line and paragraph separators, and characters that look
# like space but are not in Zs (zero-width space, BOM): trim() removes some and keeps the others.
SPACE_LIKE = [0x20, 0xA0, 0x1680, *range(0x2000, 0x200C), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]
ALPHABET = [" ", "\t", "\n", "\r", "\x00", "\x0b", "\x7f", "a", "Z", "!", "~", "é", "\u0301", "ß", "€",
            "\U0001F600", *(chr(c) for c in SPACE_LIKE)]


def strings() -> list[str]:
    edge_chars = [chr(c) for c in range(0x3001) if not 0xD800 <= c <= 0xDFFF] + [chr(c) for c in SPACE_LIKE]
    values = ["", " ", "a", " a", "a ", " a "]
    for ch in edge_chars:
        values += [ch, ch + "a", "a" + ch, ch + "ab" + ch, "x" + ch + "y"]
    rng = random.Random(1828)
    values += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6))) for _ in range(50_000)]
    return values


def compiled_expression(tmp_path: Path) -> str:
    (code,) = compile_inline(["{{ support_truth.trimmed_text('x') }}"], tmp_path)
    assert "nullif(trim(" in code and "case" in code, code
    return code


def test_the_duckdb_fast_path_equals_trim(tmp_path: Path) -> None:
    expression = compiled_expression(tmp_path)
    con = duckdb.connect()
    con.execute("create table samples as select unnest(?) as x", [[*strings(), None]])
    different = con.execute(
        f"select x from samples where ({expression}) is distinct from nullif(trim(x), '') limit 5"
    ).fetchall()
    checked = con.execute("select count(*) from samples").fetchone()[0]
    assert checked > 60_000
    assert not different, f"trimmed_text differs from nullif(trim(x), '') on {different!r}"
