"""The decision matrix chart: built without plotly's checks for speed, so these tests re-validate it."""

from __future__ import annotations

import plotly.graph_objects as go

import core
from charts.decision import matrix_chart


def chart(priorities: dict[core.Dimension, int] | None = None) -> go.Figure:
    chosen = priorities if priorities is not None else core.Scenario().priorities
    return matrix_chart(core.DECISION_MATRIX, chosen, core.matrix_scores(chosen))


def test_the_figure_is_valid_plotly() -> None:
    go.Figure(chart().to_dict())  # raises on any misspelt property or bad value


def test_one_bar_group_per_option_with_every_dimension_scored() -> None:
    fig = chart()
    assert [trace.type for trace in fig.data] == ["bar"] * len(core.MATRIX_STRATEGIES)
    assert fig.layout.barmode == "group"
    for strategy, trace in zip(core.MATRIX_STRATEGIES, fig.data, strict=True):
        assert trace.name.startswith(core.STRATEGY_LABELS[strategy])
        assert list(trace.x) == [row.scores[strategy] for row in core.DECISION_MATRIX.values()]
        assert len(trace.y) == len(core.DECISION_MATRIX)


def test_weights_show_in_the_labels_and_the_weighted_scores_in_the_legend() -> None:
    dimension = next(iter(core.DECISION_MATRIX))
    priorities = {**core.Scenario().priorities, dimension: 3}
    fig = chart(priorities)
    assert fig.data[0].y[0].endswith("(×3)")
    weighted = core.matrix_scores(priorities)
    for strategy, trace in zip(core.MATRIX_STRATEGIES, fig.data, strict=True):
        assert trace.name.endswith(f"weighted {weighted[strategy]:.1f} / 5")
