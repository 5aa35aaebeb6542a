"""Bookkeeping of one run for truth.json: rows written, bad rows, duplicates, timezone offsets."""

from __future__ import annotations


class Ledger:
    """Counts for truth.json: rows written, bad rows, duplicates, timezone offsets."""

    def __init__(self) -> None:
        self.raw_rows: dict[str, int] = {}
        self.bad: dict[str, dict[str, int]] = {}
        self.dups: dict[str, dict[str, int]] = {}
        self.tz_rows = 0
        self.tz_by_table: dict[str, int] = {}
        self.tz_samples: list[dict[str, str]] = []
        self.bad_seq: dict[str, int] = {}

    def add(self, book: dict[str, dict[str, int]], table: str, reason: str, n: int) -> None:
        book.setdefault(table, {})
        book[table][reason] = book[table].get(reason, 0) + n


