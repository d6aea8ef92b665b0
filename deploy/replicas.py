"""Several replicas behind nginx on this machine: the capacity bench through them, and a failover check.

1. nginx: Debian's package is installed when `nginx` is missing (apt-get, as root, with services kept from
   starting); this script runs its own nginx in the foreground from a config in a temp folder (deploy/proxy.py),
   on a free loopback port: the system's nginx config and port 80 are left alone.
2. Replicas: --replicas copies of what the image holds (deploy/image.py reads the Dockerfile), each started
   with the image's command and environment on a free loopback port, and waited for with its HEALTHCHECK.
3. Capacity through the proxy: `bench/capacity.py --url <proxy>`: every person's websocket, health checks,
   upload and download must reach one replica (the X-Replica header nginx adds), and people are spread over
   all replicas.
4. Failover: protocol-level people and one person in Chromium walk the pages through the proxy. Once the browser
   shows its Estimate figures, the replica it is on is stopped. Its people must reconnect to another replica
   and find their scenario intact (their own figures, the address bar); everyone else must lose nothing. The
   browser must redraw its own figures by itself and take a new volume; then the stopped replica is started
   again, the browser's upload must still reach the replica that holds its session, and new people must be
   sent to every replica again.

Prints what it saw and a last line `REPLICAS-RESULT {json}`; exits 1 when a check fails. Loopback only, bounded
in time; every process it starts is stopped before it exits.

Run: python deploy/replicas.py [--replicas 2] [--sessions 10] [--failover-sessions 8] [--think 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "bench"), str(ROOT)]

import image  # noqa: E402
import protocol  # noqa: E402
import proxy  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from harness.browser import CHROMIUM, CHROMIUM_ARGS, FIGURES_ARE_JS, RUN_FINISHED_JS, SIDEBAR_LINK, USABLE_IS_JS  # noqa: E402
from harness.machine import percentile  # noqa: E402
from harness.results import print_result, run_script  # noqa: E402
from harness.server import free_port, healthy, stop  # noqa: E402

RESULT_MARKER = "REPLICAS-RESULT "
STEP_LIMIT_S = 300  # a failover step that has not finished by then has failed


def ensure_nginx() -> str:
    """The nginx executable; Debian's package is installed first when it is missing (services not started)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is missing; install Debian's package (apt-get install nginx) or run as root")
    # Keep the package's own service from starting (it would take port 80): Docker images ship this file too.
    policy = Path("/usr/sbin/policy-rc.d")
    created = not policy.exists()
    if created:
        policy.write_text("#!/bin/sh\nexit 101\n", encoding="utf-8")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env, stdout=subprocess.DEVNULL)
    finally:
        if created:
            policy.unlink()
    return shutil.which("nginx") or "/usr/sbin/nginx"


class Replica:
    """One replica: the image's command and environment, run from a copy of what the image holds."""

    def __init__(self, context: Path, port: int, log: Path) -> None:
        self.context, self.port, self.log = context, port, log
        self.address = f"127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        # Loopback here, whatever the image says (0.0.0.0 inside a container).
        return {
            **os.environ,
            **image.environment(),
            "STREAMLIT_SERVER_PORT": str(self.port),
            "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        }

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                image.command(), cwd=self.context, env=self.environment(), stdout=log, stderr=subprocess.STDOUT
            )

    def wait_healthy(self, limit_s: float = 60) -> None:
        """Run the image's HEALTHCHECK command until it passes."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"replica on {self.port} exited; see {self.log}")
            check = subprocess.run(image.healthcheck(), env=self.environment(), capture_output=True, check=False)
            if check.returncode == 0:
                return
            time.sleep(0.3)
        raise RuntimeError(f"replica on {self.port} not healthy within {limit_s:.0f} s; see {self.log}")

    def stop(self) -> None:
        stop(self.process)
        self.process = None


class Proxy:
    """Our own nginx in the foreground, from a generated config in a temp folder."""

    def __init__(self, nginx: str, replicas: list[Replica], folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.config = folder / "nginx.conf"
        self.config.write_text(
            proxy.nginx_config([r.address for r in replicas], f"127.0.0.1:{self.port}", str(folder)), encoding="utf-8"
        )
        self.command = [nginx, "-p", str(folder), "-c", str(self.config), "-e", str(folder / "error.log")]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        test = subprocess.run([*self.command, "-t"], capture_output=True, text=True, check=False)
        if test.returncode != 0:
            raise RuntimeError(f"nginx refused the config: {test.stderr}")
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not healthy(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start; see {self.folder / 'error.log'}")
            time.sleep(0.2)

    def stop(self) -> None:
        stop(self.process, timeout_s=10)  # terminate is nginx's fast shutdown; its workers go with it


def capacity_through(proxy_url: str, args: argparse.Namespace) -> dict[str, Any]:
    """bench/capacity.py against the proxy; its last line, parsed."""
    options = ["--url", proxy_url, "--sessions", str(args.sessions), "--think", str(args.think)]
    result, done = run_script(
        ROOT / "bench" / "capacity.py", [*options, "--arrive", str(args.arrive)], "CAPACITY-RESULT ", STEP_LIMIT_S + 600
    )
    print(done.stdout.rstrip())
    return result


# ---------------------------------------------------------------------------------------------------------
# The failover
# ---------------------------------------------------------------------------------------------------------


async def replica_cookie(page: Page) -> str:
    cookies = await page.context.cookies()
    return next((c["value"] for c in cookies if c["name"] == "app_replica"), "")


class BrowserPerson:
    """A person in Chromium on Estimate, opened from their link, while their replica is stopped and restarted.

    After the stop, their first input is a new volume (`first_input="change"`) or a page switch through the
    sidebar (`"switch"`); both reach a session that is new to the replica that took them in. What it saw goes
    into `seen` as it happens (its replica is there when `ready` is set): whether the page reconnected by
    itself, whether the first input took or was answered from the link with the scenario intact, whether a page
    switch kept the scenario, and whether an upload after the restart reached the replica holding the session.
    `replica` presets the proxy's cookie, to put this person on a given replica.
    """

    def __init__(self, person: protocol.Person, first_input: str, seen: dict[str, Any], replica: str | None) -> None:
        self.person, self.first_input, self.seen, self.replica = person, first_input, seen, replica
        self.own = protocol.monthly_figures(person.scenario(person.requests))
        self.volume = person.changed_requests[0]
        self.changed = protocol.monthly_figures(person.scenario(self.volume))
        seen["problems"] = []

    async def run(
        self, browser: Any, base: str, ready: asyncio.Event, stopped: asyncio.Event, restarted: asyncio.Event
    ) -> None:
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(protocol.TIMEOUT_S * 1000)
        if self.replica:
            await context.add_cookies([{"name": "app_replica", "value": self.replica, "url": base}])
        page = await context.new_page()
        try:
            await page.goto(f"{base}/estimate?{urlencode(self.person.link())}")
            await page.wait_for_function(FIGURES_ARE_JS, arg=self.own, polling=200)
            self.seen["replica_before"] = await replica_cookie(page)
            ready.set()
            await stopped.wait()
            await self.reconnects_by_itself(page)
            await self.first_input_after_the_stop(page)
            await self.switch(page, "Diagnose", "/diagnose")
            await self.switch(page, "Estimate", "/estimate")
            await page.wait_for_function(FIGURES_ARE_JS, arg=self.changed, polling=200)
            self.seen["page_switches_kept_scenario"] = True
            await restarted.wait()
            await self.upload_after_the_restart(page)
        except Exception as exc:
            self.seen["problems"].append(f"{type(exc).__name__}: {str(exc)[:400]}")
            ready.set()
        finally:
            await context.close()

    @staticmethod
    async def switch(page: Page, title: str, path: str) -> None:
        await page.locator(SIDEBAR_LINK).filter(has_text=title).first.click()
        await page.wait_for_function("(p) => location.pathname.endsWith(p)", arg=path)
        await page.wait_for_function(RUN_FINISHED_JS)

    async def reconnects_by_itself(self, page: Page) -> None:
        """The page notices by itself and reconnects through the proxy, which sets the new replica's cookie."""
        started = time.perf_counter()
        deadline = time.monotonic() + protocol.RECONNECT_S
        while await replica_cookie(page) == self.seen["replica_before"] and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        self.seen["replica_after"] = await replica_cookie(page)
        self.seen["reconnected_after_s"] = round(time.perf_counter() - started, 2)
        self.seen["own_figures_still_shown"] = await page.evaluate(FIGURES_ARE_JS, self.own)

    async def first_input_after_the_stop(self, page: Page) -> None:
        """A page switch (its link carries the scenario) or a new volume, on a session new to this replica."""
        if self.first_input == "switch":
            await self.switch(page, "Diagnose", "/diagnose")
            address = parse_qs(urlsplit(page.url).query)
            self.seen["scenario_kept_by_first_switch"] = address.get("w.requests_per_month") == [
                str(self.person.requests)
            ]
            await self.switch(page, "Estimate", "/estimate")
            await page.wait_for_function(FIGURES_ARE_JS, arg=self.own, polling=200)
        box = page.locator('[data-testid="stNumberInput"]').filter(has_text="Requests per month").locator("input")
        await box.fill(str(self.volume))
        await box.press("Enter")
        try:
            await page.wait_for_function(FIGURES_ARE_JS, arg=self.changed, polling=200, timeout=10_000)
            self.seen["first_change_took"] = True
        except PlaywrightTimeout:
            self.seen["first_change_took"] = False
            # Answered from the link: the scenario as it was, and the box shows the link's value again.
            self.seen["scenario_intact_after_first_change"] = await page.evaluate(FIGURES_ARE_JS, self.own) and (
                await box.input_value() == str(self.person.requests)
            )
            await box.fill(str(self.volume))
            await box.press("Enter")
            await page.wait_for_function(FIGURES_ARE_JS, arg=self.changed, polling=200)
        await page.wait_for_function("(v) => location.search.includes(v)", arg=f"requests_per_month={self.volume}")
        self.seen["new_volume_taken"] = True

    async def upload_after_the_restart(self, page: Page) -> None:
        """The upload must reach the replica that holds this session, now that both replicas are up."""
        await self.switch(page, "Your data", "/your_data")
        examples, content = self.person.training_file()
        path = Path(tempfile.mkdtemp()) / "train.jsonl"
        path.write_bytes(content)
        await page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))
        await page.wait_for_function(USABLE_IS_JS, arg=protocol.fmt.count(examples), polling=200)
        self.seen["upload_after_restart"] = True
        self.seen["replica_at_end"] = await replica_cookie(page)
        self.seen["address_at_end_holds_volume"] = f"requests_per_month={self.volume}" in page.url


async def first_replica(base: str) -> str:
    """Where a new person lands: open the start page and read the websocket's replica."""
    tab = protocol.Tab(base, reconnect=False)
    try:
        await tab.connect()
        await tab.open(protocol.PAGES[0], "v=1")
        return tab.replica
    finally:
        await tab.close()


async def failover(base: str, replicas: dict[str, Replica], args: argparse.Namespace) -> dict[str, Any]:
    """Stop the browsers' replica while everyone walks the pages; start it again; check what each person saw."""
    crowd = protocol.people(args.failover_sessions, args.think, args.arrive, 3, args.seed, offset=5000)
    changer, switcher = protocol.people(2, 0, 0, 1, args.seed, offset=6000)
    events = [asyncio.Event() for _ in range(2)]
    stopped, restarted = asyncio.Event(), asyncio.Event()
    seen: dict[str, dict[str, Any]] = {"change first": {}, "switch first": {}}
    t0 = time.perf_counter()
    for person in crowd:
        person.t0 = t0
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            first = asyncio.create_task(
                BrowserPerson(changer, "change", seen["change first"], None).run(
                    browser, base, events[0], stopped, restarted
                )
            )
            await asyncio.wait_for(events[0].wait(), STEP_LIMIT_S)
            victim_name = seen["change first"].get("replica_before") or next(iter(replicas))
            second = asyncio.create_task(
                BrowserPerson(switcher, "switch", seen["switch first"], victim_name).run(
                    browser, base, events[1], stopped, restarted
                )
            )
            await asyncio.wait_for(events[1].wait(), STEP_LIMIT_S)
            # Half the crowd comes with the proxy's cookie for the browsers' replica, half for the others, so the
            # stop always has people on both sides; each still goes through nginx, which keeps them there.
            others = [name for name in replicas if name != victim_name]
            journeys = [
                asyncio.create_task(
                    p.journey(
                        base,
                        reconnect=True,
                        cookies={"app_replica": (victim_name if i % 2 else others[i % len(others)])},
                    )
                )
                for i, p in enumerate(crowd)
            ]
            # Stop once everyone has opened their link: each has about ten inputs still to make.
            deadline = time.monotonic() + STEP_LIMIT_S
            while not all(p.timings.get("open") or p.errors for p in crowd) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            victim = replicas[victim_name]
            await asyncio.to_thread(victim.stop)
            stopped_at = round(time.perf_counter() - t0, 1)
            stopped.set()
            await asyncio.wait(journeys, timeout=STEP_LIMIT_S)
            await asyncio.to_thread(victim.start)
            await asyncio.to_thread(victim.wait_healthy)
            restarted.set()
            await asyncio.wait_for(asyncio.gather(first, second), STEP_LIMIT_S)
        finally:
            await browser.close()
    landed = Counter(await asyncio.gather(*(first_replica(base) for _ in range(args.spread))))
    for task in journeys:
        if not task.done():
            task.cancel()
    return {"victim": victim_name, "stopped_at_s": stopped_at, "crowd": crowd, "browsers": seen, "landed": landed}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=10, help="people in the capacity bench through the proxy")
    parser.add_argument("--failover-sessions", type=int, default=8, help="protocol-level people during the failover")
    # 24 people all landing on one of two replicas by chance: 1 in 8 million.
    parser.add_argument("--spread", type=int, default=24, help="new people opened after the restart")
    parser.add_argument("--think", type=float, default=1.0, help="seconds before each input")
    parser.add_argument("--arrive", type=float, default=2.0, help="seconds over which people open the link")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def run_everything(args: argparse.Namespace, checks: dict[str, bool], details: dict[str, Any]) -> dict[str, Any]:
    """Start the replicas and nginx, run the capacity bench through them and the failover; stop everything."""
    nginx = ensure_nginx()
    with tempfile.TemporaryDirectory(prefix="replicas-") as folder_name:
        folder = Path(folder_name)
        context = image.build_context(folder / "image")
        replicas = {
            proxy.replica_name(i): Replica(context, free_port(), folder / f"replica-{i}.log")
            for i in range(args.replicas)
        }
        front = Proxy(nginx, list(replicas.values()), folder / "nginx")
        try:
            for replica in replicas.values():
                replica.start()
            for replica in replicas.values():
                replica.wait_healthy()
            front.start()
            print(
                f"{len(replicas)} replicas on "
                + ", ".join(f"{name}={r.address}" for name, r in replicas.items())
                + f"; nginx {nginx_version(nginx)} on {front.url}"
            )
            details["capacity"] = capacity = capacity_through(front.url, args)
            run = capacity["runs"][0]
            checks["capacity: no errors or cross-talk"] = not run["errors"] and not run["crosstalk"]
            checks["capacity: each person stayed on one replica"] = run["moved"] == 0
            outcome = asyncio.run(failover(front.url, replicas, args))
        finally:
            front.stop()
            for replica in replicas.values():
                replica.stop()
    outcome["replica_names"] = set(replicas)
    return outcome


def failover_checks(outcome: dict[str, Any], checks: dict[str, bool]) -> None:
    """What each person saw around the stop and the restart, as named pass/fail checks."""
    victim, moved, stayed = outcome["victim"], outcome["moved"], outcome["stayed"]
    checks["failover: everyone finished without errors or cross-talk"] = all(
        not p.errors and not p.crosstalk for p in outcome["crowd"]
    )
    checks["failover: people on the stopped replica reconnected to another"] = bool(moved) and all(
        p.reconnects and p.reconnects[-1].to_replica not in ("", victim) for p in moved
    )
    checks["failover: the others stayed on their replica, never reconnecting"] = all(
        len(set(p.replicas)) == 1 and not p.reconnects for p in stayed
    )
    for label, seen in outcome["browsers"].items():
        checks[f"failover, browser ({label}): it was on the stopped replica and reconnected to another by itself"] = (
            seen.get("replica_before") == victim
            and seen.get("replica_after") not in (None, "", victim)
            and bool(seen.get("own_figures_still_shown"))
        )
        checks[f"failover, browser ({label}): its scenario was intact and a new volume took"] = bool(
            seen.get("new_volume_taken")
        ) and bool(seen.get("first_change_took") or seen.get("scenario_intact_after_first_change"))
        checks[f"failover, browser ({label}): page switches on the new replica kept its scenario"] = bool(
            seen.get("page_switches_kept_scenario")
        ) and seen.get("scenario_kept_by_first_switch", True)
        checks[f"restart, browser ({label}): its upload reached the replica holding its session"] = bool(
            seen.get("upload_after_restart")
        ) and seen.get("replica_at_end") == seen.get("replica_after")
    checks["restart: new people go to every replica again"] = set(outcome["landed"]) == outcome["replica_names"]


def print_failover(outcome: dict[str, Any], args: argparse.Namespace) -> tuple[list[float], list[str]]:
    """What the failover looked like; returns the reconnect waits and the inputs made again."""
    moved, browsers = outcome["moved"], outcome["browsers"]
    waits = [r.waited_s for p in moved for r in p.reconnects]
    redone = [kind for p in moved for kind in p.redone]
    print(
        f"failover: stopped {outcome['victim']} at {outcome['stopped_at_s']} s with {len(moved)} of "
        f"{len(outcome['crowd'])} protocol-level people and both browsers on it"
    )
    if waits:
        print(
            f"  their reconnects: {len(waits)} (each at the person's next input), new websocket after "
            f"p50 {percentile(waits, 0.5):.2f} s, max {max(waits):.2f} s; inputs answered from the link "
            f"and made again: {len(redone)} ({', '.join(sorted(set(redone))) or 'none'})"
        )
    for label, seen in browsers.items():
        print(f"  browser, {label}: {json.dumps({k: v for k, v in seen.items() if k != 'problems'})}")
    everyone = [f"{p.index}: {e}" for p in outcome["crowd"] for e in [*p.errors, *p.crosstalk]]
    for problem in [*(x for seen in browsers.values() for x in seen["problems"]), *everyone][:20]:
        print("  !", problem)
    print(f"  after the restart, {args.spread} new people landed on: {dict(outcome['landed'])}")
    return waits, redone


def main(argv: list[str] | None = None) -> int:
    """Set up replicas and nginx, run the capacity bench and the failover check; 1 when a check fails."""
    args = arguments(argv)
    # Stopped from outside (kill, a CI timeout): unwind, so the finally blocks stop every process started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    checks: dict[str, bool] = {}
    details: dict[str, Any] = {}
    outcome = run_everything(args, checks, details)
    victim = outcome["victim"]
    outcome["moved"] = [p for p in outcome["crowd"] if p.replicas and p.replicas[0] == victim]
    outcome["stayed"] = [p for p in outcome["crowd"] if p.replicas and p.replicas[0] != victim]
    failover_checks(outcome, checks)
    waits, redone = print_failover(outcome, args)
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    details.update(
        {
            "victim": victim,
            "moved": len(outcome["moved"]),
            "stayed": len(outcome["stayed"]),
            "reconnect_wait_s": [round(w, 2) for w in waits],
            "inputs_made_again": redone,
            "browsers": outcome["browsers"],
            "landed_after_restart": dict(outcome["landed"]),
        }
    )
    print_result(RESULT_MARKER, {"checks": checks, "passed": all(checks.values()), **details})
    return 0 if all(checks.values()) else 1


def nginx_version(nginx: str) -> str:
    done = subprocess.run([nginx, "-v"], capture_output=True, text=True, check=False)
    return done.stderr.strip().split("/")[-1]


if __name__ == "__main__":
    sys.exit(main())
