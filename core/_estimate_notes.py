"""What an estimate says in plain words beside its numbers: which models are compared, when an offering stops taking
jobs or answering inside the horizon (and where else the work could go), and costs that are understated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from core._billing import is_reasoning_model
from core._models import Scenario
from core._offering_prices import ResolvedOffering
from core._offerings import Offering, fine_tuning_offerings, offerings_for_model, retirement
from core._offerings import offering as offering_by_id

DAYS_PER_MONTH = 365.25 / 12
MAX_ALTERNATIVES = 3


def date_after(start: dt.date, months: float) -> dt.date:
    """The date `months` (possibly fractional) after `start`, at 365.25 / 12 days a month."""
    return start + dt.timedelta(days=round(months * DAYS_PER_MONTH))


def month_of(start: dt.date, when: dt.date) -> float:
    """How many months after `start` a date falls (fractional; negative when before)."""
    return (when - start).days / DAYS_PER_MONTH


def _month_text(start: dt.date, when: dt.date, horizon: int) -> str:
    month = month_of(start, when)
    return "before the horizon starts" if month < 0 else f"in month {int(month) + 1} of {horizon}"


def _alternatives(offering: Offering, when: dt.date, until: dt.date | None = None) -> str:
    """Offerings that can still train on `when`: the same base model first, then any, those that keep answering
    until `until` (the horizon's end) before the rest; in words."""
    usable = [o for o in fine_tuning_offerings() if o.id != offering.id and o.can_train_on(when)]
    family = {o.id for o in offerings_for_model(offering.base_model)}
    usable.sort(key=lambda o: (o.id not in family, until is not None and not o.serves_on(until)))
    picked = usable[:MAX_ALTERNATIVES]
    if not picked:
        return "no offering in this tool can still train then"
    same = [o.label for o in picked if o.id in family]
    other = [o.label for o in picked if o.id not in family]
    parts = ([f"on the same base model through {', '.join(same)}"] if same else []) + (
        [("otherwise " if same else "") + "on " + ", ".join(other)] if other else []
    )
    return "it can still be trained " + "; ".join(parts)


def _retrain_dates(scenario: Scenario, start: dt.date) -> list[tuple[float, dt.date]]:
    per_year = scenario.fine_tuning.retrains_per_year
    if per_year <= 0:
        return []
    step = 12 / per_year
    months = []
    k = 1
    while k * step <= scenario.horizon_months + 1e-9 and k <= 1000:
        months.append((k * step, date_after(start, k * step)))
        k += 1
    return months


def strategy_end(scenario: Scenario, resolved: ResolvedOffering | None, start: dt.date) -> dict[str, Any] | None:
    """For a fine-tuned strategy: whether its offering lets it run for the whole horizon, and why not."""
    if resolved is None:
        return None
    o = resolved.offering
    horizon_end = date_after(start, scenario.horizon_months)
    if not o.can_train_on(start):
        if o.inference_until is not None and o.inference_until <= start:
            what, ended = "stopped answering", o.inference_until
        else:
            what = "stopped taking new jobs"
            ended = min(d for d in (o.new_jobs_until, o.inference_until) if d is not None)
        return {
            "runs_whole_horizon": False,
            "ends_on": ended,
            "end_note": f"{o.label} cannot be bought: it {what} on {ended.isoformat()} ({o.end_source}); "
            f"{_alternatives(o, start, horizon_end)}.",
        }
    if o.inference_until is not None and o.inference_until <= horizon_end:
        when = _month_text(start, o.inference_until, scenario.horizon_months)
        note = (
            f"{o.label} stops answering on {o.inference_until.isoformat()} ({when}; {o.end_source}): the tuned model "
            "goes with it."
        )
        return {"runs_whole_horizon": False, "ends_on": o.inference_until, "end_note": note}
    blocked = [(m, d) for m, d in _retrain_dates(scenario, start) if o.new_jobs_until and d > o.new_jobs_until]
    if blocked and o.new_jobs_until is not None:
        month, due = blocked[0]
        note = (
            f"The retraining due about {due.isoformat()} (month {month:.0f}) cannot run on {o.label}: it takes no "
            f"new jobs after {o.new_jobs_until.isoformat()} ({o.end_source}); {_alternatives(o, due, horizon_end)}."
        )
        return {"runs_whole_horizon": False, "ends_on": o.new_jobs_until, "end_note": note}
    return {"runs_whole_horizon": True, "ends_on": None, "end_note": ""}


def _comparison(scenario: Scenario, resolved: ResolvedOffering, start: dt.date) -> str:
    model, o = scenario.model.strip(), resolved.offering
    same = offerings_for_model(model)
    pair = f"prompt-only and RAG run on {model}; fine-tuning and hybrid run on {o.phrase}"
    if not same:
        buyable = sum(1 for x in fine_tuning_offerings() if x.can_train_on(start))
        return (
            f"Compared here: {pair}. {model} has no fine-tuning offering in this tool, so two models are compared; "
            f"the Fine-tuning tab lists the {buyable} offerings that can still be bought."
        )
    if o in same:
        return f"Compared here: {pair}, the same base model."
    names = ", ".join(x.label for x in same)
    return f"Compared here: {pair}. {model} itself can be fine-tuned through {names}."


def _retirement(scenario: Scenario, provider: str, start: dt.date) -> str:
    model = scenario.model.strip()
    found = retirement(model, provider)
    if found is None or found.retires_on > date_after(start, scenario.horizon_months):
        return ""
    when = _month_text(start, found.retires_on, scenario.horizon_months)
    verb = "retired" if found.retires_on <= start else "retires"
    return (
        f"{model} {verb} on {found.retires_on.isoformat()} ({when}; {found.source}): prompt-only and RAG need "
        "another answering model from then on."
    )


def estimate_notes(
    scenario: Scenario,
    end_notes: Sequence[str],
    provider: str,
    resolved: ResolvedOffering,
    start: dt.date,
) -> list[str]:
    """The plain-language notes of an estimate, most important first."""
    notes = [_comparison(scenario, resolved, start)]
    notes += sorted({note for note in end_notes if note})
    notes.append(_retirement(scenario, provider, start))
    if scenario.workload.reasoning_tokens == 0 and is_reasoning_model(provider, scenario.model):
        notes.append(
            f"{scenario.model.strip()} writes hidden reasoning tokens, billed as output: with 0 reasoning tokens per "
            "answer, prompt-only and RAG are understated. Enter them under Workload (your provider's usage report "
            "shows them)."
        )
    if scenario.workload.batch and not resolved.offering.batch_eligible:
        notes.append(
            f"The batch API does not apply to {resolved.offering.label}, so fine-tuning and hybrid are priced and "
            "timed as live requests."
        )
    return [note for note in notes if note]


def fine_tuning_step(scenario: Scenario, today: dt.date | None = None) -> str:
    """A next step for Diagnose when the verdict includes fine-tuning: where the scenario would fine-tune, and, when
    that offering ends inside the horizon or cannot be bought, the date, the source and where else it can be done."""
    start = today or dt.date.today()
    o = offering_by_id(scenario.fine_tuning.offering)
    horizon_end = date_after(start, scenario.horizon_months)
    source = o.end_source or o.source
    if not o.can_train_on(start):
        ended = min(d for d in (o.new_jobs_until, o.inference_until) if d is not None)
        lead, when = f"Pick where to fine-tune: {o.phrase} has taken no new jobs since {ended.isoformat()}", start
        tail = ". Compare them on the Estimate page."
    elif o.inference_until is not None and o.inference_until <= horizon_end:
        lead = (
            f"Pick where to fine-tune with the end in view: {o.phrase} stops answering on {o.inference_until}, "
            f"inside your {scenario.horizon_months}-month horizon"
        )
        when, tail = o.inference_until, "."
    elif o.new_jobs_until is not None and o.new_jobs_until <= horizon_end:
        lead = f"Plan retraining around {o.new_jobs_until}: {o.phrase} takes no new jobs after it"
        when, tail = o.new_jobs_until, "."
    else:
        return f"Fine-tune on {o.label}, as the Estimate page assumes, or compare the other offerings there."
    return f"{lead} ({source}); {_alternatives(o, when, horizon_end)}{tail}"
