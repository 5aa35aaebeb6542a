"""The raw contract, declared once: the sources YAML (models/staging/*/_*__sources.yml).

Every other reader of the contract derives it from here at run time: the loader (support-truth-load:
which tables exist, their columns, an empty table where a file is missing) and the generator
(support_truth.generator.specs: the tables it writes, their columns in order, the required columns,
timestamp columns, JSON columns). What cannot read the YAML at run time (the dbt macro raw_tables(),
the base models' key_columns and parents) is checked against it by tests/python/test_raw_contract.py.

A column's contract is its `data_type` and its `config.meta`: `required`, `references` (the table
of the same system its value points to), `format: json`, `accepted_values` with `on_unknown`,
`personal_data`, `free_text`. Vendor sources read by a source adapter (source meta
`source_adapter`) are not contract tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .paths import ROOT

SOURCES_GLOB = "models/staging/*/_*__sources.yml"
LOADED_AT = "_loaded_at"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    required: bool
    references: str | None = None
    json: bool = False
    accepted_values: tuple[str, ...] | None = None
    on_unknown: str | None = None


@dataclass(frozen=True)
class Table:
    system: str
    name: str
    columns: tuple[Column, ...]

    @property
    def qualified(self) -> str:
        return f"{self.system}.{self.name}"

    @property
    def data_columns(self) -> tuple[Column, ...]:
        """The columns a source system delivers, in contract order (all but the loader's _loaded_at)."""
        return tuple(c for c in self.columns if c.name != LOADED_AT)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.qualified} has no column {name!r} in the sources YAML")


def _column(c: dict) -> Column:
    meta = (c.get("config") or {}).get("meta") or {}
    accepted = meta.get("accepted_values")
    return Column(
        name=c["name"],
        data_type=c.get("data_type", "varchar"),
        required=bool(meta.get("required", False)),
        references=meta.get("references"),
        json=meta.get("format") == "json",
        accepted_values=tuple(str(v) for v in accepted) if accepted is not None else None,
        on_unknown=meta.get("on_unknown"),
    )


@cache
def _read(root: Path) -> tuple[Table, ...]:
    tables: list[Table] = []
    for path in sorted(root.glob(SOURCES_GLOB)):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in doc.get("sources", []):
            if ((source.get("config") or {}).get("meta") or {}).get("source_adapter"):
                continue  # a vendor schema read by a source adapter, not a contract table
            for table in source.get("tables", []):
                columns = tuple(_column(c) for c in table.get("columns", []))
                tables.append(Table(system=source["name"], name=table["name"], columns=columns))
    if not tables:
        raise FileNotFoundError(f"no contract tables in {root}/{SOURCES_GLOB} (is {root} the dbt project?)")
    return tuple(tables)


def contract_tables(root: Path = ROOT) -> list[Table]:
    """Every raw table of the contract, read from the sources YAML (the single definition), in the
    order of the YAML files (sorted by path) and of the tables within each."""
    return list(_read(root.resolve()))


def contract_table(system: str, name: str, root: Path = ROOT) -> Table:
    """One contract table by system and name."""
    for table in contract_tables(root):
        if (table.system, table.name) == (system, name):
            return table
    raise KeyError(f"{system}.{name} is not a raw contract table (models/staging/{system}/_{system}__sources.yml)")
