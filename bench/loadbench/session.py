"""One person in Chromium: their own numbers, what they waited for, and the checks made on every page."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from protocol import Visitor, monthly_figures, recommended_label

from app import PAGES
from harness.browser import FIGURES_ARE_JS, POLL_MS
from present.pages import PageEntry

TIMEOUT_MS = 60_000  # one wait; a starved browser is slow, not broken
T0 = [time.perf_counter()]  # when the parallel sessions started, for the slowest-inputs list
PAGE_TITLES = {page.file: page.heading for page in PAGES}  # what a finished page switch shows


@dataclass
class Session(Visitor):
    """A person in Chromium; `timings` are input -> result on the page's own clock (what the person waits for)."""

    # The same inputs as the harness saw them over CDP.
    harness_timings: dict[str, list[float]] = field(default_factory=dict)
    # Per input: (started, kind, seconds waited, seconds of it the page's main thread was busy in long tasks).
    log: list[tuple[float, str, float, float]] = field(default_factory=list)


# In every document: the page's own clock at the last input the person made (key press, click, file chosen).
INPUT_CLOCK_JS = """
for (const kind of ['keydown', 'click', 'change']) {
    document.addEventListener(kind, () => { window.__lastInput = performance.now(); }, true);
}
window.__longTasks = [];
new PerformanceObserver(list => {
    for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
}).observe({type: 'longtask'});
"""
# Of the wait just measured, how long the page's main thread was busy with tasks over 50 ms (its own work).
BUSY_JS = """() => (window.__longTasks || []).reduce((sum, [start, length]) =>
    sum + Math.max(0, Math.min(start + length, window.__resultAt) - Math.max(start, window.__lastInput)), 0) / 1000"""

# Before an input: watch the DOM and note the page's clock at the first frame that shows the expected result.
WATCH_JS = """([predicate, arg]) => {
    const done = new Function('arg', 'return (' + predicate + ')(arg)');
    window.__lastInput = undefined;
    window.__resultAt = undefined;
    if (window.__watcher) window.__watcher.disconnect();
    const check = () => {
        if (window.__resultAt === undefined && done(arg)) {
            window.__watcher.disconnect();
            window.__resultAt = -1;
            requestAnimationFrame(() => { window.__resultAt = performance.now(); });
        }
    };
    window.__watcher = new MutationObserver(check);
    window.__watcher.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""

TITLE_IS_JS = """(title) => Array.from(document.querySelectorAll('[data-testid="stMain"] h1'))
    .some(h => h.innerText.trim().startsWith(title))"""
HEADING_IS_JS = """([wanted, others]) => {
    const texts = Array.from(document.querySelectorAll('[data-testid="stMain"] h2')).map(h => h.innerText);
    return texts.some(t => t.includes(wanted)) && !texts.some(t => others.some(o => t.includes(o)));
}"""
NAME_IS_JS = """(name) => Array.from(document.querySelectorAll('[data-testid="stTextInput"] input'))
    .some(i => i.getAttribute('aria-label') === 'Scenario name' && i.value === name)"""
UPLOADER_JS = """() => !!document.querySelector('[data-testid="stFileUploader"] input[type="file"]')"""


async def timed_input(
    tab: Any, session: Session, kind: str, predicate: str, arg: object, act: Callable[[], Awaitable[object]]
) -> bool:
    """Do `act` (one input) and time until `predicate(arg)` holds on the page; False (and an error) if it never does.

    The time is read off the page's own clock, from the input event to the first frame drawn after the DOM shows
    the result, so it is what the person waits for and not how long the harness takes to notice over CDP.
    """
    await tab.evaluate(WATCH_JS, [predicate, arg])
    started = time.perf_counter()
    await act()
    try:
        await tab.wait_for_function(
            "() => window.__resultAt > 0 && window.__lastInput !== undefined", polling=100, timeout=TIMEOUT_MS
        )
    except Exception:
        session.errors.append(f"{kind}: the expected result never appeared")
        return False
    seen = time.perf_counter() - started
    in_page = await tab.evaluate("() => (window.__resultAt - window.__lastInput) / 1000")
    busy = await tab.evaluate(BUSY_JS)
    session.timings.setdefault(kind, []).append(float(in_page))
    session.log.append((started - T0[0], kind, float(in_page), float(busy)))
    session.harness_timings.setdefault(kind, []).append(seen)
    return True


async def check_drawn(tab: Any, session: Session, where: str) -> None:
    """No exception box on the page, and the address bar still carries this session's own volume."""
    exceptions = await tab.locator('[data-testid="stException"]').all_inner_texts()
    if exceptions:
        session.errors.append(f"{where}: exception on the page: {exceptions[0][:300]}")
    wanted = f"w.requests_per_month={session.current_requests}"
    try:  # the address bar is rewritten by the run itself, so give it the time a run takes on a starved machine
        await tab.wait_for_function(
            "(wanted) => location.search.includes(wanted)", arg=wanted, polling=POLL_MS, timeout=15_000
        )
    except Exception:
        session.crosstalk.append(f"{where}: the address bar lost this session's volume: {tab.url}")


def arrived(session: Visitor, page: PageEntry) -> tuple[str, object]:
    """What shows that `page` has drawn its result for this session: (predicate, argument) for the page's clock."""
    if page.url_path == "estimate":
        return FIGURES_ARE_JS, monthly_figures(session.scenario(session.current_requests))
    if page.url_path == "diagnose":
        return HEADING_IS_JS, [recommended_label({}), []]
    if page.url_path == "scenarios":
        return NAME_IS_JS, session.name
    if page.url_path == "your_data":
        return UPLOADER_JS, None
    return TITLE_IS_JS, PAGE_TITLES[page.file]
