"""The price and latency catalogue: the genai-prices package snapshot plus our sourced tables in `assets/`.

Model prices (first value found wins, field by field):
1. the scenario's override for that model (`Scenario.prices`);
2. the genai-prices snapshot bundled with the installed package (never updated from the network here): input,
   cached input (cache read), cache write and output, and its batch price variant where it lists one;
3. our embedding table (`assets/prices/embeddings.csv`) for embedding models the snapshot lacks.
A field nobody knows stays None; the estimator reports it as missing and never prices it at $0. Fine-tuned models
are priced through their offering (core._offerings), not here.

Names are matched the way people type them: case and surrounding whitespace are ignored, and the snapshot's own
match rules map dated snapshots and short names to one model (`gpt-4o-mini-2024-07-18` == `gpt-4o-mini`).
Catalogue data is read once per process (functools.cache) and held in frozen models and tuples.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Literal, TypeVar

from core._base import Aliases, Frozen, ModelName, aliases, normalize_model_name, read_csv, read_table
from core._models import LatencyProfile, Price

FALLBACK_LATENCY_KEY = "*"
# The three numbers of a speed profile, as assets/latency.csv's `assumed` column names them.
LatencyPart = Literal["ttft", "prefill", "output"]
LATENCY_PARTS: tuple[LatencyPart, ...] = ("ttft", "prefill", "output")
OVERRIDE_SOURCE = "your override"
OVERRIDE_AS_OF = "set in this scenario"

_T = TypeVar("_T")

PriceField = Literal["input", "cached_input", "cache_write", "output"]
PRICE_FIELDS: tuple[PriceField, ...] = ("input", "cached_input", "cache_write", "output")
_SNAPSHOT_FIELDS: Mapping[PriceField, str] = {
    "input": "input_mtok",
    "cached_input": "cache_read_mtok",
    "cache_write": "cache_write_mtok",
    "output": "output_mtok",
}

# Providers whose models the picker offers, in this order: the labs' own APIs, then clouds and open-model hosts.
# Resellers and aggregators (OpenRouter, Hugging Face routes, coding tools) are left out: the same models again.
PICKER_PROVIDERS: tuple[str, ...] = (
    "openai",
    "anthropic",
    "google",
    "aws",
    "mistral",
    "deepseek",
    "x-ai",
    "cohere",
    "together",
    "fireworks",
    "groq",
)
# Words in a model id that mark something other than a text chat model (speech, images, embeddings, search).
_NOT_CHAT = re.compile(
    r"embed|tts|transcri|whisper|image|audio|realtime|live|moderation|search|robotics|sonic|voice|computer-use"
    r"|dall-e|babbage|davinci|curie|^ada$|vision|guard|rerank|voxtral|ocr|nano-banana|omni"
)


class FieldSource(Frozen):
    """Where one number came from."""

    field: str
    source: str
    as_of: str
    confidence: str = ""  # V = read in a primary source, S = secondary only, assumption, override
    overridden: bool = False


class ResolvedPrice(Frozen):
    """Prices (USD per 1M tokens) for one model after overrides; None means nobody knows that price.

    `batch_*` are the snapshot's own batch-API prices when it lists them (None: not listed).
    """

    model: str
    canonical: str
    provider: str = ""  # the genai-prices provider id the prices came from ("" when not from the snapshot)
    input: float | None = None
    cached_input: float | None = None
    cache_write: float | None = None
    output: float | None = None
    batch_input: float | None = None
    batch_cached_input: float | None = None
    batch_cache_write: float | None = None
    batch_output: float | None = None
    sources: tuple[FieldSource, ...] = ()

    def source_of(self, field: str) -> FieldSource | None:
        """Provenance of one price field, or None when the field has no value."""
        return next((s for s in self.sources if s.field == field), None)

    @property
    def known(self) -> bool:
        """True when at least one price was found in the catalogue or an override."""
        return bool(self.sources)


class ResolvedLatency(Frozen):
    """The latency profile used for a model and why."""

    model: str
    profile: LatencyProfile
    source: str
    as_of: str
    confidence: str
    is_fallback: bool  # True: no measurement for this model, the labelled assumption profile is used
    overridden: bool = False
    profile_model: str = ""  # the table row used (e.g. the base model's row for a fine-tune)
    assumed: tuple[LatencyPart, ...] = ()  # the numbers of the profile that are assumptions, not measurements


class EmbeddingRow(Frozen):
    """One row of assets/prices/embeddings.csv."""

    model: ModelName
    aliases: Aliases = ()
    provider: str
    usd_per_mtok: float
    confidence: str
    source: str
    as_of: str


class LatencyRow(Frozen):
    """One row of assets/latency.csv (keyed by a model name or a fine-tuning offering id)."""

    model: str
    aliases: tuple[str, ...]
    profile: LatencyProfile
    assumed: tuple[LatencyPart, ...]  # which of the three numbers are assumptions (the row's source says why)
    confidence: str
    source: str
    as_of: str


# ---------------------------------------------------------------- our tables


@cache
def embedding_table() -> tuple[EmbeddingRow, ...]:
    """Our embedding price table, read once."""
    return read_table(EmbeddingRow, "prices", "embeddings.csv")


@cache
def latency_table() -> tuple[LatencyRow, ...]:
    """Our latency profiles, including the `*` assumption row used for unknown models, read once."""
    return tuple(
        LatencyRow(
            model=r["model"] if r["model"] == FALLBACK_LATENCY_KEY else normalize_model_name(r["model"]),
            aliases=aliases(r["aliases"]),
            profile=LatencyProfile(
                ttft_ms=float(r["ttft_ms"]),
                prefill_tokens_per_s=float(r["prefill_tokens_per_s"]),
                output_tokens_per_s=float(r["output_tokens_per_s"]),
            ),
            assumed=_assumed_parts(r["assumed"], r["model"]),
            confidence=r["confidence"],
            source=r["source"],
            as_of=r["as_of"],
        )
        for r in read_csv("latency.csv")
    )


def _assumed_parts(cell: str, model: str) -> tuple[LatencyPart, ...]:
    named = {p.strip() for p in cell.split(";") if p.strip()}
    unknown = named - set(LATENCY_PARTS)
    if unknown:
        raise ValueError(f"assets/latency.csv row {model!r}: unknown assumed part(s) {sorted(unknown)}")
    return tuple(p for p in LATENCY_PARTS if p in named)


# ---------------------------------------------------------------- the genai-prices snapshot


@cache
def genai_prices_version() -> str:
    """Version of the installed genai-prices package whose bundled snapshot we read."""
    import genai_prices

    return str(genai_prices.__version__)


def _equals_names(match: Any) -> list[str]:
    """The exact names a snapshot match rule accepts (its `equals` clauses, inside any `or`)."""
    equals = getattr(match, "equals", None)
    if isinstance(equals, str):
        return [equals]
    return [name for clause in getattr(match, "or_", None) or () for name in _equals_names(clause)]


@cache
def _snapshot_index() -> Mapping[str, tuple[str, Any]]:
    """Normalised model name -> (provider id, the snapshot's model), first provider in PICKER_PROVIDERS order
    winning; names are each model's id and the exact names its match rule accepts."""
    from genai_prices.data_snapshot import get_snapshot

    providers = {p.id: p for p in get_snapshot().providers}
    index: dict[str, tuple[str, Any]] = {}
    for provider_id in (*PICKER_PROVIDERS, *providers):
        provider = providers.get(provider_id)
        if provider is None:
            continue
        for model in provider.models:
            for name in (model.id, *_equals_names(model.match)):
                index.setdefault(normalize_model_name(name), (provider.id, model))
    return index


def _decimal_value(value: object) -> float | None:
    # Tiered prices (long-context surcharges) are reduced to their base tier: requests are priced per call.
    if isinstance(value, Decimal):
        return float(value)
    base = getattr(value, "base", None)
    return float(base) if isinstance(base, Decimal) else None


def _find_model(name: str, provider: str) -> tuple[str, Any] | None:
    """(provider id, snapshot model) for a name: the index first, then the snapshot's own match rules (at
    `provider` when one is given)."""
    known = _snapshot_index().get(name)
    if known is not None and provider in ("", known[0]):
        return known
    from genai_prices import Usage, calc_price

    usage = Usage(input_tokens=1, output_tokens=1)
    for provider_id in [provider] if provider else ["openai", None]:
        try:
            result = calc_price(usage, name, provider_id=provider_id)
        except LookupError:
            continue
        return result.provider.id, result.model
    return None


@lru_cache(maxsize=4096)
def _snapshot_prices(name: str, provider: str = "") -> tuple[str, str, dict[str, float], dict[str, float]]:
    """(provider id, model id, standard prices, batch prices) from the snapshot; empty when it does not know it."""
    found = _find_model(name, provider)
    if found is None:
        return "", "", {}, {}
    provider_id, model = found
    now = datetime.now(UTC)
    standard = _fields(model.get_prices(now))
    batch = _fields(model.get_prices(now, {"processing": "batch"}))
    # Only what a batch variant itself lists is a batch price; a field it leaves out is inherited from the standard
    # prices by genai-prices, which would pass the live cached price off as a batch cached price.
    listed = {
        field
        for variant in getattr(model, "price_variants", None) or ()
        if getattr(variant, "when", None) == {"processing": "batch"}
        for field, attribute in _SNAPSHOT_FIELDS.items()
        if getattr(variant.prices, attribute, None) is not None
    }
    batch = {field: value for field, value in batch.items() if field in listed}
    return provider_id, model.id, standard, batch if batch != standard else {}


def _fields(price: Any) -> dict[str, float]:
    values = {field: _decimal_value(getattr(price, attribute, None)) for field, attribute in _SNAPSHOT_FIELDS.items()}
    return {field: value for field, value in values.items() if value is not None}


def provider_of(model: str) -> str:
    """The genai-prices provider id that prices `model` ("" when the snapshot does not know it)."""
    return _snapshot_prices(normalize_model_name(model))[0]


# ---------------------------------------------------------------- prices


def _embedding_row(model: str) -> EmbeddingRow | None:
    return next((r for r in embedding_table() if r.model == model or model in r.aliases), None)


@lru_cache(maxsize=4096)
def _catalogue_price(normalized: str, provider_hint: str = "") -> ResolvedPrice:
    provider, model_id, standard, batch = _snapshot_prices(normalized, provider_hint)
    canonical = normalize_model_name(model_id) if model_id else normalized
    sources = []
    if standard:
        version = genai_prices_version()
        source = f"genai-prices {version} bundled snapshot (provider {provider}, model {model_id})"
        as_of = f"genai-prices {version} snapshot"
        sources = [FieldSource(field=f, source=source, as_of=as_of, confidence="V") for f in standard]
    values: dict[str, float] = dict(standard)
    embedding = None if "input" in values else _embedding_row(normalized)
    if embedding is not None:
        values["input"] = embedding.usd_per_mtok
        sources.append(
            FieldSource(field="input", source=embedding.source, as_of=embedding.as_of, confidence=embedding.confidence)
        )
    return ResolvedPrice(
        model=normalized,
        canonical=canonical,
        provider=provider,
        **values,
        batch_input=batch.get("input"),
        batch_cached_input=batch.get("cached_input"),
        batch_cache_write=batch.get("cache_write"),
        batch_output=batch.get("output"),
        sources=tuple(sources),
    )


def canonical_model_name(name: str) -> str:
    """The snapshot's name for a model: `GPT-4o-mini-2024-07-18` -> `gpt-4o-mini`; unknown names are normalised."""
    return _catalogue_price(normalize_model_name(name)).canonical


def matching_override(model: str, overrides: Mapping[str, _T] | None) -> _T | None:
    """The override entry for `model`: by exact (normalised) name, else by catalogue name."""
    if not overrides:
        return None
    normalized = normalize_model_name(model)
    exact = next((v for k, v in overrides.items() if normalize_model_name(k) == normalized), None)
    if exact is not None:
        return exact
    canonical = canonical_model_name(model)
    return next((v for k, v in overrides.items() if canonical_model_name(k) == canonical), None)


def resolve_prices(model: str, overrides: Mapping[str, Price] | None = None, *, provider: str = "") -> ResolvedPrice:
    """Prices for `model` in USD per 1M tokens: override fields first, then the catalogue (see module doc);
    `provider` (a genai-prices id) says where to look it up when the name alone is ambiguous.

    An overridden field drops the snapshot's batch price for it: the batch rule is applied to your price instead.
    """
    found = _catalogue_price(normalize_model_name(model), provider)
    override = matching_override(model, overrides)
    if override is None:
        return found
    values: dict[str, float | None] = {f: getattr(found, f) for f in PRICE_FIELDS}
    batch = {
        "batch_input": found.batch_input,
        "batch_cached_input": found.batch_cached_input,
        "batch_cache_write": found.batch_cache_write,
        "batch_output": found.batch_output,
    }
    sources = {s.field: s for s in found.sources}
    for field in PRICE_FIELDS:
        value = getattr(override, field)
        if value is not None:
            values[field] = float(value)
            batch.pop(f"batch_{field}", None)
            sources[field] = FieldSource(
                field=field, source=OVERRIDE_SOURCE, as_of=OVERRIDE_AS_OF, confidence="override", overridden=True
            )
    batch = {f"batch_{field}": batch.get(f"batch_{field}") for field in PRICE_FIELDS}
    return found.model_copy(
        update={**values, **batch, "sources": tuple(sources[f] for f in PRICE_FIELDS if f in sources)}
    )


# ---------------------------------------------------------------- latency


def _latency_row(name: str) -> LatencyRow | None:
    normalized = normalize_model_name(name)
    canonical = canonical_model_name(name)
    return next(
        (r for r in latency_table() if r.model in (normalized, canonical) or normalized in r.aliases),
        None,
    )


def _fallback_latency(model: str) -> ResolvedLatency:
    fallback = _latency_row(FALLBACK_LATENCY_KEY)
    if fallback is None:
        raise RuntimeError(f"assets/latency.csv lacks its '{FALLBACK_LATENCY_KEY}' assumption row")
    return ResolvedLatency(
        model=model,
        profile=fallback.profile,
        source=fallback.source,
        as_of=fallback.as_of,
        confidence=fallback.confidence,
        is_fallback=True,
        profile_model=FALLBACK_LATENCY_KEY,
        assumed=fallback.assumed,
    )


def resolve_latency(
    model: str, overrides: Mapping[str, LatencyProfile] | None = None, *, base_model: str | None = None
) -> ResolvedLatency:
    """The latency profile for `model` (a model name or an offering id): your override, then our table; then the
    same for `base_model` (a fine-tune without its own measurement runs like its base); else the labelled
    fallback assumption (is_fallback=True)."""
    for candidate in dict.fromkeys(c for c in (model, base_model) if c):
        override = matching_override(candidate, overrides)
        if override is not None:
            return ResolvedLatency(
                model=model,
                profile=override,
                source=OVERRIDE_SOURCE,
                as_of=OVERRIDE_AS_OF,
                confidence="override",
                is_fallback=False,
                overridden=True,
                profile_model=normalize_model_name(candidate),
            )
        row = _latency_row(candidate)
        if row is not None:
            inherited = candidate != model
            source = f"No measurement of the tuned model; its base model's is used. {row.source}" if inherited else ""
            return ResolvedLatency(
                model=model,
                profile=row.profile,
                source=source or row.source,
                as_of=row.as_of,
                confidence=row.confidence,
                is_fallback=False,
                profile_model=row.model,
                assumed=row.assumed,
            )
    return _fallback_latency(model)


# ---------------------------------------------------------------- pickers


def _version_key(model_id: str) -> tuple[Any, ...]:
    # Newer generations first: "gpt-6.1-sol" before "gpt-6-sol" before "gpt-5.4-mini"; then by name.
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", model_id.split("/")[-1])[:2]]
    return (*(-n for n in numbers), len(numbers), model_id)


def _is_chat_model(model: Any) -> bool:
    if model.deprecated or _NOT_CHAT.search(model.id.lower()):
        return False
    prices = model.prices[-1].prices if isinstance(model.prices, list) and model.prices else model.prices
    return bool(prices) and getattr(prices, "input_mtok", None) is not None and prices.output_mtok is not None


@cache
def catalogue_model_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(provider name, model ids) for the model picker, from the installed snapshot: text chat models that have
    input and output prices and are not marked deprecated, providers in PICKER_PROVIDERS order, newest
    generation first within each; a model listed by an earlier provider is not repeated."""
    from genai_prices.data_snapshot import get_snapshot

    providers = {p.id: p for p in get_snapshot().providers}
    seen: set[str] = set()
    groups = []
    for provider_id in PICKER_PROVIDERS:
        provider = providers.get(provider_id)
        if provider is None:
            continue
        ids = sorted((m.id for m in provider.models if _is_chat_model(m)), key=_version_key)
        fresh = tuple(i for i in ids if normalize_model_name(i) not in seen)
        seen.update(normalize_model_name(i) for i in fresh)
        if fresh:
            groups.append((provider.name, fresh))
    return tuple(groups)


@cache
def catalogue_models() -> tuple[str, ...]:
    """The model ids the picker offers, grouped by provider and newest first (see `catalogue_model_groups`)."""
    return tuple(model for _, models in catalogue_model_groups() for model in models)


@cache
def _provider_names() -> Mapping[str, str]:
    return {model: provider for provider, models in catalogue_model_groups() for model in models}


def model_label(model: str) -> str:
    """How the picker shows a model: 'OpenAI · gpt-5.4-mini'; a name the snapshot does not list shows as typed."""
    provider = _provider_names().get(model)
    return f"{provider} · {model}" if provider else model


@cache
def embedding_models() -> tuple[str, ...]:
    """Embedding models we can price: our table's rows, then the snapshot's OpenAI embedding models."""
    ours = tuple(r.model for r in embedding_table())
    extra = tuple(m for m in ("text-embedding-ada-002",) if _catalogue_price(m).input is not None)
    return tuple(dict.fromkeys(ours + extra))
