"""The raw tables the generator writes (TableSpec, SPECS) and the kinds of bad input each takes.

The contract part of each spec (columns and their order, required columns, timestamp columns, the
JSON column, what a foreign key points to) is read from the sources YAML through support_truth.contract,
the one declaration of the raw contract. What is the generator's own choice stays here: the key
(tests/python/test_raw_contract.py checks it against the base model's key_columns), which reference
gets orphan rows, the unknown enum values it plants, and the id prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..contract import contract_table


@dataclass(frozen=True)
class TableSpec:
    """Contract of one raw table plus what kinds of bad input apply to it."""

    system: str
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    required: tuple[str, ...]
    timestamps: tuple[str, ...] = ()
    ts_required: tuple[str, ...] = ()
    enum: tuple[str, tuple[str, ...]] | None = None
    fk: tuple[str, str] | None = None
    json_col: str | None = None
    event_type: bool = False
    score: bool = False
    prefix: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.system}.{self.name}"

    def reasons(self) -> list[str]:
        out = ["missing_required"]
        if self.ts_required:
            out.append("unparseable_timestamp")
        if self.json_col:
            out.append("malformed_json")
        if self.event_type:
            out.append("unknown_event_type")
        if self.enum:
            out.append("unknown_enum")
        if self.score:
            out.append("out_of_range")
        if self.fk:
            out.append("orphan_fk")
        return out


def table_spec(system: str, name: str, key: tuple[str, ...], *, prefix: str = "",
               unknown_enum: tuple[str, tuple[str, ...]] | None = None, orphans: str | None = None,
               event_type: bool = False, score: bool = False,
               prefixes: dict[str, str] | None = None) -> TableSpec:
    """A TableSpec whose contract part comes from the sources YAML.

    unknown_enum: (column, values the YAML does not accept) planted as unknown_enum bad rows;
    orphans: a column whose YAML meta `references` a table: orphan_fk bad rows get ids of that table's
    prefix (`prefixes`: table name -> id prefix of the specs made so far)."""
    table = contract_table(system, name)
    columns = table.data_columns
    names = tuple(c.name for c in columns)
    for k in key:
        table.column(k)
    timestamps = tuple(c.name for c in columns if c.data_type == "timestamp")
    required = tuple(c.name for c in columns if c.required)
    json_cols = [c.name for c in columns if c.json]
    if len(json_cols) > 1:
        raise ValueError(f"{table.qualified}: the generator plants malformed JSON in one column, not {json_cols}")
    if unknown_enum is not None:
        accepted = table.column(unknown_enum[0]).accepted_values
        if accepted is None or set(unknown_enum[1]) & set(accepted):
            raise ValueError(f"{table.qualified}.{unknown_enum[0]}: {unknown_enum[1]} must be values the YAML's "
                             f"accepted_values {accepted} do not accept")
    fk = None
    if orphans is not None:
        parent = table.column(orphans).references
        if parent is None or parent not in (prefixes or {}):
            raise ValueError(f"{table.qualified}.{orphans} must reference an earlier table in the sources YAML")
        fk = (orphans, (prefixes or {})[parent])
    return TableSpec(system, name, names, key, required, timestamps,
                     tuple(c for c in timestamps if c in required), enum=unknown_enum, fk=fk,
                     json_col=json_cols[0] if json_cols else None, event_type=event_type, score=score,
                     prefix=prefix)


def _specs() -> dict[str, TableSpec]:
    """The generator's tables, in the order it writes them (parents before the tables pointing to them)."""
    out: dict[str, TableSpec] = {}

    def add(system: str, name: str, key: tuple[str, ...], **kw) -> None:
        out[name] = table_spec(system, name, key, prefixes={s.name: s.prefix for s in out.values()}, **kw)

    add("agent_platform", "conversations", ("conversation_id",), prefix="conv")
    add("agent_platform", "messages", ("message_id",), prefix="msg",
        unknown_enum=("sender_type", ("robot", "chatbot", "operator_v0")), orphans="conversation_id")
    add("agent_platform", "agent_events", ("event_id",), prefix="aev", orphans="conversation_id", event_type=True)
    add("helpdesk", "tickets", ("ticket_id",), prefix="tkt", unknown_enum=("status", ("archived", "deleted")))
    add("helpdesk", "ticket_comments", ("comment_id",), prefix="cmt",
        unknown_enum=("author_type", ("bot", "robot")), orphans="ticket_id")
    add("helpdesk", "ticket_status_changes", ("ticket_id", "status", "changed_at"), orphans="ticket_id")
    add("helpdesk", "survey_responses", ("response_id",), prefix="rsp",
        unknown_enum=("survey_type", ("emoji", "thumbs")), score=True)
    add("product_analytics", "events", ("event_id",), prefix="evt")
    add("crm", "accounts", ("account_id",), prefix="acc")
    add("crm", "customers", ("customer_id",), prefix="cus")
    add("crm", "subscriptions", ("subscription_id",), prefix="sub")
    return out


SPECS: dict[str, TableSpec] = _specs()
