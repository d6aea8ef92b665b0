"""The Evidence page's words and tables: verdict names, the split per run, the rows behind a verdict, the
downloads (formula-safe CSV, Markdown) and the note Diagnose shows about answers that came from evidence."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

import core
from present import escape

VERDICT_LABELS: Mapping[str, str] = {
    "correct": "Correct",
    "visibility": "Visibility (fact not in view)",
    "behaviour": "Behaviour (fact in view, still wrong)",
    "format": "Format broken",
    "inconsistent": "Inconsistent across repeats",
    "cant_tell": "Can't tell",
}
VERDICT_MEANING: Mapping[str, str] = {
    "correct": "a human grade passed it, or it matches, contains or overlaps the reference enough",
    "visibility": "wrong, and the reference's words were mostly not in what the model saw: a knowledge problem",
    "behaviour": "wrong although the reference's words were in what the model saw: a behaviour problem",
    "format": "the answer breaks the format check (JSON, the schema or the pattern)",
    "inconsistent": "wrong, and the same question got a different answer in another repeat of the run",
    "cant_tell": "the log lacks what the verdict needs (no answer, no reference or grade, no context column)",
}
# How Diagnose names an answer the evidence filled in.
ANSWER_LABELS: Mapping[str, str] = {
    "strong_prompt_measured": "a strong prompt was measured on an eval set",
    "context_already_present": "the model already sees the needed facts",
    "missing_facts": "failure: missing facts",
    "inconsistent_answers": "failure: inconsistent answers",
    "format_drift": "failure: format drift",
    "needs_both": "failure: needs both facts and behaviour",
}
CSV_COLUMNS = ("line", "run", "verdict", "reason", "question", "f1", "fact_share", "format_ok", "grade")
FAILURES = ("visibility", "behaviour", "format", "inconsistent")


def split_table(counts: Mapping[str, Mapping[str, int]]) -> list[dict[str, str]]:
    """One row per run: how many rows got each verdict, and the share correct."""
    rows = []
    for run, per_run in counts.items():
        total = sum(per_run.values())
        row = {"Run": run, "Rows": f"{total:,}"}
        for verdict in core.VERDICTS:
            count = per_run.get(verdict, 0)
            row[VERDICT_LABELS[verdict]] = f"{count:,} ({count / total:.0%})" if total else "0"
        rows.append(row)
    return rows


def rows_table(rows: Sequence[core.RowVerdict]) -> list[dict[str, object]]:
    """The rows behind a verdict, for an on-screen table (Streamlit shows cells as plain text)."""
    return [
        {"line": r.line, "run": r.run, "verdict": r.verdict, "reason": r.reason, "question": r.question} for r in rows
    ]


def verdicts_csv(rows: Sequence[core.RowVerdict]) -> str:
    """Every row's verdict as CSV; a cell that a spreadsheet would run as a formula is kept as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = [getattr(row, column) for column in CSV_COLUMNS]
        writer.writerow([escape.spreadsheet("" if v is None else str(v)) for v in values])
    return out.getvalue()


def verdicts_markdown(rows: Sequence[core.RowVerdict]) -> str:
    """Every row's verdict as a Markdown table for a doc or a ticket: user text escaped, formulas kept as text."""
    lines = ["| line | run | verdict | reason | question |", "|---:|---|---|---|---|"]
    for row in rows:
        cells = [str(row.line), row.run, row.verdict, row.reason, row.question]
        lines.append("| " + " | ".join(escape.document(escape.spreadsheet(c)) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def evidence_note(scenario: core.Scenario) -> list[str]:
    """What Diagnose says beside the verdict about the evidence: the counts read, which answers came from it
    and which were ticked by hand. Safe for Streamlit's Markdown (run names are the user's text). Empty without
    evidence."""
    evidence = scenario.evidence
    if evidence is None:
        return []
    per_run = evidence.counts.get(evidence.run, {})
    seen = ", ".join(f"{per_run[v]:,} {v}" for v in FAILURES if per_run.get(v))
    run = escape.streamlit(evidence.run or "the log")
    lines = [f"From {evidence.rows:,} eval rows (run {run}): {seen or 'no failure verdicts'}."]
    filled = [ANSWER_LABELS[field] for field in evidence.from_evidence]
    lines.append("From evidence: " + ("; ".join(filled) if filled else "nothing") + ".")
    by_hand = _ticked_by_hand(scenario.answers, set(evidence.from_evidence))
    lines.append("Ticked by hand: " + ("; ".join(by_hand) if by_hand else "nothing") + ".")
    return lines


def _ticked_by_hand(answers: core.Answers, from_evidence: set[str]) -> list[str]:
    ticked = [
        core.QUESTIONS.get(name, name.replace("_", " "))
        for name, value in answers.model_dump().items()
        if value is True and name not in from_evidence
    ]
    ticked += [core.FAILURE_MODE_TABLE[mode].label for mode in answers.failure_modes if mode not in from_evidence]
    return ticked
