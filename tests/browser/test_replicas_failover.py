"""Two replicas behind nginx, as part of the test command: `deploy/replicas.py` with a small crowd.

The script starts two replicas from what the image holds, its own nginx on a free loopback port, runs the
capacity bench through it, then stops the replica two Chromium people are on while protocol-level people walk
the pages, and starts it again. Asserted: every check it prints passed (each person stays on one replica; the
stopped replica's people reconnect to the other with their scenario intact, whether their first input is a
change or a page switch; nobody else notices; an upload after the restart reaches the replica holding the
session; new people go to both replicas), never timings.
"""

from __future__ import annotations

import pytest

from harness.results import run_script

pytestmark = pytest.mark.browser


def test_one_replica_stops_and_its_people_carry_on_on_the_other() -> None:
    args = ["--sessions", "6", "--failover-sessions", "6"]
    result, done = run_script("deploy/replicas.py", args, "REPLICAS-RESULT ", timeout_s=600)
    failed = [name for name, ok in result["checks"].items() if not ok]
    assert failed == [], done.stdout[-5000:]
    assert len(result["checks"]) >= 10
    assert result["moved"] >= 1, "nobody was on the stopped replica: the failover was not exercised"
    assert set(result["landed_after_restart"]) == {"replica_0", "replica_1"}
    assert done.returncode == 0
