"""Adversarial input: hypothesis-generated raw batches mixing valid and malformed rows in every raw
table must build green, land every bad row in quarantine with its reason, reconcile, and change the
marts only by their valid rows.

How (built for CI time): hypothesis draws N_BATCHES (24) batches (tests/python/adversarial.py); each
gets its own key namespace (adv00_, adv01_, ...) and all of them are appended to one small clean base
dataset (generator, 300 conversations, 14 days, no injected bad rows). Two warehouses are loaded
through the real loader (CSV, so non-UTF-8 bytes and a 2.2 MB body go through support-truth-load):
  A = base + every batch row, `dbt build` (every model, unit and data test);
  B = base + only the rows expected to stage (valid rows and their duplicates), models only.
Then: A is green; quarantine holds exactly the expected (table, key, reason) rows; raw = staged +
quarantined + collapsed per table; the staged keys and chosen values are the expected ones; and every
staging (stg_*), intermediate and mart table of A equals B's (doubles rounded to 6 decimals: parallel
sums may differ in the last bits). Equality is not vacuous: the batches' valid conversations are in
A's fct_contacts.

Covered per table: missing required values (empty and blank), non-UTF-8 bytes (quarantined outside free
text, kept as U+FFFD in bodies and comments), unparseable timestamps, implausible ones (pre-epoch,
far-future, more than 366 days after _loaded_at), every ISO offset form (Z, +00:00, -00:00, +hh:mm, +hhmm, +hh,
fractions, 'T' or space), wrong numbers (text, NaN, infinity, overflow, non-whole integers), wrong
booleans, malformed JSON, unknown enums (quarantined, or mapped to 'other' where D-004 says so),
out-of-range values, orphan foreign keys (quarantined where D-005 checks them: missing or quarantined
parent; unknown customer_id / account_id kept by design), exact duplicates, conflicting versions (the
latest _loaded_at wins) and a later bad version (never hides the good one), empty and huge bodies.
Not covered: shrinking (examples are built together, so a failure names the batch and row instead of
a minimal example), structurally broken CSV (ragged rows, unclosed quotes) and broken Parquet (the
loader refuses them: test_loader_faults.py), Parquet input, source adapters, batches that reuse base keys, a far-future _loaded_at itself (trusted, D-1201).
"""

from __future__ import annotations

import csv
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from adversarial import BAD_BYTE, KEYS, STAGED_MODEL, TABLES, Row, batches, resolve, write_csv
from conftest import dbt_build_on as build
from conftest import run_command
from dbt.cli.main import dbtRunnerResult
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from support_truth.compare_engines import is_technical

N_BATCHES = 24
BASE_ARGS = ("--conversations", "300", "--days", "14", "--seed", "11", "--bad-row-rate", "0")


def collect_batches(n: int, prefix: str = "adv", seed: int | None = None, huge_odds: int = 4) -> list[list[Row]]:
    """n hypothesis examples, each rendered in its own namespace (prefix + 2 or more digits):
    deterministic (derandomized) without a seed, else the seed's draw."""
    drawn: list[list[Row]] = []

    @settings(max_examples=n, derandomize=seed is None, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(batches(huge_odds))
    def collect(rows: list[Row]) -> None:
        drawn.append(rows)

    if seed is not None:
        collect = hypothesis_seed(seed)(collect)
    collect()
    out = []
    for i, rows in enumerate(drawn[:n]):
        rendered = [r.rendered(f"{prefix}{i:0{namespace_digits(n)}d}") for r in rows]
        resolve(rendered)
        out.append(rendered)
    return out


def namespace_digits(n: int) -> int:
    return max(2, len(str(n - 1)))


@dataclass
class Adversarial:
    prefix: str
    batches: list[list[Row]]
    db_all: Path
    db_valid: Path
    build_all: dbtRunnerResult
    build_valid: dbtRunnerResult
    base_raw: dict[str, int]
    seconds: dict[str, float]

    @property
    def rows(self) -> list[Row]:
        return [r for b in self.batches for r in b]

    @property
    def like_batch_key(self) -> str:
        """A LIKE pattern (escape '\\') matching the batches' keys and no base key."""
        return self.prefix + "_" * namespace_digits(len(self.batches)) + "\\_%"

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        con = duckdb.connect(str(self.db_all), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def append_batches(base: Path, out: Path, rows: list[Row]) -> None:
    """Copy the base dataset to `out` and append the rows to each table's CSV."""
    shutil.copytree(base, out)
    for table in TABLES:
        system, name = table.split(".")
        path = out / system / f"{name}.csv"
        with path.open(newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        write_csv(path, header, (r.values for r in rows if r.table == table))


@pytest.fixture(scope="module")
def adversarial(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Adversarial]:
    yield run_adversarial(tmp_path_factory.mktemp("adversarial"), N_BATCHES)


def run_adversarial(work: Path, n: int, prefix: str = "adv", seed: int | None = None,
                    huge_odds: int = 4, unit_tests: bool = True) -> Adversarial:
    """Draw n batches, build A (every row, with the data tests and, with `unit_tests`, the unit tests,
    which do not depend on the data) and B (the rows expected to stage, models only)."""
    seconds: dict[str, float] = {}
    start = time.monotonic()
    found = collect_batches(n, prefix, seed, huge_odds)
    seconds["hypothesis"] = time.monotonic() - start
    rows = [r for b in found for r in b]
    run_command("support-truth-generate", "--out", str(work / "base"), *BASE_ARGS)
    append_batches(work / "base", work / "all", rows)
    append_batches(work / "base", work / "valid", [r for r in rows if r.expect in ("staged", "collapsed")])
    db_all, db_valid = work / "all.duckdb", work / "valid.duckdb"
    start = time.monotonic()
    for data, db in ((work / "all", db_all), (work / "valid", db_valid)):
        run_command("support-truth-load", str(data), env={**os.environ, "DBT_DUCKDB_PATH": str(db)})
    seconds["load"] = time.monotonic() - start
    build_all, seconds["build_all"] = build(
        db_all, work / "dbt_all", ["build"] if unit_tests else ["build", "--exclude-resource-type", "unit_test"])
    build_valid, seconds["build_valid"] = build(
        db_valid, work / "dbt_valid", ["build", "--exclude-resource-type", "test", "unit_test"])
    con = duckdb.connect(str(db_all), read_only=True)
    try:
        base_raw = {t: n for t, n in con.execute(
            "select source_table, raw_rows from quality.quality_table_reconciliation").fetchall()}
    finally:
        con.close()
    counts = Counter(r.table for r in rows)
    base_raw = {t: n - counts[t] for t, n in base_raw.items()}
    print(f"\nadversarial: {len(found)} batches, {len(rows)} rows; seconds {seconds}")
    return Adversarial(prefix, found, db_all, db_valid, build_all, build_valid, base_raw, seconds)


def dq_key(r: Row) -> str:
    """staging's _dq_key of a raw row: key parts as the loader reads them, '|' between."""
    return "|".join(r.key()).replace(BAD_BYTE, "\ufffd")


def test_hypothesis_drew_the_batches_and_they_cover_every_fault(adversarial: Adversarial) -> None:
    assert len(adversarial.batches) >= N_BATCHES
    seen = Counter((r.table, r.expect) for r in adversarial.rows)
    for table in TABLES:
        for reason in ("missing_required", "invalid_encoding", "unparseable_timestamp", "implausible_timestamp",
                       "staged"):
            assert seen[(table, reason)] > 0, (table, reason)
    assert {t for t in TABLES if seen[(t, "collapsed")]} == {
        "crm.subscriptions", "agent_platform.conversations", "helpdesk.tickets", "helpdesk.ticket_status_changes"}
    expected = {
        "invalid_number": {"crm.subscriptions", "agent_platform.messages", "agent_platform.agent_events",
                           "helpdesk.tickets", "helpdesk.survey_responses"},
        "invalid_boolean": {"agent_platform.conversations", "helpdesk.ticket_comments"},
        "malformed_json": {"agent_platform.agent_events", "product_analytics.events"},
        "unknown_enum": {"crm.subscriptions", "agent_platform.conversations", "agent_platform.messages",
                         "helpdesk.tickets", "helpdesk.ticket_comments", "helpdesk.ticket_status_changes",
                         "helpdesk.survey_responses"},
        "unknown_event_type": {"agent_platform.agent_events"},
        "out_of_range": {"crm.subscriptions", "agent_platform.messages", "agent_platform.agent_events",
                         "helpdesk.tickets", "helpdesk.survey_responses"},
        "orphan_fk": set(KEYS) & {"crm.subscriptions", "agent_platform.messages", "agent_platform.agent_events",
                                   "helpdesk.tickets", "helpdesk.ticket_comments", "helpdesk.ticket_status_changes",
                                   "helpdesk.survey_responses"},
    }
    for reason, tables in expected.items():
        assert {t for t in TABLES if seen[(t, reason)]} == tables, reason
    features = Counter(r.fault for r in adversarial.rows if not r.is_bad)
    for feature in ("valid:huge_body", "valid:non_utf8_body", "valid:empty_body", "valid:unknown_enum_other",
                    "valid:orphan_customer_kept", "valid:conflicting_versions", "valid:exact_duplicate",
                    "valid:child_of_quarantined_parent", "valid:csat_without_stream"):
        assert features[feature] > 0, feature


def test_build_with_adversarial_batches_is_green(adversarial: Adversarial) -> None:
    failures = [f"{r.node.unique_id}: {r.status} {r.message}" for r in (adversarial.build_all.result or [])
                if str(r.status) not in ("success", "pass")]
    assert adversarial.build_all.success, "\n".join(failures) or str(adversarial.build_all.exception)
    assert adversarial.build_valid.success, str(adversarial.build_valid.exception)


def test_every_bad_row_is_quarantined_with_its_reason(adversarial: Adversarial) -> None:
    expected = Counter((r.table, dq_key(r), r.expect) for r in adversarial.rows
                       if r.expect not in ("staged", "collapsed"))
    observed = Counter(adversarial.query("select source_table, source_key, reason from quality.quarantine_rows"))
    missing, unexpected = expected - observed, observed - expected
    assert not missing and not unexpected, f"expected but not quarantined: {dict(missing)}\n" \
                                           f"quarantined but not expected: {dict(unexpected)}"
    assert not adversarial.query("select * from quality.quarantine_rows where reason is null or raw_values is null")


def test_raw_equals_staged_plus_quarantined_plus_collapsed(adversarial: Adversarial) -> None:
    rows = {t: (raw, staged, quarantined, collapsed, unexplained) for t, raw, staged, quarantined, collapsed, unexplained
            in adversarial.query("select source_table, raw_rows, staged_rows, quarantined_rows, "
                                 "collapsed_duplicate_rows, unexplained_rows from quality.quality_table_reconciliation")}
    assert set(rows) == set(TABLES)
    for table in TABLES:
        mine = Counter(r.expect for r in adversarial.rows if r.table == table)
        bad = sum(n for k, n in mine.items() if k not in ("staged", "collapsed"))
        raw, staged, quarantined, collapsed, unexplained = rows[table]
        assert unexplained == 0, table
        assert raw == adversarial.base_raw[table] + sum(mine.values()), table
        assert (staged, quarantined, collapsed) == (adversarial.base_raw[table] + mine["staged"], bad,
                                                    mine["collapsed"]), table


def test_staged_rows_are_the_valid_rows_with_the_right_values(adversarial: Adversarial) -> None:
    for table in TABLES:
        keys = KEYS[table]
        model = STAGED_MODEL[table]
        expected = Counter(r.key()[0] for r in adversarial.rows if r.table == table and r.expect == "staged")
        observed = Counter(k for (k,) in adversarial.query(
            f"select {keys[0]} from staging.{model} where {keys[0]} like ? escape '\\'",
            [adversarial.like_batch_key]))
        assert observed == expected, (table, expected - observed, observed - expected)
        checked = [r for r in adversarial.rows if r.table == table and r.expect == "staged" and r.check]
        if len(keys) > 1 or not checked:
            continue
        by_columns: dict[tuple[str, ...], list[Row]] = {}
        for r in checked:
            by_columns.setdefault(tuple(r.check), []).append(r)
        for columns, rows in by_columns.items():  # one query per set of checked columns, not per row
            cols = ["length(body_masked)" if c == "body_length" else c for c in columns]
            staged = {k: tuple(v) for k, *v in adversarial.query(
                f"select {keys[0]}, {', '.join(cols)} from staging.{model} where {keys[0]} in (select unnest(?))",
                [[r.key()[0] for r in rows]])}
            for r in rows:
                got = staged[r.key()[0]]
                want = tuple(v.replace(tzinfo=None) if hasattr(v, "tzinfo") and v is not None else v
                             for v in r.check.values())
                assert got == want, (table, r.key(), r.fault, dict(zip(r.check, got, strict=True)))


def test_orphans_follow_the_design(adversarial: Adversarial) -> None:
    """D-005: a child of a missing or quarantined parent is orphan_fk; an unknown customer or account
    (not checked: the CRM may lag) is kept."""
    children = [r for r in adversarial.rows if r.fault == "valid:child_of_quarantined_parent"]
    assert children and all(r.expect == "orphan_fk" for r in children)
    (kept,) = adversarial.query(
        "select count(*) from staging.stg_agent_platform__conversations where customer_id like ? escape '\\'",
        [adversarial.like_batch_key + "unknown_customer"])
    assert kept[0] == sum(1 for r in adversarial.rows if r.table == "agent_platform.conversations"
                          and (r.values["customer_id"] or "").endswith("unknown_customer")
                          and r.expect == "staged") > 0


def test_csat_of_a_contact_in_no_stream_counts_in_the_responses(adversarial: Adversarial) -> None:
    """Regression (make fuzz, D-2109): a rated AI-first contact without an AI answer or a human is in no
    CSAT stream; its answer still counts in csat_responses, which is at least the streams' sum."""
    silent = [r.values["conversation_id"] for r in adversarial.rows
              if r.table == "agent_platform.conversations" and r.fault == "valid:csat_without_stream"]
    rows = adversarial.query(
        "select csat_stream, csat_score from marts.fct_contacts where conversation_id in (select unnest(?))", [silent])
    assert len(rows) == len(silent) > 0 and set(rows) == {(None, 2)}
    ((responses, streams, scored),) = adversarial.query("""
        select sum(csat_responses), sum(csat_ai_only_response_rate_numerator + csat_post_handoff_response_rate_numerator
            + csat_human_only_response_rate_numerator), (select count(csat_score) from marts.fct_contacts)
        from marts.mart_agent_performance_daily where channel = 'all' and intent_cluster = 'all'""")
    assert responses == scored >= streams + len(silent)


def compared_columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> list[tuple[str, str]]:
    """(name, type) of the table's columns in order, without a mart's technical columns (D-1812)."""
    cols = con.execute(
        "select column_name, data_type from information_schema.columns where table_catalog = ? "
        "and table_schema = ? and table_name = ? order by ordinal_position", [catalog, schema, table]).fetchall()
    return [(c, t) for c, t in cols if not (schema == "marts" and is_technical(c))]


def comparable(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> str:
    """A select of the table's compared columns with doubles rounded to 6 decimals."""
    exprs = [f'round("{c}", 6)' if t in ("DOUBLE", "FLOAT", "REAL") else f'"{c}"'
             for c, t in compared_columns(con, catalog, schema, table)]
    return f'select {", ".join(exprs)} from "{catalog}"."{schema}"."{table}"'


def double_positions(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> set[int]:
    """Positions of the double columns in comparable()'s select."""
    return {i for i, (_, t) in enumerate(compared_columns(con, catalog, schema, table))
            if t in ("DOUBLE", "FLOAT", "REAL")}


def same_up_to_rounding(left: list[tuple], right: list[tuple], doubles: set[int]) -> bool:
    """True when rows that differ after rounding doubles to 6 decimals differ only there, by one unit.

    Parallel aggregation sums doubles in a different order in each build; a mean that falls on a
    rounding boundary (…0625 at the 7th decimal) then rounds to neighbouring 6-decimal values."""
    if len(left) != len(right):
        return False

    def key(row: tuple) -> tuple:
        return tuple(str(v) for i, v in enumerate(row) if i not in doubles)

    for a, b in zip(sorted(left, key=key), sorted(right, key=key), strict=True):
        if key(a) != key(b):
            return False
        for i in doubles:
            if (a[i] is None) != (b[i] is None) or (a[i] is not None and abs(a[i] - b[i]) > 1.5e-6):
                return False
    return True


def test_marts_change_only_by_the_valid_rows(adversarial: Adversarial) -> None:
    con = duckdb.connect(str(adversarial.db_all), read_only=True)
    try:
        # Attached under its own name: a view (stg_product_analytics__events) names its catalog.
        b = adversarial.db_valid.stem
        con.execute(f"attach '{adversarial.db_valid}' as {b} (read_only)")
        a = adversarial.db_all.stem
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = ? and ("
            "table_schema in ('intermediate', 'marts') or (table_schema = 'staging' and table_name like 'stg%')) "
            "order by 1, 2", [a]).fetchall()
        assert len(tables) > 40
        differ = []
        for schema, table in tables:
            left, right = comparable(con, a, schema, table), comparable(con, b, schema, table)
            only_left = con.execute(f"({left}) except all ({right})").fetchall()
            only_right = con.execute(f"({right}) except all ({left})").fetchall()
            if not same_up_to_rounding(only_left, only_right, double_positions(con, a, schema, table)):
                differ.append(f"{schema}.{table}: {len(only_left) + len(only_right)} rows differ: "
                              f"all rows {only_left[:2]} vs valid rows {only_right[:2]}")
        ((batch_contacts,),) = con.execute(
            "select count(*) from marts.fct_contacts where conversation_id like ? escape '\\'",
            [adversarial.like_batch_key]).fetchall()
    finally:
        con.close()
    assert not differ, "\n".join(differ)
    assert batch_contacts >= len(adversarial.batches), "the batches' valid conversations reach the marts"
