"""The comparison charts draw each scenario's numbers, mark the recommendation and keep names as text."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

import core
from charts.compare import cost_comparison_chart, latency_comparison_chart, scenario_labels
from charts.theme import STRATEGY_COLORS

HOSTILE = "<script>alert(1)</script>"


def _items(*keys: str) -> list[tuple[str, core.Estimate]]:
    return [(core.SCENARIOS[key].name, core.estimate(core.SCENARIOS[key])) for key in keys]


def _bars(fig: go.Figure) -> dict[str, go.Bar]:
    return {trace.name: trace for trace in fig.data}


def test_cost_chart_has_one_coloured_series_per_strategy_with_monthly_costs() -> None:
    items = _items("support_bot", "compliance_qa")
    fig = cost_comparison_chart(items)
    bars = _bars(fig)
    assert list(bars) == [core.STRATEGY_LABELS[s] for s in core.STRATEGIES]
    for strategy in core.STRATEGIES:
        bar = bars[core.STRATEGY_LABELS[strategy]]
        assert bar.marker.color == STRATEGY_COLORS[strategy]
        expected = [result.strategies[strategy].monthly_usd for _, result in items]
        assert list(bar.y) == pytest.approx(expected)
        assert list(bar.x) == ["Customer support bot", "Compliance Q&amp;A with citations"]


def test_latency_chart_shows_seconds_per_request() -> None:
    items = _items("support_bot", "ticket_classification")
    bars = _bars(latency_comparison_chart(items))
    for strategy in core.STRATEGIES:
        expected = [result.strategies[strategy].latency_ms / 1000 for _, result in items]
        assert list(bars[core.STRATEGY_LABELS[strategy]].y) == pytest.approx(expected)


def test_the_recommended_bar_is_outlined_and_named_under_the_axis() -> None:
    items = _items("support_bot", "contract_extraction")
    fig = cost_comparison_chart(items, ["rag", "fine_tuning"])
    bars = _bars(fig)
    assert list(bars["Retrieval (RAG)"].marker.line.width) == [3.0, 0.0]
    assert list(bars["Fine-tuning"].marker.line.width) == [0.0, 3.0]
    assert list(bars["Hybrid: RAG + fine-tuning"].marker.line.width) == [0.0, 0.0]
    assert "recommended: Retrieval (RAG)" in bars["Hybrid: RAG + fine-tuning"].x[0]
    assert fig.layout.legend.title.text == "outlined: recommended"


def test_log_axis_only_when_scenarios_differ_by_a_lot() -> None:
    # Ticket triage costs thousands a month, meeting summaries tens: a linear axis would hide the small one.
    wide = cost_comparison_chart(_items("ticket_classification", "meeting_summaries"))
    assert wide.layout.yaxis.type == "log" and "log scale" in wide.layout.yaxis.title.text
    close = cost_comparison_chart(_items("support_bot", "compliance_qa"))
    assert close.layout.yaxis.type == "linear"


def test_names_are_escaped_and_made_unique() -> None:
    assert scenario_labels([HOSTILE, HOSTILE, " "]) == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt; (2)",
        "Unnamed scenario",
    ]
    scenario = core.Scenario(name=HOSTILE)
    fig = cost_comparison_chart([(scenario.name, core.estimate(scenario))], ["prompt_only"])
    assert HOSTILE not in fig.to_json()


def test_unpriced_strategies_are_gaps_not_zero_dollars() -> None:
    scenario = core.Scenario(model="a-model-nobody-prices")
    bars = _bars(cost_comparison_chart([(scenario.name, core.estimate(scenario))]))
    assert bars["Prompt + evals baseline"].y[0] is None
    assert bars["Prompt + evals baseline"].text[0] == "price unknown"


@pytest.mark.parametrize("recommended", [None, ["rag", "fine_tuning"]])
@pytest.mark.parametrize("build", [cost_comparison_chart, latency_comparison_chart])
def test_comparison_charts_are_valid_plotly(build, recommended) -> None:
    # Built from plain dicts without plotly's checks (for speed): re-validating catches any misspelt property.
    go.Figure(build(_items("support_bot", "ticket_classification"), recommended).to_dict())
