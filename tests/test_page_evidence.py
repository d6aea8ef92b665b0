"""The Evidence page in AppTest: the example button, an upload, remapping a column, overruling a row, and the
evidence carried into Diagnose, Scenarios and Estimate."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

import core
from harness.apptest import open_page, texts

UPLOAD = "evidence.upload"


def test_fresh_page_asks_for_a_log() -> None:
    at = open_page("evidence.py")
    assert not at.exception
    assert "Upload a log, or try the example" in texts(at)
    assert at.button(key="evidence.use_example")


def test_example_shows_the_split_and_fills_diagnose() -> None:
    at = open_page("evidence.py")
    at.button(key="evidence.use_example").click().run()
    assert not at.exception, at.exception
    assert "RAGAS" in texts(at)
    assert at.radio(key="evidence.format").value == "regex"
    split = at.dataframe[0].value
    assert list(split["Run"]) == ["prompt_only", "rag"]
    assert list(split["Rows"]) == ["90", "90"]
    assert at.selectbox(key="evidence.run").value == "prompt_only"
    at.button(key="evidence.use").click().run()
    assert not at.exception, at.exception
    scenario: core.Scenario = at.session_state["app.scenario"]
    assert scenario.evidence is not None and scenario.evidence.rows == 180
    assert scenario.evidence.counts["prompt_only"]["visibility"] == 47
    assert scenario.answers.strong_prompt_measured
    assert "missing_facts" in scenario.answers.failure_modes
    assert scenario.accuracy["rag"] > scenario.accuracy["prompt_only"]
    assert at.query_params.get("evidence")  # the summary is in the link, not the log
    at.switch_page("app_pages/diagnose.py").run()
    assert not at.exception, at.exception
    page = texts(at)
    assert "From 180 eval rows (run prompt\\_only): 47 visibility, 9 behaviour, 1 format, 9 inconsistent." in page
    assert "From evidence:" in page and "Ticked by hand: nothing." in page


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=UPLOAD).set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_upload_remap_and_overrule() -> None:
    rows = [
        {"q": "When do you open?", "bot": "9 am", "gold": "9 am", "docs": "We open at 9 am."},
        {"q": "Warranty?", "bot": "One year", "gold": "Two years warranty", "docs": "Shipping is fast."},
    ]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    at = _upload(open_page("evidence.py"), "mine.jsonl", data)
    assert "No column was recognised as the system" in texts(at)
    for role, column in (("question", "q"), ("answer", "bot"), ("reference", "gold"), ("context", "docs")):
        at.selectbox(key=f"evidence.column.{role}").set_value(column).run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["Correct"]) == ["1 (50%)"]
    at.selectbox(key="evidence.verdict_shown").set_value("visibility").run()
    assert list(at.dataframe[1].value["line"]) == [2]
    at.selectbox(key="evidence.overrule_to").set_value("correct").run()
    at.button(key="evidence.overrule").click().run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["Correct"]) == ["2 (100%)"]
    assert "1 row(s) overruled by hand" in texts(at)
    at.button(key="evidence.clear_overrules").click().run()
    assert list(at.dataframe[0].value["Correct"]) == ["1 (50%)"]


def test_hostile_upload_gets_messages_not_a_traceback() -> None:
    data = b'{"question": "=HYPERLINK(\\"http://x\\")", "answer": "<script>x</script>", "reference": "y"}\n{oops\n'
    at = _upload(open_page("evidence.py"), "bad.jsonl", data)
    page = texts(at)
    assert "Line 2: not valid JSON; skipped." in page
    assert "starts like a spreadsheet formula" in page
    at = _upload(open_page("evidence.py"), "bad.json", b'{"a": 1}')
    assert "no list of rows" in texts(at)


def test_measured_lengths_flow_to_the_workload() -> None:
    at = open_page("evidence.py")
    at.button(key="evidence.use_example").click().run()
    at.button(key="evidence.use_lengths").click().run()
    assert not at.exception, at.exception
    scenario: core.Scenario = at.session_state["app.scenario"]
    assert scenario.workload.user_tokens != core.Workload().user_tokens
    assert 5 <= scenario.workload.user_tokens <= 20  # the example's questions are short


def test_schema_pasted_and_a_bad_pattern_are_checked_without_a_crash() -> None:
    rows = [
        {"question": "Q1", "answer": '{"status": "ok"}', "reference": '{"status": "ok"}'},
        {"question": "Q2", "answer": "status ok", "reference": "status ok"},
    ]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    at = _upload(open_page("evidence.py"), "formats.jsonl", data)
    at.radio(key="evidence.format").set_value("schema").run()
    at.text_area(key="evidence.schema").input('{"type": "object", "required": ["status"]}').run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["Format broken"]) == ["1 (50%)"]
    at.text_area(key="evidence.schema").input('{"type": 12}').run()
    assert "The JSON Schema is not valid" in texts(at)
    at.radio(key="evidence.format").set_value("regex").run()
    at.text_input(key="evidence.pattern").input("(a|a)+$").run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["Format broken"]) == ["2 (100%)"]
