"""The Evidence page's results: the split per run (chart and table), the rows behind each verdict with a way to
overrule one, the downloads, and the buttons that carry the evidence into Diagnose, Scenarios and Estimate."""

from __future__ import annotations

from typing import Any

import streamlit as st

import core
from charts.evidence import verdict_split_chart
from present import escape
from present import evidence as words
from ui import figures, state

RUN = "evidence.run"
VERDICT_SHOWN = "evidence.verdict_shown"
OVERRULE_ROW = "evidence.overrule_row"
OVERRULE_TO = "evidence.overrule_to"
OVERRULE = "evidence.overrule"
CLEAR_OVERRULES = "evidence.clear_overrules"
OVERRIDES = "evidence.overrides"
USE = "evidence.use"
USE_LENGTHS = "evidence.use_lengths"
USED = "evidence.used"
ROWS_SHOWN = 500


def overridden(file_key: str, report: core.TriageReport) -> core.TriageReport:
    """The report with this session's overrules for this file applied (kept in session state)."""
    store: dict[str, dict[int, core.Verdict]] = st.session_state.setdefault(OVERRIDES, {})
    if file_key not in store:
        store.clear()  # overrules belong to one file; a new file starts afresh
        store[file_key] = {}
    return core.overrule(report, store[file_key]) if store[file_key] else report


def problems(report: core.TriageReport) -> None:
    """Plain messages about the file, each naming its line (already safe to show)."""
    if report.problems:
        st.warning("\n".join(f"- {problem}" for problem in report.problems), icon=":material/warning:")


def split(report: core.TriageReport) -> None:
    """The chart and the table of verdicts per run, and each run's measured accuracy."""
    figures.show(verdict_split_chart(report.counts), key="evidence.split_chart")
    st.dataframe(words.split_table(report.counts), key="evidence.split_table", hide_index=True, width="stretch")
    accuracy = ", ".join(
        f"{escape.streamlit(run)}: {'unknown' if value is None else f'{value:.0%}'}"
        for run, value in report.accuracy.items()
    )
    st.caption(f"Share correct (of the rows whose correctness could be told): {accuracy}.")
    st.markdown("\n".join(f"- **{words.VERDICT_LABELS[v]}**: {words.VERDICT_MEANING[v]}." for v in core.VERDICTS))


def _apply_overrule(file_key: str) -> None:
    index = st.session_state.get(OVERRULE_ROW)
    if index is not None:
        st.session_state[OVERRIDES].setdefault(file_key, {})[index] = st.session_state[OVERRULE_TO]


def _clear_overrules(file_key: str) -> None:
    st.session_state[OVERRIDES][file_key] = {}


def rows_behind(file_key: str, report: core.TriageReport) -> None:
    """The rows behind one verdict (line numbers and reasons), and a way to overrule a row's verdict."""
    if VERDICT_SHOWN not in st.session_state:
        st.session_state[VERDICT_SHOWN] = "visibility"  # the first failure, the rows people look at first
    verdict = st.selectbox(
        "Show the rows judged",
        options=list(core.VERDICTS),
        format_func=words.VERDICT_LABELS.__getitem__,
        key=VERDICT_SHOWN,
    )
    indexes = [i for i, row in enumerate(report.rows) if row.verdict == verdict]
    shown = [report.rows[i] for i in indexes[:ROWS_SHOWN]]
    st.dataframe(words.rows_table(shown), key="evidence.rows", hide_index=True, width="stretch")
    if len(indexes) > ROWS_SHOWN:
        st.caption(f"The first {ROWS_SHOWN:,} of {len(indexes):,} rows; the CSV download has them all.")
    if st.session_state.get(OVERRIDES, {}).get(file_key):
        count = len(st.session_state[OVERRIDES][file_key])
        st.caption(f"{count} row(s) overruled by hand; the counts above follow.")
        st.button("Undo every overrule", key=CLEAR_OVERRULES, on_click=_clear_overrules, args=(file_key,))
    if not indexes:
        return
    row_col, verdict_col, button_col = st.columns([2, 2, 1])
    if st.session_state.get(OVERRULE_ROW) not in indexes:
        st.session_state[OVERRULE_ROW] = indexes[0]
    row_col.selectbox(
        "Overrule the verdict of",
        options=indexes[:ROWS_SHOWN],
        format_func=lambda i: f"line {report.rows[i].line} ({report.rows[i].run})",
        key=OVERRULE_ROW,
    )
    verdict_col.selectbox(
        "with", options=list(core.VERDICTS), format_func=words.VERDICT_LABELS.__getitem__, key=OVERRULE_TO
    )
    button_col.button("Overrule", key=OVERRULE, on_click=_apply_overrule, args=(file_key,))


def downloads(report: core.TriageReport) -> None:
    """The verdicts as CSV (formula cells kept as text) and as a Markdown table."""
    csv_col, markdown_col = st.columns(2)
    csv_col.download_button(
        "Download the verdicts (CSV)",
        data=words.verdicts_csv(report.rows),
        file_name="eval_verdicts.csv",
        mime="text/csv",
        key="evidence.download_csv",
        icon=":material/download:",
    )
    markdown_col.download_button(
        "Download the verdicts (Markdown)",
        data=words.verdicts_markdown(report.rows),
        file_name="eval_verdicts.md",
        mime="text/markdown",
        key="evidence.download_markdown",
        icon=":material/notes:",
    )


def _use(report: core.TriageReport, run: str) -> None:
    current = state.scenario()
    answers = core.answers_from_evidence(report, current.answers, run)
    changes: dict[state.Path, Any] = {
        ("answers",): answers.model_dump(),
        ("evidence",): core.evidence_summary(report, run).model_dump(),
    }
    for strategy, value in core.evidence_accuracy(report).items():
        changes[("accuracy", strategy)] = round(value, 4)
    st.session_state[USED] = not state.set_fields(changes)


def _use_lengths(report: core.TriageReport, run: str) -> None:
    current = state.scenario()
    lengths = core.measured_lengths(report, run, current.model)
    if not lengths:
        return
    changes: dict[state.Path, Any] = {
        ("workload", "user_tokens"): lengths["question"],
        ("workload", "output_tokens"): lengths["answer"],
    }
    if current.rag.top_k and lengths["context"]:
        changes[("rag", "chunk_tokens")] = max(1, round(lengths["context"] / current.rag.top_k))
    state.set_fields(changes)


def into_the_decision(report: core.TriageReport) -> None:
    """Choose the run that is the current system, then carry the evidence into Diagnose, Scenarios, Estimate."""
    runs = list(report.counts)
    if not runs:
        return
    if st.session_state.get(RUN) not in runs:
        st.session_state[RUN] = core.current_run(report)
    run = st.selectbox(
        "Which run is your current system?",
        options=runs,
        key=RUN,
        help="Its verdicts fill Diagnose's answers; the other runs' accuracy still flows to Scenarios.",
    )
    seen = core.observed_verdicts(report, run)
    thresholds = core.evidence_thresholds()
    st.caption(
        f"A failure counts as observed when at least {thresholds.observed_share.value:.0%} of the run's rows and "
        f"at least {thresholds.observed_min_rows.value:.0f} rows get it (an assumption: one stray row is noise). "
        f"In this run: {', '.join(f'{n} {v}' for v, n in seen.items()) or 'none'}."
    )
    use_col, lengths_col = st.columns(2)
    use_col.button(
        "Use as Diagnose's answers",
        key=USE,
        type="primary",
        on_click=_use,
        args=(report, run),
        icon=":material/stethoscope:",
        help="Ticks the failure modes and checklist answers the evidence shows, keeps what you ticked by hand, "
        "and puts each run named like a strategy into Scenarios' accuracy (cost per correct answer).",
    )
    lengths_col.button(
        "Use measured lengths in Estimate",
        key=USE_LENGTHS,
        on_click=_use_lengths,
        args=(report, run),
        icon=":material/calculate:",
        help="Mean question, context and answer tokens of this run's first 200 rows, counted with your model's "
        "tokenizer, become the workload's user and output tokens and the retrieval chunk size.",
    )
    if st.session_state.get(USED):
        st.success("Diagnose's answers and Scenarios' accuracy now come from this evidence.", icon=":material/check:")
        state.page_link("diagnose", label="Open Diagnose", icon=":material/arrow_forward:")
    st.caption(
        "A share link and a scenario file carry only a summary of this evidence (rows, the run read, counts per run, "
        "thresholds, which answers came from it), never the log itself."
    )
