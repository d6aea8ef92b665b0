"""Several scenarios side by side: monthly cost and latency of each strategy, one group of bars per scenario."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

import core
from charts.theme import STRATEGY_COLORS, figure
from present import escape
from present import format as fmt

# Above this ratio between the largest and smallest cost a linear axis flattens the small scenarios.
LOG_SCALE_RATIO = 30.0
OUTLINE_COLOR = "#1f2933"


def scenario_labels(names: Sequence[str], recommended: Sequence[core.Strategy] | None = None) -> list[str]:
    """Axis labels: each name escaped (plotly reads a little HTML) and made unique, with the recommendation."""
    labels: list[str] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        text = escape.html(name.strip() or "Unnamed scenario")
        seen[text] = seen.get(text, 0) + 1
        if seen[text] > 1:
            text = f"{text} ({seen[text]})"
        if recommended is not None:
            label = escape.html(core.STRATEGY_LABELS[recommended[index]])
            text += f'<br><span style="font-size:13px">recommended: {label}</span>'
        labels.append(text)
    return labels


def _outline(strategy: core.Strategy, recommended: Sequence[core.Strategy] | None, count: int) -> dict[str, object]:
    """A dark outline on the bar of each scenario's recommended strategy (none when not given)."""
    widths = [0.0] * count if recommended is None else [3.0 if r == strategy else 0.0 for r in recommended]
    return {"line": {"width": widths, "color": OUTLINE_COLOR}}


def _use_log_axis(values: list[float | None]) -> bool:
    positive = [v for v in values if v is not None and v > 0]
    return len(positive) > 1 and max(positive) / min(positive) > LOG_SCALE_RATIO


def cost_comparison_chart(
    items: Sequence[tuple[str, core.Estimate]],
    recommended: Sequence[core.Strategy] | None = None,
) -> go.Figure:
    """Grouped bars of monthly cost per strategy for each (name, estimate); hover adds the horizon total.

    The y axis turns logarithmic (and says so) when the scenarios differ by more than LOG_SCALE_RATIO.
    """
    labels = scenario_labels([name for name, _ in items], recommended)
    data: list[dict[str, object]] = []
    all_values: list[float | None] = []
    for strategy in core.STRATEGIES:
        runs = [result.strategies[strategy] for _, result in items]
        values = [run.monthly_usd for run in runs]
        all_values += values
        data.append(
            {
                "type": "bar",
                "name": core.STRATEGY_LABELS[strategy],
                "x": labels,
                "y": values,
                "marker": {"color": STRATEGY_COLORS[strategy], **_outline(strategy, recommended, len(items))},
                "text": [fmt.usd(v) for v in values],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [
                    [fmt.usd(run.total_usd), result.horizon_months, fmt.usd(run.cost_per_request_usd)]
                    for run, (_, result) in zip(runs, items, strict=True)
                ],
                "hovertemplate": (
                    f"{escape.html(core.STRATEGY_LABELS[strategy])}<br>%{{text}} per month<br>"
                    "%{customdata[0]} over %{customdata[1]} months<br>%{customdata[2]} per request<extra></extra>"
                ),
            }
        )
    log = _use_log_axis(all_values)
    layout = {
        "barmode": "group",
        "bargap": 0.2,
        "uniformtext": {"minsize": 10, "mode": "hide"},
        "yaxis": {
            "title": {"text": "USD per month" + (" (log scale)" if log else "")},
            "type": "log" if log else "linear",
            "tickprefix": "$",
            "separatethousands": True,
        },
        "legend": _legend(recommended),
        "xaxis": {"automargin": True},
        # Room above the bars for the title and a legend of up to five lines (four strategies and its heading, as it
        # wraps on a phone): title and legend each push the margin but do not stack, so the room is set here.
        "margin": {"t": 150},
        "title": {"yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 10}},
    }
    return figure(data, layout, title="Monthly cost of each strategy, by scenario", height=480)


def _legend(recommended: Sequence[core.Strategy] | None) -> dict[str, object]:
    """Above the bars (on a phone the scenario names turn sideways under the axis and would run into it), headed by
    the key to the outline: in the legend it grows with it, where a subtitle was overlapped on a phone."""
    legend: dict[str, object] = {"y": 1.02, "yanchor": "bottom"}
    if recommended:
        legend["title"] = {"text": "outlined: recommended", "side": "top"}
    return legend


def latency_comparison_chart(
    items: Sequence[tuple[str, core.Estimate]],
    recommended: Sequence[core.Strategy] | None = None,
) -> go.Figure:
    """Grouped bars of the time one request takes (seconds) per strategy; hover adds the time to first token."""
    labels = scenario_labels([name for name, _ in items], recommended)
    data: list[dict[str, object]] = []
    for strategy in core.STRATEGIES:
        runs = [result.strategies[strategy] for _, result in items]
        data.append(
            {
                "type": "bar",
                "name": core.STRATEGY_LABELS[strategy],
                "x": labels,
                "y": [run.latency_ms / 1000 for run in runs],
                "marker": {"color": STRATEGY_COLORS[strategy], **_outline(strategy, recommended, len(items))},
                "text": [fmt.ms(run.latency_ms) for run in runs],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [fmt.ms(run.ttft_ms) for run in runs],
                "hovertemplate": (
                    f"{escape.html(core.STRATEGY_LABELS[strategy])}<br>%{{text}} per request"
                    "<br>first token after %{customdata}<extra></extra>"
                ),
            }
        )
    layout = {
        "barmode": "group",
        "bargap": 0.2,
        "uniformtext": {"minsize": 10, "mode": "hide"},
        "yaxis": {"title": {"text": "seconds per request"}, "rangemode": "tozero"},
        "legend": _legend(recommended),
        "xaxis": {"automargin": True},
        # Room above the bars for the title and a legend of up to five lines (four strategies and its heading, as it
        # wraps on a phone): title and legend each push the margin but do not stack, so the room is set here.
        "margin": {"t": 150},
        "title": {"yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 10}},
    }
    return figure(data, layout, title="Time one request takes, by scenario", height=480)
