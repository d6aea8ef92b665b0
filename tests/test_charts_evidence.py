"""The Evidence page's pure builders: the split chart, the split table, the downloads and Diagnose's note."""

from __future__ import annotations

import csv
import io

import core
from charts.evidence import verdict_split_chart
from present.evidence import evidence_note, split_table, verdicts_csv, verdicts_markdown

COUNTS = {
    "prompt_only": {"correct": 6, "visibility": 3, "behaviour": 1, "format": 0, "inconsistent": 0, "cant_tell": 0},
    "<b>rag</b>": {"correct": 9, "visibility": 0, "behaviour": 0, "format": 1, "inconsistent": 0, "cant_tell": 0},
}


def test_split_chart_has_one_stacked_bar_per_verdict_with_shares() -> None:
    fig = verdict_split_chart(COUNTS)
    assert [trace.name for trace in fig.data][:2] == ["Correct", "Visibility (fact not in view)"]
    correct = fig.data[0]
    assert list(correct.x) == [0.6, 0.9]  # 6 of 10, 9 of 10
    assert list(correct.customdata) == [6, 9]
    assert list(correct.y) == ["prompt_only", "&lt;b&gt;rag&lt;/b&gt;"]  # a run name from the file is not markup
    assert fig.layout.barmode == "stack"


def test_split_chart_text_names_each_runs_shares_not_a_total_of_one() -> None:
    from charts.text import text_alternative

    summary = text_alternative(verdict_split_chart(COUNTS)).summary
    assert "prompt_only: Correct 60%, Visibility (fact not in view) 30%, Behaviour (fact in view, still wrong) 10%" in (
        summary
    )
    assert "<b>rag</b>: Correct 90%, Format broken 10%" in summary
    assert "totals" not in summary


def test_split_table_counts_and_shares() -> None:
    rows = split_table(COUNTS)
    assert rows[0]["Run"] == "prompt_only" and rows[0]["Rows"] == "10"
    assert rows[0]["Visibility (fact not in view)"] == "3 (30%)"


def test_downloads_neutralise_formulas_and_markup() -> None:
    rows = [
        core.RowVerdict(line=3, run="rag", verdict="visibility", reason="x", question='=HYPERLINK("http://e.test")'),
    ]
    parsed = list(csv.reader(io.StringIO(verdicts_csv(rows))))
    assert parsed[0][:4] == ["line", "run", "verdict", "reason"]
    assert parsed[1][4] == '\'=HYPERLINK("http://e.test")'
    markdown = verdicts_markdown(rows)
    assert "http://" not in markdown and "'=HYPERLINK" in markdown


def test_diagnose_note_says_what_came_from_evidence_and_what_by_hand() -> None:
    scenario = core.Scenario(
        answers=core.Answers(strong_prompt_measured=True, needs_citations=True, failure_modes=["missing_facts"]),
        evidence=core.EvidenceSummary(
            rows=200,
            run="prompt_only",
            counts={"prompt_only": {"correct": 165, "visibility": 31, "format": 4}},
            from_evidence=["strong_prompt_measured", "missing_facts"],
        ),
    )
    note = evidence_note(scenario)
    assert note[0] == "From 200 eval rows (run prompt\\_only): 31 visibility, 4 format."
    assert note[1] == "From evidence: a strong prompt was measured on an eval set; failure: missing facts."
    assert note[2].startswith("Ticked by hand: ") and "strong prompt" not in note[2]
    assert evidence_note(core.Scenario()) == []
