"""Debian's Chromium as every run here drives it, and what shows that an app page has finished drawing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A page in the app's own page list (the router draws it in the sidebar; each link carries the scenario).
SIDEBAR_LINK = '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]'
MAIN_DRAWN = '[data-testid="stMain"] [data-testid="stMarkdown"]'
# The "running" widget is gone: the script run that drew the page has finished.
RUN_FINISHED_JS = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
# Interval polling: Playwright's default polls every animation frame, which keeps a starved renderer busy.
POLL_MS = 200

# The four "Per month" figures of the Estimate page, in the order the page shows them.
PER_MONTH_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMetric"]'))
    .filter(m => (m.querySelector('[data-testid="stMetricLabel"]')?.innerText || '').trim() === 'Per month')
    .map(m => m.querySelector('[data-testid="stMetricValue"]').innerText.trim())"""
FIGURES_ARE_JS = f"(expected) => JSON.stringify(({PER_MONTH_JS})()) === JSON.stringify(expected)"
# Your data's "Usable examples" card shows this text (the count as the page formats it).
USABLE_IS_JS = """(shown) => Array.from(document.querySelectorAll('[data-testid="stMetric"]')).some(m =>
    m.innerText.includes('Usable examples') && m.querySelector('[data-testid="stMetricValue"]').innerText.trim()
    === shown)"""


def settle(tab: Any, timeout_ms: float = 30_000) -> None:
    """Wait until the app has drawn and finished running (Playwright's sync page)."""
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    tab.wait_for_selector(MAIN_DRAWN, timeout=timeout_ms)
    tab.wait_for_function(RUN_FINISHED_JS, timeout=timeout_ms)


async def settle_async(tab: Any, timeout_ms: float = 60_000) -> None:
    """The same wait for Playwright's async page, polling at an interval rather than every frame."""
    await tab.wait_for_selector(MAIN_DRAWN, timeout=timeout_ms)
    await tab.wait_for_function(RUN_FINISHED_JS, polling=POLL_MS, timeout=timeout_ms)


# People's browsers run on their own machines, not on the server's cores: when a bench runs them on the server's,
# they run at low priority (children inherit it), so the server keeps the CPU it would have in production.
BROWSER_NICENESS = 15


def low_priority_chromium(folder: Path) -> tuple[str, Path]:
    """A wrapper in `folder` that starts Chromium at low CPU priority, and the file it writes Chromium's pid to."""
    wrapper, pid_file = folder / "chromium-low-priority", folder / "chromium.pid"
    wrapper.write_text(
        f'#!/bin/sh\necho $$ > {pid_file}\nexec nice -n {BROWSER_NICENESS} {CHROMIUM} "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    return str(wrapper), pid_file


def shoot(tab: Any, folder: str | None, name: str) -> None:
    """A full-length screenshot of the page into `folder` (a journey's look-out, set by an environment variable;
    nothing when unset). The app scrolls inside its main block, so the viewport grows to the content first."""
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    height = tab.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    tab.set_viewport_size({"width": 1400, "height": min(int(height) + 50, 8000)})
    tab.screenshot(path=f"{folder}/{name}.png", full_page=True)
    tab.set_viewport_size({"width": 1400, "height": 1000})
