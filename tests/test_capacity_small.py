"""A short run of the capacity bench (3 protocol-level people on a real server) as part of the test command.

The sweep is `python bench/capacity.py`; here only correctness is asserted — no errors, no cross-talk, every
input of every journey answered and measured, the server's CPU and memory read — never timings. The people
arrive together and make their inputs without pauses.
"""

from __future__ import annotations

from app import PAGES
from harness.results import run_script


def test_three_people_each_get_their_own_numbers_from_the_server() -> None:
    args = ["--sessions", "3", "--think", "0", "--arrive", "0", "--changes", "2"]
    result, done = run_script("bench/capacity.py", args, "CAPACITY-RESULT ", timeout_s=600)
    assert result["sessions"] == [3]
    assert result["errors"] == [0], done.stdout[-4000:]
    assert result["crosstalk"] == [0], done.stdout[-4000:]
    run = result["runs"][0]
    # Every input of every journey was answered (a journey that silently stopped early is not a pass): per person
    # the link, a switch to every other page, 2 volume changes, a tick and an untick, one upload.
    counts = {kind: numbers["n"] for kind, numbers in run["by_kind"].items()}
    assert counts == {
        "open": 3,
        "page_switch": 3 * (len(PAGES) - 1),
        "estimate_volume_change": 6,
        "diagnose_tick": 6,
        "your_data_upload": 3,
    }
    assert run["replicas"] == {"direct": 3} and run["moved"] == 0
    assert run["peak_mb"] > 0 and run["server_cpu_s"] > 0  # the server's own process tree was measured
    assert set(result) >= {"sessions", "errors", "crosstalk", "p50_s", "p95_s", "peak_mb", "sessions_per_server"}
    assert done.returncode == 0
