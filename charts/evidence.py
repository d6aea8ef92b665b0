"""The Evidence page's chart: how each run's eval rows split across the verdicts."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

import core
from charts.theme import apply
from present.evidence import VERDICT_LABELS

VERDICT_COLORS: Mapping[str, str] = {
    "correct": "#2ca02c",
    "visibility": "#1f77b4",
    "behaviour": "#e07b00",
    "format": "#9467bd",
    "inconsistent": "#d62728",
    "cant_tell": "#bdbdbd",
}


def _label(text: str) -> str:
    # Plotly reads a few HTML tags in labels; run names come from the user's file.
    short = text if len(text) <= 40 else text[:39] + "…"
    return short.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def verdict_split_chart(counts: Mapping[str, Mapping[str, int]]) -> go.Figure:
    """Stacked horizontal bars, one per run: the share of its rows that got each verdict (counts on hover)."""
    runs = list(counts)
    totals = [sum(counts[run].values()) or 1 for run in runs]
    fig = go.Figure()
    for verdict in core.VERDICTS:
        values = [counts[run].get(verdict, 0) for run in runs]
        fig.add_bar(
            y=[_label(run) for run in runs],
            x=[value / total for value, total in zip(values, totals, strict=True)],
            customdata=values,
            orientation="h",
            name=VERDICT_LABELS[verdict],
            marker_color=VERDICT_COLORS[verdict],
            hovertemplate="%{y}: %{customdata:,} rows (%{x:.0%})<extra>" + VERDICT_LABELS[verdict] + "</extra>",
        )
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1]}, yaxis={"autorange": "reversed"})
    return apply(fig, title="How each run's eval rows split", height=220 + 50 * len(runs))
