"""The whole page: sections in the order a support leader reads them, one self-contained HTML file."""

from __future__ import annotations

import html
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from ..paths import ROOT
from .business import (
    cost_section,
    experiments_section,
    incidents_section,
    policy_section,
    quality_section,
    revenue_section,
)
from .headline import filters_bar, headline_section, page_data, scorecard_all, trend_sections
from .marts import Marts
from .operations import downstream_section, escalation_section, journeys_section, time_section
from .review import intent_review_section

# dbt vars the page shows (dbt_project.yml); the defaults are the project's.
VAR_DEFAULTS = {"min_sample_size": 30, "resolution_confidence_flag_threshold": 0.6}


def project_vars() -> dict[str, Any]:
    """The vars above from the project's dbt_project.yml, or their defaults when it is not there."""
    found: dict[str, Any] = {}
    project = ROOT / "dbt_project.yml"
    if project.is_file():
        found = (yaml.safe_load(project.read_text(encoding="utf-8")) or {}).get("vars") or {}
    return {name: found.get(name, default) for name, default in VAR_DEFAULTS.items()}


def asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def render(database: Path) -> str:
    """The whole HTML document for the warehouse's marts."""
    settings = project_vars()
    min_sample = int(settings["min_sample_size"])
    marts = Marts(database)
    try:
        ((as_of, contacts),) = marts.con.execute("select max(as_of), count(*) from marts.fct_contacts").fetchall()
        channels = [r[0] for r in marts.con.execute("select distinct channel from marts.fct_contacts order by 1").fetchall()]
        clusters = [r[0] for r in marts.con.execute("select distinct intent_cluster from marts.fct_contacts order by 1").fetchall()]
        window = marts.recontact_window_hours()
        data = page_data(marts, scorecard_all(marts), min_sample)
        sections = [
            headline_section(marts), trend_sections(window),
            intent_review_section(marts, window, float(settings["resolution_confidence_flag_threshold"])),
            escalation_section(marts, min_sample), downstream_section(marts, min_sample), journeys_section(marts),
            time_section(marts), revenue_section(marts), cost_section(marts), policy_section(marts, min_sample),
            quality_section(marts), incidents_section(marts), experiments_section(marts),
        ]  # fmt: skip
    finally:
        marts.close()
    payload = json.dumps(data, separators=(",", ":"), default=str).replace("</", "<\\/")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Support truth dashboard</title><style>{asset('dashboard.css')}</style></head><body>"
        f"<header><h1>Is the AI agent really helping customers?</h1><p>as of {html.escape(str(as_of))} · "
        f"{contacts:,} contacts · generated from {html.escape(database.name)} by support-truth-dashboard</p>"
        f"{filters_bar(channels, clusters)}</header>"
        f"<main>{''.join(sections)}</main>"
        f'<script type="application/json" id="dashboard-data">{payload}</script>'
        f"<script>{asset('dashboard.js')}</script></body></html>"
    )
