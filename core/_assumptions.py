"""Every number an estimate used, with its source, as-of date and confidence, for the "How this is computed" table
and the meeting report. A number you overrode is marked as yours.
"""

from __future__ import annotations

from collections.abc import Sequence

from core._base import Frozen
from core._billing import BatchRule, CachingRule, ReasoningRule
from core._catalogue import ResolvedLatency, ResolvedPrice
from core._models import STRATEGIES, STRATEGY_LABELS, People, Scenario
from core._offering_prices import OFFERING_FIELDS, ResolvedOffering
from core._people import people_defaults

_PRICE_NAMES = {"input": "input", "cached_input": "cached-input", "cache_write": "cache-write", "output": "output"}
_OFFERING_NAMES = {
    "training_usd_per_mtok": ("training price", "USD per 1M training tokens"),
    "training_usd_per_hour": ("training price per hour", "USD per training hour"),
    "min_job_usd": ("minimum charge per training job", "USD"),
    "hosting_usd_per_hour": ("price per hour", "USD per hour"),
    "tokens_per_s_per_replica": ("output tokens per second one replica sustains", "tokens/s"),
    "storage_usd_per_month": ("storage of the tuned model", "USD per month"),
}


class Assumption(Frozen):
    """One number the estimate used, where it came from and whether the user overrode it."""

    name: str
    value: float | str
    unit: str
    source: str
    as_of: str
    confidence: str = ""
    overridden: bool = False


def _prices(prices: ResolvedPrice, label: str) -> list[Assumption]:
    out = []
    for field, words in _PRICE_NAMES.items():
        value, src = getattr(prices, field), prices.source_of(field)
        if value is not None and src is not None:
            out.append(
                Assumption(
                    name=f"{label} {words} price",
                    value=value,
                    unit="USD per 1M tokens",
                    source=src.source,
                    as_of=src.as_of,
                    confidence=src.confidence,
                    overridden=src.overridden,
                )
            )
    if prices.input is not None and prices.cached_input is None:
        out.append(
            Assumption(
                name=f"{label} cached-input price",
                value="not listed: cached tokens cost the input price",
                unit="",
                source="no cached-input price in the catalogue or your overrides",
                as_of="",
                confidence="assumption",
            )
        )
    return out


def _offering(resolved: ResolvedOffering) -> list[Assumption]:
    o = resolved.offering
    out = _prices(resolved.prices, f"fine-tuned {o.label}")
    for field in OFFERING_FIELDS:
        value, src = getattr(resolved, field), resolved.source_of(field)
        if value is None or src is None or (field == "tokens_per_s_per_replica" and o.serving != "dedicated_gpu"):
            continue
        if field == "hosting_usd_per_hour" and o.serving == "serverless":
            continue
        name, unit = _OFFERING_NAMES[field]
        if field == "hosting_usd_per_hour":
            name = f"price per hour of {o.replica or 'one deployment'}"
        out.append(
            Assumption(
                name=f"{o.label} {name}",
                value=value,
                unit=unit,
                source=src.source,
                as_of=src.as_of,
                confidence=src.confidence,
                overridden=src.overridden,
            )
        )
    for name, when in (("takes new fine-tuning jobs until", o.new_jobs_until), ("answers until", o.inference_until)):
        if when is not None:
            out.append(
                Assumption(
                    name=f"{o.label} {name}",
                    value=when.isoformat(),
                    unit="date",
                    source=o.source,
                    as_of=o.as_of,
                    confidence=o.confidence,
                )
            )
    return out


def _latency(resolved: ResolvedLatency) -> list[Assumption]:
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


def _rules(scenario: Scenario, caching: Sequence[CachingRule], batch: Sequence[BatchRule]) -> list[Assumption]:
    out = []
    if scenario.workload.cache_hit_rate > 0:
        for rule in caching:
            where = rule.provider + (f" {rule.model_prefix}*" if rule.model_prefix else "")
            out.append(
                Assumption(
                    name=f"prompt caching ({where}): shortest cached prefix, then steps of",
                    value=f"{rule.min_prefix_tokens:,} tokens, then {rule.step_tokens:,}",
                    unit="tokens",
                    source=rule.source,
                    as_of=rule.as_of,
                    confidence=rule.confidence,
                )
            )
    for b in batch:
        value = (
            "no discount known"
            if b.batch_factor is None
            else f"x{b.batch_factor:g}, caching stacks: {b.stacks_with_cache}"
        )
        out.append(
            Assumption(
                name=f"batch API ({b.provider})",
                value=value,
                unit="multiplier on token prices",
                source=b.source,
                as_of=b.as_of,
                confidence=b.confidence,
            )
        )
    return out


def _people(people: People) -> list[Assumption]:
    defaults = people_defaults()
    default_people = People()
    rows = [("hourly rate", people.hourly_rate_usd, default_people.hourly_rate_usd, defaults.hourly_rate_usd)]
    rows.append(
        (
            "hours in a working day",
            defaults.hours_per_working_day.value,
            defaults.hours_per_working_day.value,
            defaults.hours_per_working_day,
        )
    )
    for strategy in STRATEGIES:
        rows.append(
            (
                f"set-up days, {STRATEGY_LABELS[strategy]}",
                people.setup_days[strategy],
                default_people.setup_days[strategy],
                defaults.setup_days[strategy],
            )
        )
    rows += [
        (
            "minutes per labelled example",
            people.minutes_per_example,
            default_people.minutes_per_example,
            defaults.minutes_per_example,
        ),
        ("eval set examples", float(people.eval_examples), float(default_people.eval_examples), defaults.eval_examples),
    ]
    for strategy in STRATEGIES:
        rows.append(
            (
                f"upkeep hours per month, {STRATEGY_LABELS[strategy]}",
                people.maintenance_hours_per_month[strategy],
                default_people.maintenance_hours_per_month[strategy],
                defaults.maintenance_hours_per_month[strategy],
            )
        )
    return [
        Assumption(
            name=f"people: {name}",
            value=value,
            unit=d.unit,
            source=d.source,
            as_of=d.as_of,
            confidence=d.confidence,
            overridden=value != default,
        )
        for name, value, default, d in rows
    ]


def assumptions(
    scenario: Scenario,
    answering: tuple[ResolvedPrice, ResolvedLatency, ResolvedPrice],
    tuned: tuple[ResolvedOffering, ResolvedLatency],
    rules: tuple[Sequence[CachingRule], Sequence[BatchRule], ReasoningRule | None],
    epochs: int,
) -> list[Assumption]:
    """Every number used: prices, the offering, speeds, billing rules, epochs and people's time."""
    prices, latency, embedding = answering
    offering, tuned_latency = tuned
    caching, batch, reasoning = rules
    out = _prices(prices, scenario.model.strip())
    out += _offering(offering)
    out += [
        a.model_copy(update={"name": f"{scenario.rag.embedding_model} embedding price"})
        for a in _prices(embedding, scenario.rag.embedding_model)
        if a.name.endswith(" input price")
    ]
    out += _latency(latency)
    if tuned_latency.profile_model != latency.profile_model or tuned_latency.overridden:
        out += _latency(tuned_latency)
    out += _rules(scenario, caching, batch)
    if reasoning is not None and reasoning.reasons:
        out.append(
            Assumption(
                name=f"{scenario.model.strip()} writes reasoning tokens billed as output",
                value=float(scenario.workload.reasoning_tokens),
                unit="reasoning tokens per answer (yours)",
                source=reasoning.source,
                as_of=reasoning.as_of,
                confidence=reasoning.confidence,
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
    if scenario.people.include:
        out += _people(scenario.people)
    return list({a.name: a for a in out}.values())
