"""A small run of the load script (3 people at once on a freshly started server) as part of the test command.

The full 10-person run is `python bench/load.py`; here only correctness is asserted — no errors and no
cross-talk between sessions, every input measured — never timings. Two of the three are in Chromium and one is
protocol-level, so both kinds of session are covered. No warm-up visit, so they arrive at a cold server together
(this is what once showed a half-imported pandas in one of them), all in the same instant and with no pauses
between inputs.
"""

from __future__ import annotations

import pytest

from app import PAGES
from harness.results import run_script

pytestmark = pytest.mark.browser


def test_three_people_at_once_see_only_their_own_numbers() -> None:
    args = ["--sessions", "3", "--browsers", "2", "--cold", "--think", "0", "--arrive", "0", "--changes", "2"]
    result, done = run_script("bench/load.py", args, "LOAD-RESULT ", timeout_s=900)
    assert result["sessions"] == 3 and result["browsers"] == 2
    assert result["errors"] == 0, done.stdout[-4000:]
    assert result["crosstalk"] == 0, done.stdout[-4000:]
    # Every timed input was measured in every browser (a journey that silently skipped is not a pass): per session
    # a switch to every page after the first through the sidebar, 2 volume changes, a tick and an untick, one upload.
    counts = {kind: numbers["n"] for kind, numbers in result["by_kind"].items()}
    switches = len(PAGES) - 1
    assert counts == {
        "page_switch": 2 * switches,
        "estimate_volume_change": 4,
        "diagnose_tick": 4,
        "your_data_upload": 2,
    }
    # The protocol-level person's inputs timed the server: the link, the same switches, changes, ticks and upload.
    assert result["server"]["n"] == 1 + switches + 2 + 2 + 1
    # One browser alone measured its CPU for the first visit to every page.
    pages = [p.url_path or "start" for p in PAGES]
    assert list(result["first_visit_cpu_s"]) == pages and all(v > 0 for v in result["first_visit_cpu_s"].values())
    assert result["think_s"] == 0 and result["arrive_s"] == 0
    assert 0 < result["cpu_busy_share"] <= 1.05  # the machine's load while they ran is reported
    assert done.returncode == 0
