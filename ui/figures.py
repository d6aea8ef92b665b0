"""Draw a chart with its text alternative: the chart, a one-line summary under it, and its data as a table in an
expander (drawn only while open). Every chart of the app goes through `show`."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts.text import table_number, text_alternative
from present import escape
from ui import state


def show(fig: go.Figure, *, key: str) -> None:
    """Draw `fig` under `key` (listed in ui.state.CHART_KEYS), its summary, and its data behind "<key>.data"."""
    st.plotly_chart(fig, key=key, width="stretch")
    text = text_alternative(fig)
    st.caption(escape.streamlit(text.summary))
    data = state.section(f"Data of the chart: {escape.streamlit(text.title)}", f"{key}.data")
    with data:
        if data.open:
            numbers = [column for column in text.table.columns[1:]]
            st.table(
                text.table.style.format(table_number, subset=numbers, na_rep="unknown"),
                border="horizontal",
                hide_index=True,
            )
