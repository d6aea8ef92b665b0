"""How many people one server process holds: N protocol-level sessions on a real `streamlit run` server.

In real use every person brings their own browser, so what a team deploying the app needs to know is how long the
*server* takes to answer as more people use it at once. For each N of the sweep this script starts a fresh
server on a free loopback port, makes one warm-up visit, then lets N people (bench/protocol.py: each a tab
speaking Streamlit's websocket protocol, with its own volume and name) arrive at random moments over --arrive
seconds and walk every page at a meeting's pace (--think seconds before each input, x0.5 to x1.5, seeded): open
their own share link, switch pages through the sidebar, type --changes new volumes on Estimate, tick and untick
a Diagnose answer, upload their own training file on Your data and download its problems CSV. Every answer is
checked against this person's own numbers (`core.estimate` / `core.recommend` computed here): a figure that is
not theirs is cross-talk.

Per N it prints errors, cross-talk, the server's turnaround (rerun sent -> script_finished received, over
loopback, no drawing) p50/p95/max in all and by kind of input, the server's CPU (process and children, from
/proc) and peak resident memory (sampled every 100 ms), and the harness's own CPU, so the load figure is seen to
be the app's; then the largest N whose p95 stays <= --target seconds ("sessions per server"). The last line is
`CAPACITY-RESULT {json}` (lists aligned with `sessions`). Exits 1 on any error or cross-talk, never on time.

With --compare DIR (another checkout of the app, e.g. a `git worktree` of an older commit), every step is run on
that app's server first and then on this one, and the ratios of p50, p95, server CPU and peak memory are printed:
a slowdown measured side by side in one run, not against a figure from another day.

Run: python bench/capacity.py [--sessions 10,25,50,100] [--think 10] [--arrive 20] [--changes 3] [--url URL]
     [--compare DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT)]

from protocol import people, walk_all  # noqa: E402

from harness.machine import MemorySampler, cpu_seconds, figures_by_kind, machine_busy_seconds  # noqa: E402
from harness.results import print_result  # noqa: E402
from harness.server import free_port, start_server, stop  # noqa: E402

RESULT_MARKER = "CAPACITY-RESULT "
TARGET_P95_S = 0.5
# A journey is about a dozen inputs: this bounds a run even if a server stops answering (each wait is bounded too).
RUN_LIMIT_S = 900


def measure(n: int, args: argparse.Namespace, log: Path, app: Path = ROOT) -> dict[str, Any]:
    """One step of the sweep: a fresh server of the app in `app` (unless --url), a warm-up visit, then n people."""
    server = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = free_port()
        server = start_server(port, log, cwd=app)
        base = f"http://127.0.0.1:{port}"
    try:
        warmup = people(1, 0.0, 0.0, 1, args.seed, offset=10_000)[0]
        asyncio.run(walk_all(base, [warmup], reconnect=False, limit_s=RUN_LIMIT_S))
        crowd = people(n, args.think, args.arrive, args.changes, args.seed)
        sampler = MemorySampler(server.pid) if server else None
        if sampler:
            sampler.start()
        server_cpu = cpu_seconds(server.pid) if server else 0.0
        harness_cpu, busy, started = time.process_time(), machine_busy_seconds(), time.perf_counter()
        asyncio.run(walk_all(base, crowd, reconnect=False, limit_s=RUN_LIMIT_S))
        wall = time.perf_counter() - started
        harness_cpu = time.process_time() - harness_cpu
        busy = machine_busy_seconds() - busy
        server_cpu = (cpu_seconds(server.pid) - server_cpu) if server else float("nan")
        if sampler:
            sampler.stop()
    finally:
        stop(server)
    errors = [f"warm-up: {e}" for e in [*warmup.errors, *warmup.crosstalk]]
    errors += [f"session {p.index}: {e}" for p in crowd for e in p.errors]
    crosstalk = [f"session {p.index}: {c}" for p in crowd for c in p.crosstalk]
    cores = os.cpu_count() or 1
    return {
        "sessions": n,
        "errors": len(errors),
        "crosstalk": len(crosstalk),
        **figures_by_kind([p.timings for p in crowd]),
        "wall_s": round(wall, 1),
        "server_cpu_s": round(server_cpu, 1),
        # Of one core: Streamlit runs scripts in threads of one process, so one core is what a replica can use.
        "server_cpu_share_of_one_core": round(server_cpu / wall, 3) if server and wall else None,
        "peak_mb": round(sampler.peak_mb, 1) if sampler else None,
        "start_mb": round(sampler.start_mb, 1) if sampler else None,
        "harness_cpu_s": round(harness_cpu, 1),
        "machine_busy_share": round(busy / (wall * cores), 3) if wall else None,
        # Behind a proxy, the replica each person's first connection reached ("direct" without one), and how
        # many people were served by more than one replica (only a reconnect may move a person).
        "replicas": dict(Counter(p.replicas[0] for p in crowd if p.replicas)),
        "moved": sum(len(set(p.replicas)) > 1 for p in crowd),
        "problems": [*errors, *crosstalk][:20],
    }


def print_run(run: dict[str, Any]) -> None:
    print(
        f"{run['sessions']:>4} sessions: errors {run['errors']}, cross-talk {run['crosstalk']}; server turnaround "
        f"p50 {run['p50_s']:.3f} s, p95 {run['p95_s']:.3f} s, max {run['max_s']:.3f} s over {run['n']} inputs"
    )
    for kind, numbers in run["by_kind"].items():
        print(f"       {kind:<24} n={numbers['n']:<4} p50 {numbers['p50_s']:.3f} s  p95 {numbers['p95_s']:.3f} s")
    share = run["server_cpu_share_of_one_core"]
    print(
        f"       server CPU {run['server_cpu_s']} s in {run['wall_s']} s"
        + (f" ({share:.0%} of one core)" if share is not None else "")
        + f"; peak memory {run['peak_mb']} MB (idle {run['start_mb']} MB); harness CPU {run['harness_cpu_s']} s; "
        f"machine {run['machine_busy_share']:.0%} busy"
    )
    for line in run["problems"]:
        print("       !", line)


def print_side_by_side(run: dict[str, Any], other: dict[str, Any]) -> dict[str, float | None]:
    """This app's figures over the other checkout's, measured in the same run (above 1: this one is slower)."""
    ratios = {}
    for key in ("p50_s", "p95_s", "server_cpu_s", "peak_mb"):
        ratios[key] = round(run[key] / other[key], 2) if run[key] and other[key] else None
    print("       this app / compared: " + ", ".join(f"{key} {value}" for key, value in ratios.items()))
    return ratios


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", default="10,25,50,100", help="comma-separated numbers of people, e.g. 10,25")
    parser.add_argument("--think", type=float, default=10.0, help="seconds before each input (x0.5 to x1.5)")
    parser.add_argument("--arrive", type=float, default=20.0, help="seconds over which people open the link")
    parser.add_argument("--changes", type=int, default=3, help="volume changes each person makes on Estimate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--target", type=float, default=TARGET_P95_S, help="p95 turnaround that still counts")
    parser.add_argument("--url", help="an already running server (or proxy) instead of a fresh one per step")
    parser.add_argument(
        "--compare", help="another checkout of the app (a folder): each step is run on it too, and the ratios printed"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the sweep; returns the exit code (1 on errors or cross-talk)."""
    args = arguments(argv)
    # Stopped from outside (kill, a CI timeout): unwind, so the finally blocks stop every process started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    counts = [int(part) for part in args.sessions.split(",") if part.strip()]
    print(
        f"pace: link opened over {args.arrive} s, {args.think} s (x0.5 to x1.5) before each input; "
        f"{os.cpu_count()} CPUs; " + (f"server {args.url}" if args.url else "a fresh server per step")
    )
    runs, compared = [], []
    for n in counts:
        log = Path(tempfile.gettempdir()) / f"capacity-server-{os.getpid()}-{n}.log"
        if args.compare:  # the other checkout first, then this one, each on a fresh server: side by side
            other = measure(n, args, log.with_suffix(".compared.log"), app=Path(args.compare).resolve())
            print(f"compared ({args.compare}):")
            print_run(other)
        run = measure(n, args, log)
        print_run(run)
        runs.append(run)
        if args.compare:
            compared.append({"run": other, "ratios": print_side_by_side(run, other)})
    holding = [r["sessions"] for r in runs if r["p95_s"] <= args.target and not r["errors"] and not r["crosstalk"]]
    per_server = max(holding, default=0)
    print(f"sessions per server (largest N with p95 <= {args.target} s): {per_server}")
    result = {
        "sessions": [r["sessions"] for r in runs],
        "errors": [r["errors"] for r in runs],
        "crosstalk": [r["crosstalk"] for r in runs],
        "p50_s": [r["p50_s"] for r in runs],
        "p95_s": [r["p95_s"] for r in runs],
        "max_s": [r["max_s"] for r in runs],
        "peak_mb": [r["peak_mb"] for r in runs],
        "sessions_per_server": per_server,
        "target_p95_s": args.target,
        "think_s": args.think,
        "arrive_s": args.arrive,
        "cpus": os.cpu_count(),
        "runs": [{k: v for k, v in r.items() if k != "problems"} for r in runs],
        "compared": [{**c, "run": {k: v for k, v in c["run"].items() if k != "problems"}} for c in compared],
    }
    print_result(RESULT_MARKER, result)
    return 1 if any(r["errors"] or r["crosstalk"] for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
