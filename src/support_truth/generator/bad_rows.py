"""Planted bad input: bad rows (one fault each), exact duplicates and stale redeliveries."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import Arr, format_ids, format_ts, num_str
from .ledger import Ledger
from .params import HOUR
from .specs import TableSpec

BAD_TIMESTAMPS = ("not-a-date", "2026-13-45T99:00:00", "32/13/2026 25:61", "yesterday", "2026-02-30T10:00:00",
                  "TBD")


def _fill(col: pa.Array, mask: Arr, value: pa.Array | pa.Scalar) -> pa.Array:
    return pc.if_else(pa.array(mask), value, col)


def bad_rows(table: pa.Table, spec: TableSpec, counts: dict[str, int], rng: np.random.Generator,
             ledger: Ledger) -> pa.Table:
    """Extra rows with exactly one fault each, templated on valid rows (fresh keys)."""
    reasons = [r for r in spec.reasons() if counts.get(r, 0) > 0]
    total = sum(counts[r] for r in reasons)
    if total == 0 or table.num_rows == 0:
        return table.slice(0, 0)
    pool = np.arange(table.num_rows)
    if spec.name == "ticket_status_changes":  # one 'new' row per ticket keeps composite keys unique
        pool = np.flatnonzero(np.asarray(pc.equal(table.column("status"), "new").to_numpy(zero_copy_only=False)))
    tpl = rng.choice(pool, size=min(total, pool.size), replace=False)
    total = tpl.size
    reason = np.repeat(np.arange(len(reasons)), [counts[r] for r in reasons])[:total]
    bad = table.take(pa.array(tpl))
    cols = {name: bad.column(name).combine_chunks() for name in bad.column_names}
    single_key = spec.key[0] if len(spec.key) == 1 else None
    key_missing = np.zeros(total, bool)
    for r_i, r in enumerate(reasons):
        m = reason == r_i
        k = int(m.sum())
        if r == "missing_required":
            opts = list(spec.required)
            which = rng.integers(0, len(opts), total)
            if m.any():
                which[np.flatnonzero(m)[0]] = 0
            for j, col in enumerate(opts):
                mm = m & (which == j)
                if mm.any():
                    cols[col] = _fill(cols[col], mm, pa.scalar(None, pa.string()))
                    if col == single_key:
                        key_missing |= mm
        elif r == "unparseable_timestamp":
            col = spec.ts_required[0]
            vals = pa.array([BAD_TIMESTAMPS[i % len(BAD_TIMESTAMPS)] for i in range(total)])
            cols[col] = _fill(cols[col], m, vals)
        elif r == "malformed_json":
            col = spec.json_col or ""
            cols[col] = _fill(cols[col], m, pc.utf8_slice_codeunits(cols[col], 0, -1))
        elif r == "unknown_event_type":
            cols["event_type"] = _fill(cols["event_type"], m, pa.scalar("telemetry_ping"))
        elif r == "unknown_enum" and spec.enum:
            col, values = spec.enum
            cols[col] = _fill(cols[col], m, pa.array([values[i % len(values)] for i in range(total)]))
        elif r == "out_of_range":
            st = cols["survey_type"].to_numpy(zero_copy_only=False)
            bad_score = np.select([st == "csat", st == "ces"], [np.where(rng.random(total) < 0.5, 0, 6),
                                  np.where(rng.random(total) < 0.5, 0, 8)], np.where(rng.random(total) < 0.5, 11, -1))
            cols["score"] = _fill(cols["score"], m, num_str(bad_score))
        elif r == "orphan_fk" and spec.fk:
            col, prefix = spec.fk
            seq = ledger.bad_seq.get(f"{spec.name}/orphan", 0)
            ledger.bad_seq[f"{spec.name}/orphan"] = seq + total
            cols[col] = _fill(cols[col], m, format_ids(f"{prefix}_missing_", seq + np.arange(total) + 1, 6))
        ledger.add(ledger.bad, spec.qualified, r, k)
    if single_key:
        seq = ledger.bad_seq.get(spec.name, 0)
        ledger.bad_seq[spec.name] = seq + total
        fresh = format_ids(f"{spec.prefix}_bad_", seq + np.arange(total) + 1, 6)
        cols[single_key] = pc.if_else(pa.array(key_missing), cols[single_key], fresh)
    return pa.Table.from_arrays([cols[n] for n in bad.column_names], names=bad.column_names)


def duplicates(table: pa.Table, spec: TableSpec, loaded: Arr, n_exact: int, n_redelivered: int,
               rng: np.random.Generator, ledger: Ledger) -> pa.Table:
    """Exact copies and redeliveries (same key, other _loaded_at) of disjoint valid rows."""
    n = table.num_rows
    if n == 0 or n_exact + n_redelivered == 0:
        return table.slice(0, 0)
    eligible = np.ones(n, bool)
    if spec.name == "conversations":
        eligible = np.asarray(pc.is_valid(table.column("ended_at")).to_numpy(zero_copy_only=False))
    elif spec.name == "tickets":
        eligible = np.asarray(pc.not_equal(table.column("status"), "new").to_numpy(zero_copy_only=False))
    n_exact = min(n_exact, n // 2)
    exact = rng.choice(n, size=n_exact, replace=False) if n_exact else np.zeros(0, np.int64)
    eligible = eligible.copy()
    eligible[exact] = False
    rest = np.flatnonzero(eligible)
    n_red = min(n_redelivered, rest.size)
    red = rng.choice(rest, size=n_red, replace=False) if n_red else np.zeros(0, np.int64)
    parts = [table.take(pa.array(exact))]
    if n_red:
        rows = table.take(pa.array(red))
        cols = {name: rows.column(name).combine_chunks() for name in rows.column_names}
        if spec.name in ("conversations", "tickets"):
            # the file's row is the latest version; this one is an older (stale) load of it
            stale = loaded[red] - rng.integers(HOUR, 12 * HOUR, n_red)
            if spec.name == "conversations":
                cols["ended_at"] = pa.nulls(n_red, pa.string())
            else:
                cols["status"] = pa.array(["new"] * n_red)
                cols["updated_at"] = cols["created_at"]
            cols["_loaded_at"] = format_ts(stale)
        else:
            cols["_loaded_at"] = format_ts(loaded[red] + rng.integers(600, 6 * HOUR, n_red))
        parts.append(pa.Table.from_arrays([cols[c] for c in rows.column_names], names=rows.column_names))
    ledger.add(ledger.dups, spec.qualified, "exact_duplicate", n_exact)
    ledger.add(ledger.dups, spec.qualified, "redelivered", n_red)
    return pa.concat_tables(parts)


def extras_plan(spec: TableSpec, n: int, rate: float, at_least_one: bool) -> tuple[dict[str, int], int, int]:
    """How many bad rows per reason, exact duplicates and redeliveries for n valid rows."""
    if rate <= 0 or n == 0:
        return {}, 0, 0
    reasons = spec.reasons()
    total = round(rate * n)
    floor = 1 if at_least_one else 0
    counts = {r: max(floor, total // len(reasons) + (1 if i < total % len(reasons) else 0))
              for i, r in enumerate(reasons)}
    half = round(rate / 2 * n)
    return counts, max(floor, half), max(floor, half)


