"""The Dockerfile, checked without a Docker engine: its key properties, and the app started the way the image
would start it, from only the files the image would hold."""

from __future__ import annotations

import ast
import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app import PAGES
from harness.server import free_port, stop
from tests.hostile import ROOT

sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "bench")]

import image  # noqa: E402
import protocol  # noqa: E402


def keyword(name: str) -> list[image.Instruction]:
    return [i for i in image.instructions() if i.keyword == name]


def test_slim_python_312_base() -> None:
    assert [i.arguments for i in keyword("FROM")] == ["python:3.12-slim"]


def test_runs_as_a_user_that_is_not_root_after_everything_is_installed() -> None:
    steps = image.instructions()
    users = [n for n, i in enumerate(steps) if i.keyword == "USER"]
    assert users, "no USER instruction: the app would run as root"
    assert steps[users[-1]].arguments not in ("root", "0", "0:0")
    last_run = max(n for n, i in enumerate(steps) if i.keyword == "RUN")
    assert users[-1] > last_run
    assert users[-1] < [n for n, i in enumerate(steps) if i.keyword == "CMD"][-1]


def test_requirements_are_copied_and_installed_before_the_code() -> None:
    steps = image.instructions()
    copy_requirements = next(
        n for n, i in enumerate(steps) if i.keyword == "COPY" and "requirements.txt" in i.arguments
    )
    install = next(n for n, i in enumerate(steps) if i.keyword == "RUN" and "-r requirements.txt" in i.arguments)
    first_code = next(n for n, i in enumerate(steps) if i.keyword == "COPY" and "app.py" in i.arguments)
    assert copy_requirements < install < first_code
    assert "requirements-dev" not in " ".join(i.arguments for i in steps)


def test_starts_the_app_with_streamlit_run_on_the_exposed_port() -> None:
    assert keyword("CMD")[-1].exec_form() == ["streamlit", "run", "app.py"]
    port = image.environment()["STREAMLIT_SERVER_PORT"]
    assert [i.arguments for i in keyword("EXPOSE")] == [port]
    assert image.environment()["STREAMLIT_SERVER_ADDRESS"] == "0.0.0.0"  # reachable from outside the container
    assert image.environment()["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"


def test_healthcheck_asks_streamlits_health_endpoint() -> None:
    (check,) = keyword("HEALTHCHECK")
    assert "/_stcore/health" in check.arguments
    assert "STREAMLIT_SERVER_PORT" in check.arguments  # follows the port if a platform overrides it


def local_imports(path: Path) -> set[str]:
    """Top-level names imported by a file that are folders or modules of this repository."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return {n for n in names if (ROOT / n).is_dir() or (ROOT / f"{n}.py").is_file()}


def test_every_folder_the_app_imports_or_reads_is_copied() -> None:
    copied = {source.rstrip("/") for source in image.copied_sources()}
    needed, todo = {"app.py"}, [ROOT / "app.py", *(ROOT / "app_pages" / p.file for p in PAGES)]
    seen: set[Path] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name in local_imports(current):
            needed.add(name)
            folder = ROOT / name
            todo += sorted(folder.glob("*.py")) if folder.is_dir() else [ROOT / f"{name}.py"]
    needed |= {"app_pages", "assets", ".streamlit"}  # pages are run by path; data and config are read at run time
    assert needed <= copied, f"not in the image: {sorted(needed - copied)}"
    assert not copied & {"tests", "bench", "harness", "docs", "deploy", ".git"}


def test_dockerignore_keeps_tests_and_git_out_of_the_context() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", "tests", "bench"} <= set(ignored)


def test_the_app_runs_every_page_from_only_what_the_image_holds(tmp_path: Path) -> None:
    context = image.build_context(tmp_path / "image")
    assert not (context / "tests").exists() and (context / "assets" / "app_icon.svg").is_file()
    port = free_port()
    env = {**image.environment(), "STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}
    env["PATH"] = "/usr/bin:/bin"
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(image.command(), cwd=context, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while subprocess.run(image.healthcheck(), env=env, capture_output=True, check=False).returncode != 0:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            if time.monotonic() > deadline:
                pytest.fail("the image's HEALTHCHECK never passed")
            time.sleep(0.3)
        person = protocol.people(1, 0, 0, 1, seed=3)[0]
        # In a thread of its own: Playwright's sync fixtures may hold an event loop in this one.
        walker = threading.Thread(target=lambda: asyncio.run(person.journey(f"http://127.0.0.1:{port}", False)))
        walker.start()
        walker.join(timeout=300)
        assert person.errors == [] and person.crosstalk == [], (person.errors, person.crosstalk)
        assert person.timings["page_switch"] and len(person.timings["page_switch"]) == len(PAGES) - 1
    finally:
        stop(server)
