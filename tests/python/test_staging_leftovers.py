"""Staging checks added for issue 21's leftovers, on a few hand-written raw rows (seconds, no generator).

- A timestamp whose UTC offset is beyond +-14:00, or whose offset minutes are 60 or more, is
  unparseable_timestamp (DuckDB would read '+25:00' as a 25-hour shift; Spark up to +-18:00).
- A negative agent event cost_usd is out_of_range.

The native tables are created empty by support-truth-load, the rows inserted as text, and only the
base models of agent_platform conversations and agent events are built.
"""

from __future__ import annotations

import os

import duckdb
import pytest
from conftest import ROOT, build_failures, dbt_invoke, duckdb_path, run_command

from support_truth.contract import contract_tables

LOADED = "2026-01-20T00:00:00Z"
GOOD = "2026-01-10T10:00:00"
# conversation id -> (started_at as written, expected _dq_reason)
CONVERSATIONS = {
    "c_plain": (GOOD, None),
    "c_z": ("2026-01-10T10:00:00Z", None),
    "c_plus14": ("2026-01-10T10:00:00+14:00", None),
    "c_minus12": ("2026-01-10T10:00:00-12:00", None),
    "c_india": ("2026-01-10 10:00:00.250+05:30", None),
    "c_compact": ("2026-01-10T10:00:00+0545", None),
    "c_plus25": ("2026-01-10T10:00:00+25:00", "unparseable_timestamp"),
    "c_minus25": ("2026-01-10T10:00:00-25:00", "unparseable_timestamp"),
    "c_plus15": ("2026-01-10T10:00:00+15:00", "unparseable_timestamp"),
    "c_plus1430": ("2026-01-10T10:00:00+14:30", "unparseable_timestamp"),
    "c_min60": ("2026-01-10T10:00:00+05:60", "unparseable_timestamp"),
    "c_compact99": ("2026-01-10T10:00:00+0599", "unparseable_timestamp"),
    "c_hour_only": ("2026-01-10T10:00:00+25", "unparseable_timestamp"),
}
# event id -> (cost_usd, expected _dq_reason)
EVENTS = {
    "e_zero": ("0", None),
    "e_cost": ("0.0125", None),
    "e_null": (None, None),
    "e_negative": ("-0.01", "out_of_range"),
}


def insert(
    con: duckdb.DuckDBPyConnection, system: str, table: str, rows: list[dict[str, str | None]]
) -> None:
    (spec,) = [t for t in contract_tables(ROOT) if (t.system, t.name) == (system, table)]
    names = [c.name for c in spec.columns]
    placeholders = ", ".join("?" for _ in names)
    con.executemany(
        f"insert into {system}.{table} ({', '.join(names)}) values ({placeholders})",
        [[row.get(n) for n in names] for row in rows],
    )


@pytest.fixture(scope="module")
def reasons(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | None]:
    work = tmp_path_factory.mktemp("leftovers")
    db = work / "leftovers.duckdb"
    (work / "empty").mkdir()
    env = {**os.environ, "DBT_DUCKDB_PATH": str(db)}
    run_command("support-truth-load", str(work / "empty"), env=env)
    con = duckdb.connect(str(db))
    try:
        insert(con, "agent_platform", "conversations", [
            {"conversation_id": cid, "channel": "chat", "started_at": started, "_loaded_at": LOADED}
            for cid, (started, _) in CONVERSATIONS.items()
        ])  # fmt: skip
        insert(con, "agent_platform", "agent_events", [
            {"event_id": eid, "conversation_id": "c_plain", "event_type": "llm_call", "occurred_at": GOOD,
             "attributes": "{}", "cost_usd": cost, "_loaded_at": LOADED}
            for eid, (cost, _) in EVENTS.items()
        ])  # fmt: skip
    finally:
        con.close()
    with duckdb_path(db):
        result = dbt_invoke(
            ["run", "--select", "base_agent_platform__conversations", "stg_agent_platform__conversations",
             "base_agent_platform__agent_events"],
            work,
        )  # fmt: skip
    assert result.success, "\n".join(build_failures(result)) or str(result.exception)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute(
            "select conversation_id, _dq_reason from staging.base_agent_platform__conversations"
            " union all select _dq_key, _dq_reason from staging.base_agent_platform__agent_events"
        ).fetchall())  # fmt: skip
    finally:
        con.close()


@pytest.mark.parametrize("conversation_id", sorted(CONVERSATIONS))
def test_utc_offset_beyond_the_valid_range_is_unparseable(
    reasons: dict[str, str | None], conversation_id: str
) -> None:
    started, expected = CONVERSATIONS[conversation_id]
    assert reasons[conversation_id] == expected, started


@pytest.mark.parametrize("event_id", sorted(EVENTS))
def test_negative_agent_event_cost_is_out_of_range(reasons: dict[str, str | None], event_id: str) -> None:
    assert reasons[event_id] == EVENTS[event_id][1], EVENTS[event_id][0]
