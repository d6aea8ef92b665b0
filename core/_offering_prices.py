"""A fine-tuning offering's numbers after the scenario's overrides, each with where it came from.

Per-token prices of the tuned model follow the offering's `inference` column: its own listed prices, the base
model's catalogue rate (your price override for that model applies too), or nothing per token (the hours of a GPU
or a capacity unit pay for the tokens). Every field of `Scenario.offering_prices[<offering id>]` that is set
replaces the offering's own value. A replica's tokens per second is the base model's figure times the offering's
`throughput_factor` (1.0 for one merged adapter, below 1 for an adapter served unmerged beside others); an override
of tokens_per_s_per_replica is the replica's actual speed and is not derated again.
"""

from __future__ import annotations

from collections.abc import Mapping

from core._base import Frozen
from core._catalogue import OVERRIDE_AS_OF, OVERRIDE_SOURCE, FieldSource, ResolvedPrice, resolve_prices
from core._models import OfferingPrice, Price
from core._offerings import Offering, offering

# Offering fields a scenario may override, beside the three per-token prices.
OFFERING_FIELDS: tuple[str, ...] = (
    "training_usd_per_mtok",
    "training_usd_per_hour",
    "min_job_usd",
    "hosting_usd_per_hour",
    "tokens_per_s_per_replica",
    "storage_usd_per_month",
)
_TOKEN_FIELDS = {
    "input": "input_usd_per_mtok",
    "cached_input": "cached_input_usd_per_mtok",
    "output": "output_usd_per_mtok",
}


class ResolvedOffering(Frozen):
    """An offering with the scenario's overrides applied; None means nobody knows that number."""

    offering: Offering
    prices: ResolvedPrice  # what the tuned model's tokens cost
    training_usd_per_mtok: float | None
    training_usd_per_hour: float | None
    min_job_usd: float | None
    hosting_usd_per_hour: float | None
    tokens_per_s_per_replica: float | None
    storage_usd_per_month: float | None
    sources: tuple[FieldSource, ...]  # provenance of each offering field above that has a value

    def source_of(self, field: str) -> FieldSource | None:
        """Provenance of one offering field, or None when it has no value."""
        return next((s for s in self.sources if s.field == field), None)


def _own(o: Offering, field: str) -> FieldSource:
    return FieldSource(field=field, source=f"{o.label}: {o.source}", as_of=o.as_of, confidence=o.confidence)


def _override(field: str) -> FieldSource:
    return FieldSource(
        field=field, source=OVERRIDE_SOURCE, as_of=OVERRIDE_AS_OF, confidence="override", overridden=True
    )


def _token_prices(
    o: Offering, model_prices: Mapping[str, Price] | None, override: OfferingPrice | None
) -> ResolvedPrice:
    if o.inference == "base_rate":
        base = resolve_prices(o.base_model, model_prices, provider=o.catalogue_provider)
        note = f" — {o.label} bills the tuned model at its base model's rate"
        values = {f: getattr(base, f) for f in ("input", "cached_input", "cache_write", "output")}
        sources = {s.field: s.model_copy(update={"source": s.source + note}) for s in base.sources}
        batch = {
            "batch_input": base.batch_input,
            "batch_cached_input": base.batch_cached_input,
            "batch_cache_write": base.batch_cache_write,
            "batch_output": base.batch_output,
        }
    else:
        values = {f: getattr(o, column) for f, column in _TOKEN_FIELDS.items()}
        values["cache_write"] = None
        sources = {f: _own(o, f) for f, v in values.items() if v is not None}
        batch = {}
    for field, column in _TOKEN_FIELDS.items():
        value = getattr(override, column) if override is not None else None
        if value is not None:
            values[field] = value
            sources[field] = _override(field)
            batch.pop(f"batch_{field}", None)
    return ResolvedPrice(
        model=o.id,
        canonical=o.base_model,
        provider=o.catalogue_provider,
        **values,
        **batch,
        sources=tuple(sources[f] for f in ("input", "cached_input", "cache_write", "output") if f in sources),
    )


def _matching(overrides: Mapping[str, OfferingPrice] | None, offering_id: str) -> OfferingPrice | None:
    wanted = offering_id.strip().lower()
    return next((v for k, v in (overrides or {}).items() if k.strip().lower() == wanted), None)


def resolve_offering(
    offering_id: str,
    offering_prices: Mapping[str, OfferingPrice] | None = None,
    model_prices: Mapping[str, Price] | None = None,
) -> ResolvedOffering:
    """The offering `offering_id` with a scenario's overrides: `offering_prices` (Scenario.offering_prices) and, for
    an offering billed at its base model's rate, `model_prices` (Scenario.prices). KeyError: no such offering."""
    o = offering(offering_id)
    override = _matching(offering_prices, o.id)
    values: dict[str, float | None] = {}
    sources: list[FieldSource] = []
    for field in OFFERING_FIELDS:
        mine = getattr(override, field) if override is not None else None
        value = mine if mine is not None else getattr(o, field)
        if field == "tokens_per_s_per_replica" and mine is None and value is not None:
            value *= o.throughput_factor  # an unmerged adapter runs slower than its base model; an override is final
        values[field] = value
        if value is not None:
            sources.append(_override(field) if mine is not None else _own(o, field))
    return ResolvedOffering(
        offering=o,
        prices=_token_prices(o, model_prices, override),
        sources=tuple(sources),
        **values,
    )
