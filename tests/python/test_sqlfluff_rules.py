""".sqlfluff does what it says: sqlfluff silently ignores option names it does not know, so every
option must be one sqlfluff ships, and every rule and option must fire on a small bad snippet
(linted with the duckdb dialect and the jinja templater, so no dbt compile is needed)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
import sqlfluff
import sqlfluff_templater_dbt.templater as dbt_templater
from sqlfluff.core import FluffConfig
from sqlfluff.core.config import load_config_file
from sqlfluff.core.helpers.dict import nested_combine
from sqlfluff.core.plugin.host import get_plugin_manager

ROOT = Path(__file__).resolve().parents[2]
PROJECT: dict[str, Any] = load_config_file(str(ROOT), ".sqlfluff")
DEFAULTS: dict[str, Any] = nested_combine(*get_plugin_manager().hook.load_default_config())
LONG = "select " + "a" * 120 + " from t\n"  # 135 characters
MEDIUM = "select " + "a" * 100 + " from t\n"  # 115 characters

# Option path in the config -> (rule, SQL the rule must flag, SQL it must pass or None).
OPTION_CASES: dict[tuple[str, ...], tuple[str, str, str | None]] = {
    ("core", "max_line_length"): ("LT05", LONG, MEDIUM),
    ("indentation", "indent_unit"): ("LT02", "select\n\ta\nfrom t\n", "select\n    a\nfrom t\n"),
    ("indentation", "tab_space_size"): ("LT02", "select\n  a\nfrom t\n", "select\n    a\nfrom t\n"),
    ("layout", "type", "comma", "line_position"): ("LT04", "select\n    a\n    , b\nfrom t\n", None),
    ("rules", "capitalisation.keywords", "capitalisation_policy"): ("CP01", "SELECT a FROM t\n", None),
    ("rules", "capitalisation.identifiers", "extended_capitalisation_policy"): (
        "CP02",
        "select A, B from T\n",
        "select a, b from t\n",
    ),
    ("rules", "capitalisation.functions", "extended_capitalisation_policy"): (
        "CP03",
        "select COALESCE(a, b) as c from t\n",
        None,
    ),
    ("rules", "capitalisation.literals", "capitalisation_policy"): (
        "CP04",
        "select NULL as a, TRUE as b from t\n",
        "select null as a, true as b from t\n",
    ),
    ("rules", "capitalisation.types", "extended_capitalisation_policy"): (
        "CP05",
        "select cast(a as VARCHAR) as b from t\n",
        None,
    ),
    ("rules", "aliasing.table", "aliasing"): (
        "AL01",
        "select t1.a from tbl t1\n",
        "select t1.a from tbl as t1\n",
    ),
    ("rules", "aliasing.column", "aliasing"): ("AL02", "select a b from t\n", "select a as b from t\n"),
    ("rules", "convention.select_trailing_comma", "select_clause_trailing_comma"): (
        "CV03",
        "select a, b, from t\n",
        "select a, b from t\n",
    ),
    ("rules", "convention.last_select_star", "force_enable"): (
        "CV13",
        "with final as (select a from t)\nselect a from final\n",
        "with final as (select a from t)\nselect * from final\n",
    ),
}
# Rule -> SQL it must flag: every rule named in `rules =` and the core rules the style relies on.
RULE_CASES: dict[str, str] = {
    "AL01": "select t1.a from tbl t1\n",
    "AL02": "select a b from t\n",
    "AL03": "select a + 1, b from t\n",
    "CP01": "select a FROM t\n",
    "CV02": "select ifnull(a, 0) as b from t\n",
    "CV03": "select a, b, from t\n",
    "CV13": "with final as (select a from t)\nselect a from final\n",
    "LT02": "select\n  a\nfrom t\n",
    "LT04": "select\n    a\n    , b\nfrom t\n",
    "LT05": LONG,
    "RF02": "select a from t1 inner join t2 on t1.id = t2.id\n",
}
# Options that are not rule settings; checked for valid values instead.
SETTINGS = {("core", "dialect"), ("core", "templater"), ("core", "rules")} | {
    ("templater", "dbt", key) for key in PROJECT.get("templater", {}).get("dbt", {})
}
HOUSE_STYLE = """\
with source_rows as (
    select
        t.a,
        u.b,
        coalesce(t.c, 0) as c,
        cast(t.d as varchar) as d
    from {{ ref('x') }} as t
    left join u on t.id = u.id
    where t.flag is not null
),

other_rows as (
    select a from v
    union all
    select a from w
),

final as (
    select
        source_rows.a,
        other_rows.a as other_a
    from source_rows
    inner join other_rows on source_rows.a = other_rows.a
)

select * from final
"""


def leaves(tree: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Flatten a nested config dict to {path: value}."""
    out: dict[tuple[str, ...], Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(leaves(value, (*prefix, key)))
        else:
            out[(*prefix, key)] = value
    return out


def codes(sql: str, rules: str | None, project: bool = True) -> set[str]:
    """Rule codes sqlfluff reports for sql, with the project's config (or sqlfluff's defaults)."""
    overrides: dict[str, Any] = {"dialect": "duckdb", "templater": "jinja"}
    if rules:
        overrides["rules"] = rules
    config = FluffConfig(configs=PROJECT if project else None, overrides=overrides)
    return {violation["code"] for violation in sqlfluff.lint(sql, config=config)}


def rule_list() -> list[str]:
    return [item.strip() for item in str(PROJECT["core"]["rules"]).split(",")]


def test_every_option_is_one_sqlfluff_knows() -> None:
    known = leaves(DEFAULTS)
    templater_source = inspect.getsource(dbt_templater)
    for path in leaves(PROJECT):
        if path[:2] == ("templater", "dbt"):
            assert f'"{path[2]}"' in templater_source, f"dbt templater has no option {path[2]!r}"
        else:
            assert path in known, f"sqlfluff does not know [{':'.join(path[:-1])}] {path[-1]}"


def test_every_option_is_exercised() -> None:
    assert set(leaves(PROJECT)) == set(OPTION_CASES) | SETTINGS


def test_settings_are_valid() -> None:
    assert PROJECT["core"]["dialect"] in {d.label for d in sqlfluff.list_dialects()}
    templaters = {t.name for group in get_plugin_manager().hook.get_templaters() for t in group}
    assert PROJECT["core"]["templater"] in templaters
    known_rules = {r.code for r in sqlfluff.list_rules()} | {
        g for r in sqlfluff.list_rules() for g in r.groups
    }
    assert set(rule_list()) <= known_rules
    for key in ("project_dir", "profiles_dir"):
        assert Path(PROJECT["templater"]["dbt"][key]).is_dir()


@pytest.mark.parametrize("path", sorted(OPTION_CASES), ids=":".join)
def test_option_fires(path: tuple[str, ...]) -> None:
    rule, bad, good = OPTION_CASES[path]
    assert rule in codes(bad, rule)
    if good is not None:
        assert rule not in codes(good, rule)
    if leaves(PROJECT)[path] != leaves(DEFAULTS).get(path):
        # The value differs from sqlfluff's default, so it must change a verdict.
        samples = [bad] + ([good] if good else [])
        assert any(codes(s, rule) != codes(s, rule, project=False) for s in samples)


@pytest.mark.parametrize("rule", sorted(RULE_CASES))
def test_rule_fires(rule: str) -> None:
    assert rule in codes(RULE_CASES[rule], rule)


def test_every_listed_rule_code_is_exercised() -> None:
    listed = {item for item in rule_list() if item[:2].isalpha() and item[2:].isdigit()}
    assert listed <= set(RULE_CASES)


def test_house_style_passes_every_rule() -> None:
    """`select * from final`, `union all` and qualified joins are the house style."""
    assert codes(HOUSE_STYLE, None) == set()


def test_ignore_file() -> None:
    ignored = (ROOT / ".sqlfluffignore").read_text().split()
    assert {"target/", "dbt_packages/", ".venv/"} <= set(ignored)
