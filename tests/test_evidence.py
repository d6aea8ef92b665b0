"""The eval-log triage: every verdict hand-checked on small logs in each recognised column convention, the file
formats, hostile logs, and what the evidence fills in for Diagnose."""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Any

import pytest

import core
from core._evidence import MAX_CELL_CHARS, MAX_LOG_BYTES, fact_share, normalize_answer, token_f1
from core._models import VERDICTS
from present import escape
from tests.hostile import MARKUP


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(row) for row in rows).encode("utf-8")


def _csv(rows: list[dict[str, Any]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _verdicts(report: core.TriageReport) -> list[str]:
    return [row.verdict for row in report.rows]


# --------------------------------------------------------------------------------------------------------------
# The text checks, by hand
# --------------------------------------------------------------------------------------------------------------


def test_squad_normaliser_and_token_f1_by_hand() -> None:
    assert normalize_answer("The  Store, opens at 9!") == "store opens at 9"
    # answer tokens: within 30 days; reference: 30 days from delivery -> common {30, days} = 2
    # precision 2/3, recall 2/4 -> F1 = 2 * (2/3 * 1/2) / (2/3 + 1/2) = 4/7
    assert token_f1("within 30 days", "30 days from delivery") == pytest.approx(4 / 7)
    assert token_f1("", "") == 1.0
    assert token_f1("x", "") == 0.0


def test_fact_share_counts_content_words_only() -> None:
    # reference content words: refunds, accepted, within, 30, days (are/the are stopwords) -> 3 of 5 in the context
    assert fact_share("Refunds are accepted within the 30 days", "You get 30 days for refunds.") == pytest.approx(0.6)
    assert fact_share("the of and", "anything") is None


# --------------------------------------------------------------------------------------------------------------
# Every verdict, in each column convention
# --------------------------------------------------------------------------------------------------------------

# question, context, answer, reference -> expected verdict (hand-checked; see the comments)
CASES: list[tuple[str, str, str, str, str]] = [
    # exact match after normalising
    ("When do you open?", "We open at 9 am on weekdays.", "9 am", "9 am", "correct"),
    # the reference is contained in the answer
    ("Support email?", "Write to help@acme.test for support.", "Write to help@acme.test", "help@acme.test", "correct"),
    # wrong (F1 0), and none of the reference's content words (warranty, two, years) in the context
    ("How long is the warranty?", "Shipping takes 3 days.", "One year", "Two years warranty", "visibility"),
    # wrong (F1 0); content words express, shipping, costs, 12, euros: all 5 in the context -> fact in view
    (
        "What does express shipping cost?",
        "Express shipping costs 12 euros per order.",
        "It is free",
        "Express shipping costs 12 euros",
        "behaviour",
    ),
]


def _ragas(q: str, c: str, a: str, r: str) -> dict[str, Any]:
    return {"user_input": q, "retrieved_contexts": [c], "response": a, "reference": r}


def _deepeval(q: str, c: str, a: str, r: str) -> dict[str, Any]:
    return {"input": q, "retrieval_context": [c], "actual_output": a, "expected_output": r}


def _plain(q: str, c: str, a: str, r: str) -> dict[str, Any]:
    return {"question": q, "context": c, "answer": a, "reference": r}


def _langsmith(q: str, c: str, a: str, r: str) -> dict[str, Any]:
    return {"inputs": {"question": q, "context": c}, "outputs": {"answer": a}, "reference_outputs": {"answer": r}}


@pytest.mark.parametrize(
    ("convention", "make"),
    [("RAGAS", _ragas), ("DeepEval", _deepeval), ("plain", _plain), ("LangSmith", _langsmith)],
)
def test_each_verdict_by_hand_in_each_convention(convention: str, make: Any) -> None:
    rows = [make(q, c, a, r) for q, c, a, r, _ in CASES]
    report = core.triage_eval_log(_jsonl(rows), "log.jsonl")
    assert report.convention == convention
    assert _verdicts(report) == [case[-1] for case in CASES]
    assert [row.line for row in report.rows] == [1, 2, 3, 4]
    assert report.counts == {"all": {**dict.fromkeys(VERDICTS, 0), "correct": 2, "visibility": 1, "behaviour": 1}}
    assert report.accuracy == {"all": 0.5}
    assert report.problems == []
    assert report.rows[2].fact_share == 0.0 and report.rows[3].fact_share == 1.0


def test_plain_csv_with_a_semicolon_and_a_bom_reads_the_same() -> None:
    rows = [_plain(q, c, a, r) for q, c, a, r, _ in CASES]
    data = b"\xef\xbb\xbf" + _csv(rows, delimiter=";")
    report = core.triage_eval_log(data, "log.csv")
    assert report.convention == "plain"
    assert _verdicts(report) == [case[-1] for case in CASES]
    assert [row.line for row in report.rows] == [2, 3, 4, 5]  # the header is line 1


def test_f1_threshold_moves_the_verdict() -> None:
    # F1 4/7 = 0.571: wrong at the default 0.6, right at 0.5
    row = _plain("Refund window?", "", "within 30 days", "30 days from delivery")
    assert _verdicts(core.triage_eval_log(_jsonl([row]), "l.jsonl")) == ["visibility"]  # empty context: not in view
    settings = core.TriageSettings(f1_threshold=0.5)
    report = core.triage_eval_log(_jsonl([row]), "l.jsonl", settings)
    assert _verdicts(report) == ["correct"]
    assert "token F1 0.57 is at or above 0.50" in report.rows[0].reason


def test_visibility_threshold_moves_the_verdict() -> None:
    # 3 of 5 content words in view (0.6): behaviour at 0.5, visibility at 0.8
    row = _plain("Refunds?", "You get 30 days for refunds.", "No", "Refunds are accepted within the 30 days")
    assert _verdicts(core.triage_eval_log(_jsonl([row]), "l.jsonl")) == ["behaviour"]
    settings = core.TriageSettings(visibility_threshold=0.8)
    assert _verdicts(core.triage_eval_log(_jsonl([row]), "l.jsonl", settings)) == ["visibility"]


def test_human_grade_wins_over_the_reference() -> None:
    rows = [
        {**_plain("Q1", "ctx", "9 am", "9 am"), "passed": "no"},  # matches, but a person failed it
        {**_plain("Q2", "ctx", "totally different", "9 am"), "passed": "yes"},  # no match, but passed
    ]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    assert report.columns["grade"] == "passed"
    assert _verdicts(report) == ["visibility", "correct"]
    assert report.rows[1].reason == "graded pass"


def test_inconsistent_repeats_within_a_run_only() -> None:
    rows = [
        {**_plain("Is there a fee?", "No fee applies.", "Yes, 5 euros", "No fee"), "run": "rag"},
        {**_plain("Is there a fee?", "No fee applies.", "There is a small fee", "No fee"), "run": "rag"},
        {**_plain("Is there a fee?", "No fee applies.", "No fee", "No fee"), "run": "rag"},
        # the same question once in another run: nothing to compare with there
        {**_plain("Is there a fee?", "No fee applies.", "Yes, 5 euros", "No fee"), "run": "prompt_only"},
    ]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    assert _verdicts(report) == ["inconsistent", "inconsistent", "correct", "behaviour"]
    assert report.counts["rag"]["inconsistent"] == 2
    assert report.accuracy == {"rag": pytest.approx(1 / 3), "prompt_only": 0.0}


def test_cant_tell_when_the_log_lacks_what_the_verdict_needs() -> None:
    rows = [
        {"question": "Q1", "answer": "A1"},  # no reference, no grade
        {"question": "Q2", "answer": "", "reference": "x"},  # no answer
        {"question": "Q3", "answer": "wrong", "reference": "right answer"},  # wrong, no context column
    ]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    assert _verdicts(report) == ["cant_tell"] * 3
    assert "no reference answer and no grade" in report.rows[0].reason
    assert report.rows[1].reason == "no answer in this row"
    assert "no context column" in report.rows[2].reason
    assert report.accuracy["all"] == 0.0  # one row judged (wrong), two could not be


def test_graded_fail_without_reference_is_not_guessed() -> None:
    rows = [{"question": "Q", "answer": "A", "context": "c", "grade": "fail"}]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    assert _verdicts(report) == ["cant_tell"]
    assert "no reference answer to look for" in report.rows[0].reason


def test_format_checks_json_schema_and_regex() -> None:
    rows = [
        _plain("Q1", "c", '{"status": "ok"}', '{"status": "ok"}'),
        _plain("Q2", "c", "status: ok", "ok"),
        _plain("Q3", "c", '{"status": 3}', "3"),
    ]
    data = _jsonl(rows)
    as_json = core.triage_eval_log(data, "l.jsonl", core.TriageSettings(format_check="json"))
    assert _verdicts(as_json) == ["correct", "format", "correct"]
    schema = json.dumps({"type": "object", "properties": {"status": {"type": "string"}}, "required": ["status"]})
    settings = core.TriageSettings(format_check="schema", json_schema=schema)
    assert _verdicts(core.triage_eval_log(data, "l.jsonl", settings)) == ["correct", "format", "format"]
    by_pattern = core.TriageSettings(format_check="regex", pattern=r"\{.*\}")
    assert _verdicts(core.triage_eval_log(data, "l.jsonl", by_pattern)) == ["correct", "format", "correct"]


def test_invalid_or_enormous_schema_is_a_problem_not_a_crash() -> None:
    data = _jsonl([_plain("Q", "c", "x", "x")])
    for schema in ("{not json", json.dumps({"type": 12}), json.dumps({"type": "object", "x": "y" * 200_000})):
        report = core.triage_eval_log(data, "l.jsonl", core.TriageSettings(format_check="schema", json_schema=schema))
        assert _verdicts(report) == ["correct"]
        assert any("JSON Schema" in problem for problem in report.problems)


def test_catastrophic_patterns_are_time_bound() -> None:
    rows = [_plain(f"Q{i}", "c", "a" * 40 + "!", "x") for i in range(10)]
    data = _jsonl(rows)
    start = time.perf_counter()
    classic = core.triage_eval_log(data, "l.jsonl", core.TriageSettings(format_check="regex", pattern=r"(a+)+$"))
    assert _verdicts(classic) == ["format"] * 10  # the regex module answers this one quickly: no match
    worse = core.triage_eval_log(data, "l.jsonl", core.TriageSettings(format_check="regex", pattern=r"(a|a)+$"))
    elapsed = time.perf_counter() - start
    assert any("stopped too often" in problem for problem in worse.problems)
    assert len(worse.rows) == 10  # every row still judged, on its content
    assert elapsed < 30  # a generous bound: unbounded, this pattern would run for hours
    invalid = core.triage_eval_log(data, "l.jsonl", core.TriageSettings(format_check="regex", pattern="(unclosed"))
    assert any("not valid" in problem for problem in invalid.problems)


# --------------------------------------------------------------------------------------------------------------
# promptfoo exports
# --------------------------------------------------------------------------------------------------------------


def test_promptfoo_json_export() -> None:
    document = {
        "evalId": "eval-1",
        "results": {
            "version": 3,
            "results": [
                {
                    "vars": {"question": "Open on Sunday?", "expected": "closed on Sunday"},
                    "response": {"output": "We are closed on Sunday."},
                    "success": True,
                    "provider": {"id": "openai:gpt-4o-mini", "label": "prompt_only"},
                    "latencyMs": 420,
                },
                {
                    "vars": {"question": "Open on Sunday?", "expected": "closed on Sunday"},
                    "response": {"output": "Yes, 10 to 4."},
                    "success": False,
                    "provider": {"id": "openai:gpt-4o-mini", "label": "rag"},
                    "latencyMs": 610,
                },
            ],
        },
    }
    report = core.triage_eval_log(json.dumps(document).encode(), "promptfoo.json")
    assert report.convention == "promptfoo"
    assert report.columns["answer"] == "response.output"
    assert report.columns["run"] == "provider.label"
    assert report.accuracy == {"prompt_only": 1.0, "rag": 0.0}
    assert [row.line for row in report.rows] == [1, 2]


def test_promptfoo_csv_export_splits_one_row_per_output_column() -> None:
    data = (
        b"question,[openai:gpt-4o-mini] support prompt,[openai:gpt-4o] support prompt\n"
        b'Open on Sunday?,[PASS] We are closed on Sunday.,"[FAIL] Expected closed\n---\nYes, 10 to 4."\n'
    )
    report = core.triage_eval_log(data, "promptfoo.csv")
    assert report.convention == "promptfoo"
    assert _verdicts(report) == ["correct", "cant_tell"]  # a fail with no reference or context: not guessed further
    assert set(report.counts) == {"[openai:gpt-4o-mini] support prompt", "[openai:gpt-4o] support prompt"}


def test_person_can_remap_columns() -> None:
    rows = [{"q": "Q", "bot_said": "9 am", "gold": "9 am", "docs": "We open at 9 am."}]
    unknown = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    assert unknown.convention == "unknown"
    assert any("answer" in problem for problem in unknown.problems)
    mapped = core.TriageSettings(
        columns={"question": "q", "answer": "bot_said", "reference": "gold", "context": "docs"}
    )
    assert _verdicts(core.triage_eval_log(_jsonl(rows), "l.jsonl", mapped)) == ["correct"]
    # "" drops a recognised column: with no context, a wrong answer cannot be placed
    wrong = [_plain("Q", "ctx", "no", "yes indeed")]
    dropped = core.triage_eval_log(_jsonl(wrong), "l.jsonl", core.TriageSettings(columns={"context": ""}))
    assert _verdicts(dropped) == ["cant_tell"]
    missing = core.triage_eval_log(_jsonl(rows), "l.jsonl", core.TriageSettings(columns={"answer": "nope"}))
    assert any("'nope'" in problem for problem in missing.problems)


# --------------------------------------------------------------------------------------------------------------
# Hostile logs: a plain message naming the line, the rest still triaged
# --------------------------------------------------------------------------------------------------------------


def test_ragged_csv_rows_are_reported_by_line() -> None:
    data = b"question,answer,reference\nQ1,9 am,9 am\nQ2,9 am\nQ3,x,y,extra\n"
    report = core.triage_eval_log(data, "l.csv")
    assert len(report.rows) == 3
    assert any(p.startswith("Line 3:") for p in report.problems)
    assert any(p.startswith("Line 4:") for p in report.problems)
    assert _verdicts(report)[0] == "correct"


def test_bad_jsonl_lines_and_non_objects_are_named() -> None:
    data = b'{"question": "Q", "answer": "a", "reference": "a"}\n{broken\n[1, 2]\n'
    report = core.triage_eval_log(data, "l.jsonl")
    assert _verdicts(report) == ["correct"]
    assert report.problems == ["Line 2: not valid JSON; skipped.", "Line 3: not an object with named fields; skipped."]


def test_json_that_is_not_a_list_and_nested_json() -> None:
    assert "no list of rows" in core.triage_eval_log(b'{"a": 1}', "l.json").problems[0]
    assert "no list of rows" in core.triage_eval_log(b'"text"', "l.json").problems[0]
    assert "not valid JSON" in core.triage_eval_log(b"[{", "l.json").problems[0]
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    assert core.triage_eval_log(deep, "l.json").rows == []
    deep_line = b'{"question": "Q", "answer": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n"
    assert core.triage_eval_log(deep_line, "l.jsonl").problems


def test_wrong_encoding_names_the_line_and_keeps_reading() -> None:
    data = "question,answer,reference\nQ1,9 am,9 am\nQ2,caf\xe9,caf\xe9\n".encode("latin-1")
    report = core.triage_eval_log(data, "l.csv")
    assert report.problems[0].startswith("Line 3: the file is not valid UTF-8")
    assert _verdicts(report) == ["correct", "correct"]
    utf16 = "question,answer,reference\nQ1,9 am,9 am\n".encode("utf-16")
    assert _verdicts(core.triage_eval_log(utf16, "l.csv")) == ["correct"]


def test_huge_file_and_huge_cell() -> None:
    too_big = core.triage_eval_log(b"x" * (MAX_LOG_BYTES + 1), "l.jsonl")
    assert too_big.rows == [] and "limit is 50 MB" in too_big.problems[0]
    rows = [_plain("Q1", "c", "a", "a"), _plain("Q2", "c", "b" * (MAX_CELL_CHARS + 1), "b")]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    assert _verdicts(report) == ["correct", "cant_tell"]
    assert report.problems == [
        "Line 2: the answer the system gave is over 1,000,000 characters; this row was not judged."
    ]


def test_formula_and_markup_cells_are_read_as_text_and_named() -> None:
    rows = [_plain('=HYPERLINK("http://evil.test","click")', "c", "<b>a</b> **x**", "<b>a</b> **x**")]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    assert _verdicts(report) == ["correct"]
    assert report.problems == [
        "Line 1: the question starts like a spreadsheet formula; it is read as plain text and neutralised in "
        "every download."
    ]


def test_unknown_file_type_and_empty_file() -> None:
    assert "not a CSV, JSONL or JSON" in core.triage_eval_log(b"x", "l.xlsx").problems[0]
    empty = core.triage_eval_log(b"", "l.csv")
    assert empty.rows == [] and empty.counts == {}


def test_spreadsheet_escape_neutralises_formula_cells() -> None:
    assert escape.spreadsheet('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert escape.spreadsheet("+1") == "'+1"
    assert escape.spreadsheet("@SUM(A1)") == "'@SUM(A1)"
    assert escape.spreadsheet("plain") == "plain"


# --------------------------------------------------------------------------------------------------------------
# Into the decision
# --------------------------------------------------------------------------------------------------------------


def _report_with(counts: dict[str, int], run: str = "prompt_only") -> core.TriageReport:
    rows = []
    for verdict, number in counts.items():
        rows += [
            core.RowVerdict(line=len(rows) + 1, run=run, verdict=verdict, reason="x", correct=verdict == "correct")
            for _ in range(number)
        ]  # type: ignore[arg-type]
    counts_per_run, accuracy = core._evidence.summarise(rows)
    return core.TriageReport(rows=rows, counts=counts_per_run, accuracy=accuracy, problems=[])


def test_answers_from_evidence_follow_the_observed_threshold() -> None:
    # 100 rows: 5 % and at least 3 rows count as observed (assets/evidence.json)
    report = _report_with({"correct": 80, "visibility": 10, "behaviour": 5, "format": 4, "inconsistent": 1})
    answers = core.answers_from_evidence(report, core.Answers(needs_citations=True))
    assert answers.strong_prompt_measured
    assert answers.needs_citations  # a hand-ticked answer is kept
    assert answers.context_already_present  # behaviour observed (5 rows = 5 %)
    assert set(answers.failure_modes) == {"missing_facts", "inconsistent_answers", "needs_both"}  # format 4 < 5
    assert core.observed_verdicts(report) == {"visibility": 10, "behaviour": 5}


def test_small_logs_need_three_rows_for_a_failure_to_count() -> None:
    report = _report_with({"correct": 8, "format": 2})  # 20 % of 10 rows, but only 2 rows
    assert core.evidence_fields(report) == ["strong_prompt_measured"]
    report = _report_with({"correct": 7, "format": 3})
    assert core.evidence_fields(report) == ["strong_prompt_measured", "format_drift"]


def test_the_chosen_run_is_read() -> None:
    rows = [
        *[
            core.RowVerdict(line=i, run="prompt_only", verdict="visibility", reason="x", correct=False)
            for i in range(5)
        ],
        *[core.RowVerdict(line=i, run="rag", verdict="correct", reason="x", correct=True) for i in range(5)],
    ]
    counts, accuracy = core._evidence.summarise(rows)
    report = core.TriageReport(rows=rows, counts=counts, accuracy=accuracy, problems=[])
    assert core.current_run(report) == "prompt_only"
    assert "missing_facts" in core.answers_from_evidence(report, core.Answers()).failure_modes
    assert core.answers_from_evidence(report, core.Answers(), run="rag").failure_modes == []
    summary = core.evidence_summary(report, run="rag")
    assert summary.rows == 10 and summary.run == "rag"
    assert summary.counts["prompt_only"]["visibility"] == 5
    assert core.evidence_accuracy(report) == {"prompt_only": 0.0, "rag": 1.0}


def test_overrule_changes_the_counts() -> None:
    report = core.triage_eval_log(_jsonl([_plain(q, c, a, r) for q, c, a, r, _ in CASES]), "l.jsonl")
    changed = core.overrule(report, {2: "correct", 3: "behaviour"})
    assert changed.counts["all"]["correct"] == 3 and changed.counts["all"]["visibility"] == 0
    assert changed.rows[2].reason == "overruled by hand (was visibility)"
    assert changed.rows[3].reason == report.rows[3].reason  # unchanged verdict, unchanged reason
    assert changed.accuracy["all"] == 0.75


def test_measured_lengths_count_tokens() -> None:
    rows = [_plain("How long is the warranty?", "Two years.", "Two years", "Two years")]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl")
    lengths = core.measured_lengths(report)
    assert lengths == {
        "question": core.count_tokens("How long is the warranty?"),
        "context": core.count_tokens("Two years."),
        "answer": core.count_tokens("Two years"),
    }


def test_markup_in_every_cell_and_column_name_never_reaches_a_message_raw() -> None:
    markup = " ".join(MARKUP)
    rows = [{"question": markup, "answer": markup, "reference": markup, "run": markup, markup: "x", "grade": markup}]
    report = core.triage_eval_log(_jsonl(rows), "l.jsonl", core.TriageSettings(columns={"context": markup[:50]}))
    assert _verdicts(report) == ["correct"]
    for problem in report.problems:
        assert not any(payload in problem for payload in MARKUP), problem
        assert "<" not in problem and "[" not in problem


def test_summary_stays_short_enough_for_a_link() -> None:
    long = "very long run name " * 20
    names = [f"{k:02d} {long}" for k in range(12)] + [f"00 {long}other"]  # the last is cut like the first
    rows = [
        core.RowVerdict(line=i, run=name, verdict="visibility" if k else "correct", reason="x")
        for k, name in enumerate(names)
        for i in range(5)
    ]
    counts, accuracy = core._evidence.summarise(rows)
    report = core.TriageReport(rows=rows, counts=counts, accuracy=accuracy, problems=[])
    summary = core.evidence_summary(report, run=names[-1])
    assert len(summary.counts) == 8 and summary.run == names[-1][:60] and summary.run in summary.counts
    # the run read comes first and keeps its counts (the other run cut alike is left out, not merged into it);
    # verdicts with no rows are left out
    assert summary.counts[summary.run] == {"visibility": 5}
    params = core.to_query_params(core.Scenario(evidence=summary))
    assert len(params["evidence"]) < 2_000  # a link value the reader accepts (core._link.MAX_LINK_TEXT_CHARS)
    assert core.from_query_params(params) == (core.Scenario(evidence=summary), [])
