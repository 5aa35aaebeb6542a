"""Tests of the generator (support_truth.generator, command support-truth-generate): contract shape, determinism, bad-row bookkeeping, text signals."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import command

from support_truth.contract import contract_tables

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--conversations", "1500", "--days", "40", "--seed", "7"]

# The raw contract from the sources YAML (its one declaration): "system/table" -> columns without _loaded_at.
CONTRACT: dict[str, list[str]] = {
    f"{t.system}/{t.name}": [c.name for c in t.data_columns] for t in contract_tables()
}


def generate(out: Path, *extra: str) -> dict:
    subprocess.run([*command("support-truth-generate"), "--out", str(out), *SMALL, *extra], check=True,
                   capture_output=True)
    return json.loads((out / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("gen_csv")
    return out, generate(out)


@pytest.fixture(scope="module")
def db(run: tuple[Path, dict]) -> duckdb.DuckDBPyConnection:
    out, _ = run
    con = duckdb.connect()
    for table in CONTRACT:
        name = table.split("/")[1]
        con.execute(f"create view {name} as select * from read_csv('{out / table}.csv', all_varchar=true, "
                    "header=true, quote='\"', escape='\"')")
    return con


def regexes() -> dict[str, str]:
    text = (ROOT / "dbt_project.yml").read_text(encoding="utf-8")
    try:
        import yaml

        return {k: v for k, v in yaml.safe_load(text)["vars"].items() if k.endswith("_regex")}
    except ImportError:
        return {k: v.encode().decode("unicode_escape")
                for k, v in re.findall(r'^\s*(\w+_regex):\s*"(.*)"\s*$', text, re.MULTILINE)}


def test_help_lists_every_flag() -> None:
    res = subprocess.run([*command("support-truth-generate"), "--help"], check=True, capture_output=True, text=True)
    for flag in ("--out", "--conversations", "--days", "--seed", "--format", "--bad-row-rate",
                 "--events-per-conversation", "--ai-launch-day", "--start-date"):
        assert flag in res.stdout


def test_every_contract_table_has_the_contract_columns(run: tuple[Path, dict]) -> None:
    out, truth = run
    for table, cols in CONTRACT.items():
        header = (out / f"{table}.csv").open(encoding="utf-8").readline().strip()
        assert header.replace('"', "").split(",") == [*cols, "_loaded_at"], table
    assert set(truth) >= {"generator", "start_date", "end_ts", "ai_launch_date", "raw_rows", "bad_rows",
                          "collapsed_duplicates", "timezone_offsets", "planted"}
    assert len(truth["raw_rows"]) == len(CONTRACT)


def test_raw_row_counts_match_files(run: tuple[Path, dict], db: duckdb.DuckDBPyConnection) -> None:
    _, truth = run
    for table in CONTRACT:
        system, name = table.split("/")
        n = db.execute(f"select count(*) from {name}").fetchone()[0]
        assert n == truth["raw_rows"][f"{system}.{name}"], table


def test_same_seed_same_bytes(run: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = run
    generate(tmp_path)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files
    for f in files:
        assert (out / f).read_bytes() == (tmp_path / f).read_bytes(), f


def test_bad_rows_recount(run: tuple[Path, dict], db: duckdb.DuckDBPyConnection) -> None:
    _, truth = run
    bad = truth["bad_rows"]
    one = lambda sql: db.execute(sql).fetchone()[0]
    valid_conv = "(select conversation_id from conversations where conversation_id is not null)"
    m = bad["agent_platform.messages"]
    assert one(f"select count(*) from messages where conversation_id not in {valid_conv}") == m["orphan_fk"]
    assert one("select count(*) from messages where sender_type not in "
               "('customer','ai_agent','human_agent','system')") == m["unknown_enum"]
    assert one("select count(*) from messages where message_id is null or conversation_id is null "
               "or sender_type is null or sent_at is null") == m["missing_required"]
    assert one("select count(*) from messages where sent_at is not null "
               "and try_cast(sent_at as timestamptz) is null") == m["unparseable_timestamp"]
    e = bad["agent_platform.agent_events"]
    assert one("select count(*) from agent_events where not json_valid(attributes)") == e["malformed_json"]
    assert one("select count(*) from agent_events where event_type = 'telemetry_ping'") == e["unknown_event_type"]
    assert one(f"select count(*) from agent_events where conversation_id not in {valid_conv}") == e["orphan_fk"]
    assert one("select count(*) from conversations where conversation_id is null "
               "or channel is null or started_at is null") == bad["agent_platform.conversations"]["missing_required"]
    s = bad["helpdesk.survey_responses"]
    assert one("select count(*) from survey_responses where survey_type not in ('csat','ces','nps')") \
        == s["unknown_enum"]
    assert one("select count(*) from survey_responses where (survey_type='csat' and score::int not between 1 and 5)"
               " or (survey_type='ces' and score::int not between 1 and 7)"
               " or (survey_type='nps' and score::int not between 0 and 10)") == s["out_of_range"]
    valid_tkt = "(select ticket_id from tickets where ticket_id is not null)"
    assert one(f"select count(*) from ticket_status_changes where ticket_id not in {valid_tkt}") \
        == bad["helpdesk.ticket_status_changes"]["orphan_fk"]
    for table, reasons in bad.items():
        assert all(v >= 1 for v in reasons.values()), table


def test_duplicates_recount(run: tuple[Path, dict], db: duckdb.DuckDBPyConnection) -> None:
    _, truth = run
    for qualified, counts in truth["collapsed_duplicates"].items():
        name = qualified.split(".")[1]
        n = db.execute(f"select count(*) from {name}").fetchone()[0]
        distinct = db.execute(f"select count(*) from (select distinct * from {name})").fetchone()[0]
        assert n - distinct == counts["exact_duplicate"], qualified
    red = db.execute("select count(*) from (select conversation_id from conversations where conversation_id is "
                     "not null group by 1 having count(distinct _loaded_at) > 1)").fetchone()[0]
    assert red == truth["collapsed_duplicates"]["agent_platform.conversations"]["redelivered"]


def test_timezone_samples_are_the_same_instant(run: tuple[Path, dict]) -> None:
    _, truth = run
    con = duckdb.connect()
    con.execute("set timezone='UTC'")
    samples = truth["timezone_offsets"]["samples"]
    assert samples and truth["timezone_offsets"]["count"] > 0
    for s in samples:
        a, b = con.execute("select ?::timestamptz, ?::timestamptz", [s["written"], s["utc"]]).fetchone()
        assert a == b, s


def test_text_signals_follow_the_regexes(run: tuple[Path, dict], db: duckdb.DuckDBPyConnection) -> None:
    _, truth = run
    allowed = {"ai_greeting_regex": {"ai_agent"}, "ai_fallback_regex": {"ai_agent"},
               "customer_confirmation_regex": {"customer"}, "customer_already_said_regex": {"customer"},
               "customer_requests_human_regex": {"customer"}, "customer_confused_regex": {"customer"},
               "human_asks_known_info_regex": {"human_agent"}}
    rx = regexes()
    for name, senders in allowed.items():
        got = {r[0] for r in db.execute("select distinct sender_type from messages where "
                                        "regexp_matches(lower(body), ?)", [rx[name]]).fetchall()}
        assert got - {"robot", "chatbot", "operator_v0", None} <= senders, name  # minus bad rows
    ladder = truth["planted"]["ai_ladder"]["overall"]
    answered = db.execute("""
        with f as (
          select conversation_id, bool_or(sender_type = 'ai_agent' and not regexp_matches(lower(body), ?)
                                          and not regexp_matches(lower(body), ?)) as answered
          from messages group by 1)
        select avg(answered::int) from f
        join (select distinct conversation_id from conversations
              where first_handler = 'ai_agent' and is_test = 'false') using (conversation_id)""",
                           [rx["ai_greeting_regex"], rx["ai_fallback_regex"]]).fetchone()[0]
    assert answered == pytest.approx(ladder["ai_answered"]["realised"], abs=1e-6)
    lost = db.execute("""
        select count(distinct m.conversation_id) from messages m
        join (select distinct conversation_id from conversations
              where first_handler = 'ai_agent' and is_test = 'false') using (conversation_id)
        where sender_type = 'human_agent' and regexp_matches(lower(body), ?)""",
                      [rx["human_asks_known_info_regex"]]).fetchone()[0]
    ctx = truth["planted"]["context_lost"]["overall"]
    assert lost == round(ctx["realised"] * ctx["n"])


def test_planted_rates_differ_by_cluster(run: tuple[Path, dict]) -> None:
    _, truth = run
    ladder = truth["planted"]["ai_ladder"]["by_cluster"]
    assert ladder["account"]["ai_answered"]["expected"] > ladder["legal"]["ai_answered"]["expected"] + 0.2
    assert ladder["legal"]["escalated"]["expected"] > ladder["account"]["escalated"]["expected"] + 0.4
    for v in ladder.values():
        assert v["n"] > 0 and 0 < v["escalated"]["sd"] < 0.2


def test_no_ai_before_launch(db: duckdb.DuckDBPyConnection, run: tuple[Path, dict]) -> None:
    _, truth = run
    n = db.execute("""select count(*) from messages m join conversations c using (conversation_id)
                      where m.sender_type = 'ai_agent' and c.started_at < ?""",
                   [truth["ai_launch_date"]]).fetchone()[0]
    assert n == 0


def test_parquet_format(run: tuple[Path, dict], tmp_path: Path) -> None:
    _, truth_csv = run
    truth = generate(tmp_path, "--format", "parquet")
    assert truth["raw_rows"] == truth_csv["raw_rows"]
    for table, cols in CONTRACT.items():
        t = pq.read_table(tmp_path / f"{table}.parquet")
        assert t.column_names == [*cols, "_loaded_at"]
        assert all(str(f.type) == "string" for f in t.schema)


def test_zero_bad_row_rate_writes_clean_data(tmp_path: Path) -> None:
    truth = generate(tmp_path, "--bad-row-rate", "0")
    assert all(v == 0 for r in truth["bad_rows"].values() for v in r.values())
    assert all(v == 0 for r in truth["collapsed_duplicates"].values() for v in r.values())


def test_contact_truth_one_row_per_contact(run: tuple[Path, dict], db: duckdb.DuckDBPyConnection) -> None:
    """contact_truth.parquet: one row per non-test contact written (valid conversations, direct tickets)."""
    out, truth = run
    ct = pq.read_table(out / "contact_truth.parquet")
    assert ct.num_rows == truth["contact_truth"]["rows"] > 0
    assert ct.column_names == list(truth["contact_truth"]["columns"])
    ids = ct.column("contact_id").to_pylist()
    assert None not in ids and len(set(ids)) == len(ids)
    written = {r[0] for r in db.execute(r"""
        select 'conversation:' || conversation_id from conversations
        where conversation_id similar to 'conv_[0-9]+' and is_test = 'false'
        union
        select 'ticket:' || ticket_id from tickets
        where ticket_id similar to 'tkt_[0-9]+' and conversation_id is null""").fetchall()}
    assert set(ids) == written
    # the customer as the raw conversations write it
    raw_conv = db.execute("select distinct conversation_id, customer_id from conversations "
                          "where conversation_id similar to 'conv_[0-9]+'").fetchall()
    customer_of = dict(raw_conv)
    for cid, cust in zip(ct.column("conversation_id").to_pylist(), ct.column("customer_id").to_pylist()):
        if cid is not None:
            assert customer_of[cid] == cust, cid
    flags = ct.select(["handler_branch", "is_resolved", "resolved_at", "is_escalated"]).to_pylist()
    assert {f["handler_branch"] for f in flags} == {"ai", "human"}
    assert all((f["resolved_at"] is not None) == f["is_resolved"] for f in flags)


def test_contact_truth_is_deterministic(run: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = run
    generate(tmp_path)
    assert (out / "contact_truth.parquet").read_bytes() == (tmp_path / "contact_truth.parquet").read_bytes()
