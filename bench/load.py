"""What one person sees on a busy server: real Chromium sessions timed among protocol-level ones.

In real use every person's browser runs on their own machine; here the server has two cores, and ten Chromium
renderers on them measure mostly browsers starving each other. So of the --sessions people using the server at
once, only --browsers (default 2) are real headless Chromium sessions, timed on the page's own clock; the others
are protocol-level (bench/protocol.py: they speak Streamlit's websocket protocol, walk the same journey at the
same pace and check their own numbers, at a fraction of a browser's CPU). The browsers' p95 is then what a
person at their own machine sees on a busy server, and the protocol-level people give the server's own
turnaround meanwhile. The journey, in every session:

1. the first page is opened from a link carrying this session's own requests per month and name; every other
   page is reached through the sidebar, and the switch is timed until that page shows this session's result
   (its Estimate figures, its recommendation, its name); after each page the address bar must still hold the
   session's own volume and no exception box may show;
2. Estimate: the four "Per month" figures must be the ones `core.estimate` gives for this session's scenario;
   the session then types --changes new volumes, each timed until all four figures are updated;
3. Diagnose: a question is ticked and unticked, each timed until the recommendation changes;
4. Scenarios: the name box must hold this session's own name; Your data: a training file of this session's own
   size is uploaded and timed until its example count shows.

People open the link at random moments over the first --arrive seconds (default 20), and before each input a
person pauses to read (--think seconds, default 10, x0.5 to x1.5 at random, seeded). Browser times are read off
each page's own clock — from the input event to the first frame drawn after the result is in the DOM — so they
are what the person waits for, not how long the harness takes to notice over CDP (printed too, as "harness saw").
Chromium runs at low CPU priority, so the server keeps the CPU it would have in production. Any figure that
matches another session's scenario instead of its own counts as cross-talk.

After the crowd has gone, one browser alone visits every page once in a fresh context, and the CPU its process
tree used for each first visit is printed: what each page costs a person's own machine, without other browsers
on the same cores.

Prints sessions, errors, cross-talk, p50/p95 input-to-result times by kind of input, the server's turnaround
for the protocol-level people, peak server memory (process and children, sampled every 100 ms from /proc), CPU
used, how busy the cores were, the slowest inputs, the first-visit CPU per page, and a last line
`LOAD-RESULT {json}`. Exits 1 on any error or cross-talk; timings are measured, not asserted.

Run: python bench/load.py [--sessions 10] [--browsers 2] [--think 10] [--arrive 20] [--changes 3] [--cold]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT)]

from playwright.async_api import Page, async_playwright  # noqa: E402
from protocol import (  # noqa: E402
    TICKED_QUESTION,
    TRAINING_LINE,
    MemorySampler,
    Person,
    cpu_seconds,
    figures,
    machine_busy_seconds,
    monthly_figures,
    people,
)

import core  # noqa: E402
from app import PAGES  # noqa: E402
from present.pages import PageEntry  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SIDEBAR_LINK, free_port, start_server  # noqa: E402

RESULT_MARKER = "LOAD-RESULT "
T0 = [time.perf_counter()]  # when the parallel sessions started, for the slowest-inputs list
TIMEOUT_MS = 60_000
CROWD_LIMIT_S = 900  # a journey still running by then has failed (every single wait is bounded too)


PAGE_TITLES = {page.file: page.heading for page in PAGES}  # what a finished page switch shows


@dataclass
class Session:
    """One person: their own numbers, and what happened to them."""

    index: int
    requests: int
    changed_requests: list[int]
    name: str
    think_s: float = 0.0
    arrive_s: float = 0.0  # when this person opens the link, after the run starts
    rng: random.Random = field(default_factory=random.Random, repr=False)
    current_requests: int = 0
    # Input -> result on the page's own clock (what the person waits for), and as the harness saw it over CDP.
    timings: dict[str, list[float]] = field(default_factory=dict)
    harness_timings: dict[str, list[float]] = field(default_factory=dict)
    # Per input: (started, kind, seconds waited, seconds of it the page's main thread was busy in long tasks).
    log: list[tuple[float, str, float, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.current_requests = self.requests

    def scenario(self, requests: int) -> core.Scenario:
        return core.Scenario(name=self.name, workload=core.Workload(requests_per_month=requests))

    def link(self) -> dict[str, str]:
        return core.to_query_params(self.scenario(self.requests))


SETTLE_POLL_MS = 200  # interval polling: Playwright's default polls every animation frame, which keeps a renderer busy


async def settle(tab: Page) -> None:
    """Wait until the app has drawn and finished running (the status widget disappears)."""
    await tab.wait_for_selector('[data-testid="stMain"] [data-testid="stMarkdown"]', timeout=TIMEOUT_MS)
    await tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", polling=SETTLE_POLL_MS, timeout=TIMEOUT_MS
    )


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


async def timed_input(
    tab: Page, session: Session, kind: str, predicate: str, arg: object, act: Callable[[], Awaitable[object]]
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


async def think(session: Session) -> None:
    """A person reads what changed before the next input: a random pause around the --think seconds."""
    if session.think_s > 0:
        await asyncio.sleep(session.rng.uniform(0.5, 1.5) * session.think_s)


async def check_drawn(tab: Page, session: Session, where: str) -> None:
    """No exception box on the page, and the address bar still carries this session's own volume."""
    exceptions = await tab.locator('[data-testid="stException"]').all_inner_texts()
    if exceptions:
        session.errors.append(f"{where}: exception on the page: {exceptions[0][:300]}")
    wanted = f"w.requests_per_month={session.current_requests}"
    try:  # the address bar is rewritten by the run itself, so give it the time a run takes on a starved machine
        await tab.wait_for_function(
            "(wanted) => location.search.includes(wanted)", arg=wanted, polling=SETTLE_POLL_MS, timeout=15_000
        )
    except Exception:
        session.crosstalk.append(f"{where}: the address bar lost this session's volume: {tab.url}")


PER_MONTH_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMetric"]'))
    .filter(m => (m.querySelector('[data-testid="stMetricLabel"]')?.innerText || '').trim() === 'Per month')
    .map(m => m.querySelector('[data-testid="stMetricValue"]').innerText.trim())"""
FIGURES_ARE_JS = f"(expected) => JSON.stringify(({PER_MONTH_JS})()) === JSON.stringify(expected)"
TITLE_IS_JS = """(title) => Array.from(document.querySelectorAll('[data-testid="stMain"] h1'))
    .some(h => h.innerText.trim().startsWith(title))"""
HEADING_IS_JS = """([wanted, others]) => {
    const texts = Array.from(document.querySelectorAll('[data-testid="stMain"] h2')).map(h => h.innerText);
    return texts.some(t => t.includes(wanted)) && !texts.some(t => others.some(o => t.includes(o)));
}"""
USABLE_IS_JS = """(n) => Array.from(document.querySelectorAll('[data-testid="stMetric"]')).some(m =>
    m.innerText.includes('Usable examples') && m.querySelector('[data-testid="stMetricValue"]').innerText.trim()
    === String(n))"""


NAME_IS_JS = """(name) => Array.from(document.querySelectorAll('[data-testid="stTextInput"] input'))
    .some(i => i.getAttribute('aria-label') === 'Scenario name' && i.value === name)"""
UPLOADER_JS = """() => !!document.querySelector('[data-testid="stFileUploader"] input[type="file"]')"""


def arrived(session: Session, page: PageEntry) -> tuple[str, object]:
    """What shows that `page` has drawn its result for this session: (predicate, argument) for the page's clock."""
    if page.url_path == "estimate":
        return FIGURES_ARE_JS, monthly_figures(session.scenario(session.current_requests))
    if page.url_path == "diagnose":
        return HEADING_IS_JS, [core.STRATEGY_LABELS[core.recommend(core.Answers()).strategy], []]
    if page.url_path == "scenarios":
        return NAME_IS_JS, session.name
    if page.url_path == "your_data":
        return UPLOADER_JS, None
    return TITLE_IS_JS, PAGE_TITLES[page.file]


async def open_page(tab: Page, base: str, session: Session, page: PageEntry, first: bool) -> None:
    """The first page from the session's link (as a person opening it); the rest through the sidebar, timed
    until the page shows its result for this session (figures, recommendation, name), not just its title."""
    if first:
        await tab.goto(f"{base}/{page.url_path}?{urlencode(session.link())}")
    else:
        await think(session)
        link = tab.locator(SIDEBAR_LINK).filter(has_text=page.title).first
        predicate, arg = arrived(session, page)
        await timed_input(tab, session, "page_switch", predicate, arg, link.click)
    await settle(tab)
    await check_drawn(tab, session, page.url_path or "start")


async def estimate_step(tab: Page, session: Session, others: dict[int, list[str]]) -> None:
    expected = monthly_figures(session.scenario(session.current_requests))
    await tab.wait_for_function(
        f"() => ({PER_MONTH_JS})().length === {len(expected)}", polling=SETTLE_POLL_MS, timeout=TIMEOUT_MS
    )
    shown = await tab.evaluate(PER_MONTH_JS)
    if shown != expected:
        stranger = [i for i, figures in others.items() if figures == shown and i != session.index]
        session.crosstalk.append(f"estimate: shows {shown}, expected {expected}; matches session(s) {stranger}")
    box = tab.locator('[data-testid="stNumberInput"]').filter(has_text="Requests per month").locator("input")
    for volume in session.changed_requests:
        await think(session)
        await box.fill(str(volume))
        updated = monthly_figures(session.scenario(volume))
        if not await timed_input(
            tab, session, "estimate_volume_change", FIGURES_ARE_JS, updated, lambda: box.press("Enter")
        ):
            session.errors[-1] += f": shows {await tab.evaluate(PER_MONTH_JS)}, expected {updated}"
            return
        session.current_requests = volume
        await settle(tab)
        await check_drawn(tab, session, "estimate after a change")


async def diagnose_step(tab: Page, session: Session) -> None:
    ticked: dict[str, bool] = {}
    for question in (
        TICKED_QUESTION,
        TICKED_QUESTION,
    ):  # tick it, then untick it: the recommendation goes and comes back
        ticked[question] = not ticked.get(question, False)
        before = core.STRATEGY_LABELS[core.recommend(core.Answers(**{q: not v for q, v in ticked.items()})).strategy]
        after = core.STRATEGY_LABELS[core.recommend(core.Answers(**ticked)).strategy]
        box = tab.get_by_text(core.QUESTIONS[question], exact=True)
        await think(session)
        await box.hover()  # waits until it can be clicked, so the timer measures the app, not the page's drawing
        await timed_input(tab, session, "diagnose_tick", HEADING_IS_JS, [after, [before]], box.click)
        await settle(tab)
        await check_drawn(tab, session, "diagnose after a tick")


async def scenarios_step(tab: Page, session: Session) -> None:
    box = tab.locator('[data-testid="stTextInput"]').filter(has_text="Scenario name").locator("input")
    await box.wait_for(timeout=TIMEOUT_MS)
    # The box is drawn before the script run that seeds it has finished; an empty box is reported below.
    with contextlib.suppress(Exception):
        await tab.wait_for_function("(el) => el.value !== ''", arg=await box.element_handle(), timeout=10_000)
    name = await box.input_value()
    if name != session.name:
        session.crosstalk.append(f"scenarios: the name box holds {name!r}, expected {session.name!r}")


async def your_data_step(tab: Page, session: Session, folder: Path) -> None:
    examples = 10 + session.index  # each session's own file size, so a mixed-up report shows
    path = folder / f"train-{session.index}.jsonl"
    path.write_text((TRAINING_LINE + "\n") * examples, encoding="utf-8")
    upload = tab.locator('[data-testid="stFileUploader"] input[type="file"]').first
    await think(session)
    await timed_input(
        tab, session, "your_data_upload", USABLE_IS_JS, examples, lambda: upload.set_input_files(str(path))
    )
    await settle(tab)
    await check_drawn(tab, session, "your_data after upload")


async def journey(browser: object, base: str, session: Session, others: dict[int, list[str]], folder: Path) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
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


# People's browsers run on their own machines, not on the server's two cores: here they share them, so they run at
# low priority (children inherit it) and the server keeps the CPU it would have had in production.
BROWSER_NICENESS = 15


def browser_command(folder: str) -> tuple[str, Path]:
    """A wrapper that starts Chromium at low CPU priority, and the file where it writes Chromium's process id."""
    wrapper, pid_file = Path(folder) / "chromium-low-priority", Path(folder) / "chromium.pid"
    wrapper.write_text(
        f'#!/bin/sh\necho $$ > {pid_file}\nexec nice -n {BROWSER_NICENESS} {CHROMIUM} "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    return str(wrapper), pid_file


async def first_visits(browser: Any, base: str, pid: int) -> dict[str, float]:
    """One browser alone: CPU-seconds its process tree spends on the first visit to each page, in a fresh context
    (the first page opened from a link, the others through the sidebar), until the page is drawn and idle."""
    person = Session(index=-2, requests=97_000, changed_requests=[], name="Alone")
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
                await tab.wait_for_function(predicate, arg=arg, polling=SETTLE_POLL_MS)
            await settle(tab)
            await asyncio.sleep(1.0)  # what the page does after drawing (fonts, charts settling) counts too
            spent[page.url_path or "start"] = round(cpu_seconds(pid) - before, 2)
    finally:
        await context.close()
    return spent


def crowd_in_thread(base: str, crowd: list[Person]) -> threading.Thread:
    """The protocol-level people in a thread with its own event loop, so the browsers' traffic in the main loop
    cannot delay their readings (nor theirs the browsers')."""

    async def walk() -> None:
        tasks = [asyncio.create_task(p.journey(base, reconnect=False)) for p in crowd]
        _, pending = await asyncio.wait(tasks, timeout=CROWD_LIMIT_S)
        for task, person in zip(tasks, crowd, strict=True):
            if task in pending:
                task.cancel()
                person.errors.append(f"journey still running after {CROWD_LIMIT_S} s")
        await asyncio.gather(*pending, return_exceptions=True)

    thread = threading.Thread(target=lambda: asyncio.run(walk()), daemon=True)
    return thread


@dataclass
class Outcome:
    """What `drive` measured besides each session's own records."""

    elapsed_s: float  # wall seconds the parallel journeys took
    busy_cpu_s: float  # CPU-seconds the whole machine was busy meanwhile
    first_visit_cpu_s: dict[str, float]  # one browser alone: CPU-seconds per page's first visit
    warmup_problems: list[str]


async def drive(base: str, sessions: list[Session], crowd: list[Person], warm: bool) -> Outcome:
    """Run every journey in parallel (after a warm-up visit), then the first visits of one browser alone."""
    others: dict[int, list[str]] = {}
    for person in [*sessions, *crowd]:
        others[person.index] = monthly_figures(person.scenario(person.requests))
        for k, volume in enumerate(person.changed_requests):
            others[-1000 * (person.index + 1) - k] = monthly_figures(person.scenario(volume))
    problems: list[str] = []
    if warm:
        # One person first, so the measured run starts from a server that has imported everything once.
        warmup = people(1, 0.0, 0.0, 1, seed=1, offset=10_000)[0]
        await warmup.journey(base, reconnect=False)
        problems = [f"warm-up: {e}" for e in [*warmup.errors, *warmup.crosstalk]]
    with tempfile.TemporaryDirectory() as folder:
        command, pid_file = browser_command(folder)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=command, args=CHROMIUM_ARGS)
            started = T0[0] = time.perf_counter()
            for person in crowd:
                person.t0 = started
            busy_before = machine_busy_seconds()
            walkers = crowd_in_thread(base, crowd)
            walkers.start()
            await asyncio.gather(*(journey(browser, base, s, others, Path(folder)) for s in sessions))
            await asyncio.to_thread(walkers.join, CROWD_LIMIT_S + 60)
            elapsed = time.perf_counter() - started
            busy = machine_busy_seconds() - busy_before
            alone = await first_visits(browser, base, int(pid_file.read_text().strip()))
            await browser.close()
    return Outcome(elapsed, busy, alone, problems)


def summary(sessions: list[Session], attribute: str) -> dict[str, object]:
    """n, p50 and p95 over every session's timings in `attribute`, in all and by kind of input."""
    by_kind: dict[str, list[float]] = {}
    for s in sessions:
        for kind, values in getattr(s, attribute).items():
            by_kind.setdefault(kind, []).extend(values)
    every = [t for values in by_kind.values() for t in values]
    return {**figures(every), "by_kind": {kind: figures(v) for kind, v in sorted(by_kind.items())}}


def print_summary(title: str, numbers: dict[str, Any]) -> None:
    print(f"{title:<18}p50 {numbers['p50_s']:.2f} s, p95 {numbers['p95_s']:.2f} s over {numbers['n']} inputs")
    for kind, kind_numbers in numbers["by_kind"].items():
        n, p50, p95 = kind_numbers["n"], kind_numbers["p50_s"], kind_numbers["p95_s"]
        print(f"  {kind:<24} n={n:<3} p50 {p50:.2f} s  p95 {p95:.2f} s")


def main(argv: list[str] | None = None) -> int:
    """Run the load test; returns the process exit code (1 on errors or cross-talk)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=10, help="people using the server at once, browsers included")
    parser.add_argument("--browsers", type=int, default=2, help="how many of them are real Chromium sessions, timed")
    parser.add_argument("--changes", type=int, default=3, help="volume changes each session makes on Estimate")
    parser.add_argument(
        "--think",
        type=float,
        default=10.0,
        help="seconds a person pauses to read before each input (random, 0.5x to 1.5x); 0 = a robot at full speed",
    )
    parser.add_argument(
        "--arrive",
        type=float,
        default=20.0,
        help="seconds over which people open the link (each at a random moment in it); 0 = all at once",
    )
    parser.add_argument("--seed", type=int, default=7, help="seed for the pauses, so runs can be compared")
    parser.add_argument("--url", help="use an already running server instead of starting one")
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up visit: all sessions hit a freshly started server at once"
    )
    args = parser.parse_args(argv)
    # Stopped from outside (kill, a CI timeout): unwind, so the finally blocks stop every process started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    browsers = max(1, min(args.browsers, args.sessions))
    sessions = [
        Session(
            index=i,
            requests=100_000 + (i + 1) * 1111,
            changed_requests=[200_000 + (i + 1) * 1357 + k * 10_007 for k in range(args.changes)],
            name=f"Session {i}",
            think_s=args.think,
            rng=random.Random(args.seed * 1000 + i),
        )
        for i in range(browsers)
    ]
    for s in sessions:
        s.arrive_s = s.rng.uniform(0, args.arrive)
    crowd = people(args.sessions - browsers, args.think, args.arrive, args.changes, args.seed, offset=browsers)
    server = None
    sampler = None
    log = Path(tempfile.gettempdir()) / f"load-server-{os.getpid()}.log"
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = free_port()
        server = start_server(port, log)
        base = f"http://127.0.0.1:{port}"
        sampler = MemorySampler(server.pid)
        sampler.start()
    cpu_before = (cpu_seconds(server.pid) if server else 0.0, machine_busy_seconds())
    try:
        outcome = asyncio.run(drive(base, sessions, crowd, warm=not args.cold))
    finally:
        cpu_after = (cpu_seconds(server.pid) if server else 0.0, machine_busy_seconds())
        if sampler:
            sampler.stop()
        if server:
            server.terminate()
            server.wait(timeout=15)
    in_page = summary(sessions, "timings")
    errors = [*outcome.warmup_problems, *(f"session {s.index}: {e}" for s in [*sessions, *crowd] for e in s.errors)]
    crosstalk = [f"session {s.index}: {c}" for s in [*sessions, *crowd] for c in s.crosstalk]
    server_times = [t for p in crowd for values in p.timings.values() for t in values]
    elapsed = outcome.elapsed_s
    result: dict[str, Any] = {
        "sessions": args.sessions,
        "browsers": browsers,
        "pages": [p.url_path or "start" for p in PAGES],
        "think_s": args.think,
        "errors": len(errors),
        "crosstalk": len(crosstalk),
        # Input event -> first frame showing the result, on the browsers' page clock: what the person waits for.
        "p50_s": in_page["p50_s"],
        "p95_s": in_page["p95_s"],
        "by_kind": in_page["by_kind"],
        # The same inputs as the harness saw them (action sent over CDP -> result noticed by polling).
        "harness": summary(sessions, "harness_timings"),
        # The protocol-level people: rerun sent -> script_finished received, over loopback, nothing drawn.
        "server": figures(server_times),
        "server_start_mb": round(sampler.start_mb, 1) if sampler else None,
        "server_peak_mb": round(sampler.peak_mb, 1) if sampler else None,
        "wall_s": round(elapsed, 1),
        # CPU over the whole run (warm-up and the lone browser included): the server's share vs. everything.
        "server_cpu_s": round(cpu_after[0] - cpu_before[0], 1) if server else None,
        "machine_busy_cpu_s": round(cpu_after[1] - cpu_before[1], 1),
        # Share of the machine's cores busy while the sessions ran: near 1.0, every wait includes queueing for CPU.
        "cpu_busy_share": round(outcome.busy_cpu_s / (elapsed * (os.cpu_count() or 1)), 3) if elapsed else None,
        # One browser alone, after the crowd: CPU-seconds of its processes for the first visit to each page.
        "first_visit_cpu_s": outcome.first_visit_cpu_s,
        "arrive_s": args.arrive,
        "warm_up": not args.cold,
        "cpus": os.cpu_count(),
    }
    print(
        f"sessions          {result['sessions']} in parallel ({browsers} in Chromium, {len(crowd)} protocol-level; "
        f"{result['cpus']} CPUs), journey over {result['pages']}"
    )
    print(f"pace              link opened over {args.arrive} s; {args.think} s (x0.5 to x1.5) before each input")
    print(f"errors            {result['errors']}")
    print(f"cross-talk        {result['crosstalk']}")
    print_summary("input -> result", in_page)
    print_summary("  harness saw", result["harness"])
    server_numbers = result["server"]
    print(
        f"server alone      p50 {server_numbers['p50_s']:.2f} s, p95 {server_numbers['p95_s']:.2f} s, "
        f"max {server_numbers['max_s']} s over {server_numbers['n']} inputs of the protocol-level people"
    )
    if sampler:
        print(f"server memory     {result['server_start_mb']} MB idle, peak {result['server_peak_mb']} MB")
    if server:
        print(f"CPU               server {result['server_cpu_s']} s of {result['machine_busy_cpu_s']} s busy in all")
    start = "after one warm-up visit" if result["warm_up"] else "cold server, no warm-up"
    print(f"wall time         {result['wall_s']} s ({start})")
    print(f"machine busy      {result['cpu_busy_share']:.0%} of {result['cpus']} cores while the sessions ran")
    slowest = sorted(((t, s.index, kind, at, busy) for s in sessions for at, kind, t, busy in s.log), reverse=True)[:8]
    print(
        "slowest inputs    "
        + "; ".join(
            f"{t:.1f} s {kind} (session {i}, at {at:.0f} s, page busy {busy:.1f} s)" for t, i, kind, at, busy in slowest
        )
    )
    every = [(t, busy) for s in sessions for _, _, t, busy in s.log]
    waited, busy_total = sum(t for t, _ in every), sum(b for _, b in every)
    result["page_busy_share"] = round(busy_total / waited, 3) if waited else None
    print(f"page main thread  busy in long tasks for {busy_total:.1f} s of the {waited:.1f} s waited in all")
    print(
        "first visit, one browser alone (CPU-seconds of its processes): "
        + ", ".join(f"{page} {seconds:.2f}" for page, seconds in outcome.first_visit_cpu_s.items())
    )
    for line in [*errors, *crosstalk][:30]:
        print("  !", line)
    print(RESULT_MARKER + json.dumps(result))
    return 1 if errors or crosstalk else 0


if __name__ == "__main__":
    sys.exit(main())
