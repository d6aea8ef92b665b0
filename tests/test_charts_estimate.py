"""The Estimate page's charts: valid plotly specs, the right numbers in the right places, unpriced never as $0."""

from __future__ import annotations

import datetime
import math

import numpy as np
import plotly.graph_objects as go
import pytest

import core
from charts import estimate as charts

UNKNOWN = "my-private-model"
UNPRICED_OFFERING = "bedrock/nova-pro"  # its training price is published nowhere in our sources


def validated(fig: go.Figure) -> go.Figure:
    """Re-build the figure with plotly's full validation: the charts skip it at run time for speed."""
    return go.Figure(fig.to_dict())


def traces(fig: go.Figure) -> dict[str, go.BaseTraceType]:
    return {trace.name: trace for trace in fig.data}


@pytest.fixture(scope="module")
def scenario() -> core.Scenario:
    return core.Scenario()


@pytest.fixture(scope="module")
def result(scenario: core.Scenario) -> core.Estimate:
    return core.estimate(scenario)


@pytest.fixture(scope="module")
def unpriced() -> tuple[core.Scenario, core.Estimate]:
    # Neither the base model nor its fine-tune has a price anywhere.
    s = core.Scenario(model=UNKNOWN, fine_tuning=core.FineTuningSettings(offering=UNPRICED_OFFERING))
    return s, core.estimate(s)


def every_chart(scenario: core.Scenario, result: core.Estimate) -> list[go.Figure]:
    crossings = charts.break_even_points(scenario, result)
    volumes = np.linspace(0, charts.volume_range(result, crossings), 50)
    return [
        charts.tokens_chart(result),
        charts.monthly_chart(result),
        charts.cumulative_chart(result, core.cumulative_costs(result)),
        charts.volume_chart(result, volumes, core.volume_sweep(scenario, volumes, precomputed=result), crossings),
        charts.latency_chart(result),
        charts.sensitivity_chart(core.sensitivity(scenario)),
    ]


def test_every_chart_is_a_valid_plotly_figure_with_its_title(scenario, result) -> None:
    figures = every_chart(scenario, result)
    for fig, title in zip(figures, charts.TITLES, strict=True):
        assert validated(fig).layout.title.text.startswith(title)
        assert fig.layout.template.layout.plot_bgcolor == "white"  # the house (plotly_white) style is kept


def test_every_chart_stays_valid_when_prices_are_missing(unpriced) -> None:
    scenario, result = unpriced
    for fig in every_chart(scenario, result):
        validated(fig)


def test_tokens_chart_stacks_each_part_of_the_request() -> None:
    s = core.Scenario(
        workload=core.Workload(instruction_tokens=1000, example_tokens=600, user_tokens=50, output_tokens=70),
        rag=core.RagSettings(top_k=3, chunk_tokens=200),
        fine_tuning=core.FineTuningSettings(kept_instruction_tokens=100, kept_example_tokens=0),
    )
    fig = charts.tokens_chart(core.estimate(s))
    by_name = traces(fig)
    # Order of bars: prompt_only, rag, fine_tuning, hybrid.
    assert list(by_name["Instruction"].x) == [1000, 1000, 100, 100]
    assert list(by_name["Examples"].x) == [600, 600, 0, 0]
    assert list(by_name["Retrieved chunks"].x) == [0, 600, 0, 600]
    assert list(by_name["User's question"].x) == [50, 50, 50, 50]
    assert list(by_name["Answer (output)"].x) == [70, 70, 70, 70]
    assert fig.layout.barmode == "stack"
    assert "tokens" in fig.layout.xaxis.title.text


def test_monthly_chart_bars_add_up_to_the_monthly_cost(result) -> None:
    fig = charts.monthly_chart(result)
    totals = [sum(bars) for bars in zip(*(trace.y for trace in fig.data), strict=True)]
    expected = [est.monthly_usd for est in result.strategies.values()]
    assert totals == pytest.approx(expected)
    assert fig.layout.yaxis.title.text == "USD per month"


def test_money_charts_leave_out_unpriced_strategies_and_say_so(unpriced) -> None:
    _, result = unpriced
    monthly = charts.monthly_chart(result)
    # All four strategies need a price of the unknown model, so no bar is drawn for any of them.
    assert all(len(trace.x) == 0 for trace in monthly.data)
    notes = " ".join(a.text for a in monthly.layout.annotations)
    assert "price is unknown" in notes and "Fine-tuning" in notes
    cumulative = charts.cumulative_chart(result, core.cumulative_costs(result))
    assert len(cumulative.data) == 0
    assert "price is unknown" in cumulative.layout.annotations[0].text


def test_only_the_unpriced_model_is_left_out() -> None:
    # The base model is known; only the fine-tuning offering lacks a price (its training).
    s = core.Scenario(fine_tuning=core.FineTuningSettings(offering=UNPRICED_OFFERING))
    result = core.estimate(s)
    fig = charts.cumulative_chart(result, core.cumulative_costs(result))
    assert {trace.name for trace in fig.data} == {core.STRATEGY_LABELS["prompt_only"], core.STRATEGY_LABELS["rag"]}
    volumes = np.linspace(0, 1e6, 20)
    volume = charts.volume_chart(result, volumes, core.volume_sweep(s, volumes, precomputed=result), [])
    drawn = {trace.name for trace in volume.data}
    assert core.STRATEGY_LABELS["fine_tuning"] not in drawn and core.STRATEGY_LABELS["hybrid"] not in drawn
    for trace in volume.data:
        assert not any(math.isnan(v) for v in trace.y)


def test_cumulative_chart_starts_at_one_time_cost_and_steps_with_retraining() -> None:
    # Hand-computed: 100 examples x 1,000 tokens x 2 epochs = 200,000 training tokens at $3/M = $0.60 a run.
    s = core.Scenario(
        fine_tuning=core.FineTuningSettings(
            offering="openai/gpt-4o-mini",
            training_examples=100,
            tokens_per_example=1000,
            epochs=2,
            retrains_per_year=4,
        ),
        workload=core.Workload(requests_per_month=0),
        horizon_months=6,
        people=core.People(include=False),
    )
    result = core.estimate(s)
    fig = charts.cumulative_chart(result, core.cumulative_costs(result))
    ft = traces(fig)[core.STRATEGY_LABELS["fine_tuning"]]
    assert list(ft.x) == [0, 1, 2, 3, 4, 5, 6]
    # No requests and no retrieval: only training runs cost money, at month 0 and every 3 months.
    assert list(ft.y) == pytest.approx([0.6, 0.6, 0.6, 1.2, 1.2, 1.2, 1.8])
    assert ft.line.shape == "hv"


def test_cumulative_chart_marks_the_month_an_offering_ends() -> None:
    s = core.Scenario(fine_tuning=core.FineTuningSettings(offering="openai/gpt-4.1-mini"))
    result = core.estimate(s, today=datetime.date(2026, 12, 2))
    ends = core.end_months(result)
    assert set(ends) == {"fine_tuning", "hybrid"} and 1 < ends["fine_tuning"] < 2
    fig = charts.cumulative_chart(result, core.cumulative_costs(result), ends)
    fig = go.Figure(fig)  # re-validated
    assert [shape.x0 for shape in fig.layout.shapes] == [ends["fine_tuning"]]
    assert any("the offering ends" in a.text and "Fine-tuning, Hybrid" in a.text for a in fig.layout.annotations)
    plain = charts.cumulative_chart(result, core.cumulative_costs(result))
    assert not plain.layout.shapes


def test_volume_chart_marks_break_even_points_on_the_crossing_lines(scenario, result) -> None:
    crossings = charts.break_even_points(scenario, result)
    assert crossings, "the default scenario has at least one crossing"
    volumes = np.linspace(0, charts.volume_range(result, crossings), 400)
    fig = charts.volume_chart(result, volumes, core.volume_sweep(scenario, volumes, precomputed=result), crossings)
    marks = traces(fig)["Break-even"]
    assert len(marks.x) == len(crossings)
    for (a, b, volume), y, label in zip(crossings, marks.y, marks.text, strict=True):
        for strategy in (a, b):
            est = result.strategies[strategy]
            # The total over the horizon divided by its months, computed from the estimate's parts.
            months = result.horizon_months
            total = est.one_time_usd + months * (est.fixed_monthly_usd + volume * est.cost_per_request_usd)
            assert y == pytest.approx(total / months, rel=1e-9)
        assert " = " in label
    assert fig.layout.xaxis.title.text == "requests per month"
    assert fig.layout.shapes[0].x0 == result.requests_per_month


def test_volume_range_reaches_past_the_furthest_break_even(result) -> None:
    far = [("rag", "hybrid", 5_000_000.0)]
    assert charts.volume_range(result, far) >= 5_000_000
    assert charts.volume_range(result, []) == 2 * result.requests_per_month


def test_latency_chart_parts_add_up_to_the_latency() -> None:
    s = core.Scenario(workload=core.Workload(output_tokens=600), rag=core.RagSettings(retrieval_ms=120.0))
    result = core.estimate(s)
    fig = charts.latency_chart(result)
    bars = [trace for trace in fig.data if trace.type == "bar"]
    totals = [sum(parts) for parts in zip(*(trace.x for trace in bars), strict=True)]
    assert totals == pytest.approx([est.latency_ms for est in result.strategies.values()])
    retrieval = traces(fig)["Retrieval"]
    assert list(retrieval.x) == [0.0, 120.0, 0.0, 120.0]
    assert "milliseconds" in fig.layout.xaxis.title.text


def test_sensitivity_chart_draws_each_input_from_base_gap_to_its_low_and_high_gap(scenario) -> None:
    rows = core.sensitivity(scenario)
    fig = charts.sensitivity_chart(rows)
    low, high = fig.data
    base = rows[0].gap_base_usd
    assert low.base == high.base == base
    for row, label, dx_low, dx_high in zip(rows, low.y, low.x, high.x, strict=True):
        assert label == row.label
        assert base + dx_low == pytest.approx(row.gap_low_usd)
        assert base + dx_high == pytest.approx(row.gap_high_usd)
    assert {shape.x0 for shape in fig.layout.shapes} == {base, 0.0}


def test_sensitivity_chart_without_two_priced_strategies_says_why(unpriced) -> None:
    scenario, _ = unpriced
    fig = charts.sensitivity_chart(core.sensitivity(scenario))
    assert len(fig.data) == 0
    assert "two strategies" in fig.layout.annotations[0].text
