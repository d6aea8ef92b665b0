"""No network: every page renders and computes with outbound connections and name lookups refused.

The check runs in a fresh Python process, so nothing (a tokenizer, the price catalogue) can already be cached in
memory from an earlier test: the blocker is installed before `core` or Streamlit is imported, then every page the
router registers is opened, fed a small valid file in each upload box, each of its buttons is pressed, and the
estimator, the file checker and the corpus sizer are called directly for several models. Every connection attempt
is recorded (and refused); the test asserts there were none.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from tests.hostile import ROOT

MARKER = "NO-NETWORK-RESULT "

_attempts: list[str] = []


def _blocked(kind: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        _attempts.append(f"{kind}{args[1:] if kind.startswith('socket.') else args}"[:200])
        raise OSError(f"network access blocked by test ({kind})")

    return refuse


def install_blocker() -> None:
    """Refuse and record every outbound connection, UDP send and DNS lookup made through Python's socket module."""
    socket.socket.connect = _blocked("socket.connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = _blocked("socket.connect_ex")  # type: ignore[method-assign]
    socket.socket.sendto = _blocked("socket.sendto")  # type: ignore[method-assign]
    socket.create_connection = _blocked("create_connection")
    socket.getaddrinfo = _blocked("getaddrinfo")
    socket.gethostbyname = _blocked("gethostbyname")


def _sample_file(allowed: list[str]) -> tuple[str, bytes, str]:
    """A small valid file of a type the upload box accepts."""
    import core

    allowed = [t.lower().lstrip(".") for t in allowed]
    if not allowed or "jsonl" in allowed:
        line = {
            "messages": [
                {"role": "system", "content": "You answer refund questions."},
                {"role": "user", "content": "Can I return shoes after 40 days?"},
                {"role": "assistant", "content": "Returns are accepted within 30 days of delivery."},
            ]
        }
        return "train.jsonl", (json.dumps(line) + "\n").encode() * 12, "application/jsonl"
    if "json" in allowed:
        return "scenario.json", core.scenario_to_json(core.Scenario(name="Offline")).encode(), "application/json"
    ext = next((t for t in allowed if t in ("txt", "md", "csv")), allowed[0])
    return f"notes.{ext}", b"Refunds are accepted within 30 days.\n" * 50, "text/plain"


def _exercise(page: Any, link: dict[str, str], problems: list[str], harness: list[str]) -> None:
    """Open the page, fill each upload box, and press each button on a freshly opened copy of the page."""
    from harness.apptest import open_page, open_sections

    def opened() -> Any:
        return open_sections(open_page(None if page.url_path == "" else page.file, link))

    at = opened()
    problems.extend(f"{page.title}: {e.value}" for e in at.exception)
    buttons = [b.key for b in at.button if b.key and b.key != "app.dismiss_link_notes"]
    for index in range(len(at.file_uploader)):
        uploader = at.file_uploader[index]
        uploader.set_value(_sample_file(uploader.allowed_type)).run()
        problems.extend(f"{page.title} upload: {e.value}" for e in at.exception)
    for key in buttons:
        at = opened()
        try:
            at.button(key=key).click().run()
        except Exception as exc:  # AppTest's own bookkeeping failed, not the app: noted, not a finding here
            harness.append(f"{page.title} button {key}: {type(exc).__name__}: {exc}")
            continue
        problems.extend(f"{page.title} button {key}: {e.value}" for e in at.exception)


def run_everything_offline() -> dict[str, Any]:
    """Open every page, upload, press buttons and call the core computations; return attempts and problems."""
    install_blocker()
    import core
    from app import PAGES

    problems: list[str] = []
    harness: list[str] = []
    link = {
        "w.requests_per_month": "250000",
        "model": "gpt-4.1-mini",
        "ft.offering": "together/llama-3.1-8b",
        "rag.embedding_model": "text-embedding-3-large",
        "a.needs_citations": "1",
    }
    for page in PAGES:
        try:
            _exercise(page, link, problems, harness)
        except Exception as exc:  # the network check goes on; the failure is reported
            problems.append(f"{page.title}: {type(exc).__name__}: {exc}")
    for model, offering in zip(
        ("gpt-5.4-mini", "claude-sonnet-4-6", "gemini-3.5-flash", "o3-mini"), core.offering_ids(), strict=False
    ):
        core.estimate(core.Scenario(model=model, fine_tuning=core.FineTuningSettings(offering=offering)))
        core.count_tokens("Offline token counting must work.", model)
    for offering in core.offering_ids():
        core.estimate(core.Scenario(fine_tuning=core.FineTuningSettings(offering=offering)))
    assert len(core.catalogue_models()) > 100
    jsonl_name, jsonl, _ = _sample_file(["jsonl"])
    report = core.analyze_jsonl(jsonl, "openai/gpt-4o-mini")
    if report.file_error:
        problems.append(f"analyze_jsonl refused the sample: {report.file_error}")
    core.size_corpus_files([("notes.txt", b"Refunds within 30 days. " * 400), (jsonl_name, jsonl)])
    core.sensitivity(core.Scenario())
    return {"attempts": list(_attempts), "problems": problems, "harness": harness}


def test_every_page_and_computation_works_without_network() -> None:
    code = (
        "import json; from tests.test_no_network import run_everything_offline, MARKER; "
        "print(MARKER + json.dumps(run_everything_offline()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result = json.loads(lines[-1].removeprefix(MARKER))
    assert result["attempts"] == [], "something tried to reach the network"
    assert result["problems"] == [], f"AppTest could not press: {result['harness']}"


def test_the_blocker_really_blocks() -> None:
    # Run in a child so the patched socket module never leaks into other tests.
    code = (
        "import socket, urllib.request; from tests.test_no_network import install_blocker, _attempts\n"
        "install_blocker()\n"
        "try:\n    urllib.request.urlopen('http://example.com', timeout=2)\nexcept OSError:\n    pass\n"
        "try:\n    socket.create_connection(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
        "print(len(_attempts))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "2", done.stderr[-2000:]
