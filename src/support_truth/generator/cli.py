"""Command line of the generator (support-truth-generate)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..paths import ROOT
from .config import Config
from .run import run

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
  support-truth-generate --out data/demo --conversations 20000 --days 180 --seed 42
"""


def parse_args(argv: Sequence[str] | None = None) -> Config:
    """Parse the command line into a Config."""
    ap = argparse.ArgumentParser(
        prog="support-truth-generate",
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
    ap.add_argument("--seeds-dir", type=Path, default=ROOT / "seeds",
                    help="folder with the dbt seeds intent_catalogue.csv, downstream_actions.csv and "
                         "escalation_reasons.csv that the simulation follows (default: the repo's seeds/)")
    ap.add_argument("--plant-incidents", action="store_true",
                    help="also plant a re-contact, an unanswered (containment) and a downstream action regression on known "
                         "days, recorded in truth.json planted.incidents (monitoring precision/recall test)")
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
                  ai_launch_day=launch, start_date=a.start_date, seeds_dir=a.seeds_dir,
                  plant_incidents=a.plant_incidents)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the data the command line asks for; print a one-line summary."""
    cfg = parse_args(argv)
    truth = run(cfg)
    v = truth["planted"]["volumes"]
    print(f"wrote {cfg.out}: {v['conversations']} conversations, {v['direct_tickets']} direct tickets, "
          f"{truth['raw_rows'].get('product_analytics.events', 0)} product events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
