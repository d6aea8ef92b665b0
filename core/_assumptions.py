"""Every number an estimate used, with its source, as-of date and confidence, for the "How this is computed" table
and the meeting report. A number you overrode is marked as yours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from core._base import Frozen
from core._billing import BatchRule, CachingRule, ReasoningRule
from core._catalogue import ResolvedLatency, ResolvedPrice
from core._freshness import is_out_of_date, table_checked_on
from core._models import STRATEGIES, STRATEGY_LABELS, People, Scenario
from core._offering_prices import OFFERING_FIELDS, ResolvedOffering
from core._people import SourcedNumber, people_defaults

_OFFERINGS = "fine_tuning/offerings.csv"
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
    # When the table under assets/ this number comes from was last checked against its sources (market_checks.json);
    # None for your own numbers, the price package's snapshot and the project's fixed rules.
    checked: dt.date | None = None

    def out_of_date(self, today: dt.date | None = None) -> bool:
        """True when the table this number comes from was last checked more than stale_after_days before `today`."""
        return self.checked is not None and is_out_of_date(self.checked, today)


class _Sourced(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def as_of(self) -> str: ...
    @property
    def confidence(self) -> str: ...


def _cite(
    name: str,
    value: float | str,
    unit: str,
    origin: _Sourced,
    overridden: bool | None = None,
    *,
    table: str = "",
) -> Assumption:
    """An assumption whose provenance is `origin`'s (a catalogue field, a table row, a rule, a default); `table` is
    the path under assets/ of the table it was read from, whose last check dates it (none for your own numbers)."""
    mine = bool(getattr(origin, "overridden", False)) if overridden is None else overridden
    return Assumption(
        name=name,
        value=value,
        unit=unit,
        source=origin.source,
        as_of=origin.as_of,
        confidence=origin.confidence,
        overridden=mine,
        checked=table_checked_on(table) if table and not mine else None,
    )


def _price_table(src: _Sourced, table: str) -> str:
    """The table a price was read from: none for the price package's snapshot (dated by its version)."""
    return "" if src.as_of.startswith("genai-prices") else table


def _prices(prices: ResolvedPrice, label: str, table: str = "") -> list[Assumption]:
    out = []
    for field, words in _PRICE_NAMES.items():
        value, src = getattr(prices, field), prices.source_of(field)
        if value is not None and src is not None:
            out.append(_cite(f"{label} {words} price", value, "USD per 1M tokens", src, table=_price_table(src, table)))
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
    out = _prices(resolved.prices, f"fine-tuned {o.label}", _OFFERINGS)
    for field in OFFERING_FIELDS:
        value, src = getattr(resolved, field), resolved.source_of(field)
        if value is None or src is None or (field == "tokens_per_s_per_replica" and o.serving != "dedicated_gpu"):
            continue
        if field == "hosting_usd_per_hour" and o.serving == "serverless":
            continue
        name, unit = _OFFERING_NAMES[field]
        if field == "hosting_usd_per_hour":
            name = f"price per hour of {o.replica or 'one deployment'}"
        out.append(_cite(f"{o.label} {name}", value, unit, src, table=_OFFERINGS))
    for name, when in (("takes new fine-tuning jobs until", o.new_jobs_until), ("answers until", o.inference_until)):
        if when is not None:
            out.append(_cite(f"{o.label} {name}", when.isoformat(), "date", o, table=_OFFERINGS))
    return out


def _latency(resolved: ResolvedLatency) -> list[Assumption]:
    # A number the row marks as assumed is cited as an assumption, whatever the confidence of the row's measurements.
    profile = resolved.profile
    cited = []
    for part, name, value, unit in (
        ("ttft", "time to first token", profile.ttft_ms, "ms"),
        ("prefill", "prefill speed", profile.prefill_tokens_per_s, "tokens/s"),
        ("output", "output speed", profile.output_tokens_per_s, "tokens/s"),
    ):
        one = _cite(f"{resolved.model} {name}", value, unit, resolved, table="latency.csv")
        cited.append(one.model_copy(update={"confidence": "assumption"}) if part in resolved.assumed else one)
    return cited


def _rules(scenario: Scenario, caching: Sequence[CachingRule], batch: Sequence[BatchRule]) -> list[Assumption]:
    out = []
    if scenario.workload.cache_hit_rate > 0:
        for rule in caching:
            where = rule.provider + (f" {rule.model_prefix}*" if rule.model_prefix else "")
            text = f"{rule.min_prefix_tokens:,} tokens, then {rule.step_tokens:,}"
            name = f"prompt caching ({where}): shortest cached prefix, then steps of"
            out.append(_cite(name, text, "tokens", rule, table="prices/caching.csv"))
    for b in batch:
        value = (
            "no discount known"
            if b.batch_factor is None
            else f"x{b.batch_factor:g}, caching stacks: {b.stacks_with_cache}"
        )
        out.append(_cite(f"batch API ({b.provider})", value, "multiplier on token prices", b, table="prices/batch.csv"))
    return out


def _people(people: People) -> list[Assumption]:
    defaults, default_people = people_defaults(), People()
    mine, theirs = people.model_dump(), default_people.model_dump()
    rows: list[tuple[str, float, float, SourcedNumber]] = [
        ("hourly rate", mine["hourly_rate_usd"], theirs["hourly_rate_usd"], defaults.hourly_rate_usd),
        (
            "hours in a working day",
            defaults.hours_per_working_day.value,
            defaults.hours_per_working_day.value,
            defaults.hours_per_working_day,
        ),
        (
            "minutes per labelled example",
            mine["minutes_per_example"],
            theirs["minutes_per_example"],
            defaults.minutes_per_example,
        ),
        ("eval set examples", mine["eval_examples"], theirs["eval_examples"], defaults.eval_examples),
    ]
    for field, words, table in (
        ("setup_days", "set-up days", defaults.setup_days),
        ("maintenance_hours_per_month", "upkeep hours per month", defaults.maintenance_hours_per_month),
    ):
        for strategy in STRATEGIES:
            rows.append(
                (
                    f"{words}, {STRATEGY_LABELS[strategy]}",
                    mine[field][strategy],
                    theirs[field][strategy],
                    table[strategy],
                )
            )
    return [
        _cite(f"people: {name}", float(value), d.unit, d, overridden=value != default, table="people.json")
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
        for a in _prices(embedding, scenario.rag.embedding_model, "prices/embeddings.csv")
        if a.name.endswith(" input price")
    ]
    out += _latency(latency)
    if tuned_latency.profile_model != latency.profile_model or tuned_latency.overridden:
        out += _latency(tuned_latency)
    out += _rules(scenario, caching, batch)
    if reasoning is not None and reasoning.reasons:
        tokens = float(scenario.workload.reasoning_tokens)
        name = f"{scenario.model.strip()} writes reasoning tokens billed as output"
        out.append(_cite(name, tokens, "reasoning tokens per answer (yours)", reasoning, table="prices/reasoning.csv"))
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
