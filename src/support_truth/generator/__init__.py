"""Deterministic synthetic raw data for the support_truth dbt project.

Simulates the support operation of a SaaS / e-commerce company before and after it
launches an AI support agent, and writes the raw landing contract
(declared in models/staging/*/_*__sources.yml), one file per table:

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

Modules, in pipeline order: params, texts, config, catalogue, arrays (building blocks); schedule,
contacts, layout, simulation (the simulated World); specs, ledger, bad_rows, writing, tables (the
raw files); truth, contact_truth (what tests compare with); run (one run); cli (the command line).
"""

from __future__ import annotations

from .config import Config
from .run import run

__all__ = ["Config", "run"]
