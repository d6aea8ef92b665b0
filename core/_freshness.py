"""How fresh the market data is: when each table in assets/ was last checked, and what counts as out of date.

A table's *last-checked* date (assets/market_checks.json) is when someone compared it with its sources; each row's
own `as_of` is when its source said so, which can be much older for a number that has not changed. The market data's
check date is the OLDEST table's last-checked date, so the age shown on screen is never better than the weakest
table. A check older than `stale_after_days` (90) on the day the app is viewed marks the table "may be out of date".

`today` is always passed in (the ui reads the clock in one place); None means the real date.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

from core._base import Frozen, asset_path


class MarketTable(Frozen):
    """One market table and when it was last checked against its sources."""

    table: str  # in words: "fine-tuning offerings"
    path: str  # under assets/
    last_checked: dt.date
    note: str = ""


class _Checks(Frozen):
    about: str = ""
    stale_after_days: int
    stale_after_days_source: str
    tables: tuple[MarketTable, ...]


@cache
def _checks() -> _Checks:
    return _Checks.model_validate(json.loads(asset_path("market_checks.json").read_text(encoding="utf-8")))


def market_tables() -> tuple[MarketTable, ...]:
    """Every market table with its last-checked date, in the file's order."""
    return _checks().tables


def stale_after_days() -> int:
    """How many days after its last check a table is shown as "may be out of date"."""
    return _checks().stale_after_days


def market_checked_on() -> dt.date:
    """The market data's check date: the oldest last-checked date among the tables."""
    return min(t.last_checked for t in market_tables())


def market_age_days(today: dt.date | None = None) -> int:
    """Days from the market data's check date (the oldest table's last check) to `today`; 0 before it."""
    return max(0, ((today or dt.date.today()) - market_checked_on()).days)


def table_checked_on(path: str) -> dt.date:
    """The last-checked date of the table at `path` under assets/ (KeyError when it is not listed)."""
    found = next((t.last_checked for t in market_tables() if t.path == path), None)
    if found is None:
        raise KeyError(path)
    return found


def is_out_of_date(checked: dt.date, today: dt.date | None = None) -> bool:
    """True when a check made on `checked` is older than stale_after_days on `today`."""
    return ((today or dt.date.today()) - checked).days > stale_after_days()


def freshness_text(today: dt.date | None = None) -> str:
    """One sentence for cards and the report: how old the market data is, and whether it may be out of date."""
    age = market_age_days(today)
    days = "1 day" if age == 1 else f"{age} days"
    text = f"Market data checked {market_checked_on().isoformat()} ({days} ago)"
    if is_out_of_date(market_checked_on(), today):
        return f"{text}: may be out of date — check the prices and dates before relying on them."
    return f"{text}."
