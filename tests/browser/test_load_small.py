"""A small run of the load script (3 sessions at once on a freshly started server) as part of the test command.

The full 10-session run is `python bench/load.py`; here only correctness is asserted — no errors and no
cross-talk between sessions, every input measured — never timings. No warm-up visit, so three people arrive at a
cold server together (this is what once showed a half-imported pandas in one of them), all in the same instant
and with no pauses between inputs.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.hostile import ROOT, registered_pages

MARKER = "LOAD-RESULT "

pytestmark = pytest.mark.browser


def test_three_people_at_once_see_only_their_own_numbers() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--sessions",
            "3",
            "--cold",
            "--think",
            "0",
            "--arrive",
            "0",
            "--changes",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    assert lines, f"the load script printed no result:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    result = json.loads(lines[-1].removeprefix(MARKER))
    assert result["sessions"] == 3
    assert result["errors"] == 0, done.stdout[-4000:]
    assert result["crosstalk"] == 0, done.stdout[-4000:]
    # Every timed input was measured in every session (a journey that silently skipped is not a pass): per session
    # a switch to every page after the first through the sidebar, 2 volume changes, a tick and an untick, one upload.
    counts = {kind: numbers["n"] for kind, numbers in result["by_kind"].items()}
    switches = 3 * (len(registered_pages()) - 1)
    assert counts == {"page_switch": switches, "estimate_volume_change": 6, "diagnose_tick": 6, "your_data_upload": 3}
    # The protocol-level probe timed the server while the browsers ran, and saw only its own numbers.
    assert result["server"]["n"] >= 1
    assert result["think_s"] == 0 and result["arrive_s"] == 0
    assert 0 < result["cpu_busy_share"] <= 1.05  # the machine's load while they ran is reported
    assert done.returncode == 0
