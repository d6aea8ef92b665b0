"""The walk a browser session makes through every page, and one browser's first visits with nothing else running.

1. The first page is opened from the session's own link; every other page through the sidebar, timed until it
   shows this session's result; after each page the address bar must still hold the session's own volume and no
   exception box may show.
2. Estimate: the four "Per month" figures must be the ones `core.estimate` gives for this session; then it types
   new volumes, each timed until all four figures are updated.
3. Diagnose: a question is ticked and unticked, each timed until the recommendation changes.
4. Scenarios: the name box must hold this session's own name. Your data: the session's own training file is
   uploaded and timed until its example count shows.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from protocol import TICKED_QUESTION, Visitor, monthly_figures, recommended_label

import core
from app import PAGES
from harness.browser import FIGURES_ARE_JS, PER_MONTH_JS, POLL_MS, SIDEBAR_LINK, USABLE_IS_JS, settle_async
from harness.machine import cpu_seconds
from loadbench.session import (
    HEADING_IS_JS,
    INPUT_CLOCK_JS,
    TIMEOUT_MS,
    Session,
    arrived,
    check_drawn,
    timed_input,
)
from present import format as fmt
from present.pages import PageEntry


async def open_page(tab: Any, base: str, session: Session, page: PageEntry, first: bool) -> None:
    """The first page from the session's link (as a person opening it); the rest through the sidebar, timed
    until the page shows its result for this session (figures, recommendation, name), not just its title."""
    if first:
        await tab.goto(f"{base}/{page.url_path}?{urlencode(session.link())}")
    else:
        await session.think()
        link = tab.locator(SIDEBAR_LINK).filter(has_text=page.title).first
        predicate, arg = arrived(session, page)
        await timed_input(tab, session, "page_switch", predicate, arg, link.click)
    await settle_async(tab, TIMEOUT_MS)
    await check_drawn(tab, session, page.url_path or "start")


async def estimate_step(tab: Any, session: Session, others: dict[int, list[str]]) -> None:
    expected = monthly_figures(session.scenario(session.current_requests))
    await tab.wait_for_function(
        f"() => ({PER_MONTH_JS})().length === {len(expected)}", polling=POLL_MS, timeout=TIMEOUT_MS
    )
    shown = await tab.evaluate(PER_MONTH_JS)
    if shown != expected:
        stranger = [i for i, figures in others.items() if figures == shown and i != session.index]
        session.crosstalk.append(f"estimate: shows {shown}, expected {expected}; matches session(s) {stranger}")
    box = tab.locator('[data-testid="stNumberInput"]').filter(has_text="Requests per month").locator("input")
    for volume in session.changed_requests:
        await session.think()
        await box.fill(str(volume))
        updated = monthly_figures(session.scenario(volume))
        if not await timed_input(
            tab, session, "estimate_volume_change", FIGURES_ARE_JS, updated, lambda: box.press("Enter")
        ):
            session.errors[-1] += f": shows {await tab.evaluate(PER_MONTH_JS)}, expected {updated}"
            return
        session.current_requests = volume
        await settle_async(tab, TIMEOUT_MS)
        await check_drawn(tab, session, "estimate after a change")


async def diagnose_step(tab: Any, session: Session) -> None:
    """Tick a question, then untick it: the recommendation goes and comes back."""
    ticked: dict[str, bool] = {}
    for _ in range(2):
        ticked[TICKED_QUESTION] = not ticked.get(TICKED_QUESTION, False)
        before = recommended_label({q: not v for q, v in ticked.items()})
        after = recommended_label(ticked)
        box = tab.get_by_text(core.QUESTIONS[TICKED_QUESTION], exact=True)
        await session.think()
        await box.hover()  # waits until it can be clicked, so the timer measures the app, not the page's drawing
        await timed_input(tab, session, "diagnose_tick", HEADING_IS_JS, [after, [before]], box.click)
        await settle_async(tab, TIMEOUT_MS)
        await check_drawn(tab, session, "diagnose after a tick")


async def scenarios_step(tab: Any, session: Session) -> None:
    box = tab.locator('[data-testid="stTextInput"]').filter(has_text="Scenario name").locator("input")
    await box.wait_for(timeout=TIMEOUT_MS)
    # The box is drawn before the script run that seeds it has finished; an empty box is reported below.
    with contextlib.suppress(Exception):
        await tab.wait_for_function("(el) => el.value !== ''", arg=await box.element_handle(), timeout=10_000)
    name = await box.input_value()
    if name != session.name:
        session.crosstalk.append(f"scenarios: the name box holds {name!r}, expected {session.name!r}")


async def your_data_step(tab: Any, session: Session, folder: Path) -> None:
    examples, content = session.training_file()  # each session's own file size, so a mixed-up report shows
    path = folder / f"train-{session.index}.jsonl"
    path.write_bytes(content)
    upload = tab.locator('[data-testid="stFileUploader"] input[type="file"]').first
    await session.think()
    await timed_input(
        tab, session, "your_data_upload", USABLE_IS_JS, fmt.count(examples), lambda: upload.set_input_files(str(path))
    )
    await settle_async(tab, TIMEOUT_MS)
    await check_drawn(tab, session, "your_data after upload")


async def journey(browser: Any, base: str, session: Session, others: dict[int, list[str]], folder: Path) -> None:
    """This session's walk through every page in a context of its own; what went wrong is in `session.errors`."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)  # a starved browser is slow, not broken: wait as long as for results
    await context.add_init_script(INPUT_CLOCK_JS)
    tab = await context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: dialogs.append(dialog.message))
    steps: dict[str, Callable[[], Awaitable[None]]] = {
        "estimate": lambda: estimate_step(tab, session, others),
        "diagnose": lambda: diagnose_step(tab, session),
        "scenarios": lambda: scenarios_step(tab, session),
        "your_data": lambda: your_data_step(tab, session, folder),
    }
    await asyncio.sleep(session.arrive_s)
    try:
        for number, page in enumerate(PAGES):
            try:
                await open_page(tab, base, session, page, first=number == 0)
                if page.url_path in steps:
                    await steps[page.url_path]()
            except Exception as exc:
                session.errors.append(f"{page.url_path or 'start'}: {type(exc).__name__}: {str(exc)[:300]}")
    finally:
        await context.close()
    if dialogs:
        session.errors.append(f"a dialog opened: {dialogs}")


async def first_visits(browser: Any, base: str, pid: int) -> dict[str, float]:
    """One browser alone: CPU-seconds its process tree spends on the first visit to each page, in a fresh context
    (the first page opened from a link, the others through the sidebar), until the page is drawn and idle."""
    person = Visitor(index=-2, requests=97_000, changed_requests=[], name="Alone")
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    tab = await context.new_page()
    spent: dict[str, float] = {}
    try:
        for number, page in enumerate(PAGES):
            before = cpu_seconds(pid)
            if number == 0:
                await tab.goto(f"{base}/{page.url_path}?{urlencode(person.link())}")
            else:
                await tab.locator(SIDEBAR_LINK).filter(has_text=page.title).first.click()
                predicate, arg = arrived(person, page)
                await tab.wait_for_function(predicate, arg=arg, polling=POLL_MS)
            await settle_async(tab, TIMEOUT_MS)
            await asyncio.sleep(1.0)  # what the page does after drawing (fonts, charts settling) counts too
            spent[page.url_path or "start"] = round(cpu_seconds(pid) - before, 2)
    finally:
        await context.close()
    return spent
