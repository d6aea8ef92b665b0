"""What a newer price catalogue would change: the answering model's prices in a fetched genai-prices snapshot
compared with the ones in use. Pure: the snapshot is fetched by the ui, only when a person asks for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core._base import Frozen
from core._catalogue import PRICE_FIELDS, PriceField, _fields, resolve_prices


class PriceChange(Frozen):
    """One price of one model: the value in use and the fetched one (None: not listed)."""

    model: str
    field: PriceField
    old: float | None
    new: float | None


def fetched_prices(snapshot: Any, model: str, provider: str = "", when: dt.datetime | None = None) -> dict[str, float]:
    """The model's USD-per-1M prices in `snapshot` (a genai-prices DataSnapshot) at `when`; {} when it is not there."""
    try:
        _, found = snapshot.find_provider_model(model.strip().lower(), None, provider or None, None)
    except (LookupError, ValueError, AttributeError):
        return {}
    prices: dict[str, float] = _fields(found.get_prices(when or dt.datetime.now(dt.UTC)))
    return prices


def price_changes(snapshot: Any, model: str, when: dt.datetime | None = None) -> tuple[PriceChange, ...]:
    """The prices of `model` that differ between the installed catalogue and `snapshot` (overrides ignored)."""
    current = resolve_prices(model)
    fetched = fetched_prices(snapshot, model, current.provider, when)
    if not fetched:
        return ()
    changes = []
    for field in PRICE_FIELDS:
        old, new = getattr(current, field), fetched.get(field)
        if new is not None and (old is None or abs(old - new) > 1e-12):
            changes.append(PriceChange(model=model, field=field, old=old, new=new))
    return tuple(changes)
