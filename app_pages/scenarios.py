"""Scenarios: start from a preset, keep your own versions, compare 2-4 side by side, and take the result away."""

from __future__ import annotations

import streamlit as st

from ui import record, state
from ui import scenario_panels as panels

if panels.GOTO in st.session_state:  # set by an "Open in ..." button's callback on the previous click
    state.go(st.session_state.pop(panels.GOTO))

st.title(state.this_page().heading)
st.caption(
    "Start from a case your team will recognise or from your own scenario, compare up to four of them on "
    "recommendation, cost and latency, and take a report to the meeting."
)

st.subheader("1. Start from a preset")
panels.preset_box()

st.subheader("2. Your current scenario")
link = panels.current_box()
panels.files_box()

st.subheader("3. Compare 2–4 scenarios")
panels.comparison()

st.subheader("4. Quality from your own evals (optional)")
st.caption(
    "Enter the share of eval questions each strategy answered correctly (0 to 1) for the current scenario; "
    "a cheap strategy that is often wrong can cost more per correct answer."
)
panels.quality()

st.subheader("5. Take it to the meeting")
st.caption(
    "The HTML report opens offline in any browser: recommendation, reasons and warnings, the cost and latency "
    "table, interactive charts (the camera icon saves a PNG), every price and assumption with its source and "
    "date, and the link back here. The Markdown summary pastes into a doc or a ticket."
)
panels.downloads(link)
record.downloads("scenarios")
