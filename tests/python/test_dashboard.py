"""The dashboard renders from the session warehouse and works in headless Chromium.

The page must load from a file with no console errors (no network: every asset is inline), every
chart must plot data, the alert and experiment sections must show their marts' rows, and say "no
data yet" when a mart is missing or empty. A full-page screenshot is saved to
test-artifacts/dashboard.png (gitignored) for a human to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, Warehouse, command
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
# Flags without which Chromium hangs or phones home on a closed network.
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)  # fmt: skip
EXPECTED_CHARTS = {
    "chart-gap", "chart-volume", "chart-ladder", "chart-recontact", "chart-csat", "chart-escalation",
    "chart-reasons", "chart-cost", "chart-savings",
}  # fmt: skip


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


def test_dashboard_loads_without_errors_and_every_chart_has_data(
    warehouse: Warehouse, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    page = tmp_path / "dashboard.html"
    text = render(warehouse.path, page)
    # Self-contained: nothing is fetched from anywhere.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<script src" not in text and "<link" not in text

    browser.get(page.as_uri())
    assert browser.execute_script("return document.body.dataset.ready") == "true"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []

    charts = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart')).map(function (svg) {"
        " return [svg.id, Number(svg.dataset.points), svg.querySelectorAll('.point').length,"
        " svg.getBoundingClientRect().width]; });"
    )
    assert {chart_id for chart_id, *_ in charts} == EXPECTED_CHARTS
    for chart_id, points, marks, width in charts:
        assert points > 0 and marks > 0 and width > 100, (chart_id, points, marks, width)

    scorecard_rows = browser.execute_script("return document.querySelectorAll('#scorecard-table tbody tr').length")
    assert scorecard_rows >= 4  # `all` and the intent clusters
    # The session warehouse has the planted regression (escalation-rate alerts) and the planted A/B test.
    alerts, experiments = (browser.find_element("id", section).text for section in ("alerts", "experiments"))
    assert "escalation_rate" in alerts and "No data yet" not in alerts
    assert "agent_v2_rollout" in experiments and "No data yet" not in experiments

    # The scorecard sorts when a header is clicked (the page's only script).
    browser.find_elements("css selector", "#scorecard-table th")[1].click()
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(int(height) + 40, 12000))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    assert browser.get_screenshot_as_file(str(shot))
    assert shot.stat().st_size > 20_000
    print(f"\ndashboard screenshot: {shot}")


def test_alert_and_experiment_sections_show_their_marts(warehouse: Warehouse, tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse.path, database)
    con = duckdb.connect(str(database))
    try:
        con.execute(
            "create or replace table marts.mart_metric_alerts as select date '2026-03-01' as alert_date,"
            " 'deflection_rate' as metric, 'critical' as severity"
        )
        con.execute(
            "create or replace table marts.mart_experiment_results as select 'exp_a' as experiment_key where false"
        )
    finally:
        con.close()
    text = render(database, tmp_path / "dashboard.html")
    alerts = text[text.index('<section id="alerts">') : text.index('<section id="experiments">')]
    assert "deflection_rate" in alerts and "critical" in alerts and "No data yet" not in alerts
    experiments = text[text.index('<section id="experiments">') :]
    assert "No data yet: marts.mart_experiment_results is empty" in experiments
