"""What the Dockerfile puts in the image and how it starts the app, read from the Dockerfile itself.

There is no Docker engine on the machines this project is tested on, so the image cannot be built here. Instead,
`build_context` copies exactly the paths the Dockerfile COPYs into a folder, and `command` gives the CMD with the
ENV it sets: a replica started that way runs what the image would run, from what the image would hold (on this
machine's Python rather than the image's). deploy/replicas.py starts its replicas like this, and
tests/test_dockerfile.py checks the app starts and draws every page from such a folder.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction: its keyword (upper case) and its arguments as written."""

    keyword: str
    arguments: str

    def exec_form(self) -> list[str]:
        """The arguments as a list: JSON exec form, or shell words."""
        text = self.arguments.strip()
        if text.startswith("["):
            return [str(word) for word in json.loads(text)]
        return shlex.split(text)


def instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """The Dockerfile's instructions in order, with continuation lines joined and comments left out."""
    found: list[Instruction] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        found.append(Instruction(keyword.upper(), arguments.strip()))
        pending = ""
    return found


def environment(path: Path = DOCKERFILE) -> dict[str, str]:
    """The variables the ENV instructions set (KEY=value form)."""
    variables: dict[str, str] = {}
    for instruction in instructions(path):
        if instruction.keyword == "ENV":
            for word in shlex.split(instruction.arguments):
                key, _, value = word.partition("=")
                variables[key] = value
    return variables


def copied_sources(path: Path = DOCKERFILE) -> list[str]:
    """Every source path of the COPY instructions (relative to the build context)."""
    sources: list[str] = []
    for instruction in instructions(path):
        if instruction.keyword == "COPY":
            words = [w for w in instruction.exec_form() if not w.startswith("--")]
            sources += words[:-1]
    return sources


def build_context(target: Path, path: Path = DOCKERFILE) -> Path:
    """Copy what the image would hold (the COPY sources) into `target`, laid out as in WORKDIR; return it."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for source in copied_sources(path):
        origin = ROOT / source.rstrip("/")
        destination = target / source.rstrip("/")
        if origin.is_dir():
            shutil.copytree(origin, destination, ignore=ignore, dirs_exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, destination)
    return target


def command(path: Path = DOCKERFILE) -> list[str]:
    """The CMD, with `streamlit` run by this machine's Python (the image has it on its PATH)."""
    cmd = [i for i in instructions(path) if i.keyword == "CMD"][-1].exec_form()
    return [sys.executable, "-m", "streamlit", *cmd[1:]] if cmd[0] == "streamlit" else cmd


def healthcheck(path: Path = DOCKERFILE) -> list[str]:
    """The HEALTHCHECK's command, with `python` run by this machine's Python."""
    arguments = [i for i in instructions(path) if i.keyword == "HEALTHCHECK"][-1].arguments
    cmd = Instruction("CMD", arguments.split("CMD", 1)[1]).exec_form()
    return [sys.executable, *cmd[1:]] if cmd[0] == "python" else cmd
