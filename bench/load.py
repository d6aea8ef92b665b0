"""Many people at once: N headless Chromium sessions drive the real server in parallel, each with its own numbers.

Starts `streamlit run app.py` on a free port, launches one Chromium with N browser contexts (one per person, each
its own Streamlit session), and runs the same journey in all of them at once:

1. every page the router registers, opened from a link carrying this session's own requests per month and name:
   it must draw without an exception and keep this session's values in the address bar;
2. Estimate: the four "Per month" figures must be the ones `core.estimate` gives for this session's scenario;
   then the session types a new volume and the time until all four figures are updated is measured;
3. Diagnose: the session ticks a question and the time until the recommendation changes is measured;
4. Scenarios: the name box must hold this session's own name; Your data: a small training file is checked.

Any figure that matches another session's scenario instead of its own counts as cross-talk. While the sessions
run, the server's resident memory (process and children, from /proc) is sampled every 100 ms.

Prints sessions, errors, cross-talk, p50/p95 input-to-result times and peak server memory, and a last line
`LOAD-RESULT {json}`. Exits 1 on any error or cross-talk; timings are measured, not asserted.

Run: python bench/load.py [--sessions 10] [--url http://127.0.0.1:8501 (use a running server)]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import Page, async_playwright  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

import core  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402
from tests.hostile import registered_pages  # noqa: E402
from ui import format as fmt  # noqa: E402

RESULT_MARKER = "LOAD-RESULT "
TIMEOUT_MS = 60_000
NO_PRICE = "no price"  # what an Estimate card shows when a price is missing (ui/estimate_panels.py)
TICKED_QUESTION = "needs_citations"
TRAINING_LINE = json.dumps(
    {
        "messages": [
            {"role": "system", "content": "You answer refund questions for a shoe shop."},
            {"role": "user", "content": "Can I return shoes after 40 days?"},
            {"role": "assistant", "content": "Returns are accepted within 30 days of delivery."},
        ]
    }
)


@dataclass
class Session:
    """One person: their own numbers, and what happened to them."""

    index: int
    requests: int
    changed_requests: int
    name: str
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)
    # Server turnaround per kind of change (rerun asked → run finished), read off the websocket.
    server_timings: dict[str, list[float]] = field(default_factory=dict)
    wire: Wire = field(default_factory=lambda: Wire(), repr=False)

    def scenario(self, requests: int) -> core.Scenario:
        return core.Scenario(name=self.name, workload=core.Workload(requests_per_month=requests))

    def link(self) -> dict[str, str]:
        return {"v": "1", "w.requests_per_month": str(self.requests), "name": self.name}


def monthly_figures(scenario: core.Scenario) -> list[str]:
    """The four 'Per month' figures the Estimate page must show for `scenario`, formatted as the page does."""
    result = core.estimate(scenario)
    return [NO_PRICE if s.monthly_usd is None else fmt.usd(s.monthly_usd) for s in result.strategies.values()]


# ---------------------------------------------------------------------------------------------------------
# Server memory
# ---------------------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        if current not in found:
            found.append(current)
            todo += _children(current)
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its descendants."""
    ticks = 0
    for current in _tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all processes on the machine spent busy (not idle or waiting), summed over cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (VmRSS from /proc)."""
    total_kb, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
        todo += _children(current)
    return total_kb / 1024


class MemorySampler(threading.Thread):
    """Samples a process tree's resident memory every 100 ms and keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.start_mb = pid, 0.0, resident_mb(pid)
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_mb = max(self.peak_mb, resident_mb(self.pid))
            self._stop_event.wait(0.1)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=2)


# ---------------------------------------------------------------------------------------------------------
# The journey
# ---------------------------------------------------------------------------------------------------------


class Wire:
    """When this tab's reruns were asked for and finished, read off its websocket frames (Streamlit's protobufs).

    The time from a `rerun_script` sent to the next `script_finished` received is the server's turnaround: what
    the app costs, without the time a CPU-starved browser then needs to draw the result.
    """

    def __init__(self) -> None:
        self.sent: list[float] = []
        self.finished: list[float] = []

    def attach(self, tab: Page) -> None:
        tab.on("websocket", self._watch)

    def _watch(self, socket: object) -> None:
        socket.on("framesent", self._sent)  # type: ignore[attr-defined]
        socket.on("framereceived", self._received)  # type: ignore[attr-defined]

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            with contextlib.suppress(Exception):
                if BackMsg.FromString(payload).WhichOneof("type") == "rerun_script":
                    self.sent.append(time.perf_counter())

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            with contextlib.suppress(Exception):
                if ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
                    self.finished.append(time.perf_counter())

    def turnaround_after(self, started: float) -> float | None:
        """Seconds from the first rerun asked for after `started` to the next finished run; None if not seen."""
        asked = next((t for t in self.sent if t >= started), None)
        if asked is None:
            return None
        done = next((t for t in self.finished if t >= asked), None)
        return None if done is None else done - asked


async def settle(tab: Page) -> None:
    """Wait until the app has drawn and finished running (the status widget disappears)."""
    await tab.wait_for_selector('[data-testid="stMain"] [data-testid="stMarkdown"]', timeout=TIMEOUT_MS)
    await tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)


async def check_drawn(tab: Page, session: Session, where: str) -> None:
    """No exception box on the page, and the address bar still carries this session's own volume."""
    exceptions = await tab.locator('[data-testid="stException"]').all_inner_texts()
    if exceptions:
        session.errors.append(f"{where}: exception on the page: {exceptions[0][:300]}")
    if f"w.requests_per_month={session.requests}" not in tab.url and where != "estimate after change":
        session.crosstalk.append(f"{where}: address bar lost this session's volume: {tab.url}")


PER_MONTH_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMetric"]'))
    .filter(m => (m.querySelector('[data-testid="stMetricLabel"]')?.innerText || '').trim() === 'Per month')
    .map(m => m.querySelector('[data-testid="stMetricValue"]').innerText.trim())"""


async def estimate_step(tab: Page, base: str, session: Session, others: dict[int, list[str]]) -> None:
    await tab.goto(f"{base}/estimate?{urlencode(session.link())}")
    await settle(tab)
    await check_drawn(tab, session, "estimate")
    expected = monthly_figures(session.scenario(session.requests))
    await tab.wait_for_function(f"() => ({PER_MONTH_JS})().length === {len(expected)}", timeout=TIMEOUT_MS)
    shown = await tab.evaluate(PER_MONTH_JS)
    if shown != expected:
        stranger = [i for i, figures in others.items() if figures == shown and i != session.index]
        session.crosstalk.append(f"estimate: shows {shown}, expected {expected}; matches session(s) {stranger}")
    box = tab.locator('[data-testid="stNumberInput"]').filter(has_text="Requests per month").locator("input")
    await box.fill(str(session.changed_requests))
    updated = monthly_figures(session.scenario(session.changed_requests))
    started = time.perf_counter()
    await box.press("Enter")
    try:
        await tab.wait_for_function(
            f"() => JSON.stringify(({PER_MONTH_JS})()) === {json.dumps(json.dumps(updated, separators=(',', ':')))}",
            timeout=TIMEOUT_MS,
        )
    except Exception:
        shown = await tab.evaluate(PER_MONTH_JS)
        session.errors.append(f"estimate: after the change shows {shown}, expected {updated}")
        return
    session.timings.setdefault("estimate_volume_change", []).append(time.perf_counter() - started)
    _record_server(session, "estimate_volume_change", started)
    await settle(tab)
    await check_drawn(tab, session, "estimate after change")
    if f"w.requests_per_month={session.changed_requests}" not in tab.url:
        session.crosstalk.append(f"estimate: the address bar does not hold the new volume: {tab.url}")


async def diagnose_step(tab: Page, base: str, session: Session) -> None:
    await tab.goto(f"{base}/diagnose?{urlencode(session.link())}")
    await settle(tab)
    await check_drawn(tab, session, "diagnose")
    expected = core.STRATEGY_LABELS[core.recommend(core.Answers(**{TICKED_QUESTION: True})).strategy]
    heading = tab.locator('[data-testid="stMain"] h2').filter(has_text=expected)
    question = tab.get_by_text(core.QUESTIONS[TICKED_QUESTION], exact=True)
    await question.hover()  # waits until it can be clicked, so the timer measures the app, not the page's drawing
    started = time.perf_counter()
    await question.click()
    await heading.first.wait_for(timeout=TIMEOUT_MS)
    session.timings.setdefault("diagnose_tick", []).append(time.perf_counter() - started)
    _record_server(session, "diagnose_tick", started)
    await settle(tab)


async def scenarios_step(tab: Page, base: str, session: Session) -> None:
    await tab.goto(f"{base}/scenarios?{urlencode(session.link())}")
    await settle(tab)
    await check_drawn(tab, session, "scenarios")
    box = tab.locator('[data-testid="stTextInput"]').filter(has_text="Scenario name").locator("input")
    await box.wait_for(timeout=TIMEOUT_MS)
    # The box is drawn before the script run that seeds it has finished; an empty box is reported below.
    with contextlib.suppress(Exception):
        await tab.wait_for_function("(el) => el.value !== ''", arg=await box.element_handle(), timeout=10_000)
    name = await box.input_value()
    if name != session.name:
        session.crosstalk.append(f"scenarios: the name box holds {name!r}, expected {session.name!r}")


async def your_data_step(tab: Page, base: str, session: Session, folder: Path) -> None:
    await tab.goto(f"{base}/your_data?{urlencode(session.link())}")
    await settle(tab)
    await check_drawn(tab, session, "your_data")
    examples = 10 + session.index  # each session's own file size, so a mixed-up report shows
    path = folder / f"train-{session.index}.jsonl"
    path.write_text((TRAINING_LINE + "\n") * examples, encoding="utf-8")
    started = time.perf_counter()
    await tab.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))
    metric = tab.locator('[data-testid="stMetric"]').filter(has_text="Usable examples")
    await metric.first.wait_for(timeout=TIMEOUT_MS)
    await tab.wait_for_function(
        """(n) => Array.from(document.querySelectorAll('[data-testid="stMetric"]')).some(m =>
            m.innerText.includes('Usable examples') && m.querySelector('[data-testid="stMetricValue"]')
            .innerText.trim() === String(n))""",
        arg=examples,
        timeout=TIMEOUT_MS,
    )
    session.timings.setdefault("your_data_upload", []).append(time.perf_counter() - started)
    _record_server(session, "your_data_upload", started)
    await settle(tab)
    await check_drawn(tab, session, "your_data after upload")


def _record_server(session: Session, kind: str, started: float) -> None:
    turnaround = session.wire.turnaround_after(started)
    if turnaround is not None:
        session.server_timings.setdefault(kind, []).append(turnaround)


async def other_page_step(tab: Page, base: str, session: Session, url_path: str) -> None:
    await tab.goto(f"{base}/{url_path}?{urlencode(session.link())}")
    await settle(tab)
    await check_drawn(tab, session, url_path or "start")


async def journey(browser: object, base: str, session: Session, others: dict[int, list[str]], folder: Path) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(TIMEOUT_MS)  # a starved browser is slow, not broken: wait as long as for results
    tab = await context.new_page()
    session.wire.attach(tab)
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: dialogs.append(dialog.message))
    steps = {
        "estimate": lambda: estimate_step(tab, base, session, others),
        "diagnose": lambda: diagnose_step(tab, base, session),
        "scenarios": lambda: scenarios_step(tab, base, session),
        "your_data": lambda: your_data_step(tab, base, session, folder),
    }
    try:
        for page in registered_pages():
            step = steps.get(page.url_path) or (lambda p=page: other_page_step(tab, base, session, p.url_path))
            try:
                await step()
            except Exception as exc:
                session.errors.append(f"{page.url_path or 'start'}: {type(exc).__name__}: {str(exc)[:300]}")
    finally:
        await context.close()
    if dialogs:
        session.errors.append(f"a dialog opened: {dialogs}")


# People's browsers run on their own machines, not on the server's two cores: here they share them, so they run at
# low priority (children inherit it) and the server keeps the CPU it would have had in production.
BROWSER_NICENESS = 15


def browser_command(folder: str) -> str:
    """A wrapper that starts Chromium at low CPU priority."""
    wrapper = Path(folder) / "chromium-low-priority"
    wrapper.write_text(f'#!/bin/sh\nexec nice -n {BROWSER_NICENESS} {CHROMIUM} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


async def drive(base: str, sessions: list[Session], warmup: Session, warm: bool) -> float:
    others = {s.index: monthly_figures(s.scenario(s.requests)) for s in sessions}
    others |= {-s.index - 1: monthly_figures(s.scenario(s.changed_requests)) for s in sessions}
    with tempfile.TemporaryDirectory() as folder:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=browser_command(folder), args=CHROMIUM_ARGS)
            if warm:
                # One person first, so the measured run starts from a server that has imported everything once.
                await journey(browser, base, warmup, {}, Path(folder))
            started = time.perf_counter()
            await asyncio.gather(*(journey(browser, base, s, others, Path(folder)) for s in sessions))
            elapsed = time.perf_counter() - started
            await browser.close()
    return elapsed


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def main(argv: list[str] | None = None) -> int:
    """Run the load test; returns the process exit code (1 on errors or cross-talk)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--url", help="use an already running server instead of starting one")
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up visit: all sessions hit a freshly started server at once"
    )
    args = parser.parse_args(argv)
    sessions = [
        Session(
            index=i, requests=100_000 + (i + 1) * 1111, changed_requests=200_000 + (i + 1) * 1357, name=f"Session {i}"
        )
        for i in range(args.sessions)
    ]
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
        warmup = Session(index=-1, requests=99_000, changed_requests=98_000, name="Warm-up")
        elapsed = asyncio.run(drive(base, sessions, warmup, warm=not args.cold))
        errors_warmup = [f"warm-up: {e}" for e in [*warmup.errors, *warmup.crosstalk]]
    finally:
        cpu_after = (cpu_seconds(server.pid) if server else 0.0, machine_busy_seconds())
        if sampler:
            sampler.stop()
        if server:
            server.terminate()
            server.wait(timeout=15)
    timings = [t for s in sessions for values in s.timings.values() for t in values]
    by_kind: dict[str, list[float]] = {}
    for s in sessions:
        for kind, values in s.timings.items():
            by_kind.setdefault(kind, []).extend(values)
    server_timings = [t for s in sessions for values in s.server_timings.values() for t in values]
    server_by_kind: dict[str, list[float]] = {}
    for s in sessions:
        for kind, values in s.server_timings.items():
            server_by_kind.setdefault(kind, []).extend(values)
    errors = [*errors_warmup, *(f"session {s.index}: {e}" for s in sessions for e in s.errors)]
    crosstalk = [f"session {s.index}: {c}" for s in sessions for c in s.crosstalk]
    result = {
        "sessions": len(sessions),
        "pages": [p.url_path or "start" for p in registered_pages()],
        "errors": len(errors),
        "crosstalk": len(crosstalk),
        "p50_s": round(percentile(timings, 0.50), 3),
        "p95_s": round(percentile(timings, 0.95), 3),
        "by_kind": {
            kind: {"n": len(v), "p50_s": round(percentile(v, 0.5), 3), "p95_s": round(percentile(v, 0.95), 3)}
            for kind, v in sorted(by_kind.items())
        },
        # Rerun asked (websocket) → run finished (websocket): the app's own time, without the browser's drawing.
        "server_turnaround_n": len(server_timings),
        "server_turnaround_p50_s": round(percentile(server_timings, 0.50), 3),
        "server_turnaround_p95_s": round(percentile(server_timings, 0.95), 3),
        "server_turnaround_by_kind": {
            kind: {"n": len(v), "p50_s": round(percentile(v, 0.5), 3), "p95_s": round(percentile(v, 0.95), 3)}
            for kind, v in sorted(server_by_kind.items())
        },
        "server_start_mb": round(sampler.start_mb, 1) if sampler else None,
        "server_peak_mb": round(sampler.peak_mb, 1) if sampler else None,
        "wall_s": round(elapsed, 1),
        # CPU over the whole run (warm-up included): the server's share vs. everything (mostly Chromium drawing).
        "server_cpu_s": round(cpu_after[0] - cpu_before[0], 1) if server else None,
        "machine_busy_cpu_s": round(cpu_after[1] - cpu_before[1], 1),
        "warm_up": not args.cold,
        "cpus": os.cpu_count(),
    }
    print(f"sessions          {result['sessions']} in parallel ({result['cpus']} CPUs), journey over {result['pages']}")
    print(f"errors            {result['errors']}")
    print(f"cross-talk        {result['crosstalk']}")
    print(f"input -> result   p50 {result['p50_s']:.2f} s, p95 {result['p95_s']:.2f} s over {len(timings)} changes")
    for kind, numbers in result["by_kind"].items():  # type: ignore[union-attr]
        print(f"  {kind:<22} n={numbers['n']:<3} p50 {numbers['p50_s']:.2f} s  p95 {numbers['p95_s']:.2f} s")
    print(
        f"server turnaround p50 {result['server_turnaround_p50_s']:.2f} s, "
        f"p95 {result['server_turnaround_p95_s']:.2f} s"
        f" over {len(server_timings)} reruns (rerun asked -> run finished, read off the websocket)"
    )
    for kind, numbers in result["server_turnaround_by_kind"].items():  # type: ignore[union-attr]
        print(f"  {kind:<22} n={numbers['n']:<3} p50 {numbers['p50_s']:.2f} s  p95 {numbers['p95_s']:.2f} s")
    if sampler:
        print(f"server memory     {result['server_start_mb']} MB idle, peak {result['server_peak_mb']} MB")
    if server:
        print(f"CPU               server {result['server_cpu_s']} s of {result['machine_busy_cpu_s']} s busy in all")
    start = "after one warm-up visit" if result["warm_up"] else "cold server, no warm-up"
    print(f"wall time         {result['wall_s']} s ({start})")
    for line in [*errors, *crosstalk][:30]:
        print("  !", line)
    print(RESULT_MARKER + json.dumps(result))
    return 1 if errors or crosstalk else 0


if __name__ == "__main__":
    sys.exit(main())
