"""The raw contract as the project's source YAML declares it: systems, tables, columns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .paths import ROOT

SOURCES_GLOB = "models/staging/*/_*__sources.yml"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    required: bool


@dataclass(frozen=True)
class Table:
    system: str
    name: str
    columns: tuple[Column, ...]

    @property
    def qualified(self) -> str:
        return f"{self.system}.{self.name}"


def contract_tables(root: Path = ROOT) -> list[Table]:
    """Every raw table of the contract, read from the sources YAML (the single definition).

    Vendor sources of the source adapters (meta `source_adapter`) are not contract tables."""
    tables: list[Table] = []
    for path in sorted(root.glob(SOURCES_GLOB)):
        doc = yaml.safe_load(path.read_text())
        for source in doc.get("sources", []):
            if ((source.get("config") or {}).get("meta") or {}).get("source_adapter"):
                continue  # a vendor schema read by a source adapter, not a contract table
            for table in source.get("tables", []):
                columns = tuple(
                    Column(
                        name=c["name"],
                        data_type=c.get("data_type", "varchar"),
                        required=bool(((c.get("config") or {}).get("meta") or {}).get("required", False)),
                    )
                    for c in table.get("columns", [])
                )
                tables.append(Table(system=source["name"], name=table["name"], columns=columns))
    return tables
