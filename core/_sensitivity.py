"""What moves the answer: each main input moved by -50 % and +50 %, and what that does to the gap between the two
cheapest strategies (those that fix the diagnosed problem, when at least two do).

The inputs are a table (`SCALERS`): each names the scenario fields it scales together, so adding one is one row.
"""

from __future__ import annotations

import math
from typing import Any

from core._base import Frozen
from core._catalogue import resolve_prices
from core._estimate import Estimate, estimate
from core._models import MAX_PRICE_USD_PER_MTOK, OfferingPrice, Price, Scenario, Strategy
from core._offering_prices import OFFERING_FIELDS, resolve_offering

Path = tuple[str, ...]


class Scaler(Frozen):
    """One input of the sensitivity chart: the fields it scales, and how its value is reported."""

    input: str
    label: str
    paths: tuple[Path, ...] = ()  # scenario fields multiplied together (a dict field: every value in it)
    whole: bool = True  # round to whole numbers (token counts, requests)
    cap: float | None = None  # an upper bound the scaled value must not pass (a rate of 1)
    reported: str = "sum"  # "sum" of the scaled values, or "retrieved" (top_k x chunk)


SCALERS: tuple[Scaler, ...] = (
    Scaler(input="requests_per_month", label="Requests per month", paths=(("workload", "requests_per_month"),)),
    Scaler(
        input="static_prompt_tokens",
        label="Instruction + example tokens",
        paths=(("workload", "instruction_tokens"), ("workload", "example_tokens")),
    ),
    Scaler(
        input="kept_prompt_tokens",
        label="Prompt kept after fine-tuning",
        paths=(("fine_tuning", "kept_instruction_tokens"), ("fine_tuning", "kept_example_tokens")),
    ),
    Scaler(input="output_tokens", label="Output tokens", paths=(("workload", "output_tokens"),)),
    Scaler(input="reasoning_tokens", label="Reasoning tokens", paths=(("workload", "reasoning_tokens"),)),
    Scaler(input="user_tokens", label="User input tokens", paths=(("workload", "user_tokens"),)),
    Scaler(
        input="retrieved_tokens",
        label="Retrieved context (top_k x chunk)",
        paths=(("rag", "chunk_tokens"),),
        reported="retrieved",
    ),
    Scaler(
        input="cache_hit_rate", label="Cache hit rate", paths=(("workload", "cache_hit_rate"),), whole=False, cap=1.0
    ),
    Scaler(input="training_examples", label="Training examples", paths=(("fine_tuning", "training_examples"),)),
    Scaler(
        input="retrains_per_year", label="Retrains per year", paths=(("fine_tuning", "retrains_per_year"),), whole=False
    ),
    Scaler(input="corpus_tokens", label="Corpus size", paths=(("rag", "corpus_tokens"),)),
    Scaler(
        input="vector_db_usd_per_month",
        label="Vector database per month",
        paths=(("rag", "vector_db_usd_per_month"),),
        whole=False,
    ),
    Scaler(input="hourly_rate_usd", label="People's hourly rate", paths=(("people", "hourly_rate_usd"),), whole=False),
    Scaler(input="setup_days", label="Set-up days (every strategy)", paths=(("people", "setup_days"),), whole=False),
    Scaler(input="model_price", label="Answering model's prices"),
    Scaler(input="fine_tuned_price", label="Fine-tuning offering's prices (training, tokens, hosting)"),
)


class SensitivityRow(Frozen):
    """Effect of moving one input by -factor / +factor on the cost gap between the two cheapest strategies."""

    input: str
    label: str
    base_value: float
    low_value: float
    high_value: float
    cheaper: Strategy
    dearer: Strategy
    gap_base_usd: float  # total_usd(dearer) - total_usd(cheaper) at base values; positive
    gap_low_usd: float
    gap_high_usd: float

    @property
    def swing_usd(self) -> float:
        """How far the gap moves across the range; the tornado chart sorts by this."""
        return abs(self.gap_high_usd - self.gap_low_usd)


def _scale_value(value: float, factor: float, scaler: Scaler) -> float:
    scaled = value * factor
    if scaler.cap is not None:
        scaled = min(scaled, scaler.cap)
    return float(round(scaled)) if scaler.whole else scaled


def _scaled_fields(scenario: Scenario, scaler: Scaler, factor: float) -> tuple[Scenario, float]:
    data = scenario.model_dump()
    reported = 0.0
    for path in scaler.paths:
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        value = node[path[-1]]
        if isinstance(value, dict):
            node[path[-1]] = {k: _scale_value(v, factor, scaler) for k, v in value.items()}
            reported += sum(node[path[-1]].values())
        else:
            node[path[-1]] = _scale_value(value, factor, scaler)
            reported += node[path[-1]]
    if scaler.reported == "retrieved":
        reported *= scenario.rag.top_k
    return Scenario.model_validate(data), reported


def _capped(value: float | None, factor: float) -> float | None:
    # Capped at the model's bound so +50 % on an extreme (but valid) price still yields a valid override.
    return None if value is None else min(value * factor, MAX_PRICE_USD_PER_MTOK)


def _scaled_prices(scenario: Scenario, scaler: Scaler, factor: float) -> tuple[Scenario, float]:
    if scaler.input == "model_price":
        prices = resolve_prices(scenario.model, scenario.prices)
        new = Price(
            **{f: _capped(getattr(prices, f), factor) for f in ("input", "cached_input", "cache_write", "output")}
        )
        return scenario.model_copy(update={"prices": {**scenario.prices, scenario.model: new}}), (
            prices.input or 0.0
        ) * factor
    resolved = resolve_offering(scenario.fine_tuning.offering, scenario.offering_prices, scenario.prices)
    values = {f: _capped(getattr(resolved, f), factor) for f in OFFERING_FIELDS if f != "tokens_per_s_per_replica"}
    values |= {
        f"{f}_usd_per_mtok": _capped(getattr(resolved.prices, f), factor) for f in ("input", "cached_input", "output")
    }
    override = OfferingPrice.model_validate({k: v for k, v in values.items() if v is not None})
    offerings = {**scenario.offering_prices, resolved.offering.id: override}
    base = resolved.training_usd_per_mtok or resolved.hosting_usd_per_hour or resolved.prices.input or 0.0
    return scenario.model_copy(update={"offering_prices": offerings}), base * factor


def scaled(scenario: Scenario, which: str, factor: float) -> tuple[Scenario, float]:
    """A copy of the scenario with one input (a `SCALERS` id) multiplied by `factor`, and that input's new value."""
    scaler = next(s for s in SCALERS if s.input == which)
    return _scaled_fields(scenario, scaler, factor) if scaler.paths else _scaled_prices(scenario, scaler, factor)


def _two_cheapest(base: Estimate) -> list[tuple[float, Strategy]]:
    priced = sorted((s.total_usd, name) for name, s in base.strategies.items() if s.total_usd is not None)
    fixing = [(t, n) for t, n in priced if base.strategies[n].fixes_diagnosis]
    return (fixing if len(fixing) >= 2 else priced)[:2]


def sensitivity(scenario: Scenario, factor: float = 0.5) -> list[SensitivityRow]:
    """For each input in SCALERS, the horizon-cost gap between the two cheapest strategies at -factor and +factor.

    The two strategies are fixed at base values; gap = total_usd(dearer) - total_usd(cheaper), so a negative
    gap means the ranking flips. Rows are sorted by swing (largest first); empty if fewer than two strategies
    can be priced.
    """
    base = estimate(scenario)
    pair = _two_cheapest(base)
    if len(pair) < 2:
        return []
    (cheap_total, cheaper), (dear_total, dearer) = pair

    def gap(s: Scenario) -> float:
        result = estimate(s, today=base.starts_on)
        low, high = result.strategies[cheaper].total_usd, result.strategies[dearer].total_usd
        return math.nan if low is None or high is None else high - low

    rows = []
    for scaler in SCALERS:
        low_scenario, low_value = scaled(scenario, scaler.input, 1 - factor)
        high_scenario, high_value = scaled(scenario, scaler.input, 1 + factor)
        _, base_value = scaled(scenario, scaler.input, 1.0)
        rows.append(
            SensitivityRow(
                input=scaler.input,
                label=scaler.label,
                base_value=base_value,
                low_value=low_value,
                high_value=high_value,
                cheaper=cheaper,
                dearer=dearer,
                gap_base_usd=dear_total - cheap_total,
                gap_low_usd=gap(low_scenario),
                gap_high_usd=gap(high_scenario),
            )
        )
    return sorted(rows, key=lambda row: -row.swing_usd if math.isfinite(row.swing_usd) else 0.0)
