"""Showing USD figures in another currency at a dated reference rate (assets/prices/currencies.csv).

Every price and every figure core computes stays in USD; a currency is only applied when a figure is shown. The
table holds the ECB's euro reference rates of one day (units of each currency per euro, as published); the rate per
US dollar is the cross rate through the euro: per_usd = per_eur(currency) / per_eur(USD). A scenario can override
the rate of the currency it shows (`Scenario.currency_rate`, units per US dollar).
"""

from __future__ import annotations

from functools import cache

from core._base import Frozen, read_table
from core._models import DEFAULT_CURRENCY, Scenario

OVERRIDE_SOURCE = "your rate"


class CurrencyRow(Frozen):
    """One currency of the reference-rate table: how it is written and its euro reference rate that day."""

    code: str
    name: str
    symbol: str
    decimals: int
    per_eur: float
    source: str
    as_of: str
    confidence: str


class ExchangeRate(Frozen):
    """How to show USD figures in one currency: units per US dollar, where that rate comes from, how it is written."""

    code: str
    name: str
    symbol: str
    decimals: int  # digits after the decimal point for ordinary amounts (JPY: none)
    per_usd: float
    source: str
    as_of: str
    confidence: str
    overridden: bool = False

    @property
    def is_usd(self) -> bool:
        """True when figures are shown as they are computed, in US dollars."""
        return self.code == DEFAULT_CURRENCY and not self.overridden

    def convert(self, usd: float) -> float:
        """A USD amount in this currency."""
        return usd * self.per_usd


@cache
def currency_table() -> tuple[CurrencyRow, ...]:
    """The reference-rate table, read once."""
    return read_table(CurrencyRow, "prices", "currencies.csv")


def currency_codes() -> tuple[str, ...]:
    """The ISO codes figures can be shown in, USD first."""
    return tuple(row.code for row in currency_table())


def _row(code: str) -> CurrencyRow:
    rows = {row.code: row for row in currency_table()}
    if DEFAULT_CURRENCY not in rows:
        raise RuntimeError("assets/prices/currencies.csv lacks its USD row")
    return rows.get(code.strip().upper(), rows[DEFAULT_CURRENCY])


def exchange_rate(code: str = DEFAULT_CURRENCY, override: float | None = None) -> ExchangeRate:
    """The rate to show figures in `code` (an unknown code shows USD), or `override` units per US dollar."""
    row, usd = _row(code), _row(DEFAULT_CURRENCY)
    rate = ExchangeRate(
        code=row.code,
        name=row.name,
        symbol=row.symbol,
        decimals=row.decimals,
        per_usd=row.per_eur / usd.per_eur,
        source=row.source
        if row.code == DEFAULT_CURRENCY
        else f"{row.source}; per US dollar via the euro "
        f"({row.per_eur:.10g} {row.code} per EUR / {usd.per_eur:.10g} USD per EUR)",
        as_of=row.as_of,
        confidence=row.confidence,
    )
    if override is None:
        return rate
    return rate.model_copy(
        update={"per_usd": override, "source": OVERRIDE_SOURCE, "as_of": "entered by you", "overridden": True}
    )


def scenario_rate(scenario: Scenario) -> ExchangeRate:
    """The currency a scenario's figures are shown in, at its own rate where it overrides one."""
    return exchange_rate(scenario.currency, scenario.currency_rate)
