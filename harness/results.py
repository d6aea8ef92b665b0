"""The one JSON line a bench or check prints last (`MARKER {json}`), and running a script to read it back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from harness.server import ROOT


def print_result(marker: str, result: dict[str, Any]) -> None:
    """The last line of a run: the marker, then everything measured as JSON (values JSON cannot hold as text)."""
    print(marker + json.dumps(result, default=str), flush=True)


def run_script(
    script: str | Path, args: list[str], marker: str, timeout_s: float
) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    """Run a script of this project (a path from the root) with this Python; its last `marker` line, parsed.

    Raises AssertionError, with the end of its output, when it printed no such line (it crashed or was stopped).
    """
    done = subprocess.run(
        [sys.executable, str(script), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout_s, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(marker)]
    if not lines:
        tail = f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        raise AssertionError(f"{script} printed no {marker.strip()} line:\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1].removeprefix(marker))
    return result, done
