"""Vectorised building blocks: named random streams, column frames, and Arrow string formatting
of ids, dates and timestamps."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .params import DAY, TZ_SHIFT, TZ_SUFFIX

Arr = np.ndarray
Frame = dict[str, np.ndarray]


# --------------------------------------------------------------------------- random
def stream(seed: int, *names: str | int) -> np.random.Generator:
    """An independent, reproducible random stream for one purpose."""
    keys = [zlib.crc32(str(n).encode()) for n in names]
    return np.random.default_rng(np.random.SeedSequence([seed, *keys]))


def splitmix64(x: Arr) -> Arr:
    """Stable 64-bit integer hash (vectorised)."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def categorical(rng: np.random.Generator, probs: Arr) -> Arr:
    """One draw per row from row-wise probability vectors (n x k)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0]) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def pick(rng: np.random.Generator, n: int, p: Sequence[float]) -> Arr:
    """n draws of category indices with probabilities p."""
    pr = np.asarray(p, dtype=float)
    return rng.choice(len(pr), size=n, p=pr / pr.sum())


# --------------------------------------------------------------------------- frames
def take(f: Frame, idx: Arr) -> Frame:
    """Rows idx (int array or bool mask) of every column."""
    return {k: v[idx] for k, v in f.items()}


def concat(frames: Sequence[Frame]) -> Frame:
    """Row-wise concatenation of frames with the same columns."""
    frames = [f for f in frames if f]
    if not frames:
        return {}
    return {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}


def nrows(f: Frame) -> int:
    return len(next(iter(f.values()))) if f else 0


# --------------------------------------------------------------------------- strings
QUADS = np.array([[48 + i // 1000, 48 + i // 100 % 10, 48 + i // 10 % 10, 48 + i % 10] for i in range(10_000)],
                 dtype=np.uint8)


def _digits(x: Arr, width: int) -> Arr:
    """ASCII decimal digits of non-negative ints, zero-padded (n x width uint8), four at a time."""
    v = np.asarray(x, dtype=np.int64)
    out = np.empty((v.size, width), dtype=np.uint8)
    pos = width
    while pos > 0:
        k = min(4, pos)
        quad = QUADS[v % 10_000]
        out[:, pos - k:pos] = quad[:, 4 - k:]
        pos -= k
        if pos:
            v = v // 10_000
    return out


def strings_from_matrix(mat: Arr, valid: Arr | None = None) -> pa.Array:
    """Fixed-width byte rows -> Arrow string array (null where not valid)."""
    n, w = mat.shape
    assert n * w < 2**31, "chunk too large for 32-bit offsets"
    offsets = (np.arange(n + 1, dtype=np.int32) * np.int32(w))
    bitmap = None
    nulls = 0
    if valid is not None and not valid.all():
        bitmap = pa.py_buffer(np.packbits(valid.astype(bool), bitorder="little"))
        nulls = int((~valid).sum())
    return pa.Array.from_buffers(pa.string(), n, [bitmap, pa.py_buffer(offsets),
                                                  pa.py_buffer(np.ascontiguousarray(mat))], null_count=nulls)


def format_ids(prefix: str, nums: Arr, width: int, valid: Arr | None = None) -> pa.Array:
    """prefix + zero-padded number, e.g. conv_0000123 (width grows if needed)."""
    nums = np.asarray(nums, dtype=np.int64)
    if nums.size and nums.max() >= 10**width:
        width = len(str(int(nums.max())))
    pre = np.frombuffer(prefix.encode(), dtype=np.uint8)
    mat = np.empty((nums.size, pre.size + width), dtype=np.uint8)
    mat[:, :pre.size] = pre
    mat[:, pre.size:] = _digits(np.where(nums < 0, 0, nums), width)
    return strings_from_matrix(mat, valid)


HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


HEX_PAIRS = np.array([[HEX[i >> 4], HEX[i & 15]] for i in range(256)], dtype=np.uint8)


def format_hex_ids(prefix: str, h: Arr, valid: Arr | None = None) -> pa.Array:
    """prefix + 12 hex digits of a hash."""
    pre = np.frombuffer(prefix.encode(), dtype=np.uint8)
    mat = np.empty((h.size, pre.size + 12), dtype=np.uint8)
    mat[:, :pre.size] = pre
    v = h.astype(np.uint64)
    for k in range(5, -1, -1):
        mat[:, pre.size + 2 * k:pre.size + 2 * k + 2] = HEX_PAIRS[(v & np.uint64(255)).astype(np.int64)]
        v = v >> np.uint64(8)
    return strings_from_matrix(mat, valid)


def civil_from_days(days: Arr) -> tuple[Arr, Arr, Arr]:
    """Days since 1970-01-01 -> (year, month, day) (H. Hinnant's algorithm)."""
    z = days.astype(np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


def days_from_civil(y: Arr, m: Arr, d: Arr) -> Arr:
    """(year, month, day) -> days since 1970-01-01."""
    y = y.astype(np.int64) - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _date_matrix(days: Arr) -> Arr:
    y, m, d = civil_from_days(days)
    mat = np.empty((days.size, 10), dtype=np.uint8)
    mat[:, 0:4] = _digits(y, 4)
    mat[:, 4] = 45
    mat[:, 5:7] = _digits(m, 2)
    mat[:, 7] = 45
    mat[:, 8:10] = _digits(d, 2)
    return mat


def format_date(days: Arr, valid: Arr | None = None) -> pa.Array:
    """Days since epoch -> YYYY-MM-DD."""
    return strings_from_matrix(_date_matrix(np.asarray(days, dtype=np.int64)), valid)


@lru_cache(maxsize=1)
def _time_of_day() -> Arr:
    """'THH:MM:SS' for every second of the day (86400 x 9 bytes)."""
    s = np.arange(DAY)
    mat = np.empty((DAY, 9), dtype=np.uint8)
    mat[:, 0] = 84
    mat[:, 1:3] = _digits(s // 3600, 2)
    mat[:, 3] = 58
    mat[:, 4:6] = _digits(s // 60 % 60, 2)
    mat[:, 6] = 58
    mat[:, 7:9] = _digits(s % 60, 2)
    return mat


def format_ts(sec: Arr, valid: Arr | None = None, tz: Arr | None = None) -> pa.Array:
    """Epoch seconds -> YYYY-MM-DDTHH:MM:SS, optionally in a per-row offset (TZ_SUFFIX codes)."""
    s = np.asarray(sec, dtype=np.int64)
    if valid is not None:
        s = np.where(valid, s, s[valid][0] if valid.any() else 0)
    shifted = s if tz is None else s + TZ_SHIFT[tz]
    days = np.floor_divide(shifted, DAY)
    mat = np.empty((s.size, 19), dtype=np.uint8)
    if s.size:
        lo = int(days.min())
        mat[:, 0:10] = _date_matrix(np.arange(lo, int(days.max()) + 1))[days - lo]
        mat[:, 10:19] = _time_of_day()[shifted - days * DAY]
    base = strings_from_matrix(mat, valid)
    if tz is None or not tz.any():
        return base
    return pc.binary_join_element_wise(base, pc.take(pa.array(TZ_SUFFIX), pa.array(tz)), "")


def lookup(values: Sequence[str], idx: Arr, valid: Arr | None = None) -> pa.Array:
    """values[idx] as an Arrow string array, null where not valid (or idx < 0)."""
    idx = np.asarray(idx, dtype=np.int64)
    mask = idx < 0 if valid is None else (~valid | (idx < 0))
    return pc.take(pa.array(list(values), pa.string()), pa.array(np.where(mask, 0, idx), mask=mask))


def num_str(x: Arr, decimals: int | None = None, valid: Arr | None = None) -> pa.Array:
    """Numbers -> text (rounded to decimals), null where not valid."""
    v = np.asarray(x)
    if decimals is not None:
        v = np.round(v.astype(float), decimals)
    mask = None if valid is None else ~valid
    return pa.array(v, mask=mask).cast(pa.string())


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise string concatenation (scalars broadcast)."""
    return pc.binary_join_element_wise(*parts, "")


