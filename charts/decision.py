"""The decision matrix as a chart: how retrieval, fine-tuning and a hybrid score on what matters to the team."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

import core
from charts.theme import STRATEGY_COLORS, figure


def _explanation(row: core.MatrixRow, strategy: core.Strategy) -> str:
    if strategy == "rag":
        return row.rag
    if strategy == "fine_tuning":
        return row.fine_tuning
    return row.note


def matrix_chart(
    matrix: Mapping[core.Dimension, core.MatrixRow],
    priorities: Mapping[core.Dimension, int],
    weighted: Mapping[core.Strategy, float],
) -> go.Figure:
    """Grouped bars of each option's 1-5 score per dimension; the weight and the weighted score label the axes."""
    rows = list(matrix.values())
    labels = [f"{row.label} (×{priorities.get(row.dimension, 1)})" for row in rows]
    data = [
        {
            "type": "bar",
            "name": f"{core.STRATEGY_LABELS[strategy]} — weighted {weighted[strategy]:.1f} / 5",
            "y": labels,
            "x": [row.scores[strategy] for row in rows],
            "orientation": "h",
            "marker": {"color": STRATEGY_COLORS[strategy]},
            "customdata": [_explanation(row, strategy) for row in rows],
            "hovertemplate": "%{y}: %{x} / 5<br>%{customdata}<extra></extra>",
        }
        for strategy in core.MATRIX_STRATEGIES
    ]
    layout = {
        "barmode": "group",
        "bargap": 0.25,
        "xaxis": {"range": [0, 5], "dtick": 1, "title": {"text": "score (5 = best for you)"}},
        "yaxis": {"autorange": "reversed"},
        # Legend under the plot, as on every chart (the house style's default place).
        "legend": {"y": -0.12},
    }
    return figure(data, layout, title="Decision matrix, weighted by what matters to you", height=560)
