"""Markup stays text, in a real browser: on every registered page, markup arrives through the link (as the scenario
name and as an unknown key), is typed into every text box and is used as an uploaded file's name. No dialog may
open, no injected element (img/svg with handlers, javascript: link, script) may appear, and where the name is shown
it reads literally.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from app import PAGES
from harness.browser import settle
from present.pages import PageEntry
from tests.hostile import MARKUP

pytestmark = pytest.mark.browser

NAME = " ".join(MARKUP)  # every payload at once, still a valid name (under 200 characters)
# File names a browser can carry (no '/'), each with an event-handler payload.
FILE_NAMES = ("<img src=x onerror=alert(1)>.jsonl", "<svg onload=alert(1)>.txt")

INJECTED_JS = """() => {
    const found = [];
    if (document.querySelector('img[src="x"]')) found.push('img[src=x]');
    for (const el of document.querySelectorAll('[onerror], [onload], [onclick]')) found.push(el.outerHTML.slice(0, 80));
    for (const a of document.querySelectorAll('a[href]')) {
        if (a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')) found.push(a.outerHTML.slice(0, 80));
    }
    for (const s of document.querySelectorAll('script')) {
        if ((s.textContent || '').includes('alert(1)')) found.push('script: ' + s.textContent.slice(0, 80));
    }
    for (const el of document.querySelectorAll('svg')) {
        if (el.getAttribute('onload')) found.push('svg onload');
    }
    return found;
}"""


def _fill_text_boxes(tab: Page) -> int:
    """Type the payload into every text box and commit it the way a user would."""
    typed = 0
    kinds = (('[data-testid="stTextInput"] input', "Enter"), ('[data-testid="stTextArea"] textarea', "Control+Enter"))
    for selector, commit in kinds:
        boxes = tab.locator(f'[data-testid="stMain"] {selector}')
        typed += boxes.count()
        for index in range(boxes.count()):
            box = boxes.nth(index)
            if box.is_visible() and box.is_enabled():
                box.fill(NAME)
                box.press(commit)
                settle(tab)
    return typed


def _upload_markup_names(tab: Page) -> int:
    inputs = tab.locator('[data-testid="stMain"] [data-testid="stFileUploader"] input[type="file"]')
    for index in range(inputs.count()):
        accept = inputs.nth(index).get_attribute("accept") or ""
        name = FILE_NAMES[0] if ".txt" not in accept else FILE_NAMES[1]
        if accept and not any(name.endswith(ext.strip()) for ext in accept.split(",")):
            name = "<img src=x onerror=alert(1)>" + accept.split(",")[0].strip()
        inputs.nth(index).set_input_files({"name": name, "mimeType": "text/plain", "buffer": b"not what it claims\n"})
        settle(tab)
    return inputs.count()


def _open_sections(tab: Page) -> int:
    """Open every section shown now (a section on a tab not chosen is hidden: it is opened with its tab)."""
    sections = tab.locator('[data-testid="stMain"] [data-testid="stExpander"] summary')
    opened = 0
    for index in range(sections.count()):
        section = sections.nth(index)
        if section.is_visible() and not section.evaluate("s => Boolean(s.closest('details')?.open)"):
            section.click()
            settle(tab)
            opened += 1
    return opened


def _open_everything(tab: Page) -> None:
    """Choose every tab and open every section and the share box, so what is drawn only on demand is checked too."""
    tabs = tab.locator('[data-testid="stMain"] [role="tab"]')
    if tabs.count():
        for index in range(tabs.count()):
            tabs.nth(index).click()
            settle(tab)
            _open_sections(tab)
    else:
        _open_sections(tab)
    share = tab.get_by_role("button", name="Share this scenario")
    if share.count():
        share.click()
        expect(tab.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]')).to_be_visible()


@pytest.mark.parametrize("registered", PAGES, ids=[p.id for p in PAGES])
def test_markup_never_runs_or_renders(server_url: str, page: Page, registered: PageEntry) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    query = urlencode({"name": NAME, MARKUP[1]: MARKUP[2]})
    page.goto(f"{server_url}/{registered.url_path}?{query}")
    settle(page)
    assert page.evaluate(INJECTED_JS) == []
    _fill_text_boxes(page)
    _upload_markup_names(page)
    settle(page)
    _open_everything(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.evaluate(INJECTED_JS) == []
    assert dialogs == []


def test_scenario_name_reads_literally_where_it_is_shown(server_url: str, page: Page) -> None:
    page.goto(f"{server_url}/scenarios?{urlencode({'name': NAME})}")
    settle(page)
    box = page.locator('[data-testid="stTextInput"]').filter(has_text="Scenario name").locator("input")
    expect(box).to_have_value(NAME, timeout=30_000)
    assert page.evaluate(INJECTED_JS) == []


def test_uploaded_file_name_reads_literally(server_url: str, page: Page) -> None:
    page.goto(f"{server_url}/your_data")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
        {"name": FILE_NAMES[0], "mimeType": "application/jsonl", "buffer": b"{}\n"}
    )
    # Streamlit lists the file (its shown name is shortened) with a remove button named exactly as the file.
    expect(page.get_by_role("button", name=f"Remove {FILE_NAMES[0]}")).to_be_visible(timeout=30_000)
    settle(page)
    assert page.evaluate(INJECTED_JS) == []
