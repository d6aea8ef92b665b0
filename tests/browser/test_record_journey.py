"""A team names who decides on Scenarios, then downloads the decision record and the slides from a preset; the HTML
report prints as whole sections and charts."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from pptx import Presentation
from pypdf import PdfReader

import core
from charts.estimate import report_figures
from harness.browser import settle
from present import format as fmt
from present import report

METRIC = '[data-testid="stMetricValue"]'


def test_record_and_slides_download_from_a_preset(server_url: str, page: Page, tmp_path: Path) -> None:
    page.goto(f"{server_url}/scenarios")
    settle(page)
    expect(page.locator(METRIC)).to_have_count(3, timeout=30_000)
    # The first preset is selected when the page opens: use it.
    assert next(iter(core.PRESETS)) == "support_bot"
    page.get_by_role("button", name="Use this preset as my scenario").click()
    settle(page)

    makers = page.get_by_role("textbox", name="Decision-makers")
    makers.fill("Ana Ruiz, <img src=x onerror=alert(1)>")
    makers.press("Enter")
    page.wait_for_url(re.compile(r"decision\.makers="), timeout=30_000)  # the scenario (and its link) has them
    settle(page)

    with page.expect_download(timeout=60_000) as record_info:
        page.get_by_role("button", name="Download the decision record (Markdown)").click()
    record_file = tmp_path / record_info.value.suggested_filename
    record_info.value.save_as(record_file)
    assert record_file.name == "customer-support-bot.decision.md"
    text = record_file.read_text(encoding="utf-8")
    scenario = core.preset_scenario("support_bot")
    result = core.estimate(scenario)
    assert "decision-makers: ['Ana Ruiz', '\\<img src=x onerror=alert(1)\\>']" in text
    for run in result.strategies.values():
        assert f"| {fmt.usd(run.monthly_usd)} |" in text
    assert "## Decision Outcome" in text and f"{server_url}/scenarios?" in text

    with page.expect_download(timeout=60_000) as deck_info:
        page.get_by_role("button", name="Download the slides (PowerPoint)").click()
    deck_file = tmp_path / deck_info.value.suggested_filename
    deck_info.value.save_as(deck_file)
    assert deck_file.name == "customer-support-bot.decision.pptx"
    deck = Presentation(io.BytesIO(deck_file.read_bytes()))
    assert len([s for s in deck.slides for shape in s.shapes if shape.has_chart]) == 2
    first = "\n".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert "In the context of Customer support bot" in first and "<img src=x onerror=alert(1)>" in first


def test_the_html_report_prints_whole_sections_and_charts(page: Page, tmp_path: Path) -> None:
    scenario = core.preset_scenario("engineering_assistant")
    result = core.estimate(scenario)
    saved = tmp_path / "report.html"
    saved.write_text(
        report.html_report(scenario, result, core.recommend(scenario.answers), report_figures(result)),
        encoding="utf-8",
    )
    page.goto(saved.as_uri())
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    page.emulate_media(media="print")
    style = page.evaluate(
        """() => ({
            chart: getComputedStyle(document.querySelector('.chart')).breakInside,
            row: getComputedStyle(document.querySelector('tr')).breakInside,
            section: getComputedStyle(document.querySelectorAll('h2')[1]).breakBefore,
            first: getComputedStyle(document.querySelector('h2')).breakBefore,
            toolbar: getComputedStyle(document.querySelector('.modebar-container')).display,
            background: getComputedStyle(document.body).backgroundColor,
        })"""
    )
    assert style == {
        "chart": "avoid",
        "row": "avoid",
        "section": "page",
        "first": "auto",
        "toolbar": "none",
        "background": "rgb(255, 255, 255)",
    }
    sections = page.locator("h2").count()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) >= sections  # every section after the first starts on a page of its own
