"""Planted parameters and fixed vocabularies of the simulation: time units, enums, per-cluster
rates (ClusterParams), the global knobs (Params, P)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DAY = 86_400
HOUR = 3_600
EVENT_CHUNK_ROWS = 4_000_000

# --------------------------------------------------------------------------- enums
SENDER_TYPES = ("customer", "ai_agent", "human_agent", "system")
S_CUST, S_AI, S_HUMAN, S_SYSTEM = 0, 1, 2, 3
EVENT_TYPES = ("intent_classified", "tool_call", "policy_check", "instruction_given", "handoff",
               "resolution_check", "llm_call", "case_closed")
E_INTENT, E_TOOL, E_POLICY, E_INSTR, E_HANDOFF, E_JUDGE, E_LLM, E_CLOSED = range(8)
CONV_CHANNELS = ("chat", "email", "voice", "sms", "social", "whatsapp")
CONV_CHANNEL_P = (0.70, 0.12, 0.06, 0.05, 0.06, 0.01)
CH_EMAIL = 1
TICKET_CHANNELS = ("email", "web_form", "chat", "voice", "social")
DIRECT_TICKET_CHANNEL_P = (0.50, 0.32, 0.0, 0.12, 0.06)
CONV_TO_TICKET_CHANNEL = np.array([2, 0, 3, 2, 4, 2])
LANGUAGES = ("en", "de", "fr", "es", "nl", "pt")
LANGUAGE_P = (0.80, 0.06, 0.05, 0.05, 0.02, 0.02)
STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
ST_NEW, ST_OPEN, ST_PENDING, ST_HOLD, ST_SOLVED, ST_CLOSED = range(6)
PRIORITIES = ("low", "normal", "high", "urgent")
AUTHOR_TYPES = ("customer", "human_agent", "system")
VERSIONS = ("v1.0", "v1.1", "v1.2", "v1.2.1", "v2.0-beta")
INITIATORS = ("customer", "ai_agent", "rule")
CLOSERS = ("ai_agent", "human_agent", "timeout")
FEEDBACK = ("", "positive", "negative")
# Outcome codes of the latent simulation (not written anywhere, used for truth).
O_HUMAN, O_CONFIRMED, O_NEGATIVE, O_SILENT, O_UNANSWERED, O_ESCALATED = range(6)
INFO_NONE, INFO_ORDER, INFO_EMAIL, INFO_PHONE, INFO_NAME = range(5)
INFO_KEYS = ("none", "order", "email", "phone", "name")
TZ_SUFFIX = ("", "Z", "+01:00", "-05:00", "+05:30")
TZ_SHIFT = np.array([0, 0, 3600, -18000, 19800], dtype=np.int64)
EXPERIMENT_KEY = "agent_v2_rollout"
EXPERIMENT_SALT = 0x5EED_AB01
MODELS = ("gpt-4o-mini", "gpt-4o")
# USD per token (input, output) per model.
MODEL_PRICES = ((0.15e-6, 0.60e-6), (2.50e-6, 10.0e-6))
TOOL_CALL_COST_USD = 0.0005


@dataclass(frozen=True)
class ClusterParams:
    """Behaviour of AI-first conversations of one intent cluster (before modifiers)."""

    p_ai_answered: float
    p_escalated: float
    p_confirmed: float      # among answered, not escalated
    p_negative: float       # among answered, not escalated (rest: silent)
    p_human_resolved: float  # tickets / human handling end solved
    recontact_shift: float  # added to the re-contact probability (half of it when resolved)


CLUSTER_PARAMS: dict[str, ClusterParams] = {
    "billing": ClusterParams(0.86, 0.25, 0.42, 0.13, 0.85, 0.03),
    "account": ClusterParams(0.95, 0.15, 0.50, 0.08, 0.88, 0.00),
    "orders": ClusterParams(0.80, 0.33, 0.38, 0.15, 0.82, 0.05),
    "technical": ClusterParams(0.70, 0.40, 0.30, 0.20, 0.75, 0.08),
    "legal": ClusterParams(0.65, 0.50, 0.22, 0.28, 0.70, 0.02),
}
DEFAULT_CLUSTER = ClusterParams(0.75, 0.35, 0.35, 0.15, 0.80, 0.03)

INTENT_WEIGHTS: dict[str, float] = {
    "billing_refund": 0.12, "billing_invoice_copy": 0.08, "billing_payment_method": 0.09,
    "account_password_reset": 0.12, "account_email_change": 0.05, "account_deletion": 0.03,
    "order_status": 0.14, "order_cancellation": 0.07, "order_damaged_item": 0.05,
    "tech_login_issue": 0.08, "tech_integration_setup": 0.06, "tech_bug_report": 0.06,
    "legal_data_request": 0.05,
}
INTENT_ACTION: dict[str, str] = {
    "billing_payment_method": "update_payment_method", "account_password_reset": "reset_password",
    "tech_login_issue": "reset_password", "account_email_change": "change_email",
    "order_cancellation": "cancel_order", "billing_refund": "track_refund",
    "tech_integration_setup": "connect_integration", "billing_invoice_copy": "download_invoice",
}
# Planted probability that the customer does what the AI told them (identified, resolved).
ACTION_FOLLOW_THROUGH: dict[str, float] = {
    "update_payment_method": 0.72, "reset_password": 0.80, "change_email": 0.65, "cancel_order": 0.70,
    "track_refund": 0.55, "connect_integration": 0.45, "download_invoice": 0.75,
}
ACTION_DEFAULT_PAGE = {"reset_password": "/login/reset"}

# Tools: name -> (failure rate, intents that call it).
TOOLS: dict[str, tuple[float, tuple[str, ...]]] = {
    "lookup_order": (0.03, ("order_status", "order_cancellation", "order_damaged_item", "billing_refund")),
    "issue_refund": (0.06, ("billing_refund",)),
    "update_billing": (0.05, ("billing_payment_method", "billing_invoice_copy")),
    "send_reset_link": (0.02, ("account_password_reset", "tech_login_issue")),
    "crm_lookup": (0.02, ("account_email_change", "account_deletion", "tech_integration_setup",
                          "legal_data_request")),
    "create_bug_ticket": (0.04, ("tech_bug_report",)),
    "integration_status": (0.08, ("tech_integration_setup",)),
}
TOOL_USE_P = 0.8
# Policies: id -> (failure rate, severity, intents checked; empty = all intents).
POLICIES: dict[str, tuple[float, str, tuple[str, ...]]] = {
    "pii_disclosure": (0.008, "critical", ()),
    "refund_limit": (0.05, "critical", ("billing_refund", "order_cancellation")),
    "identity_verification": (0.03, "critical", ("account_password_reset", "account_email_change",
                                                 "account_deletion", "legal_data_request")),
    "data_retention": (0.02, "critical", ("legal_data_request", "account_deletion")),
    "tone_guideline": (0.06, "minor", ()),
}
# Escalation reason weights for AI-in-scope intents and for needs-human intents.
REASONS_IN_SCOPE = {"low_confidence": 0.35, "tool_failure": 0.20, "customer_request": 0.30,
                    "negative_sentiment": 0.15}
REASONS_NEEDS_HUMAN: dict[str, dict[str, float]] = {
    "account_deletion": {"high_stakes": 0.55, "policy_ambiguity": 0.30, "customer_request": 0.15},
    "order_damaged_item": {"physical_action": 0.75, "policy_ambiguity": 0.10, "customer_request": 0.15},
    "tech_bug_report": {"physical_action": 0.45, "policy_ambiguity": 0.40, "customer_request": 0.15},
    "legal_data_request": {"high_stakes": 0.50, "policy_ambiguity": 0.35, "customer_request": 0.15},
}
REASONS_NEEDS_HUMAN_DEFAULT = {"high_stakes": 0.4, "policy_ambiguity": 0.3, "physical_action": 0.15,
                               "customer_request": 0.15}
# initiated_by weights (customer, ai_agent, rule) per reason.
REASON_INITIATOR: dict[str, tuple[float, float, float]] = {
    "customer_request": (1.0, 0.0, 0.0), "negative_sentiment": (0.0, 0.0, 1.0),
    "low_confidence": (0.0, 1.0, 0.0), "tool_failure": (0.0, 0.7, 0.3),
    "physical_action": (0.0, 0.4, 0.6), "high_stakes": (0.0, 0.2, 0.8),
    "policy_ambiguity": (0.0, 0.8, 0.2), "out_of_scope": (0.0, 1.0, 0.0),
}
GROUP_NAMES = {"billing": "Billing", "account": "Accounts", "orders": "Orders & Shipping",
               "technical": "Technical Support", "legal": "Legal & Privacy"}
# Information a customer of each cluster naturally gives (context-lost eligible first).
CLUSTER_INFO = {"billing": (INFO_ORDER, INFO_EMAIL), "account": (INFO_EMAIL, INFO_PHONE),
                "orders": (INFO_ORDER, INFO_EMAIL), "technical": (INFO_EMAIL, INFO_PHONE),
                "legal": (INFO_EMAIL, INFO_PHONE)}
# Survey score distributions by stream and latent resolution (csat 1..5).
CSAT_DIST = {
    ("ai_only", True): (0.03, 0.04, 0.10, 0.33, 0.50),
    ("ai_only", False): (0.30, 0.25, 0.22, 0.13, 0.10),
    ("post_handoff", True): (0.05, 0.07, 0.13, 0.35, 0.40),
    ("post_handoff", False): (0.35, 0.25, 0.20, 0.12, 0.08),
    ("human_only", True): (0.02, 0.03, 0.08, 0.30, 0.57),
    ("human_only", False): (0.28, 0.24, 0.22, 0.15, 0.11),
}
STREAMS = ("ai_only", "post_handoff", "human_only")
CES_DIST = {True: (0.02, 0.03, 0.05, 0.10, 0.20, 0.30, 0.30), False: (0.20, 0.20, 0.18, 0.15, 0.12, 0.10, 0.05)}
NPS_DIST = {True: (0.01, 0.01, 0.02, 0.02, 0.03, 0.05, 0.06, 0.10, 0.20, 0.25, 0.25),
            False: (0.10, 0.08, 0.10, 0.12, 0.12, 0.12, 0.10, 0.10, 0.08, 0.05, 0.03)}
SURVEY_TYPES = ("csat", "ces", "nps")


@dataclass(frozen=True)
class Params:
    """Planted behaviour parameters (all written to truth.json under planted.parameters)."""

    direct_ticket_share: float = 0.15
    anonymous_share: float = 0.05
    test_share: float = 0.01
    ai_first_share: float = 0.85
    intent_classified_share: float = 0.97
    greeting_share: float = 0.50
    answered_prefallback_share: float = 0.15
    needs_human_answered_penalty: float = 0.10
    needs_human_escalation_uplift: float = 0.30
    handoff_event_share: float = 0.95
    human_reply_share_after_handoff: float = 0.92
    escalation_ticket_share: float = 0.30
    summary_provided_share: float = 0.80
    context_lost_p_with_summary: float = 0.17
    context_lost_p_without_summary: float = 0.60
    already_said_share: float = 0.50
    info_in_opening_share: float = 0.45
    confirm_by_message_share: float = 0.60
    resolved_p_confirmed: float = 0.95
    resolved_p_silent: float = 0.70
    resolved_p_negative: float = 0.05
    escalation_resolve_penalty: float = 0.05
    missed_request_p_unanswered: float = 0.30
    missed_request_p_negative: float = 0.20
    open_share_recent: float = 0.02
    ticket_reopen_share: float = 0.08
    recontact_p_resolved: float = 0.05
    recontact_p_unresolved: float = 0.45
    recontact_mean_hours: float = 30.0
    recontact_max_generations: int = 3
    instruction_share: float = 0.80
    follow_through_unresolved_factor: float = 0.60
    late_success_share: float = 0.06
    early_success_share: float = 0.04
    wrong_page_share: float = 0.03
    contrary_p: float = 0.08
    csat_share: float = 0.20
    ces_share: float = 0.10
    nps_share: float = 0.05
    ab_escalation_delta: float = 0.05
    ab_answered_delta: float = 0.03
    ab_confirmed_delta: float = 0.05
    regression_escalation_uplift: float = 0.35
    regression_days: int = 4
    # --plant-incidents only (monitoring precision/recall): re-contact and unanswered regressions on known days.
    plant_recontact_uplift: float = 0.30
    plant_answered_drop: float = 0.35
    # ... and a downstream action regression: follow-through x this factor for instructions of contacts started
    # on the plant's days (the agent's instructions stop working).
    plant_action_factor: float = 0.30
    plant_days: int = 3
    peak_share: float = 0.20
    peak_escalation_uplift: float = 0.06
    peak_answered_drop: float = 0.04
    churn_base: float = 0.06
    churn_uplift: float = 0.15
    timezone_offset_share: float = 0.02
    n_human_agents: int = 40


P = Params()

