"""Screenshot pages of a running app, tall enough to show the whole page (README images, reviews).

Usage: python scripts/screenshot.py BASE_URL OUTDIR PATH[?QUERY] [PATH[?QUERY] ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def main() -> None:
    base, out, *paths = sys.argv[1:]
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for i, path in enumerate(paths):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/{path}")
            page.wait_for_selector('[data-testid="stMain"] h1', timeout=30_000)
            page.wait_for_timeout(1500)
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
            height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            page.set_viewport_size({"width": 1400, "height": min(int(height) + 50, 12000)})
            page.wait_for_timeout(1200)
            name = path.split("?")[0].strip("/").replace("/", "_") or "home"
            page.screenshot(path=f"{out}/{i:02d}-{name}.png", full_page=True, timeout=120_000)
            print(f"{out}/{i:02d}-{name}.png", height)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
