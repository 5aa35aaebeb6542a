"""A BI-like reader for test_postgres_faults.py: count the rows of some marts on PostgreSQL in a loop,
over one autocommit connection (as a BI tool's pool would), until a stop file appears; then write a
JSON summary: per mart the sequence of distinct counts seen (with how often), and every error.

usage: python postgres_reader.py USER STOP_FILE OUT_JSON MART [MART ...]   (server from DBT_PG_*)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import psycopg2

from support_truth.warehouse import postgres_connection


def main(user: str, stop: Path, out: Path, marts: list[str], pause: float = 0.01) -> None:
    summary: dict[str, Any] = {"queries": 0, "errors": [], "sequence": {m: [] for m in marts}, "times": []}
    with postgres_connection(user=user) as con:
        con.autocommit = True
        with con.cursor() as cur:
            while not stop.exists():
                for mart in marts:
                    try:
                        cur.execute(f"select count(*) from marts.{mart}")
                        row = cur.fetchone()
                    except psycopg2.Error as exc:  # every error is a finding, not a crash of the reader
                        summary["errors"].append(f"{time.time():.3f} {mart}: {exc!r}")
                        continue
                    count = row[0] if row else None
                    summary["queries"] += 1
                    summary["times"].append(round(time.time(), 3))
                    seq = summary["sequence"][mart]
                    if not seq or seq[-1][0] != count:
                        seq.append([count, 0])
                    seq[-1][1] += 1
                time.sleep(pause)
    out.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:])
