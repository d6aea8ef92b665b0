"""Phones and accessibility: every page of app.PAGES passes axe-core's WCAG 2.1 A/AA rules (no serious or critical
finding) on a desktop and on a 390-pixel phone, a phone never scrolls the page sideways, and a shared link opened
on a phone shows its first card without closing the sidebar.

axe-core comes bundled in axe-playwright-python and is injected into the page: nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

import app
import core
from harness.browser import settle

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")
# Findings left out of the count: (axe rule, the Streamlit element it must sit in). Each is Streamlit's own markup,
# which the app cannot change, and only that element is excused: the same rule anywhere else still counts.
# - st.table wraps a table wider than the screen in a <div> that scrolls sideways but takes no keyboard focus
#   (no tabindex), so axe's "scrollable-region-focusable" flags it on a phone. The table's cells are real <td>s a
#   screen reader reads in order; only keyboard scrolling of that frame is missing.
EXCLUDED = (("scrollable-region-focusable", '[data-testid="stTable"] > div'),)
WAIT = 60_000
SIDEBAR = '[data-testid="stSidebar"]'
METRIC = '[data-testid="stMetric"]'
PAGE_PATHS = [entry.url_path for entry in app.PAGES]
PAGE_IDS = [entry.url_path or "home" for entry in app.PAGES]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    yield tab
    context.close()


def serious_findings(page: Page) -> list[str]:
    """axe's serious and critical WCAG 2.1 A/AA violations on the page as drawn, one line per element."""
    results: dict[str, Any] = Axe().run(page, options=AXE_OPTIONS).response
    return [
        f"{violation['impact']} {violation['id']} ({violation['help']}): {node['target']} {node['html'][:120]}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
        if not excused(page, violation["id"], node["target"])
    ]


def excused(page: Page, rule: str, target: list[Any]) -> bool:
    """Whether the finding is one of EXCLUDED: its rule, on exactly the Streamlit element named there."""
    inside = [where for excluded_rule, where in EXCLUDED if excluded_rule == rule]
    if not inside or len(target) != 1 or not isinstance(target[0], str):
        return False
    return bool(
        page.evaluate(
            "([t, places]) => { const e = document.querySelector(t); return !!e && places.some(p => e.matches(p)); }",
            [target[0], inside],
        )
    )


# The app scrolls inside its main block, not the document: a page too wide scrolls there, so both are measured.
SCROLLERS = ("html", '[data-testid="stApp"]', '[data-testid="stAppViewContainer"]', '[data-testid="stMain"]')
OVERFLOW_JS = """(selectors) => Math.max(...selectors.map(s => document.querySelector(s))
    .filter(e => e).map(e => e.scrollWidth - e.clientWidth),
    document.documentElement.scrollWidth - window.innerWidth)"""


def sideways_overflow(page: Page) -> int:
    """By how many pixels the page is wider than the window (0: nothing scrolls sideways)."""
    return int(page.evaluate(OVERFLOW_JS, list(SCROLLERS)))


def training_file(path: Path) -> Path:
    """Eight chat examples of different lengths, enough for the length chart to have several bars."""
    examples = [
        {
            "messages": [
                {"role": "user", "content": f"How do I reset password number {i}?"},
                {"role": "assistant", "content": "Open Settings, then Security. " * (i + 1)},
            ]
        }
        for i in range(8)
    ]
    path.write_text("".join(json.dumps(example) + "\n" for example in examples), encoding="utf-8")
    return path


def open_settled(page: Page, url: str) -> None:
    page.goto(url)
    settle(page, timeout_ms=WAIT)


@pytest.mark.parametrize("path", PAGE_PATHS, ids=PAGE_IDS)
def test_every_page_passes_the_audit_on_a_desktop(server_url: str, page: Page, path: str) -> None:
    open_settled(page, f"{server_url}/{path}")
    assert page.locator(SIDEBAR).get_attribute("data-collapsed") == "false"  # a desktop keeps the page list open
    assert serious_findings(page) == []


@pytest.mark.parametrize("path", PAGE_PATHS, ids=PAGE_IDS)
def test_every_page_reads_on_a_phone(server_url: str, phone: Page, path: str) -> None:
    open_settled(phone, f"{server_url}/{path}")
    assert phone.locator(SIDEBAR).get_attribute("data-collapsed") == "true"  # it would cover two thirds of it
    assert sideways_overflow(phone) == 0
    assert serious_findings(phone) == []


def test_the_audit_and_the_overflow_check_can_fail(server_url: str, phone: Page) -> None:
    # Text in a colour too faint to read, a block wider than the phone and a frame that scrolls without keyboard
    # access (outside st.table, so not excused), added to a real page, are all caught.
    open_settled(phone, f"{server_url}/diagnose")
    phone.evaluate(
        """() => document.querySelector('[data-testid="stMainBlockContainer"]').insertAdjacentHTML('afterbegin',
            '<p style="color:#d0d0d0">faint</p><div style="width:900px;height:10px">wide</div>'
            + '<div style="overflow:auto;width:100px"><table><tr><td style="white-space:nowrap">'
            + 'a table cell wider than its frame</td></tr></table></div>')"""
    )
    findings = serious_findings(phone)
    assert any("color-contrast" in finding for finding in findings)
    assert any("scrollable-region-focusable" in finding for finding in findings)
    assert sideways_overflow(phone) > 0


def test_a_shared_estimate_link_shows_its_first_card_on_a_phone(server_url: str, phone: Page) -> None:
    # A product manager opens a colleague's link: the preset's scenario, on the Estimate page.
    query = "&".join(f"{k}={v}" for k, v in core.to_query_params(core.preset_scenario("support_bot")).items())
    open_settled(phone, f"{server_url}/estimate?{query}")
    card = phone.locator(METRIC).first
    expect(card).to_be_visible(timeout=WAIT)
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Nothing lies over the card: the element at its centre is the card itself (the sidebar stayed closed).
    centre = {"x": box["x"] + box["width"] / 2, "y": box["y"] + min(box["height"], 40) / 2}
    on_top = phone.evaluate(
        "(p) => !!document.elementFromPoint(p.x, p.y)?.closest('[data-testid=\"stMetric\"]')", centre
    )
    assert on_top
    assert card.locator('[data-testid="stMetricValue"]').inner_text().startswith("$")
    assert sideways_overflow(phone) == 0


def test_chart_data_tables_pass_the_audit_on_a_phone(server_url: str, phone: Page, tmp_path: Path) -> None:
    # The text alternative of a chart, opened: its summary and its data table read on a phone and pass the audit.
    open_settled(phone, f"{server_url}/estimate")
    phone.get_by_text("Data of the chart:", exact=False).first.click()
    expect(phone.locator('[data-testid="stTable"]').first).to_be_visible(timeout=WAIT)
    settle(phone, timeout_ms=WAIT)
    assert sideways_overflow(phone) == 0
    assert serious_findings(phone) == []

    # Your data draws its charts once a file is checked.
    open_settled(phone, f"{server_url}/your_data")
    files = phone.locator('[data-testid="stFileUploader"]').filter(has_text="Training file")
    files.locator('input[type="file"]').set_input_files(str(training_file(tmp_path / "support.jsonl")))
    expect(phone.locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT)
    settle(phone, timeout_ms=WAIT)
    assert sideways_overflow(phone) == 0
    assert serious_findings(phone) == []
