"""Materialising a table (timestamps with offsets, _loaded_at), appending its quality extras
(duplicates, bad rows) and writing CSV / Parquet files on a background thread."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .arrays import Arr, format_ts, stream
from .bad_rows import bad_rows, duplicates, extras_plan
from .config import Config
from .ledger import Ledger
from .params import TZ_SUFFIX, P
from .specs import TableSpec

Ts = tuple[Arr, Arr | None]


@dataclass
class TableOut:
    """Valid rows of one table before formatting of timestamps (Ts) and quality extras."""

    spec: TableSpec
    cols: dict[str, pa.Array | Ts]
    loaded: Arr


def materialise(out: TableOut, rng: np.random.Generator, ledger: Ledger) -> pa.Table:
    """Format timestamps (about 2% of rows in an offset or Z, same instant) and add _loaded_at."""
    n = out.loaded.size
    tz = np.where(rng.random(n) < P.timezone_offset_share, rng.integers(1, len(TZ_SUFFIX), n), 0)
    arrays: list[pa.Array] = []
    unknown = [c for c in out.spec.columns if c not in out.cols]
    if unknown:
        raise KeyError(f"{out.spec.qualified}: the sources YAML declares {unknown}, which the generator does not "
                       "produce (add them to the table's builder in support_truth/generator/tables.py)")
    for col in out.spec.columns:
        v = out.cols[col]
        arrays.append(format_ts(v[0], v[1], tz) if isinstance(v, tuple) else v)
    arrays.append(format_ts(out.loaded))
    table = pa.Table.from_arrays(arrays, names=[*out.spec.columns, "_loaded_at"])
    if out.spec.timestamps and tz.any():
        k = int((tz > 0).sum())
        ledger.tz_rows += k
        ledger.tz_by_table[out.spec.qualified] = ledger.tz_by_table.get(out.spec.qualified, 0) + k
        have = len([s for s in ledger.tz_samples if s["table"] == out.spec.qualified])
        want = 2 if out.spec.name == "events" else 1  # composite-key tables give no sample
        if len(out.spec.key) == 1 and have < want and len(ledger.tz_samples) < 10:
            i = int(np.flatnonzero(tz > 0)[-1 if have else 0])
            col = out.spec.timestamps[0]
            sec = out.cols[col][0][i]
            ledger.tz_samples.append({
                "table": out.spec.qualified, "key_column": out.spec.key[0],
                "key": str(table.column(out.spec.key[0])[i].as_py()), "column": col,
                "written": str(table.column(col)[i].as_py()),
                "utc": format_ts(np.array([sec])).to_pylist()[0]})
    return table


LOW_CARDINALITY = {"customer_id", "account_id", "anonymous_id", "channel", "first_handler", "agent_version",
                   "experiment_key", "experiment_variant", "language", "is_test", "sender_type", "sender_id",
                   "feedback", "event_type", "status", "assignee_id", "group_name", "priority", "intent",
                   "author_type", "author_id", "is_public", "survey_type", "score", "comment", "event_name",
                   "page_path", "segment", "plan", "country", "renewal_outcome", "ticket_id", "conversation_id"}


class TableWriter:
    """Writes one table, possibly in several chunks, as CSV or parquet (all columns text)."""

    def __init__(self, cfg: Config, spec: TableSpec) -> None:
        self.path = cfg.out / spec.system / f"{spec.name}.{cfg.fmt}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = pa.schema([(c, pa.string()) for c in (*spec.columns, "_loaded_at")])
        self.fmt = cfg.fmt
        self.writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        table = table.cast(self.schema)
        if self.writer is None:
            if self.fmt == "parquet":
                self.writer = pq.ParquetWriter(self.path, self.schema, compression="snappy", write_statistics=False,
                                             use_dictionary=[c for c in self.schema.names if c in LOW_CARDINALITY])
            else:
                self.writer = pacsv.CSVWriter(self.path, self.schema,
                                              write_options=pacsv.WriteOptions(quoting_style="needed"))
        self.writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        if self.writer is None:
            self.write(self.schema.empty_table())
        assert self.writer is not None
        self.writer.close()


class WriteQueue:
    """Writes files on one background thread (Arrow releases the GIL), at most one job pending."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending: Future[None] | None = None

    def submit(self, fn: Callable[[], None]) -> None:
        self.drain()
        self.pending = self.pool.submit(fn)

    def drain(self) -> None:
        if self.pending is not None:
            self.pending.result()
            self.pending = None


WRITES = WriteQueue()


def prepare(cfg: Config, out: TableOut, ledger: Ledger, chunk: int = 0) -> pa.Table:
    """Materialise one (chunk of a) table and append its quality extras (dups, stale, bad rows)."""
    spec = out.spec
    rng = stream(cfg.seed, "quality", spec.name, chunk)
    table = materialise(out, rng, ledger)
    first = sum(ledger.bad.get(spec.qualified, {}).values()) == 0
    counts, n_exact, n_red = extras_plan(spec, table.num_rows, cfg.bad_row_rate, first)
    dup = duplicates(table, spec, out.loaded, n_exact, n_red, rng, ledger)
    bad = bad_rows(table, spec, counts, rng, ledger)
    for r in spec.reasons():
        ledger.add(ledger.bad, spec.qualified, r, 0)
    full = pa.concat_tables([table, dup, bad])
    ledger.raw_rows[spec.qualified] = ledger.raw_rows.get(spec.qualified, 0) + full.num_rows
    return full


def emit(cfg: Config, out: TableOut, ledger: Ledger) -> None:
    """Prepare a whole table and write it to its file in the background."""
    table = prepare(cfg, out, ledger)
    writer = TableWriter(cfg, out.spec)

    def job() -> None:
        writer.write(table)
        writer.close()

    WRITES.submit(job)


