"""Charts of the Estimate page: where tokens, dollars and milliseconds go for each strategy.

Every builder is pure: core results in, a plotly Figure out. A strategy whose price is unknown is never drawn
as $0: the money charts leave it out and say so in a note above the plot.

Speed: the figures are built from plain dicts with plotly's validation off (`charts.theme.figure`); the unit
tests re-validate every figure so a typo still fails.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

import core
from charts.theme import STRATEGY_COLORS, figure
from present import format as fmt
from present.costs import monthly_by_cause

TOKENS_TITLE = "Where each request's tokens go"
MONTHLY_TITLE = "What a month costs, by cause"
CUMULATIVE_TITLE = "Money spent month by month"
VOLUME_TITLE = "Monthly cost against request volume"
LATENCY_TITLE = "Where a user's wait goes"
SENSITIVITY_TITLE = "What moves the gap between the two cheapest"
TITLES = (TOKENS_TITLE, MONTHLY_TITLE, CUMULATIVE_TITLE, VOLUME_TITLE, LATENCY_TITLE, SENSITIVITY_TITLE)

# Segment colours for parts of a request (not strategies), distinct from the strategy palette.
_PART_COLORS = ("#4e79a7", "#a0cbe8", "#59a14f", "#f28e2b", "#b07aa1", "#ff9da7")
_COST_COLORS = ("#4e79a7", "#59a14f", "#8cd17d", "#f28e2b", "#b6992d", "#bab0ac", "#e15759")
_LATENCY_COLORS = ("#59a14f", "#bab0ac", "#4e79a7", "#ff9da7", "#f28e2b")
_WARNING_COLOR = "#b00020"
# Short names where a label must fit beside a point.
_SHORT = core.SHORT_LABELS
_MARK_COLOR = "#333333"

Layout = dict[str, Any]


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title}, **extra}


def _labels(strategies: Sequence[core.Strategy]) -> list[str]:
    return [core.STRATEGY_LABELS[s] for s in strategies]


def _note(text: str) -> dict[str, Any]:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0.0,
        "y": 1.02,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"color": _WARNING_COLOR},
    }


def _unpriced_notes(names: Sequence[core.Strategy]) -> list[dict[str, Any]]:
    """An annotation naming the strategies left out because a price is unknown (none when all are drawn)."""
    if not names:
        return []
    return [_note("Not drawn, a price is unknown: " + ", ".join(core.STRATEGY_LABELS[s] for s in names))]


def _vline(x: float, text: str, *, dash: str = "solid", color: str = _MARK_COLOR) -> tuple[dict[str, Any], ...]:
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"dash": dash, "color": color},
    }
    if not text:
        return (shape,)
    label = {
        "text": text,
        "xref": "x",
        "yref": "paper",
        "x": x,
        "y": 1.0,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
    }
    return shape, label


# One request's tokens and wait, part by part: (legend label, field of the strategy's tokens / latency).
TOKEN_PARTS = (
    ("Instruction", "instruction_tokens"),
    ("Examples", "example_tokens"),
    ("Retrieved chunks", "retrieved_tokens"),
    ("User's question", "user_tokens"),
    ("Answer (output)", "output_tokens"),
    ("Reasoning (hidden, billed as output)", "reasoning_tokens"),
)
LATENCY_PARTS = (
    ("Retrieval", "retrieval_ms"),
    ("Model start (base time to first token)", "base_ttft_ms"),
    ("Reading the prompt (prefill)", "prefill_ms"),
    ("Reasoning before the answer", "reasoning_ms"),
    ("Writing the answer (generation)", "generation_ms"),
)


def _part_bars(
    result: core.Estimate,
    breakdown: str,
    parts: tuple[tuple[str, str], ...],
    colors: Sequence[str],
    hover: str,
    customdata: list[str] | None = None,
) -> list[dict[str, Any]]:
    """One horizontal bar trace per part of each strategy's `breakdown` ("tokens" or "latency"), to be stacked;
    `hover` follows the part's label."""
    names = list(result.strategies)
    return [
        {
            "type": "bar",
            "name": label,
            "y": _labels(names),
            "x": [getattr(getattr(result.strategies[s], breakdown), field) for s in names],
            "orientation": "h",
            "marker": {"color": color},
            **({"customdata": customdata} if customdata is not None else {}),
            "hovertemplate": f"{label}: {hover}<extra></extra>",
        }
        for (label, field), color in zip(parts, colors, strict=True)
    ]


def tokens_chart(result: core.Estimate) -> go.Figure:
    """Stacked horizontal bars: tokens of one request by part (instruction, examples, retrieved, user, output)."""
    names = list(result.strategies)
    cached = [fmt.count(result.strategies[s].tokens.cached_tokens) for s in names]
    hover = "%{x:,} tokens<br>read from cache per request: %{customdata}"
    data = _part_bars(result, "tokens", TOKEN_PARTS, _PART_COLORS, hover, customdata=cached)
    layout = {
        "barmode": "stack",
        "xaxis": _axis("tokens per request", tickformat=","),
        "yaxis": {"autorange": "reversed"},
    }
    return figure(data, layout, title=TOKENS_TITLE, height=380)


def monthly_chart(result: core.Estimate) -> go.Figure:
    """Stacked bars of one month's cost by cause: requests, vector database, re-embedding, retraining, serving the
    tuned model (hosting fee, GPUs or capacity units), its storage, and people's upkeep."""
    priced = [s for s, est in result.strategies.items() if est.monthly_usd is not None]
    unpriced = [s for s in result.strategies if s not in priced]
    data = [
        {
            "type": "bar",
            "name": label,
            "x": _labels(priced),
            "y": [values[s] for s in priced],
            "marker": {"color": color},
            "hovertemplate": f"{label}: $%{{y:,.2f}} per month<extra></extra>",
        }
        for (label, values), color in zip(monthly_by_cause(result).items(), _COST_COLORS, strict=True)
    ]
    layout = {
        "barmode": "stack",
        "yaxis": _axis("USD per month", tickprefix="$", tickformat=","),
        "annotations": _unpriced_notes(unpriced),
    }
    return figure(data, layout, title=MONTHLY_TITLE, height=400)


def cumulative_chart(
    result: core.Estimate,
    cumulative: Mapping[core.Strategy, Sequence[float]],
    ends: Mapping[core.Strategy, float] | None = None,
) -> go.Figure:
    """Cumulative USD by month (from `core.cumulative_costs`): one-time costs at month 0, retraining as steps, and
    a dashed line where a fine-tuning offering stops (from `core.end_months`)."""
    data = []
    unpriced: list[core.Strategy] = []
    for strategy, values in cumulative.items():
        if not values or any(math.isnan(v) for v in values):
            unpriced.append(strategy)
            continue
        label = core.STRATEGY_LABELS[strategy]
        data.append(
            {
                "type": "scatter",
                "name": label,
                "x": list(range(len(values))),
                "y": list(values),
                "mode": "lines+markers",
                "line": {"shape": "hv", "color": STRATEGY_COLORS[strategy], "width": 3},
                "marker": {"size": 6},
                "hovertemplate": f"{label}: $%{{y:,.0f}} by month %{{x}}<extra></extra>",
            }
        )
    shapes, marks = [], []
    for month in sorted(set((ends or {}).values())):
        which = ", ".join(_SHORT[s] for s, m in (ends or {}).items() if m == month)
        shape, mark = _vline(month, f"{which}: the offering ends", dash="dash", color=_WARNING_COLOR)
        shapes.append(shape)
        marks.append({**mark, "font": {"color": _WARNING_COLOR}})
    layout = {
        "xaxis": _axis("months from launch", dtick=1 if result.horizon_months <= 24 else None),
        "yaxis": _axis("USD spent so far", tickprefix="$", tickformat=","),
        "shapes": shapes,
        "annotations": [*marks, *_unpriced_notes(unpriced)],
    }
    subtitle = "month 0 = set-up (people's time, corpus embedding, first training); each step up is a retraining run"
    return figure(data, layout, title=CUMULATIVE_TITLE, subtitle=subtitle)


def break_even_points(
    scenario: core.Scenario, result: core.Estimate
) -> list[tuple[core.Strategy, core.Strategy, float]]:
    """(a, b, monthly requests) for every pair of priced strategies whose horizon costs cross above 0."""
    priced = [s for s, est in result.strategies.items() if est.total_usd is not None]
    points = []
    for i, a in enumerate(priced):
        for b in priced[i + 1 :]:
            volume = core.break_even_requests(scenario, a, b, precomputed=result)
            if volume is not None:
                points.append((a, b, volume))
    return points


def volume_range(result: core.Estimate, break_evens: Sequence[tuple[core.Strategy, core.Strategy, float]]) -> float:
    """The largest request volume worth plotting: twice today's volume or past the furthest break-even."""
    furthest = max((v for _, _, v in break_evens), default=0.0)
    return max(2.0 * result.requests_per_month, 1.25 * furthest, 1000.0)


def volume_chart(
    result: core.Estimate,
    volumes: npt.NDArray[np.float64],
    sweep: Mapping[core.Strategy, npt.NDArray[np.float64]],
    break_evens: Sequence[tuple[core.Strategy, core.Strategy, float]],
) -> go.Figure:
    """Average monthly cost (one-time costs spread over the horizon) against monthly requests.

    With one-time costs spread over the horizon, two lines cross exactly at their horizon break-even volume,
    so the marked points sit on the crossings. `sweep` is `core.volume_sweep` over `volumes`.
    """
    horizon = result.horizon_months
    data: list[dict[str, Any]] = []
    unpriced: list[core.Strategy] = []
    lines: dict[core.Strategy, npt.NDArray[np.float64]] = {}
    for strategy, monthly in sweep.items():
        one_time = result.strategies[strategy].one_time_usd
        if one_time is None or bool(np.isnan(monthly).any()):
            unpriced.append(strategy)
            continue
        lines[strategy] = monthly + one_time / horizon
        label = core.STRATEGY_LABELS[strategy]
        data.append(
            {
                "type": "scatter",
                "name": label,
                "x": volumes,
                "y": lines[strategy],
                "mode": "lines",
                "line": {"color": STRATEGY_COLORS[strategy], "width": 3},
                "hovertemplate": f"{label}: $%{{y:,.0f}} per month at %{{x:,.0f}} requests<extra></extra>",
            }
        )
    shown = [(a, b, v) for a, b, v in break_evens if a in lines and b in lines and v <= float(volumes[-1])]
    if shown:
        data.append(
            {
                "type": "scatter",
                "name": "Break-even",
                "x": [v for _, _, v in shown],
                # Computed at the crossing itself: replica steps make the lines piecewise, not straight.
                "y": [
                    float(core.monthly_at(result.strategies[a], [v])[0])
                    + (result.strategies[a].one_time_usd or 0.0) / horizon
                    for a, _, v in shown
                ],
                "mode": "markers+text",
                "marker": {"symbol": "diamond", "size": 13, "color": "#222222"},
                "text": [f"{_SHORT[a]} = {_SHORT[b]} at {fmt.volume(v)}" for a, b, v in shown],
                "textposition": "top right",
                "cliponaxis": False,
                "textfont": {"size": 12},
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    shape, label = _vline(
        result.requests_per_month, f"today: {fmt.volume(result.requests_per_month)}/month", dash="dot"
    )
    layout = {
        "xaxis": _axis("requests per month", tickformat=",.2s", rangemode="tozero"),
        "yaxis": _axis("USD per month", tickprefix="$", tickformat=",", rangemode="tozero"),
        "shapes": [shape],
        "annotations": [label, *_unpriced_notes(unpriced)],
    }
    subtitle = f"one-time costs spread over {horizon} months, so crossings are the break-even volumes"
    return figure(data, layout, title=VOLUME_TITLE, height=480, subtitle=subtitle)


def latency_chart(result: core.Estimate) -> go.Figure:
    """Stacked horizontal bars of one request's wait: retrieval, model start, reading the prompt, writing."""
    names = list(result.strategies)
    data = _part_bars(result, "latency", LATENCY_PARTS, _LATENCY_COLORS, "%{x:,.0f} ms")
    data.append(
        {
            "type": "scatter",
            "name": "Total",
            "y": _labels(names),
            "x": [result.strategies[s].latency_ms for s in names],
            "mode": "text",
            "text": [f"  {_wait(result.strategies[s])}" for s in names],
            "textposition": "middle right",
            "showlegend": False,
            "hoverinfo": "skip",
        }
    )
    longest = max((result.strategies[s].latency_ms for s in names), default=0.0)
    layout = {
        "barmode": "stack",
        "xaxis": _axis("milliseconds per request", tickformat=",", range=[0, longest * 1.18 or 1.0]),
        "yaxis": {"autorange": "reversed"},
    }
    return figure(data, layout, title=LATENCY_TITLE, height=380)


def _wait(est: core.StrategyEstimate) -> str:
    if est.latency.batch_window:
        return f"batch: results {est.latency.batch_window}"
    return fmt.ms(est.latency_ms)


def sensitivity_chart(rows: Sequence[core.SensitivityRow]) -> go.Figure:
    """Tornado: each input at -50 % and +50 %, and what that does to the horizon-cost gap of the two cheapest.

    Below zero the order flips (the dearer one becomes cheaper). Rows that could not be priced are left out.
    """
    usable = [r for r in rows if math.isfinite(r.gap_low_usd) and math.isfinite(r.gap_high_usd)]
    if not usable:
        note = {**_note("Needs at least two strategies with known prices"), "x": 0.5, "y": 0.5, "xanchor": "center"}
        return figure([], {"annotations": [note]}, title=SENSITIVITY_TITLE, height=300)
    first = usable[0]
    cheaper, dearer = _SHORT[first.cheaper], _SHORT[first.dearer]
    base = first.gap_base_usd
    labels = [r.label for r in usable]
    data = [
        {
            "type": "bar",
            "name": name,
            "y": labels,
            "x": [v - base for v in values],
            "base": base,
            "orientation": "h",
            "marker": {"color": color},
            "customdata": values,
            "hovertemplate": f"%{{y}}, {name}: gap $%{{customdata:,.0f}}<extra></extra>",
        }
        for name, values, color in (
            ("input at -50 %", [r.gap_low_usd for r in usable], "#76b7b2"),
            ("input at +50 %", [r.gap_high_usd for r in usable], "#e15759"),
        )
    ]
    today_line, today_label = _vline(base, f"today: {fmt.usd(base)}")
    (flip_line,) = _vline(0.0, "", dash="dash", color=_WARNING_COLOR)
    layout = {
        "barmode": "overlay",
        "xaxis": _axis("gap in USD over the horizon", tickprefix="$", tickformat=","),
        "yaxis": {"autorange": "reversed"},
        "shapes": [today_line, flip_line],
        "annotations": [today_label],
    }
    subtitle = f"{dearer} minus {cheaper}, inputs at ±50 %; left of the dashed line the order flips"
    return figure(data, layout, title=SENSITIVITY_TITLE, height=max(420, 90 + 34 * len(usable)), subtitle=subtitle)


def report_figures(result: core.Estimate) -> dict[str, go.Figure]:
    """The report's charts for one scenario: monthly cost by cause, spending over time, a request's wait."""
    return {
        "Monthly cost": monthly_chart(result),
        "Cumulative cost": cumulative_chart(result, core.cumulative_costs(result), core.end_months(result)),
        "Latency": latency_chart(result),
    }
