"""Deterministic synthetic raw data for the support_truth dbt project.

Simulates the support operation of a SaaS / e-commerce company before and after it
launches an AI support agent, and writes the raw landing contract
(docs/raw_contract.md), one file per table:

    agent_platform/{conversations,messages,agent_events}
    helpdesk/{tickets,ticket_comments,ticket_status_changes,survey_responses}
    product_analytics/events
    crm/{accounts,customers,subscriptions}

plus ``truth.json``: every planted parameter and, for the headline flags, the
expected rate for the realised population (mean of the per-row probabilities that
were actually used, with its standard deviation), so tests can compare what the dbt
models observe within sampling error; and ``contact_truth.parquet``: one row per non-test
contact with what the simulation knows happened to it by the extraction cut (outcome,
resolution time, escalation, ticket solves and reopens, re-contacts, instruction follow-through,
...; `CONTACT_TRUTH_COLUMNS`), so tests can compare the facts contact by contact.

How it works
- A *contact* is a conversation (AI-first or human-first) or a direct helpdesk
  ticket. Each contact gets latent draws (answered, escalated, outcome, resolved,
  context lost, re-contact, ...); the per-row probabilities are kept for truth.json.
- A skeleton of messages, agent events, tickets, comments and status changes is laid
  out on a clock per contact, one message slot at a time (a loop over a handful of
  slots, never over rows). Text comes from template banks whose wording is checked
  against the classification regexes of dbt_project.yml.
- Re-contacts are further generations of contacts; churn is drawn per account term
  from the contacts inside the term; then everything after the extraction time
  (start + days) is cut, as a real extract would be.
- Bad rows, exact duplicates, stale redeliveries and timezone offsets are added last,
  as extra rows, so the valid data and its planted rates stay untouched.
- Everything is vectorised with NumPy; strings are built with Arrow compute kernels
  (ids and timestamps straight from byte matrices). The product event stream is
  generated and written in chunks, files are written on a background thread.
  1M conversations with 50M events take under 2 minutes on 2 cores and ~4 GB RAM.
- Same seed and flags => byte-identical files (named NumPy streams per purpose, no
  clock); truth.json leaves out --out, so runs into different folders are identical.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

Arr = np.ndarray
Frame = dict[str, np.ndarray]

REPO_ROOT = Path(__file__).resolve().parent.parent
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
    peak_share: float = 0.20
    peak_escalation_uplift: float = 0.06
    peak_answered_drop: float = 0.04
    churn_base: float = 0.06
    churn_uplift: float = 0.15
    timezone_offset_share: float = 0.02
    n_human_agents: int = 40


P = Params()

# --------------------------------------------------------------------------- texts
# Placeholders: {order} {email} {phone} {name} {first} {agent}. Wording rules (checked in
# tests against dbt_project.yml): AI answers match neither ai_greeting_regex nor
# ai_fallback_regex; human messages match human_asks_known_info_regex only in the
# "ask_known" group; customer texts match customer_*_regex only in their own group.
INTENT_TEXT: dict[str, dict[str, list[str] | str]] = {
    "billing_refund": {
        "topic": "a refund",
        "open": ["I was charged twice last month and I'd like a refund, please.",
                 "Hi, I returned my purchase two weeks ago and still haven't seen the refund.",
                 ("Can I get my money back for the annual plan? I cancelled within the trial, "
                  "\"no questions asked\" it said on your site.")],
        "answer": [("I've started a refund of the duplicate charge; it will be back on your card within "
                    "5-10 business days. You can follow it under Orders > Refunds."),
                   ("Your refund has been approved and is on its way. You can track its status in "
                    "Orders > Refunds.")],
        "resolve": ["I've processed the refund manually, you'll see it on your statement within a week.",
                    "I've approved the refund with our billing team, it's on its way to your card."],
    },
    "billing_invoice_copy": {
        "topic": "an invoice copy",
        "open": ["I need a copy of my invoice for March, for our accounting.",
                 "Where can I download past invoices? Our finance team needs them, urgently.",
                 "Can you resend invoice INV-2291? I can't find it anywhere."],
        "answer": [("You can download every invoice under Settings > Billing > Invoices; click "
                    "'Download PDF' next to the month you need."),
                   ("Invoices are available in Settings > Billing. Choose 'Invoices', then 'Download' "
                    "for the month you need.")],
        "resolve": ["I've emailed the invoice PDF to the billing contact on file.",
                    "I've re-issued the invoice with your company details; it's attached to this ticket."],
    },
    "billing_payment_method": {
        "topic": "my payment method",
        "open": ["My card expired, how do I update the payment method?",
                 "I want to switch from credit card to invoice billing, is that possible?",
                 "Your system keeps declining my new card, what's going on?"],
        "answer": [("To update your card, open Settings > Billing and choose 'Payment method'. Enter the "
                    "new card and save."),
                   ("You can add a new payment method in Settings > Billing > 'Payment method'; the old "
                    "card is removed automatically.")],
        "resolve": ["I've switched the account to invoice billing, the next invoice will reflect it.",
                    "The card was blocked by our fraud filter; I've whitelisted it, please try once more."],
    },
    "account_password_reset": {
        "topic": "a password reset",
        "open": ["I forgot my password and the reset link doesn't arrive.",
                 "How do I reset my password? I'm locked out.",
                 "I need a new password, the old one stopped working after the update."],
        "answer": [("I've sent a new reset link. Open it within 30 minutes and choose a new password on the "
                    "'Reset password' page."),
                   ("Use 'Forgot password' on the login page; the link arrives within a few minutes. Check "
                    "the spam folder too.")],
        "resolve": ["I've unlocked the account and sent a fresh reset link.",
                    "Our mail provider had delays; I've resent the link and confirmed it was delivered."],
    },
    "account_email_change": {
        "topic": "changing my login email",
        "open": ["I want to change the email address on my account.",
                 "How can I change my login email? I changed jobs.",
                 "Please update my email, the old one is no longer valid."],
        "answer": [("You can change it in Settings > Profile > 'Email'. We'll send a confirmation link to "
                    "the new address."),
                   "Go to Settings > Profile, edit the email field and confirm via the link we send you."],
        "resolve": ["I've changed the login email as requested; a confirmation link is on its way.",
                    "Done, the account now uses the new login. Please confirm via the link we just sent."],
    },
    "account_deletion": {
        "topic": "deleting my account",
        "open": ["Please delete my account and all my data.",
                 "I want to close my account permanently, how do I do that?",
                 "Delete my profile, I no longer use the service."],
        "answer": [("Account deletion is permanent. I can start the request; our team verifies ownership "
                    "and completes it within 30 days."),
                   ("I've noted the deletion request. For security, a specialist confirms it before the "
                    "account is removed.")],
        "resolve": ["I've verified ownership and scheduled the deletion; you'll get a final confirmation.",
                    "The account is closed and the data will be erased within 30 days."],
    },
    "order_status": {
        "topic": "where my order is",
        "open": ["Where is my order? It was supposed to arrive yesterday.",
                 "Can you tell me the delivery status of my order?",
                 "My package hasn't moved in the tracking for 4 days."],
        "answer": [("The order shipped on Monday and is with the carrier; the latest estimate is delivery "
                    "within 2 business days. The tracking link is in Orders."),
                   "The order is out for delivery today. You can follow it live under Orders > Tracking."],
        "resolve": ["I've contacted the carrier, the parcel was held at the depot and goes out tomorrow.",
                    "The parcel was lost in transit, so I've shipped a replacement with express delivery."],
    },
    "order_cancellation": {
        "topic": "cancelling an order",
        "open": ["I'd like to cancel my order, I ordered the wrong size.",
                 "Cancel my order please, I found it cheaper elsewhere.",
                 "Is it too late to cancel the order I placed this morning?"],
        "answer": [("You can cancel it under Orders: choose the order and click 'Cancel order'. It's still "
                    "possible because it hasn't shipped."),
                   ("Open Orders, select the order and press 'Cancel order'; the refund follows "
                    "automatically.")],
        "resolve": ["I've cancelled the order and the refund is on its way.",
                    "The order had already shipped, so I've set up a free return label instead."],
    },
    "order_damaged_item": {
        "topic": "a damaged item",
        "open": ["My package arrived damaged, the box was crushed and the item is broken.",
                 "The item I received is cracked. What now?",
                 "Half of my order arrived broken, I want a replacement."],
        "answer": [("I'm sorry it arrived damaged. I've logged a damage report; please keep the packaging, "
                    "a courier pickup will be arranged."),
                   ("I've registered the damage. Upload a photo under Orders > Report a problem and we'll "
                    "send a replacement.")],
        "resolve": ["I've arranged a courier pickup for tomorrow and a replacement ships today.",
                    "I've issued a full refund for the damaged items, no need to send them back."],
    },
    "tech_login_issue": {
        "topic": "signing in",
        "open": ["I can't log in, it keeps saying invalid credentials.",
                 "Login page just spins and never loads.",
                 "The two-factor code never arrives so I can't sign in."],
        "answer": [("This usually means the session expired. Reset the password from the login page and "
                    "sign in again; the new password works immediately."),
                   ("Clear the browser cache, then use 'Forgot password' to set a new password; that fixes "
                    "most sign-in loops.")],
        "resolve": ["I've reset the two-factor setup on the account; you can sign in and enrol again.",
                    "There was a lock on the account after too many attempts; I've removed it."],
    },
    "tech_integration_setup": {
        "topic": "setting up an integration",
        "open": ["How do I connect your app to Slack?",
                 "The Salesforce integration setup fails at the authorization step.",
                 "I need help setting up the API integration with our CRM."],
        "answer": [("Go to Settings > Integrations, pick the app and click 'Connect'. Approve the "
                    "permissions in the pop-up and you're done."),
                   ("Open Settings > Integrations > 'Add integration', sign in to the other app and grant "
                    "access; data syncs within 15 minutes.")],
        "resolve": ["I've re-authorised the connector on our side; the sync is running now.",
                    "The API key had the wrong scope; I've issued a new one, details are in the ticket."],
    },
    "tech_bug_report": {
        "topic": "a bug",
        "open": ["The export button crashes the page every time.",
                 "Found a bug: the dashboard shows yesterday's numbers twice.",
                 "Reports are blank since the last update, something is broken."],
        "answer": [("Thanks for reporting this. I've logged the bug with the steps you described; the "
                    "engineering team will look into it."),
                   ("This looks like a known issue with the latest release. A fix is scheduled; meanwhile "
                    "exporting to CSV works.")],
        "resolve": ["Engineering confirmed the bug and deployed a fix this morning.",
                    "I've reproduced it and our developers shipped a patch, it should work now."],
    },
    "legal_data_request": {
        "topic": "a copy of my personal data",
        "open": ["Under GDPR I request a copy of all personal data you hold about me.",
                 "I want to know what data you store about me and who you share it with.",
                 "Please send me my data export, this is a formal data subject request."],
        "answer": [("You can request a data export in Settings > Privacy > 'Download my data'. The file is "
                    "ready within 48 hours."),
                   ("The privacy policy lists the data we keep. A full export can be requested under "
                    "Settings > Privacy.")],
        "resolve": ["Our privacy team has compiled the export; a secure download link is on its way.",
                    "I've logged the formal request with our data protection officer, answer within 30 days."],
    },
}
INFO_SUFFIX: dict[int, list[str]] = {
    INFO_NONE: [""],
    INFO_ORDER: [" My order number is {order}.", " The order is {order}.", " Order {order}, if that helps."],
    INFO_EMAIL: [" My account email is {email}.", " I signed up with {email}."],
    INFO_PHONE: [" My phone number is {phone}.", " Call me on {phone} if needed."],
    INFO_NAME: ["\nThanks, {name}", " - {name}"],
}
GENERIC_TEXT: dict[str, list[str]] = {
    "ai_greet": ["Hi! I'm Ava, the virtual assistant. How can I help you today?",
                 "Hello, I'm Ava, your virtual assistant. What can I do for you?",
                 "Hey there! Ava here, the virtual assistant. How can I help?"],
    "ai_fallback": ["Sorry, I didn't understand that. Could you rephrase?",
                    "Sorry, I did not catch that. Could you rephrase your question?",
                    "I'm not sure I can help with that. Could you tell me a bit more?"],
    "ai_decline": ["I'm not sure I can help with that, but our Help Center has articles on most topics.",
                   "Sorry, I didn't understand that. Could you rephrase?"],
    "c_followup": ["How long does that take?", "Is there anything else I need to do?",
                   "Ok, and where exactly do I find that?"],
    "c_confused": ["That's not what I asked.", "What do you mean? I don't see that option.",
                   "That doesn't answer my question."],
    "c_confirm": ["That worked, thanks!", "Great, that fixed it.", "Perfect, problem solved.",
                  "All sorted, thank you!", "That helped, thanks."],
    "c_negative": ["This is useless.", "Not helpful at all.", "Forget it."],
    "c_req_human": ["Can I talk to a human please?", "I want to speak to an agent.",
                    "Let me talk to a real person."],
    "sys_handoff": ["Connecting you with a member of our support team. Typical wait time is a few minutes.",
                    "A support specialist will join this conversation shortly."],
    "h_first": [("Hi, this is {agent} from the support team. I've read through your chat and I'm looking "
                 "into it now."),
                ("Hello, {agent} here. Thanks for waiting, I can see the details of your request and I'm "
                 "checking it."),
                "Hi, I'm {agent}. I'm taking over from our assistant and will sort this out for you."],
    "h_first_direct": [("Hi, this is {agent} from the support team. Thanks for reaching out, let me check "
                        "this for you."),
                       "Hello, {agent} here. Could you send me the order reference so I can look it up?",
                       "Thanks for contacting us, this is {agent}. I'm on it."],
    "c_reply": ["Ok, thanks.", "Sure, take your time.", "It happened again this morning too.",
                "Great, thanks for looking into it."],
    "h_unresolved": [("I've passed this on to our specialist team; they'll get back to you within 2 "
                      "business days."),
                     "Unfortunately I can't complete this right now. I've opened a case and we'll follow up."],
    "c_close_good": ["Thank you for your help!", "Thanks a lot, have a nice day.", "Appreciate it, thanks."],
    "c_close_bad": ["This is taking way too long.", "Still not fixed, I'm really disappointed.",
                    "I'll take my business elsewhere if this isn't solved."],
    "t_note": ["Internal note: verified the customer's identity and checked the order history.",
               "Internal note: checked the billing system, nothing unusual on the account.",
               "Internal note: reproduced the issue, see linked engineering ticket."],
    "t_followup": ["Thanks, any update on this?", "Is there any news? It's been a while.",
                   "Thanks for the quick reply."],
    "t_reopen": ["It's happening again, please reopen this.", "Sorry, the problem is back."],
    "t_hf_note": ["Conversation handled in live chat by {agent}.",
                  "Chat transcript attached, handled by {agent}."],
}
ASK_KNOWN: dict[int, list[str]] = {
    INFO_ORDER: ["Hi, this is {agent} from the support team. Could you share your order number?",
                 "Hello, {agent} here. What is your order number, please?"],
    INFO_EMAIL: ["Hi, {agent} here. Can you confirm the email on your account?",
                 "Hello, this is {agent}. What's your email address?"],
    INFO_PHONE: ["Hi, I'm {agent}. Could you give me your phone number so I can verify you?"],
}
ALREADY_SAID: dict[int, list[str]] = {
    INFO_ORDER: ["I already gave you that, it's in the chat above.", "I already told you, it's {order}."],
    INFO_EMAIL: ["As I said before, {email}.", "I already gave you that, it's {email}."],
    INFO_PHONE: ["I already told you, {phone}.", "I already gave you that, it's in the chat above."],
}
REPROVIDE: dict[int, list[str]] = {
    INFO_ORDER: ["Sure, it's {order}.", "It's {order}."],
    INFO_EMAIL: ["Sure, {email}.", "It's {email}."],
    INFO_PHONE: ["Sure, {phone}.", "It's {phone}."],
}
FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("Emma", "emma"), ("Liam", "liam"), ("Olivia", "olivia"), ("Noah", "noah"), ("Ava", "ava"),
    ("Mateo", "mateo"), ("Sofia", "sofia"), ("Lucas", "lucas"), ("Mia", "mia"), ("Elijah", "elijah"),
    ("Amelia", "amelia"), ("James", "james"), ("Chloé", "chloe"), ("José", "jose"), ("Zoë", "zoe"),
    ("Priya", "priya"), ("Arjun", "arjun"), ("Wei", "wei"), ("Yuki", "yuki"), ("Fatima", "fatima"),
    ("Omar", "omar"), ("Hannah", "hannah"), ("Lena", "lena"), ("Jonas", "jonas"), ("Lars", "lars"),
    ("Ingrid", "ingrid"), ("Chiara", "chiara"), ("Marco", "marco"), ("Aoife", "aoife"), ("Sean", "sean"),
    ("Grace", "grace"), ("Daniel", "daniel"), ("Sara", "sara"), ("David", "david"), ("Nina", "nina"),
    ("Pedro", "pedro"), ("Ana", "ana"), ("Kofi", "kofi"), ("Amara", "amara"), ("Ethan", "ethan"),
)
LAST_NAMES: tuple[tuple[str, str], ...] = (
    ("Smith", "smith"), ("Johnson", "johnson"), ("García", "garcia"), ("Müller", "mueller"),
    ("O'Brien", "obrien"), ("Nguyen", "nguyen"), ("Kowalski", "kowalski"), ("Rossi", "rossi"),
    ("Dubois", "dubois"), ("van der Berg", "vanderberg"), ("Patel", "patel"), ("Kim", "kim"),
    ("Tanaka", "tanaka"), ("Silva", "silva"), ("Jensen", "jensen"), ("Novak", "novak"),
    ("Brown", "brown"), ("Wilson", "wilson"), ("Martin", "martin"), ("Lee", "lee"), ("Walker", "walker"),
    ("Hernández", "hernandez"), ("Schmidt", "schmidt"), ("Okafor", "okafor"), ("Ahmed", "ahmed"),
    ("Larsen", "larsen"), ("Fischer", "fischer"), ("Moreau", "moreau"), ("Costa", "costa"),
    ("Murphy", "murphy"), ("Clarke", "clarke"), ("Singh", "singh"), ("Chen", "chen"), ("Ivanova", "ivanova"),
)
AGENT_FIRST_NAMES = ("Sam", "Priya", "Tom", "Lucia", "Ben", "Aisha", "Jon", "Marta", "Kai", "Nora")
COMPANY_PREFIX = ("Bright", "North", "Blue", "Acme", "Silver", "Green", "Rapid", "Summit", "Nova", "Pixel",
                  "Harbor", "Cedar", "Iron", "Lumen", "Quantum", "Atlas", "Vertex", "Maple", "Orbit", "Crimson")
COMPANY_SUFFIX = ("wave", "field", "works", "labs", "systems", "logistics", "foods", "health", "media",
                  "retail", "analytics", "studio", "bikes", "energy", "travel")
COMPANY_FORM = (" Inc", " GmbH", " Ltd", " LLC", " BV", " SAS", "", ", Smith & Partners")
COUNTRIES = ("US", "GB", "DE", "FR", "NL", "ES", "IN", "BR", "CA", "AU")
COUNTRY_P = (0.35, 0.12, 0.12, 0.08, 0.06, 0.05, 0.07, 0.05, 0.05, 0.05)
SEGMENTS = ("smb", "mid_market", "enterprise")
SEGMENT_P = (0.62, 0.28, 0.10)
PLANS = ("starter", "pro", "business", "enterprise")
SEGMENT_PLAN_P = ((0.55, 0.40, 0.05, 0.0), (0.05, 0.45, 0.45, 0.05), (0.0, 0.05, 0.35, 0.60))
SEGMENT_MRR = ((300.0, 0.5), (2500.0, 0.4), (15000.0, 0.4))
BG_EVENTS = ("page_viewed", "feature_used", "button_clicked", "search_performed", "report_exported",
             "file_uploaded", "notification_opened", "settings_viewed")
BG_EVENT_P = (0.55, 0.16, 0.12, 0.06, 0.03, 0.03, 0.03, 0.02)
BG_PAGES = ("/home", "/dashboard", "/reports", "/orders", "/settings", "/settings/billing",
            "/settings/profile", "/settings/integrations", "/help", "/search", "/orders/refunds", "/pricing")
BG_PAGE_P = (0.18, 0.22, 0.12, 0.12, 0.05, 0.04, 0.04, 0.03, 0.06, 0.06, 0.03, 0.05)
BG_FIXED_PAGE = {"settings_viewed": "/settings", "report_exported": "/reports", "search_performed": "/search"}
DEVICES = ("desktop", "mobile", "tablet")
DEVICE_P = (0.62, 0.32, 0.06)
APP_VERSIONS = ("5.2.0", "5.3.1", "5.4.0")


# --------------------------------------------------------------------------- config
@dataclass(frozen=True)
class Config:
    """Command-line options."""

    out: Path
    conversations: int
    days: int
    seed: int
    fmt: str
    bad_row_rate: float
    events_per_conversation: float
    ai_launch_day: int
    start_date: date
    seeds_dir: Path

    @property
    def start_ts(self) -> int:
        return int(datetime(self.start_date.year, self.start_date.month, self.start_date.day,
                            tzinfo=UTC).timestamp())

    @property
    def end_ts(self) -> int:
        return self.start_ts + self.days * DAY

    @property
    def launch_ts(self) -> int:
        return self.start_ts + self.ai_launch_day * DAY


HELP_EPILOG = """\
output
  OUT/agent_platform/{conversations,messages,agent_events}.<fmt>
  OUT/helpdesk/{tickets,ticket_comments,ticket_status_changes,survey_responses}.<fmt>
  OUT/product_analytics/events.<fmt>
  OUT/crm/{accounts,customers,subscriptions}.<fmt>
  OUT/truth.json  generator args, raw row counts, injected bad rows per table and reason,
                  collapsed duplicates, timezone-offset samples, planted parameters and the
                  expected rates (with sd) of the realised population
  OUT/contact_truth.parquet  per-contact ground truth (one row per non-test contact) from the
                  simulation's own state as of the extraction time; columns described in
                  truth.json contact_truth.columns

Every table has _loaded_at. Timestamps are UTC ISO-8601 without suffix, except ~2% of
valid rows written with an offset (+01:00, -05:00, +05:30) or Z for the same instant.
Data stop at the extraction time start + days (conversations still running are open).

example
  python scripts/generate_data.py --out data/demo --conversations 20000 --days 180 --seed 42
"""


def parse_args(argv: Sequence[str] | None = None) -> Config:
    """Parse the command line into a Config."""
    ap = argparse.ArgumentParser(
        prog="generate_data.py",
        description=(
            "Generate deterministic synthetic raw data (the raw landing contract) for the support_truth "
            "dbt project: an AI-agent platform, a helpdesk, a product-analytics stream and a CRM, with "
            "planted behaviour (per-cluster AI resolution and escalation, context loss, re-contacts, "
            "downstream actions, surveys, an A/B test, a release regression, peak-hour degradation, churn) "
            "and planted bad input."),
        epilog=HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True,
                    help="output directory (created); receives one folder per source system and truth.json")
    ap.add_argument("--conversations", type=int, default=20000,
                    help="approximate number of conversations, re-contacts included (default 20000); direct "
                         "helpdesk tickets come on top (~15%% of all contacts), customers ~ N/3, accounts ~ "
                         "customers/5")
    ap.add_argument("--days", type=int, default=180, help="length of the data window in days (default 180)")
    ap.add_argument("--seed", type=int, default=42,
                    help="random seed (default 42); same seed and flags give byte-identical files")
    ap.add_argument("--format", dest="fmt", choices=("csv", "parquet"), default="csv",
                    help="file format (default csv: header, RFC 4180 quoting, UTF-8); every column is text, "
                         "also in parquet")
    ap.add_argument("--bad-row-rate", type=float, default=0.01,
                    help="extra bad rows per table as a share of its valid rows (default 0.01), each with "
                         "exactly one fault and at least one of each applicable kind; plus exact duplicates "
                         "and stale redeliveries at half this rate each; 0 disables all of them")
    ap.add_argument("--events-per-conversation", type=float, default=20.0,
                    help="product-analytics events per conversation (default 20): about E x N events in all, "
                         "written in chunks")
    ap.add_argument("--ai-launch-day", type=int, default=None,
                    help="day index on which the AI agent goes live (default days // 3); before it every "
                         "conversation is human-only (the pre-AI baseline)")
    ap.add_argument("--start-date", type=date.fromisoformat, default=date(2026, 1, 5),
                    help="first day of the window, UTC, YYYY-MM-DD (default 2026-01-05, a Monday)")
    ap.add_argument("--seeds-dir", type=Path, default=REPO_ROOT / "seeds",
                    help="folder with the dbt seeds intent_catalogue.csv, downstream_actions.csv and "
                         "escalation_reasons.csv that the simulation follows (default: the repo's seeds/)")
    a = ap.parse_args(argv)
    if a.conversations < 1 or a.days < 1:
        ap.error("--conversations and --days must be positive")
    if not 0.0 <= a.bad_row_rate < 0.5:
        ap.error("--bad-row-rate must be in [0, 0.5)")
    launch = a.days // 3 if a.ai_launch_day is None else a.ai_launch_day
    if launch < 0:
        ap.error("--ai-launch-day must be >= 0")
    return Config(out=a.out, conversations=a.conversations, days=a.days, seed=a.seed, fmt=a.fmt,
                  bad_row_rate=a.bad_row_rate, events_per_conversation=a.events_per_conversation,
                  ai_launch_day=launch, start_date=a.start_date, seeds_dir=a.seeds_dir)


# --------------------------------------------------------------------------- seeds
@dataclass(frozen=True)
class Action:
    """One row of seeds/downstream_actions.csv."""

    key: str
    success_event: str
    page_path: str
    window_hours: float
    contrary_event: str


@dataclass(frozen=True)
class Catalogue:
    """The dbt seeds as arrays indexed by intent."""

    intents: tuple[str, ...]
    clusters: tuple[str, ...]
    cluster_of: Arr
    in_scope: Arr
    needs_human: Arr
    high_stakes: Arr
    baseline_minutes: Arr
    weights: Arr
    actions: tuple[Action, ...]
    action_of: Arr
    reasons: tuple[str, ...]
    backend_action: Arr  # seed requires_backend_action (false when the seed has no such column)

    def cluster_params(self, attr: str) -> Arr:
        """Per-cluster value of one ClusterParams field."""
        return np.array([getattr(CLUSTER_PARAMS.get(c, DEFAULT_CLUSTER), attr) for c in self.clusters])


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _truthy(v: str) -> bool:
    return v.strip().lower() in ("true", "1", "t", "yes", "y")


def load_catalogue(seeds_dir: Path) -> Catalogue:
    """Read the intent catalogue, downstream actions and escalation reasons seeds."""
    rows = _read_csv(seeds_dir / "intent_catalogue.csv")
    intents = tuple(r["intent"] for r in rows)
    clusters = tuple(dict.fromkeys(r["intent_cluster"] for r in rows))
    acts = tuple(Action(r["action_key"], r["success_event"], r.get("success_page_path") or "",
                        float(r["window_hours"]), r.get("contrary_event") or "")
                 for r in _read_csv(seeds_dir / "downstream_actions.csv"))
    akeys = [a.key for a in acts]
    reasons = tuple(r["reason_code"] for r in _read_csv(seeds_dir / "escalation_reasons.csv"))
    w = np.array([INTENT_WEIGHTS.get(i, 0.05) for i in intents])
    return Catalogue(
        intents=intents, clusters=clusters,
        cluster_of=np.array([clusters.index(r["intent_cluster"]) for r in rows]),
        in_scope=np.array([_truthy(r["is_ai_in_scope"]) for r in rows]),
        needs_human=np.array([_truthy(r["needs_human"]) for r in rows]),
        high_stakes=np.array([_truthy(r["is_high_stakes"]) for r in rows]),
        baseline_minutes=np.array([float(r["human_baseline_minutes"]) for r in rows]),
        weights=w / w.sum(), actions=acts,
        action_of=np.array([akeys.index(INTENT_ACTION[i]) if INTENT_ACTION.get(i) in akeys else -1
                            for i in intents]),
        reasons=reasons,
        backend_action=np.array([_truthy(r.get("requires_backend_action") or "false") for r in rows]))


# --------------------------------------------------------------------------- random
def stream(seed: int, *names: str | int) -> np.random.Generator:
    """An independent, reproducible random stream for one purpose."""
    keys = [zlib.crc32(str(n).encode()) for n in names]
    return np.random.default_rng(np.random.SeedSequence([seed, *keys]))


def splitmix64(x: Arr) -> Arr:
    """Stable 64-bit integer hash (vectorised)."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def categorical(rng: np.random.Generator, probs: Arr) -> Arr:
    """One draw per row from row-wise probability vectors (n x k)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0]) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def pick(rng: np.random.Generator, n: int, p: Sequence[float]) -> Arr:
    """n draws of category indices with probabilities p."""
    pr = np.asarray(p, dtype=float)
    return rng.choice(len(pr), size=n, p=pr / pr.sum())


# --------------------------------------------------------------------------- frames
def take(f: Frame, idx: Arr) -> Frame:
    """Rows idx (int array or bool mask) of every column."""
    return {k: v[idx] for k, v in f.items()}


def concat(frames: Sequence[Frame]) -> Frame:
    """Row-wise concatenation of frames with the same columns."""
    frames = [f for f in frames if f]
    if not frames:
        return {}
    return {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}


def nrows(f: Frame) -> int:
    return len(next(iter(f.values()))) if f else 0


# --------------------------------------------------------------------------- strings
QUADS = np.array([[48 + i // 1000, 48 + i // 100 % 10, 48 + i // 10 % 10, 48 + i % 10] for i in range(10_000)],
                 dtype=np.uint8)


def _digits(x: Arr, width: int) -> Arr:
    """ASCII decimal digits of non-negative ints, zero-padded (n x width uint8), four at a time."""
    v = np.asarray(x, dtype=np.int64)
    out = np.empty((v.size, width), dtype=np.uint8)
    pos = width
    while pos > 0:
        k = min(4, pos)
        quad = QUADS[v % 10_000]
        out[:, pos - k:pos] = quad[:, 4 - k:]
        pos -= k
        if pos:
            v = v // 10_000
    return out


def strings_from_matrix(mat: Arr, valid: Arr | None = None) -> pa.Array:
    """Fixed-width byte rows -> Arrow string array (null where not valid)."""
    n, w = mat.shape
    assert n * w < 2**31, "chunk too large for 32-bit offsets"
    offsets = (np.arange(n + 1, dtype=np.int32) * np.int32(w))
    bitmap = None
    nulls = 0
    if valid is not None and not valid.all():
        bitmap = pa.py_buffer(np.packbits(valid.astype(bool), bitorder="little"))
        nulls = int((~valid).sum())
    return pa.Array.from_buffers(pa.string(), n, [bitmap, pa.py_buffer(offsets),
                                                  pa.py_buffer(np.ascontiguousarray(mat))], null_count=nulls)


def format_ids(prefix: str, nums: Arr, width: int, valid: Arr | None = None) -> pa.Array:
    """prefix + zero-padded number, e.g. conv_0000123 (width grows if needed)."""
    nums = np.asarray(nums, dtype=np.int64)
    if nums.size and nums.max() >= 10**width:
        width = len(str(int(nums.max())))
    pre = np.frombuffer(prefix.encode(), dtype=np.uint8)
    mat = np.empty((nums.size, pre.size + width), dtype=np.uint8)
    mat[:, :pre.size] = pre
    mat[:, pre.size:] = _digits(np.where(nums < 0, 0, nums), width)
    return strings_from_matrix(mat, valid)


HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


HEX_PAIRS = np.array([[HEX[i >> 4], HEX[i & 15]] for i in range(256)], dtype=np.uint8)


def format_hex_ids(prefix: str, h: Arr, valid: Arr | None = None) -> pa.Array:
    """prefix + 12 hex digits of a hash."""
    pre = np.frombuffer(prefix.encode(), dtype=np.uint8)
    mat = np.empty((h.size, pre.size + 12), dtype=np.uint8)
    mat[:, :pre.size] = pre
    v = h.astype(np.uint64)
    for k in range(5, -1, -1):
        mat[:, pre.size + 2 * k:pre.size + 2 * k + 2] = HEX_PAIRS[(v & np.uint64(255)).astype(np.int64)]
        v = v >> np.uint64(8)
    return strings_from_matrix(mat, valid)


def civil_from_days(days: Arr) -> tuple[Arr, Arr, Arr]:
    """Days since 1970-01-01 -> (year, month, day) (H. Hinnant's algorithm)."""
    z = days.astype(np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


def days_from_civil(y: Arr, m: Arr, d: Arr) -> Arr:
    """(year, month, day) -> days since 1970-01-01."""
    y = y.astype(np.int64) - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _date_matrix(days: Arr) -> Arr:
    y, m, d = civil_from_days(days)
    mat = np.empty((days.size, 10), dtype=np.uint8)
    mat[:, 0:4] = _digits(y, 4)
    mat[:, 4] = 45
    mat[:, 5:7] = _digits(m, 2)
    mat[:, 7] = 45
    mat[:, 8:10] = _digits(d, 2)
    return mat


def format_date(days: Arr, valid: Arr | None = None) -> pa.Array:
    """Days since epoch -> YYYY-MM-DD."""
    return strings_from_matrix(_date_matrix(np.asarray(days, dtype=np.int64)), valid)


@lru_cache(maxsize=1)
def _time_of_day() -> Arr:
    """'THH:MM:SS' for every second of the day (86400 x 9 bytes)."""
    s = np.arange(DAY)
    mat = np.empty((DAY, 9), dtype=np.uint8)
    mat[:, 0] = 84
    mat[:, 1:3] = _digits(s // 3600, 2)
    mat[:, 3] = 58
    mat[:, 4:6] = _digits(s // 60 % 60, 2)
    mat[:, 6] = 58
    mat[:, 7:9] = _digits(s % 60, 2)
    return mat


def format_ts(sec: Arr, valid: Arr | None = None, tz: Arr | None = None) -> pa.Array:
    """Epoch seconds -> YYYY-MM-DDTHH:MM:SS, optionally in a per-row offset (TZ_SUFFIX codes)."""
    s = np.asarray(sec, dtype=np.int64)
    if valid is not None:
        s = np.where(valid, s, s[valid][0] if valid.any() else 0)
    shifted = s if tz is None else s + TZ_SHIFT[tz]
    days = np.floor_divide(shifted, DAY)
    mat = np.empty((s.size, 19), dtype=np.uint8)
    if s.size:
        lo = int(days.min())
        mat[:, 0:10] = _date_matrix(np.arange(lo, int(days.max()) + 1))[days - lo]
        mat[:, 10:19] = _time_of_day()[shifted - days * DAY]
    base = strings_from_matrix(mat, valid)
    if tz is None or not tz.any():
        return base
    return pc.binary_join_element_wise(base, pc.take(pa.array(TZ_SUFFIX), pa.array(tz)), "")


def lookup(values: Sequence[str], idx: Arr, valid: Arr | None = None) -> pa.Array:
    """values[idx] as an Arrow string array, null where not valid (or idx < 0)."""
    idx = np.asarray(idx, dtype=np.int64)
    mask = idx < 0 if valid is None else (~valid | (idx < 0))
    return pc.take(pa.array(list(values), pa.string()), pa.array(np.where(mask, 0, idx), mask=mask))


def num_str(x: Arr, decimals: int | None = None, valid: Arr | None = None) -> pa.Array:
    """Numbers -> text (rounded to decimals), null where not valid."""
    v = np.asarray(x)
    if decimals is not None:
        v = np.round(v.astype(float), decimals)
    mask = None if valid is None else ~valid
    return pa.array(v, mask=mask).cast(pa.string())


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise string concatenation (scalars broadcast)."""
    return pc.binary_join_element_wise(*parts, "")


class TemplateBank:
    """All message templates; rows refer to them by index. Rendering fills {placeholders}."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.groups: dict[str, tuple[int, int]] = {}

    def add(self, key: str, templates: Sequence[str]) -> None:
        self.groups[key] = (len(self.texts), len(templates))
        self.texts.extend(templates)

    def pick(self, rng: np.random.Generator, keys: Sequence[str], which: Arr) -> Arr:
        """Template index per row: a uniform template of group keys[which[row]]."""
        off = np.array([self.groups[k][0] for k in keys])
        cnt = np.array([self.groups[k][1] for k in keys])
        w = np.asarray(which, dtype=np.int64)
        return off[w] + (rng.random(w.size) * cnt[w]).astype(np.int64)

    def members(self, key: str) -> list[str]:
        off, cnt = self.groups[key]
        return self.texts[off:off + cnt]

    def render(self, tpl: Arr, values: dict[str, pa.Array]) -> pa.Array:
        """Fill the placeholders of template tpl[row] with values[name][row]."""
        parts = [self._split(t) for t in self.texts]
        k_max = max(len(p) for p in parts)
        names = sorted({ph for p in parts for _, ph in p if ph})
        idx = pa.array(np.asarray(tpl, dtype=np.int64))
        pieces: list[pa.Array] = []
        empty = pa.array([""] * len(tpl), pa.string())
        for k in range(k_max):
            lits = [p[k][0] if k < len(p) else "" for p in parts]
            phs = [names.index(p[k][1]) + 1 if k < len(p) and p[k][1] else 0 for p in parts]
            pieces.append(pc.take(pa.array(lits, pa.string()), idx))
            code = np.asarray(phs, dtype=np.int8)[np.asarray(tpl, dtype=np.int64)]
            if code.any():
                pieces.append(pc.choose(pa.array(code), empty, *[values[n] for n in names]))
        return pc.binary_join_element_wise(*pieces, "") if len(pieces) > 1 else pieces[0]

    @staticmethod
    def _split(text: str) -> list[tuple[str, str]]:
        """'a {x} b' -> [('a ', 'x'), (' b', '')]."""
        out: list[tuple[str, str]] = []
        rest = text
        while "{" in rest:
            i = rest.index("{")
            j = rest.index("}", i)
            out.append((rest[:i], rest[i + 1:j]))
            rest = rest[j + 1:]
        out.append((rest, ""))
        return out


def build_bank(cat: Catalogue) -> TemplateBank:
    """Every message/comment template, grouped by purpose (and intent / info kind)."""
    bank = TemplateBank()
    for key, texts in GENERIC_TEXT.items():
        bank.add(key, texts)
    for intent in cat.intents:
        spec = INTENT_TEXT.get(intent, {})
        topic = str(spec.get("topic", intent.replace("_", " ")))
        opens = list(spec.get("open", [f"I need help with {topic}."]))
        for info, suffixes in INFO_SUFFIX.items():
            bank.add(f"open/{intent}/{info}", [o + s for o in opens for s in suffixes])
        bank.add(f"answer/{intent}", list(spec.get("answer", [f"Here is how {topic} works: see Settings."])))
        bank.add(f"resolve/{intent}", list(spec.get("resolve", [f"I've taken care of {topic} for you."])))
        bank.add(f"rephrase/{intent}", [f"Let me rephrase: I need help with {topic}.",
                                        f"I mean {topic}.", f"Sorry, it's about {topic}."])
        bank.add(f"summary/{intent}", [(f"Escalated from AI conversation. Summary: customer needs help with "
                                        f"{topic}.")])
        bank.add(f"t_reply_good/{intent}", ["Hi {first},\n\n" + r for r in bank.members(f"resolve/{intent}")])
    bank.add("t_reply_bad", ["Hi {first},\n\n" + r for r in GENERIC_TEXT["h_unresolved"]])
    for info in (INFO_ORDER, INFO_EMAIL, INFO_PHONE):
        bank.add(f"ask_known/{info}", ASK_KNOWN[info])
        bank.add(f"already/{info}", ALREADY_SAID[info])
        bank.add(f"reprovide/{info}", REPROVIDE[info])
    return bank


# --------------------------------------------------------------------------- schedule
@dataclass(frozen=True)
class Schedule:
    """Calendar of the simulation: launch, releases, experiment, regression, peak slots."""

    start_ts: int
    end_ts: int
    launch_ts: int
    release_ts: int
    exp_start: int
    exp_end: int
    reg_start: int
    reg_end: int
    start_dow: int
    profile: Arr
    peak_slots: Arr

    def hour_of_week(self, ts: Arr) -> Arr:
        """Slot 0..167 (Monday 00:00 UTC = 0)."""
        return (np.floor_divide(ts, DAY) + 3) % 7 * 24 + (ts % DAY) // HOUR


def hour_of_week_profile() -> Arr:
    """Relative contact volume per hour-of-week slot (UTC; weekday business-hour peaks)."""
    h = np.arange(24)
    day = 0.08 + np.exp(-0.5 * ((h - 13.3) / 3.2) ** 2)
    dow = np.array([1.10, 1.06, 1.03, 1.00, 0.93, 0.42, 0.38])
    return (dow[:, None] * day[None, :]).ravel()


def make_schedule(cfg: Config) -> Schedule:
    """Derive the calendar from the CLI options (all dates are whole days)."""
    prof = hour_of_week_profile()
    n_peak = round(P.peak_share * 168)
    peak = np.zeros(168, dtype=bool)
    peak[np.argsort(-prof, kind="stable")[:n_peak]] = True
    launch_day = min(cfg.ai_launch_day, cfg.days)
    post = cfg.days - launch_day

    def day(frac: float) -> int:
        return cfg.start_ts + (launch_day + round(frac * post)) * DAY

    reg_start = max(day(0.80), day(0.65))
    return Schedule(
        start_ts=cfg.start_ts, end_ts=cfg.end_ts, launch_ts=cfg.start_ts + launch_day * DAY,
        release_ts=day(0.20), exp_start=day(0.35), exp_end=day(0.65), reg_start=reg_start,
        reg_end=min(cfg.end_ts, reg_start + P.regression_days * DAY),
        start_dow=cfg.start_date.weekday(), profile=prof, peak_slots=peak)


def sample_times(rng: np.random.Generator, n: int, sched: Schedule, growth: float = 0.2) -> Arr:
    """n timestamps over the window following the hour-of-week profile and a mild growth trend."""
    hours = np.arange((sched.end_ts - sched.start_ts) // HOUR, dtype=np.int64)
    ts = sched.start_ts + hours * HOUR
    w = sched.profile[sched.hour_of_week(ts)] * (1.0 + growth * hours / max(len(hours), 1))
    cdf = np.cumsum(w)
    h = np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")
    return ts[np.minimum(h, len(ts) - 1)] + rng.integers(0, HOUR, n)


# --------------------------------------------------------------------------- entities
def build_accounts(rng: np.random.Generator, n: int, cfg: Config) -> Frame:
    """CRM accounts: segment, plan, name parts, created_at, MRR level, subscription anchor day."""
    seg = pick(rng, n, SEGMENT_P)
    plan = categorical(rng, np.array(SEGMENT_PLAN_P)[seg])
    mu = np.log(np.array([m for m, _ in SEGMENT_MRR]))[seg]
    sd = np.array([s for _, s in SEGMENT_MRR])[seg]
    start_day = cfg.start_ts // DAY
    return {
        "seg": seg, "plan": plan,
        "pre": rng.integers(0, len(COMPANY_PREFIX), n), "suf": rng.integers(0, len(COMPANY_SUFFIX), n),
        "form": pick(rng, n, (0.25, 0.15, 0.2, 0.15, 0.05, 0.05, 0.12, 0.03)),
        "created": cfg.start_ts - rng.integers(120 * DAY, 1500 * DAY, n),
        "mrr": np.round(np.exp(rng.normal(mu, sd)), 2),
        "anchor": start_day - rng.integers(0, 90, n),
    }


def build_customers(rng: np.random.Generator, n: int, n_acc: int, cfg: Config) -> Frame:
    """CRM customers: account, name parts, country, created_at, activity weight."""
    return {
        "acc": rng.integers(0, n_acc, n), "first": rng.integers(0, len(FIRST_NAMES), n),
        "last": rng.integers(0, len(LAST_NAMES), n), "num": rng.integers(1, 99, n),
        "country": pick(rng, n, COUNTRY_P), "created": cfg.start_ts - rng.integers(DAY, 700 * DAY, n),
        "activity": rng.lognormal(0.0, 0.8, n),
    }


def term_starts(acc: Frame, cfg: Config) -> Arr:
    """Start day (days since epoch) of every quarterly term per account (n_acc x K)."""
    y, m, d = civil_from_days(acc["anchor"])
    d = np.minimum(d, 28)
    k_max = cfg.days // 89 + 3
    k = np.arange(k_max)[None, :]
    mm = (m[:, None] - 1) + 3 * k
    return days_from_civil(y[:, None] + mm // 12, mm % 12 + 1, np.broadcast_to(d[:, None], mm.shape))


def customer_strings(cus: Frame, acc: Frame) -> dict[str, pa.Array]:
    """full_name, first name and email of every customer."""
    first = lookup([f for f, _ in FIRST_NAMES], cus["first"])
    last = lookup([s for s, _ in LAST_NAMES], cus["last"])
    first_a = lookup([a for _, a in FIRST_NAMES], cus["first"])
    last_a = lookup([a for _, a in LAST_NAMES], cus["last"])
    domain = join(lookup([p.lower() for p in COMPANY_PREFIX], acc["pre"][cus["acc"]]),
                  lookup(COMPANY_SUFFIX, acc["suf"][cus["acc"]]), ".com")
    free = (cus["num"] % 4 == 0)
    domain = pc.if_else(pa.array(free), pa.scalar("gmail.com"), domain)
    num = pc.if_else(pa.array(free), num_str(cus["num"]), pa.scalar(""))
    email = join(first_a, ".", last_a, num, "@", domain)
    return {"full_name": join(first, " ", last), "first": first, "email": email}


# --------------------------------------------------------------------------- contacts
def primary_contacts(rng: np.random.Generator, n: int, sched: Schedule, cat: Catalogue, cus: Frame) -> Frame:
    """First-generation contacts: time, customer (or anonymous), intent, kind, test flag."""
    w = np.cumsum(cus["activity"])
    cust = np.minimum(np.searchsorted(w, rng.random(n) * w[-1], side="right"), len(w) - 1)
    cust = np.where(rng.random(n) < P.anonymous_share, -1, cust)
    kind = (rng.random(n) < P.direct_ticket_share).astype(np.int8)
    test = (kind == 0) & (rng.random(n) < P.test_share)
    return {"kind": kind, "cust": cust.astype(np.int64), "intent": pick(rng, n, cat.weights),
            "start": sample_times(rng, n, sched), "gen": np.zeros(n, np.int8),
            "parent": np.full(n, -1, np.int64), "test": test}


def reason_matrix(cat: Catalogue) -> Arr:
    """Escalation reason weights per intent (n_intents x n_reasons), restricted to seeded reasons."""
    m = np.zeros((len(cat.intents), len(cat.reasons)))
    for i, intent in enumerate(cat.intents):
        if cat.needs_human[i]:
            w = REASONS_NEEDS_HUMAN.get(intent, REASONS_NEEDS_HUMAN_DEFAULT)
        else:
            w = REASONS_IN_SCOPE
        for r, v in w.items():
            if r in cat.reasons:
                m[i, cat.reasons.index(r)] = v
        if m[i].sum() == 0:
            m[i, 0] = 1.0
    return m / m.sum(axis=1, keepdims=True)


def initiator_matrix(cat: Catalogue) -> Arr:
    """initiated_by weights (customer, ai_agent, rule) per reason."""
    return np.array([REASON_INITIATOR.get(r, (0.0, 1.0, 0.0)) for r in cat.reasons])


def route(c: Frame, sched: Schedule, rng: np.random.Generator) -> None:
    """Handler, channel, language, experiment arm, agent version, peak and regression flags."""
    n = nrows(c)
    conv = c["kind"] == 0
    ai = conv & (c["start"] >= sched.launch_ts) & (rng.random(n) < P.ai_first_share)
    c["ai"] = ai
    c["channel"] = np.where(conv, pick(rng, n, CONV_CHANNEL_P), pick(rng, n, DIRECT_TICKET_CHANNEL_P))
    c["lang"] = pick(rng, n, LANGUAGE_P)
    c["peak"] = sched.peak_slots[sched.hour_of_week(c["start"])]
    in_exp = ai & (c["cust"] >= 0) & (c["start"] >= sched.exp_start) & (c["start"] < sched.exp_end)
    arm = (splitmix64(np.maximum(c["cust"], 0) ^ EXPERIMENT_SALT) >> np.uint64(11)) & np.uint64(1)
    c["variant"] = np.where(in_exp, arm.astype(np.int8), -1).astype(np.int8)
    c["reg"] = ai & (c["start"] >= sched.reg_start) & (c["start"] < sched.reg_end)
    s = c["start"]
    version = np.select([s < sched.release_ts, s < sched.reg_start, s < sched.reg_end], [0, 1, 2], 3)
    version = np.where(c["variant"] == 1, 4, version)
    c["version"] = np.where(ai, version, -1).astype(np.int8)


def draw_latent(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Latent behaviour of every contact; per-row probabilities are kept (p_*) for truth.json."""
    n = nrows(c)
    intent = c["intent"]
    cl = cat.cluster_of[intent]
    ai = c["ai"]
    treat = c["variant"] == 1
    needs = cat.needs_human[intent]
    peak, reg = c["peak"], c["reg"]
    p_ans = np.clip(cat.cluster_params("p_ai_answered")[cl] - needs * P.needs_human_answered_penalty
                    + treat * P.ab_answered_delta - peak * P.peak_answered_drop, 0.05, 0.99)
    p_esc = np.clip(cat.cluster_params("p_escalated")[cl] + needs * P.needs_human_escalation_uplift
                    - treat * P.ab_escalation_delta + reg * P.regression_escalation_uplift
                    + peak * P.peak_escalation_uplift, 0.02, 0.97)
    c["p_answered"] = np.where(ai, p_ans, np.nan)
    c["p_escalated"] = np.where(ai, p_esc, np.nan)
    answered = ai & (rng.random(n) < p_ans)
    esc = ai & (rng.random(n) < p_esc)
    c["answered"], c["escalated"] = answered, esc
    # outcome of answered, not escalated AI conversations
    p_conf = np.clip(cat.cluster_params("p_confirmed")[cl] + treat * P.ab_confirmed_delta, 0, 1)
    p_neg = np.clip(cat.cluster_params("p_negative")[cl] - treat * P.ab_confirmed_delta, 0.01, 1)
    u = rng.random(n)
    deflected_outcome = np.where(u < p_conf, O_CONFIRMED, np.where(u < p_conf + p_neg, O_NEGATIVE, O_SILENT))
    outcome = np.select([esc, ai & answered, ai], [O_ESCALATED, deflected_outcome, O_UNANSWERED], O_HUMAN)
    c["outcome"] = outcome.astype(np.int8)
    c["confirm_msg"] = (outcome == O_CONFIRMED) & (rng.random(n) < P.confirm_by_message_share)
    # escalation details
    handoff = esc & (rng.random(n) < P.handoff_event_share)
    human_reply = esc & (~handoff | (rng.random(n) < P.human_reply_share_after_handoff))
    c["handoff"], c["human_reply"] = handoff, human_reply
    c["esc_ticket"] = esc & (rng.random(n) < P.escalation_ticket_share)
    reason = categorical(rng, reason_matrix(cat)[intent])
    c["reason"] = np.where(handoff, reason, -1).astype(np.int8)
    initiator = categorical(rng, initiator_matrix(cat)[reason])
    c["initiator"] = np.where(handoff, initiator, -1).astype(np.int8)
    c["summary"] = handoff & (rng.random(n) < P.summary_provided_share)
    cust_reason = np.array([r == "customer_request" for r in cat.reasons])[reason]
    neg_reason = np.array([r == "negative_sentiment" for r in cat.reasons])[reason]
    c["cust_req"] = (handoff & cust_reason) | (esc & ~handoff & (rng.random(n) < 0.3))
    c["neg_before_handoff"] = handoff & neg_reason
    c["missed_req"] = ai & ~esc & (((outcome == O_UNANSWERED) & (rng.random(n) < P.missed_request_p_unanswered))
                                  | ((outcome == O_NEGATIVE) & (rng.random(n) < P.missed_request_p_negative)))
    p_cl = np.where(c["summary"], P.context_lost_p_with_summary, P.context_lost_p_without_summary)
    c["p_context_lost"] = np.where(human_reply, p_cl, np.nan)
    lost = human_reply & (rng.random(n) < p_cl)
    c["context_lost"] = lost
    c["already"] = lost & (rng.random(n) < P.already_said_share)
    draw_info(c, cat, rng)
    draw_resolution(c, cat, rng)
    draw_turns(c, cat, rng)


def draw_info(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Which personal detail (if any) the customer puts in the opening message."""
    n = nrows(c)
    opts = np.array([CLUSTER_INFO.get(cl, (INFO_ORDER, INFO_EMAIL)) for cl in cat.clusters])
    cl = cat.cluster_of[c["intent"]]
    natural = opts[cl, rng.integers(0, 2, n)]
    given = rng.random(n) < P.info_in_opening_share
    with_name = np.where(rng.random(n) < 0.25, INFO_NAME, natural)
    c["info"] = np.where(c["context_lost"], natural, np.where(given, with_name, INFO_NONE)).astype(np.int8)
    c["order_no"] = rng.integers(0, 26 * 26 * 1_000_000, n)
    c["phone_no"] = rng.integers(200_0000, 999_9999, n)


def draw_resolution(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Latent 'really resolved', sentiment trajectory and re-contact propensity."""
    n = nrows(c)
    cl = cat.cluster_of[c["intent"]]
    outcome = c["outcome"]
    human_p = cat.cluster_params("p_human_resolved")[cl]
    handled = c["human_reply"] | c["esc_ticket"]
    p_res = np.select(
        [outcome == O_CONFIRMED, outcome == O_SILENT, outcome == O_NEGATIVE, outcome == O_UNANSWERED,
         outcome == O_ESCALATED],
        [P.resolved_p_confirmed, P.resolved_p_silent, P.resolved_p_negative, 0.0,
         np.where(handled, human_p - P.escalation_resolve_penalty, 0.0)], human_p)
    c["p_resolved"] = p_res
    res = rng.random(n) < p_res
    c["resolved"] = res
    c["s0"] = np.clip(rng.normal(-0.15, 0.25, n), -1, 1)
    c["s1"] = np.clip(np.where(res, rng.normal(0.55, 0.2, n), rng.normal(-0.55, 0.2, n)), -1, 1)
    shift = cat.cluster_params("recontact_shift")[cl]
    p_rc = np.where(res, P.recontact_p_resolved + shift / 2, P.recontact_p_unresolved + shift)
    eligible = (c["cust"] >= 0) & ~c["test"]
    c["p_recontact"] = np.where(eligible, p_rc, 0.0)
    c["recontact"] = eligible & (rng.random(n) < p_rc)
    c["agent"] = rng.integers(0, P.n_human_agents, n).astype(np.int16)


def draw_turns(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Conversation shape of AI-first contacts: greeting, fallbacks, follow-ups, events."""
    n = nrows(c)
    ai, answered = c["ai"], c["answered"]
    greet = ai & (rng.random(n) < P.greeting_share)
    fb1 = ai & np.where(answered, rng.random(n) < P.answered_prefallback_share, ~greet | (rng.random(n) < 0.6))
    reph1 = fb1 & (answered | (rng.random(n) < 0.6))
    c["greet"], c["fb1"], c["reph1"], c["fb2"] = greet, fb1, reph1, reph1 & ~answered
    c["n_follow"] = np.where(answered, pick(rng, n, (0.55, 0.35, 0.10)), 0).astype(np.int8)
    c["confused"] = ~c["resolved"] & (rng.random(n) < 0.5)
    c["classified"] = ai & (rng.random(n) < P.intent_classified_share)
    c["conf"] = np.round(np.clip(rng.beta(9, 1.6, n), 0.35, 0.99), 2)
    c["instr"] = answered & (cat.action_of[c["intent"]] >= 0) & (rng.random(n) < P.instruction_share)
    c["judge_correct"] = rng.random(n) < 0.9
    c["neg_msg"] = (c["outcome"] == O_NEGATIVE) & (rng.random(n) < 0.4)


# --------------------------------------------------------------------------- skeleton
class Skeleton:
    """Row skeletons (numbers only) of messages, agent events, tickets, comments, status changes."""

    def __init__(self) -> None:
        self.msg: list[Frame] = []
        self.evt: list[Frame] = []
        self.tkt: list[Frame] = []
        self.stc: list[Frame] = []
        self.cmt: list[Frame] = []
        self.n_tickets = 0

    def message(self, ci: Arr, t: Arr, sender: int, tpl: Arr, agent: Arr | None = None,
                feedback: Arr | None = None, answer: bool = False) -> None:
        n = ci.size
        if n == 0:
            return
        self.msg.append({
            "ci": ci, "t": t.copy(), "sender": np.full(n, sender, np.int8), "tpl": tpl.astype(np.int32),
            "agent": np.full(n, -1, np.int16) if agent is None else agent.astype(np.int16),
            "feedback": np.zeros(n, np.int8) if feedback is None else feedback.astype(np.int8),
            "answer": np.full(n, answer), "seq": np.full(n, len(self.msg), np.int32)})

    def event(self, ci: Arr, t: Arr, etype: int, a1: Arr | int = 0, a2: Arr | int = 0, a3: Arr | int = 0,
              a4: Arr | int = 0, f1: Arr | float = 0.0, cost: Arr | float = np.nan) -> None:
        n = ci.size
        if n == 0:
            return
        self.evt.append({
            "ci": ci, "t": t.copy(), "etype": np.full(n, etype, np.int8),
            "a1": np.broadcast_to(np.asarray(a1, np.int64), (n,)).copy(),
            "a2": np.broadcast_to(np.asarray(a2, np.int64), (n,)).copy(),
            "a3": np.broadcast_to(np.asarray(a3, np.int64), (n,)).copy(),
            "a4": np.broadcast_to(np.asarray(a4, np.int64), (n,)).copy(),
            "f1": np.broadcast_to(np.asarray(f1, float), (n,)).copy(),
            "cost": np.broadcast_to(np.asarray(cost, float), (n,)).copy(),
            "seq": np.full(n, len(self.evt), np.int32)})

    def llm_calls(self, rng: np.random.Generator, ci: Arr, t: Arr, model: int) -> None:
        """One llm_call event per AI message, just before it, with tokens and cost."""
        n = ci.size
        mu_in, mu_out = ((400, 40), (1400, 220))[model]
        tin = np.maximum(50, rng.normal(mu_in, mu_in * 0.2, n)).astype(np.int64)
        tout = np.maximum(5, rng.normal(mu_out, mu_out * 0.25, n)).astype(np.int64)
        pin, pout = MODEL_PRICES[model]
        self.event(ci, t - 1, E_LLM, a1=model, a2=tin, a3=tout, cost=np.round(tin * pin + tout * pout, 6))

    def collect(self) -> tuple[Frame, Frame, Frame, Frame, Frame]:
        return tuple(concat(rows) if rows else empty_frame(SKELETON_COLUMNS[name])  # type: ignore[return-value]
                     for name, rows in (("msg", self.msg), ("evt", self.evt), ("tkt", self.tkt),
                                        ("stc", self.stc), ("cmt", self.cmt)))


SKELETON_COLUMNS: dict[str, dict[str, type]] = {
    "msg": {"ci": np.int64, "t": np.int64, "sender": np.int8, "tpl": np.int32, "agent": np.int16,
            "feedback": np.int8, "answer": np.bool_, "seq": np.int32},
    "evt": {"ci": np.int64, "t": np.int64, "etype": np.int8, "a1": np.int64, "a2": np.int64, "a3": np.int64,
            "a4": np.int64, "f1": np.float64, "cost": np.float64, "seq": np.int32},
    "tkt": {"ci": np.int64, "tid": np.int64, "created": np.int64, "channel": np.int8, "tkind": np.int8,
            "priority": np.int8, "intent": np.int64, "assignee": np.int16, "handle": np.float64,
            "solved1": np.int64, "reopened": np.int64, "solved2": np.int64},
    "stc": {"ti": np.int64, "status": np.int8, "t": np.int64},
    "cmt": {"ti": np.int64, "t": np.int64, "author": np.int8, "agent": np.int16, "public": np.bool_,
            "tpl": np.int32, "seq": np.int32},
}


def empty_frame(columns: dict[str, type]) -> Frame:
    """A frame with no rows and the given column types."""
    return {k: np.zeros(0, dtype=v) for k, v in columns.items()}


@dataclass
class Clock:
    """Per-contact clock while laying out a conversation."""

    idx: Arr
    t: Arr
    last: Arr
    slow: Arr
    rng: np.random.Generator

    def customer_gap(self) -> Arr:
        return (self.rng.lognormal(np.log(40), 0.5, self.idx.size) * self.slow).astype(np.int64) + 3

    def ai_gap(self) -> Arr:
        return self.rng.integers(2, 9, self.idx.size)

    def human_gap(self) -> Arr:
        return (self.rng.lognormal(np.log(90), 0.5, self.idx.size) * self.slow).astype(np.int64) + 10

    def advance(self, mask: Arr, gap: Arr, is_message: bool = True) -> None:
        self.t[mask] += gap[mask]
        if is_message:
            self.last[mask] = self.t[mask]


class Layout:
    """Lays out messages and agent events of a batch of contacts (slot by slot, vectorised)."""

    def __init__(self, sk: Skeleton, c: Frame, cat: Catalogue, bank: TemplateBank, rng: np.random.Generator):
        self.sk, self.c, self.cat, self.bank, self.rng = sk, c, cat, bank, rng
        self.intent_keys = list(cat.intents)

    def _g(self, name: str, idx: Arr) -> Arr:
        return self.c[name][idx]

    def _tpl(self, prefix: str, idx: Arr, sub: Arr | None = None) -> Arr:
        """Template of group prefix/<intent>[/<sub>] per contact idx; prefix alone if generic."""
        if prefix in self.bank.groups:
            return self.bank.pick(self.rng, [prefix], np.zeros(idx.size, np.int64))
        intent = self.c["intent"][idx]
        if sub is None:
            return self.bank.pick(self.rng, [f"{prefix}/{i}" for i in self.intent_keys], intent)
        keys = [f"{prefix}/{i}/{s}" for i in self.intent_keys for s in range(len(INFO_KEYS))]
        return self.bank.pick(self.rng, keys, intent * len(INFO_KEYS) + sub)

    def _by_info(self, prefix: str, idx: Arr) -> Arr:
        info = self.c["info"][idx]
        keys = [f"{prefix}/{k}" for k in (INFO_ORDER, INFO_EMAIL, INFO_PHONE)]
        which = np.clip(info - INFO_ORDER, 0, 2)
        return self.bank.pick(self.rng, keys, which)

    def say(self, clk: Clock, mask: Arr, sender: int, tpl: Arr, gap: Arr, model: int = -1,
            agent: Arr | None = None, feedback: Arr | None = None, answer: bool = False) -> None:
        """Advance the clock of masked contacts and emit one message each."""
        clk.advance(mask, gap)
        ci = clk.idx[mask]
        self.sk.message(ci, clk.t[mask], sender, tpl[mask], None if agent is None else agent[mask],
                        None if feedback is None else feedback[mask], answer)
        if model >= 0:
            self.sk.llm_calls(self.rng, ci, clk.t[mask], model)

    # ------------------------------------------------------------------ AI-first
    def ai_conversations(self, idx: Arr) -> tuple[Arr, Arr]:
        """Messages/events of AI-first conversations; returns (end time, escalation time)."""
        n, rng = idx.size, self.rng
        g = lambda k: self._g(k, idx)
        clk = Clock(idx, g("start").copy(), g("start").copy(),
                    np.where(g("channel") == CH_EMAIL, 30.0, 1.0), rng)
        allm = np.ones(n, bool)
        self.say(clk, allm, S_CUST, self._tpl("open", idx, g("info")), np.zeros(n, np.int64))
        cls = g("classified")
        self.sk.event(idx[cls], clk.t[cls] + 1, E_INTENT, a1=g("intent")[cls], f1=g("conf")[cls], cost=0.0)
        self.say(clk, g("greet"), S_AI, self._tpl("ai_greet", idx), clk.ai_gap(), model=0)
        self.say(clk, g("fb1"), S_AI, self._tpl("ai_fallback", idx), clk.ai_gap(), model=0)
        self.say(clk, g("reph1"), S_CUST, self._tpl("rephrase", idx), clk.customer_gap())
        self.say(clk, g("fb2"), S_AI, self._tpl("ai_fallback", idx), clk.ai_gap(), model=0)
        self._answers(clk, idx)
        self._deflected_tail(clk, idx)
        esc_t = self._escalation_tail(clk, idx)
        self._closing_events(clk, idx)
        return clk.last, esc_t

    def _answers(self, clk: Clock, idx: Arr) -> None:
        c, rng, n = self.c, self.rng, idx.size
        answered = c["answered"][idx]
        n_follow = c["n_follow"][idx]
        outcome = c["outcome"][idx]
        fb_code = np.select([(outcome == O_CONFIRMED) & ~c["confirm_msg"][idx], outcome == O_NEGATIVE], [1, 2], 0)
        gap = clk.ai_gap() + 3
        self._tools_and_policies(clk.t + gap, idx, answered)
        for k in range(3):
            m = answered & (n_follow >= k)
            if k > 0:
                confused = c["confused"][idx] & (rng.random(n) < 0.7)
                tpl = np.where(confused, self._tpl("c_confused", idx), self._tpl("c_followup", idx))
                self.say(clk, m, S_CUST, tpl, clk.customer_gap())
                gap = clk.ai_gap()
            last = m & (n_follow == k)
            self.say(clk, m, S_AI, self._tpl("answer", idx), gap, model=1,
                     feedback=np.where(last, fb_code, 0), answer=True)
        ins = c["instr"][idx]
        act = self.cat.action_of[c["intent"][idx]]
        self.sk.event(idx[ins], clk.t[ins] + 1, E_INSTR, a1=act[ins], cost=0.0)

    def _tools_and_policies(self, t_answer: Arr, idx: Arr, answered: Arr) -> None:
        rng, n = self.rng, idx.size
        intent = self.c["intent"][idx]
        for k, (tool, (fail, intents)) in enumerate(TOOLS.items()):
            uses = np.isin(intent, [self.cat.intents.index(i) for i in intents if i in self.cat.intents])
            m = answered & uses & (rng.random(n) < TOOL_USE_P)
            ok = rng.random(n) >= fail
            self.sk.event(idx[m], t_answer[m] - 2, E_TOOL, a1=k, a2=ok[m], cost=TOOL_CALL_COST_USD)
        for k, (pol, (fail, _sev, intents)) in enumerate(POLICIES.items()):
            if intents:
                applies = np.isin(intent, [self.cat.intents.index(i) for i in intents if i in self.cat.intents])
            else:
                applies = np.ones(n, bool) if pol != "tone_guideline" else rng.random(n) < 0.5
            m = answered & applies
            ok = rng.random(n) >= fail
            self.sk.event(idx[m], t_answer[m] - 1, E_POLICY, a1=k, a2=ok[m], cost=0.0)

    def _deflected_tail(self, clk: Clock, idx: Arr) -> None:
        c = self.c
        self.say(clk, c["confirm_msg"][idx], S_CUST, self._tpl("c_confirm", idx), clk.customer_gap())
        self.say(clk, c["neg_msg"][idx], S_CUST, self._tpl("c_negative", idx), clk.customer_gap())
        missed = c["missed_req"][idx]
        self.say(clk, missed, S_CUST, self._tpl("c_req_human", idx), clk.customer_gap())
        self.say(clk, missed, S_AI, self._tpl("ai_decline", idx), clk.ai_gap(), model=0)

    def _escalation_tail(self, clk: Clock, idx: Arr) -> Arr:
        c, rng, n = self.c, self.rng, idx.size
        g = lambda k: c[k][idx]
        self.say(clk, g("neg_before_handoff"), S_CUST, self._tpl("c_negative", idx), clk.customer_gap())
        self.say(clk, g("cust_req"), S_CUST, self._tpl("c_req_human", idx), clk.customer_gap())
        hand = g("handoff")
        clk.advance(hand, clk.ai_gap(), is_message=False)
        self.sk.event(idx[hand], clk.t[hand], E_HANDOFF, a1=g("reason")[hand], a2=g("initiator")[hand],
                      a3=g("summary")[hand], cost=0.0)
        esc_t = clk.t.copy()
        self._failed_tool_before_handoff(idx, hand, esc_t)
        self.say(clk, hand & (rng.random(n) < 0.7), S_SYSTEM, self._tpl("sys_handoff", idx),
                 np.ones(n, np.int64))
        reply = g("human_reply")
        agent = g("agent")
        wait = (rng.lognormal(np.log(180), 0.8, n) * np.where(g("peak"), 2.0, 1.0) * clk.slow).astype(np.int64)
        lost = g("context_lost")
        first = np.where(lost, self._by_info("ask_known", idx), self._tpl("h_first", idx))
        self.say(clk, reply, S_HUMAN, first, wait + 20, agent=agent)
        first_human_t = clk.t.copy()
        answer_back = reply & (lost | (rng.random(n) < 0.6))
        ctpl = np.select([g("already"), lost], [self._by_info("already", idx), self._by_info("reprovide", idx)],
                         self._tpl("c_reply", idx))
        self.say(clk, answer_back, S_CUST, ctpl, clk.customer_gap())
        res = g("resolved")
        self.say(clk, reply, S_HUMAN, np.where(res, self._tpl("resolve", idx), self._tpl("h_unresolved", idx)),
                 clk.human_gap(), agent=agent)
        close = reply & (rng.random(n) < 0.6)
        self.say(clk, close, S_CUST, np.where(res, self._tpl("c_close_good", idx), self._tpl("c_close_bad", idx)),
                 clk.customer_gap())
        return np.where(hand, esc_t, first_human_t)

    def _failed_tool_before_handoff(self, idx: Arr, hand: Arr, t: Arr) -> None:
        """A handoff for reason tool_failure comes right after a failed tool_call."""
        if "tool_failure" not in self.cat.reasons:
            return
        m = hand & (self.c["reason"][idx] == self.cat.reasons.index("tool_failure"))
        tool_of = np.zeros(len(self.cat.intents), np.int64)
        for k, (_tool, (_fail, intents)) in reversed(list(enumerate(TOOLS.items()))):
            for i in intents:
                if i in self.cat.intents:
                    tool_of[self.cat.intents.index(i)] = k
        self.sk.event(idx[m], t[m] - 1, E_TOOL, a1=tool_of[self.c["intent"][idx[m]]], a2=0,
                      cost=TOOL_CALL_COST_USD)

    def _closing_events(self, clk: Clock, idx: Arr) -> None:
        """resolution_check (LLM judge) and case_closed after the last message."""
        c, rng, n = self.c, self.rng, idx.size
        g = lambda k: c[k][idx]
        res, answered = g("resolved"), g("answered")
        verdict = np.where(g("judge_correct"), res, ~res)
        judge = rng.random(n) < 0.9
        relevant = rng.random(n) < np.where(answered, 0.95, 0.3)
        accurate = rng.random(n) < np.where(res, 0.95, 0.6)
        safe = rng.random(n) < 0.99
        self.sk.event(idx[judge], clk.last[judge] + 90, E_JUDGE, a1=verdict[judge], a2=relevant[judge],
                      a3=accurate[judge], a4=safe[judge], cost=0.002)
        closer = np.select([g("outcome") == O_CONFIRMED, g("human_reply")], [0, 1], 2)
        delay = np.where(closer == 2, DAY, 30)
        self.sk.event(idx, clk.last + delay, E_CLOSED, a1=closer, cost=0.0)

    # ------------------------------------------------------------------ human-first
    def human_conversations(self, idx: Arr) -> Arr:
        """Messages of human-first conversations; returns end times."""
        c, rng, n = self.c, self.rng, idx.size
        g = lambda k: c[k][idx]
        slow = np.where(g("channel") == CH_EMAIL, 15.0, 1.0)
        clk = Clock(idx, g("start").copy(), g("start").copy(), slow, rng)
        self.say(clk, np.ones(n, bool), S_CUST, self._tpl("open", idx, g("info")), np.zeros(n, np.int64))
        wait = (rng.lognormal(np.log(240), 0.9, n) * np.where(g("peak"), 1.8, 1.0) * slow).astype(np.int64)
        agent = g("agent")
        self.say(clk, np.ones(n, bool), S_HUMAN, self._tpl("h_first_direct", idx), wait + 15, agent=agent)
        self.say(clk, rng.random(n) < 0.7, S_CUST, self._tpl("c_reply", idx), clk.customer_gap())
        res = g("resolved")
        self.say(clk, np.ones(n, bool), S_HUMAN,
                 np.where(res, self._tpl("resolve", idx), self._tpl("h_unresolved", idx)),
                 clk.human_gap(), agent=agent)
        self.say(clk, rng.random(n) < 0.5, S_CUST,
                 np.where(res, self._tpl("c_close_good", idx), self._tpl("c_close_bad", idx)), clk.customer_gap())
        return clk.last


T_ESCALATION, T_HUMAN_FIRST, T_DIRECT = 0, 1, 2


def tickets(lay: Layout, ci: Arr, created: Arr, tkind: int) -> Arr:
    """Tickets (+ status history and comments) for contacts ci; returns each ticket's end time."""
    c, rng, cat, sk, m = lay.c, lay.rng, lay.cat, lay.sk, ci.size
    if m == 0:
        return np.zeros(0, np.int64)
    tid = sk.n_tickets + np.arange(m, dtype=np.int64)
    sk.n_tickets += m
    res, intent = c["resolved"][ci], c["intent"][ci]
    open_t = created + rng.integers(60, 1800, m)
    reply_t = open_t + rng.lognormal(np.log(1.5 * HOUR), 0.8, m).astype(np.int64)
    pending = rng.random(m) < 0.35
    solved_t = reply_t + 120 + rng.lognormal(np.log(5 * HOUR), 1.0, m).astype(np.int64)
    reopen = res & (rng.random(m) < P.ticket_reopen_share)
    reopen_t = solved_t + 600 + rng.exponential(20 * HOUR, m).astype(np.int64)
    solved2_t = reopen_t + rng.lognormal(np.log(6 * HOUR), 0.8, m).astype(np.int64)
    final_solved = np.where(reopen, solved2_t, solved_t)
    closed = res & (rng.random(m) < 0.7)
    closed_t = final_solved + 4 * DAY + rng.integers(0, DAY, m)
    hold = ~res & (rng.random(m) < 0.3)
    hold_t = reply_t + rng.lognormal(np.log(DAY), 0.5, m).astype(np.int64)
    steps = [(np.ones(m, bool), ST_NEW, created), (np.ones(m, bool), ST_OPEN, open_t),
             (pending, ST_PENDING, reply_t + 60), (hold, ST_HOLD, hold_t), (res, ST_SOLVED, solved_t),
             (reopen, ST_OPEN, reopen_t), (reopen, ST_SOLVED, solved2_t), (closed, ST_CLOSED, closed_t)]
    for mask, status, t in steps:
        sk.stc.append({"ti": tid[mask], "status": np.full(int(mask.sum()), status, np.int8), "t": t[mask]})
    # ticket attributes
    hs = cat.high_stakes[intent]
    prio = np.where(hs, pick(rng, m, (0.05, 0.45, 0.35, 0.15)), pick(rng, m, (0.15, 0.60, 0.20, 0.05)))
    t_intent = intent.copy()
    if tkind == T_ESCALATION:
        other = rng.random(m) < 0.10
        for k in range(len(cat.clusters)):
            same = np.flatnonzero(cat.cluster_of == k)
            sel = other & (cat.cluster_of[intent] == k)
            t_intent[sel] = same[rng.integers(0, same.size, int(sel.sum()))]
    channel = c["channel"][ci] if tkind == T_DIRECT else CONV_TO_TICKET_CHANNEL[c["channel"][ci]]
    handle = cat.baseline_minutes[intent] * rng.lognormal(0.0, 0.35, m) * np.where(reopen, 1.5, 1.0)
    assignee = np.where(~res & (rng.random(m) < 0.05), -1, c["agent"][ci])
    sk.tkt.append({"ci": ci, "tid": tid, "created": created, "channel": channel.astype(np.int8),
                   "tkind": np.full(m, tkind, np.int8), "priority": prio.astype(np.int8),
                   "intent": t_intent, "assignee": assignee.astype(np.int16), "handle": np.round(handle, 1),
                   # latent solve history (-1 = never), kept for the per-contact truth
                   "solved1": np.where(res, solved_t, -1), "reopened": np.where(reopen, reopen_t, -1),
                   "solved2": np.where(reopen, solved2_t, -1)})
    # comments
    agent = c["agent"][ci]
    reply_tpl = np.where(res, lay._tpl("t_reply_good", ci), lay._tpl("t_reply_bad", ci))

    def comment(mask: Arr, t: Arr, author: int, public: bool, tpl: Arr) -> None:
        k = int(mask.sum())
        sk.cmt.append({"ti": tid[mask], "t": t[mask], "author": np.full(k, author, np.int8),
                       "agent": np.where(author == 1, agent[mask], -1).astype(np.int16),
                       "public": np.full(k, public), "tpl": tpl[mask].astype(np.int32),
                       "seq": np.full(k, len(sk.cmt), np.int32)})

    every = np.ones(m, bool)
    if tkind == T_DIRECT:
        comment(every, created, 0, True, lay._tpl("open", ci, c["info"][ci]))
        comment(rng.random(m) < 0.4, reply_t - 120, 1, False, lay._tpl("t_note", ci))
        comment(every, reply_t, 1, True, reply_tpl)
        follow_t = reply_t + rng.lognormal(np.log(3 * HOUR), 0.6, m).astype(np.int64)
        follow = (rng.random(m) < 0.4) & (~res | (follow_t < solved_t))
        comment(follow, follow_t, 0, True, lay._tpl("t_followup", ci))
        comment(reopen, reopen_t - 5, 0, True, lay._tpl("t_reopen", ci))
    elif tkind == T_ESCALATION:
        comment(every, created, 2, False, lay._tpl("summary", ci))
        comment(every, reply_t, 1, True, reply_tpl)
        comment((rng.random(m) < 0.3) & (~res | (reply_t + 1800 < solved_t)), reply_t + 1800, 0, True,
                lay._tpl("t_followup", ci))
    else:
        comment(every, created + 60, 1, False, lay._tpl("t_hf_note", ci))
    return np.where(res, final_solved, np.where(hold, hold_t, reply_t))


@dataclass
class World:
    """All contacts and their row skeletons."""

    c: Frame
    msg: Frame
    evt: Frame
    tkt: Frame
    stc: Frame
    cmt: Frame


def lay_out(c: Frame, cat: Catalogue, bank: TemplateBank, rng: np.random.Generator) -> World:
    """Messages, events and tickets of a routed, latent-drawn batch of contacts; sets c['end']."""
    sk = Skeleton()
    lay = Layout(sk, c, cat, bank, rng)
    n = nrows(c)
    end = np.zeros(n, np.int64)
    ai_idx = np.flatnonzero(c["ai"])
    hf_idx = np.flatnonzero((c["kind"] == 0) & ~c["ai"])
    dt_idx = np.flatnonzero(c["kind"] == 1)
    end_ai, esc_t = lay.ai_conversations(ai_idx)
    end[ai_idx] = end_ai
    end[hf_idx] = lay.human_conversations(hf_idx)
    has_t = c["esc_ticket"][ai_idx]
    tickets(lay, ai_idx[has_t], esc_t[has_t] + 5, T_ESCALATION)
    tickets(lay, hf_idx, c["start"][hf_idx] + 10, T_HUMAN_FIRST)
    end[dt_idx] = tickets(lay, dt_idx, c["start"][dt_idx], T_DIRECT)
    c["end"] = end
    msg, evt, tkt, stc, cmt = sk.collect()
    return World(c, msg, evt, tkt, stc, cmt)


def merge(worlds: Sequence[World]) -> World:
    """Concatenate batches, shifting contact and ticket indices."""
    c_off = t_off = 0
    parts: list[World] = []
    for w in worlds:
        msg, evt, tkt, stc, cmt = (dict(x) for x in (w.msg, w.evt, w.tkt, w.stc, w.cmt))
        for f in (msg, evt, tkt):
            if f:
                f["ci"] = f["ci"] + c_off
        if tkt:
            tkt["tid"] = tkt["tid"] + t_off
        for f in (stc, cmt):
            if f:
                f["ti"] = f["ti"] + t_off
        c = dict(w.c)
        c["parent"] = np.where(c["parent"] >= 0, c["parent"], -1)
        parts.append(World(c, msg, evt, tkt, stc, cmt))
        c_off += nrows(w.c)
        t_off += nrows(w.tkt)
    return World(*(concat([getattr(p, f) for p in parts]) for f in ("c", "msg", "evt", "tkt", "stc", "cmt")))


def keep_contacts(w: World, keep: Arr) -> World:
    """Drop contacts (and every skeleton row of them); re-index."""
    new = np.cumsum(keep) - 1
    c = take(w.c, keep)
    c["parent"] = np.where(c["parent"] >= 0, np.where(keep[np.maximum(c["parent"], 0)],
                                                      new[np.maximum(c["parent"], 0)], -1), -1)
    msg, evt, tkt = (take(f, keep[f["ci"]]) if f else f for f in (w.msg, w.evt, w.tkt))
    for f in (msg, evt, tkt):
        if f:
            f["ci"] = new[f["ci"]]
    tkeep = np.zeros(int(w.tkt["tid"].max()) + 1 if w.tkt else 0, bool)
    if w.tkt:
        tkeep[w.tkt["tid"]] = keep[w.tkt["ci"]]
    tnew = np.cumsum(tkeep) - 1
    if tkt:
        tkt["tid"] = tnew[tkt["tid"]]
    stc, cmt = (take(f, tkeep[f["ti"]]) if f else f for f in (w.stc, w.cmt))
    for f in (stc, cmt):
        if f:
            f["ti"] = tnew[f["ti"]]
    return World(c, msg, evt, tkt, stc, cmt)


def sort_world(w: World) -> World:
    """Contacts by start time, tickets by creation, rows grouped per parent and in time order."""
    n = nrows(w.c)
    order = np.lexsort((np.arange(n), w.c["start"]))
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    c = take(w.c, order)
    c["parent"] = np.where(c["parent"] >= 0, rank[np.maximum(c["parent"], 0)], -1)
    msg, evt, tkt = dict(w.msg), dict(w.evt), dict(w.tkt)
    for f in (msg, evt, tkt):
        f["ci"] = rank[f["ci"]]
    msg = take(msg, np.lexsort((msg["seq"], msg["ci"])))
    evt = take(evt, np.lexsort((evt["seq"], evt["t"], evt["ci"])))
    t_order = np.lexsort((tkt["tid"], tkt["created"]))
    t_rank = np.empty(t_order.size, np.int64)
    t_rank[tkt["tid"][t_order]] = np.arange(t_order.size)
    tkt = take(tkt, t_order)
    tkt["tid"] = np.arange(t_order.size)
    stc, cmt = dict(w.stc), dict(w.cmt)
    stc["ti"] = t_rank[stc["ti"]]
    cmt["ti"] = t_rank[cmt["ti"]]
    stc = take(stc, np.lexsort((stc["status"], stc["t"], stc["ti"])))
    cmt = take(cmt, np.lexsort((cmt["seq"], cmt["t"], cmt["ti"])))
    return World(c, msg, evt, tkt, stc, cmt)


def cut_at_extraction(w: World, sched: Schedule) -> World:
    """Drop everything after the extraction time; mark open conversations; final ticket status."""
    T = sched.end_ts
    c = w.c
    n = nrows(c)
    conv = c["kind"] == 0
    truncated = np.zeros(n, bool)
    truncated[w.msg["ci"][w.msg["t"] > T]] = True
    k = round(P.open_share_recent * int(conv.sum()))
    recent = np.zeros(n, bool)
    conv_idx = np.flatnonzero(conv)
    if k > 0:
        recent[conv_idx[-k:]] = True
    c["open"] = conv & (truncated | recent)
    msg = take(w.msg, w.msg["t"] <= T)
    last = np.full(n, -1, np.int64)
    np.maximum.at(last, msg["ci"], msg["t"])
    c["last_msg"] = last
    c["ended"] = np.where(c["open"] | (last < 0), -1, last)
    closing = np.isin(w.evt["etype"], (E_CLOSED, E_JUDGE)) & c["open"][w.evt["ci"]]
    evt = take(w.evt, (w.evt["t"] <= T) & ~closing)
    tkt = w.tkt
    tkeep = tkt["created"] <= T
    stc = take(w.stc, (w.stc["t"] <= T) & tkeep[w.stc["ti"]])
    cmt = take(w.cmt, (w.cmt["t"] <= T) & tkeep[w.cmt["ti"]])
    # final status = last status change at or before T (rows are sorted by ticket, time)
    m = nrows(tkt)
    status = np.zeros(m, np.int8)
    updated = tkt["created"].copy()
    last_row = np.flatnonzero(np.r_[stc["ti"][1:] != stc["ti"][:-1], True]) if nrows(stc) else np.zeros(0, int)
    status[stc["ti"][last_row]] = stc["status"][last_row]
    updated[stc["ti"][last_row]] = stc["t"][last_row]
    tkt = dict(tkt)
    tkt["status"], tkt["updated"] = status, updated
    tkt["solved_ever"] = np.zeros(m, bool)
    tkt["solved_ever"][stc["ti"][stc["status"] == ST_SOLVED]] = True
    # tickets created after T disappear; ticket indices stay valid because kept ones are a prefix
    assert tkeep[: int(tkeep.sum())].all()
    tkt = take(tkt, tkeep)
    return World(c, msg, evt, tkt, stc, cmt)


# --------------------------------------------------------------------------- simulation
def children(c: Frame, offset: int, gen: int, sched: Schedule, rng: np.random.Generator) -> Frame:
    """Re-contacts of the contacts in c: same customer and intent, exp(mean 30h) after the end."""
    src = np.flatnonzero(c["recontact"] & (c["end"] > 0))
    delay = np.maximum(600, rng.exponential(P.recontact_mean_hours * HOUR, src.size)).astype(np.int64)
    start = c["end"][src] + delay
    ok = start < sched.end_ts
    src, start = src[ok], start[ok]
    n = src.size
    return {"kind": (rng.random(n) < P.direct_ticket_share).astype(np.int8), "cust": c["cust"][src],
            "intent": c["intent"][src], "start": start, "gen": np.full(n, gen, np.int8),
            "parent": offset + src, "test": np.zeros(n, bool)}


def churn_loss_estimate(acc: Frame, cus: Frame, cand: Frame, cat: Catalogue, cfg: Config,
                        n_contacts: float) -> float:
    """Expected share of contact volume lost because accounts churn (to keep conversations ~ N)."""
    terms = term_starts(acc, cfg)
    s_day, t_day = cfg.start_ts // DAY, cfg.end_ts // DAY
    ok = (cand["cust"] >= 0) & ~cand["test"]
    bad = cat.high_stakes[cand["intent"]] & (~cand["resolved"] | cand["recontact"])
    b = float(bad[ok].mean()) if ok.any() else 0.0
    share = np.bincount(cus["acc"], weights=cus["activity"], minlength=nrows(acc))
    share = share / share.sum()
    per_day = n_contacts / cfg.days * share[:, None]
    start, end = terms[:, :-1], terms[:, 1:]
    span = np.clip(np.minimum(end, t_day) - np.maximum(start, s_day), 0, None)
    q = np.where(end <= t_day, P.churn_base + P.churn_uplift * (1 - np.exp(-per_day * span * b)), 0.0)
    alive = np.cumprod(np.c_[np.ones(len(q)), 1 - q[:, :-1]], axis=1)
    lost = np.clip(t_day - end, 0, None) / cfg.days
    return float((share * (alive * q * lost).sum(axis=1)).sum())


def simulate(cfg: Config, cat: Catalogue, bank: TemplateBank, sched: Schedule, acc: Frame,
             cus: Frame) -> tuple[World, Frame, dict[str, float]]:
    """All contacts over all generations, churn applied, sorted and cut at extraction time."""
    rng = stream(cfg.seed, "contacts", 0)
    conv_share = 1 - P.direct_ticket_share
    n_cand = math.ceil(1.4 * cfg.conversations / conv_share) + 10
    cand = primary_contacts(rng, n_cand, sched, cat, cus)
    route(cand, sched, rng)
    draw_latent(cand, cat, rng)
    r = float(cand["p_recontact"].mean())
    desc = sum(r**k for k in range(1, P.recontact_max_generations + 1))
    loss = churn_loss_estimate(acc, cus, cand, cat, cfg, cfg.conversations / conv_share * (1 + desc))
    k = min(n_cand, max(1, round(cfg.conversations / conv_share / (1 + desc) / (1 - loss))))
    worlds = [lay_out(take(cand, np.arange(k)), cat, bank, rng)]
    offset = 0
    for gen in range(1, P.recontact_max_generations + 1):
        kid = children(worlds[-1].c, offset, gen, sched, stream(cfg.seed, "recontact", gen))
        offset += nrows(worlds[-1].c)
        if nrows(kid) == 0:
            break
        g_rng = stream(cfg.seed, "contacts", gen)
        route(kid, sched, g_rng)
        draw_latent(kid, cat, g_rng)
        worlds.append(lay_out(kid, cat, bank, g_rng))
    w = merge(worlds)
    w, subs = apply_churn(w, acc, cus, cat, cfg, stream(cfg.seed, "churn"))
    w = cut_at_extraction(sort_world(w), sched)
    sizing = {"primary_candidates": n_cand, "primary_kept": k, "mean_recontact_p": round(r, 4),
              "churn_loss_estimate": round(loss, 4)}
    return w, subs, sizing


def apply_churn(w: World, acc: Frame, cus: Frame, cat: Catalogue, cfg: Config,
                rng: np.random.Generator) -> tuple[World, Frame]:
    """Draw churn per closed account term from its bad experiences; drop post-churn contacts."""
    c = w.c
    terms = term_starts(acc, cfg)
    n_acc, k_max = terms.shape
    t_day = cfg.end_ts // DAY
    ident = c["cust"] >= 0
    acc_of = np.where(ident, cus["acc"][np.maximum(c["cust"], 0)], -1)
    day = c["start"] // DAY
    k_of = (terms[np.maximum(acc_of, 0)] <= day[:, None]).sum(axis=1) - 1
    c["term"] = np.where(ident, k_of, -1)
    bad = ident & ~c["test"] & cat.high_stakes[c["intent"]] & (~c["resolved"] | c["recontact"])
    c["bad_experience"] = bad
    bad_n = np.zeros((n_acc, k_max), np.int64)
    np.add.at(bad_n, (acc_of[bad], k_of[bad]), 1)
    p_end = terms[:, 1:]
    closed = p_end <= t_day
    p_churn = P.churn_base + P.churn_uplift * (bad_n[:, :-1] > 0)
    draw = closed & (rng.random(closed.shape) < p_churn)
    first = np.where(draw.any(axis=1), draw.argmax(axis=1), k_max)
    keep = ~ident | (k_of <= first[np.maximum(acc_of, 0)])
    w = keep_contacts(w, keep)
    subs = subscriptions(acc, terms, first, bad_n, p_churn, cfg, rng)
    return w, subs


def subscriptions(acc: Frame, terms: Arr, first_churn: Arr, bad_n: Arr, p_churn: Arr, cfg: Config,
                  rng: np.random.Generator) -> Frame:
    """Back-to-back quarterly terms per account up to the end of data (or churn)."""
    n_acc, k_max = terms.shape
    t_day = cfg.end_ts // DAY
    mrr = acc["mrr"].copy()
    rows: list[Frame] = []
    for k in range(k_max - 1):
        live = (terms[:, k] < t_day) & (k <= first_churn)
        closed = live & (terms[:, k + 1] <= t_day)
        churned = closed & (first_churn == k)
        u = rng.random(n_acc)
        outcome = np.select([churned, ~closed, u < 0.68, u < 0.88], [3, -1, 0, 1], 2)
        factor = np.select([outcome == 1, outcome == 2, outcome == 3],
                           [rng.uniform(1.1, 1.5, n_acc), rng.uniform(0.6, 0.9, n_acc), 0.0], 1.0)
        nxt = np.round(mrr * factor, 2)
        idx = np.flatnonzero(live)
        rows.append({"acc": idx, "k": np.full(idx.size, k), "start": terms[idx, k], "end": terms[idx, k + 1],
                     "mrr": mrr[idx], "outcome": outcome[idx], "next": nxt[idx],
                     "bad": bad_n[idx, k] > 0, "p_churn": p_churn[idx, k]})
        mrr = np.where(closed, nxt, mrr)
    subs = concat(rows)
    order = np.lexsort((subs["k"], subs["acc"]))
    return take(subs, order)


# --------------------------------------------------------------------------- surveys & product events
def surveys(w: World, sched: Schedule, rng: np.random.Generator) -> Frame:
    """CSAT / CES / NPS answers after ended, non-test contacts."""
    c = w.c
    end = np.where(c["kind"] == 0, c["ended"], c["end"])
    ok = ~c["test"] & (end > 0)
    stream_of = np.select([c["ai"] & ~c["escalated"], c["ai"]], [0, 1], 2)
    parts: list[Frame] = []
    for stype, share in ((0, P.csat_share), (1, P.ces_share), (2, P.nps_share)):
        idx = np.flatnonzero(ok & (rng.random(nrows(c)) < share))
        res = c["resolved"][idx]
        st = stream_of[idx]
        if stype == 0:
            table = np.array([CSAT_DIST[(STREAMS[s], r)] for s in range(3) for r in (False, True)])
            dist = table[st * 2 + res]
            lo = 1
        else:
            src = CES_DIST if stype == 1 else NPS_DIST
            dist = np.array([src[False], src[True]])[res.astype(int)]
            lo = 1 if stype == 1 else 0
        score = categorical(rng, dist) + lo
        mean = dist @ np.arange(lo, lo + dist.shape[1])
        var = dist @ np.arange(lo, lo + dist.shape[1]) ** 2 - mean**2
        t = end[idx] + 60 + rng.exponential(3 * HOUR, idx.size).astype(np.int64)
        parts.append({"ci": idx, "stype": np.full(idx.size, stype, np.int8), "score": score, "t": t,
                      "exp_mean": mean, "exp_var": var, "stream": st.astype(np.int8),
                      "comment": np.where(rng.random(idx.size) < 0.3, rng.integers(0, 3, idx.size), -1)})
    s = concat(parts)
    s = take(s, s["t"] <= sched.end_ts)
    return take(s, np.lexsort((s["stype"], s["t"])))


SURVEY_COMMENTS = {"good": ("Quick and helpful.", "Great service, thanks!", "Easy, solved in minutes."),
                   "bad": ("Took way too long.", "The bot didn't understand me.",
                           "Still waiting for a real answer.")}


def downstream(w: World, cat: Catalogue, sched: Schedule, rng: np.random.Generator) -> tuple[Frame, Frame]:
    """Product events caused by instruction_given: success (in/late/early/wrong page) and contrary.

    Returns (events, instructions) frames; instructions carry the planted probabilities."""
    e, c = w.evt, w.c
    rows = np.flatnonzero(e["etype"] == E_INSTR)
    ci = e["ci"][rows]
    ok = (c["cust"][ci] >= 0) & ~c["test"][ci]
    rows, ci = rows[ok], ci[ok]
    n = rows.size
    act = e["a1"][rows]
    t0 = e["t"][rows]
    win = np.array([a.window_hours for a in cat.actions])[act] * HOUR
    base = np.array([ACTION_FOLLOW_THROUGH.get(a.key, 0.6) for a in cat.actions])[act]
    p = base * np.where(c["resolved"][ci], 1.0, P.follow_through_unresolved_factor)
    u = rng.random(n)
    taken = u < p
    late = ~taken & (u < p + P.late_success_share)
    early = ~taken & ~late & (u < p + P.late_success_share + P.early_success_share)
    has_page = np.array([bool(a.page_path) for a in cat.actions])[act]
    wrong = ~taken & ~late & ~early & has_page & (rng.random(n) < P.wrong_page_share)
    t_taken = t0 + (rng.uniform(0.02, 0.95, n) * win).astype(np.int64)
    t_late = t0 + (rng.uniform(1.05, 2.5, n) * win).astype(np.int64)
    t_early = t0 - rng.integers(HOUR, 48 * HOUR, n)
    t = np.select([taken, late, early], [t_taken, t_late, t_early], t_taken)
    succ = taken | late | early | wrong
    has_contrary = np.array([bool(a.contrary_event) for a in cat.actions])[act]
    contrary = has_contrary & (rng.random(n) < P.contrary_p)
    t_con = t0 + (rng.uniform(0.05, 0.95, n) * win).astype(np.int64)
    ev = concat([
        {"cust": c["cust"][ci][succ], "act": act[succ], "t": t[succ], "kind": np.where(wrong, 1, 0)[succ]},
        {"cust": c["cust"][ci][contrary], "act": act[contrary], "t": t_con[contrary],
         "kind": np.full(int(contrary.sum()), 2)}])
    ev = take(ev, ev["t"] <= sched.end_ts)
    ev = take(ev, np.lexsort((ev["kind"], ev["t"])))
    instr = {"ci": ci, "act": act, "t": t0, "win": win, "p": p, "taken": taken, "contrary": contrary,
             "mature": t0 + win <= sched.end_ts,
             # when the planted success event (taken, late or early decoy) / contrary event happens, -1 = none
             "t_success": np.where(taken | late | early, t, -1), "t_contrary": np.where(contrary, t_con, -1)}
    return ev, instr


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

Ts = tuple[Arr, Arr | None]


@dataclass
class TableOut:
    """Valid rows of one table before formatting of timestamps (Ts) and quality extras."""

    spec: TableSpec
    cols: dict[str, pa.Array | Ts]
    loaded: Arr


class Ledger:
    """Counts for truth.json: rows written, bad rows, duplicates, timezone offsets."""

    def __init__(self) -> None:
        self.raw_rows: dict[str, int] = {}
        self.bad: dict[str, dict[str, int]] = {}
        self.dups: dict[str, dict[str, int]] = {}
        self.tz_rows = 0
        self.tz_by_table: dict[str, int] = {}
        self.tz_samples: list[dict[str, str]] = []
        self.bad_seq: dict[str, int] = {}

    def add(self, book: dict[str, dict[str, int]], table: str, reason: str, n: int) -> None:
        book.setdefault(table, {})
        book[table][reason] = book[table].get(reason, 0) + n


def materialise(out: TableOut, rng: np.random.Generator, ledger: Ledger) -> pa.Table:
    """Format timestamps (about 2% of rows in an offset or Z, same instant) and add _loaded_at."""
    n = out.loaded.size
    tz = np.where(rng.random(n) < P.timezone_offset_share, rng.integers(1, len(TZ_SUFFIX), n), 0)
    arrays: list[pa.Array] = []
    for col in out.spec.columns:
        v = out.cols[col]
        arrays.append(format_ts(v[0], v[1], tz) if isinstance(v, tuple) else v)
    arrays.append(format_ts(out.loaded))
    table = pa.Table.from_arrays(arrays, names=[*out.spec.columns, "_loaded_at"])
    if out.spec.timestamps and tz.any():
        k = int((tz > 0).sum())
        ledger.tz_rows += k
        ledger.tz_by_table[out.spec.qualified] = ledger.tz_by_table.get(out.spec.qualified, 0) + k
        have = len([s for s in ledger.tz_samples if s["table"] == out.spec.qualified])
        want = 2 if out.spec.name == "events" else 1  # composite-key tables give no sample
        if len(out.spec.key) == 1 and have < want and len(ledger.tz_samples) < 10:
            i = int(np.flatnonzero(tz > 0)[-1 if have else 0])
            col = out.spec.timestamps[0]
            sec = out.cols[col][0][i]
            ledger.tz_samples.append({
                "table": out.spec.qualified, "key_column": out.spec.key[0],
                "key": str(table.column(out.spec.key[0])[i].as_py()), "column": col,
                "written": str(table.column(col)[i].as_py()),
                "utc": format_ts(np.array([sec])).to_pylist()[0]})
    return table


BAD_TIMESTAMPS = ("not-a-date", "2026-13-45T99:00:00", "32/13/2026 25:61", "yesterday", "2026-02-30T10:00:00",
                  "TBD")


def _fill(col: pa.Array, mask: Arr, value: pa.Array | pa.Scalar) -> pa.Array:
    return pc.if_else(pa.array(mask), value, col)


def bad_rows(table: pa.Table, spec: TableSpec, counts: dict[str, int], rng: np.random.Generator,
             ledger: Ledger) -> pa.Table:
    """Extra rows with exactly one fault each, templated on valid rows (fresh keys)."""
    reasons = [r for r in spec.reasons() if counts.get(r, 0) > 0]
    total = sum(counts[r] for r in reasons)
    if total == 0 or table.num_rows == 0:
        return table.slice(0, 0)
    pool = np.arange(table.num_rows)
    if spec.name == "ticket_status_changes":  # one 'new' row per ticket keeps composite keys unique
        pool = np.flatnonzero(np.asarray(pc.equal(table.column("status"), "new").to_numpy(zero_copy_only=False)))
    tpl = rng.choice(pool, size=min(total, pool.size), replace=False)
    total = tpl.size
    reason = np.repeat(np.arange(len(reasons)), [counts[r] for r in reasons])[:total]
    bad = table.take(pa.array(tpl))
    cols = {name: bad.column(name).combine_chunks() for name in bad.column_names}
    single_key = spec.key[0] if len(spec.key) == 1 else None
    key_missing = np.zeros(total, bool)
    for r_i, r in enumerate(reasons):
        m = reason == r_i
        k = int(m.sum())
        if r == "missing_required":
            opts = list(spec.required)
            which = rng.integers(0, len(opts), total)
            if m.any():
                which[np.flatnonzero(m)[0]] = 0
            for j, col in enumerate(opts):
                mm = m & (which == j)
                if mm.any():
                    cols[col] = _fill(cols[col], mm, pa.scalar(None, pa.string()))
                    if col == single_key:
                        key_missing |= mm
        elif r == "unparseable_timestamp":
            col = spec.ts_required[0]
            vals = pa.array([BAD_TIMESTAMPS[i % len(BAD_TIMESTAMPS)] for i in range(total)])
            cols[col] = _fill(cols[col], m, vals)
        elif r == "malformed_json":
            col = spec.json_col or ""
            cols[col] = _fill(cols[col], m, pc.utf8_slice_codeunits(cols[col], 0, -1))
        elif r == "unknown_event_type":
            cols["event_type"] = _fill(cols["event_type"], m, pa.scalar("telemetry_ping"))
        elif r == "unknown_enum" and spec.enum:
            col, values = spec.enum
            cols[col] = _fill(cols[col], m, pa.array([values[i % len(values)] for i in range(total)]))
        elif r == "out_of_range":
            st = cols["survey_type"].to_numpy(zero_copy_only=False)
            bad_score = np.select([st == "csat", st == "ces"], [np.where(rng.random(total) < 0.5, 0, 6),
                                  np.where(rng.random(total) < 0.5, 0, 8)], np.where(rng.random(total) < 0.5, 11, -1))
            cols["score"] = _fill(cols["score"], m, num_str(bad_score))
        elif r == "orphan_fk" and spec.fk:
            col, prefix = spec.fk
            seq = ledger.bad_seq.get(f"{spec.name}/orphan", 0)
            ledger.bad_seq[f"{spec.name}/orphan"] = seq + total
            cols[col] = _fill(cols[col], m, format_ids(f"{prefix}_missing_", seq + np.arange(total) + 1, 6))
        ledger.add(ledger.bad, spec.qualified, r, k)
    if single_key:
        seq = ledger.bad_seq.get(spec.name, 0)
        ledger.bad_seq[spec.name] = seq + total
        fresh = format_ids(f"{spec.prefix}_bad_", seq + np.arange(total) + 1, 6)
        cols[single_key] = pc.if_else(pa.array(key_missing), cols[single_key], fresh)
    return pa.Table.from_arrays([cols[n] for n in bad.column_names], names=bad.column_names)


def duplicates(table: pa.Table, spec: TableSpec, loaded: Arr, n_exact: int, n_redelivered: int,
               rng: np.random.Generator, ledger: Ledger) -> pa.Table:
    """Exact copies and redeliveries (same key, other _loaded_at) of disjoint valid rows."""
    n = table.num_rows
    if n == 0 or n_exact + n_redelivered == 0:
        return table.slice(0, 0)
    eligible = np.ones(n, bool)
    if spec.name == "conversations":
        eligible = np.asarray(pc.is_valid(table.column("ended_at")).to_numpy(zero_copy_only=False))
    elif spec.name == "tickets":
        eligible = np.asarray(pc.not_equal(table.column("status"), "new").to_numpy(zero_copy_only=False))
    n_exact = min(n_exact, n // 2)
    exact = rng.choice(n, size=n_exact, replace=False) if n_exact else np.zeros(0, np.int64)
    eligible = eligible.copy()
    eligible[exact] = False
    rest = np.flatnonzero(eligible)
    n_red = min(n_redelivered, rest.size)
    red = rng.choice(rest, size=n_red, replace=False) if n_red else np.zeros(0, np.int64)
    parts = [table.take(pa.array(exact))]
    if n_red:
        rows = table.take(pa.array(red))
        cols = {name: rows.column(name).combine_chunks() for name in rows.column_names}
        if spec.name in ("conversations", "tickets"):
            # the file's row is the latest version; this one is an older (stale) load of it
            stale = loaded[red] - rng.integers(HOUR, 12 * HOUR, n_red)
            if spec.name == "conversations":
                cols["ended_at"] = pa.nulls(n_red, pa.string())
            else:
                cols["status"] = pa.array(["new"] * n_red)
                cols["updated_at"] = cols["created_at"]
            cols["_loaded_at"] = format_ts(stale)
        else:
            cols["_loaded_at"] = format_ts(loaded[red] + rng.integers(600, 6 * HOUR, n_red))
        parts.append(pa.Table.from_arrays([cols[c] for c in rows.column_names], names=rows.column_names))
    ledger.add(ledger.dups, spec.qualified, "exact_duplicate", n_exact)
    ledger.add(ledger.dups, spec.qualified, "redelivered", n_red)
    return pa.concat_tables(parts)


def extras_plan(spec: TableSpec, n: int, rate: float, at_least_one: bool) -> tuple[dict[str, int], int, int]:
    """How many bad rows per reason, exact duplicates and redeliveries for n valid rows."""
    if rate <= 0 or n == 0:
        return {}, 0, 0
    reasons = spec.reasons()
    total = round(rate * n)
    floor = 1 if at_least_one else 0
    counts = {r: max(floor, total // len(reasons) + (1 if i < total % len(reasons) else 0))
              for i, r in enumerate(reasons)}
    half = round(rate / 2 * n)
    return counts, max(floor, half), max(floor, half)


LOW_CARDINALITY = {"customer_id", "account_id", "anonymous_id", "channel", "first_handler", "agent_version",
                   "experiment_key", "experiment_variant", "language", "is_test", "sender_type", "sender_id",
                   "feedback", "event_type", "status", "assignee_id", "group_name", "priority", "intent",
                   "author_type", "author_id", "is_public", "survey_type", "score", "comment", "event_name",
                   "page_path", "segment", "plan", "country", "renewal_outcome", "ticket_id", "conversation_id"}


class TableWriter:
    """Writes one table, possibly in several chunks, as CSV or parquet (all columns text)."""

    def __init__(self, cfg: Config, spec: TableSpec) -> None:
        self.path = cfg.out / spec.system / f"{spec.name}.{cfg.fmt}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = pa.schema([(c, pa.string()) for c in (*spec.columns, "_loaded_at")])
        self.fmt = cfg.fmt
        self.writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        table = table.cast(self.schema)
        if self.writer is None:
            if self.fmt == "parquet":
                self.writer = pq.ParquetWriter(self.path, self.schema, compression="snappy", write_statistics=False,
                                             use_dictionary=[c for c in self.schema.names if c in LOW_CARDINALITY])
            else:
                self.writer = pacsv.CSVWriter(self.path, self.schema,
                                              write_options=pacsv.WriteOptions(quoting_style="needed"))
        self.writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        if self.writer is None:
            self.write(self.schema.empty_table())
        assert self.writer is not None
        self.writer.close()


class WriteQueue:
    """Writes files on one background thread (Arrow releases the GIL), at most one job pending."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending: Future[None] | None = None

    def submit(self, fn: Callable[[], None]) -> None:
        self.drain()
        self.pending = self.pool.submit(fn)

    def drain(self) -> None:
        if self.pending is not None:
            self.pending.result()
            self.pending = None


WRITES = WriteQueue()


def prepare(cfg: Config, out: TableOut, ledger: Ledger, chunk: int = 0) -> pa.Table:
    """Materialise one (chunk of a) table and append its quality extras (dups, stale, bad rows)."""
    spec = out.spec
    rng = stream(cfg.seed, "quality", spec.name, chunk)
    table = materialise(out, rng, ledger)
    first = sum(ledger.bad.get(spec.qualified, {}).values()) == 0
    counts, n_exact, n_red = extras_plan(spec, table.num_rows, cfg.bad_row_rate, first)
    dup = duplicates(table, spec, out.loaded, n_exact, n_red, rng, ledger)
    bad = bad_rows(table, spec, counts, rng, ledger)
    for r in spec.reasons():
        ledger.add(ledger.bad, spec.qualified, r, 0)
    full = pa.concat_tables([table, dup, bad])
    ledger.raw_rows[spec.qualified] = ledger.raw_rows.get(spec.qualified, 0) + full.num_rows
    return full


def emit(cfg: Config, out: TableOut, ledger: Ledger) -> None:
    """Prepare a whole table and write it to its file in the background."""
    table = prepare(cfg, out, ledger)
    writer = TableWriter(cfg, out.spec)

    def job() -> None:
        writer.write(table)
        writer.close()

    WRITES.submit(job)


# --------------------------------------------------------------------------- table builders
@dataclass
class Ids:
    """Text ids shared by several tables."""

    customer: pa.Array
    account: pa.Array
    contact_conv: pa.Array       # conversation_id per contact (null for direct tickets)
    contact_customer: pa.Array   # customer_id per contact (null if anonymous)
    ticket: pa.Array
    agent: pa.Array


def make_ids(w: World, n_cus: int, n_acc: int) -> Ids:
    c = w.c
    conv = c["kind"] == 0
    cust = c["cust"]
    customer = format_ids("cus_", np.arange(n_cus) + 1, 7)
    return Ids(customer=customer, account=format_ids("acc_", np.arange(n_acc) + 1, 6),
               contact_conv=format_ids("conv_", np.cumsum(conv), 7, valid=conv),
               contact_customer=pc.take(customer, pa.array(np.maximum(cust, 0), mask=cust < 0)),
               ticket=format_ids("tkt_", np.arange(nrows(w.tkt)) + 1, 7),
               agent=format_ids("agt_", np.arange(P.n_human_agents) + 1, 3))


def lag(rng: np.random.Generator, n: int) -> Arr:
    """Loader delay in seconds (a few minutes)."""
    return 60 + rng.exponential(240, n).astype(np.int64)


def conversations_table(w: World, ids: Ids, rng: np.random.Generator) -> TableOut:
    c = w.c
    idx = np.flatnonzero(c["kind"] == 0)
    ai = c["ai"][idx]
    ended = c["ended"][idx]
    variant = c["variant"][idx]
    last = np.maximum(ended, c["start"][idx])
    cols: dict[str, pa.Array | Ts] = {
        "conversation_id": pc.take(ids.contact_conv, pa.array(idx)),
        "customer_id": pc.take(ids.contact_customer, pa.array(idx)),
        "channel": lookup(CONV_CHANNELS, c["channel"][idx]),
        "started_at": (c["start"][idx], None), "ended_at": (ended, ended > 0),
        "first_handler": lookup(("human_agent", "ai_agent"), ai.astype(int)),
        "agent_version": lookup(VERSIONS, c["version"][idx]),
        "experiment_key": lookup((EXPERIMENT_KEY,), np.zeros(idx.size, int), valid=variant >= 0),
        "experiment_variant": lookup(("control", "treatment"), variant),
        "language": lookup(LANGUAGES, c["lang"][idx]),
        "is_test": lookup(("false", "true"), c["test"][idx].astype(int)),
    }
    return TableOut(SPECS["conversations"], cols, last + lag(rng, idx.size))


def contact_values(w: World, cus: Frame, cus_str: dict[str, pa.Array]) -> dict[str, pa.Array]:
    """Per-contact values of the text placeholders (anonymous visitors get made-up details)."""
    c = w.c
    n = nrows(c)
    ident = pa.array(c["cust"] >= 0)
    cust = pa.array(np.maximum(c["cust"], 0))
    h = splitmix64(np.arange(n) + 7777)
    rf = (h % np.uint64(len(FIRST_NAMES))).astype(np.int64)
    rl = ((h >> np.uint64(20)) % np.uint64(len(LAST_NAMES))).astype(np.int64)
    anon_first = lookup([f for f, _ in FIRST_NAMES], rf)
    anon_name = join(anon_first, " ", lookup([s for s, _ in LAST_NAMES], rl))
    anon_email = join(lookup([a for _, a in FIRST_NAMES], rf), ".", lookup([a for _, a in LAST_NAMES], rl),
                      "@gmail.com")
    o = c["order_no"]
    omat = np.empty((n, 9), np.uint8)
    omat[:, 0] = 65 + o // 26_000_000 % 26
    omat[:, 1] = 65 + o // 1_000_000 % 26
    omat[:, 2] = 45
    omat[:, 3:] = _digits(o % 1_000_000, 6)
    ph = c["phone_no"]
    pmat = np.empty((n, 15), np.uint8)
    pmat[:, 0:3] = np.frombuffer(b"+1 ", np.uint8)
    pmat[:, 3:6] = _digits(ph // 10_000, 3)
    pmat[:, 6:11] = np.frombuffer(b" 555 ", np.uint8)
    pmat[:, 11:15] = _digits(ph % 10_000, 4)
    return {
        "order": strings_from_matrix(omat), "phone": strings_from_matrix(pmat),
        "email": pc.if_else(ident, pc.take(cus_str["email"], cust), anon_email),
        "name": pc.if_else(ident, pc.take(cus_str["full_name"], cust), anon_name),
        "first": pc.if_else(ident, pc.take(cus_str["first"], cust), anon_first),
        "agent": lookup(AGENT_FIRST_NAMES, c["agent"] % len(AGENT_FIRST_NAMES)),
    }


def rows_values(values: dict[str, pa.Array], ci: Arr) -> dict[str, pa.Array]:
    idx = pa.array(ci)
    return {k: pc.take(v, idx) for k, v in values.items()}


def sentiment(w: World, rng: np.random.Generator) -> tuple[Arr, Arr]:
    """Sentiment of customer messages: from the contact's start to end mood along its turns."""
    m = w.msg
    cust = np.flatnonzero(m["sender"] == S_CUST)
    out = np.full(nrows(m), np.nan)
    if cust.size == 0:
        return out, ~np.isnan(out)
    ci = m["ci"][cust]
    first = np.r_[True, ci[1:] != ci[:-1]]
    start_pos = np.flatnonzero(first)
    group = np.cumsum(first) - 1
    count = np.diff(np.r_[start_pos, ci.size])[group]
    k = np.arange(ci.size) - start_pos[group]
    frac = np.where(count > 1, k / np.maximum(count - 1, 1), 0.0)
    s0, s1 = w.c["s0"][ci], w.c["s1"][ci]
    score = np.clip(s0 + frac * (s1 - s0) + rng.normal(0, 0.07, ci.size), -1, 1)
    out[cust] = np.round(score, 3)
    return out, ~np.isnan(out)


def messages_table(w: World, ids: Ids, bank: TemplateBank, values: dict[str, pa.Array],
                   rng: np.random.Generator) -> TableOut:
    m = w.msg
    n = nrows(m)
    ci = pa.array(m["ci"])
    score, has_score = sentiment(w, rng)
    sender_id = pc.choose(pa.array(m["sender"]), pc.take(ids.contact_customer, ci), pa.repeat("ai_ava", n),
                          pc.take(ids.agent, pa.array(np.maximum(m["agent"], 0))), pa.nulls(n, pa.string()))
    cols: dict[str, pa.Array | Ts] = {
        "message_id": format_ids("msg_", np.arange(n) + 1, 9),
        "conversation_id": pc.take(ids.contact_conv, ci),
        "sender_type": lookup(SENDER_TYPES, m["sender"]),
        "sender_id": sender_id,
        "sent_at": (m["t"], None),
        "body": bank.render(m["tpl"], rows_values(values, m["ci"])),
        "feedback": lookup(FEEDBACK, m["feedback"], valid=m["feedback"] > 0),
        "sentiment_score": num_str(score, 3, valid=has_score),
    }
    return TableOut(SPECS["messages"], cols, m["t"] + lag(rng, n))


def attributes(e: Frame, cat: Catalogue) -> pa.Array:
    """JSON attributes of agent events, built per event type and put back in row order."""
    tf = ("false", "true")
    pols = list(POLICIES)
    builders: dict[int, Callable[[Frame], pa.Array]] = {
        E_INTENT: lambda f: join('{"intent": "', lookup(cat.intents, f["a1"]), '", "confidence": ',
                                 num_str(f["f1"], 2), "}"),
        E_TOOL: lambda f: join('{"tool": "', lookup(list(TOOLS), f["a1"]), '", "success": ',
                               lookup(tf, f["a2"]), "}"),
        E_POLICY: lambda f: join('{"policy_id": "', lookup(pols, f["a1"]), '", "passed": ', lookup(tf, f["a2"]),
                                 ', "severity": "', lookup([POLICIES[p][1] for p in pols], f["a1"]), '"}'),
        E_INSTR: lambda f: join('{"action_key": "', lookup([a.key for a in cat.actions], f["a1"]), '"}'),
        E_HANDOFF: lambda f: join('{"reason_code": "', lookup(cat.reasons, f["a1"]), '", "initiated_by": "',
                                  lookup(INITIATORS, f["a2"]), '", "summary_provided": ', lookup(tf, f["a3"]), "}"),
        E_JUDGE: lambda f: join('{"verdict": "', lookup(("not_resolved", "resolved"), f["a1"]), '", "relevant": ',
                                lookup(tf, f["a2"]), ', "accurate": ', lookup(tf, f["a3"]), ', "safe": ',
                                lookup(tf, f["a4"]), "}"),
        E_LLM: lambda f: join('{"model": "', lookup(MODELS, f["a1"]), '", "input_tokens": ', num_str(f["a2"]),
                              ', "output_tokens": ', num_str(f["a3"]), "}"),
        E_CLOSED: lambda f: join('{"closed_by": "', lookup(CLOSERS, f["a1"]), '"}'),
    }
    order = np.argsort(e["etype"], kind="stable")
    pieces = []
    for et, build in builders.items():
        rows = order[e["etype"][order] == et]
        if rows.size:
            pieces.append(build(take(e, rows)))
    if not pieces:
        return pa.array([], pa.string())
    stacked = pa.concat_arrays(pieces)
    inverse = np.empty(order.size, np.int64)
    inverse[np.concatenate([order[e["etype"][order] == et] for et in builders])] = np.arange(order.size)
    return pc.take(stacked, pa.array(inverse))


def agent_events_table(w: World, ids: Ids, cat: Catalogue, rng: np.random.Generator) -> TableOut:
    e = w.evt
    n = nrows(e)
    cols: dict[str, pa.Array | Ts] = {
        "event_id": format_ids("aev_", np.arange(n) + 1, 9),
        "conversation_id": pc.take(ids.contact_conv, pa.array(e["ci"])),
        "event_type": lookup(EVENT_TYPES, e["etype"]),
        "occurred_at": (e["t"], None),
        "attributes": attributes(e, cat),
        "cost_usd": num_str(e["cost"], 6, valid=~np.isnan(e["cost"])),
    }
    return TableOut(SPECS["agent_events"], cols, e["t"] + lag(rng, n))


def tickets_table(w: World, ids: Ids, cat: Catalogue, rng: np.random.Generator) -> TableOut:
    k = w.tkt
    n = nrows(k)
    ci = pa.array(k["ci"])
    linked = k["tkind"] != T_DIRECT
    cols: dict[str, pa.Array | Ts] = {
        "ticket_id": ids.ticket,
        "customer_id": pc.take(ids.contact_customer, ci),
        "conversation_id": pc.if_else(pa.array(linked), pc.take(ids.contact_conv, ci), pa.scalar(None, pa.string())),
        "channel": lookup(TICKET_CHANNELS, k["channel"]),
        "created_at": (k["created"], None),
        "status": lookup(STATUSES, k["status"]),
        "assignee_id": pc.take(ids.agent, pa.array(np.maximum(k["assignee"], 0), mask=k["assignee"] < 0)),
        "group_name": lookup([GROUP_NAMES.get(c, c.title()) for c in cat.clusters], cat.cluster_of[k["intent"]]),
        "priority": lookup(PRIORITIES, k["priority"]),
        "intent": lookup(cat.intents, k["intent"]),
        "handle_minutes": num_str(k["handle"], 1),
        "updated_at": (k["updated"], None),
    }
    return TableOut(SPECS["tickets"], cols, k["updated"] + lag(rng, n))


def comments_table(w: World, ids: Ids, bank: TemplateBank, values: dict[str, pa.Array],
                   rng: np.random.Generator) -> TableOut:
    m = w.cmt
    n = nrows(m)
    ci = w.tkt["ci"][m["ti"]]
    author_id = pc.choose(pa.array(m["author"]), pc.take(ids.contact_customer, pa.array(ci)),
                          pc.take(ids.agent, pa.array(np.maximum(m["agent"], 0))), pa.nulls(n, pa.string()))
    cols: dict[str, pa.Array | Ts] = {
        "comment_id": format_ids("cmt_", np.arange(n) + 1, 8),
        "ticket_id": pc.take(ids.ticket, pa.array(m["ti"])),
        "author_type": lookup(AUTHOR_TYPES, m["author"]),
        "author_id": author_id,
        "created_at": (m["t"], None),
        "is_public": lookup(("false", "true"), m["public"].astype(int)),
        "body": bank.render(m["tpl"], rows_values(values, ci)),
    }
    return TableOut(SPECS["ticket_comments"], cols, m["t"] + lag(rng, n))


def status_table(w: World, ids: Ids, rng: np.random.Generator) -> TableOut:
    s = w.stc
    cols: dict[str, pa.Array | Ts] = {"ticket_id": pc.take(ids.ticket, pa.array(s["ti"])),
                                      "status": lookup(STATUSES, s["status"]), "changed_at": (s["t"], None)}
    return TableOut(SPECS["ticket_status_changes"], cols, s["t"] + lag(rng, nrows(s)))


def surveys_table(w: World, sv: Frame, ids: Ids, rng: np.random.Generator) -> TableOut:
    n = nrows(sv)
    c = w.c
    is_conv = c["kind"][sv["ci"]] == 0
    # direct tickets: the survey points at the contact's ticket
    tick_of_contact = np.full(nrows(c), -1, np.int64)
    direct = w.tkt["tkind"] == T_DIRECT
    tick_of_contact[w.tkt["ci"][direct]] = w.tkt["tid"][direct]
    tix = tick_of_contact[sv["ci"]]
    good = sv["score"] >= np.where(sv["stype"] == 0, 4, np.where(sv["stype"] == 1, 5, 9))
    texts = SURVEY_COMMENTS["good"] + SURVEY_COMMENTS["bad"]
    cols: dict[str, pa.Array | Ts] = {
        "response_id": format_ids("rsp_", np.arange(n) + 1, 7),
        "conversation_id": pc.take(ids.contact_conv, pa.array(sv["ci"], mask=~is_conv)),
        "ticket_id": pc.take(ids.ticket, pa.array(np.maximum(tix, 0), mask=is_conv | (tix < 0))),
        "survey_type": lookup(SURVEY_TYPES, sv["stype"]),
        "score": num_str(sv["score"]),
        "responded_at": (sv["t"], None),
        "comment": lookup(texts, np.where(good, 0, 3) + sv["comment"], valid=sv["comment"] >= 0),
    }
    return TableOut(SPECS["survey_responses"], cols, sv["t"] + lag(rng, n))


def accounts_table(acc: Frame, ids: Ids, rng: np.random.Generator) -> TableOut:
    n = nrows(acc)
    name = join(lookup(COMPANY_PREFIX, acc["pre"]), lookup(COMPANY_SUFFIX, acc["suf"]),
                lookup(COMPANY_FORM, acc["form"]))
    cols: dict[str, pa.Array | Ts] = {"account_id": ids.account, "name": name,
                                      "segment": lookup(SEGMENTS, acc["seg"]), "plan": lookup(PLANS, acc["plan"]),
                                      "created_at": (acc["created"], None)}
    return TableOut(SPECS["accounts"], cols, acc["created"] + lag(rng, n))


def customers_table(cus: Frame, cus_str: dict[str, pa.Array], ids: Ids, rng: np.random.Generator) -> TableOut:
    n = nrows(cus)
    cols: dict[str, pa.Array | Ts] = {"customer_id": ids.customer, "account_id": pc.take(ids.account,
                                                                                        pa.array(cus["acc"])),
                                      "email": cus_str["email"], "full_name": cus_str["full_name"],
                                      "country": lookup(COUNTRIES, cus["country"]),
                                      "created_at": (cus["created"], None)}
    return TableOut(SPECS["customers"], cols, cus["created"] + lag(rng, n))


def subscriptions_table(subs: Frame, ids: Ids, cfg: Config, rng: np.random.Generator) -> TableOut:
    n = nrows(subs)
    closed = subs["outcome"] >= 0
    cols: dict[str, pa.Array | Ts] = {
        "subscription_id": format_ids("sub_", np.arange(n) + 1, 7),
        "account_id": pc.take(ids.account, pa.array(subs["acc"])),
        "period_start": format_date(subs["start"]), "period_end": format_date(subs["end"]),
        "mrr_usd": num_str(subs["mrr"], 2),
        "renewal_outcome": lookup(("renewed", "expanded", "contracted", "churned"), subs["outcome"]),
        "next_mrr_usd": num_str(subs["next"], 2, valid=closed),
    }
    loaded = np.where(closed, subs["end"], np.maximum(subs["start"], cfg.start_ts // DAY)) * DAY
    return TableOut(SPECS["subscriptions"], cols, loaded + lag(rng, n))


# --------------------------------------------------------------------------- product events
EVENT_NAMES = ("session_started", *BG_EVENTS)


def anon_ids(keys: Arr, salt: int, valid: Arr | None = None) -> pa.Array:
    """Stable anonymous (device) ids: anon_ + 12 hex digits of a hash."""
    return format_hex_ids("anon_", splitmix64(keys.astype(np.uint64) ^ np.uint64(salt)), valid)


@lru_cache(maxsize=1)
def props_pool() -> pa.Array:
    """A pool of properties JSON strings (device x app version x duration)."""
    durations = np.random.default_rng(0).integers(10_000, 100_000, 256)
    return pa.array([f'{{"device": "{d}", "app_version": "{v}", "duration_ms": {int(ms)}}}'
                     for d in DEVICES for v in APP_VERSIONS for ms in durations])


def product_props(rng: np.random.Generator, n: int, device: Arr) -> pa.Array:
    """properties JSON: device, app version and a duration."""
    combo = (device * len(APP_VERSIONS) + pick(rng, n, (0.2, 0.5, 0.3))) * 256 + rng.integers(0, 256, n)
    return pc.take(props_pool(), pa.array(combo))


def background_chunk(rng: np.random.Generator, size: int, sched: Schedule, cus: Frame, churn_ts: Arr,
                     ids: Ids, cus_anon: pa.Array, seq0: int, sess0: int) -> tuple[TableOut, int]:
    """One chunk of background product events in sessions (about 9 events per session).

    Draws more than needed (for churned customers' lost activity, +6%), drops events after the
    extraction time or after the customer's churn, and keeps the first `size` of the rest
    (sessions come in random order, so this is a random subset)."""
    want = size
    alive = np.clip((churn_ts - sched.start_ts) / (sched.end_ts - sched.start_ts), 0.0, 1.0)
    keep_share = float((cus["activity"] * alive).sum() / cus["activity"].sum())
    size = int(size * 1.06 / (0.97 * keep_share + 0.03)) + 64
    lens = 1 + rng.geometric(1 / 9, size // 6 + 16)
    cum = np.cumsum(lens)
    while cum[-1] < size:  # practically never: a second draw covers the rest
        lens = np.r_[lens, 1 + rng.geometric(1 / 9, size // 6 + 16)]
        cum = np.cumsum(lens)
    k = int(np.searchsorted(cum, size))
    lens = lens[:k + 1].copy()
    lens[-1] -= cum[k] - size
    n_s = lens.size
    anon = rng.random(n_s) < 0.03
    w = np.cumsum(cus["activity"])
    cust = np.minimum(np.searchsorted(w, rng.random(n_s) * w[-1], side="right"), len(w) - 1)
    visitor = rng.integers(0, 2**40, n_s)
    s_start = sample_times(rng, n_s, sched, growth=0.1)
    device = pick(rng, n_s, DEVICE_P)
    sess = np.repeat(np.arange(n_s), lens)
    first_pos = np.cumsum(lens) - lens
    cg = np.cumsum(rng.exponential(45, size).astype(np.int64) + 1)
    t = s_start[sess] + cg - cg[first_pos][sess]
    first = np.zeros(size, bool)
    first[first_pos] = True
    name = np.where(first, 0, 1 + pick(rng, size, BG_EVENT_P))
    page = pick(rng, size, BG_PAGE_P)
    page = np.where(name == 1, page, -1)
    for ev, path in BG_FIXED_PAGE.items():
        page = np.where(name == EVENT_NAMES.index(ev), BG_PAGES.index(path), page)
    page = np.where(first, 0, page)
    e_anon = anon[sess]
    e_cust = cust[sess]
    keep = (t <= sched.end_ts) & (e_anon | (t < churn_ts[e_cust]))
    idx = np.flatnonzero(keep)[:want]
    n = idx.size
    sess_k = pa.array(sess[idx])
    s_customer = pc.take(ids.customer, pa.array(cust, mask=anon))
    s_anon = pc.if_else(pa.array(anon), anon_ids(visitor, 0xA11CE), pc.take(cus_anon, pa.array(cust)))
    cols: dict[str, pa.Array | Ts] = {
        "event_id": format_ids("evt_", seq0 + np.arange(n) + 1, 9),
        "customer_id": pc.take(s_customer, sess_k),
        "anonymous_id": pc.take(s_anon, sess_k),
        "event_name": lookup(EVENT_NAMES, name[idx]),
        "occurred_at": (t[idx], None),
        "page_path": lookup(BG_PAGES, page[idx]),
        "session_id": pc.take(format_ids("ses_", sess0 + np.arange(n_s) + 1, 9), sess_k),
        "properties": product_props(rng, n, device[sess[idx]]),
    }
    loaded = t[idx] + rng.integers(60, HOUR, n)
    return TableOut(SPECS["events"], cols, loaded), n_s


def downstream_table(ev: Frame, cat: Catalogue, ids: Ids, cus_anon: pa.Array,
                     rng: np.random.Generator) -> TableOut:
    """Product events planted by instructions (success, late/early/wrong-page success, contrary)."""
    n = nrows(ev)
    act = ev["act"]
    success = [a.success_event for a in cat.actions]
    contrary = [a.contrary_event or a.success_event for a in cat.actions]
    page = [a.page_path or ACTION_DEFAULT_PAGE.get(a.key, "/home") for a in cat.actions]
    name = pc.if_else(pa.array(ev["kind"] == 2), lookup(contrary, act), lookup(success, act))
    path = pc.if_else(pa.array(ev["kind"] == 1), pa.scalar("/home"), lookup(page, act))
    path = pc.if_else(pa.array(ev["kind"] == 2), pa.scalar(None, pa.string()), path)
    cols: dict[str, pa.Array | Ts] = {
        "event_id": format_ids("evt_", np.arange(n) + 1, 9),
        "customer_id": pc.take(ids.customer, pa.array(ev["cust"])),
        "anonymous_id": pc.take(cus_anon, pa.array(ev["cust"])),
        "event_name": name,
        "occurred_at": (ev["t"], None),
        "page_path": path,
        "session_id": format_ids("ses_", np.arange(n) + 1, 9),
        "properties": product_props(rng, n, pick(rng, n, DEVICE_P)),
    }
    return TableOut(SPECS["events"], cols, ev["t"] + rng.integers(60, HOUR, n))


def write_product_events(cfg: Config, sched: Schedule, cat: Catalogue, cus: Frame, churn_ts: Arr, ids: Ids,
                         dev: Frame, ledger: Ledger) -> None:
    """Downstream events first, then background chunks, all into one file (written in the background)."""
    writer = TableWriter(cfg, SPECS["events"])
    cus_anon = anon_ids(np.arange(nrows(cus)), 0xC0FFEE)
    first = prepare(cfg, downstream_table(dev, cat, ids, cus_anon, stream(cfg.seed, "downstream_props")), ledger)
    WRITES.submit(lambda: writer.write(first))
    seq = sess = nrows(dev)
    total_bg = max(0, round(cfg.events_per_conversation * cfg.conversations) - nrows(dev))
    sizes = [EVENT_CHUNK_ROWS] * (total_bg // EVENT_CHUNK_ROWS)
    if total_bg % EVENT_CHUNK_ROWS:
        sizes.append(total_bg % EVENT_CHUNK_ROWS)
    for j, size in enumerate(sizes, start=1):
        out, n_s = background_chunk(stream(cfg.seed, "events", j), size, sched, cus, churn_ts, ids, cus_anon,
                                    seq, sess)
        seq += out.loaded.size
        sess += n_s
        table = prepare(cfg, out, ledger, chunk=j)
        WRITES.submit(lambda t=table: writer.write(t))
    WRITES.submit(writer.close)
    WRITES.drain()


# --------------------------------------------------------------------------- truth
def rate(p: Arr, realised: Arr | None = None) -> dict[str, float | int]:
    """Expected rate (mean of the per-row probabilities used), its sd, and the realised share."""
    p = np.asarray(p, dtype=float)
    n = int(p.size)
    out: dict[str, float | int] = {"n": n}
    if n:
        out["expected"] = round(float(p.mean()), 6)
        out["sd"] = round(float(math.sqrt(float((p * (1 - p)).sum())) / n), 6)
        if realised is not None:
            out["realised"] = round(float(np.mean(realised)), 6)
    return out


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")


def realised_flags(w: World) -> tuple[Arr, Arr, Arr]:
    """Per contact, from the rows actually written: AI answered, escalated, has a human message."""
    n = nrows(w.c)
    m, e = w.msg, w.evt
    answered = np.zeros(n, bool)
    answered[m["ci"][m["answer"]]] = True
    human = np.zeros(n, bool)
    human[m["ci"][m["sender"] == S_HUMAN]] = True
    esc = human.copy()
    esc[e["ci"][e["etype"] == E_HANDOFF]] = True
    pub = (w.cmt["author"] == 1) & w.cmt["public"]
    tk = w.cmt["ti"][pub]
    linked = w.tkt["tkind"][tk] == T_ESCALATION
    esc[w.tkt["ci"][tk[linked]]] = True
    return answered, esc, human


def window_hits(key: Arr, t: Arr, q_key: Arr, q_lo: Arr, q_hi: Arr) -> Arr:
    """For each query: is there a row with the same key and t in (q_lo, q_hi]?"""
    if key.size == 0:
        return np.zeros(q_key.size, bool)
    base = np.int64(2**33)
    comb = np.sort(key.astype(np.int64) * base + (t - t.min() + 1))
    lo = q_key.astype(np.int64) * base + np.clip(q_lo - t.min() + 1, -1, base - 1)
    hi = q_key.astype(np.int64) * base + np.clip(q_hi - t.min() + 1, -1, base - 1)
    return np.searchsorted(comb, hi, side="right") > np.searchsorted(comb, lo, side="right")


def by_cluster(cat: Catalogue, cl: Arr, fn: Callable[[Arr], dict]) -> dict[str, dict]:
    return {name: fn(cl == k) for k, name in enumerate(cat.clusters)}


def truth_ladder(w: World, cat: Catalogue) -> dict:
    c = w.c
    answered, esc, _human = realised_flags(w)
    pop = c["ai"] & ~c["test"]
    cl = cat.cluster_of[c["intent"]]
    cls_ok = pop & c["classified"]

    def one(mask: Arr) -> dict:
        return {"n": int(mask.sum()), "ai_answered": rate(c["p_answered"][mask], answered[mask]),
                "escalated": rate(c["p_escalated"][mask], esc[mask]),
                "outcome_mix": {o: int(((c["outcome"] == k) & mask).sum()) for k, o in
                                ((O_CONFIRMED, "confirmed"), (O_NEGATIVE, "negative"), (O_SILENT, "silent"),
                                 (O_UNANSWERED, "unanswered"), (O_ESCALATED, "escalated"))}}

    hidden = pop & ((c["answered"] & ~answered) | (c["escalated"] & ~esc))
    return {
        "population": "non-test conversations with first_handler=ai_agent (all post-launch), grouped by the "
                      "seed intent_cluster of the true intent; 'realised' = share visible in the written rows "
                      "(ai_answered: an AI message that is neither greeting nor fallback; escalated: handoff "
                      "event, human_agent message, or a linked ticket with a public human comment)",
        "by_cluster": by_cluster(cat, cl, lambda m: one(pop & m)),
        "by_cluster_classified_only": by_cluster(cat, cl, lambda m: one(cls_ok & m)),
        "unclassified": one(pop & ~c["classified"]),
        "overall": one(pop),
        "flags_hidden_by_extraction_cut": int(hidden.sum()),
        "missed_escalation_customer_asked": int((pop & c["missed_req"]).sum()),
        "note_classified_only": "the models can attribute an AI conversation to an intent only through its "
                                "intent_classified event (3% have none); intent_classified.intent is always "
                                "the true intent",
    }


def truth_context(w: World, cat: Catalogue) -> dict:
    c = w.c
    _, _esc, human = realised_flags(w)
    pop = c["ai"] & ~c["test"] & c["escalated"] & human
    cl = cat.cluster_of[c["intent"]]
    return {
        "population": "non-test AI-first escalated conversations with at least one human_agent message",
        "definition": "the human's first message asks for an order number / email / phone the customer gave "
                      "in the opening message (human_asks_known_info_regex); in half of them the customer "
                      "then says so (customer_already_said_regex). p = 0.17 if the handoff had a summary, "
                      "else 0.60",
        "overall": rate(c["p_context_lost"][pop], c["context_lost"][pop]),
        "by_cluster": by_cluster(cat, cl, lambda m: rate(c["p_context_lost"][pop & m], c["context_lost"][pop & m])),
        "already_said_realised": int((pop & c["already"]).sum()),
    }


def contact_end(c: Frame) -> Arr:
    return np.where(c["kind"] == 0, c["ended"], c["end"])


def truth_recontact(w: World, cat: Catalogue, churn_ts_contact: Arr, sched: Schedule) -> dict:
    c = w.c
    win = 72 * HOUR
    end = contact_end(c)
    cl = cat.cluster_of[c["intent"]]
    eligible = ~c["test"] & (c["cust"] >= 0) & (end > 0) & (end + win <= np.minimum(sched.end_ts, churn_ts_contact))
    f72 = 1 - math.exp(-72 / P.recontact_mean_hours)
    p72 = c["p_recontact"] * f72
    child = np.zeros(nrows(c), bool)
    kids = np.flatnonzero(c["parent"] >= 0)
    in_win = c["start"][kids] <= c["end"][c["parent"][kids]] + win
    child[c["parent"][kids[in_win]]] = True
    contacts = ~c["test"] & (c["cust"] >= 0)
    key = c["cust"] * len(cat.clusters) + cl
    hit = window_hits(key[contacts], c["start"][contacts], key, end, end + win)
    contained = c["ai"] & np.isin(c["outcome"], (O_CONFIRMED, O_SILENT))
    human_res = ~c["ai"] & c["resolved"]

    def block(mask: Arr) -> dict:
        return {"all": rate(p72[mask], hit[mask]), "ai_contained": rate(p72[mask & contained], hit[mask & contained]),
                "human_resolved": rate(p72[mask & human_res], hit[mask & human_res]),
                "planted_child_within_72h": int((mask & child).sum())}

    return {
        "population": "non-test contacts (conversations and direct tickets) of identified customers whose end "
                      "(conversation ended_at; direct ticket final solve, else last activity) + 72h is before "
                      "the extraction time and before their account's churn date",
        "definition": "expected = p_recontact x P(delay <= 72h); a re-contact is a new contact of the same "
                      "customer with the same intent (so same cluster) starting exp(mean 30h) after the end; "
                      "'realised' = any non-test contact of the same customer and cluster starting in "
                      "(end, end + 72h] (includes coincidental contacts); 'ai_contained' = AI-first, not "
                      "escalated, outcome confirmed or silent; 'human_resolved' = human-handled and solved",
        "planted": {"p_resolved": P.recontact_p_resolved, "p_unresolved": P.recontact_p_unresolved,
                    "cluster_shift_unresolved": {k: CLUSTER_PARAMS.get(k, DEFAULT_CLUSTER).recontact_shift
                                                 for k in cat.clusters},
                    "cluster_shift_resolved": "half of cluster_shift_unresolved",
                    "mean_delay_hours": P.recontact_mean_hours, "p_delay_within_72h": round(f72, 6)},
        "overall": block(eligible),
        "by_cluster": by_cluster(cat, cl, lambda m: block(eligible & m)),
    }


def truth_downstream(w: World, cat: Catalogue, instr: Frame, dev: Frame) -> dict:
    c = w.c
    mature = instr["mature"]
    good = dev["kind"] == 0
    n_act = len(cat.actions)
    taken = window_hits(dev["cust"][good] * n_act + dev["act"][good], dev["t"][good],
                        c["cust"][instr["ci"]] * n_act + instr["act"], instr["t"], instr["t"] + instr["win"])
    con = dev["kind"] == 2
    contrary = window_hits(dev["cust"][con] * n_act + dev["act"][con], dev["t"][con],
                           c["cust"][instr["ci"]] * n_act + instr["act"], instr["t"], instr["t"] + instr["win"])
    out: dict[str, dict] = {}
    for k, a in enumerate(cat.actions):
        m = mature & (instr["act"] == k)
        entry = {"follow_through": rate(instr["p"][m], taken[m]),
                 "planted_p_resolved": ACTION_FOLLOW_THROUGH.get(a.key, 0.6),
                 "planted_p_unresolved": round(ACTION_FOLLOW_THROUGH.get(a.key, 0.6)
                                               * P.follow_through_unresolved_factor, 6),
                 "window_hours": a.window_hours}
        if a.contrary_event:
            entry["contrary"] = rate(np.full(int(m.sum()), P.contrary_p), contrary[m])
            entry["contrary_event"] = a.contrary_event
        out[a.key] = entry
    return {
        "population": "instruction_given events of non-test conversations of identified customers whose "
                      "instruction time + action window is before the extraction time",
        "definition": "taken = the same customer fires the seed success_event (with the seed page_path when "
                      "set) in (instruction, instruction + window]; per-row p = planted follow-through x "
                      f"({P.follow_through_unresolved_factor} if the conversation was not really resolved); "
                      f"decoys: {P.late_success_share} of non-takers act after the window, "
                      f"{P.early_success_share} before the instruction, {P.wrong_page_share} on a wrong page",
        "by_action": out,
        "instruction_share_of_answered_mapped": P.instruction_share,
    }


def truth_csat(w: World, sv: Frame) -> dict:
    csat = sv["stype"] == 0
    out: dict[str, dict] = {}
    for k, name in enumerate(STREAMS):
        m = csat & (sv["stream"] == k)
        n = int(m.sum())
        out[name] = {"n": n, "expected_mean": round(float(sv["exp_mean"][m].mean()), 6) if n else None,
                     "sd": round(math.sqrt(float(sv["exp_var"][m].sum())) / n, 6) if n else None,
                     "realised_mean": round(float(sv["score"][m].mean()), 6) if n else None}
    gap = None
    if out["ai_only"]["n"] and out["human_only"]["n"]:
        gap = {"expected": round(out["ai_only"]["expected_mean"] - out["human_only"]["expected_mean"], 6),
               "sd": round(math.hypot(out["ai_only"]["sd"], out["human_only"]["sd"]), 6),
               "realised": round(out["ai_only"]["realised_mean"] - out["human_only"]["realised_mean"], 6)}
    return {
        "population": "csat survey_responses of non-test contacts; streams: ai_only = AI-first not escalated, "
                      "post_handoff = AI-first escalated, human_only = human-first conversations and direct "
                      "tickets",
        "distributions": {f"{s}/{'resolved' if r else 'unresolved'}": list(v) for (s, r), v in CSAT_DIST.items()},
        "streams": out, "gap_ai_only_minus_human_only": gap,
        "response_shares": {"csat": P.csat_share, "ces": P.ces_share, "nps": P.nps_share},
        "ces_distribution": {"resolved": list(CES_DIST[True]), "unresolved": list(CES_DIST[False])},
        "nps_distribution": {"resolved": list(NPS_DIST[True]), "unresolved": list(NPS_DIST[False])},
    }


def truth_experiment(w: World, sched: Schedule) -> dict:
    c = w.c
    answered, esc, _ = realised_flags(w)
    pop = c["ai"] & ~c["test"] & (c["variant"] >= 0)
    arms = {}
    for k, name in enumerate(("control", "treatment")):
        m = pop & (c["variant"] == k)
        arms[name] = {"n": int(m.sum()), "n_customers": int(np.unique(c["cust"][m]).size),
                      "escalated": rate(c["p_escalated"][m], esc[m]),
                      "ai_answered": rate(c["p_answered"][m], answered[m])}
    eff = None
    if arms["control"]["n"] and arms["treatment"]["n"]:
        eff = {"escalated_expected_diff": round(arms["treatment"]["escalated"]["expected"]
                                                - arms["control"]["escalated"]["expected"], 6),
               "ai_answered_expected_diff": round(arms["treatment"]["ai_answered"]["expected"]
                                                  - arms["control"]["ai_answered"]["expected"], 6)}
    return {
        "experiment_key": EXPERIMENT_KEY, "start": iso(sched.exp_start), "end_exclusive": iso(sched.exp_end),
        "population": "non-test AI-first conversations of identified customers started in the experiment "
                      "window (they carry experiment_key/variant)",
        "assignment": "by customer: treatment iff bit 11 of splitmix64(customer number XOR 0x5EEDAB01) is 1, "
                      "customer number = the digits of customer_id; treatment runs agent_version v2.0-beta",
        "planted": {"escalation_delta": -P.ab_escalation_delta, "ai_answered_delta": P.ab_answered_delta,
                    "confirmed_share_delta": P.ab_confirmed_delta},
        "arms": arms, "expected_effect": eff,
    }


def truth_regression(w: World, sched: Schedule) -> dict:
    c = w.c
    _, esc, _ = realised_flags(w)
    base = c["ai"] & ~c["test"]
    days = [iso(t)[:10] for t in range(sched.reg_start, sched.reg_end, DAY)]
    in_reg = base & c["reg"]
    other = base & ~c["reg"] & (c["variant"] != 1)
    return {"agent_version": "v1.2", "dates": days, "uplift": P.regression_escalation_uplift,
            "population": "non-test AI-first conversations started on the listed dates (agent_version v1.2) vs "
                          "all other non-test AI-first conversations outside the experiment treatment arm",
            "escalated_regression_days": rate(c["p_escalated"][in_reg], esc[in_reg]),
            "escalated_other_days": rate(c["p_escalated"][other], esc[other])}


def truth_peak(w: World, sched: Schedule) -> dict:
    c = w.c
    answered, esc, _ = realised_flags(w)
    base = c["ai"] & ~c["test"]
    slots = [{"dow": int(s // 24), "hour": int(s % 24)} for s in np.flatnonzero(sched.peak_slots)]
    return {"slots": slots, "slot_convention": "dow 0 = Monday, hour in UTC, by started_at",
            "escalation_uplift": P.peak_escalation_uplift, "ai_answered_drop": P.peak_answered_drop,
            "population": "non-test AI-first conversations started in a peak slot vs not",
            "peak": {"escalated": rate(c["p_escalated"][base & c["peak"]], esc[base & c["peak"]]),
                     "ai_answered": rate(c["p_answered"][base & c["peak"]], answered[base & c["peak"]])},
            "off_peak": {"escalated": rate(c["p_escalated"][base & ~c["peak"]], esc[base & ~c["peak"]]),
                         "ai_answered": rate(c["p_answered"][base & ~c["peak"]], answered[base & ~c["peak"]])},
            "note": "the planted slots are the top 20% of the hour-of-week volume profile; the realised top "
                    "20% by volume may differ at the margin"}


def truth_churn(subs: Frame) -> dict:
    closed = subs["outcome"] >= 0
    churned = subs["outcome"] == 3
    bad = subs["bad"]
    return {"base": P.churn_base, "uplift": P.churn_uplift,
            "definition": "per closed account term (period_end <= end of data): p(churn) = base + uplift if the "
                          "term had a bad experience: a contact of a customer of the account, started inside "
                          "the term, on a high-stakes intent (seed is_high_stakes) that was not really resolved "
                          "(AI not resolved, escalation/ticket never solved, abandoned) or that was re-contacted "
                          "(generator's latent draws). Customers of a churned account stop contacting at "
                          "period_end; the account has no later terms",
            "population": "subscriptions rows with a renewal_outcome",
            "bad_terms": rate(subs["p_churn"][closed & bad], churned[closed & bad]),
            "good_terms": rate(subs["p_churn"][closed & ~bad], churned[closed & ~bad]),
            "other_outcomes": "not churned: renewed 68%, expanded 20% (mrr x U(1.1,1.5)), contracted 12% "
                              "(x U(0.6,0.9))"}


def truth_cost(w: World) -> dict:
    c, e = w.c, w.evt
    pop = c["ai"] & ~c["test"]
    cost = np.bincount(e["ci"], weights=np.nan_to_num(e["cost"]), minlength=nrows(c))
    return {"population": "non-test AI-first conversations; sum of agent_events.cost_usd (llm_call, tool_call, "
                          "resolution_check) per conversation",
            "mean_event_cost_usd": round(float(cost[pop].mean()), 6) if pop.any() else None,
            "model_prices_usd_per_token": {m: {"input": p[0], "output": p[1]} for m, p in zip(MODELS, MODEL_PRICES)},
            "tool_call_cost_usd": TOOL_CALL_COST_USD, "resolution_check_cost_usd": 0.002}


def truth_quality_events(w: World) -> dict:
    e = w.evt
    out: dict[str, dict] = {"tools": {}, "policies": {}}
    for k, (tool, (fail, _)) in enumerate(TOOLS.items()):
        m = (e["etype"] == E_TOOL) & (e["a1"] == k)
        out["tools"][tool] = {"planted_failure_rate": fail, "calls": int(m.sum()),
                              "failures": int((m & (e["a2"] == 0)).sum())}
    for k, (pol, (fail, sev, _)) in enumerate(POLICIES.items()):
        m = (e["etype"] == E_POLICY) & (e["a1"] == k)
        out["policies"][pol] = {"planted_failure_rate": fail, "severity": sev, "checks": int(m.sum()),
                                "failures": int((m & (e["a2"] == 0)).sum())}
    out["note"] = ("tool_call/policy_check rows only for ai-answered conversations; a handoff with reason "
                   "tool_failure always has a failed tool_call just before it (counted above)")
    return out


# --------------------------------------------------------------------------- per-contact truth
NEGATIVE_SENTIMENT = -0.3           # dbt var negative_sentiment_threshold
RESOLUTION_INACTIVITY = 24 * HOUR   # dbt var resolution_inactivity_hours
RECONTACT_WINDOWS = (("24h", 24 * HOUR), ("72h", 72 * HOUR), ("7d", 168 * HOUR))
OUTCOME_LABELS = ("human_resolved", "human_unresolved", "escalated", "resolved_confirmed", "resolved_assumed",
                  "abandoned", "unassisted", "in_progress")
CONTACT_TRUTH_FILE = "contact_truth.parquet"
CONTACT_TRUTH_COLUMNS: dict[str, str] = {
    "contact_id": "'conversation:<conversation_id>' or 'ticket:<ticket_id>' (direct ticket), as in the raw ids",
    "contact_type": "conversation | direct_ticket",
    "conversation_id": "raw conversation_id (null for direct tickets)",
    "ticket_id": "the contact's ticket (escalation / human-first / direct) if created by the cut, else null",
    "customer_id": "raw customer_id, null when anonymous",
    "account_id": "the customer's CRM account, null when anonymous",
    "generation": "0 = primary contact, k = planted re-contact of generation k",
    "parent_contact_id": "the contact this one is a planted re-contact of (the simulation's causal link)",
    "channel": "conversation channel, or the direct ticket's channel",
    "language": "conversation language (null for direct tickets)",
    "agent_version": "AI agent version (AI-first conversations only)",
    "experiment_variant": "control | treatment inside the A/B test, else null",
    "first_handler": "ai_agent (AI-first conversation) | human_agent (human-first conversation, direct ticket)",
    "handler_branch": "ai | human",
    "is_open_at_extraction": "conversation still open at the cut (no ended_at in the raw data)",
    "intent": "the true intent of the contact (latent)",
    "intent_cluster": "seed cluster of the true intent",
    "revealed_intent": "the intent the raw data states: the intent_classified event (always the true intent), else "
                       "the contact's ticket intent (an escalation ticket may name a sibling intent), else null",
    "revealed_intent_cluster": "seed cluster of revealed_intent (null when not revealed)",
    "intent_needs_human": "seed needs_human of the true intent",
    "revealed_intent_needs_human": "seed needs_human of revealed_intent (null when not revealed)",
    "intent_is_high_stakes": "seed is_high_stakes of the true intent",
    "intent_requires_backend_action": "seed requires_backend_action of the true intent",
    "started_at": "conversation start / direct ticket creation (UTC, naive)",
    "ended_at": "conversation end (last message; null while open); direct ticket: its first solve",
    "last_message_at": "last chat message of any sender by the cut (conversations)",
    "outcome_settles_at": "coalesce(last_message_at, ended_at, started_at) + 24h; direct tickets started_at + 24h",
    "is_ai_involved": "AI-first conversation with at least one AI message by the cut",
    "is_ai_answered": "at least one substantive AI answer (not greeting / fallback / decline) by the cut",
    "ai_message_count": "AI messages by the cut",
    "ai_answer_count": "substantive AI answers by the cut",
    "turns": "customer chat messages plus public customer ticket comments by the cut",
    "first_ai_message_at": "first AI message",
    "last_ai_answer_at": "last substantive AI answer",
    "has_intent_classified": "an intent_classified event was emitted by the cut",
    "ai_intent_confidence": "its confidence",
    "tool_call_count": "tool_call events by the cut", "tool_failure_count": "failed tool calls",
    "policy_check_count": "policy_check events", "policy_failure_count": "failed policy checks",
    "critical_policy_failure_count": "failed checks of critical policies",
    "instruction_count": "instruction_given events",
    "ai_event_cost_usd": "sum of the agent events' cost_usd (rounded to 6 decimals as written)",
    "judge_verdict": "verdict of the last resolution_check event (resolved | not_resolved), null if none",
    "case_closed_by": "closed_by of the case_closed event (ai_agent | human_agent | timeout), null if none",
    "is_escalated": "AI-first conversation the simulation escalated, with the escalation (handoff or human "
                    "message) happening by the cut",
    "escalated_at": "first of handoff event, escalation ticket creation, first human reply",
    "has_handoff_event": "the escalation has a handoff event",
    "handoff_reason_code": "reason of the handoff (null without handoff event)",
    "handoff_initiated_by": "initiated_by of the handoff",
    "is_handoff_summary_provided": "the handoff carried a summary (false when escalated without handoff event, "
                                   "null when not escalated)",
    "has_human_request": "the customer asked for a human (AI-first conversations; latent)",
    "should_have_escalated": "AI-first: intent needs a human or the customer asked for one (null for the human "
                             "branch)",
    "is_context_lost": "escalated and the human's first message asked for information the customer had given",
    "first_human_reply_at": "first human chat message or public human ticket comment",
    "human_queue_started_at": "human branch: started_at; AI: handoff, else escalation ticket creation",
    "human_first_response_seconds": "human_queue_started_at -> first_human_reply_at (when not before it)",
    "escalation_ticket_count": "tickets linked to the conversation by the cut",
    "ticket_solve_count": "solves of the contact's tickets by the cut (into solved from an unsolved status)",
    "reopen_count": "reopens (solved -> unsolved) by the cut",
    "first_reopened_at": "first reopen",
    "is_ticket_solved_now": "every ticket of the contact is solved/closed at the cut (null without ticket)",
    "handle_minutes": "sum of the tickets' handle_minutes",
    "outcome": "human_resolved | human_unresolved | escalated | resolved_confirmed | resolved_assumed | "
               "abandoned | unassisted | in_progress (the settled label; in_progress = the deciding message "
               "came after the cut)",
    "is_deflected": "AI-involved and not escalated",
    "is_contained": "AI-first, not escalated, outcome confirmed / silent (resolved_confirmed / resolved_assumed) "
                    "with the last AI answer by the cut",
    "is_autonomously_resolved": "contained, intent classified, no failed policy check / tool call, case_closed by "
                                "the AI, and a successful tool call when the intent requires a backend action",
    "is_resolved": "contained, or resolved by the human rule (human branch and escalated): tickets solved now, "
                   "or without ticket a case_closed by a human (human branch: or the AI) or the chat ended after "
                   "a human reply",
    "resolved_at": "AI contained: last AI answer; ticket path: final solve (after any reopen); chat: ended_at",
    "resolved_by": "ai | human | null",
    "is_resolved_after_handoff": "escalated and resolved by the human rule (false when not escalated)",
    "is_really_resolved": "the simulation's latent 'problem really solved' draw (not observable as such)",
    "end_sentiment_latent": "the customer's latent end mood (the per-message scores drift to it, plus noise)",
    "resolution_point_count": "resolution points by the cut: the conversation end and every ticket solve",
    "first_resolution_point_at": "first resolution point",
    "last_resolution_point_at": "last resolution point",
    "is_recontacted_24h": "another non-test contact of the same customer and true intent cluster starts in "
                          "(r, r + 24h] for a resolution point r, or a ticket is reopened within 24h of a solve; "
                          "everything by the cut; null for anonymous contacts and contacts without a point",
    "is_recontacted_72h": "same, 72h", "is_recontacted_7d": "same, 168h",
    "next_recontact_at": "earliest re-contact start / reopen within 7d of a resolution point",
    "next_recontact_contact_id": "the earliest such later contact (null if only a reopen)",
    "seconds_to_recontact": "smallest gap from the resolution point just before a re-contact (or from the solve "
                            "before a reopen), within 7d",
    "is_recontacted_24h_revealed": "is_recontacted_24h matching the intent cluster the raw data reveals (revealed_"
                                   "intent_cluster, 'unknown' as one more cluster) instead of the true one",
    "is_recontacted_72h_revealed": "same, 72h", "is_recontacted_7d_revealed": "same, 168h",
    "seconds_to_recontact_revealed": "seconds_to_recontact matching the revealed intent cluster",
    "is_fcr_24h": "resolved and not re-contacted within 24h (no point: not re-contacted); null if anonymous",
    "is_fcr_72h": "same, 72h", "is_fcr_7d": "same, 168h",
    "is_ai_fcr_24h": "AI-first AI-involved identified contacts: contained and not re-contacted within 24h",
    "is_ai_fcr_72h": "same, 72h", "is_ai_fcr_7d": "same, 168h",
    "is_truly_resolved": "AI-involved identified contacts: contained, not re-contacted within 72h, latent end mood "
                         "above -0.3, and no resolution_check verdict not_resolved",
    "is_missed_escalation": "AI-involved identified contacts that should have escalated: not escalated and not "
                            "truly resolved (null outside that population)",
    "instruction_given": "an instruction_given event by the cut",
    "instruction_action_key": "its action key", "instructed_at": "its time",
    "instruction_window_ends_at": "instructed_at + the seed window",
    "instruction_followed": "the customer did the action in the window (planted 'taken'), by the cut; null for "
                            "anonymous contacts",
    "instruction_followed_at": "when",
    "instruction_success_event_at": "time of the success event planted for this instruction, also the late / "
                                    "early decoys (by the cut)",
    "instruction_contrary": "the planted contrary event happened in the window by the cut (null if anonymous)",
    "instruction_contrary_event_at": "time of the contrary event planted for this instruction (by the cut)",
    "csat_score": "CSAT answer about the contact (by the cut)", "ces_score": "CES answer", "nps_score": "NPS answer",
}


def _by_contact(n: int, ci: Arr, v: Arr, how: str) -> Arr:
    """Per-contact min / max of v over rows ci (-1 where a contact has no row)."""
    big = np.iinfo(np.int64).max
    out = np.full(n, big if how == "min" else -1, np.int64)
    (np.minimum if how == "min" else np.maximum).at(out, ci, np.asarray(v, np.int64))
    return np.where(out == big, -1, out) if how == "min" else out


def _ts(x: Arr) -> pa.Array:
    """Epoch seconds -> timestamp[s] (naive, UTC), null where negative."""
    x = np.asarray(x, np.int64)
    return pa.array(np.where(x >= 0, x, 0).astype("datetime64[s]"), mask=x < 0)


def _col(x: Arr, valid: Arr | None = None) -> pa.Array:
    return pa.array(np.asarray(x), mask=None if valid is None else ~np.asarray(valid, bool))


def _recontacts(c: Frame, scope: Arr, pts_ci: Arr, pts_t: Arr, reopen_ci: Arr, reopen_gap: Arr,
                reopen_t: Arr) -> tuple[dict[str, Arr], Arr, Arr, Arr]:
    """Re-contact flags per window, smallest gap, earliest re-contact time and contact (index) per contact.

    A re-contact is another non-test contact of the same customer and scope (0 <= scope < 64)
    starting within the window after a resolution point, or a reopen within it after a solve."""
    n = nrows(c)
    max_w = RECONTACT_WINDOWS[-1][1]
    pool = np.flatnonzero(~c["test"] & (c["cust"] >= 0))
    assert scope.size == 0 or int(scope.max()) < 64, "at most 63 intent clusters"
    key = c["cust"] * 64 + scope
    order = pool[np.lexsort((pool, c["start"][pool], key[pool]))]
    base = np.int64(2**33)
    t0 = int(c["start"].min()) if n else 0
    comb = key[order] * base + (c["start"][order] - t0 + 1)
    j = np.searchsorted(comb, key[pts_ci] * base + (pts_t - t0 + 1), side="right")
    jj = np.minimum(j, max(order.size - 1, 0))
    hit = (j < order.size) & (key[order[jj]] == key[pts_ci]) if order.size else np.zeros(pts_ci.size, bool)
    nxt = order[jj] if order.size else np.zeros(pts_ci.size, np.int64)
    gap = np.where(hit, c["start"][nxt] - pts_t, max_w + 1)
    ev_ci = np.concatenate([pts_ci, reopen_ci])
    ev_gap = np.concatenate([gap, reopen_gap])
    ev_t = np.concatenate([np.where(hit, c["start"][nxt], -1), reopen_t])
    ev_other = np.concatenate([np.where(hit, nxt, -1), np.full(reopen_ci.size, -1)])
    ok = ev_gap <= max_w
    ev_ci, ev_gap, ev_t, ev_other = ev_ci[ok], ev_gap[ok], ev_t[ok], ev_other[ok]
    flags = {name: np.bincount(ev_ci[ev_gap <= w], minlength=n) > 0 for name, w in RECONTACT_WINDOWS}
    seconds = _by_contact(n, ev_ci, ev_gap, "min")
    first = np.lexsort((ev_other < 0, ev_t, ev_ci))
    lead = first[np.r_[True, ev_ci[first][1:] != ev_ci[first][:-1]]] if first.size else first
    next_at = np.full(n, -1, np.int64)
    next_ci = np.full(n, -1, np.int64)
    next_at[ev_ci[lead]] = ev_t[lead]
    next_ci[ev_ci[lead]] = ev_other[lead]
    return flags, seconds, next_at, next_ci


def contact_truth(w: World, cat: Catalogue, sched: Schedule, ids: Ids, cus: Frame, sv: Frame,
                  instr: Frame) -> pa.Table:
    """Per-contact ground truth from the simulation's state, as of the extraction cut.

    One row per written, non-test contact (conversation or direct ticket). Latent draws say what
    happened; the skeleton rows (cut at extraction, before formatting, bad rows and duplicates)
    say when. Columns and meanings: CONTACT_TRUTH_COLUMNS."""
    c, T = w.c, sched.end_ts
    n = nrows(c)
    conv = c["kind"] == 0
    ai = conv & c["ai"]
    ident = c["cust"] >= 0
    intent = c["intent"]
    bcount = lambda ci, mask=None: np.bincount(ci if mask is None else ci[mask], minlength=n)
    # tickets: only the ones created by the cut exist; solves / reopens after the cut did not happen
    k = w.tkt
    tci, tpos = k["ci"], np.arange(nrows(k))
    s1, ro, s2 = k["solved1"], k["reopened"], k["solved2"]
    s1_ok, ro_ok, s2_ok = (s1 >= 0) & (s1 <= T), (ro >= 0) & (ro <= T), (s2 >= 0) & (s2 <= T)
    solved_now_t = s1_ok & (~ro_ok | s2_ok)
    n_tk = bcount(tci)
    has_tk = n_tk > 0
    solved_now = has_tk & (np.bincount(tci, weights=solved_now_t, minlength=n) == n_tk)
    final_solve = _by_contact(n, tci[solved_now_t], np.where(s2_ok, s2, s1)[solved_now_t], "max")
    first_solve = _by_contact(n, tci[s1_ok], s1[s1_ok], "min")
    first_tk = np.full(n, -1, np.int64)
    first_tk[tci[::-1]] = tpos[::-1]
    assert (first_tk[~conv] >= 0).all(), "every direct-ticket contact has its ticket"
    first_esc_created = _by_contact(n, tci[k["tkind"] != T_DIRECT], k["created"][k["tkind"] != T_DIRECT], "min")
    # messages, comments and agent events by the cut
    m = w.msg
    mci, mt, snd = m["ci"], m["t"], m["sender"]
    ai_m, hum_m, ans = snd == S_AI, snd == S_HUMAN, m["answer"]
    last_answer = _by_contact(n, mci[ans], mt[ans], "max")
    first_ai = _by_contact(n, mci[ai_m], mt[ai_m], "min")
    first_human_msg = _by_contact(n, mci[hum_m], mt[hum_m], "min")
    cm = w.cmt
    cci = tci[cm["ti"]]
    pub_h = (cm["author"] == 1) & cm["public"]
    first_human_cmt = _by_contact(n, cci[pub_h], cm["t"][pub_h], "min")
    turns = bcount(mci, snd == S_CUST) + bcount(cci, (cm["author"] == 0) & cm["public"])
    e = w.evt
    eci, et = e["ci"], e["etype"]
    tool, pol = et == E_TOOL, et == E_POLICY
    crit = np.array([sev == "critical" for _f, sev, _i in POLICIES.values()])
    tool_fail = bcount(eci, tool & (e["a2"] == 0))
    pol_fail = pol & (e["a2"] == 0)
    classified = bcount(eci, et == E_INTENT) > 0
    handoff_at = _by_contact(n, eci[et == E_HANDOFF], e["t"][et == E_HANDOFF], "min")
    verdict = np.full(n, -1, np.int64)
    verdict[eci[et == E_JUDGE]] = e["a1"][et == E_JUDGE]  # rows are in time order: the last one wins
    closer = np.full(n, -1, np.int64)
    closer[eci[et == E_CLOSED]] = e["a1"][et == E_CLOSED]
    cost = np.bincount(eci, weights=np.nan_to_num(np.round(e["cost"], 6)), minlength=n)
    # escalation
    times = np.stack([handoff_at, first_esc_created, first_human_msg, first_human_cmt])
    esc_at = np.where(times >= 0, times, np.iinfo(np.int64).max).min(axis=0)
    escalated = ai & c["escalated"] & (esc_at < np.iinfo(np.int64).max)
    esc_at = np.where(escalated, esc_at, -1)
    has_handoff = escalated & (handoff_at >= 0)
    asked_human = ai & (c["cust_req"] | c["missed_req"])
    should_esc = cat.needs_human[intent] | asked_human
    first_human = np.where((first_human_msg >= 0) & ((first_human_cmt < 0) | (first_human_msg <= first_human_cmt)),
                           first_human_msg, first_human_cmt)
    human_branch = ~ai
    queue_start = np.where(human_branch, c["start"],
                           np.where(handoff_at >= 0, handoff_at, first_esc_created))
    # outcome and resolution
    ai_involved = ai & (bcount(mci, ai_m) > 0)
    oc = c["outcome"]
    answered_by_cut = last_answer >= 0
    contained = ai & ~escalated & np.isin(oc, (O_CONFIRMED, O_SILENT)) & answered_by_cut
    chat_done = conv & ~has_tk & (np.where(human_branch, np.isin(closer, (0, 1)), closer == 1)
                                  | ((c["ended"] > 0) & (first_human_msg >= 0)))
    human_resolved = (human_branch | escalated) & np.where(has_tk, solved_now, chat_done)
    resolved = contained | human_resolved
    resolved_at = np.select([contained, human_resolved & has_tk, human_resolved],
                            [last_answer, final_solve, c["ended"]], -1)
    outcome = np.select(
        [human_branch & human_resolved, human_branch, escalated, c["escalated"],
         (oc == O_CONFIRMED) & answered_by_cut, (oc == O_SILENT) & answered_by_cut,
         (oc == O_NEGATIVE) & answered_by_cut, oc == O_UNANSWERED], [0, 1, 2, 7, 3, 4, 5, 6], 7)
    tool_ok = bcount(eci, tool) - tool_fail
    autonomous = (contained & classified & (tool_fail == 0) & (bcount(eci, pol_fail) == 0) & (closer == 0)
                  & (~cat.backend_action[intent] | (tool_ok > 0)))
    # resolution points and re-contacts (identified contacts only)
    p_end = ident & conv & (c["ended"] > 0)
    t_ident = ident[tci]
    pts_ci = np.concatenate([np.flatnonzero(p_end), tci[s1_ok & t_ident], tci[s2_ok & t_ident]])
    pts_t = np.concatenate([c["ended"][p_end], s1[s1_ok & t_ident], s2[s2_ok & t_ident]])
    n_points = bcount(pts_ci)
    reo = ro_ok & t_ident
    reopens = (tci[reo], (ro - s1)[reo], ro[reo])
    flags, rc_seconds, next_at, next_ci = _recontacts(c, cat.cluster_of[intent], pts_ci, pts_t, *reopens)
    # the same with the cluster the raw data reveals ('unknown' = one more scope): what the data can show
    rev = np.where(classified, intent, np.where(has_tk, k["intent"][np.maximum(first_tk, 0)], -1))
    rev_cl = np.where(rev >= 0, cat.cluster_of[np.maximum(rev, 0)], -1)
    flags_rev, rc_seconds_rev, _, _ = _recontacts(c, np.where(rev_cl >= 0, rev_cl, len(cat.clusters)), pts_ci, pts_t,
                                                  *reopens)
    rc_valid = ident & (n_points > 0)
    truly = contained & ~flags["72h"] & (verdict != 0) & (c["s1"] > NEGATIVE_SENTIMENT)
    # instructions (one at most per contact); the follow-through is known for identified contacts only
    ins = et == E_INSTR
    instr_given = bcount(eci, ins) > 0
    act = np.full(n, -1, np.int64)
    act[eci[ins]] = e["a1"][ins]
    instructed = _by_contact(n, eci[ins], e["t"][ins], "min")
    win = np.array([a.window_hours for a in cat.actions]) * HOUR
    followed = np.zeros(n, bool)
    success_at = np.full(n, -1, np.int64)
    known = np.zeros(n, bool)
    known[instr["ci"]] = True
    t_succ = np.where(instr["t_success"] <= T, instr["t_success"], -1)
    followed[instr["ci"]] = instr["taken"] & (t_succ >= 0)
    success_at[instr["ci"]] = t_succ
    contrary_at = np.full(n, -1, np.int64)
    contrary_at[instr["ci"]] = np.where(instr["t_contrary"] <= T, instr["t_contrary"], -1)
    contrary = known & (contrary_at >= 0)
    # surveys
    score = {}
    for s, name in enumerate(SURVEY_TYPES):
        v = np.full(n, -1, np.int64)
        v[sv["ci"][sv["stype"] == s]] = sv["score"][sv["stype"] == s]
        score[name] = v
    # text columns
    conv_id = ids.contact_conv
    tk_id = pc.take(ids.ticket, pa.array(np.maximum(first_tk, 0), mask=first_tk < 0))
    contact_id = pc.if_else(pa.array(conv), join("conversation:", pc.fill_null(conv_id, "")),
                            join("ticket:", pc.fill_null(tk_id, "")))
    cl = cat.cluster_of[intent]
    last_point = _by_contact(n, pts_ci, pts_t, "max")
    settles = np.where(conv, np.select([c["last_msg"] >= 0, c["ended"] > 0], [c["last_msg"], c["ended"]],
                                       c["start"]), c["start"]) + RESOLUTION_INACTIVITY
    parent = c["parent"]
    cols: dict[str, pa.Array] = {
        "contact_id": contact_id,
        "contact_type": lookup(("conversation", "direct_ticket"), c["kind"]),
        "conversation_id": conv_id,
        "ticket_id": tk_id,
        "customer_id": ids.contact_customer,
        "account_id": pc.take(ids.account, pa.array(cus["acc"][np.maximum(c["cust"], 0)], mask=~ident)),
        "generation": _col(c["gen"].astype(np.int16)),
        "parent_contact_id": pc.take(contact_id, pa.array(np.maximum(parent, 0), mask=parent < 0)),
        "channel": pc.if_else(pa.array(conv), lookup(CONV_CHANNELS, np.where(conv, c["channel"], 0)),
                              lookup(TICKET_CHANNELS, np.where(conv, 0, c["channel"]))),
        "language": lookup(LANGUAGES, c["lang"], valid=conv),
        "agent_version": lookup(VERSIONS, c["version"]),
        "experiment_variant": lookup(("control", "treatment"), c["variant"]),
        "first_handler": lookup(("human_agent", "ai_agent"), ai.astype(int)),
        "handler_branch": lookup(("human", "ai"), ai.astype(int)),
        "is_open_at_extraction": _col(c["open"], conv),
        "intent": lookup(cat.intents, intent),
        "intent_cluster": lookup(cat.clusters, cl),
        "revealed_intent": lookup(cat.intents, rev),
        "revealed_intent_cluster": lookup(cat.clusters, rev_cl),
        "intent_needs_human": _col(cat.needs_human[intent]),
        "revealed_intent_needs_human": _col(cat.needs_human[np.maximum(rev, 0)], rev >= 0),
        "intent_is_high_stakes": _col(cat.high_stakes[intent]),
        "intent_requires_backend_action": _col(cat.backend_action[intent]),
        "started_at": _ts(c["start"]),
        "ended_at": _ts(np.where(conv, c["ended"], first_solve)),
        "last_message_at": _ts(np.where(conv, c["last_msg"], -1)),
        "outcome_settles_at": _ts(settles),
        "is_ai_involved": _col(ai_involved),
        "is_ai_answered": _col(ai & answered_by_cut),
        "ai_message_count": _col(bcount(mci, ai_m)),
        "ai_answer_count": _col(bcount(mci, ans)),
        "turns": _col(turns),
        "first_ai_message_at": _ts(first_ai),
        "last_ai_answer_at": _ts(last_answer),
        "has_intent_classified": _col(classified),
        "ai_intent_confidence": _col(c["conf"], classified),
        "tool_call_count": _col(bcount(eci, tool)),
        "tool_failure_count": _col(tool_fail),
        "policy_check_count": _col(bcount(eci, pol)),
        "policy_failure_count": _col(bcount(eci, pol_fail)),
        "critical_policy_failure_count": _col(bcount(eci, pol_fail & crit[np.where(pol, e["a1"], 0)])),
        "instruction_count": _col(bcount(eci, ins)),
        "ai_event_cost_usd": _col(np.round(cost, 6)),
        "judge_verdict": lookup(("not_resolved", "resolved"), verdict),
        "case_closed_by": lookup(CLOSERS, closer),
        "is_escalated": _col(escalated),
        "escalated_at": _ts(esc_at),
        "has_handoff_event": _col(has_handoff),
        "handoff_reason_code": lookup(cat.reasons, np.where(has_handoff, c["reason"], -1)),
        "handoff_initiated_by": lookup(INITIATORS, np.where(has_handoff, c["initiator"], -1)),
        "is_handoff_summary_provided": _col(has_handoff & c["summary"], escalated),
        "has_human_request": _col(asked_human),
        "should_have_escalated": _col(should_esc, ai),
        "is_context_lost": _col(escalated & c["context_lost"] & (first_human_msg >= 0)),
        "first_human_reply_at": _ts(first_human),
        "human_queue_started_at": _ts(queue_start),
        "human_first_response_seconds": _col(first_human - queue_start,
                                             (first_human >= 0) & (queue_start >= 0) & (first_human >= queue_start)),
        "escalation_ticket_count": _col(bcount(tci, k["tkind"] != T_DIRECT)),
        "ticket_solve_count": _col(np.bincount(tci, weights=s1_ok.astype(np.int64) + s2_ok, minlength=n)
                                   .astype(np.int64)),
        "reopen_count": _col(bcount(tci, ro_ok)),
        "first_reopened_at": _ts(_by_contact(n, tci[ro_ok], ro[ro_ok], "min")),
        "is_ticket_solved_now": _col(solved_now, has_tk),
        "handle_minutes": _col(np.round(np.bincount(tci, weights=k["handle"], minlength=n), 1), has_tk),
        "outcome": lookup(OUTCOME_LABELS, outcome),
        "is_deflected": _col(ai_involved & ~escalated),
        "is_contained": _col(contained),
        "is_autonomously_resolved": _col(autonomous),
        "is_resolved": _col(resolved),
        "resolved_at": _ts(resolved_at),
        "resolved_by": lookup(("ai", "human"), np.select([contained, human_resolved], [0, 1], -1)),
        "is_resolved_after_handoff": _col(escalated & human_resolved),
        "is_really_resolved": _col(c["resolved"]),
        "end_sentiment_latent": _col(np.round(c["s1"], 4)),
        "resolution_point_count": _col(n_points),
        "first_resolution_point_at": _ts(_by_contact(n, pts_ci, pts_t, "min")),
        "last_resolution_point_at": _ts(last_point),
        **{f"is_recontacted_{name}": _col(flags[name], rc_valid) for name, _w in RECONTACT_WINDOWS},
        "next_recontact_at": _ts(np.where(rc_valid, next_at, -1)),
        "next_recontact_contact_id": pc.take(contact_id, pa.array(np.maximum(next_ci, 0),
                                                                  mask=(next_ci < 0) | ~rc_valid)),
        "seconds_to_recontact": _col(rc_seconds, rc_valid & (rc_seconds >= 0)),
        **{f"is_recontacted_{name}_revealed": _col(flags_rev[name], rc_valid) for name, _w in RECONTACT_WINDOWS},
        "seconds_to_recontact_revealed": _col(rc_seconds_rev, rc_valid & (rc_seconds_rev >= 0)),
        **{f"is_fcr_{name}": _col(resolved & ~(flags[name] & rc_valid), ident) for name, _w in RECONTACT_WINDOWS},
        **{f"is_ai_fcr_{name}": _col(contained & ~(flags[name] & rc_valid), ident & ai_involved)
           for name, _w in RECONTACT_WINDOWS},
        "is_truly_resolved": _col(truly, ident & ai_involved),
        "is_missed_escalation": _col(~escalated & ~truly, ident & ai_involved & should_esc),
        "instruction_given": _col(instr_given),
        "instruction_action_key": lookup([a.key for a in cat.actions], act),
        "instructed_at": _ts(instructed),
        "instruction_window_ends_at": _ts(np.where(act >= 0, instructed + win[np.maximum(act, 0)], -1)),
        "instruction_followed": _col(followed, known),
        "instruction_followed_at": _ts(np.where(followed, success_at, -1)),
        "instruction_success_event_at": _ts(success_at),
        "instruction_contrary": _col(contrary, known),
        "instruction_contrary_event_at": _ts(contrary_at),
        **{f"{name}_score": _col(score[name], score[name] >= 0) for name in SURVEY_TYPES},
    }
    assert list(cols) == list(CONTACT_TRUTH_COLUMNS), set(cols) ^ set(CONTACT_TRUTH_COLUMNS)
    return pa.table(cols).filter(pa.array(~c["test"]))


def build_truth(cfg: Config, cat: Catalogue, sched: Schedule, w: World, subs: Frame, sv: Frame, instr: Frame,
                dev: Frame, churn_ts_contact: Arr, ledger: Ledger, sizing: dict) -> dict:
    c = w.c
    conv = c["kind"] == 0
    ladder = truth_ladder(w, cat)
    planted = {
        "parameters": {k: v for k, v in asdict(P).items()},
        "cluster_parameters": {k: asdict(CLUSTER_PARAMS.get(k, DEFAULT_CLUSTER)) for k in cat.clusters},
        "intent_weights": dict(zip(cat.intents, np.round(cat.weights, 6).tolist())),
        "escalation_reason_weights": {i: dict(zip(cat.reasons, np.round(row, 4).tolist()))
                                      for i, row in zip(cat.intents, reason_matrix(cat))},
        "calendar": {"ai_launch": iso(sched.launch_ts), "release_v1_1": iso(sched.release_ts),
                     "experiment": [iso(sched.exp_start), iso(sched.exp_end)],
                     "regression_v1_2": [iso(sched.reg_start), iso(sched.reg_end)],
                     "versions": "v1.0 from launch, v1.1 from release, v1.2 in the regression window, v1.2.1 "
                                 "after it, v2.0-beta for the experiment treatment arm; human-first: null"},
        "volumes": {"conversations": int(conv.sum()), "direct_tickets": int((~conv).sum()),
                    "ai_first_conversations": int(c["ai"].sum()), "test_conversations": int(c["test"].sum()),
                    "anonymous_contacts": int((c["cust"] < 0).sum()),
                    "open_conversations": int(c["open"].sum()),
                    "recontacts_by_generation": {str(g): int((c["gen"] == g).sum()) for g in range(1, 4)},
                    "sizing": sizing},
        "clusters": ladder["by_cluster"],
        "clusters_population": ladder["population"],
        "clusters_classified_only": ladder["by_cluster_classified_only"],
        "ai_ladder": ladder,
        "context_lost": truth_context(w, cat),
        "recontact": truth_recontact(w, cat, churn_ts_contact, sched),
        "downstream_action": truth_downstream(w, cat, instr, dev),
        "csat": truth_csat(w, sv),
        "ab_test": truth_experiment(w, sched),
        "regression": truth_regression(w, sched),
        "peak": truth_peak(w, sched),
        "churn": truth_churn(subs),
        "ai_cost": truth_cost(w),
        "tools_and_policies": truth_quality_events(w),
    }
    gen = {"conversations": cfg.conversations, "days": cfg.days, "seed": cfg.seed, "format": cfg.fmt,
           "bad_row_rate": cfg.bad_row_rate, "events_per_conversation": cfg.events_per_conversation,
           "ai_launch_day": cfg.ai_launch_day, "start_date": cfg.start_date.isoformat(),
           "seeds_dir": "default" if cfg.seeds_dir == REPO_ROOT / "seeds" else str(cfg.seeds_dir),
           "out": "(not recorded, so runs into different folders are byte-identical)"}
    return {
        "generator": gen, "start_date": cfg.start_date.isoformat(), "end_ts": iso(cfg.end_ts),
        "ai_launch_date": iso(sched.launch_ts)[:10],
        "raw_rows": dict(sorted(ledger.raw_rows.items())),
        "bad_rows": {k: dict(sorted(v.items())) for k, v in sorted(ledger.bad.items())},
        "collapsed_duplicates": {k: dict(sorted(v.items())) for k, v in sorted(ledger.dups.items())},
        "timezone_offsets": {"count": ledger.tz_rows, "share": P.timezone_offset_share,
                             "by_table": dict(sorted(ledger.tz_by_table.items())),
                             "note": "valid rows whose timestamp columns (not _loaded_at) are written with an "
                                     "offset or Z, as the same UTC instant",
                             "samples": ledger.tz_samples},
        "planted": planted,
    }


# --------------------------------------------------------------------------- main
def churn_times(subs: Frame, cus: Frame, n_acc: int) -> Arr:
    """Churn timestamp per customer (far future if the account did not churn)."""
    acc_ts = np.full(n_acc, np.iinfo(np.int64).max, np.int64)
    ch = subs["outcome"] == 3
    acc_ts[subs["acc"][ch]] = subs["end"][ch] * DAY
    return acc_ts[cus["acc"]]


def run(cfg: Config) -> dict:
    """Generate every table and truth.json into cfg.out; returns the truth dict."""
    cat = load_catalogue(cfg.seeds_dir)
    bank = build_bank(cat)
    sched = make_schedule(cfg)
    rng = stream(cfg.seed, "entities")
    n_cus = max(1, cfg.conversations // 3)
    n_acc = max(1, n_cus // 5)
    acc = build_accounts(rng, n_acc, cfg)
    cus = build_customers(rng, n_cus, n_acc, cfg)
    w, subs, sizing = simulate(cfg, cat, bank, sched, acc, cus)
    churn_ts = churn_times(subs, cus, n_acc)
    churn_ts_contact = np.where(w.c["cust"] >= 0, churn_ts[np.maximum(w.c["cust"], 0)], np.iinfo(np.int64).max)
    sv = surveys(w, sched, stream(cfg.seed, "surveys"))
    dev, instr = downstream(w, cat, sched, stream(cfg.seed, "downstream"))
    ids = make_ids(w, n_cus, n_acc)
    cus_str = customer_strings(cus, acc)
    values = contact_values(w, cus, cus_str)
    ledger = Ledger()
    r = stream(cfg.seed, "loaded")
    cfg.out.mkdir(parents=True, exist_ok=True)
    emit(cfg, conversations_table(w, ids, r), ledger)
    emit(cfg, messages_table(w, ids, bank, values, r), ledger)
    emit(cfg, agent_events_table(w, ids, cat, r), ledger)
    emit(cfg, tickets_table(w, ids, cat, r), ledger)
    emit(cfg, comments_table(w, ids, bank, values, r), ledger)
    emit(cfg, status_table(w, ids, r), ledger)
    emit(cfg, surveys_table(w, sv, ids, r), ledger)
    emit(cfg, accounts_table(acc, ids, r), ledger)
    emit(cfg, customers_table(cus, cus_str, ids, r), ledger)
    emit(cfg, subscriptions_table(subs, ids, cfg, r), ledger)
    write_product_events(cfg, sched, cat, cus, churn_ts, ids, dev, ledger)
    per_contact = contact_truth(w, cat, sched, ids, cus, sv, instr)
    WRITES.submit(lambda: pq.write_table(per_contact, cfg.out / CONTACT_TRUTH_FILE, compression="snappy"))
    WRITES.drain()
    truth = build_truth(cfg, cat, sched, w, subs, sv, instr, dev, churn_ts_contact, ledger, sizing)
    truth["contact_truth"] = {"file": CONTACT_TRUTH_FILE, "rows": per_contact.num_rows,
                              "grain": "one row per non-test contact written to the raw data (conversations "
                                       "and direct tickets), facts as of the extraction cut",
                              "columns": CONTACT_TRUTH_COLUMNS}
    (cfg.out / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    truth = run(cfg)
    v = truth["planted"]["volumes"]
    print(f"wrote {cfg.out}: {v['conversations']} conversations, {v['direct_tickets']} direct tickets, "
          f"{truth['raw_rows'].get('product_analytics.events', 0)} product events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
