"""Evidence: triage the team's own eval log into one verdict per row, then carry it into the decision."""

import streamlit as st

from ui import evidence_inputs as inputs
from ui import evidence_results as results
from ui import state

st.title(state.this_page().heading)
st.caption(
    "Upload the results of an eval run of your current system. Every row gets one verdict with its reason, from "
    "checks that need no model: was the answer correct, did it keep the format, was the needed fact in what the "
    "model saw (a lexical check: a paraphrase can fool it), and did repeats agree. Nothing leaves this server."
)

st.subheader("1. The eval log")
# The upload box (st.file_uploader) and the example button are drawn by ui.evidence_inputs.
source = inputs.log_source()
st.subheader("2. How to judge it")
settings = inputs.thresholds_and_format()

if source is None:
    st.info("Upload a log, or try the example, to see the verdicts.", icon=":material/upload_file:")
else:
    file_key, report = inputs.triaged(*source, settings)
    inputs.column_mapping(report)
    report = results.overridden(file_key, report)
    results.problems(report)
    st.subheader("3. The split per run")
    results.split(report)
    st.subheader("4. The rows behind each verdict")
    results.rows_behind(file_key, report)
    results.downloads(report)
    st.subheader("5. Into the decision")
    results.into_the_decision(report)

st.divider()
state.show_share_link("evidence")
