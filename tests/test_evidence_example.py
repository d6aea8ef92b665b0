"""The shipped example eval log is what the script writes, and shows every verdict in both runs' story."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import core
from core._models import VERDICTS

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_example_eval_log.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_example_eval_log", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_example_equals_what_the_script_writes() -> None:
    log_text, settings_text = _script().render()
    assert (ROOT / "assets" / "examples" / "eval_log_example.jsonl").read_text(encoding="utf-8") == log_text
    assert (ROOT / "assets" / "examples" / "eval_log_example.settings.json").read_text(
        encoding="utf-8"
    ) == settings_text


def test_example_has_two_runs_every_verdict_and_each_row_as_planned() -> None:
    script = _script()
    data = (ROOT / "assets" / "examples" / "eval_log_example.jsonl").read_bytes()
    settings = json.loads((ROOT / "assets" / "examples" / "eval_log_example.settings.json").read_text())
    report = core.triage_eval_log(data, "eval_log_example.jsonl", core.TriageSettings(**settings))
    assert len(report.rows) >= 150
    assert set(report.counts) == {"prompt_only", "rag"}
    assert report.convention == "RAGAS"
    assert report.problems == []
    seen = {row.verdict for row in report.rows}
    assert seen == set(VERDICTS)
    assert [row.verdict for row in report.rows] == [row["expected"] for row in script.rows()]
    # retrieval fixes most knowledge misses: rag is right far more often than the strong prompt alone
    prompt_only, rag = report.accuracy["prompt_only"], report.accuracy["rag"]
    assert prompt_only is not None and rag is not None and rag > prompt_only + 0.3
