"""Cost and latency of the four strategies for one scenario, with every number's source.

Conventions:
- Prices are USD per 1M tokens. A price nobody knows is never treated as $0: it is named in
  `Estimate.missing_prices` and every dollar figure that needs it is None (NaN in the vectorised helpers).
- A missing cached-input price means cached tokens are billed at the full input price (no discount); a missing
  cache-write price means writes cost the input price (times the provider's write multiplier, if it has one), the
  batch input price inside a batch. Batch and cache combine per provider as assets/prices/batch.csv says.
- Token counts per request are exact integers except the cache reads and writes, expected values (hit rate x
  cacheable prefix).
- prompt_only and rag run on the answering model (`Scenario.model`); fine_tuning and hybrid run on the fine-tuning
  offering (`Scenario.fine_tuning.offering`), which is paid for the way it is served (core._offerings).
- People's time (`Scenario.people`) is a layer of its own in the one-time and monthly figures, switched off by
  `people.include`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from core._assumptions import Assumption, assumptions
from core._base import Frozen
from core._billing import BatchRule, CachingRule, batch_rule, caching_rule, is_reasoning_model, reasoning_rule
from core._catalogue import ResolvedLatency, ResolvedPrice, resolve_latency, resolve_prices
from core._decision import recommend
from core._estimate_notes import estimate_notes, strategy_end
from core._models import STRATEGIES, Scenario, Strategy, uses_fine_tuning, uses_retrieval
from core._offering_prices import ResolvedOffering, resolve_offering
from core._people import people_defaults

USD_PER_MTOK = 1_000_000
MS_PER_S = 1000.0
MONTHS_PER_YEAR = 12
HOURS_PER_MONTH = 24 * 365 / 12  # 730: a deployment billed around the clock
DAYS_PER_MONTH = 365 / 12
SECONDS_PER_HOUR = 3600
MINUTES_PER_HOUR = 60

# The OpenAI cookbook's fine-tuning data-prep notebook: how the API picks n_epochs="auto".
_TARGET_EPOCHS = 3
_MIN_TARGET_EXAMPLES = 100
_MAX_TARGET_EXAMPLES = 25_000
_MIN_DEFAULT_EPOCHS = 1
_MAX_DEFAULT_EPOCHS = 25

Serving = Literal["none", "serverless", "hourly_hosting", "dedicated_gpu", "provisioned"]


class TokenBreakdown(Frozen):
    """Tokens of one request by part; cache reads and writes are expected values over requests."""

    instruction_tokens: int
    example_tokens: int
    retrieved_tokens: int
    user_tokens: int
    output_tokens: int
    reasoning_tokens: int
    cacheable_tokens: int  # of the static prefix, what the provider's rule lets it cache
    cached_tokens: float  # read from the cache per request (hit rate x cacheable)
    cache_write_tokens: float  # written to the cache per request (misses x cacheable), where writes are billed


class LatencyBreakdown(Frozen):
    """Milliseconds of one request: retrieval + base TTFT + prefill + reasoning = TTFT; + generation = latency."""

    retrieval_ms: float
    base_ttft_ms: float
    prefill_ms: float
    reasoning_ms: float
    generation_ms: float
    batch_window: str = ""  # with the batch API: when results arrive ("within 24 hours"), instead of seconds


class MonthlyBreakdown(Frozen):
    """USD per month by cause; None when a needed price is missing."""

    requests_usd: float | None
    vector_db_usd: float
    reembedding_usd: float | None
    retraining_usd: float | None
    hosting_usd: float | None = 0.0  # hosting fee, GPU replicas or provisioned units
    storage_usd: float | None = 0.0
    people_usd: float = 0.0


class OneTimeBreakdown(Frozen):
    """USD paid once: embedding the corpus, the first training run, and people's set-up time."""

    corpus_embedding_usd: float | None
    training_usd: float | None
    people_usd: float = 0.0


class ServingPlan(Frozen):
    """How a strategy's model is paid for beyond its tokens, and how that grows with volume."""

    mode: Serving
    usd_per_hour: float | None  # of one deployment, replica or unit; None when unknown
    hours_per_month: float
    units: int  # deployments, replicas or capacity units needed at this volume
    replica: str = ""
    tokens_per_s_per_replica: float | None = None  # output tokens one replica sustains (dedicated_gpu)
    peak_tokens_per_s: float = 0.0
    tokens_per_request: int = 0  # output + reasoning tokens, what replicas are sized on
    seconds_per_month: float = 0.0  # the seconds in which requests arrive
    peak_factor: float = 1.0

    @property
    def monthly_usd(self) -> float | None:
        """What this serving costs a month at the estimate's volume (None when a price or the throughput is unknown)."""
        if self.usd_per_hour is None or (self.mode == "dedicated_gpu" and not self.tokens_per_s_per_replica):
            return None
        return self.units * self.usd_per_hour * self.hours_per_month

    def units_at(self, requests_per_month: float) -> int:
        """Deployments, replicas or units needed at another monthly volume (replicas step up with volume)."""
        if self.mode != "dedicated_gpu" or not self.tokens_per_s_per_replica:
            return self.units
        return replicas_needed(self, requests_per_month)


def replicas_needed(plan: ServingPlan, requests_per_month: float) -> int:
    """Replicas = ceil(peak output tokens per second / tokens per second one replica sustains), at least one."""
    if not plan.tokens_per_s_per_replica or plan.seconds_per_month <= 0:
        return 1
    peak = requests_per_month * plan.tokens_per_request / plan.seconds_per_month * plan.peak_factor
    return max(1, math.ceil(peak / plan.tokens_per_s_per_replica - 1e-9))


class StrategyEstimate(Frozen):
    """Everything computed for one strategy; dollar fields are None when a price they need is missing."""

    strategy: Strategy
    model: str  # the model requests run on (the offering's base model for fine-tuned strategies)
    offering: str | None  # the fine-tuning offering id, for fine_tuning and hybrid
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
    serving: ServingPlan
    fixed_monthly_usd: float | None  # the part of monthly_usd that does not grow with requests (serving excluded)
    training_run_usd: float | None  # one training run; 0 for strategies without fine-tuning
    retrains_per_year: float
    epochs: int | None
    batched: bool  # the batch API's prices apply to this strategy
    prices: ResolvedPrice
    embedding_price: ResolvedPrice | None
    latency_profile: ResolvedLatency
    missing_prices: tuple[str, ...]
    # Does this strategy fix what Diagnose found? `does_not_fix` says why not in one line ("" when it does).
    fixes_diagnosis: bool = True
    does_not_fix: str = ""
    # Whether the offering lets it run for the whole horizon; `end_note` says why not ("" when it does).
    runs_whole_horizon: bool = True
    end_note: str = ""
    ends_on: dt.date | None = None


class Estimate(Frozen):
    """The four strategies side by side over `horizon_months`, starting `starts_on`."""

    horizon_months: int
    requests_per_month: int
    starts_on: dt.date
    strategies: dict[Strategy, StrategyEstimate]
    missing_prices: list[str]
    assumptions: list[Assumption]
    notes: list[str]  # plain-language notes: end dates, what is compared with what, understated costs
    # Lowest total_usd among priced strategies that fix the diagnosed problem and can run the whole horizon.
    cheapest: Strategy | None
    cheapest_overall: Strategy | None  # lowest total_usd among all priced strategies, whatever they fix
    people_included: bool


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


# ---------------------------------------------------------------- one request


class _Rates(Frozen):
    """The per-token prices one strategy pays, after caching and batch rules (None = unknown)."""

    input: float | None
    cached: float | None
    write: float | None
    output: float | None
    cache: CachingRule
    batch: BatchRule | None  # None: batch not used (or not allowed) for this strategy


def _rates(prices: ResolvedPrice, provider: str, model: str, batch: BatchRule | None) -> _Rates:
    cache = caching_rule(provider, model)
    full_input = prices.input
    cached = prices.cached_input if prices.cached_input is not None else full_input
    write = prices.cache_write
    if write is None and full_input is not None:
        write = full_input * (cache.write_multiplier or 1.0)
    output = prices.output
    if batch is None or full_input is None or output is None:
        return _Rates(input=full_input, cached=cached, write=write, output=output, cache=cache, batch=None)
    factor = batch.batch_factor if batch.batch_factor is not None else 1.0
    batch_input = prices.batch_input if prices.batch_input is not None else full_input * factor
    return _Rates(
        input=batch_input,
        cached=_batch_cached(prices, batch, cached, batch_input, factor),
        write=_batch_write(prices, batch, cache, batch_input, factor),
        output=prices.batch_output if prices.batch_output is not None else output * factor,
        cache=cache,
        batch=batch,
    )


def _batch_cached(
    prices: ResolvedPrice, batch: BatchRule, cached: float | None, batch_input: float, factor: float
) -> float | None:
    """A cached token inside a batch: the catalogue's batch cached price where it lists one; else both discounts
    (the provider says they stack), the cache price (it takes precedence), or the dearer reading (nobody says)."""
    if prices.batch_cached_input is not None or cached is None:
        return prices.batch_cached_input
    if batch.stacks_with_cache == "yes":
        return cached * factor
    if batch.stacks_with_cache == "no":
        return cached
    return max(batch_input, cached)


def _batch_write(
    prices: ResolvedPrice, batch: BatchRule, cache: CachingRule, batch_input: float, factor: float
) -> float | None:
    """A cache write inside a batch: the catalogue's batch write price where it lists one; with no write price of
    its own a write is an input token (times the provider's write multiplier) at the batch rate; a listed live
    write price gets the batch discount only where the provider says the discounts stack."""
    if prices.batch_cache_write is not None:
        return prices.batch_cache_write
    if prices.cache_write is None:
        return batch_input * (cache.write_multiplier or 1.0)
    return prices.cache_write * factor if batch.stacks_with_cache == "yes" else prices.cache_write


def _tokens(scenario: Scenario, strategy: Strategy, rates: _Rates, reasons: bool) -> TokenBreakdown:
    work, rag, ft = scenario.workload, scenario.rag, scenario.fine_tuning
    tuned = uses_fine_tuning(strategy)
    instruction = ft.kept_instruction_tokens if tuned else work.instruction_tokens
    examples = ft.kept_example_tokens if tuned else work.example_tokens
    # Only the static prefix (instruction, then examples) repeats across requests; retrieved chunks come after it.
    cacheable = rates.cache.cacheable(instruction + examples)
    hit = work.cache_hit_rate
    # A write priced like an input token needs no line of its own; one dearer or cheaper (an override) does.
    writes_billed = rates.write is not None and rates.input is not None and rates.write != rates.input
    return TokenBreakdown(
        instruction_tokens=instruction,
        example_tokens=examples,
        retrieved_tokens=rag.top_k * rag.chunk_tokens if uses_retrieval(strategy) else 0,
        user_tokens=work.user_tokens,
        output_tokens=work.output_tokens,
        reasoning_tokens=work.reasoning_tokens if reasons else 0,
        cacheable_tokens=cacheable,
        cached_tokens=hit * cacheable,
        cache_write_tokens=(1 - hit) * cacheable if hit > 0 and writes_billed else 0.0,
    )


def _input_total(tokens: TokenBreakdown) -> int:
    return tokens.instruction_tokens + tokens.example_tokens + tokens.retrieved_tokens + tokens.user_tokens


def _request_usd(tokens: TokenBreakdown, rates: _Rates, embedding: float | None, retrieves: bool) -> float | None:
    if rates.input is None or rates.output is None or (retrieves and embedding is None):
        return None
    cached_price = rates.cached if rates.cached is not None else rates.input
    write_price = rates.write if rates.write is not None else rates.input
    plain = _input_total(tokens) - tokens.cached_tokens - tokens.cache_write_tokens
    usd = (
        plain * rates.input
        + tokens.cached_tokens * cached_price
        + tokens.cache_write_tokens * write_price
        + (tokens.output_tokens + tokens.reasoning_tokens) * rates.output
    ) / USD_PER_MTOK
    if retrieves and embedding is not None:
        usd += tokens.user_tokens * embedding / USD_PER_MTOK  # the question is embedded to search the index
    return usd


def _latency(
    scenario: Scenario, tokens: TokenBreakdown, profile: ResolvedLatency, retrieves: bool, window: str
) -> LatencyBreakdown:
    speed = profile.profile
    return LatencyBreakdown(
        retrieval_ms=scenario.rag.retrieval_ms if retrieves else 0.0,
        base_ttft_ms=speed.ttft_ms,
        prefill_ms=_input_total(tokens) / speed.prefill_tokens_per_s * MS_PER_S,
        reasoning_ms=tokens.reasoning_tokens / speed.output_tokens_per_s * MS_PER_S,
        generation_ms=tokens.output_tokens / speed.output_tokens_per_s * MS_PER_S,
        batch_window=window,
    )


# ---------------------------------------------------------------- what a month and a start cost


def _serving_plan(scenario: Scenario, resolved: ResolvedOffering | None, tokens: TokenBreakdown) -> ServingPlan:
    if resolved is None or resolved.offering.serving == "serverless":
        return ServingPlan(
            mode="none" if resolved is None else "serverless", usd_per_hour=0.0, hours_per_month=0, units=0
        )
    mode = resolved.offering.serving
    work = scenario.workload
    if mode == "hourly_hosting":
        return ServingPlan(
            mode=mode,
            usd_per_hour=resolved.hosting_usd_per_hour,
            hours_per_month=HOURS_PER_MONTH,
            units=1,
            replica=resolved.offering.replica,
        )
    if mode == "provisioned":
        return ServingPlan(
            mode=mode,
            usd_per_hour=resolved.hosting_usd_per_hour,
            hours_per_month=HOURS_PER_MONTH,
            units=scenario.fine_tuning.units,
            replica=resolved.offering.replica,
        )
    hours = work.hours_per_day * DAYS_PER_MONTH
    plan = ServingPlan(
        mode=mode,
        usd_per_hour=resolved.hosting_usd_per_hour,
        hours_per_month=hours,
        units=1,
        replica=resolved.offering.replica,
        tokens_per_s_per_replica=resolved.tokens_per_s_per_replica,
        tokens_per_request=tokens.output_tokens + tokens.reasoning_tokens,
        seconds_per_month=hours * SECONDS_PER_HOUR,
        peak_factor=work.peak_factor,
    )
    units = replicas_needed(plan, work.requests_per_month)
    peak = work.requests_per_month * plan.tokens_per_request / plan.seconds_per_month * work.peak_factor
    return plan.model_copy(update={"units": units, "peak_tokens_per_s": peak})


def _training_run(scenario: Scenario, resolved: ResolvedOffering, epochs: int) -> float | None:
    ft = scenario.fine_tuning
    if resolved.offering.training_billing == "per_hour":
        price, hours = resolved.training_usd_per_hour, ft.training_hours
        run = None if price is None or hours is None else price * hours
    else:
        price = resolved.training_usd_per_mtok
        tokens = ft.training_examples * ft.tokens_per_example * epochs
        run = None if price is None else tokens * price / USD_PER_MTOK
    if run is None or ft.training_examples == 0:
        return None if run is None else 0.0
    minimum, cap = resolved.min_job_usd, resolved.offering.max_job_usd
    run = max(run, minimum) if minimum is not None else run
    return min(run, cap) if cap is not None else run


def _people_usd(scenario: Scenario, strategy: Strategy) -> tuple[float, float]:
    """(one-time, monthly) USD of people's time for a strategy; (0, 0) when people's time is switched off."""
    people = scenario.people
    if not people.include:
        return 0.0, 0.0
    day_hours = people_defaults().hours_per_working_day.value
    hours = people.setup_days[strategy] * day_hours + people.eval_examples * people.minutes_per_example / 60
    if uses_fine_tuning(strategy):
        to_write = max(0, scenario.fine_tuning.training_examples - scenario.answers.labeled_examples)
        hours += to_write * people.minutes_per_example / MINUTES_PER_HOUR
    rate = people.hourly_rate_usd
    return hours * rate, people.maintenance_hours_per_month[strategy] * rate


# ---------------------------------------------------------------- one strategy


class _Inputs(Frozen):
    """What one strategy is computed from (resolved once per estimate)."""

    model: str
    provider: str
    prices: ResolvedPrice
    embedding: ResolvedPrice
    latency: ResolvedLatency
    offering: ResolvedOffering | None
    batch: BatchRule | None
    epochs: int
    reasons: bool


def _missing(
    inputs: _Inputs, strategy: Strategy, scenario: Scenario, plan: ServingPlan, run: float | None
) -> list[str]:
    label = inputs.offering.offering.label if inputs.offering else inputs.model
    missing = [f"{label} {field} price" for field in ("input", "output") if getattr(inputs.prices, field) is None]
    if uses_retrieval(strategy) and inputs.embedding.input is None:
        missing.append(f"{scenario.rag.embedding_model} embedding price")
    if inputs.offering is not None:
        if run is None:
            per_hour = inputs.offering.offering.training_billing == "per_hour"
            missing.append(f"{label} training " + ("hours and price per hour" if per_hour else "price"))
        if plan.usd_per_hour is None:
            missing.append(f"{label} price per hour of {plan.replica or 'one deployment'}")
        if plan.mode == "dedicated_gpu" and not plan.tokens_per_s_per_replica:
            missing.append(f"{label} tokens per second one replica sustains")
    return missing


def _strategy(scenario: Scenario, strategy: Strategy, inputs: _Inputs) -> StrategyEstimate:
    work, rag, ft = scenario.workload, scenario.rag, scenario.fine_tuning
    retrieves, tuned = uses_retrieval(strategy), uses_fine_tuning(strategy)
    rates = _rates(inputs.prices, inputs.provider, inputs.model, inputs.batch)
    tokens = _tokens(scenario, strategy, rates, inputs.reasons)
    per_request = _request_usd(tokens, rates, inputs.embedding.input, retrieves)
    plan = _serving_plan(scenario, inputs.offering if tuned else None, tokens)
    run = _training_run(scenario, inputs.offering, inputs.epochs) if tuned and inputs.offering else 0.0
    emb = inputs.embedding.input
    reembed = (
        (None if emb is None else rag.corpus_tokens * rag.monthly_churn * emb / USD_PER_MTOK) if retrieves else 0.0
    )
    corpus = (None if emb is None else rag.corpus_tokens * emb / USD_PER_MTOK) if retrieves else 0.0
    # Without retraining no training run is billed in a month, so an unknown training price leaves it known.
    retrains = ft.retrains_per_year if tuned else 0.0
    retraining = 0.0 if retrains == 0 else (None if run is None else run * retrains / MONTHS_PER_YEAR)
    storage = (inputs.offering.storage_usd_per_month or 0.0) if tuned and inputs.offering else 0.0
    people_once, people_monthly = _people_usd(scenario, strategy)
    monthly = MonthlyBreakdown(
        requests_usd=None if per_request is None else work.requests_per_month * per_request,
        vector_db_usd=rag.vector_db_usd_per_month if retrieves else 0.0,
        reembedding_usd=reembed,
        retraining_usd=retraining,
        hosting_usd=plan.monthly_usd,
        storage_usd=storage,
        people_usd=people_monthly,
    )
    one_time = OneTimeBreakdown(corpus_embedding_usd=corpus, training_usd=run, people_usd=people_once)
    fixed = _sum(monthly.vector_db_usd, reembed, retraining, storage, people_monthly)
    month = _sum(monthly.requests_usd, fixed, plan.monthly_usd)
    once = _sum(corpus, run, people_once)
    latency = _latency(scenario, tokens, inputs.latency, retrieves, inputs.batch.window if inputs.batch else "")
    ttft = latency.retrieval_ms + latency.base_ttft_ms + latency.prefill_ms + latency.reasoning_ms
    return StrategyEstimate(
        strategy=strategy,
        model=inputs.model,
        offering=inputs.offering.offering.id if tuned and inputs.offering else None,
        input_tokens=_input_total(tokens),
        cached_tokens=tokens.cached_tokens,
        output_tokens=work.output_tokens,
        cost_per_request_usd=per_request,
        monthly_usd=month,
        one_time_usd=once,
        total_usd=None if month is None or once is None else once + scenario.horizon_months * month,
        ttft_ms=ttft,
        latency_ms=ttft + latency.generation_ms,
        tokens=tokens,
        latency=latency,
        monthly=monthly,
        one_time=one_time,
        serving=plan,
        fixed_monthly_usd=fixed,
        training_run_usd=run,
        retrains_per_year=ft.retrains_per_year if tuned else 0.0,
        epochs=inputs.epochs if tuned else None,
        batched=inputs.batch is not None,
        prices=inputs.prices,
        embedding_price=inputs.embedding if retrieves else None,
        latency_profile=inputs.latency,
        missing_prices=tuple(_missing(inputs, strategy, scenario, plan, run)),
    )


def _sum(*values: float | None) -> float | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


# ---------------------------------------------------------------- the estimate


def _base_inputs(scenario: Scenario, epochs: int) -> _Inputs:
    model = scenario.model.strip()
    prices = resolve_prices(model, scenario.prices)
    provider = prices.provider
    batch = batch_rule(provider) if scenario.workload.batch else None
    return _Inputs(
        model=model,
        provider=provider,
        prices=prices,
        embedding=resolve_prices(scenario.rag.embedding_model, scenario.prices),
        latency=resolve_latency(model, scenario.latency),
        offering=None,
        batch=batch,
        epochs=epochs,
        reasons=True,  # the answering model's reasoning tokens are what the user entered for it
    )


def _tuned_inputs(scenario: Scenario, base: _Inputs) -> _Inputs:
    resolved = resolve_offering(scenario.fine_tuning.offering, scenario.offering_prices, scenario.prices)
    offering = resolved.offering
    batch = batch_rule(offering.catalogue_provider) if scenario.workload.batch and offering.batch_eligible else None
    return base.model_copy(
        update={
            "model": offering.base_model,
            "provider": offering.catalogue_provider,
            "prices": resolved.prices,
            "latency": resolve_latency(offering.id, scenario.latency, base_model=offering.base_model),
            "offering": resolved,
            "batch": batch,
            "reasons": is_reasoning_model(offering.catalogue_provider, offering.base_model),
        }
    )


def estimate(scenario: Scenario, *, today: dt.date | None = None) -> Estimate:
    """Tokens, cost and latency of prompt_only, rag, fine_tuning and hybrid for `scenario`, starting `today`
    (default: the date now), with the diagnosis from its answers deciding which strategies fix the problem."""
    start = today or dt.date.today()
    ft = scenario.fine_tuning
    epochs = auto_epochs(ft.training_examples) if ft.epochs == "auto" else ft.epochs
    base = _base_inputs(scenario, epochs)
    tuned = _tuned_inputs(scenario, base)
    assert tuned.offering is not None
    not_fixed = recommend(scenario.answers).does_not_fix
    strategies: dict[Strategy, StrategyEstimate] = {}
    for strategy in STRATEGIES:
        est = _strategy(scenario, strategy, tuned if uses_fine_tuning(strategy) else base)
        reason = not_fixed.get(strategy, "")
        end = strategy_end(scenario, tuned.offering, start) if uses_fine_tuning(strategy) else None
        strategies[strategy] = est.model_copy(
            update={
                "fixes_diagnosis": not reason,
                "does_not_fix": reason,
                **({} if end is None else end),
            }
        )
    priced = [(s.total_usd, name) for name, s in strategies.items() if s.total_usd is not None]
    eligible = [(total, name) for total, name in priced if _eligible(strategies[name])]
    return Estimate(
        horizon_months=scenario.horizon_months,
        requests_per_month=scenario.workload.requests_per_month,
        starts_on=start,
        strategies=strategies,
        missing_prices=list(dict.fromkeys(m for s in strategies.values() for m in s.missing_prices)),
        assumptions=_assumptions(scenario, base, tuned, epochs),
        notes=estimate_notes(scenario, [s.end_note for s in strategies.values()], base.provider, tuned.offering, start),
        cheapest=min(eligible)[1] if eligible else None,
        cheapest_overall=min(priced)[1] if priced else None,
        people_included=scenario.people.include,
    )


def _eligible(est: StrategyEstimate) -> bool:
    return est.fixes_diagnosis and est.runs_whole_horizon


def _assumptions(scenario: Scenario, base: _Inputs, tuned: _Inputs, epochs: int) -> list[Assumption]:
    assert tuned.offering is not None
    caching = list(dict.fromkeys(_rates(i.prices, i.provider, i.model, None).cache for i in (base, tuned)))
    batch = list(dict.fromkeys(i.batch for i in (base, tuned) if i.batch is not None))
    return assumptions(
        scenario,
        (base.prices, base.latency, base.embedding),
        (tuned.offering, tuned.latency),
        (caching, batch, reasoning_rule(base.provider, base.model)),
        epochs,
    )
