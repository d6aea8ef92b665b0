"""Scenarios in a real browser: a copied link shows the same numbers elsewhere; the report downloads whole."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Page, expect

import core
from harness.browser import settle
from present import format as fmt

METRIC = '[data-testid="stMetricValue"]'
LINK_BOX = '[data-testid="stCode"] code'


def _open(page: Page, url: str) -> list[str]:
    page.goto(url)
    settle(page)
    expect(page.locator(METRIC)).to_have_count(3, timeout=30_000)
    return page.locator(METRIC).all_inner_texts()


def test_copy_link_reopens_the_same_numbers_in_a_fresh_browser(server_url: str, page: Page) -> None:
    scenario = core.SCENARIOS["contract_extraction"]
    shown = _open(page, f"{server_url}/scenarios?{urlencode(core.to_query_params(scenario))}")
    tuned = core.estimate(scenario).strategies["fine_tuning"]
    assert shown == [fmt.usd(tuned.monthly_usd), fmt.usd(tuned.total_usd), fmt.ms(tuned.latency_ms)]

    page.get_by_role("button", name="Share this scenario").click()  # the link box opens from its button
    expect(page.locator(LINK_BOX).first).to_be_visible()
    link = page.locator(LINK_BOX).first.inner_text().strip()
    assert link.startswith(f"{server_url}/scenarios?")
    assert page.context.browser is not None
    fresh_context = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = fresh_context.new_page()
        _open(fresh, link)
        expect(fresh.locator(METRIC)).to_have_text(shown)
        expect(fresh.get_by_label("Scenario name")).to_have_value(scenario.name)
    finally:
        fresh_context.close()


def test_report_downloads_with_figures_and_sources(server_url: str, page: Page, tmp_path: Path) -> None:
    scenario = core.SCENARIOS["support_bot"]
    _open(page, f"{server_url}/scenarios?{urlencode(core.to_query_params(scenario))}")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Download the report (HTML)").click()
    download = download_info.value
    assert download.suggested_filename == "customer-support-bot.report.html"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")

    result = core.estimate(scenario)
    for run in result.strategies.values():
        assert fmt.usd(run.monthly_usd) in text
        assert fmt.usd(run.total_usd) in text
    for assumption in result.assumptions:
        assert html.escape(assumption.source) in text
    assert "Customer support bot" in text and "Retrieval (RAG)" in text

    # It opens from disk with no server and draws its charts (plotly is inside the file).
    page.goto(saved.as_uri())
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    assert page.locator(".js-plotly-plot").count() == 3


def test_an_invalid_file_is_refused_and_the_scenario_kept(server_url: str, page: Page, tmp_path: Path) -> None:
    scenario = core.SCENARIOS["ticket_classification"]
    before = _open(page, f"{server_url}/scenarios?{urlencode(core.to_query_params(scenario))}")
    bad = tmp_path / "<img src=x onerror=alert(1)>.json"
    bad.write_text('{"schema_version": 1, "workload": {"requests_per_month": "lots"}}', encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    expect(page.get_by_text("That file was not opened")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("<img src=x onerror=alert(1)>.json", exact=True)).to_be_visible()
    expect(page.get_by_text("requests_per_month").first).to_be_visible()
    expect(page.locator(METRIC)).to_have_text(before)
    assert page.locator('[data-testid="stException"]').count() == 0
