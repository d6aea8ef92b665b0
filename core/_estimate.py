"""Cost and latency of the four strategies for one scenario, with every number's source.

Conventions:
- Prices are USD per 1M tokens. A price nobody knows is never treated as $0: it is named in
  `Estimate.missing_prices` and every dollar figure that needs it is None (NaN in the vectorised helpers).
- A missing cached-input price means cached tokens are billed at the full input price (no discount).
- Token counts per request are exact integers except `cached_tokens`, an expected value (hit rate x prefix).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from core._catalogue import (
    PriceField,
    ResolvedLatency,
    ResolvedPrice,
    pricing_rules,
    resolve_latency,
    resolve_prices,
)
from core._models import MAX_PRICE_USD_PER_MTOK, STRATEGIES, Price, Scenario, Strategy

USD_PER_MTOK = 1_000_000
MS_PER_S = 1000.0
MONTHS_PER_YEAR = 12

# The OpenAI cookbook's fine-tuning data-prep notebook: how the API picks n_epochs="auto".
_TARGET_EPOCHS = 3
_MIN_TARGET_EXAMPLES = 100
_MAX_TARGET_EXAMPLES = 25_000
_MIN_DEFAULT_EPOCHS = 1
_MAX_DEFAULT_EPOCHS = 25

_RETRIEVING: frozenset[Strategy] = frozenset({"rag", "hybrid"})
_FINE_TUNED: frozenset[Strategy] = frozenset({"fine_tuning", "hybrid"})


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TokenBreakdown(_Out):
    """Tokens of one request by part; `cached_tokens` is the share of the static prefix read from cache."""

    instruction_tokens: int
    example_tokens: int
    retrieved_tokens: int
    user_tokens: int
    output_tokens: int
    cached_tokens: float


class LatencyBreakdown(_Out):
    """Milliseconds of one request: retrieval + base TTFT + prefill = TTFT; + generation = latency."""

    retrieval_ms: float
    base_ttft_ms: float
    prefill_ms: float
    generation_ms: float


class MonthlyBreakdown(_Out):
    """USD per month by cause; None when a needed price is missing."""

    requests_usd: float | None
    vector_db_usd: float
    reembedding_usd: float | None
    retraining_usd: float | None


class OneTimeBreakdown(_Out):
    """USD paid once: embedding the corpus and the first training run."""

    corpus_embedding_usd: float | None
    training_usd: float | None


class StrategyEstimate(_Out):
    """Everything computed for one strategy; dollar fields are None when a price they need is missing."""

    strategy: Strategy
    model: str  # the model requests run on (`ft:<base>` for fine-tuned strategies)
    input_tokens: int
    cached_tokens: float
    output_tokens: int
    cost_per_request_usd: float | None
    monthly_usd: float | None
    one_time_usd: float | None
    total_usd: float | None
    ttft_ms: float
    latency_ms: float
    tokens: TokenBreakdown
    latency: LatencyBreakdown
    monthly: MonthlyBreakdown
    one_time: OneTimeBreakdown
    fixed_monthly_usd: float | None  # the part of monthly_usd that does not grow with requests
    training_run_usd: float | None  # one training run; 0 for strategies without fine-tuning
    retrains_per_year: float
    epochs: int | None
    prices: ResolvedPrice
    embedding_price: ResolvedPrice | None
    latency_profile: ResolvedLatency
    missing_prices: tuple[str, ...]


class Assumption(_Out):
    """One number the estimate used, where it came from and whether the user overrode it."""

    name: str
    value: float | str
    unit: str
    source: str
    as_of: str
    confidence: str = ""
    overridden: bool = False


class Estimate(BaseModel):
    """The four strategies side by side over `horizon_months`."""

    model_config = ConfigDict(extra="forbid")

    horizon_months: int
    requests_per_month: int
    strategies: dict[Strategy, StrategyEstimate]
    missing_prices: list[str]
    assumptions: list[Assumption]
    cheapest: Strategy | None  # lowest total_usd among strategies that could be priced


class SensitivityRow(_Out):
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


class Formula(_Out):
    """One line of the "How this is computed" panel."""

    topic: str
    words: str
    symbols: str


FORMULAS: tuple[Formula, ...] = (
    Formula(
        topic="Input tokens",
        words="Prompt-only sends the instruction, the examples and the user's text; RAG adds the retrieved "
        "chunks. The fine-tuned strategies send only what was kept of the instruction and examples.",
        symbols="prompt_only = I + E + U;  rag = I + E + U + k*C;  fine_tuning = I' + E' + U;  "
        "hybrid = I' + E' + U + k*C",
    ),
    Formula(
        topic="Cached tokens",
        words="Only the fixed start of the prompt (instruction and examples) can be cached, and only when "
        "the whole prompt reaches the provider's minimum; retrieved chunks and the user's text never are.",
        symbols="cached = h * (I + E)  if input >= 1,024 else 0",
    ),
    Formula(
        topic="Cost per request",
        words="Uncached input, cached input and output tokens at their prices, halved with the batch API; "
        "retrieval strategies also embed the user's question.",
        symbols="cost = b * ((in - cached)*P_in + cached*P_cached + out*P_out) / 1e6  [+ U*P_emb / 1e6]",
    ),
    Formula(
        topic="Monthly cost",
        words="Requests times cost per request, plus the vector database and re-embedding of changed "
        "documents for retrieval, plus retraining spread over the year for fine-tuning.",
        symbols="monthly = R*cost [+ DB + corpus*churn*P_emb/1e6] [+ train_run * retrains/12]",
    ),
    Formula(
        topic="One-time cost",
        words="Embedding the whole corpus once for retrieval; one training run for fine-tuning (training "
        "tokens times epochs times the training price).",
        symbols="one_time = corpus*P_emb/1e6 [+ N*T*epochs*P_train/1e6]",
    ),
    Formula(
        topic="Total over the horizon",
        words="One-time cost plus the monthly cost for every month of the horizon.",
        symbols="total = one_time + H * monthly",
    ),
    Formula(
        topic="Latency",
        words="Time to first token is the model's base delay plus reading the prompt (plus retrieval); the "
        "answer then streams at the model's output speed.",
        symbols="ttft = t0 + in/prefill_speed*1000 [+ retrieval_ms];  latency = ttft + out/output_speed*1000",
    ),
    Formula(
        topic="Epochs = auto",
        words="Aim for 3 passes, more for tiny datasets (so about 100 examples are seen) and fewer for huge "
        "ones (so about 25,000 are seen), as in OpenAI's fine-tuning data-prep notebook.",
        symbols="3 if 100 <= 3N <= 25,000; min(25, 100 // N) if 3N < 100; max(1, 25,000 // N) if 3N > 25,000",
    ),
)


def auto_epochs(n_examples: int) -> int:
    """Epochs OpenAI picks for n_epochs="auto" per the cookbook heuristic (20 -> 5, 500 -> 3, 10,000 -> 2).

    With no examples the small-dataset branch is used as for one example; training then costs nothing anyway.
    """
    n = max(n_examples, 1)
    if n * _TARGET_EPOCHS < _MIN_TARGET_EXAMPLES:
        return min(_MAX_DEFAULT_EPOCHS, _MIN_TARGET_EXAMPLES // n)
    if n * _TARGET_EPOCHS > _MAX_TARGET_EXAMPLES:
        return max(_MIN_DEFAULT_EPOCHS, _MAX_TARGET_EXAMPLES // n)
    return _TARGET_EPOCHS


def fine_tuned_model_name(scenario: Scenario) -> str:
    """The model name fine-tuned strategies run on: `ft:<fine_tuning.model>`."""
    base = scenario.fine_tuning.model.strip()
    return base if base.lower().startswith("ft:") else f"ft:{base}"


def _price_assumptions(prices: ResolvedPrice, label: str, fields: Sequence[PriceField]) -> list[Assumption]:
    out = []
    for field in fields:
        value = getattr(prices, field)
        src = prices.source_of(field)
        if value is None or src is None:
            continue
        out.append(
            Assumption(
                name=f"{label} {field.replace('_', '-')} price",
                value=value,
                unit="USD per 1M tokens",
                source=src.source,
                as_of=src.as_of,
                confidence=src.confidence,
                overridden=src.overridden,
            )
        )
    return out


def _latency_assumptions(resolved: ResolvedLatency) -> list[Assumption]:
    profile = resolved.profile
    return [
        Assumption(
            name=f"{resolved.model} {name}",
            value=value,
            unit=unit,
            source=resolved.source,
            as_of=resolved.as_of,
            confidence=resolved.confidence,
            overridden=resolved.overridden,
        )
        for name, value, unit in (
            ("time to first token", profile.ttft_ms, "ms"),
            ("prefill speed", profile.prefill_tokens_per_s, "tokens/s"),
            ("output speed", profile.output_tokens_per_s, "tokens/s"),
        )
    ]


def _strategy(
    scenario: Scenario,
    strategy: Strategy,
    prices: ResolvedPrice,
    embedding: ResolvedPrice,
    latency: ResolvedLatency,
    model: str,
    epochs: int,
    batch_factor: float,
    cache_min_tokens: float,
) -> StrategyEstimate:
    work, rag, ft = scenario.workload, scenario.rag, scenario.fine_tuning
    retrieves = strategy in _RETRIEVING
    tuned = strategy in _FINE_TUNED

    instruction = ft.kept_instruction_tokens if tuned else work.instruction_tokens
    examples = ft.kept_example_tokens if tuned else work.example_tokens
    retrieved = rag.top_k * rag.chunk_tokens if retrieves else 0
    input_tokens = instruction + examples + retrieved + work.user_tokens
    static_prefix = instruction + examples
    cached = work.cache_hit_rate * static_prefix if input_tokens >= cache_min_tokens else 0.0

    missing: list[str] = []
    if prices.input is None:
        missing.append(f"{model} input price")
    if prices.output is None:
        missing.append(f"{model} output price")
    embedding_missing = retrieves and embedding.input is None
    if embedding_missing:
        missing.append(f"{rag.embedding_model} embedding price")
    training_missing = tuned and prices.training is None
    if training_missing:
        missing.append(f"{model} training price")

    cost_per_request: float | None = None
    if prices.input is not None and prices.output is not None and not embedding_missing:
        cached_price = prices.cached_input if prices.cached_input is not None else prices.input
        llm_usd = (
            (input_tokens - cached) * prices.input + cached * cached_price + work.output_tokens * prices.output
        ) / USD_PER_MTOK
        cost_per_request = batch_factor * llm_usd
        if retrieves and embedding.input is not None:
            cost_per_request += work.user_tokens * embedding.input / USD_PER_MTOK

    emb_price = embedding.input
    vector_db = rag.vector_db_usd_per_month if retrieves else 0.0
    reembedding: float | None = 0.0
    corpus_embedding: float | None = 0.0
    if retrieves:
        reembedding = None if emb_price is None else rag.corpus_tokens * rag.monthly_churn * emb_price / USD_PER_MTOK
        corpus_embedding = None if emb_price is None else rag.corpus_tokens * emb_price / USD_PER_MTOK
    training_run: float | None = 0.0
    retraining: float | None = 0.0
    if tuned:
        training_run = (
            None
            if prices.training is None
            else ft.training_examples * ft.tokens_per_example * epochs * prices.training / USD_PER_MTOK
        )
        retraining = None if training_run is None else training_run * ft.retrains_per_year / MONTHS_PER_YEAR

    requests_usd = None if cost_per_request is None else work.requests_per_month * cost_per_request
    fixed = None if reembedding is None or retraining is None else vector_db + reembedding + retraining
    monthly = None if requests_usd is None or fixed is None else requests_usd + fixed
    one_time = None if corpus_embedding is None or training_run is None else corpus_embedding + training_run
    total = None if monthly is None or one_time is None else one_time + scenario.horizon_months * monthly

    profile = latency.profile
    retrieval_ms = rag.retrieval_ms if retrieves else 0.0
    prefill_ms = input_tokens / profile.prefill_tokens_per_s * MS_PER_S
    generation_ms = work.output_tokens / profile.output_tokens_per_s * MS_PER_S
    ttft = profile.ttft_ms + prefill_ms + retrieval_ms

    return StrategyEstimate(
        strategy=strategy,
        model=model,
        input_tokens=input_tokens,
        cached_tokens=cached,
        output_tokens=work.output_tokens,
        cost_per_request_usd=cost_per_request,
        monthly_usd=monthly,
        one_time_usd=one_time,
        total_usd=total,
        ttft_ms=ttft,
        latency_ms=ttft + generation_ms,
        tokens=TokenBreakdown(
            instruction_tokens=instruction,
            example_tokens=examples,
            retrieved_tokens=retrieved,
            user_tokens=work.user_tokens,
            output_tokens=work.output_tokens,
            cached_tokens=cached,
        ),
        latency=LatencyBreakdown(
            retrieval_ms=retrieval_ms,
            base_ttft_ms=profile.ttft_ms,
            prefill_ms=prefill_ms,
            generation_ms=generation_ms,
        ),
        monthly=MonthlyBreakdown(
            requests_usd=requests_usd,
            vector_db_usd=vector_db,
            reembedding_usd=reembedding,
            retraining_usd=retraining,
        ),
        one_time=OneTimeBreakdown(corpus_embedding_usd=corpus_embedding, training_usd=training_run),
        fixed_monthly_usd=fixed,
        training_run_usd=training_run,
        retrains_per_year=ft.retrains_per_year if tuned else 0.0,
        epochs=epochs if tuned else None,
        prices=prices,
        embedding_price=embedding if retrieves else None,
        latency_profile=latency,
        missing_prices=tuple(missing),
    )


def estimate(scenario: Scenario) -> Estimate:
    """Tokens, cost and latency of prompt_only, rag, fine_tuning and hybrid for `scenario`."""
    rules = pricing_rules()
    batch_rule, cache_rule = rules["batch_factor"], rules["cache_min_prompt_tokens"]
    batch_factor = batch_rule.value if scenario.workload.batch else 1.0
    ft = scenario.fine_tuning
    epochs = auto_epochs(ft.training_examples) if ft.epochs == "auto" else ft.epochs

    base_model = scenario.model.strip()
    tuned_model = fine_tuned_model_name(scenario)
    base_prices = resolve_prices(base_model, scenario.prices)
    tuned_prices = resolve_prices(tuned_model, scenario.prices)
    embedding = resolve_prices(scenario.rag.embedding_model, scenario.prices)
    base_latency = resolve_latency(base_model, scenario.latency)
    tuned_latency = resolve_latency(tuned_model, scenario.latency)

    strategies: dict[Strategy, StrategyEstimate] = {}
    for strategy in STRATEGIES:
        tuned = strategy in _FINE_TUNED
        strategies[strategy] = _strategy(
            scenario,
            strategy,
            tuned_prices if tuned else base_prices,
            embedding,
            tuned_latency if tuned else base_latency,
            tuned_model if tuned else base_model,
            epochs,
            batch_factor,
            cache_rule.value,
        )

    missing = list(dict.fromkeys(m for s in strategies.values() for m in s.missing_prices))
    assumptions = _assumptions(scenario, base_prices, tuned_prices, embedding, base_latency, tuned_latency, epochs)
    priced = [(s.total_usd, name) for name, s in strategies.items() if s.total_usd is not None]
    cheapest = min(priced)[1] if priced else None
    return Estimate(
        horizon_months=scenario.horizon_months,
        requests_per_month=scenario.workload.requests_per_month,
        strategies=strategies,
        missing_prices=missing,
        assumptions=assumptions,
        cheapest=cheapest,
    )


def _assumptions(
    scenario: Scenario,
    base_prices: ResolvedPrice,
    tuned_prices: ResolvedPrice,
    embedding: ResolvedPrice,
    base_latency: ResolvedLatency,
    tuned_latency: ResolvedLatency,
    epochs: int,
) -> list[Assumption]:
    rules = pricing_rules()
    base_label, tuned_label = scenario.model.strip(), fine_tuned_model_name(scenario)
    out = _price_assumptions(base_prices, base_label, ("input", "cached_input", "output"))
    out += _price_assumptions(tuned_prices, tuned_label, ("input", "cached_input", "output", "training"))
    out += [
        a.model_copy(update={"name": f"{scenario.rag.embedding_model} embedding price"})
        for a in _price_assumptions(embedding, scenario.rag.embedding_model, ("input",))
    ]
    for label, prices in ((base_label, base_prices), (tuned_label, tuned_prices)):
        if prices.input is not None and prices.cached_input is None:
            out.append(
                Assumption(
                    name=f"{label} cached-input price",
                    value="not listed: cached tokens billed at the full input price",
                    unit="",
                    source="no cached-input price in the catalogue or your overrides",
                    as_of="",
                    confidence="assumption",
                )
            )
    out += _latency_assumptions(base_latency)
    if tuned_latency.profile_model != base_latency.profile_model or tuned_latency.overridden:
        out += _latency_assumptions(tuned_latency)
    for rule, used in (
        (rules["batch_factor"], scenario.workload.batch),
        (rules["cache_min_prompt_tokens"], scenario.workload.cache_hit_rate > 0),
    ):
        if used:
            out.append(
                Assumption(
                    name=rule.rule.replace("_", " "),
                    value=rule.value,
                    unit=rule.unit,
                    source=rule.source,
                    as_of=rule.as_of,
                    confidence=rule.confidence,
                )
            )
    if scenario.fine_tuning.epochs == "auto":
        out.append(
            Assumption(
                name="epochs (auto)",
                value=float(epochs),
                unit="passes over the training file",
                source="OpenAI cookbook fine-tuning data-prep notebook: the n_epochs='auto' heuristic",
                as_of="",
                confidence="V",
            )
        )
    return list({a.name: a for a in out}.values())


def _total_line(est: StrategyEstimate, horizon: int) -> tuple[float, float] | None:
    """(intercept, slope): total_usd as a function of monthly requests, or None when unpriced."""
    if est.one_time_usd is None or est.fixed_monthly_usd is None or est.cost_per_request_usd is None:
        return None
    return est.one_time_usd + horizon * est.fixed_monthly_usd, horizon * est.cost_per_request_usd


def break_even_requests(scenario: Scenario, a: Strategy, b: Strategy) -> float | None:
    """Monthly requests at which a and b cost the same over the horizon; None if they never cross above 0.

    Also None when either strategy cannot be priced or the two lines coincide or run parallel.
    """
    result = estimate(scenario)
    line_a = _total_line(result.strategies[a], scenario.horizon_months)
    line_b = _total_line(result.strategies[b], scenario.horizon_months)
    if line_a is None or line_b is None:
        return None
    slope_gap = line_a[1] - line_b[1]
    if slope_gap == 0:
        return None
    volume = (line_b[0] - line_a[0]) / slope_gap
    return volume if volume > 0 and math.isfinite(volume) else None


def volume_sweep(
    scenario: Scenario,
    volumes: Sequence[float] | npt.NDArray[np.float64],
    *,
    precomputed: Estimate | None = None,
) -> dict[Strategy, npt.NDArray[np.float64]]:
    """monthly_usd of each strategy at each monthly request volume (NaN where a price is missing).

    Pass `precomputed=estimate(scenario)` to reuse an estimate you already have.
    """
    result = precomputed if precomputed is not None else estimate(scenario)
    v = np.asarray(volumes, dtype=np.float64)
    out: dict[Strategy, npt.NDArray[np.float64]] = {}
    for name, est in result.strategies.items():
        if est.cost_per_request_usd is None or est.fixed_monthly_usd is None:
            out[name] = np.full(v.shape, np.nan)
        else:
            out[name] = v * est.cost_per_request_usd + est.fixed_monthly_usd
    return out


def cumulative_costs(result: Estimate, months: int | None = None) -> dict[Strategy, list[float]]:
    """Cumulative USD spent at the end of months 0..months (default: the horizon), per strategy.

    Month 0 holds the one-time costs (corpus embedding, first training run). Retraining is charged as whole
    runs every 12 / retrains_per_year months (a step) rather than spread evenly, so at the horizon the curve
    can differ from total_usd (which spreads retraining smoothly) by less than one run. NaN when unpriced.
    """
    horizon = result.horizon_months if months is None else months
    out: dict[Strategy, list[float]] = {}
    for name, est in result.strategies.items():
        if est.monthly_usd is None or est.one_time_usd is None or est.training_run_usd is None:
            out[name] = [math.nan] * (horizon + 1)
            continue
        retraining = est.monthly.retraining_usd or 0.0
        steady = est.monthly_usd - retraining
        per_month = est.retrains_per_year / MONTHS_PER_YEAR
        # The tiny epsilon keeps 12 retrains/year from losing a run to float rounding.
        out[name] = [
            est.one_time_usd + m * steady + math.floor(m * per_month + 1e-9) * est.training_run_usd
            for m in range(horizon + 1)
        ]
    return out


_Scaler = Literal[
    "requests_per_month",
    "static_prompt_tokens",
    "kept_prompt_tokens",
    "output_tokens",
    "user_tokens",
    "retrieved_tokens",
    "cache_hit_rate",
    "training_examples",
    "retrains_per_year",
    "corpus_tokens",
    "vector_db_usd_per_month",
    "model_price",
    "fine_tuned_price",
]

_SENSITIVITY_LABELS: dict[_Scaler, str] = {
    "requests_per_month": "Requests per month",
    "static_prompt_tokens": "Instruction + example tokens",
    "kept_prompt_tokens": "Prompt kept after fine-tuning",
    "output_tokens": "Output tokens",
    "user_tokens": "User input tokens",
    "retrieved_tokens": "Retrieved context (top_k x chunk)",
    "cache_hit_rate": "Cache hit rate",
    "training_examples": "Training examples",
    "retrains_per_year": "Retrains per year",
    "corpus_tokens": "Corpus size",
    "vector_db_usd_per_month": "Vector database per month",
    "model_price": "Base model prices",
    "fine_tuned_price": "Fine-tuned model prices (incl. training)",
}


def _scaled_price(prices: ResolvedPrice, factor: float) -> Price:
    # Capped at the model's bound so +50 % on an extreme (but valid) price still yields a valid override.
    def scale(value: float | None) -> float | None:
        return None if value is None else min(value * factor, MAX_PRICE_USD_PER_MTOK)

    return Price(
        input=scale(prices.input),
        cached_input=scale(prices.cached_input),
        output=scale(prices.output),
        training=scale(prices.training),
    )


def _scaled(scenario: Scenario, which: _Scaler, factor: float) -> tuple[Scenario, float]:
    """A copy of the scenario with one input multiplied by `factor`, and that input's new value."""
    w, r, f = scenario.workload, scenario.rag, scenario.fine_tuning

    def with_workload(**update: object) -> Scenario:
        return scenario.model_copy(update={"workload": w.model_copy(update=update)})

    def with_rag(**update: object) -> Scenario:
        return scenario.model_copy(update={"rag": r.model_copy(update=update)})

    def with_ft(**update: object) -> Scenario:
        return scenario.model_copy(update={"fine_tuning": f.model_copy(update=update)})

    if which == "requests_per_month":
        v = round(w.requests_per_month * factor)
        return with_workload(requests_per_month=v), v
    if which == "static_prompt_tokens":
        i, e = round(w.instruction_tokens * factor), round(w.example_tokens * factor)
        return with_workload(instruction_tokens=i, example_tokens=e), i + e
    if which == "kept_prompt_tokens":
        i, e = round(f.kept_instruction_tokens * factor), round(f.kept_example_tokens * factor)
        return with_ft(kept_instruction_tokens=i, kept_example_tokens=e), i + e
    if which == "output_tokens":
        v = round(w.output_tokens * factor)
        return with_workload(output_tokens=v), v
    if which == "user_tokens":
        v = round(w.user_tokens * factor)
        return with_workload(user_tokens=v), v
    if which == "retrieved_tokens":
        v = round(r.chunk_tokens * factor)
        return with_rag(chunk_tokens=v), r.top_k * v
    if which == "cache_hit_rate":
        rate = min(1.0, w.cache_hit_rate * factor)
        return with_workload(cache_hit_rate=rate), rate
    if which == "training_examples":
        v = round(f.training_examples * factor)
        return with_ft(training_examples=v), v
    if which == "retrains_per_year":
        rate = f.retrains_per_year * factor
        return with_ft(retrains_per_year=rate), rate
    if which == "corpus_tokens":
        v = round(r.corpus_tokens * factor)
        return with_rag(corpus_tokens=v), v
    if which == "vector_db_usd_per_month":
        usd = r.vector_db_usd_per_month * factor
        return with_rag(vector_db_usd_per_month=usd), usd
    model = scenario.model if which == "model_price" else fine_tuned_model_name(scenario)
    prices = resolve_prices(model, scenario.prices)
    new_prices = {**scenario.prices, model: _scaled_price(prices, factor)}
    return scenario.model_copy(update={"prices": new_prices}), (prices.input or 0.0) * factor


def sensitivity(scenario: Scenario, factor: float = 0.5) -> list[SensitivityRow]:
    """For each main input, the horizon-cost gap between the two cheapest strategies at -factor and +factor.

    The two strategies are fixed at base values; gap = total_usd(dearer) - total_usd(cheaper), so a negative
    gap means the ranking flips. Rows are sorted by swing (largest first); empty if fewer than two strategies
    can be priced.
    """
    base = estimate(scenario)
    priced = sorted((s.total_usd, name) for name, s in base.strategies.items() if s.total_usd is not None)
    if len(priced) < 2:
        return []
    (cheap_total, cheaper), (dear_total, dearer) = priced[0], priced[1]

    def gap(s: Scenario) -> float:
        result = estimate(s)
        low, high = result.strategies[cheaper].total_usd, result.strategies[dearer].total_usd
        return math.nan if low is None or high is None else high - low

    rows = []
    for which, label in _SENSITIVITY_LABELS.items():
        low_scenario, low_value = _scaled(scenario, which, 1 - factor)
        high_scenario, high_value = _scaled(scenario, which, 1 + factor)
        _, base_value = _scaled(scenario, which, 1.0)
        rows.append(
            SensitivityRow(
                input=which,
                label=label,
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
