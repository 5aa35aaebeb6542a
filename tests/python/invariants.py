"""Invariant properties of a built warehouse, for any valid input (the fuzz search, test_fuzz.py).

Each property is one SQL count of violating rows over a mart table, so it holds on every data set,
not only on one whose answers are known:

  ladder      each rung of the resolution ladder is a subset of the one above (autonomously resolved
              => contained => deflected => AI-involved; answered => involved; truly resolved =>
              contained; deflected = involved and not escalated);
  windows     re-contact windows nest: re-contacted within 24 h => within 72 h => within 7 d; the
              flags are known for the longer window only if known for the shorter; FCR in 7 d =>
              FCR in 72 h => FCR in 24 h (when known);
  fcr         FCR (any window) => resolved; AI FCR => contained;
  intervals   in every mart, every rate with an interval lies within it (`<r>_lower <= <r> <=
              <r>_upper`), and a rate bundle has numerator <= denominator and bounds within [0, 1].

`check(db)` returns one Result per property instance: its name, the rows it looked at and the
violations (with up to three examples).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

WINDOWS = ("24h", "72h", "7d")
TOLERANCE = 1e-9  # rounded rates against unrounded bounds


@dataclass
class Result:
    name: str
    rows: int
    violations: int
    examples: list[tuple[Any, ...]] = field(default_factory=list)


def implies(a: str, b: str) -> str:
    """SQL: a violation of `a => b` where both are known."""
    return f"(({a}) is true and ({b}) is false)"


def contact_properties() -> dict[str, str]:
    """name -> SQL predicate of a violating fct_contacts row."""
    props = {
        "ladder: autonomously resolved => contained": implies("is_autonomously_resolved", "is_contained"),
        "ladder: contained => deflected": implies("is_contained", "is_deflected"),
        "ladder: deflected => AI-involved": implies("is_deflected", "is_ai_involved"),
        "ladder: AI-answered => AI-involved": implies("is_ai_answered", "is_ai_involved"),
        "ladder: truly resolved => contained": implies("is_truly_resolved", "is_contained"),
        "ladder: deflected = AI-involved and not escalated":
            "(is_deflected is distinct from (is_ai_involved and not is_escalated))",
        "fcr: FCR => resolved": " or ".join(implies(f"is_fcr_{w}", "is_resolved") for w in WINDOWS),
        "fcr: AI FCR => contained": " or ".join(implies(f"is_ai_fcr_{w}", "is_contained") for w in WINDOWS),
        "fcr: default-window FCR => resolved": implies("is_fcr", "is_resolved"),
    }
    for short, long in (("24h", "72h"), ("72h", "7d")):
        props[f"windows: re-contacted within {short} => within {long}"] = implies(
            f"is_recontacted_{short}", f"is_recontacted_{long}")
        props[f"windows: re-contact flag known at {long} => known at {short}"] = (
            f"(is_recontacted_{long} is not null and is_recontacted_{short} is null)")
        props[f"windows: rate-eligible at {long} => eligible at {short}"] = implies(
            f"is_recontact_rate_eligible_{long}", f"is_recontact_rate_eligible_{short}")
        props[f"windows: FCR in {long} => FCR in {short}"] = implies(f"is_fcr_{long}", f"is_fcr_{short}")
        props[f"windows: AI FCR in {long} => AI FCR in {short}"] = implies(f"is_ai_fcr_{long}", f"is_ai_fcr_{short}")
    return props


def rate_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, bool]]]:
    """marts table -> [(rate, is_bundle)] for each column with `_lower` and `_upper` siblings;
    is_bundle when it also has `_numerator` and `_denominator`."""
    rows = con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'marts'").fetchall()
    by_table: dict[str, set[str]] = {}
    for table, column in rows:
        by_table.setdefault(table, set()).add(column)
    out: dict[str, list[tuple[str, bool]]] = {}
    for table, columns in sorted(by_table.items()):
        rates = [(c, {f"{c}_numerator", f"{c}_denominator"} <= columns) for c in sorted(columns)
                 if f"{c}_lower" in columns and f"{c}_upper" in columns]
        if rates:
            out[table] = rates
    return out


def interval_predicate(rate: str, bundle: bool) -> str:
    """SQL: a row whose rate lies outside its interval (or, for a bundle, is not a proportion)."""
    r, lo, hi = f'"{rate}"', f'"{rate}_lower"', f'"{rate}_upper"'
    parts = [f"{r} < {lo} - {TOLERANCE}", f"{r} > {hi} + {TOLERANCE}", f"{lo} > {hi} + {TOLERANCE}"]
    if bundle:
        n, d = f'"{rate}_numerator"', f'"{rate}_denominator"'
        parts += [f"{n} > {d}", f"{n} < 0", f"{lo} < -{TOLERANCE}", f"{hi} > 1 + {TOLERANCE}",
                  f"({d} > 0 and abs({r} - {n} / {d}) > 1e-6)", f"({d} > 0 and {r} is null)"]
    return "(" + " or ".join(parts) + ")"


def count(con: duckdb.DuckDBPyConnection, name: str, table: str, predicate: str) -> Result:
    ((rows, bad),) = con.execute(
        f"select count(*), count(*) filter (where {predicate}) from marts.{table}").fetchall()
    examples = con.execute(f"select * from marts.{table} where {predicate} limit 3").fetchall() if bad else []
    return Result(name, rows, bad, examples)


def check(db: Path) -> list[Result]:
    """Every property on the warehouse file."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        results = [count(con, name, "fct_contacts", predicate) for name, predicate in contact_properties().items()]
        for table, rates in rate_columns(con).items():
            for rate, bundle in rates:
                results.append(count(con, f"intervals: marts.{table}.{rate}", table, interval_predicate(rate, bundle)))
    finally:
        con.close()
    return results
