"""A BI-like reader for test_publish.py: query the published warehouse in a loop until a stop file
appears, then write a JSON summary. Each query opens the file read-only, reads the build id and the
same population from two marts and the publication's own row count in one statement, and closes.

usage: python published_reader.py PUBLISHED STOP_FILE OUT_JSON
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

# One statement: build id, contacts in the contact fact, the same contacts summed from a weekly mart,
# and the row count the publisher recorded. Within one build the three numbers are equal.
SQL = """
select
    p.build_id,
    (select count(*) from marts.fct_contacts) as fact_contacts,
    (select sum(contacts) from marts.mart_fcr where intent_cluster = 'all') as mart_contacts,
    (select row_count from meta.published_tables
     where table_schema = 'marts' and table_name = 'fct_contacts') as recorded_contacts
from meta.publication as p
"""


def main(published: Path, stop: Path, out: Path, pause: float = 0.02) -> None:
    summary: dict[str, Any] = {"queries": 0, "errors": [], "inconsistent": [], "sequence": [], "times": []}
    while not stop.exists():
        try:
            con = duckdb.connect(str(published), read_only=True)
            try:
                row = con.execute(SQL).fetchone()
            finally:
                con.close()
        except duckdb.Error as exc:  # every error is a finding, not a crash of the reader
            summary["errors"].append(f"{time.time():.3f} {exc!r}")
            time.sleep(pause)
            continue
        assert row is not None
        build_id, fact, mart, recorded = row
        summary["queries"] += 1
        summary["times"].append(round(time.time(), 3))
        if not fact == mart == recorded:
            summary["inconsistent"].append([build_id, fact, mart, recorded])
        seq = summary["sequence"]
        if not seq or seq[-1]["build_id"] != build_id:
            seq.append({"build_id": build_id, "contacts": fact, "first_seen": time.time(), "queries": 0})
        seq[-1]["queries"] += 1
        seq[-1]["last_seen"] = time.time()
        time.sleep(pause)
    out.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
