"""The browsers and the protocol-level crowd at once on one server, with the machine's CPU read around them."""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import async_playwright
from protocol import Person, monthly_figures, people, walk_all

from harness.browser import CHROMIUM_ARGS, low_priority_chromium
from harness.machine import machine_busy_seconds
from loadbench import session as clock
from loadbench.journey import first_visits, journey
from loadbench.session import Session

CROWD_LIMIT_S = 900  # a journey still running by then has failed (every single wait is bounded too)


@dataclass
class Outcome:
    """What `drive` measured besides each session's own records."""

    elapsed_s: float  # wall seconds the parallel journeys took
    busy_cpu_s: float  # CPU-seconds the whole machine was busy meanwhile
    first_visit_cpu_s: dict[str, float]  # one browser alone: CPU-seconds per page's first visit
    warmup_problems: list[str]


def everyone_s_figures(sessions: list[Session], crowd: list[Person]) -> dict[int, list[str]]:
    """Every figure any person should see, keyed by who should see it: a figure found elsewhere names its owner."""
    others: dict[int, list[str]] = {}
    for person in [*sessions, *crowd]:
        others[person.index] = monthly_figures(person.scenario(person.requests))
        for k, volume in enumerate(person.changed_requests):
            others[-1000 * (person.index + 1) - k] = monthly_figures(person.scenario(volume))
    return others


def crowd_in_thread(base: str, crowd: list[Person]) -> threading.Thread:
    """The protocol-level people in a thread with its own event loop, so the browsers' traffic in the main loop
    cannot delay their readings (nor theirs the browsers')."""
    return threading.Thread(
        target=lambda: asyncio.run(walk_all(base, crowd, reconnect=False, limit_s=CROWD_LIMIT_S)), daemon=True
    )


async def warm_up(base: str) -> list[str]:
    """One person first, so the measured run starts from a server that has imported everything once."""
    warmup = people(1, 0.0, 0.0, 1, seed=1, offset=10_000)[0]
    await warmup.journey(base, reconnect=False)
    return [f"warm-up: {e}" for e in [*warmup.errors, *warmup.crosstalk]]


async def drive(base: str, sessions: list[Session], crowd: list[Person], warm: bool) -> Outcome:
    """Run every journey in parallel (after a warm-up visit), then the first visits of one browser alone."""
    others = everyone_s_figures(sessions, crowd)
    problems = await warm_up(base) if warm else []
    with tempfile.TemporaryDirectory() as folder:
        command, pid_file = low_priority_chromium(Path(folder))
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=command, args=CHROMIUM_ARGS)
            started = clock.T0[0] = time.perf_counter()
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
