"""A real `streamlit run app.py` on a free loopback port, as a user would start it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_LIMIT_S = 60


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str, timeout_s: float = 2) -> bool:
    """Whether Streamlit's health endpoint under `url` answers "ok"."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout_s) as answer:
            return bool(answer.read() == b"ok")
    except OSError:
        return False


def start_server(port: int, log_path: Path, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    """Start the app in `cwd` on `port` (its output into `log_path`) and wait until its health endpoint answers."""
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log_path}")
        if healthy(f"http://127.0.0.1:{port}", timeout_s=1):
            return server
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"streamlit did not become healthy within {START_LIMIT_S} s; see {log_path}")


def stop(server: subprocess.Popen[bytes] | None, timeout_s: float = 15) -> None:
    """Stop a process started here (terminate, then kill if it does not go); nothing to do when it has gone."""
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)
