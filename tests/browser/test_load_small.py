"""A small run of the load script (3 sessions at once on a freshly started server) as part of the test command.

The full 10-session run is `python bench/load.py`; here only correctness is asserted — no errors and no
cross-talk between sessions — never timings. No warm-up visit, so three people arrive at a cold server together
(this is what once showed a half-imported pandas in one of them).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.hostile import ROOT

MARKER = "LOAD-RESULT "

pytestmark = pytest.mark.browser


def test_three_people_at_once_see_only_their_own_numbers() -> None:
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--sessions", "3", "--cold"],
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
    # Every timed kind of change was measured in every session (a journey that silently skipped is not a pass).
    assert all(numbers["n"] == 3 for numbers in result["by_kind"].values()), result["by_kind"]
    assert done.returncode == 0
