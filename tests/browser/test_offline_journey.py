"""Really offline: a walk through every page (each Estimate chart, the share popover) sends no request anywhere but
the app's own server. Every request the page makes is recorded, including ones that would fail offline."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlparse

from playwright.sync_api import Page, Request, expect

from app import PAGES
from harness.browser import SIDEBAR_LINK, settle
from tests.browser.test_estimate_journey import CHART_TABS
from tests.hostile import ROOT

ICON_PREFIX = "data:image/svg+xml;base64,"


def leaves_the_server(url: str) -> bool:
    """Whether a request goes anywhere but 127.0.0.1 (inline data: and blob: URLs go nowhere)."""
    return not url.startswith(("data:", "blob:")) and urlparse(url).hostname != "127.0.0.1"


def favicon(page: Page) -> str:
    """The SVG the tab shows as its icon, decoded from the page's favicon link once it is inline ('' if never)."""
    link = page.locator('link[rel~="icon"]').first
    try:
        expect(link).to_have_attribute("href", re.compile("^" + re.escape(ICON_PREFIX)), timeout=10_000)
    except AssertionError:
        return ""
    href = link.get_attribute("href") or ""
    return base64.b64decode(href.removeprefix(ICON_PREFIX)).decode("utf-8")


def test_no_request_leaves_the_server_on_any_page(server_url: str, page: Page) -> None:
    requests: list[str] = []
    wrong_icons: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    shipped_icon = (ROOT / "assets" / "app_icon.svg").read_text(encoding="utf-8")
    pages = PAGES
    page.goto(f"{server_url}/{pages[0].url_path}")
    settle(page)
    for registered in pages:
        if registered != pages[0]:
            page.locator(SIDEBAR_LINK).filter(has_text=registered.title).first.click()
            expect(page).to_have_url(re.compile(rf"{server_url}/{registered.url_path}(\?|$)"), timeout=60_000)
            settle(page)
        # Each run's page config sets the favicon: it must be the icon shipped in assets/, sent inline.
        if favicon(page) != shipped_icon:
            wrong_icons.append(registered.url_path or "start")
        if registered.url_path == "estimate":
            for tab in CHART_TABS:
                page.get_by_role("tab", name=tab, exact=True).click()
                settle(page)
            page.get_by_text("Share this scenario").first.click()
            expect(page.locator('[data-testid="stCode"]')).to_be_visible()
        page.wait_for_timeout(500)  # a request a page starts after drawing (a font, an icon) is recorded too
    assert any(urlparse(url).hostname == "127.0.0.1" for url in requests), "no request was recorded at all"
    outside = sorted({url for url in requests if leaves_the_server(url)})
    assert outside == [], outside
    assert wrong_icons == [], f"the favicon is not the icon shipped in assets/ on: {wrong_icons}"
