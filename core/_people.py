"""People's time: the defaults for set-up days, labelling, evals and upkeep, each with where it comes from.

The numbers live in assets/people.json. Most are assumptions (the seeds give ranges, not a team's figures); each
says so, and the page shows every one beside its box so a team can put in its own.
"""

from __future__ import annotations

import json
from functools import cache

from core._base import Frozen, asset_path

STRATEGY_KEYS = ("prompt_only", "rag", "fine_tuning", "hybrid")


class SourcedNumber(Frozen):
    """One default with its provenance."""

    value: float
    unit: str
    source: str
    as_of: str
    confidence: str  # V, S or assumption


class PeopleDefaults(Frozen):
    """Every default of the people layer (assets/people.json)."""

    about: str
    hourly_rate_usd: SourcedNumber
    hours_per_working_day: SourcedNumber
    setup_days: dict[str, SourcedNumber]
    minutes_per_example: SourcedNumber
    eval_examples: SourcedNumber
    maintenance_hours_per_month: dict[str, SourcedNumber]

    def setup_days_values(self) -> dict[str, float]:
        """Set-up days per strategy."""
        return {key: self.setup_days[key].value for key in STRATEGY_KEYS}

    def maintenance_values(self) -> dict[str, float]:
        """Upkeep hours per month per strategy."""
        return {key: self.maintenance_hours_per_month[key].value for key in STRATEGY_KEYS}


@cache
def people_defaults() -> PeopleDefaults:
    """The people layer's defaults, read once."""
    data = json.loads(asset_path("people.json").read_text(encoding="utf-8"))
    defaults = PeopleDefaults.model_validate(data)
    for table in (defaults.setup_days, defaults.maintenance_hours_per_month):
        if set(table) != set(STRATEGY_KEYS):
            raise ValueError(f"assets/people.json must give a value for each of {STRATEGY_KEYS}")
    return defaults


PEOPLE_DEFAULTS = people_defaults()
