"""Compare every mart (and fact) built on two engines from the same raw data, row by row.

Both warehouses must have been built by `dbt build` from the same loaded raw data. Each model
under models/marts is read whole from both engines and matched on its primary key (the columns
of its `unique` / `unique_combination` test in the dbt manifest). Keys must be equal; numbers
equal within a relative tolerance (default 1e-9), integers, flags, text, dates and timestamps
exactly; technical columns (named `_...`) are skipped. Prints one line per model and every
difference (up to --max-diffs per model); exits 1 when any model differs.

Engines: duckdb (the file in DBT_DUCKDB_PATH or --duckdb), postgres (DBT_PG_* variables, as in
profiles.yml), spark (a local session on the warehouse in DBT_SPARK_DIR, as profiles.yml opens it;
no other process may hold its metastore). Example:

  support-truth-compare-engines --manifest target/manifest.json duckdb postgres
  support-truth-compare-engines --manifest target/manifest.json duckdb spark
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from .paths import ROOT, default_warehouse
from .warehouse import postgres_connection, spark_session

ENGINES = ("duckdb", "postgres", "spark")
Rows = tuple[list[str], list[tuple[Any, ...]]]
Reader = Callable[[str, str], Rows]


@dataclass(frozen=True)
class Mart:
    schema: str
    name: str
    key: tuple[str, ...]


def marts_from_manifest(manifest: Path) -> list[Mart]:
    """Every enabled model under models/marts with its primary key from its uniqueness test."""
    doc = json.loads(manifest.read_text())
    keys: dict[str, tuple[str, ...]] = {}
    for node in doc["nodes"].values():
        if node["resource_type"] != "test" or "test_metadata" not in node:
            continue
        meta = node["test_metadata"]
        attached = node.get("attached_node")
        if not attached:
            continue
        if meta["name"] == "unique" and node.get("column_name"):
            keys.setdefault(attached, (node["column_name"],))
        elif meta["name"] == "unique_combination":
            columns = (meta.get("kwargs") or {}).get("columns") or []
            keys[attached] = tuple(columns)
    marts = []
    for uid, node in sorted(doc["nodes"].items()):
        if node["resource_type"] != "model" or not node["original_file_path"].startswith("models/marts/"):
            continue
        if uid not in keys:
            raise SystemExit(f"{node['name']}: no unique / unique_combination test to take its key from")
        marts.append(Mart(schema=node["schema"], name=node["alias"] or node["name"], key=keys[uid]))
    return marts


def duckdb_reader(path: str) -> Reader:
    import duckdb

    con = duckdb.connect(path, read_only=True)

    def read(schema: str, name: str) -> Rows:
        cur = con.execute(f'select * from "{schema}"."{name}"')
        return [d[0] for d in cur.description], cur.fetchall()

    return read


def postgres_reader() -> Reader:
    def read(schema: str, name: str) -> Rows:
        with postgres_connection() as con, con.cursor() as cur:
            cur.execute(f'select * from "{schema}"."{name}"')
            return [d[0] for d in cur.description], cur.fetchall()

    return read


def spark_reader() -> Reader:
    """Reads from this process's Spark session (the one a dbt-spark `session` build left running, or a
    new one on DBT_SPARK_DIR). Timestamps are read as text in the session's zone (UTC) and parsed:
    collecting them directly would convert them to the Python process's local time."""
    spark = spark_session()

    def read(schema: str, name: str) -> Rows:
        df = spark.table(f"`{schema}`.`{name}`")
        stamps = {f.name for f in df.schema.fields if f.dataType.typeName() in ("timestamp", "timestamp_ntz")}
        columns = [f"cast(`{c}` as string) as `{c}`" if c in stamps else f"`{c}`" for c in df.columns]
        rows = df.selectExpr(*columns).collect()
        idx = [i for i, c in enumerate(df.columns) if c in stamps]

        def convert(row: Any) -> tuple[Any, ...]:
            values = list(row)
            for i in idx:
                if values[i] is not None:
                    values[i] = datetime.fromisoformat(values[i])
            return tuple(values)

        return list(df.columns), [convert(r) for r in rows]

    return read


def same_value(a: Any, b: Any, rel: float) -> bool:
    """Equal, with floats (and decimals) compared within a relative tolerance."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        x, y = float(a), float(b)
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return math.isclose(x, y, rel_tol=rel, abs_tol=1e-12)
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    if isinstance(a, date) and isinstance(b, date):
        return a == b
    return a == b


def is_technical(column: str) -> bool:
    """A mart's technical column (name starting with `_`, e.g. _period_fingerprint): engine- and
    build-specific bookkeeping, not a number a reader uses (D-1812); comparisons skip it."""
    return column.startswith("_")


def _without_technical(rows: Rows) -> Rows:
    """The read without its technical columns (is_technical)."""
    cols, data = rows
    keep = [i for i, c in enumerate(cols) if not is_technical(c)]
    if len(keep) == len(cols):
        return rows
    return [cols[i] for i in keep], [tuple(r[i] for i in keep) for r in data]


def compare(mart: Mart, left: Rows, right: Rows, rel: float, max_diffs: int) -> list[str]:
    """The differences between two reads of one mart (empty when they match)."""
    left, right = _without_technical(left), _without_technical(right)
    cols_l, rows_l = left
    cols_r, rows_r = right
    names_l = [c.lower() for c in cols_l]
    names_r = [c.lower() for c in cols_r]
    if sorted(names_l) != sorted(names_r):
        return [(f"columns differ: only left {sorted(set(names_l) - set(names_r))}, "
                f"only right {sorted(set(names_r) - set(names_l))}")]
    order = [names_r.index(c) for c in names_l]
    key_idx = [names_l.index(k.lower()) for k in mart.key]

    def keyed(rows: Sequence[tuple[Any, ...]], reorder: list[int] | None) -> dict[tuple[Any, ...], tuple]:
        out: dict[tuple[Any, ...], tuple] = {}
        for row in rows:
            r = tuple(row[i] for i in reorder) if reorder else tuple(row)
            k = tuple(str(r[i]) if r[i] is not None else None for i in key_idx)
            out[k] = r
        return out

    a, b = keyed(rows_l, None), keyed(rows_r, order)
    diffs: list[str] = []
    if len(a) != len(rows_l) or len(b) != len(rows_r):
        diffs.append(f"key {mart.key} is not unique ({len(rows_l)}/{len(rows_r)} rows)")
    only_l, only_r = a.keys() - b.keys(), b.keys() - a.keys()
    for k in sorted(only_l, key=str)[:max_diffs]:
        diffs.append(f"key {k} only on the left")
    for k in sorted(only_r, key=str)[:max_diffs]:
        diffs.append(f"key {k} only on the right")
    for k in sorted(a.keys() & b.keys(), key=str):
        for i, name in enumerate(names_l):
            if not same_value(a[k][i], b[k][i], rel):
                diffs.append(f"key {k} column {name}: {a[k][i]!r} != {b[k][i]!r}")
                if len(diffs) >= max_diffs:
                    return diffs
    return diffs


def reader_for(engine: str, args: argparse.Namespace) -> Reader:
    if engine == "duckdb":
        return duckdb_reader(str(args.duckdb))
    if engine == "postgres":
        return postgres_reader()
    if engine == "spark":
        return spark_reader()
    raise SystemExit(f"unknown engine {engine!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("left", choices=ENGINES, help="first engine")
    parser.add_argument("right", choices=ENGINES, help="second engine")
    parser.add_argument("--manifest", type=Path, default=ROOT / "target" / "manifest.json",
                        help="dbt manifest with the marts and their key tests (default target/manifest.json)")
    parser.add_argument("--duckdb", type=Path, default=default_warehouse(),
                        help="DuckDB file (default $DBT_DUCKDB_PATH or warehouse.duckdb)")
    parser.add_argument("--rel-tol", type=float, default=1e-9, help="relative tolerance for non-integer numbers")
    parser.add_argument("--max-diffs", type=int, default=10, help="differences printed per model")
    args = parser.parse_args(argv)
    left, right = reader_for(args.left, args), reader_for(args.right, args)
    failed = 0
    for mart in marts_from_manifest(args.manifest):
        l_rows, r_rows = left(mart.schema, mart.name), right(mart.schema, mart.name)
        diffs = compare(mart, l_rows, r_rows, args.rel_tol, args.max_diffs)
        status = "differs" if diffs else "equal"
        print(f"{mart.schema}.{mart.name:<40} {len(l_rows[1]):>8} rows  key {','.join(mart.key):<40} {status}")
        for d in diffs:
            print(f"    {d}")
        failed += bool(diffs)
    print(f"{failed} model(s) differ" if failed else "every model is equal")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
