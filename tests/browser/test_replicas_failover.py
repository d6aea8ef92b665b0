"""Two replicas behind nginx, as part of the test command: `deploy/replicas.py` with a small crowd.

The script starts two replicas from what the image holds, its own nginx on a free loopback port, runs the
capacity bench through it, then stops the replica two Chromium people are on while protocol-level people walk
the pages, and starts it again. Asserted: every check it prints passed (each person stays on one replica; the
stopped replica's people reconnect to the other with their scenario intact, whether their first input is a
change or a page switch; nobody else notices; an upload after the restart reaches the replica holding the
session; new people go to both replicas), never timings.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.hostile import ROOT

MARKER = "REPLICAS-RESULT "

pytestmark = pytest.mark.browser


def test_one_replica_stops_and_its_people_carry_on_on_the_other() -> None:
    done = subprocess.run(
        [sys.executable, "deploy/replicas.py", "--sessions", "6", "--failover-sessions", "6"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    assert lines, f"the replica script printed no result:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    result = json.loads(lines[-1].removeprefix(MARKER))
    failed = [name for name, ok in result["checks"].items() if not ok]
    assert failed == [], done.stdout[-5000:]
    assert len(result["checks"]) >= 10
    assert result["moved"] >= 1, "nobody was on the stopped replica: the failover was not exercised"
    assert set(result["landed_after_restart"]) == {"replica_0", "replica_1"}
    assert done.returncode == 0
