"""Adversarial raw batches for the bad-input suite (test_adversarial_input.py).

A batch is a list of raw rows for every contract table, each labelled with the outcome staging must
give it: `staged`, `collapsed` (a duplicate of a staged key) or the quarantine reason. Bad rows carry
exactly one fault each, so the reason is known (docs/decisions.md D-003 fixes the order of checks);
rows whose parent is missing or quarantined are `orphan_fk` (D-005). Hypothesis chooses everything
inside a batch (which column breaks, which bad value, offsets, texts, booleans, duplicates); ids carry
a placeholder replaced by the batch's namespace, so many batches can share one warehouse.

Non-UTF-8 bytes are written as lone surrogates (surrogateescape) and reach the CSV file as raw bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

NS = "\ue000"  # namespace placeholder; hypothesis text never contains it
BAD_BYTE = "\udcff"  # written as the raw byte 0xFF (not UTF-8); the loader reads it as U+FFFD
LOADED_AT = datetime(2026, 1, 19, 12, 0, tzinfo=UTC)  # _loaded_at of batch rows (versions add minutes)
WINDOW_START = datetime(2026, 1, 6, tzinfo=UTC)  # valid batch timestamps fall in the base data's window
HUGE_BODY_CHARS = 2_200_000  # above DuckDB's default 2 MB CSV record limit

# Unparseable (the loader keeps them as text; staging cannot read them) and implausible timestamps.
UNPARSEABLE = ("not-a-date", "2026-01-10 garbage", "2026-13-45T99:00:00", "32/13/2026 25:61", "yesterday", "2026-02-30T10:00:00",
               "TBD", "1712000000", "20260110T101500Z", "2026-01-10 10:00:00 +", "2026-01-10T10:00:00ZZ",
               # offsets no zone has (D-2101): beyond +-14:00, or minutes of 60 or more
               "2026-01-10T10:00:00+25:00", "2026-01-10 10:00:00-15:00", "2026-01-10T10:00:00+05:60",
               "2026-01-10T10:00:00+0599", "2026-01-10 10:00:00.5+14:30")
IMPLAUSIBLE = ("1969-12-31T23:59:59Z", "0001-01-01T00:00:00", "1900-01-01 00:00:00", "-infinity",
               "9999-12-31T23:59:59", "2999-01-01T00:00:00+05:00", "infinity", "2027-03-01T00:00:00Z")
IMPLAUSIBLE_DATES = ("1900-01-01", "1969-12-31", "9999-12-31", "2099-01-01")
BAD_NUMBERS = ("abc", "1,5", "NaN", "inf", "-Infinity", "1e400", "12 usd", "--1")
BAD_BOOLEANS = ("maybe", "2", "ja", "truthy", "-1")
BAD_JSON = ('{"intent": "billing_refund"', "[1, 2]", "null", '"text"', "{bad}", "{'a': 1}", "{}}")
# Offsets in minutes east of UTC; None = no suffix (UTC), 0 = 'Z' or +00:00.
OFFSETS = (None, 0, 60, -300, 330, 345, -570, -720, 840, 525)

TABLES = (
    "crm.accounts", "crm.customers", "crm.subscriptions",
    "agent_platform.conversations", "agent_platform.messages", "agent_platform.agent_events",
    "helpdesk.tickets", "helpdesk.ticket_comments", "helpdesk.ticket_status_changes",
    "helpdesk.survey_responses", "product_analytics.events",
)
KEYS = {
    "crm.accounts": ("account_id",), "crm.customers": ("customer_id",),
    "crm.subscriptions": ("subscription_id",), "agent_platform.conversations": ("conversation_id",),
    "agent_platform.messages": ("message_id",), "agent_platform.agent_events": ("event_id",),
    "helpdesk.tickets": ("ticket_id",), "helpdesk.ticket_comments": ("comment_id",),
    "helpdesk.ticket_status_changes": ("ticket_id", "status", "changed_at"),
    "helpdesk.survey_responses": ("response_id",), "product_analytics.events": ("event_id",),
}
# Child column -> parent table, checked against the parent's staged rows (D-005).
PARENTS = {
    "crm.subscriptions": {"account_id": "crm.accounts"},
    "agent_platform.messages": {"conversation_id": "agent_platform.conversations"},
    "agent_platform.agent_events": {"conversation_id": "agent_platform.conversations"},
    "helpdesk.tickets": {"conversation_id": "agent_platform.conversations"},
    "helpdesk.ticket_comments": {"ticket_id": "helpdesk.tickets"},
    "helpdesk.ticket_status_changes": {"ticket_id": "helpdesk.tickets"},
    "helpdesk.survey_responses": {"conversation_id": "agent_platform.conversations",
                                  "ticket_id": "helpdesk.tickets"},
}
STAGED_MODEL = {t: "stg_" + t.replace(".", "__") for t in TABLES}


@dataclass
class Row:
    """One raw row: text values (None = empty cell), its fault label and expected staged values."""

    table: str
    values: dict[str, str | None]
    fault: str = "valid"  # a quarantine reason, or 'valid' / 'valid:<feature>'
    check: dict[str, Any] = field(default_factory=dict)  # staged column -> expected value (if staged)
    expect: str = ""  # filled by resolve(): staged | collapsed | <reason>

    @property
    def is_bad(self) -> bool:
        return not self.fault.startswith("valid")

    def rendered(self, ns: str) -> Row:
        """The row with the namespace placeholder replaced in every value."""
        def sub(v: Any) -> Any:
            return v.replace(NS, ns) if isinstance(v, str) else v
        return Row(self.table, {k: sub(v) for k, v in self.values.items()}, self.fault,
                   {k: sub(v) for k, v in self.check.items()}, self.expect)

    def key(self) -> tuple[str, ...]:
        """The raw key as staging's _dq_key parts (trimmed text, '' when missing)."""
        return tuple((self.values.get(k) or "").strip() for k in KEYS[self.table])


# ----------------------------------------------------------------------------- value strategies
def ts_text(draw: Callable[..., Any], instant: datetime) -> tuple[str, datetime]:
    """ISO-8601 text for an instant in a drawn offset, separator and precision; returns (text, UTC)."""
    micros = draw(st.sampled_from([0, 0, 123000, 123456]))
    instant = instant.replace(microsecond=micros)
    offset = draw(st.sampled_from(OFFSETS))
    local = instant + timedelta(minutes=offset or 0)
    sep = draw(st.sampled_from(["T", " "]))
    frac = "" if micros == 0 else ("." + f"{micros:06d}").rstrip("0")
    text = local.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + frac
    if offset is None:
        return text, instant
    if offset == 0:
        return text + draw(st.sampled_from(["Z", "+00:00", "-00:00"])), instant
    sign, m = ("+" if offset > 0 else "-"), abs(offset)
    styles = [f"{sign}{m // 60:02d}:{m % 60:02d}", f"{sign}{m // 60:02d}{m % 60:02d}"]
    if m % 60 == 0:
        styles.append(f"{sign}{m // 60:02d}")
    return text + draw(st.sampled_from(styles)), instant


FREE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters=NS,
                  include_characters="\n\r\t,\";|"),
    max_size=60,
)


def body_text(draw: Callable[..., Any], huge: bool) -> tuple[str | None, str, dict[str, Any]]:
    """A message/comment body: (raw text, feature label, staged checks)."""
    kind = "huge" if huge else draw(st.sampled_from(["text", "text", "pii", "empty", "blank", "non_utf8"]))
    if kind == "text":
        return draw(FREE_TEXT), "valid", {}
    if kind == "pii":
        return "mail me at jane.doe@example.com or +1 415 555 0100", "valid:pii_body", {}
    if kind == "empty":
        return None, "valid:empty_body", {"body": None}
    if kind == "blank":
        return "   ", "valid:empty_body", {"body": None}
    if kind == "non_utf8":
        return f"caf{BAD_BYTE} ok", "valid:non_utf8_body", {"body": "caf\ufffd ok"}
    return "x" * HUGE_BODY_CHARS, "valid:huge_body", {"body_length": HUGE_BODY_CHARS}


def bool_text(draw: Callable[..., Any], value: bool) -> str:
    return draw(st.sampled_from(["true", "1", "t", "yes", "TRUE", "Y"] if value else ["false", "0", "f", "no", "N"]))


def fmt_date(d: datetime) -> str:
    return d.strftime("%Y-%m-%d")


# ----------------------------------------------------------------------------- the batch
class Builder:
    """Accumulates the rows of one batch; `bad` adds one row with exactly one fault."""

    def __init__(self, draw: Callable[..., Any]) -> None:
        self.draw = draw
        self.rows: list[Row] = []
        self.seq = 0
        self.clock = 0

    def id(self, prefix: str) -> str:
        self.seq += 1
        return f"{NS}_{prefix}_{self.seq}"

    def instant(self, after: datetime | None = None) -> datetime:
        """A distinct instant in the window, after `after` when given."""
        self.clock += 1
        start = after or WINDOW_START
        return start + timedelta(minutes=self.draw(st.integers(1, 600)), seconds=self.clock)

    def ts(self, instant: datetime) -> tuple[str, datetime]:
        return ts_text(self.draw, instant)

    def add(self, table: str, values: dict[str, str | None], fault: str = "valid",
            check: dict[str, Any] | None = None, loaded_minutes: int = 0) -> Row:
        values.setdefault("_loaded_at", (LOADED_AT + timedelta(minutes=loaded_minutes)).strftime("%Y-%m-%d %H:%M:%S"))
        row = Row(table, values, fault, check or {})
        self.rows.append(row)
        return row

    def bad(self, table: str, good: dict[str, str | None], fault: str, column: str, value: str | None) -> Row:
        values = dict(good)
        values[column] = value
        return self.add(table, values, fault)

    def pick(self, options: Iterable[Any]) -> Any:
        return self.draw(st.sampled_from(list(options)))


def faults(b: Builder, table: str, good: dict[str, str | None], spec: dict[str, Any]) -> None:
    """One bad row per fault the table can have, each templated on a good row with a fresh key."""
    key = KEYS[table][0]

    def fresh() -> dict[str, str | None]:
        v = dict(good)
        if len(KEYS[table]) == 1:
            v[key] = b.id("bad")
        return v

    b.bad(table, fresh(), "missing_required", b.pick(spec["required"]), b.pick([None, "   "]))
    b.bad(table, fresh(), "invalid_encoding", b.pick(spec["encoded"]), f"x{BAD_BYTE}y")
    ts_col = b.pick(spec["timestamps"])
    b.bad(table, fresh(), "unparseable_timestamp", ts_col, b.pick(UNPARSEABLE))
    b.bad(table, fresh(), "implausible_timestamp", ts_col,
          b.pick(IMPLAUSIBLE_DATES if spec.get("dates") else IMPLAUSIBLE))
    if spec.get("numbers"):
        b.bad(table, fresh(), "invalid_number", b.pick(spec["numbers"]), b.pick(BAD_NUMBERS))
    if spec.get("booleans"):
        b.bad(table, fresh(), "invalid_boolean", b.pick(spec["booleans"]), b.pick(BAD_BOOLEANS))
    if spec.get("json"):
        b.bad(table, fresh(), "malformed_json", spec["json"], b.pick(BAD_JSON))
    if spec.get("enums"):
        reason = spec.get("enum_reason", "unknown_enum")
        b.bad(table, fresh(), reason, b.pick(spec["enums"]), b.pick(["telemetry_ping", "robot", "unknown", "?"]))
    for column, value in (spec.get("out_of_range") or {}).items():
        b.bad(table, fresh(), "out_of_range", column, value)
    if spec.get("parent"):
        b.bad(table, fresh(), "orphan_fk", spec["parent"], f"{NS}_missing_parent")


def versions(b: Builder, table: str, good: dict[str, str | None], column: str, older: str | None,
             check_column: str, newer_check: Any) -> None:
    """The key's row was already added (newer); add an older conflicting version and a later bad one."""
    older_values = dict(good)
    older_values[column] = older
    older_values["_loaded_at"] = (LOADED_AT - timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S")
    b.add(table, older_values, "valid:conflicting_versions")
    later_bad = dict(good)
    later_bad["_loaded_at"] = (LOADED_AT + timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S")
    later_bad[column] = f"bad{BAD_BYTE}"
    b.add(table, later_bad, "invalid_encoding")
    for r in b.rows:
        if r.table == table and r.values is good:
            r.check[check_column] = newer_check


@st.composite
def batches(draw: Callable[..., Any], huge_odds: int = 4) -> list[Row]:
    """One adversarial batch over every raw table (ids hold the NS placeholder); about one batch in
    `huge_odds` carries a huge message body."""
    b = Builder(draw)
    # --- crm
    acc = {"account_id": b.id("acc"), "name": "Acme", "segment": b.pick(["smb", "ENTERPRISE", "startup"]),
           "plan": "pro", "created_at": "2024-05-01T00:00:00Z"}
    b.add("crm.accounts", acc, "valid:unknown_enum_other" if acc["segment"] == "startup" else "valid",
          {"segment": "other"} if acc["segment"] == "startup" else {})
    faults(b, "crm.accounts", acc, {"required": ["account_id"], "encoded": ["plan", "name"],
                                    "timestamps": ["created_at"]})
    bad_acc = b.add("crm.accounts", {**acc, "account_id": b.id("acc"), "created_at": b.pick(UNPARSEABLE)},
                    "unparseable_timestamp")
    cus_id = b.id("cus")
    cus = {"customer_id": cus_id, "account_id": b.pick([acc["account_id"], f"{NS}_unknown_account"]),
           "email": "jane.doe@example.com", "full_name": "Jane Doe", "country": "DE",
           "created_at": "2025-01-01 00:00:00"}
    b.add("crm.customers", cus, "valid")
    faults(b, "crm.customers", cus, {"required": ["customer_id"], "encoded": ["country", "account_id"],
                                     "timestamps": ["created_at"]})
    sub = {"subscription_id": b.id("sub"), "account_id": acc["account_id"], "period_start": "2025-10-01",
           "period_end": b.pick(["2026-01-01", "2026-10-01"]), "mrr_usd": b.pick(["100", "99.5", "1e2"]),
           "renewal_outcome": None, "next_mrr_usd": None}
    if sub["period_end"] == "2026-01-01":
        sub["renewal_outcome"] = b.pick(["renewed", "churned", "EXPANDED"])
        sub["next_mrr_usd"] = {"renewed": "100", "churned": "0", "EXPANDED": "150"}[sub["renewal_outcome"]]
    b.add("crm.subscriptions", sub)
    versions(b, "crm.subscriptions", sub, "mrr_usd", "50", "mrr_usd", float(sub["mrr_usd"] or 0))
    faults(b, "crm.subscriptions", sub, {
        "required": ["subscription_id", "account_id", "period_start", "period_end", "mrr_usd"],
        "encoded": ["account_id", "renewal_outcome"], "timestamps": ["period_start", "period_end"], "dates": True,
        "numbers": ["mrr_usd", "next_mrr_usd"], "enums": ["renewal_outcome"], "parent": "account_id",
        "out_of_range": {"mrr_usd": b.pick(["-1", "-0.01"])}})
    b.add("crm.subscriptions", {**sub, "subscription_id": b.id("sub"), "account_id": bad_acc.values["account_id"]},
          "valid:child_of_quarantined_parent")

    # --- agent_platform
    convs: list[dict[str, str | None]] = []
    conv_times: list[datetime] = []
    for _ in range(draw(st.integers(1, 3))):
        start = b.instant()
        started, started_utc = b.ts(start)
        open_ = draw(st.booleans())
        end_text, end_utc = (None, None) if open_ else b.ts(start + timedelta(minutes=draw(st.integers(2, 90))))
        channel = b.pick(["chat", " CHAT ", "email", "fax", "sms"])
        conv = {"conversation_id": b.id("conv"), "customer_id": b.pick([cus_id, f"{NS}_unknown_customer", None]),
                "channel": channel, "started_at": started, "ended_at": end_text,
                "first_handler": b.pick(["ai_agent", "AI_AGENT", "human_agent"]), "agent_version": "v9",
                "experiment_key": None, "experiment_variant": None, "language": "en",
                "is_test": bool_text(draw, False)}
        label = "valid:unknown_enum_other" if channel == "fax" else (
            "valid:orphan_customer_kept" if conv["customer_id"] == f"{NS}_unknown_customer" else "valid:offsets")
        b.add("agent_platform.conversations", conv, label,
              {"started_at": started_utc, "ended_at": end_utc, "channel": "other" if channel == "fax" else "chat"
               if "chat" in channel.lower() else channel.strip(), "customer_id": conv["customer_id"]})
        convs.append(conv)
        conv_times.append(start)
    c0 = convs[0]
    b.add("agent_platform.conversations", dict(c0), "valid:exact_duplicate")
    faults(b, "agent_platform.conversations", c0, {
        "required": ["conversation_id", "channel", "started_at"], "encoded": ["language", "agent_version"],
        "timestamps": ["started_at", "ended_at"], "booleans": ["is_test"], "enums": ["first_handler"]})
    orphan_parent = b.id("conv")  # a conversation that is quarantined: its children are orphans
    b.add("agent_platform.conversations", {**c0, "conversation_id": orphan_parent, "first_handler": "bot"},
          "unknown_enum")

    huge = draw(st.integers(0, huge_odds - 1)) == 0
    for conv, start in zip(convs, conv_times, strict=True):
        for i in range(draw(st.integers(1, 3))):
            body, label, check = body_text(draw, huge)
            huge = False
            sent, sent_utc = b.ts(start + timedelta(seconds=10 * (i + 1)))
            msg = {"message_id": b.id("msg"), "conversation_id": conv["conversation_id"],
                   "sender_type": b.pick(["customer", "ai_agent", "Human_Agent", "system"]), "sender_id": "agent_1",
                   "sent_at": sent, "body": body, "feedback": b.pick([None, "positive", "NEGATIVE"]),
                   "sentiment_score": b.pick([None, "0.5", "-1", "1", "1e-1", " -0.25 "])}
            check = {"sent_at": sent_utc, **({"body_masked": check["body"]} if "body" in check else {}),
                     **({"body_length": check["body_length"]} if "body_length" in check else {})}
            b.add("agent_platform.messages", msg, label, check)
    msg0 = next(r.values for r in b.rows if r.table == "agent_platform.messages")
    faults(b, "agent_platform.messages", {**msg0, "body": "hello"}, {
        "required": ["message_id", "conversation_id", "sender_type", "sent_at"], "encoded": ["sender_id"],
        "timestamps": ["sent_at"], "numbers": ["sentiment_score"], "enums": ["sender_type", "feedback"],
        "parent": "conversation_id", "out_of_range": {"sentiment_score": b.pick(["1.5", "-2", "100"])}})
    b.add("agent_platform.messages", {**msg0, "message_id": b.id("msg"), "conversation_id": orphan_parent,
                                      "body": "hi"}, "valid:child_of_quarantined_parent")

    attrs = {
        "intent_classified": '{"intent": "billing_refund", "confidence": 0.91}',
        "tool_call": '{"tool": "issue_refund", "success": true}',
        "handoff": '{"reason_code": "low_confidence", "initiated_by": "rule", "summary_provided": true}',
        "resolution_check": '{"verdict": "resolved", "relevant": true, "accurate": true, "safe": true}',
        "llm_call": '{"model": "m1", "input_tokens": 812, "output_tokens": 240}',
    }
    for conv, start in zip(convs, conv_times, strict=True):
        etype = b.pick(sorted(attrs))
        occurred, occurred_utc = b.ts(start + timedelta(seconds=5))
        ev = {"event_id": b.id("aev"), "conversation_id": conv["conversation_id"], "event_type": etype,
              "occurred_at": occurred, "attributes": attrs[etype], "cost_usd": b.pick([None, "0.002", "0"])}
        b.add("agent_platform.agent_events", ev, "valid", {"occurred_at": occurred_utc})
    ev0 = next(r.values for r in b.rows if r.table == "agent_platform.agent_events")
    faults(b, "agent_platform.agent_events", ev0, {
        "required": ["event_id", "conversation_id", "event_type", "occurred_at"], "encoded": ["event_type"],
        "timestamps": ["occurred_at"], "numbers": ["cost_usd"], "json": "attributes", "enums": ["event_type"],
        "enum_reason": "unknown_event_type", "parent": "conversation_id",
        "out_of_range": {"cost_usd": b.pick(["-0.01", "-5", "-1e-3"])}})  # D-2102

    # --- helpdesk
    created, created_utc = b.ts(conv_times[0] + timedelta(minutes=30))
    tkt = {"ticket_id": b.id("tkt"), "customer_id": cus_id, "conversation_id": b.pick([c0["conversation_id"], None]),
           "channel": b.pick(["email", "pigeon"]), "created_at": created, "status": "solved", "assignee_id": "h1",
           "group_name": "tier1", "priority": b.pick(["low", "P0", None]), "intent": "billing_refund",
           "handle_minutes": b.pick(["12", "0", "7.5"]), "updated_at": None}
    b.add("helpdesk.tickets", tkt, "valid", {"created_at": created_utc})
    versions(b, "helpdesk.tickets", tkt, "status", "new", "status", "solved")
    faults(b, "helpdesk.tickets", tkt, {
        "required": ["ticket_id", "channel", "created_at", "status"], "encoded": ["group_name", "intent"],
        "timestamps": ["created_at", "updated_at"], "numbers": ["handle_minutes"], "enums": ["status"],
        "parent": "conversation_id", "out_of_range": {"handle_minutes": "-3"}})
    bad_tkt = next(r for r in b.rows if r.table == "helpdesk.tickets" and r.fault == "unknown_enum")
    t0 = tkt["ticket_id"]
    for i, author in enumerate(b.pick([["customer", "human_agent"], ["system"], ["HUMAN_AGENT", "customer"]])):
        body, label, check = body_text(draw, False)
        c_at, c_utc = b.ts(conv_times[0] + timedelta(minutes=40 + i))
        cm = {"comment_id": b.id("cmt"), "ticket_id": t0, "author_type": author, "author_id": "h1",
              "created_at": c_at, "is_public": bool_text(draw, draw(st.booleans())), "body": body}
        b.add("helpdesk.ticket_comments", cm, label,
              {"created_at": c_utc, **({"body_masked": check["body"]} if "body" in check else {})})
    cm0 = next(r.values for r in b.rows if r.table == "helpdesk.ticket_comments")
    faults(b, "helpdesk.ticket_comments", {**cm0, "body": "ok"}, {
        "required": ["comment_id", "ticket_id", "author_type", "created_at"], "encoded": ["author_id"],
        "timestamps": ["created_at"], "booleans": ["is_public"], "enums": ["author_type"], "parent": "ticket_id"})
    b.add("helpdesk.ticket_comments", {**cm0, "comment_id": b.id("cmt"), "ticket_id": bad_tkt.values["ticket_id"]},
          "valid:child_of_quarantined_parent")
    for i, status in enumerate(["new", "Solved"]):
        ch, _ = b.ts(conv_times[0] + timedelta(minutes=30 + 20 * i))
        sc = {"ticket_id": t0, "status": status, "changed_at": ch}
        b.add("helpdesk.ticket_status_changes", sc)
    sc0 = next(r.values for r in b.rows if r.table == "helpdesk.ticket_status_changes")
    b.add("helpdesk.ticket_status_changes", dict(sc0), "valid:exact_duplicate")
    bad_sc = dict(sc0)
    bad_sc["changed_at"] = b.ts(conv_times[0] + timedelta(minutes=35))[0]
    faults(b, "helpdesk.ticket_status_changes", bad_sc, {
        "required": ["ticket_id", "status", "changed_at"], "encoded": ["status"], "timestamps": ["changed_at"],
        "enums": ["status"], "parent": "ticket_id"})

    stype = b.pick(["csat", "ces", "NPS"])
    score = {"csat": "5", "ces": "7", "NPS": "0"}[stype]
    r_at, r_utc = b.ts(conv_times[0] + timedelta(hours=2))
    comment, label, check = body_text(draw, False)
    srv = {"response_id": b.id("srv"), "conversation_id": c0["conversation_id"], "ticket_id": b.pick([None, t0]),
           "survey_type": stype, "score": score, "responded_at": r_at, "comment": comment}
    b.add("helpdesk.survey_responses", srv, label,
          {"responded_at": r_utc, **({"comment_masked": check["body"]} if "body" in check else {})})
    faults(b, "helpdesk.survey_responses", {**srv, "comment": "ok"}, {
        "required": ["response_id", "survey_type", "score", "responded_at"], "encoded": ["survey_type"],
        "timestamps": ["responded_at"], "numbers": ["score"], "enums": ["survey_type"], "parent": "conversation_id",
        "out_of_range": {"score": {"csat": "6", "ces": "0", "NPS": "11"}[stype]}})
    b.bad("helpdesk.survey_responses", {**srv, "response_id": b.id("srv"), "conversation_id": None, "ticket_id": None},
          "missing_required", "comment", None)  # neither a conversation nor a ticket
    b.bad("helpdesk.survey_responses", {**srv, "response_id": b.id("srv"), "survey_type": "csat"},
          "invalid_number", "score", "4.5")  # not a whole number (was silently rounded to 5)
    # A rated AI-first contact the AI never answered and no human touched: its CSAT answer is in no
    # stream (fct_contacts.csat_stream is null) but in csat_responses (found by make fuzz, D-2109).
    silent_start = b.instant()
    silent = {**c0, "conversation_id": b.id("conv"), "customer_id": cus_id, "channel": "chat",
              "started_at": b.ts(silent_start)[0], "ended_at": None, "first_handler": "ai_agent"}
    b.add("agent_platform.conversations", silent, "valid:csat_without_stream")
    b.add("agent_platform.messages", {**msg0, "message_id": b.id("msg"), "conversation_id": silent["conversation_id"],
                                      "sender_type": "system", "sent_at": b.ts(silent_start + timedelta(seconds=5))[0],
                                      "body": "connecting you", "feedback": None, "sentiment_score": None})
    b.add("helpdesk.survey_responses", {**srv, "response_id": b.id("srv"), "conversation_id": silent["conversation_id"],
                                        "ticket_id": None, "survey_type": "csat", "score": "2", "comment": "no answer",
                                        "responded_at": b.ts(silent_start + timedelta(hours=1))[0]},
          "valid:csat_without_stream")

    # --- product_analytics
    for _ in range(draw(st.integers(1, 3))):
        o_at, o_utc = b.ts(b.instant())
        ev = {"event_id": b.id("pev"), "customer_id": b.pick([cus_id, f"{NS}_unknown_customer", None]),
              "anonymous_id": "anon_1", "event_name": b.pick(["payment_method_updated", "page_viewed", "dispute_filed"]),
              "occurred_at": o_at, "page_path": "/settings/billing", "session_id": "s1",
              "properties": b.pick([None, "{}", '{"a": [1, 2], "b": {"c": null}}', '  {"x": "\\u00e9"}'])}
        b.add("product_analytics.events", ev, "valid", {"occurred_at": o_utc})
    pe0 = next(r.values for r in b.rows if r.table == "product_analytics.events")
    faults(b, "product_analytics.events", pe0, {
        "required": ["event_id", "event_name", "occurred_at"], "encoded": ["page_path", "event_name"],
        "timestamps": ["occurred_at"], "json": "properties"})
    return b.rows


# ----------------------------------------------------------------------------- expectations and files
def resolve(rows: list[Row]) -> None:
    """Fill Row.expect: own fault, else orphan_fk when a parent key is not staged, else staged for the
    latest valid version of a key (ties: identical rows) and collapsed for the others."""
    staged_keys: dict[str, set[str]] = {t: set() for t in TABLES}
    for table in TABLES:
        candidates: dict[tuple[Any, ...], list[Row]] = {}
        for r in (x for x in rows if x.table == table):
            if r.is_bad:
                r.expect = r.fault
                continue
            orphan = any(r.values.get(col) and r.values[col].strip() not in staged_keys[parent]  # type: ignore[union-attr]
                         for col, parent in PARENTS.get(table, {}).items())
            if orphan:
                r.expect = "orphan_fk"
                continue
            candidates.setdefault(typed_key(r), []).append(r)
        for versions_ in candidates.values():
            versions_.sort(key=lambda x: x.values["_loaded_at"] or "", reverse=True)
            for i, r in enumerate(versions_):
                r.expect = "staged" if i == 0 else "collapsed"
            if len(KEYS[table]) == 1:
                staged_keys[table].add(versions_[0].key()[0])


def typed_key(r: Row) -> tuple[Any, ...]:
    """The key staging partitions by (typed: a status is lower-cased, a timestamp is an instant)."""
    if r.table != "helpdesk.ticket_status_changes":
        return r.key()
    tid, status, changed = r.key()
    return tid, status.lower(), changed


def csv_field(value: str | None) -> str:
    """RFC 4180: empty for null; quoted (quotes doubled) when holding a comma, quote, CR or LF."""
    if value is None:
        return ""
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str | None]]) -> None:
    """Append rows to a raw CSV file; lone surrogates become the raw (non-UTF-8) bytes."""
    with path.open("a", encoding="utf-8", errors="surrogateescape", newline="") as f:
        for row in rows:
            f.write(",".join(csv_field(row.get(c)) for c in header) + "\n")
