"""The price and latency catalogue: our sourced tables in `assets/` plus the genai-prices package snapshot.

Lookup order for a price field (first value found wins):
1. the scenario's override for that model (`Scenario.prices`), field by field;
2. fine-tuned models (`ft:<base>`): our table `assets/prices/fine_tuning.csv` (training price too),
   then the genai-prices snapshot for fine-tuned ids it knows;
3. base and embedding models: the genai-prices snapshot bundled with the installed package (never updated
   from the network here), then our own tables as a fallback (`fine_tuning.csv` base columns,
   `embeddings.csv`).
A field nobody knows stays None; the estimator reports it as missing and never prices it at $0.

Names are matched the way people type them: case and surrounding whitespace are ignored, dated snapshots and
short names are the same model (`gpt-4o-mini-2024-07-18` == `gpt-4o-mini`), and a full OpenAI fine-tune id
(`ft:gpt-4o-mini-2024-07-18:org::abc123`) resolves to the fine-tuned row of its base model.
Catalogue data is read once per process (functools.cache) and held in frozen models and tuples.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from core._models import LatencyProfile, Price

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
PRICES_DIR = ASSETS_DIR / "prices"
LATENCY_FILE = ASSETS_DIR / "latency.csv"
FALLBACK_LATENCY_KEY = "*"
OVERRIDE_SOURCE = "your override"
OVERRIDE_AS_OF = "set in this scenario"

_T = TypeVar("_T")

PriceField = Literal["input", "cached_input", "output", "training"]
PRICE_FIELDS: tuple[PriceField, ...] = ("input", "cached_input", "output", "training")

# Chat models worth offering after the fine-tunable ones; kept only if the genai-prices snapshot prices them.
_POPULAR_CHAT_MODELS: tuple[str, ...] = (
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "o4-mini",
    "o3",
    "claude-sonnet-4-5",
    "claude-haiku-4-5",
    "claude-3-5-sonnet",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "mistral-small-latest",
)
# Embedding models the genai-prices snapshot prices that our own table does not list.
_EXTRA_EMBEDDING_MODELS: tuple[str, ...] = ("text-embedding-ada-002",)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldSource(_Frozen):
    """Where one number came from."""

    field: str
    source: str
    as_of: str
    confidence: str = ""  # V = read in a primary source, S = secondary only, assumption, override
    overridden: bool = False


class ResolvedPrice(_Frozen):
    """Prices (USD per 1M tokens) for one model after overrides; None means nobody knows that price."""

    model: str
    canonical: str
    input: float | None = None
    cached_input: float | None = None
    output: float | None = None
    training: float | None = None
    sources: tuple[FieldSource, ...] = ()

    def source_of(self, field: PriceField) -> FieldSource | None:
        """Provenance of one price field, or None when the field has no value."""
        return next((s for s in self.sources if s.field == field), None)

    @property
    def known(self) -> bool:
        """True when at least one price was found in the catalogue or an override."""
        return bool(self.sources)


class ResolvedLatency(_Frozen):
    """The latency profile used for a model and why."""

    model: str
    profile: LatencyProfile
    source: str
    as_of: str
    confidence: str
    is_fallback: bool  # True: no measurement for this model, the labelled assumption profile is used
    overridden: bool = False
    profile_model: str = ""  # the catalogue row used (e.g. the base model's row for a fine-tune)


class FineTuningRow(_Frozen):
    """One row of assets/prices/fine_tuning.csv."""

    model: str
    aliases: tuple[str, ...]
    provider: str
    training: float | None
    ft_input: float | None
    ft_cached_input: float | None
    ft_output: float | None
    base_input: float | None
    base_cached_input: float | None
    base_output: float | None
    confidence: str
    source: str
    as_of: str


class EmbeddingRow(_Frozen):
    """One row of assets/prices/embeddings.csv."""

    model: str
    aliases: tuple[str, ...]
    provider: str
    usd_per_mtok: float
    confidence: str
    source: str
    as_of: str


class LatencyRow(_Frozen):
    """One row of assets/latency.csv."""

    model: str
    aliases: tuple[str, ...]
    profile: LatencyProfile
    confidence: str
    source: str
    as_of: str


class PricingRule(_Frozen):
    """One row of assets/prices/pricing_rules.csv (batch discount, caching threshold)."""

    rule: str
    value: float
    unit: str
    confidence: str
    source: str
    as_of: str


# ---------------------------------------------------------------- reading the tables


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _number(text: str) -> float | None:
    return float(text) if text else None


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(normalize_model_name(a) for a in text.split(";") if a.strip())


@cache
def fine_tuning_table() -> tuple[FineTuningRow, ...]:
    """Our fine-tuning price table (training and fine-tuned inference), read once."""
    return tuple(
        FineTuningRow(
            model=normalize_model_name(r["model"]),
            aliases=_aliases(r["aliases"]),
            provider=r["provider"],
            training=_number(r["training_usd_per_mtok"]),
            ft_input=_number(r["ft_input_usd_per_mtok"]),
            ft_cached_input=_number(r["ft_cached_input_usd_per_mtok"]),
            ft_output=_number(r["ft_output_usd_per_mtok"]),
            base_input=_number(r["base_input_usd_per_mtok"]),
            base_cached_input=_number(r["base_cached_input_usd_per_mtok"]),
            base_output=_number(r["base_output_usd_per_mtok"]),
            confidence=r["confidence"],
            source=r["source"],
            as_of=r["as_of"],
        )
        for r in _read_csv(PRICES_DIR / "fine_tuning.csv")
    )


@cache
def embedding_table() -> tuple[EmbeddingRow, ...]:
    """Our embedding price table, read once."""
    return tuple(
        EmbeddingRow(
            model=normalize_model_name(r["model"]),
            aliases=_aliases(r["aliases"]),
            provider=r["provider"],
            usd_per_mtok=float(r["usd_per_mtok"]),
            confidence=r["confidence"],
            source=r["source"],
            as_of=r["as_of"],
        )
        for r in _read_csv(PRICES_DIR / "embeddings.csv")
    )


@cache
def latency_table() -> tuple[LatencyRow, ...]:
    """Our latency profiles, including the `*` assumption row used for unknown models, read once."""
    return tuple(
        LatencyRow(
            model=r["model"] if r["model"] == FALLBACK_LATENCY_KEY else normalize_model_name(r["model"]),
            aliases=_aliases(r["aliases"]),
            profile=LatencyProfile(
                ttft_ms=float(r["ttft_ms"]),
                prefill_tokens_per_s=float(r["prefill_tokens_per_s"]),
                output_tokens_per_s=float(r["output_tokens_per_s"]),
            ),
            confidence=r["confidence"],
            source=r["source"],
            as_of=r["as_of"],
        )
        for r in _read_csv(LATENCY_FILE)
    )


@cache
def pricing_rules() -> Mapping[str, PricingRule]:
    """Rules with a source that the estimator applies (batch_factor, cache_min_prompt_tokens)."""
    rules = {
        r["rule"]: PricingRule(
            rule=r["rule"],
            value=float(r["value"]),
            unit=r["unit"],
            confidence=r["confidence"],
            source=r["source"],
            as_of=r["as_of"],
        )
        for r in _read_csv(PRICES_DIR / "pricing_rules.csv")
    }
    return _FrozenDict(rules)


class _FrozenDict(dict[str, PricingRule]):
    # A cached mapping shared by every session must not be mutable.
    def __setitem__(self, key: str, value: PricingRule) -> None:
        raise TypeError("pricing rules are read-only")

    def __delitem__(self, key: str) -> None:
        raise TypeError("pricing rules are read-only")


# ---------------------------------------------------------------- names


def normalize_model_name(name: str) -> str:
    """Lower-case, trim, and turn inner whitespace into one hyphen ("GPT-4o  mini" -> "gpt-4o-mini")."""
    return "-".join(name.lower().split())


@cache
def _alias_map() -> Mapping[str, str]:
    aliases: dict[str, str] = {}
    rows: list[FineTuningRow | EmbeddingRow | LatencyRow] = [
        *fine_tuning_table(),
        *embedding_table(),
        *latency_table(),
    ]
    for row in rows:
        for alias in row.aliases:
            aliases.setdefault(alias, row.model)
    return aliases


def _strip_ft(name: str) -> str | None:
    # OpenAI fine-tune ids look like ft:<base>:<org>:<suffix>:<id>; the base decides the price row.
    if name.startswith("ft:"):
        return name[3:].split(":", 1)[0]
    return None


@lru_cache(maxsize=4096)
def canonical_model_name(name: str) -> str:
    """Catalogue name: `GPT-4o-mini-2024-07-18` -> `gpt-4o-mini`; `ft:...` -> `ft:<base>`."""
    normalized = normalize_model_name(name)
    base = _strip_ft(normalized)
    if base is not None:
        return "ft:" + canonical_model_name(base)
    return _alias_map().get(normalized, normalized)


# ---------------------------------------------------------------- genai-prices


@cache
def genai_prices_version() -> str:
    """Version of the installed genai-prices package whose bundled snapshot we read."""
    import genai_prices

    return str(genai_prices.__version__)


def _decimal_value(value: object) -> float | None:
    # Tiered prices (long-context surcharges) are reduced to their base tier: requests are priced per call.
    if isinstance(value, Decimal):
        return float(value)
    base = getattr(value, "base", None)
    return float(base) if isinstance(base, Decimal) else None


@lru_cache(maxsize=4096)
def _genai_prices(name: str) -> tuple[tuple[str, float, str, str], ...]:
    """(field, price, source, as_of) from the genai-prices snapshot; empty when it does not know `name`."""
    from genai_prices import Usage, calc_price

    usage = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
    result = None
    for provider_id in ("openai", None):
        try:
            result = calc_price(usage, name, provider_id=provider_id)
            break
        except LookupError:
            continue
    if result is None:
        return ()
    # The package records no per-price check date, so the snapshot's version is the honest "as of".
    as_of = f"genai-prices {genai_prices_version()} snapshot"
    source = f"genai-prices {genai_prices_version()} bundled snapshot ({result.provider.name}, model {result.model.id})"
    price = result.model_price
    found = []
    for field, attribute in (
        ("input", "input_mtok"),
        ("cached_input", "cache_read_mtok"),
        ("output", "output_mtok"),
    ):
        value = _decimal_value(getattr(price, attribute, None))
        if value is not None:
            found.append((field, value, source, as_of))
    return tuple(found)


# ---------------------------------------------------------------- prices


def _ft_row(base: str) -> FineTuningRow | None:
    return next((r for r in fine_tuning_table() if r.model == base), None)


def _embedding_row(model: str) -> EmbeddingRow | None:
    return next((r for r in embedding_table() if r.model == model), None)


@lru_cache(maxsize=4096)
def _catalogue_price(normalized: str) -> ResolvedPrice:
    canonical = canonical_model_name(normalized)
    values: dict[str, float] = {}
    sources: list[FieldSource] = []

    def offer(field: str, value: float | None, source: str, as_of: str, confidence: str) -> None:
        if value is not None and field not in values:
            values[field] = value
            sources.append(FieldSource(field=field, source=source, as_of=as_of, confidence=confidence))

    base = _strip_ft(canonical)
    if base is not None:
        row = _ft_row(base)
        if row is not None:
            label = f"{row.source} (fine-tuned {row.model})"
            offer("input", row.ft_input, label, row.as_of, row.confidence)
            offer("cached_input", row.ft_cached_input, label, row.as_of, row.confidence)
            offer("output", row.ft_output, label, row.as_of, row.confidence)
            offer("training", row.training, label, row.as_of, row.confidence)
        for field, value, source, as_of in _genai_prices(normalized):
            offer(field, value, source, as_of, "V")
    else:
        for candidate in dict.fromkeys((normalized, canonical)):
            for field, value, source, as_of in _genai_prices(candidate):
                offer(field, value, source, as_of, "V")
        row = _ft_row(canonical)
        if row is not None:
            offer("input", row.base_input, row.source, row.as_of, row.confidence)
            offer("cached_input", row.base_cached_input, row.source, row.as_of, row.confidence)
            offer("output", row.base_output, row.source, row.as_of, row.confidence)
        embedding = _embedding_row(canonical)
        if embedding is not None:
            offer("input", embedding.usd_per_mtok, embedding.source, embedding.as_of, embedding.confidence)
    return ResolvedPrice(
        model=normalized,
        canonical=canonical,
        input=values.get("input"),
        cached_input=values.get("cached_input"),
        output=values.get("output"),
        training=values.get("training"),
        sources=tuple(sources),
    )


def _matching_override(model: str, overrides: Mapping[str, _T] | None) -> _T | None:
    if not overrides:
        return None
    normalized = normalize_model_name(model)
    canonical = canonical_model_name(model)
    exact = next((v for k, v in overrides.items() if normalize_model_name(k) == normalized), None)
    if exact is not None:
        return exact
    return next((v for k, v in overrides.items() if canonical_model_name(k) == canonical), None)


def resolve_prices(model: str, overrides: Mapping[str, Price] | None = None) -> ResolvedPrice:
    """Prices for `model` in USD per 1M tokens: override fields first, then the catalogue (see module doc).

    `ft:<base>` names give the fine-tuned inference prices and the training price of <base>.
    """
    found = _catalogue_price(normalize_model_name(model))
    override = _matching_override(model, overrides)
    if override is None:
        return found
    values: dict[str, float | None] = {f: getattr(found, f) for f in PRICE_FIELDS}
    sources = {s.field: s for s in found.sources}
    for field in PRICE_FIELDS:
        value = getattr(override, field)
        if value is not None:
            values[field] = float(value)
            sources[field] = FieldSource(
                field=field,
                source=OVERRIDE_SOURCE,
                as_of=OVERRIDE_AS_OF,
                confidence="override",
                overridden=True,
            )
    return found.model_copy(update={**values, "sources": tuple(sources[f] for f in PRICE_FIELDS if f in sources)})


# ---------------------------------------------------------------- latency


def _latency_row(model: str) -> LatencyRow | None:
    return next((r for r in latency_table() if r.model == model), None)


def resolve_latency(model: str, overrides: Mapping[str, LatencyProfile] | None = None) -> ResolvedLatency:
    """The latency profile for `model`: override, then our table; a fine-tune without its own profile uses its
    base model's (override or table); anything else gets the labelled fallback assumption (is_fallback=True).
    """
    canonical = canonical_model_name(model)
    base = _strip_ft(canonical)
    candidates = [model] if base is None else [model, base]
    for candidate in candidates:
        override = _matching_override(candidate, overrides)
        if override is not None:
            return ResolvedLatency(
                model=model,
                profile=override,
                source=OVERRIDE_SOURCE,
                as_of=OVERRIDE_AS_OF,
                confidence="override",
                is_fallback=False,
                overridden=True,
                profile_model=canonical_model_name(candidate),
            )
        row = _latency_row(canonical_model_name(candidate))
        if row is not None:
            source = row.source
            if candidate is not model:
                source = f"No fine-tuned measurement; the base model's profile is used. {source}"
            return ResolvedLatency(
                model=model,
                profile=row.profile,
                source=source,
                as_of=row.as_of,
                confidence=row.confidence,
                is_fallback=False,
                profile_model=row.model,
            )
    fallback = _latency_row(FALLBACK_LATENCY_KEY)
    if fallback is None:
        raise RuntimeError(f"{LATENCY_FILE} lacks its '{FALLBACK_LATENCY_KEY}' assumption row")
    return ResolvedLatency(
        model=model,
        profile=fallback.profile,
        source=fallback.source,
        as_of=fallback.as_of,
        confidence=fallback.confidence,
        is_fallback=True,
        profile_model=FALLBACK_LATENCY_KEY,
    )


# ---------------------------------------------------------------- pickers


@cache
def fine_tunable_models() -> tuple[str, ...]:
    """Models we have fine-tuning prices for (OpenAI first, then open models), in the table's order."""
    return tuple(r.model for r in fine_tuning_table())


@cache
def catalogue_models() -> tuple[str, ...]:
    """Chat models to offer in a picker: OpenAI fine-tunable ones first, then other popular priced models."""
    openai_rows = tuple(r.model for r in fine_tuning_table() if r.provider == "openai")
    popular = tuple(m for m in _POPULAR_CHAT_MODELS if _genai_prices(m))
    return tuple(dict.fromkeys(openai_rows + popular))


@cache
def embedding_models() -> tuple[str, ...]:
    """Embedding models we can price: our table's rows, then extra ones the genai-prices snapshot knows."""
    ours = tuple(r.model for r in embedding_table())
    extra = tuple(m for m in _EXTRA_EMBEDDING_MODELS if _genai_prices(m))
    return tuple(dict.fromkeys(ours + extra))
