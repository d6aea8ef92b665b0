"""Shared look: one colour per strategy, used by every chart and the report."""

from __future__ import annotations

import plotly.graph_objects as go

import core

STRATEGY_COLORS: dict[core.Strategy, str] = {
    "prompt_only": "#7f8c8d",
    "rag": "#1f77b4",
    "fine_tuning": "#e07b00",
    "hybrid": "#2ca02c",
}

FONT_SIZE = 15


def apply(fig: go.Figure, *, title: str, height: int = 420) -> go.Figure:
    """Give a figure the house style: readable type, white background, legend on top, no clutter."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        template="plotly_white",
        font={"size": FONT_SIZE},
        height=height,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0.0},
    )
    return fig
