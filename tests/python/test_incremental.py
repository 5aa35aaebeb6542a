"""Incremental builds (issue #8; docs/decisions.md D-1501..D-1506).

One generated data set is built twice:
  - full: every raw row loaded, `dbt build --full-refresh`;
  - incremental: the rows that arrived before a cutoff (batch 1) are built, then the rest
    (batch 2: late re-contacts, late product events and redeliveries for batch-1 contacts) is
    appended to the raw tables (support_truth.batches) and built incrementally.
Both data sets also hold planted rows whose verdict depends on the other batch (plant_edge_rows).
Every staging, quality, intermediate and mart table must be the same in both (marts matched on
their keys, numbers within 1e-9 relative). A third build with no new data must change nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import ROOT, build_failures, run_command
from conftest import dbt_build_on as build
from dbt.cli.main import dbtRunnerResult

from support_truth.batches import ARRIVAL, hold_back, release
from support_truth.compare_engines import compare, marts_from_manifest, same_value

DATA_ARGS = ("--conversations", "2000", "--days", "40", "--seed", "11")
SCHEMAS = ("staging", "quality", "intermediate", "marts")
INCREMENTAL_MODELS = (
    "staging.base_agent_platform__messages",
    "staging.base_agent_platform__agent_events",
    "staging.base_product_analytics__events",
    "staging.base_agent_platform__conversations",
    "staging.base_helpdesk__tickets",
    "staging.base_helpdesk__ticket_comments",
    "staging.base_helpdesk__ticket_status_changes",
    "staging.base_helpdesk__survey_responses",
    "staging.stg_agent_platform__agent_events",
    "intermediate.int_conversation_event_sequence",
    "intermediate.int_conversation_timeline",
    "intermediate.int_conversation_agent_event_summary",
    "intermediate.int_conversation_message_summary",
    "intermediate.int_instruction_matches",
    "intermediate.int_contacts",
    "intermediate.int_contact_resolution_points",
    "intermediate.int_contact_cases",
    "intermediate.int_contact_recontacts",
    "marts.fct_contacts",
    "marts.fct_cases",
    "marts.mart_agent_performance_daily",
    "marts.mart_agent_performance_weekly",
    "marts.mart_agent_performance_breakdowns",
)


@dataclass
class Builds:
    work: Path
    full_db: Path
    incr_db: Path
    snapshot_db: Path
    cutoff: datetime
    held: dict[str, int]
    late_conversation: str
    moved_instruction: tuple[str, datetime]
    results: dict[str, dbtRunnerResult] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    batch1_db: Path | None = None  # a copy of the incremental build after batch 1
    relinked_from: str = ""  # relink_ticket_and_mark_test_traffic
    made_test: str = ""


def cutoff_of(db: Path) -> datetime:
    """Midnight about three quarters into the data's arrival range."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("set TimeZone = 'UTC'")
        ((first, last),) = con.execute(
            "select min(try_cast(_loaded_at as timestamp)), max(try_cast(_loaded_at as timestamp)) "
            "from agent_platform.conversations").fetchall()
    finally:
        con.close()
    at = first + (last - first) * 3 / 4
    return datetime(at.year, at.month, at.day)


PLANTED_EVENT = "planted-redelivered-event"


def plant_edge_rows(con: duckdb.DuckDBPyConnection, cutoff: datetime) -> tuple[str, tuple[str, datetime]]:
    """Rows whose verdict in batch 1 changes with batch 2; returns the conversation made late and
    (instruction, time of its only success event) for the success event moved out of its window.

    - The latest-starting conversation that arrived 12 days before the cutoff is re-stamped to arrive after the cutoff: its messages
      and agent events (batch 1) are orphans until batch 2, then staged.
    - A batch-1 product event redelivered in batch 2 with a new page_path (the later version wins)
      and again with an unparseable occurred_at (quarantined; the good version stays).
    """
    # Before the batch-2 watermark (the batch-1 arrivals minus the lookback, at most 192 hours), so that only
    # the per-key scope of the base models, not the lookback, can bring these rows into batch 2's run.
    before, after = f"'{cutoff - timedelta(days=12)}'", f"'{cutoff + timedelta(hours=6)}'"
    ((late,),) = con.execute(f"""
        select conversation_id from agent_platform.conversations
        where {ARRIVAL} < timestamp {before}
            and conversation_id in (select conversation_id from agent_platform.messages)
            and conversation_id in (select conversation_id from agent_platform.agent_events)
        group by conversation_id
        having count(*) = 1 and bool_and(try_cast(started_at as timestamp) is not null)
            and bool_and(channel in ('chat', 'email'))
        order by max(try_cast(started_at as timestamp)) desc, conversation_id limit 1""").fetchall()
    con.execute(f"update agent_platform.conversations set _loaded_at = {after} where conversation_id = ?", [late])
    events = "product_analytics.events"
    con.execute(f"""
        insert into {events} by name
        select * replace ('{PLANTED_EVENT}' as event_id, {before} as _loaded_at) from (
            select * from {events} where {ARRIVAL} < timestamp {before} order by event_id limit 1)""")
    con.execute(f"""
        insert into {events} by name
        select * replace ('/planted/redelivered' as page_path, {after} as _loaded_at)
        from {events} where event_id = '{PLANTED_EVENT}'
        union all by name
        select * replace ('not a time' as occurred_at, cast({after} as timestamp) + interval 1 hour as _loaded_at)
        from {events} where event_id = '{PLANTED_EVENT}'""")
    return str(late), move_success_event_out_of_its_window(con, before, after)


def relink_ticket_and_mark_test_traffic(con: duckdb.DuckDBPyConnection, cutoff: datetime) -> tuple[str, str]:
    """Changes with no arrival for the contact they change (int_contacts, fct_contacts: D-1820), in
    batch 2 for batch-1 rows (arrived before the batch-2 watermark):
    - an escalation ticket is redelivered linked to another conversation of another customer: its
      old conversation loses it (and its comments and solves) with no row of its own;
    - a conversation is redelivered as test traffic: its contact is gone.
    Returns (the ticket's old conversation, the conversation made test traffic)."""
    before, after = f"'{cutoff - timedelta(days=12)}'", f"'{cutoff + timedelta(hours=6)}'"
    ((ticket, old_conversation, new_conversation, test_conversation),) = con.execute(f"""
        with conversations as (
            select conversation_id, customer_id from agent_platform.conversations
            where {ARRIVAL} < timestamp {before} and customer_id is not null
                and not coalesce(try_cast(is_test as boolean), false) and try_cast(started_at as timestamp) is not null
                and channel in ('chat', 'email')
            group by all having count(*) = 1),
        tickets as (
            select ticket_id, conversation_id from helpdesk.tickets
            where {ARRIVAL} < timestamp {before} and conversation_id is not null
            group by all having count(*) = 1),
        linked as (
            select tickets.ticket_id, tickets.conversation_id, conversations.customer_id from tickets
            inner join conversations on tickets.conversation_id = conversations.conversation_id
            where tickets.conversation_id in (select conversation_id from tickets group by all having count(*) = 1)
                and tickets.ticket_id not in (select ticket_id from helpdesk.tickets group by all having count(*) > 1)),
        unlinked as (
            select conversation_id, customer_id from conversations
            where conversation_id not in (select conversation_id from helpdesk.tickets where conversation_id is not null))
        select linked.ticket_id, linked.conversation_id,
            (select min(u.conversation_id) from unlinked as u where u.customer_id <> linked.customer_id),
            (select max(u.conversation_id) from unlinked as u where u.customer_id <> linked.customer_id)
        from linked order by linked.ticket_id limit 1""").fetchall()
    assert old_conversation != new_conversation != test_conversation
    con.execute(f"""
        insert into helpdesk.tickets by name
        select * replace ('{new_conversation}' as conversation_id, {after} as _loaded_at)
        from helpdesk.tickets where ticket_id = ?""", [ticket])
    con.execute(f"""
        insert into agent_platform.conversations by name
        select * replace (true as is_test, {after} as _loaded_at)
        from agent_platform.conversations where conversation_id = ?""", [test_conversation])
    return str(old_conversation), str(test_conversation)


def move_success_event_out_of_its_window(con: duckdb.DuckDBPyConnection, before: str, after: str) -> tuple[str, datetime]:
    """A batch-1 instruction (arrived before the batch-2 lookback) whose window holds exactly one
    success event: that event is redelivered in batch 2 three days earlier, out of the window. Only
    the superseded version's old values can tell an incremental run to match the instruction again
    (int_instruction_matches, D-1807); its window closed long before, so maturity cannot."""
    seed = ROOT / "seeds" / "downstream_actions.csv"
    ((instruction, event, occurred),) = con.execute(f"""
        with actions as (
            select lower(action_key) as action_key, lower(success_event) as success_event,
                nullif(trim(success_page_path), '') as path, coalesce(try_cast(window_hours as integer), 24) as hours
            from read_csv('{seed}', header = true, all_varchar = true)),
        instructions as (
            select distinct e.event_id as instruction_id, try_cast(e.occurred_at as timestamp) as occurred,
                lower(trim(json_extract_string(e.attributes, '$.action_key'))) as action_key, c.customer_id
            from agent_platform.agent_events as e
            inner join agent_platform.conversations as c on e.conversation_id = c.conversation_id
            where e.event_type = 'instruction_given' and try_cast(try_cast(e._loaded_at as timestamptz) as timestamp) < timestamp {before}
                and c.customer_id is not null),
        product as (
            select event_id, customer_id, lower(event_name) as event_name, page_path, try_cast(occurred_at as timestamp) as occurred
            from product_analytics.events where {ARRIVAL} < timestamp {before}),
        matched as (
            select instructions.instruction_id, product.event_id, product.occurred
            from instructions
            inner join actions on instructions.action_key = actions.action_key
            inner join product
                on product.customer_id = instructions.customer_id and product.event_name = actions.success_event
                and (actions.path is null or product.page_path = actions.path)
                and product.occurred > instructions.occurred and product.occurred <= instructions.occurred + actions.hours * interval 1 hour)
        select instruction_id, event_id, occurred from matched
        where instruction_id in (select instruction_id from matched group by all having count(*) = 1)
            and event_id in (select event_id from matched group by all having count(*) = 1)
            and event_id in (select event_id from product group by all having count(*) = 1)
        order by instruction_id limit 1""").fetchall()
    con.execute(f"""
        insert into product_analytics.events by name
        select * replace (cast(try_cast(occurred_at as timestamp) - interval 3 day as varchar) as occurred_at,
            {after} as _loaded_at)
        from product_analytics.events where event_id = ?""", [event])
    return str(instruction), occurred


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Builds]:
    yield run_incremental(tmp_path_factory.mktemp("incremental"), DATA_ARGS)


def run_incremental(work: Path, data_args: tuple[str, ...], again: bool = True) -> Builds:
    """Generate with `data_args`; build it all with --full-refresh, and in two arrival batches
    (the second incrementally); with `again`, a third build without new data after a snapshot."""
    data = work / "raw"
    run_command("support-truth-generate", "--out", str(data), *data_args)
    full_db, incr_db = work / "full.duckdb", work / "incremental.duckdb"
    for db in (full_db, incr_db):
        run_command("support-truth-load", str(data), env={**os.environ, "DBT_DUCKDB_PATH": str(db)})
    cutoff = cutoff_of(incr_db)
    for db in (full_db, incr_db):
        con = duckdb.connect(str(db))
        try:
            late, moved = plant_edge_rows(con, cutoff)
            relinked_from, made_test = relink_ticket_and_mark_test_traffic(con, cutoff)
        finally:
            con.close()
    con = duckdb.connect(str(incr_db))
    try:
        held = hold_back(con, cutoff)
    finally:
        con.close()
    b = Builds(work, full_db, incr_db, work / "snapshot.duckdb", cutoff, held, late, moved,
               relinked_from=relinked_from, made_test=made_test)
    # Data tests run on the full-refresh build and on the incremental one (equal work, comparable
    # times); unit tests do not depend on the data (test_end_to_end runs them).
    checked, unchecked = ["--exclude-resource-type", "unit_test"], ["--exclude-resource-type", "test", "unit_test"]
    b.results["full"], b.seconds["full_refresh"] = build(full_db, work / "full", ["build", "--full-refresh", *checked])
    b.results["batch1"], b.seconds["batch1"] = build(incr_db, work / "incr", ["build", *unchecked])
    b.batch1_db = work / "batch1.duckdb"
    shutil.copy(incr_db, b.batch1_db)
    con = duckdb.connect(str(incr_db))
    try:
        release(con)
    finally:
        con.close()
    b.results["batch2"], b.seconds["batch2_incremental"] = build(incr_db, work / "incr", ["build", *checked])
    if again:
        shutil.copy(incr_db, b.snapshot_db)
        b.results["again"], b.seconds["no_new_data"] = build(incr_db, work / "incr", ["build", *unchecked])
    print(f"\nincremental: cutoff {cutoff}, held back {sum(held.values())} rows; seconds {b.seconds}")
    return b


def test_every_build_is_green(builds: Builds) -> None:
    for name, result in builds.results.items():
        assert result.success, f"{name}: {build_failures(result)[:10]}"


def test_the_second_batch_holds_late_rows_for_first_batch_contacts(builds: Builds) -> None:
    """Batch 2 re-contacts batch-1 contacts (one outside batch 1's last day), matures batch-1 contacts
    that get no row of their own, completes downstream actions, redelivers rows (issue 18's cases)."""
    con = duckdb.connect(str(builds.full_db), read_only=True)
    try:
        con.execute("set TimeZone = 'UTC'")
        cut = f"timestamp '{builds.cutoff.isoformat(sep=' ')}'"

        def conversation_arrival(aggregate: str) -> str:
            """Each conversation's last (max) or first (min) arrival, as a subquery."""
            return (f"(select conversation_id, {aggregate}(try_cast(_loaded_at as timestamp)) as loaded_at "
                    "from agent_platform.conversations group by conversation_id)")

        arrived, first_arrival = conversation_arrival("max"), conversation_arrival("min")
        ((late_recontacts,),) = con.execute(f"""
            select count(*) from marts.fct_contacts as c
            inner join marts.fct_contacts as n on c.next_contact_id = n.contact_id
            inner join {arrived} as ca on c.conversation_id = ca.conversation_id
            inner join {arrived} as na on n.conversation_id = na.conversation_id
            where ca.loaded_at < {cut} and na.loaded_at >= {cut} and c.is_recontacted_7d""").fetchall()
        # A product event arrives after it occurred, so an action taken after the cutoff arrived late.
        ((late_actions,),) = con.execute(f"""
            select count(*) from marts.fct_instructions as i
            inner join agent_platform.agent_events as e on i.instruction_id = e.event_id
            where try_cast(e._loaded_at as timestamp) < {cut} and i.action_taken_at >= {cut}""").fetchall()
        # Instructions of batch 1 whose window closed only in batch 2: they mature with no new row of their own.
        ((matured,),) = con.execute(f"""
            select count(*) from marts.fct_instructions as i
            inner join agent_platform.agent_events as e on i.instruction_id = e.event_id
            where try_cast(e._loaded_at as timestamp) < {cut} and i.window_ends_at >= {cut} and i.is_mature""").fetchall()
        # A late re-contact that changes a contact outside batch 1's last day (and outside the
        # arrival lookback, D-1810): every row of that contact arrived over a day before the cutoff,
        # the re-contact's first row after it.
        ((old_recontacted,),) = con.execute(f"""
            select count(*) from marts.fct_contacts as c
            inner join marts.fct_contacts as n on c.next_contact_id = n.contact_id
            inner join {arrived} as ca on c.conversation_id = ca.conversation_id
            inner join {first_arrival} as na on n.conversation_id = na.conversation_id
            where ca.loaded_at < {cut} - interval 1 day and na.loaded_at >= {cut} and c.is_recontacted""").fetchall()
        # Contacts of batch 1 that mature in batch 2 with no row of their own in it: their default
        # re-contact window closes after the cutoff, and as_of alone moves them into the re-contact
        # rate's population (is_recontacted: null -> false).
        own_rows = " union all ".join(
            f"select conversation_id from {table} where {ARRIVAL} >= {cut}"
            for table in ("agent_platform.conversations", "agent_platform.messages",
                          "agent_platform.agent_events", "helpdesk.tickets"))
        ((matured_contacts,),) = con.execute(f"""
            select count(*) from marts.fct_contacts as c
            inner join {arrived} as ca on c.conversation_id = ca.conversation_id
            where ca.loaded_at < {cut}
                and c.is_recontacted = false
                and c.recontact_clock_at + to_hours(c.recontact_window_hours) >= {cut}
                and c.conversation_id not in (
                    select conversation_id from ({own_rows}) as own where conversation_id is not null)""").fetchall()
        ((redelivered,),) = con.execute(f"""
            select count(*) from (
                select message_id from agent_platform.messages
                group by message_id
                having min(try_cast(_loaded_at as timestamp)) < {cut}
                    and max(try_cast(_loaded_at as timestamp)) >= {cut})""").fetchall()
    finally:
        con.close()
    print(f"\nbatch 2: {builds.held}; late re-contacts {late_recontacts} ({old_recontacted} of contacts "
          f"older than a day), contacts matured with no row of their own {matured_contacts}, late downstream "
          f"actions {late_actions}, instructions matured in batch 2 {matured}, messages redelivered across the "
          f"cutoff {redelivered}")
    assert builds.held["product_analytics.events"] > 0 and builds.held["agent_platform.messages"] > 0
    assert late_recontacts >= 5
    assert old_recontacted >= 1
    assert matured_contacts >= 3
    assert late_actions >= 3
    assert matured >= 3
    assert redelivered >= 1


def test_the_planted_rows_get_the_verdict_of_all_their_rows(builds: Builds) -> None:
    """On the full build; test_incremental_build_equals_full_refresh then holds the incremental one to it."""
    con = duckdb.connect(str(builds.full_db), read_only=True)
    try:
        ((messages, events),) = con.execute("""
            select
                (select count(*) from staging.stg_agent_platform__messages where conversation_id = $1),
                (select count(*) from staging.stg_agent_platform__agent_events where conversation_id = $1)""",
            [builds.late_conversation]).fetchall()
        page_paths = con.execute("select page_path from staging.stg_product_analytics__events where event_id = ?",
                                 [PLANTED_EVENT]).fetchall()
        # The moved success event no longer counts for its instruction (a row, matched to nothing or to another event).
        moved_taken_at = con.execute("select action_taken_at from marts.fct_instructions where instruction_id = ?",
                                     [builds.moved_instruction[0]]).fetchone()
        quarantined = con.execute("""
            select source_key, reason from quality.quarantine_rows
            where source_table = 'product_analytics.events' and source_key = ?""", [PLANTED_EVENT]).fetchall()
        # The generator's product events without event_id (all quarantined together, D-1510) in both batches.
        ((keyless_before, keyless_after),) = con.execute(f"""
            select count(*) filter (where {ARRIVAL} < $1), count(*) filter (where {ARRIVAL} >= $1)
            from product_analytics.events where nullif(trim(event_id), '') is null""",
            [builds.cutoff]).fetchall()
    finally:
        con.close()
    assert messages > 0 and events > 0, builds.late_conversation
    assert page_paths == [("/planted/redelivered",)]
    instruction, success_at = builds.moved_instruction
    assert moved_taken_at is not None and moved_taken_at[0] != success_at, (instruction, success_at, moved_taken_at)
    assert quarantined == [(PLANTED_EVENT, "unparseable_timestamp")]
    assert keyless_before > 0 and keyless_after > 0


def _table_names(db: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [(s, t) for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) and table_type = 'BASE TABLE' order by 1, 2",
            [list(SCHEMAS)]).fetchall()]
    finally:
        con.close()


def _read(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cur = con.execute(f'select * from "{schema}"."{table}"')
    return [d[0] for d in cur.description], cur.fetchall()


def _same_rows(left: tuple[list[str], list[tuple[Any, ...]]], right: tuple[list[str], list[tuple[Any, ...]]]) -> str:
    """'' when both reads hold the same rows (any order; floats within 1e-9), else a description."""
    cols_l, rows_l = left
    cols_r, rows_r = right
    if cols_l != cols_r:
        return f"columns {cols_l} != {cols_r}"
    if len(rows_l) != len(rows_r):
        return f"{len(rows_l)} rows != {len(rows_r)} rows"

    def order(row: tuple[Any, ...]) -> tuple[str, ...]:
        return tuple("" if v is None else (f"{v:.6g}" if isinstance(v, float) else str(v)) for v in row)

    for a, b in zip(sorted(rows_l, key=order), sorted(rows_r, key=order), strict=True):
        if not all(same_value(x, y, 1e-9) for x, y in zip(a, b, strict=True)):
            return f"first difference: {a} != {b}"
    return ""


def differences(left_db: Path, right_db: Path, manifest: Path) -> list[str]:
    marts = {(m.schema, m.name): m for m in marts_from_manifest(manifest)}
    tables = _table_names(left_db)
    assert tables == _table_names(right_db)
    left, right = duckdb.connect(str(left_db), read_only=True), duckdb.connect(str(right_db), read_only=True)
    diffs = []
    try:
        for schema, table in tables:
            a, b = _read(left, schema, table), _read(right, schema, table)
            if (schema, table) in marts:
                found = compare(marts[schema, table], a, b, 1e-9, 5)
                problem = "; ".join(found)
            else:
                problem = _same_rows(a, b)
            if problem:
                diffs.append(f"{schema}.{table}: {problem}")
    finally:
        left.close()
        right.close()
    return diffs


def test_incremental_build_equals_full_refresh(builds: Builds) -> None:
    tables = _table_names(builds.full_db)
    assert {f"{s}.{t}" for s, t in tables} >= set(INCREMENTAL_MODELS)
    assert len(tables) > 60
    diffs = differences(builds.full_db, builds.incr_db, builds.work / "full" / "target" / "manifest.json")
    assert not diffs, "\n".join(diffs)


def test_incremental_models_were_built_incrementally(builds: Builds) -> None:
    """The batch-2 build merged into the existing tables instead of rebuilding them."""
    result = builds.results["batch2"]
    merged = {r.node.name for r in result.result or []
              if getattr(r.node.config, "materialized", None) == "incremental"}
    assert {m.split(".")[1] for m in INCREMENTAL_MODELS} <= merged
    log = (builds.work / "incr" / "logs" / "dbt.log").read_text(errors="replace")
    assert 'delete from "incremental"."staging"."stg_agent_platform__agent_events"' in log


def test_facts_change_for_contacts_without_a_row_of_their_own(builds: Builds) -> None:
    """Issue 18's two cases for fct_contacts (D-1820), among the contacts none of whose inputs arrived
    in batch 2 (int_contacts._loaded_at more than the lookback before the cutoff): a late re-contact
    (a batch-2 contact of the same customer) changes the earlier contact's next contact, and a contact
    matures (its outcome settles or a re-contact window passes at the new as_of) with no change of
    its inputs. Both kinds occur, and test_incremental_build_equals_full_refresh checks their rows."""
    assert builds.batch1_db is not None
    quiet_until = builds.cutoff - timedelta(hours=24)
    con = duckdb.connect(str(builds.incr_db), read_only=True)
    try:
        con.execute(f"attach '{builds.batch1_db}' as batch1 (read_only)")
        ((recontacted, matured),) = con.execute("""
            select
                count(*) filter (where now.next_contact_id is distinct from before.next_contact_id),
                count(*) filter (
                    where now.next_contact_id is not distinct from before.next_contact_id
                    and now.seconds_to_recontact is not distinct from before.seconds_to_recontact
                    and (now.is_outcome_settled <> before.is_outcome_settled
                        or now.is_fcr is distinct from before.is_fcr
                        or now.outcome <> before.outcome))
            from incremental.marts.fct_contacts as now
            inner join batch1.marts.fct_contacts as before on now.contact_id = before.contact_id
            where now._loaded_at < ?""", [quiet_until]).fetchall()
    finally:
        con.close()
    assert recontacted > 0, "no contact without new rows got a late re-contact"
    assert matured > 0, "no contact without new rows matured"


def test_a_relinked_ticket_and_new_test_traffic_change_contacts_with_no_row_of_their_own(builds: Builds) -> None:
    """The planted changes of relink_ticket_and_mark_test_traffic reached the facts of batch 1's
    contacts (the full-refresh comparison checks every value)."""
    assert builds.batch1_db is not None
    con = duckdb.connect(str(builds.incr_db), read_only=True)
    try:
        con.execute(f"attach '{builds.batch1_db}' as batch1 (read_only)")
        counts = {db: con.execute(f"select escalation_ticket_count from {db}.marts.fct_contacts where contact_id = ?",
                                  [f"conversation:{builds.relinked_from}"]).fetchall() for db in ("batch1", "incremental")}
        gone = {db: con.execute(f"select count(*) from {db}.marts.fct_contacts where contact_id = ?",
                                [f"conversation:{builds.made_test}"]).fetchall() for db in ("batch1", "incremental")}
    finally:
        con.close()
    assert counts == {"batch1": [(1,)], "incremental": [(0,)]}
    assert gone == {"batch1": [(1,)], "incremental": [(0,)]}


def test_a_change_of_a_var_recomputes_the_facts_it_changes(builds: Builds) -> None:
    """fct_contacts, the customer-scoped tables and the cases keep no row computed under other rules
    (D-1820, D-1821, _logic_fingerprint; D-1844, the cases' fingerprints): after the incremental builds,
    `resolution_inactivity_hours` and `recontact_window_hours` change; an incremental run of the five
    models gives what a full refresh of them gives (a case that no longer exists is deleted), and the
    change moved some contacts' settling and some contacts' cases."""
    changed = '{"resolution_inactivity_hours": 48, "recontact_window_hours": 24}'
    models = "int_contact_resolution_points int_contact_cases int_contact_recontacts fct_contacts fct_cases"
    dbs = {}
    for name, extra in (("incremental", []), ("full", ["--full-refresh"])):
        work = builds.work / f"vars_{name}"
        work.mkdir()
        dbs[name] = work / builds.incr_db.name  # the same file name: the same catalog for the views
        shutil.copy(builds.incr_db, dbs[name])
        result, _ = build(dbs[name], work, ["run", "-s", *models.split(), "--vars", changed, *extra])
        assert result.success, build_failures(result)
    diffs = differences(dbs["full"], dbs["incremental"], builds.work / "full" / "target" / "manifest.json")
    assert not diffs, "\n".join(diffs)
    con = duckdb.connect(str(dbs["incremental"]), read_only=True)
    try:
        con.execute(f"attach '{builds.incr_db}' as before (read_only)")
        ((moved,),) = con.execute(f"""
            select count(*) from {builds.incr_db.stem}.marts.fct_contacts as now
            inner join before.marts.fct_contacts as before using (contact_id)
            where now.outcome_settles_at <> before.outcome_settles_at""").fetchall()
        ((recased,),) = con.execute(f"""
            select count(*) from {builds.incr_db.stem}.intermediate.int_contact_cases as now
            inner join before.intermediate.int_contact_cases as before using (contact_id)
            where now.case_id <> before.case_id""").fetchall()
    finally:
        con.close()
    assert moved > 0
    assert recased > 0


def test_a_build_without_new_data_changes_nothing(builds: Builds) -> None:
    diffs = differences(builds.snapshot_db, builds.incr_db, builds.work / "full" / "target" / "manifest.json")
    assert not diffs, "\n".join(diffs)
    # The incremental models are bit-identical, not only within the tolerance.
    con = duckdb.connect(str(builds.incr_db), read_only=True)
    try:
        con.execute(f"attach '{builds.snapshot_db}' as before (read_only)")
        for model in INCREMENTAL_MODELS:
            for a, b in (("incremental", "before"), ("before", "incremental")):
                ((n,),) = con.execute(
                    f"select count(*) from (select * from {a}.{model} except all select * from {b}.{model})"
                ).fetchall()
                assert n == 0, f"{model}: {n} rows only in {a}"
    finally:
        con.close()


def test_source_freshness_reports_old_data_and_passes_with_wide_thresholds(builds: Builds) -> None:
    """Generated data lies in the past: stale by the default thresholds, fresh with wide ones."""
    env = {**os.environ, "DBT_DUCKDB_PATH": str(builds.full_db), "DBT_PROFILES_DIR": str(ROOT)}
    cmd = [str(Path(sys.executable).parent / "dbt"), "source", "freshness", "--project-dir", str(ROOT),
           "--target-path", str(builds.work / "fresh"), "--log-path", str(builds.work / "fresh")]
    stale = subprocess.run([*cmd, "--output", str(builds.work / "fresh" / "stale.json")],
                           check=False, env=env, capture_output=True, text=True)
    assert stale.returncode == 1, stale.stdout[-2000:]
    results = json.loads((builds.work / "fresh" / "stale.json").read_text())["results"]
    assert len(results) == 11 and {r["status"] for r in results} == {"error"}
    # The age is measured from the latest arrival (wall clock: freshness is about arrival vs now).
    conversations = next(r for r in results if r["unique_id"].endswith("agent_platform.conversations"))
    latest = datetime.fromisoformat(conversations["max_loaded_at"]).replace(tzinfo=None)
    assert builds.cutoff < latest < builds.cutoff + timedelta(days=15)
    assert all(r["max_loaded_at_time_ago_in_s"] > 0 for r in results)
    wide = {**env, "DBT_FRESHNESS_WARN_HOURS": str(24 * 365 * 50), "DBT_FRESHNESS_ERROR_HOURS": str(24 * 365 * 60)}
    fresh = subprocess.run([*cmd, "--output", str(builds.work / "fresh" / "fresh.json")],
                           check=False, env=wide, capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stdout[-2000:]
    results = json.loads((builds.work / "fresh" / "fresh.json").read_text())["results"]
    assert {r["status"] for r in results} == {"pass"}


def test_batches_hold_back_and_release_by_arrival(tmp_path: Path) -> None:
    """hold_back / release move rows by _loaded_at (offsets honoured), one day at a time or all."""
    con = duckdb.connect(str(tmp_path / "b.duckdb"))
    try:
        con.execute("create schema crm")
        con.execute("create table crm.accounts (account_id varchar, _loaded_at varchar)")
        con.execute("insert into crm.accounts values ('a', '2026-01-01T10:00:00'), ('b', '2026-01-02T01:00:00+02:00'),"
                    " ('c', '2026-01-02T10:00:00Z'), ('d', '2026-01-03T10:00:00'), ('e', 'not a time'), ('f', null)")
        assert hold_back(con, "2026-01-02") == {"crm.accounts": 2}  # c, d (b is 2026-01-01 23:00 UTC)
        assert release(con, until="2026-01-03") == {"crm.accounts": 1}
        assert sorted(r[0] for r in con.execute("select account_id from crm.accounts").fetchall()) == list("abcef")
        assert release(con) == {"crm.accounts": 1}
        assert con.execute("select count(*) from crm.accounts").fetchone() == (6,)
        assert con.execute("select count(*) from information_schema.schemata where schema_name = '_held_batches'"
                           ).fetchone() == (0,)
    finally:
        con.close()


def test_a_row_committed_after_the_lookback_fails_reconciliation_until_a_full_refresh(
        builds: Builds, tmp_path: Path) -> None:
    """D-1810: an incremental run re-reads the arrivals of the last incremental_lookback_hours only,
    so a row that becomes visible later than that, stamped with an older _loaded_at, is not
    validated. It is not lost silently: raw = staged + quarantined + collapsed fails on its table
    (quality_table_reconciliation) until a --full-refresh validates it."""
    db = tmp_path / builds.incr_db.name  # same file name: the views name the catalog
    shutil.copy(builds.incr_db, db)
    stamp = f"'{builds.cutoff - timedelta(days=12)}'"
    con = duckdb.connect(str(db))
    try:
        con.execute(f"""
            insert into product_analytics.events by name
            select * replace ('evt_committed_late' as event_id, {stamp} as _loaded_at) from (
                select * from product_analytics.events where {ARRIVAL} < timestamp {stamp}
                order by event_id limit 1)""")
    finally:
        con.close()
    models = ["-s", "base_product_analytics__events", "stg_product_analytics__events", "quarantine_rows",
              "quality_table_reconciliation"]

    def unexplained() -> tuple[int, int]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            ((rows, late),) = con.execute("""
                select
                    (select unexplained_rows from quality.quality_table_reconciliation
                     where source_table = 'product_analytics.events'),
                    (select count(*) from staging.stg_product_analytics__events
                     where event_id = 'evt_committed_late')""").fetchall()
        finally:
            con.close()
        return rows, late

    missed, _ = build(db, tmp_path / "missed", ["build", *models])
    failures = build_failures(missed)
    assert failures and all("quality_table_reconciliation" in f for f in failures), failures
    assert unexplained() == (1, 0)
    refreshed, _ = build(db, tmp_path / "refreshed", ["build", "--full-refresh", *models])
    assert refreshed.success, build_failures(refreshed)
    assert unexplained() == (0, 1)


def test_a_period_mart_recomputes_the_periods_whose_contacts_changed_and_no_other(
        builds: Builds, tmp_path: Path) -> None:
    """D-1812: an incremental run of a period mart aggregates only the periods whose fingerprint (of
    the contact rows it reads) is new or differs from the stored one, and deletes the periods that
    have no contact any more. Planted in a copy of the built warehouse: a sentinel in a period whose
    contacts did not change (kept), the same sentinel with a stale fingerprint (recomputed), and a
    period with no contacts (deleted); then a changed var recomputes every period. The copy has another
    file name (another catalog): the fingerprint leaves the database name out (D-1825), so a warehouse
    copied or renamed keeps its periods. The mart reads only tables, which do not name their catalog."""
    db = tmp_path / f"renamed_{builds.incr_db.name}"
    shutil.copy(builds.incr_db, db)
    mart = "marts.mart_agent_performance_daily"
    con = duckdb.connect(str(db))
    try:
        ((kept, stale),) = con.execute(f"select min(contact_date), max(contact_date) from {mart}").fetchall()
        ((expected,),) = con.execute(
            f"select contacts from {mart} where contact_date = ? and channel = 'all' and intent_cluster = 'all'",
            [stale]).fetchall()
        con.execute(f"update {mart} set contacts = -1 where contact_date in (?, ?)", [kept, stale])
        con.execute(f"update {mart} set _period_fingerprint = '0' where contact_date = ?", [stale])
        con.execute(f"insert into {mart} by name select * replace (date '1999-01-01' as contact_date) "
                    f"from {mart} where contact_date = ?", [kept])
    finally:
        con.close()
    result, _ = build(db, tmp_path / "run", ["run", "-s", "mart_agent_performance_daily"])
    assert result.success, build_failures(result)
    con = duckdb.connect(str(db), read_only=True)
    try:
        contacts = dict(con.execute(
            f"select contact_date, contacts from {mart} where channel = 'all' and intent_cluster = 'all' "
            "and contact_date in (?, ?, date '1999-01-01')", [kept, stale]).fetchall())
    finally:
        con.close()
    assert contacts == {kept: -1, stale: expected}
    # A var the aggregate reads is in the fingerprint's salt: changing it recomputes every period.
    result, _ = build(db, tmp_path / "run", ["run", "-s", "mart_agent_performance_daily",
                                             "--vars", "{min_sample_size: 7}"])
    assert result.success, build_failures(result)
    con = duckdb.connect(str(db), read_only=True)
    try:
        ((sentinels, flags),) = con.execute(
            f"select count_if(contacts = -1), count_if(deflection_rate_is_low_sample <> "
            f"(deflection_rate_denominator < 7)) from {mart}").fetchall()
    finally:
        con.close()
    assert (sentinels, flags) == (0, 0)


def test_data_tests_of_an_incremental_run_check_the_rows_of_the_run(builds: Builds,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """DBT_DATA_TESTS_SCOPE=run (a scheduled incremental build) filters the data tests of incremental
    models to the last arrival window; the default and a full refresh check every row (D-1802)."""
    work = builds.work / "scoped"
    compiled = work / "target" / "compiled" / "support_truth" / "models"
    monkeypatch.setenv("DBT_DATA_TESTS_SCOPE", "run")
    result, _ = build(builds.incr_db, work, ["test", "-s", "stg_agent_platform__messages",
                                             "stg_product_analytics__events", "stg_helpdesk__tickets",
                                             "stg_crm__customers", "mart_agent_performance_daily", "fct_contacts"])
    refreshed, _ = build(builds.incr_db, work / "refresh", [
        "compile", "--full-refresh", "-s", "stg_agent_platform__messages,test_type:data"])
    assert result.success, build_failures(result)
    assert refreshed.success

    def sql(root: Path, name: str) -> str:
        return next(root.rglob(f"{name}.sql")).read_text()

    # Two disjoint branches, a plain comparison and the rows without _loaded_at, so that DuckDB can
    # skip the row groups before the window (D-1814).
    scoped = "_loaded_at >= cast("
    assert "_loaded_at is null) dbt_subquery" in sql(compiled, "unique_stg_agent_platform__messages_message_id")
    assert scoped in sql(compiled, "unique_stg_agent_platform__messages_message_id")
    assert scoped in sql(compiled, "unique_stg_product_analytics__events_event_id")
    assert scoped in sql(compiled, "unique_stg_helpdesk__tickets_ticket_id")  # a view over one (D-1813)
    # A table that is not incremental is checked whole.
    assert scoped not in sql(compiled, "not_null_columns_stg_crm__customers")
    # Nor is an incremental model that replaces rows whatever their arrival (maturing facts, D-1820).
    assert scoped not in sql(compiled, "unique_fct_contacts_contact_id")
    # Nor is an incremental model without _loaded_at (a period mart, D-1812).
    assert scoped not in sql(compiled, "not_null_columns_mart_agent_performance_daily")
    assert scoped not in sql(work / "refresh" / "target" / "compiled", "unique_stg_agent_platform__messages_message_id")
    assert scoped not in sql(builds.work / "incr" / "target" / "compiled", "unique_stg_agent_platform__messages_message_id")
