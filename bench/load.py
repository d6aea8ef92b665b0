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

The parts live in bench/loadbench/ (one person in Chromium, the journey, driving the crowd, the report); this file
is the command-line front.

Run: python bench/load.py [--sessions 10] [--browsers 2] [--think 10] [--arrive 20] [--changes 3] [--cold]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT)]

from loadbench.drive import drive  # noqa: E402
from loadbench.report import ServerReadings, print_report, result_of  # noqa: E402
from loadbench.session import Session  # noqa: E402
from protocol import people  # noqa: E402

from harness.machine import MemorySampler, cpu_seconds, machine_busy_seconds  # noqa: E402
from harness.server import free_port, start_server, stop  # noqa: E402


def arguments(argv: list[str] | None) -> argparse.Namespace:
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
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the load test; returns the process exit code (1 on errors or cross-talk)."""
    args = arguments(argv)
    # Stopped from outside (kill, a CI timeout): unwind, so the finally blocks stop every process started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    browsers = max(1, min(args.browsers, args.sessions))
    sessions = people(browsers, args.think, args.arrive, args.changes, args.seed, kind=Session)
    crowd = people(args.sessions - browsers, args.think, args.arrive, args.changes, args.seed, offset=browsers)
    server, sampler, base = None, None, (args.url or "").rstrip("/")
    if not args.url:
        port = free_port()
        server = start_server(port, Path(tempfile.gettempdir()) / f"load-server-{os.getpid()}.log")
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
        stop(server)
    readings = ServerReadings(
        cpu_s=round(cpu_after[0] - cpu_before[0], 1) if server else None,
        machine_busy_cpu_s=round(cpu_after[1] - cpu_before[1], 1),
        start_mb=round(sampler.start_mb, 1) if sampler else None,
        peak_mb=round(sampler.peak_mb, 1) if sampler else None,
    )
    result = result_of(args, sessions, crowd, outcome, readings)
    print_report(args, sessions, crowd, outcome, result)
    return 1 if result["errors"] or result["crosstalk"] else 0


if __name__ == "__main__":
    sys.exit(main())
