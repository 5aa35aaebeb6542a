"""The raw contract is declared once, in the sources YAML (models/staging/*/_*__sources.yml).

The loader and the generator read it at run time (support_truth.contract); what cannot (the dbt
macro raw_tables(), the base models' key_columns and parents, the generator's own choices of key
and planted faults) is checked against it here, so a change to the YAML that is not followed
everywhere fails this test instead of a build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from support_truth.contract import LOADED_AT, Table, contract_tables
from support_truth.generator.specs import SPECS

TABLES = contract_tables(ROOT)
BY_NAME = {(t.system, t.name): t for t in TABLES}


def base_model(table: Table) -> str:
    path = ROOT / "models" / "staging" / table.system / "base" / f"base_{table.system}__{table.name}.sql"
    assert path.is_file(), f"{table.qualified}: no base model {path.relative_to(ROOT)}"
    return path.read_text(encoding="utf-8")


def quoted(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def test_the_contract_is_the_eleven_tables_of_four_systems() -> None:
    assert {t.system for t in TABLES} == {"agent_platform", "helpdesk", "product_analytics", "crm"}
    assert len(TABLES) == len(BY_NAME) == 11
    for t in TABLES:
        assert t.columns[-1].name == LOADED_AT, f"{t.qualified}: _loaded_at is the last contract column"
        assert any(c.required for c in t.columns), t.qualified


def test_raw_tables_macro_lists_the_contract_tables() -> None:
    """macros/staging/raw_tables.sql (dbt cannot read the sources YAML while it parses) names exactly
    the contract tables."""
    text = (ROOT / "macros" / "staging" / "raw_tables.sql").read_text(encoding="utf-8")
    listed = re.findall(r"\('(\w+)',\s*'(\w+)'\)", text)
    assert len(listed) == len(set(listed)), "raw_tables() lists a table twice"
    assert set(listed) == set(BY_NAME)


def test_every_contract_table_has_one_base_model_over_it() -> None:
    base_models = sorted((ROOT / "models" / "staging").glob("*/base/base_*.sql"))
    assert {p.stem for p in base_models} == {f"base_{t.system}__{t.name}" for t in TABLES}
    for table in TABLES:
        calls = re.findall(r"validated_source\(\s*'(\w+)',\s*'(\w+)'", base_model(table))
        assert calls == [(table.system, table.name)], f"{table.qualified}: {calls}"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.qualified)
def test_base_model_keys_and_parents_follow_the_yaml(table: Table) -> None:
    sql = base_model(table)
    keys = re.search(r"key_columns=\[([^\]]*)\]", sql)
    assert keys, f"{table.qualified}: no key_columns"
    key = tuple(quoted(keys.group(1)))
    for k in key:
        assert table.column(k).required, f"{table.qualified}.{k}: a key column is required"
    # The generator writes (and plants duplicates / fresh keys on) the key staging validates.
    assert SPECS[table.name].key == key, f"{table.qualified}: generator key {SPECS[table.name].key} != {key}"
    # parents= (orphan checks) are exactly the columns whose YAML meta `references` a table.
    parents = {(c, t) for c, s, t in re.findall(
        r"'column':\s*'(\w+)',\s*'relation':\s*ref\('stg_(\w+?)__(\w+)'\)", sql)}
    references = {(c.name, c.references) for c in table.columns if c.references}
    assert parents == references, f"{table.qualified}: base model parents {parents} != YAML references {references}"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.qualified)
def test_generator_writes_the_yaml_contract(table: Table) -> None:
    """The generator's spec (support_truth.generator.specs) is the YAML's: columns in order, required
    columns, timestamps; its planted faults are ones the YAML makes faults."""
    spec = SPECS[table.name]
    assert (spec.system, spec.name) == (table.system, table.name)
    assert spec.columns == tuple(c.name for c in table.data_columns)
    assert spec.required == tuple(c.name for c in table.data_columns if c.required)
    assert set(spec.timestamps) == {c.name for c in table.data_columns if c.data_type == "timestamp"}
    if spec.json_col:
        assert table.column(spec.json_col).json
    if spec.enum:
        column = table.column(spec.enum[0])
        assert column.on_unknown == "quarantine" and not set(spec.enum[1]) & set(column.accepted_values or ())
    if spec.fk:
        assert table.column(spec.fk[0]).references is not None


def test_generator_writes_every_contract_table() -> None:
    assert {(s.system, s.name) for s in SPECS.values()} == set(BY_NAME)


def test_nothing_else_spells_the_contract_out() -> None:
    """The Python code reads the contract from the YAML: no module or test lists a table's columns."""
    marker = '"conversation_id", "customer_id", "channel", "started_at"'
    offenders = [p for p in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests" / "python").glob("*.py")]
                 if marker in p.read_text(encoding="utf-8") and p.name != Path(__file__).name]
    assert not offenders, offenders
