"""The load bench's figures: gathered into one result, printed for a person, and as the last `LOAD-RESULT` line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from protocol import Person

from app import PAGES
from harness.machine import figures, figures_by_kind
from harness.results import print_result
from loadbench.drive import Outcome
from loadbench.session import Session

RESULT_MARKER = "LOAD-RESULT "


@dataclass
class ServerReadings:
    """The server's own process tree over the whole run (None when the bench did not start the server)."""

    cpu_s: float | None
    machine_busy_cpu_s: float
    start_mb: float | None
    peak_mb: float | None


def summary(sessions: list[Session], attribute: str) -> dict[str, Any]:
    """n, p50 and p95 over every session's timings in `attribute`, in all and by kind of input."""
    return figures_by_kind([getattr(s, attribute) for s in sessions])


def problems(sessions: list[Session], crowd: list[Person], outcome: Outcome) -> tuple[list[str], list[str]]:
    """Errors (the warm-up's included) and cross-talk, each line naming its session."""
    everyone = [*sessions, *crowd]
    errors = [*outcome.warmup_problems, *(f"session {s.index}: {e}" for s in everyone for e in s.errors)]
    return errors, [f"session {s.index}: {c}" for s in everyone for c in s.crosstalk]


def result_of(
    args: Any, sessions: list[Session], crowd: list[Person], outcome: Outcome, server: ServerReadings
) -> dict[str, Any]:
    """Everything measured, as the JSON of the last line."""
    errors, crosstalk = problems(sessions, crowd, outcome)
    in_page = summary(sessions, "timings")
    elapsed = outcome.elapsed_s
    every = [(t, busy) for s in sessions for _, _, t, busy in s.log]
    waited, busy_total = sum(t for t, _ in every), sum(b for _, b in every)
    return {
        "sessions": args.sessions,
        "browsers": len(sessions),
        "pages": [p.url_path or "start" for p in PAGES],
        "think_s": args.think,
        "errors": len(errors),
        "crosstalk": len(crosstalk),
        # Input event -> first frame showing the result, on the browsers' page clock: what the person waits for.
        "n": in_page["n"],
        "p50_s": in_page["p50_s"],
        "p95_s": in_page["p95_s"],
        "by_kind": in_page["by_kind"],
        # The same inputs as the harness saw them (action sent over CDP -> result noticed by polling).
        "harness": summary(sessions, "harness_timings"),
        # The protocol-level people: rerun sent -> script_finished received, over loopback, nothing drawn.
        "server": figures([t for p in crowd for values in p.timings.values() for t in values]),
        "server_start_mb": server.start_mb,
        "server_peak_mb": server.peak_mb,
        "wall_s": round(elapsed, 1),
        # CPU over the whole run (warm-up and the lone browser included): the server's share vs. everything.
        "server_cpu_s": server.cpu_s,
        "machine_busy_cpu_s": server.machine_busy_cpu_s,
        # Share of the machine's cores busy while the sessions ran: near 1.0, every wait includes queueing for CPU.
        "cpu_busy_share": round(outcome.busy_cpu_s / (elapsed * (os.cpu_count() or 1)), 3) if elapsed else None,
        # Of the time the browsers waited, how much their page's main thread was busy in long tasks.
        "waited_s": round(waited, 1),
        "page_busy_s": round(busy_total, 1),
        "page_busy_share": round(busy_total / waited, 3) if waited else None,
        # One browser alone, after the crowd: CPU-seconds of its processes for the first visit to each page.
        "first_visit_cpu_s": outcome.first_visit_cpu_s,
        "arrive_s": args.arrive,
        "warm_up": not args.cold,
        "cpus": os.cpu_count(),
    }


def print_summary(title: str, numbers: dict[str, Any]) -> None:
    print(f"{title:<18}p50 {numbers['p50_s']:.2f} s, p95 {numbers['p95_s']:.2f} s over {numbers['n']} inputs")
    for kind, kind_numbers in numbers["by_kind"].items():
        n, p50, p95 = kind_numbers["n"], kind_numbers["p50_s"], kind_numbers["p95_s"]
        print(f"  {kind:<24} n={n:<3} p50 {p50:.2f} s  p95 {p95:.2f} s")


def print_waits(result: dict[str, Any], sessions: list[Session]) -> None:
    """The browsers' waits, the harness's view of them, the server's turnaround, and the slowest inputs."""
    print_summary("input -> result", result)
    print_summary("  harness saw", result["harness"])
    server = result["server"]
    print(
        f"server alone      p50 {server['p50_s']:.2f} s, p95 {server['p95_s']:.2f} s, "
        f"max {server['max_s']} s over {server['n']} inputs of the protocol-level people"
    )
    slowest = sorted(((t, s.index, kind, at, busy) for s in sessions for at, kind, t, busy in s.log), reverse=True)
    print(
        "slowest inputs    "
        + "; ".join(
            f"{t:.1f} s {kind} (session {i}, at {at:.0f} s, page busy {busy:.1f} s)"
            for t, i, kind, at, busy in slowest[:8]
        )
    )


def print_report(
    args: Any, sessions: list[Session], crowd: list[Person], outcome: Outcome, result: dict[str, Any]
) -> None:
    """What a person reads, then the problems, then the `LOAD-RESULT {json}` line."""
    print(
        f"sessions          {result['sessions']} in parallel ({len(sessions)} in Chromium, {len(crowd)} "
        f"protocol-level; {result['cpus']} CPUs), journey over {result['pages']}"
    )
    print(f"pace              link opened over {args.arrive} s; {args.think} s (x0.5 to x1.5) before each input")
    print(f"errors            {result['errors']}")
    print(f"cross-talk        {result['crosstalk']}")
    print_waits(result, sessions)
    if result["server_peak_mb"] is not None:
        print(f"server memory     {result['server_start_mb']} MB idle, peak {result['server_peak_mb']} MB")
    if result["server_cpu_s"] is not None:
        print(f"CPU               server {result['server_cpu_s']} s of {result['machine_busy_cpu_s']} s busy in all")
    start = "after one warm-up visit" if result["warm_up"] else "cold server, no warm-up"
    print(f"wall time         {result['wall_s']} s ({start})")
    print(f"machine busy      {result['cpu_busy_share']:.0%} of {result['cpus']} cores while the sessions ran")
    print(
        f"page main thread  busy in long tasks for {result['page_busy_s']} s of the {result['waited_s']} s "
        "waited in all"
    )
    print(
        "first visit, one browser alone (CPU-seconds of its processes): "
        + ", ".join(f"{page} {seconds:.2f}" for page, seconds in outcome.first_visit_cpu_s.items())
    )
    errors, crosstalk = problems(sessions, crowd, outcome)
    for line in [*errors, *crosstalk][:30]:
        print("  !", line)
    print_result(RESULT_MARKER, result)
