"""Screenshot every page of the app, tall enough to show the whole page (README images, reviews).

Starts the app on a free loopback port (or uses --url), opens each page of the app's own list (app.PAGES) with
the same query, and saves OUTDIR/NN-<page>.png.

Usage: python scripts/screenshot.py OUTDIR [QUERY] [--url URL] [--pages diagnose,estimate]
   e.g. python scripts/screenshot.py shots "w.requests_per_month=250000&name=Support"
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from app import PAGES  # noqa: E402
from harness.browser import CHROMIUM, CHROMIUM_ARGS, settle  # noqa: E402
from harness.server import free_port, start_server, stop  # noqa: E402

WIDTH = 1400
TALLEST = 12_000


def shoot(base: str, out: Path, query: str, only: set[str]) -> list[Path]:
    """One screenshot per page (in the app's order), the viewport grown to the page's height."""
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for number, entry in enumerate(PAGES):
            name = entry.url_path or "home"
            if only and name not in only:
                continue
            tab = browser.new_page(viewport={"width": WIDTH, "height": 900})
            tab.goto(f"{base}/{entry.url_path}" + (f"?{query}" if query else ""))
            settle(tab, 60_000)
            tab.wait_for_timeout(1500)  # charts and fonts settle after the run has finished
            height = tab.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            tab.set_viewport_size({"width": WIDTH, "height": min(int(height) + 50, TALLEST)})
            tab.wait_for_timeout(1200)
            path = out / f"{number:02d}-{name}.png"
            tab.screenshot(path=str(path), full_page=True, timeout=120_000)
            print(path, height)
            saved.append(path)
            tab.close()
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("query", nargs="?", default="", help="the query string every page is opened with")
    parser.add_argument("--url", help="an app already running, instead of starting one")
    parser.add_argument("--pages", default="", help="comma-separated url paths (home for the start page)")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    only = {p.strip() for p in args.pages.split(",") if p.strip()}
    if args.url:
        shoot(args.url.rstrip("/"), args.outdir, args.query.lstrip("?"), only)
        return 0
    port = free_port()
    server = start_server(port, Path(tempfile.gettempdir()) / f"screenshot-server-{port}.log")
    try:
        shoot(f"http://127.0.0.1:{port}", args.outdir, args.query.lstrip("?"), only)
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
