"""The Evidence page's inputs: the eval log (an upload or the example), the column mapping, the thresholds and the
format check. Each widget keeps its state under its own key; `triaged()` returns the report for what is chosen."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import streamlit as st

import core
from ui import data_reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_LOG = ROOT / "assets" / "examples" / "eval_log_example.jsonl"
EXAMPLE_SETTINGS = ROOT / "assets" / "examples" / "eval_log_example.settings.json"
UPLOAD = "evidence.upload"
USE_EXAMPLE = "evidence.use_example"
SOURCE = "evidence.source"  # "example" or "upload"
F1 = "evidence.f1"
VISIBILITY = "evidence.visibility"
FORMAT = "evidence.format"
SCHEMA = "evidence.schema"
SCHEMA_FILE = "evidence.schema_file"
PATTERN = "evidence.pattern"
COLUMN_PREFIX = "evidence.column."
MAPPED_FOR = "evidence.columns_for"
REPORTS = "evidence.reports"
NOT_IN_LOG = ""
FORMAT_LABELS = {
    "none": "No format check",
    "json": "Answer must be JSON",
    "schema": "Answer must fit a JSON Schema",
    "regex": "Answer must match a regular expression",
}


def _use_example() -> None:
    st.session_state[SOURCE] = "example"
    settings = json.loads(EXAMPLE_SETTINGS.read_text(encoding="utf-8"))
    st.session_state[FORMAT] = settings["format_check"]
    st.session_state[PATTERN] = settings["pattern"]


def _on_upload() -> None:
    st.session_state[SOURCE] = "upload"


def log_source() -> tuple[bytes, str] | None:
    """The eval log's bytes and file name: the upload, or the example after its button; None before either."""
    upload_col, example_col = st.columns([3, 1])
    with upload_col:
        upload = st.file_uploader(
            "Your eval log (CSV, JSONL or JSON, up to 50 MB)",
            type=["csv", "tsv", "jsonl", "ndjson", "json", "txt"],
            key=UPLOAD,
            on_change=_on_upload,
            help="One row per eval question: the question, the answer your system gave, and the reference answer "
            "or a pass/fail grade; the context the model saw and a run name help.",
        )
    with example_col:
        st.button("Try the example", key=USE_EXAMPLE, on_click=_use_example, icon=":material/science:")
        st.caption("180 rows of a support assistant, two runs: prompt_only and rag.")
    source = st.session_state.get(SOURCE)
    if upload is not None and source != "example":
        return upload.getvalue(), upload.name
    if source == "example":
        return EXAMPLE_LOG.read_bytes(), EXAMPLE_LOG.name
    return None


def thresholds_and_format() -> core.TriageSettings:
    """Sliders for the thresholds (each with its source) and the format check; the columns are added later."""
    defaults = core.evidence_thresholds()
    f1_col, visibility_col = st.columns(2)
    f1 = f1_col.slider(
        "Correct when token F1 is at least",
        0.0,
        1.0,
        value=defaults.f1_threshold.value,
        step=0.05,
        key=F1,
        help=defaults.f1_threshold.source,
    )
    visibility = visibility_col.slider(
        "Fact in view when this share of the reference's words is in the context (lexical: a paraphrase can fool it)",
        0.0,
        1.0,
        value=defaults.visibility_threshold.value,
        step=0.05,
        key=VISIBILITY,
        help=defaults.visibility_threshold.source,
    )
    kind = st.radio(
        "Format check",
        options=list(FORMAT_LABELS),
        format_func=FORMAT_LABELS.__getitem__,
        horizontal=True,
        key=FORMAT,
    )
    schema, pattern = None, None
    if kind == "schema":
        paste_col, file_col = st.columns([2, 1])
        schema = paste_col.text_area("Paste the JSON Schema", key=SCHEMA, height=120)
        schema_file = file_col.file_uploader("…or upload it", type=["json"], key=SCHEMA_FILE)
        if schema_file is not None:
            schema = schema_file.getvalue()[:200_000].decode("utf-8", errors="replace")
    elif kind == "regex":
        pattern = st.text_input(
            "Regular expression the whole answer must match",
            key=PATTERN,
            help="Checked with a time limit per answer; a pattern that backtracks for ever is stopped and reported.",
        )
    return core.TriageSettings(
        f1_threshold=f1, visibility_threshold=visibility, format_check=kind, json_schema=schema, pattern=pattern
    )


def _file_key(data: bytes, name: str) -> str:
    return hashlib.sha256(data).hexdigest()[:16] + name


def chosen_columns(file_key: str) -> dict[str, str]:
    """The roles the person remapped for this file (the selectboxes' values); a new file starts afresh."""
    if st.session_state.get(MAPPED_FOR) != file_key:
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(COLUMN_PREFIX)]:
            del st.session_state[key]
        st.session_state[MAPPED_FOR] = file_key
    return {
        key.removeprefix(COLUMN_PREFIX): value
        for key, value in st.session_state.items()
        if isinstance(key, str) and key.startswith(COLUMN_PREFIX) and isinstance(value, str)
    }


def triaged(data: bytes, name: str, settings: core.TriageSettings) -> tuple[str, core.TriageReport]:
    """The report for this log and these settings, computed once per session and kept (a few at most)."""
    file_key = _file_key(data, name)
    settings = settings.model_copy(update={"columns": chosen_columns(file_key)})
    key = (file_key, settings.model_dump_json())
    report: core.TriageReport | None = data_reports.remembered(REPORTS, key)
    if report is None:
        with st.spinner("Reading the eval log…"):
            report = core.triage_eval_log(data, name, settings)
        data_reports.remember(REPORTS, key, report)
    return file_key, report


def column_mapping(report: core.TriageReport) -> None:
    """The recognised convention, and a selectbox per role to remap any column."""
    st.markdown(f"**Columns recognised as:** {report.convention}")
    options: list[Any] = [NOT_IN_LOG, *report.available_columns]
    columns = st.columns(3)
    for index, role in enumerate(core.ROLES):
        key = COLUMN_PREFIX + role
        if key not in st.session_state:
            st.session_state[key] = report.columns.get(role, NOT_IN_LOG)
        columns[index % 3].selectbox(
            core.ROLE_LABELS[role],
            options=options,
            format_func=lambda column: "— not in this log —" if column == NOT_IN_LOG else column,
            key=key,
        )
