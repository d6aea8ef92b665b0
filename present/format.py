"""How numbers read on screen and in reports: one place, so every page and export agrees.

A value that could not be computed (None, or NaN from the vectorised helpers) reads as words, never as $0.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from functools import wraps

import core

UNKNOWN_PRICE = "price unknown"


def _or(missing: str) -> Callable[[Callable[[float], str]], Callable[[float | None], str]]:
    """Make a formatter say `missing` for a value that could not be computed (None or NaN)."""

    def wrap(formatter: Callable[[float], str]) -> Callable[[float | None], str]:
        @wraps(formatter)
        def formatted(value: float | None) -> str:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return missing
            return formatter(value)

        return formatted

    return wrap


def _symbol(rate: core.ExchangeRate | None) -> str:
    if rate is None:
        return "$"
    # A symbol that ends in a letter (CHF) is kept apart from the number by a space.
    return rate.symbol + " " if rate.symbol[-1:].isalpha() else rate.symbol


def usd(value: float | None, *, cents: bool | None = None, currency: core.ExchangeRate | None = None) -> str:
    """Money: '$1,234', '$12.50', '$0.0042'; 'price unknown' when the value could not be computed.

    `value` is always in US dollars; with `currency` (core.scenario_rate(scenario) or core.exchange_rate(code)) it
    is converted at that rate and written with its symbol: '€1,050', '¥184,370' (yen have no decimals).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNKNOWN_PRICE
    symbol = _symbol(currency)
    if currency is not None:
        value = currency.convert(value)
        if currency.decimals == 0 and abs(value) >= 1:
            return f"{symbol}{value:,.0f}"
    if cents is None:
        cents = abs(value) < 100
    if abs(value) < 0.01 and value != 0:
        return f"{symbol}{value:,.4f}"
    return f"{symbol}{value:,.2f}" if cents else f"{symbol}{value:,.0f}"


@_or("unknown")
def ms(value: float) -> str:
    """Milliseconds under 1 s, seconds above: '850 ms', '2.4 s'."""
    return f"{value:,.0f} ms" if value < 1000 else f"{value / 1000:,.1f} s"


@_or("unknown")
def count(value: float) -> str:
    """A whole count with thousands separators: '1,024'."""
    return f"{value:,.0f}"


@_or("never")
def volume(value: float) -> str:
    """A request volume in short form: '120k', '3.4M'."""
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}"


@_or(UNKNOWN_PRICE)
def per_mtok(value: float) -> str:
    """A token price: '$0.15 per 1M tokens'; 'price unknown' when nobody knows it."""
    return f"${value:,.4g} per 1M tokens"


@_or("unknown")
def bytes_(value: float) -> str:
    """A size in bytes, in binary units: '512 B', '1.5 KiB', '3.2 GiB'; 'unknown' when it could not be computed."""
    for power, suffix in ((4, "TiB"), (3, "GiB"), (2, "MiB"), (1, "KiB")):
        if abs(value) >= 1024**power:
            return f"{value / 1024**power:,.1f} {suffix}"
    return f"{value:,.0f} B"


def usd_per_unit(value: float | None, *, currency: core.ExchangeRate | None = None) -> str:
    """Small per-request amounts with three significant digits ('$0.0203', '$0.0000712'); usd() from 1 unit up.

    `value` is in US dollars; `currency` converts and writes it as usd() does (a fraction of a yen keeps its
    significant digits rather than reading as ¥0)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNKNOWN_PRICE
    shown = currency.convert(value) if currency is not None else value
    if shown == 0 or abs(shown) >= 1:
        return usd(value, currency=currency)
    digits = 2 - math.floor(math.log10(abs(shown)))
    return f"{_symbol(currency)}{shown:,.{digits}f}"


def rate_note(currency: core.ExchangeRate) -> str:
    """Where the figures' currency comes from, in one line ('' for US dollars, the unit prices are in)."""
    if currency.is_usd:
        return ""
    if currency.overridden:
        return f"Figures in {currency.code}, converted from USD at your rate of {currency.per_usd:,.6g} per US dollar."
    return (
        f"Figures in {currency.code}, converted from USD at {currency.per_usd:,.6g} {currency.code} per US dollar "
        f"({currency.source}, {currency.as_of}, {currency.confidence})."
    )


def slug(name: str) -> str:
    """A file name stem from a scenario name: 'Support bot (EU)' -> 'support-bot-eu'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "scenario"


def checked_text(assumption: core.Assumption, today: dt.date | None = None) -> str:
    """When the table a number comes from was last checked, and whether that is too long ago on `today`."""
    if assumption.checked is None:
        return ""
    text = assumption.checked.isoformat()
    return f"{text}: may be out of date" if assumption.out_of_date(today) else text
