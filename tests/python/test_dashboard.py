"""The dashboard renders from the session warehouse and works in headless Chromium.

- The page loads from a file with no network (every asset inline) and no SEVERE console entry, before
  and after every filter change.
- Every section has data (chart marks, table rows or list items) and every chart plots points.
- Unfiltered, every headline card the page computes from its embedded cube equals the scorecard's
  whole-period value (mart_intent_scorecard), so the cube and the marts count the same flags.
- For each filter (period 4 / 13 / 26 weeks, a channel, an intent cluster, a combination) every rate card
  equals the value computed here from fct_contacts / fct_instructions / fct_escalations with the
  metric's population and success flags (docs/metrics.md), and its n and 95% interval equal n and a
  Wilson interval computed in Python; the page's Wilson function matches Python's on edge cases.
- Incidents and experiments read their marts generically and say "no data yet" when missing or empty.

Screenshots (full page, and one filtered) go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from conftest import ROOT, Warehouse, command
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from support_truth.dashboard import Marts, wilson
from support_truth.dashboard.headline import CUBE_METRICS

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
# Flags without which Chromium hangs or phones home on a closed network.
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)  # fmt: skip
# In the order a support leader reads them.
SECTIONS = (
    "headlines", "gap", "trends", "intent-review", "escalation", "downstream", "journeys", "time", "revenue",
    "cost", "policy", "quality", "incidents", "experiments",
)  # fmt: skip
EXPECTED_CHARTS = {
    "chart-gap", "chart-volume", "chart-ladder", "chart-recontact", "chart-csat", "chart-confidence", "chart-deciles",
    "chart-escalation", "chart-reasons", "chart-downstream", "chart-sentiment", "chart-dropoff", "chart-cost",
    "chart-savings", "chart-experiment-agent_v2_rollout",
}  # fmt: skip
# Each rate card = (population, success) over one fact, written here from docs/metrics.md, not from
# the dashboard's code. Week: the ISO week (Monday) of the fact's time column.
CONTACT_RATES = {
    "deflection_rate": ("is_ai_rate_eligible", "is_deflected"),
    "true_resolution_rate": ("is_true_resolution_eligible", "is_truly_resolved"),
    "containment_rate": ("is_ai_rate_eligible", "is_contained"),
    "automation_rate": ("is_outcome_settled", "is_contained"),
    "escalation_rate": ("is_ai_branch_rate_eligible", "is_escalated"),
    "recontact_rate": ("is_recontact_rate_eligible", "is_recontacted"),
    "fcr_rate": ("is_fcr is not null", "is_fcr"),
    "csat_top2box_rate": ("csat_score is not null", "csat_score >= 4"),
}
FACTS = {  # metric -> (from clause, time column, population, success)
    **{m: ("marts.fct_contacts as c", "c.started_at", p, s) for m, (p, s) in CONTACT_RATES.items()},
    "downstream_action_rate": (
        "marts.fct_instructions as i join marts.fct_contacts as c using (contact_id)", "i.instructed_at",
        "i.is_rate_eligible", "i.is_action_taken",
    ),
    "context_lost_rate": (
        "marts.fct_escalations as c", "c.started_at", "c.is_post_handoff_rate_eligible", "c.is_context_lost",
    ),
}  # fmt: skip
# Rates of mart_agent_performance_weekly the cube must reproduce cell by cell.
PERFORMANCE_RATES = (
    "deflection_rate", "true_resolution_rate", "containment_rate", "automation_rate", "escalation_rate",
    "recontact_rate", "fcr_rate", "csat_top2box_rate", "csat_ai_only_top2box_rate", "csat_post_handoff_top2box_rate",
    "csat_human_only_top2box_rate",
)  # fmt: skip
FILTERS = (  # (period, channel, intent cluster)
    ("4", "all", "all"), ("13", "all", "all"), ("26", "all", "all"), ("all", "chat", "all"),
    ("all", "all", "billing"), ("4", "chat", "billing"),
)  # fmt: skip


def render(database: Path, out: Path) -> str:
    subprocess.run(
        [*command("support-truth-dashboard"), "--database", str(database), "--out", str(out)], check=True
    )
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "Chromium missing: run `make browser` (apt-get)"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page(warehouse: Warehouse, browser: webdriver.Chrome, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The rendered page, loaded in the browser; returns its HTML."""
    out = tmp_path_factory.mktemp("dashboard") / "dashboard.html"
    text = render(warehouse.path, out)
    browser.get(out.as_uri())
    assert browser.execute_script("return document.body.dataset.ready") == "true"
    return text


def severe(browser: webdriver.Chrome) -> list[dict[str, Any]]:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def cards(browser: webdriver.Chrome) -> dict[str, dict[str, str]]:
    """The headline cards' computed value, n and interval (data-* attributes dashboard.js writes)."""
    found: dict[str, dict[str, str]] = browser.execute_script(
        "var out = {}; document.querySelectorAll('#headlines .card[data-metric]').forEach(function (c) {"
        " out[c.dataset.metric] = {value: c.dataset.value, n: c.dataset.n || '', lower: c.dataset.lower || '',"
        " upper: c.dataset.upper || '', text: c.querySelector('.value').textContent, title: c.title}; }); return out;"
    )
    return found


def number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def screenshot(browser: webdriver.Chrome, name: str) -> Path:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(int(height) + 40, 16000))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    assert browser.get_screenshot_as_file(str(shot))
    assert shot.stat().st_size > 20_000
    browser.set_window_size(1400, 1000)
    print(f"\ndashboard screenshot: {shot}")
    return shot


def expected(warehouse: Warehouse, metric: str, period: str, channel: str, cluster: str) -> tuple[int, int]:
    """(successes, population) of a rate card for a filter, from the facts' flags."""
    source, time, population, success = FACTS[metric]
    where = [population]
    if period != "all":
        ((anchor,),) = warehouse.query("select cast(date_trunc('week', max(as_of)) as date) from marts.fct_contacts")
        start = anchor - dt.timedelta(days=7 * (int(period) - 1))
        where.append(f"cast(date_trunc('week', {time}) as date) between date '{start}' and date '{anchor}'")
    if channel != "all":
        where.append(f"c.channel = '{channel}'")
    if cluster != "all":
        where.append(f"c.intent_cluster = '{cluster}'")
    ((k, n),) = warehouse.query(f"select count_if({success}), count(*) from {source} where {' and '.join(where)}")
    return int(k), int(n)


def apply_filter(browser: webdriver.Chrome, period: str, channel: str, cluster: str) -> None:
    browser.execute_script(
        "var values = arguments[0]; ['period', 'channel', 'cluster'].forEach(function (key, i) {"
        " var select = document.getElementById('filter-' + key); select.value = values[i];"
        " select.dispatchEvent(new Event('change')); });",
        [period, channel, cluster],
    )
    assert browser.execute_script("return document.body.dataset.selection") == f"{period}|{channel}|{cluster}"


def test_page_is_self_contained_and_every_section_has_data(page: str, browser: webdriver.Chrome) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script src" not in page and "<link" not in page
    assert severe(browser) == []

    order = browser.execute_script("return Array.from(document.querySelectorAll('main > section')).map(s => s.id)")
    assert order == list(SECTIONS)
    for key in SECTIONS:
        marks, text = browser.execute_script(
            "var s = document.getElementById(arguments[0]); return [s.querySelectorAll("
            "'svg.chart .point, tbody tr, li.item, .card[data-metric]').length, s.innerText];",
            key,
        )
        assert marks > 0 and "No data yet" not in text, (key, marks)

    charts = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart')).map(function (svg) {"
        " return [svg.id, Number(svg.dataset.points), svg.querySelectorAll('.point').length,"
        " svg.getBoundingClientRect().width]; });"
    )
    assert {chart_id for chart_id, *_ in charts} == EXPECTED_CHARTS
    for chart_id, points, marks, width in charts:
        assert points > 0 and marks > 0 and width > 100, (chart_id, points, marks, width)

    # Readable: no section is wider than the page (wide tables scroll inside their own container).
    overflow = browser.execute_script(
        "return Array.from(document.querySelectorAll('main > section'))"
        ".filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.id)"
    )
    assert overflow == []
    # Incidents: open first; the readout shows a verdict per metric.
    states = browser.execute_script("return Array.from(document.querySelectorAll('#incidents-table tbody tr'))"
                                    ".map(r => r.cells[0].innerText)")  # fmt: skip
    assert states == sorted(states, key=lambda s: s != "open")
    experiments = browser.find_element("id", "experiments").text
    assert "agent_v2_rollout" in experiments and "recommended" in experiments and "p = " in experiments

    browser.find_elements("css selector", "#scorecard-table th")[1].click()  # tables sort on a header click
    assert severe(browser) == []
    screenshot(browser, "dashboard.png")


def test_unfiltered_cards_equal_the_scorecard(page: str, warehouse: Warehouse, browser: webdriver.Chrome) -> None:
    apply_filter(browser, "all", "all", "all")
    shown = cards(browser)
    scorecard = dict(warehouse.query(
        "select metric, current_value from marts.mart_intent_scorecard where intent_cluster = 'all'"
    ))  # fmt: skip
    for metric, card in shown.items():
        if metric == "deflection_gap":
            continue
        assert number(card["value"]) == pytest.approx(scorecard[metric], rel=1e-9, abs=1e-12), metric
    gap = scorecard["deflection_rate"] - scorecard["true_resolution_rate"]
    assert number(shown["deflection_gap"]["value"]) == pytest.approx(gap, abs=1e-12)


@pytest.mark.parametrize("selection", FILTERS, ids=["-".join(f) for f in FILTERS])
def test_filters_recompute_the_headline_from_the_flags(
    selection: tuple[str, str, str], page: str, warehouse: Warehouse, browser: webdriver.Chrome
) -> None:
    apply_filter(browser, *selection)
    shown = cards(browser)
    assert severe(browser) == []
    for metric in FACTS:
        k, n = expected(warehouse, metric, *selection)
        card = shown[metric]
        assert int(card["n"]) == n, (metric, selection)
        if n == 0:
            assert card["value"] == "" and card["text"] == "n/a", (metric, selection)
            continue
        assert number(card["value"]) == pytest.approx(k / n, rel=1e-12), (metric, selection)
        interval = wilson(k, n)
        assert interval is not None
        assert (number(card["lower"]), number(card["upper"])) == pytest.approx(interval, rel=1e-9), (metric, selection)
        assert card["title"].startswith(f"n = {n:,}, 95% CI "), (metric, card["title"])  # the tooltip
    if selection == FILTERS[-1]:
        screenshot(browser, "dashboard-filtered.png")
    apply_filter(browser, "all", "all", "all")


def test_page_wilson_matches_python(page: str, browser: webdriver.Chrome) -> None:
    cases = [(0, 1), (1, 1), (0, 30), (7, 30), (15, 30), (849, 1446), (1, 100000)]
    page_values = browser.execute_script(
        "return arguments[0].map(function (c) { return window.supportTruth.wilson(c[0], c[1]); });", cases
    )
    for (k, n), got in zip(cases, page_values, strict=True):
        want = wilson(k, n)
        assert want is not None and got == pytest.approx(want, rel=1e-12, abs=1e-15), (k, n)
    assert browser.execute_script("return window.supportTruth.wilson(0, 0)") is None
    # The marts' own Wilson columns (macro wilson_lower / wilson_upper) agree with Python's.
    assert wilson(849, 1446) == pytest.approx((0.5615618547915324, 0.612250253054368), rel=1e-9)
    assert not math.isnan(wilson(0, 1)[0])  # type: ignore[index]


def test_incident_and_experiment_sections_read_their_marts(warehouse: Warehouse, tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse.path, database)
    con = duckdb.connect(str(database))
    try:
        # A metric the dashboard has never heard of shows up: incidents are read by their columns.
        con.execute(
            "insert into marts.mart_metric_incidents (metric, scope_type, scope_value, metric_kind, first_day,"
            " last_day, is_open, days_open, breach_days, severity, direction, worst_day, worst_value,"
            " worst_expected_value, worst_z_score) values ('downstream_action_rate', 'all', 'all', 'rate',"
            " date '2026-03-05', date '2026-03-05', true, 1, 1, 'critical', 'below', date '2026-03-05', 0.2, 0.6, -5.0)"
        )
        con.execute("create or replace table marts.mart_experiment_results as select 'exp_a' as experiment_key where false")
    finally:
        con.close()
    text = render(database, tmp_path / "dashboard.html")
    incidents = text[text.index('<section id="incidents">') : text.index('<section id="experiments">')]
    assert "downstream_action_rate" in incidents and "No data yet" not in incidents
    first_row = incidents[incidents.index("<tbody>") :]
    assert first_row.index("downstream_action_rate") < first_row.index("</tr>")  # open and newest: first
    experiments = text[text.index('<section id="experiments">') :]
    assert "No data yet: marts.mart_experiment_results is empty" in experiments

    con = duckdb.connect(str(database))
    try:
        con.execute("drop table marts.mart_metric_incidents")
    finally:
        con.close()
    text = render(database, tmp_path / "dashboard.html")
    assert "No data yet: marts.mart_metric_incidents has not been built" in text


def test_cube_cells_equal_the_weekly_performance_mart(warehouse: Warehouse) -> None:
    """Every week x channel x intent-cluster cell of the page's cube holds the numerators and denominators
    of mart_agent_performance_weekly's cell (the same flags), so the filtered trends are the mart's rates."""
    marts = Marts(warehouse.path)
    try:
        cube = marts.cube()
    finally:
        marts.close()
    columns = cube["columns"]
    cells = {tuple(row[:3]): dict(zip(columns, row, strict=True)) for row in cube["rows"]}
    compared = [m for m, (_, _, proportion) in CUBE_METRICS.items() if proportion and m in PERFORMANCE_RATES]
    assert len(compared) >= 8
    select = ", ".join(f"{m}_numerator, {m}_denominator" for m in compared)
    rows = warehouse.query(
        f"select strftime(contact_week, '%Y-%m-%d'), channel, intent_cluster, contacts, {select}"
        " from marts.mart_agent_performance_weekly where channel <> 'all' and intent_cluster <> 'all'"
    )
    assert len(rows) == sum(1 for cell in cells.values() if cell["contacts"] > 0)
    for week, channel, cluster, contacts, *values in rows:
        cell = cells[(week, channel, cluster)]
        assert cell["contacts"] == contacts
        for i, metric in enumerate(compared):
            numerator, denominator, _ = CUBE_METRICS[metric]
            assert (cell[numerator], cell[denominator]) == (values[2 * i], values[2 * i + 1]), (metric, week, channel)


def test_every_mart_is_on_the_page_or_named_analyst_only() -> None:
    """Each model under models/marts is read by the dashboard (and listed in its exposure) or named in the
    README's analyst-only list; the exposure lists exactly the marts the dashboard's queries read."""
    models = {path.stem for path in (ROOT / "models" / "marts").rglob("*.sql")}
    source = "\n".join(path.read_text() for path in (ROOT / "src" / "support_truth" / "dashboard").glob("*.py"))
    read = set(re.findall(r"marts\.((?:mart|fct)_[a-z0-9_]+)", source))
    exposures = yaml.safe_load((ROOT / "models" / "_exposures.yml").read_text())["exposures"]
    (dashboard,) = [e for e in exposures if e["name"] == "support_truth_dashboard"]
    listed = {re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in dashboard["depends_on"]}  # type: ignore[union-attr]
    assert listed == read & models
    readme = (ROOT / "README.md").read_text()
    block = readme[readme.index("<!-- analyst-only marts -->") : readme.index("<!-- /analyst-only marts -->")]
    first_cells = "\n".join(line.split("|")[1] for line in block.splitlines() if line.startswith("| `"))
    analyst_only = set(re.findall(r"`((?:mart|fct)_[a-z0-9_]+)`", first_cells))
    assert not analyst_only & read, "a mart the page reads is also named analyst-only"
    assert models - read - analyst_only == set(), "marts neither on the page nor named analyst-only in the README"
