"""A chart's text alternative: one line saying what it shows with its key numbers, and its data as a table.

Read from the figure itself (bar and scatter traces, the title, the axes and the notes drawn on it), so it works for
every chart the app draws, and a new chart gets one without code of its own.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

_TAG = re.compile(r"<[^>]*>")
# Up to this many bars or points per series, the summary names each; above it, only the extremes.
LISTED_VALUES = 4
# Notes drawn on the chart (break-even, limits, "not priced") quoted in the summary, at most.
LISTED_NOTES = 3


class _Series(NamedTuple):
    name: str
    categories: list[object]
    values: list[float | None]


@dataclass(frozen=True)
class ChartText:
    """What a screen reader (or someone who cannot tell the colours apart) reads instead of the chart.

    The table is built when asked for: a page draws it only while its expander is open.
    """

    title: str
    summary: str
    category_title: str
    series: tuple[_Series, ...]

    @property
    def table(self) -> pd.DataFrame:
        """One row per category (in the chart's order), one column per series; a missing value is NaN."""
        return _table(self.series, self.category_title)


def plain(text: object) -> str:
    """Plotly's label markup (<br>, <b>, <span>, entities) as plain text on one line."""
    return " ".join(html.unescape(_TAG.sub(" ", str(text or ""))).split())


def _title(layout: dict[str, Any]) -> str:
    title = layout.get("title")
    text = title.get("text", "") if isinstance(title, dict) else title
    return plain(str(text or "").split("<br>")[0]) or "Chart"


def _axis(layout: dict[str, Any], name: str) -> dict[str, Any]:
    axis = layout.get(name)
    return axis if isinstance(axis, dict) else {}


def _axis_title(axis: dict[str, Any]) -> str:
    title = axis.get("title")
    return plain(title.get("text", "") if isinstance(title, dict) else title)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value) if math.isfinite(value) else None


def _format(value: float | None, prefix: str) -> str:
    if value is None:
        return "unknown"
    digits = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    return f"{sign}{prefix}{digits}"


def table_number(value: float) -> str:
    """A number as the data table shows it: grouped thousands, cents below a thousand, 3 digits below one."""
    if value.is_integer() or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"


def _category(value: object) -> object:
    """A bar's or point's label: a number as a number, else its first line (a second line is a remark, such as a
    scenario's recommendation, that the table's other columns already hold)."""
    number = _number(value)
    if number is not None:
        return int(number) if number.is_integer() else number
    return plain(str(value).split("<br>")[0])


def _listed(values: Any) -> list[Any]:
    """A trace's x or y (a list, a tuple, a numpy array or nothing) as a list."""
    return [] if values is None else list(values)


def _series(trace: dict[str, Any], index: int, horizontal: bool) -> _Series | None:
    """One trace as (name, categories, values); None for a trace that holds no data (an empty note).

    `horizontal`: the chart's bars lie along x, so its categories are on y (for its line and text traces too)."""
    categories = _listed(trace.get("y" if horizontal else "x"))
    raw = _listed(trace.get("x" if horizontal else "y"))
    if not raw:
        return None
    if not categories:
        categories = list(range(len(raw)))
    base = _number(trace.get("base"))
    values = [None if (v := _number(value)) is None else v + (base or 0.0) for value in raw]
    name = plain(trace.get("name")) or f"Series {index + 1}"
    return _Series(name, [_category(c) for c in categories], values)


def _table(series: Sequence[_Series], category_title: str) -> pd.DataFrame:
    """One row per category (in the chart's order), one column per series; a missing value is NaN."""
    order: list[object] = []
    for item in series:
        order += [c for c in item.categories if c not in order]
    columns: dict[str, list[float | None]] = {}
    for item in series:
        name = item.name
        while name in columns or name == category_title:
            name += " "
        by_category = dict(zip(item.categories, item.values, strict=False))
        columns[name] = [by_category.get(c) for c in order]
    return pd.DataFrame({category_title: order, **columns}).astype({name: "float64" for name in columns})


def _stacked_summary(series: Sequence[_Series], prefix: str) -> str:
    """Each bar's total (its known parts added; unknown when none is known)."""
    totals: dict[object, float | None] = {}
    for item in series:
        for category, value in zip(item.categories, item.values, strict=False):
            known = totals.get(category)
            totals[category] = known if value is None else (known or 0.0) + value
    parts = [f"{category}: {_format(total, prefix)}" for category, total in totals.items()]
    return f"totals of {len(series)} parts — " + "; ".join(parts)


def _shares_summary(series: Sequence[_Series]) -> str:
    """Each bar's parts as shares of it (a chart whose axis reads in per cent: its totals are all 100 %)."""
    parts: dict[object, list[str]] = {}
    for item in series:
        for category, value in zip(item.categories, item.values, strict=False):
            if value:
                parts.setdefault(category, []).append(f"{item.name} {value:.0%}")
    return "; ".join(f"{category}: {', '.join(shares)}" for category, shares in parts.items())


def _series_summary(item: _Series, prefix: str, numeric_categories: bool) -> str:
    pairs = [(c, v) for c, v in zip(item.categories, item.values, strict=False)]
    known = [(c, v) for c, v in pairs if v is not None]
    if not known:
        return f"{item.name}: unknown"
    if numeric_categories and len(pairs) > LISTED_VALUES:
        (first_c, first_v), (last_c, last_v) = known[0], known[-1]
        return f"{item.name}: {_format(first_v, prefix)} at {first_c} to {_format(last_v, prefix)} at {last_c}"
    if len(pairs) > LISTED_VALUES:
        high = max(known, key=lambda pair: pair[1])
        low = min(known, key=lambda pair: pair[1])
        return f"{item.name}: highest {high[0]} {_format(high[1], prefix)}, lowest {low[0]} {_format(low[1], prefix)}"
    listed = ", ".join(f"{c} {_format(v, prefix)}" for c, v in pairs)
    return f"{item.name}: {listed}"


def text_alternative(fig: go.Figure) -> ChartText:
    """The chart's summary line (title, what the axes measure, key numbers, notes drawn on it) and its data."""
    # The figure's own property dicts, read without copying: to_dict() deep-copies and base64-encodes arrays,
    # which cost ten times what building the figure costs.
    layout: dict[str, Any] = dict(fig._layout or {})
    traces: list[dict[str, Any]] = [dict(trace) for trace in fig._data or []]
    horizontal = any(trace.get("orientation") == "h" for trace in traces)
    series = [s for i, trace in enumerate(traces) if (s := _series(trace, i, horizontal)) is not None]
    category_axis = _axis(layout, "yaxis" if horizontal else "xaxis")
    value_axis = _axis(layout, "xaxis" if horizontal else "yaxis")
    category_title = _axis_title(category_axis).capitalize() or "Item"
    prefix = str(value_axis.get("tickprefix") or "")
    unit = _axis_title(value_axis)
    title = _title(layout)
    notes = [plain(note.get("text")) for note in layout.get("annotations") or [] if isinstance(note, dict)]
    noted = "; ".join([note for note in notes if note][:LISTED_NOTES])
    if not series:
        empty = f"{title}: no data to show." + (f" {noted}." if noted else "")
        return ChartText(title, empty, category_title, ())
    stacked = layout.get("barmode") in ("stack", "relative") and len(series) > 1
    if stacked and "%" in str(value_axis.get("tickformat") or ""):
        numbers = _shares_summary(series)
    elif stacked:
        numbers = _stacked_summary([s for s in series if s.name != "Total"], prefix)
    else:
        numeric = all(isinstance(c, int | float) for s in series for c in s.categories)
        numbers = "; ".join(_series_summary(item, prefix, numeric) for item in series)
    measured = f" ({unit})" if unit else ""
    summary = f"{title}{measured}: {numbers}." + (f" Marked on the chart: {noted}." if noted else "")
    return ChartText(title, summary, category_title, tuple(series))
