"""The raw tables the generator writes (TableSpec, SPECS) and the kinds of bad input each takes."""

from __future__ import annotations

from dataclasses import dataclass


# --------------------------------------------------------------------------- table specs
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


SPECS: dict[str, TableSpec] = {s.name: s for s in (
    TableSpec("agent_platform", "conversations",
              ("conversation_id", "customer_id", "channel", "started_at", "ended_at", "first_handler",
               "agent_version", "experiment_key", "experiment_variant", "language", "is_test"),
              ("conversation_id",), ("conversation_id", "channel", "started_at"),
              ("started_at", "ended_at"), ("started_at",), prefix="conv"),
    TableSpec("agent_platform", "messages",
              ("message_id", "conversation_id", "sender_type", "sender_id", "sent_at", "body", "feedback",
               "sentiment_score"),
              ("message_id",), ("message_id", "conversation_id", "sender_type", "sent_at"), ("sent_at",),
              ("sent_at",), enum=("sender_type", ("robot", "chatbot", "operator_v0")),
              fk=("conversation_id", "conv"), prefix="msg"),
    TableSpec("agent_platform", "agent_events",
              ("event_id", "conversation_id", "event_type", "occurred_at", "attributes", "cost_usd"),
              ("event_id",), ("event_id", "conversation_id", "event_type", "occurred_at"), ("occurred_at",),
              ("occurred_at",), fk=("conversation_id", "conv"), json_col="attributes", event_type=True,
              prefix="aev"),
    TableSpec("helpdesk", "tickets",
              ("ticket_id", "customer_id", "conversation_id", "channel", "created_at", "status", "assignee_id",
               "group_name", "priority", "intent", "handle_minutes", "updated_at"),
              ("ticket_id",), ("ticket_id", "channel", "created_at", "status"), ("created_at", "updated_at"),
              ("created_at",), enum=("status", ("archived", "deleted")), prefix="tkt"),
    TableSpec("helpdesk", "ticket_comments",
              ("comment_id", "ticket_id", "author_type", "author_id", "created_at", "is_public", "body"),
              ("comment_id",), ("comment_id", "ticket_id", "author_type", "created_at"), ("created_at",),
              ("created_at",), enum=("author_type", ("bot", "robot")), fk=("ticket_id", "tkt"), prefix="cmt"),
    TableSpec("helpdesk", "ticket_status_changes", ("ticket_id", "status", "changed_at"),
              ("ticket_id", "status", "changed_at"), ("ticket_id", "status", "changed_at"), ("changed_at",),
              ("changed_at",), fk=("ticket_id", "tkt")),
    TableSpec("helpdesk", "survey_responses",
              ("response_id", "conversation_id", "ticket_id", "survey_type", "score", "responded_at", "comment"),
              ("response_id",), ("response_id", "survey_type", "score", "responded_at"), ("responded_at",),
              ("responded_at",), enum=("survey_type", ("emoji", "thumbs")), score=True, prefix="rsp"),
    TableSpec("product_analytics", "events",
              ("event_id", "customer_id", "anonymous_id", "event_name", "occurred_at", "page_path", "session_id",
               "properties"),
              ("event_id",), ("event_id", "event_name", "occurred_at"), ("occurred_at",), ("occurred_at",),
              json_col="properties", prefix="evt"),
    TableSpec("crm", "accounts", ("account_id", "name", "segment", "plan", "created_at"), ("account_id",),
              ("account_id",), ("created_at",), prefix="acc"),
    TableSpec("crm", "customers", ("customer_id", "account_id", "email", "full_name", "country", "created_at"),
              ("customer_id",), ("customer_id",), ("created_at",), prefix="cus"),
    TableSpec("crm", "subscriptions",
              ("subscription_id", "account_id", "period_start", "period_end", "mrr_usd", "renewal_outcome",
               "next_mrr_usd"),
              ("subscription_id",), ("subscription_id", "account_id", "period_start", "period_end", "mrr_usd"),
              prefix="sub"),
)}

