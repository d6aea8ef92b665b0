"""Every chart's text alternative: the summary line and the data table say what the chart draws, number for number."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

import core
from charts import estimate as charts
from charts.compare import cost_comparison_chart
from charts.data import token_histogram_chart
from charts.decision import matrix_chart
from charts.text import plain, table_number, text_alternative
from harness.apptest import open_page, open_sections
from present import escape
from ui import state

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scenario() -> core.Scenario:
    return core.preset_scenario("support_bot")


@pytest.fixture(scope="module")
def result(scenario: core.Scenario) -> core.Estimate:
    return core.estimate(scenario)


def test_a_small_bar_chart_is_described_with_every_number() -> None:
    fig = go.Figure(
        data=[{"type": "bar", "name": "Cost", "x": ["A", "B", "C"], "y": [1200.0, 3.5, None]}],
        layout={"title": {"text": "Monthly cost<br><sup>a subtitle</sup>"}, "yaxis": {"title": {"text": "USD"}}},
    )
    text = text_alternative(fig)
    assert text.title == "Monthly cost"
    assert text.summary == "Monthly cost (USD): Cost: A 1,200, B 3.5, C unknown."
    assert list(text.table.columns) == ["Item", "Cost"]
    assert text.table["Item"].tolist() == ["A", "B", "C"]
    assert text.table["Cost"].tolist()[:2] == [1200.0, 3.5] and math.isnan(text.table["Cost"].iloc[2])


def test_stacked_monthly_bars_total_to_the_estimates_monthly_cost(result: core.Estimate) -> None:
    text = text_alternative(charts.monthly_chart(result))
    totals = text.table.set_index("Item").sum(axis=1)
    for strategy, est in result.strategies.items():
        assert est.monthly_usd is not None
        label = core.STRATEGY_LABELS[strategy]
        assert totals[label] == pytest.approx(est.monthly_usd)
        # The summary gives each total to the dollar, with the axis's $ sign.
        assert f"{label}: ${est.monthly_usd:,.0f}" in text.summary
    assert text.summary.startswith(f"{charts.MONTHLY_TITLE} (USD per month): totals of 7 parts")


def test_horizontal_latency_bars_keep_the_total_column_out_of_the_sum(result: core.Estimate) -> None:
    text = text_alternative(charts.latency_chart(result))
    table = text.table.set_index("Item")
    for strategy, est in result.strategies.items():
        label = core.STRATEGY_LABELS[strategy]
        assert table.loc[label, "Total"] == pytest.approx(est.latency_ms)
        assert table.loc[label].drop("Total").sum() == pytest.approx(est.latency_ms)
        assert f"{label}: {est.latency_ms:,.0f}" in text.summary
    assert "unknown" not in text.summary


def test_line_chart_gives_each_series_first_and_last_value(result: core.Estimate) -> None:
    cumulative = core.cumulative_costs(result)
    text = text_alternative(charts.cumulative_chart(result, cumulative))
    assert text.table.columns[0] == "Months from launch"
    assert text.table["Months from launch"].tolist() == list(range(result.horizon_months + 1))
    for strategy, values in cumulative.items():
        label = core.STRATEGY_LABELS[strategy]
        assert text.table[label].tolist() == pytest.approx(list(values))
        first, last = values[0], values[-1]
        assert f"{label}: ${first:,.0f} at 0 to ${last:,.0f} at {result.horizon_months}" in text.summary


def test_a_sweep_drawn_from_numpy_arrays_reads_like_a_list(scenario: core.Scenario, result: core.Estimate) -> None:
    crossings = charts.break_even_points(scenario, result)
    volumes = np.linspace(0.0, charts.volume_range(result, crossings), 20)
    sweep = core.volume_sweep(scenario, volumes, precomputed=result)
    text = text_alternative(charts.volume_chart(result, volumes, sweep, crossings))
    # Every swept volume is a row, in order (the break-even markers add their own volumes between them).
    column = text.table.iloc[:, 0].tolist()
    assert [v for v in column if v in set(volumes)] == list(volumes)
    assert text.summary.startswith(charts.VOLUME_TITLE)
    assert " at 0 to " in text.summary  # each line from no traffic to the end of the sweep


def test_the_training_file_histogram_lists_its_counts() -> None:
    lines = [
        json.dumps({"messages": [{"role": "user", "content": "Hi " * i}, {"role": "assistant", "content": "Ok " * i}]})
        for i in range(1, 30)
    ]
    report = core.analyze_jsonl("\n".join(lines).encode())
    text = text_alternative(token_histogram_chart(report))
    assert report.n_examples == 29 and text.table["examples"].sum() == 29
    assert text.summary.startswith("How long the training examples are (examples): examples: ")


def test_bars_drawn_from_a_base_show_the_value_itself(scenario: core.Scenario) -> None:
    rows = core.sensitivity(scenario)
    text = text_alternative(charts.sensitivity_chart(rows))
    usable = [r for r in rows if math.isfinite(r.gap_low_usd) and math.isfinite(r.gap_high_usd)]
    assert text.table["input at -50 %"].tolist() == pytest.approx([r.gap_low_usd for r in usable])
    assert text.table["input at +50 %"].tolist() == pytest.approx([r.gap_high_usd for r in usable])
    assert f"Marked on the chart: today: ${usable[0].gap_base_usd:,.0f}" in text.summary


def test_the_matrix_summary_names_each_options_weighted_score(scenario: core.Scenario) -> None:
    weighted = core.matrix_scores(scenario.priorities)
    text = text_alternative(matrix_chart(core.DECISION_MATRIX, scenario.priorities, weighted))
    for strategy in core.MATRIX_STRATEGIES:
        assert f"weighted {weighted[strategy]:.1f} / 5" in text.summary
    assert len(text.table) == len(core.DECISION_MATRIX)


def test_an_unpriced_strategy_is_unknown_never_zero() -> None:
    fig = go.Figure(data=[{"type": "bar", "name": "Fine-tuning", "x": ["A", "B"], "y": [None, None]}])
    text = text_alternative(fig)
    assert text.summary == "Chart: Fine-tuning: unknown."
    assert text.table["Fine-tuning"].isna().all()


def test_a_chart_without_data_says_so_with_its_notes(scenario: core.Scenario) -> None:
    text = text_alternative(charts.sensitivity_chart([]))
    assert (
        text.summary == f"{charts.SENSITIVITY_TITLE}: no data to show. Needs at least two strategies with known prices."
    )
    assert text.table.empty


def test_hostile_scenario_names_come_out_as_plain_text(result: core.Estimate) -> None:
    name = '<img src=x onerror=alert(1)> [link](javascript:alert(1)) =HYPERLINK("x")'
    text = text_alternative(cost_comparison_chart([(name, result), ("Second", result)], ["rag", "hybrid"]))
    assert name in text.summary and text.table["Item"].tolist()[0] == name  # shown as typed, not as markup
    assert "&lt;" not in text.summary and "recommended: " not in text.summary  # the label's second line is left out
    shown = escape.streamlit(text.summary)  # what ui.figures draws: no tag, link or emphasis survives
    assert "\\<img" in shown and "\\[link\\]\\(javascript" in shown
    assert not re.search(r"(?<!\\)[<\[]", shown)


def test_plain_drops_plotly_markup_and_long_numbers_read_grouped() -> None:
    assert plain("a &amp; b<br><span style='x'>c</span>") == "a & b c"
    assert [table_number(v) for v in (1234567.891, 12.345, 0.000123, 7.0)] == ["1,234,568", "12.35", "0.000123", "7"]


def test_every_chart_is_drawn_with_its_text_alternative() -> None:
    # The one way to draw a chart is ui.figures.show, and each chart's data table is a listed on-demand section.
    sources = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]
    direct = [p.name for p in sources if p.name != "figures.py" and "st.plotly_chart(" in p.read_text()]
    assert direct == []
    keys = sorted(k for p in sources for k in re.findall(r'figures\.show\((?:.|\n)*?key="([^"]+)"', p.read_text()))
    assert keys == sorted(state.CHART_KEYS)


def test_the_diagnose_page_draws_the_summary_and_the_table_once_opened(scenario: core.Scenario) -> None:
    at = open_page("diagnose.py")
    summary = text_alternative(
        matrix_chart(core.DECISION_MATRIX, core.Scenario().priorities, core.matrix_scores(core.Scenario().priorities))
    ).summary
    assert escape.streamlit(summary) in [c.value for c in at.caption]
    tables = len(open_sections(at).table)
    data = next(e for e in at.expander if e.label.startswith("Data of the chart"))
    assert data.children and tables == 2 + len(core.RESEARCH)
