"""The decision record: a MADR 4.0 Markdown document, and the Y-statement that sums it up on one slide.

Pure functions over `core` results, no Streamlit. Every figure comes from `core.estimate(scenario, today=today)`
and is formatted by `present.format`, so the record, the slide deck and the pages agree to the cent. Text a user
typed (the scenario's name, people's names) goes through `escape.document`: it reads as text and never becomes a
link, an image, HTML or a heading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import core
from present import escape
from present import format as fmt
from present.evidence import evidence_note

LABELS = core.STRATEGY_LABELS
# How sure the decision is, from the diagnosis's strength for the layers it chose (0-1, core.recommend) and the
# team's own eval results. Our rule of thumb: Azure's ADR guidance asks for a confidence level but gives no scale.
STRONG_CASE = 0.6
WEAK_CASE = 0.4
MATRIX_PRO = 4  # a decision-matrix score (1-5) at or above this is a pro of the option
MATRIX_CON = 2  # at or below this, a con


@dataclass(frozen=True)
class Summary:
    """The Y-statement's parts, plain text (not yet escaped): one builder for the record and the slide deck."""

    context: str
    facing: str
    chosen: str
    against: str
    achieve: str
    accepting: str

    def parts(self) -> list[tuple[str, str]]:
        """The statement as (lead words, what follows) pairs: one line each on a slide."""
        return [
            ("In the context of", f"{self.context},"),
            ("facing", f"{self.facing},"),
            ("we decided for", self.chosen),
            ("and against", f"{self.against},"),
            ("to achieve", f"{self.achieve},"),
            ("accepting", f"{self.accepting}."),
        ]

    def sentence(self) -> str:
        """'In the context of …, facing …, we decided for … and against …, to achieve …, accepting …'."""
        return " ".join(f"{lead} {rest}" for lead, rest in self.parts())


@dataclass(frozen=True)
class Confidence:
    """High, Medium or Low, and why in one sentence."""

    level: str
    why: str


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _costs(run: core.StrategyEstimate, rate: core.ExchangeRate | None = None) -> str:
    if run.monthly_usd is None or run.one_time_usd is None:
        missing = "a cost not known yet (a price is missing: enter it on the Estimate page)"
        return f"{missing}, about {fmt.ms(run.latency_ms)} per answer"
    return (
        f"{fmt.usd(run.monthly_usd, currency=rate)} a month, {fmt.usd(run.one_time_usd, currency=rate)} up front "
        f"and about {fmt.ms(run.latency_ms)} per answer"
    )


def summary(scenario: core.Scenario, result: core.Estimate, recommendation: core.Recommendation) -> Summary:
    """The Y-statement of the decision the scenario supports (the Diagnose verdict, priced by the estimate)."""
    chosen = recommendation.strategy
    run = result.strategies[chosen]
    rate = core.scenario_rate(scenario)
    seen = [core.FAILURE_MODE_TABLE[mode].label.lower() for mode in scenario.answers.failure_modes]
    facing = _and(seen) if seen else "no failure that a strong prompt with evals cannot handle yet"
    others = []
    for strategy in core.STRATEGIES:
        if strategy == chosen:
            continue
        reason = recommendation.does_not_fix.get(strategy)
        total = result.strategies[strategy].total_usd
        cost = fmt.UNKNOWN_PRICE if total is None else f"{fmt.usd(total, currency=rate)} in total"
        others.append(f"{LABELS[strategy]} ({reason or cost})")
    accepting = _costs(run, rate)
    cheapest = result.cheapest
    if cheapest is not None and cheapest != chosen and run.total_usd is not None:
        accepting += (
            f", more than {LABELS[cheapest]} ({fmt.usd(result.strategies[cheapest].total_usd, currency=rate)} in total)"
        )
    return Summary(
        context=(
            f"{scenario.name or 'an unnamed assistant'}, {fmt.count(result.requests_per_month)} requests a month "
            f"over {result.horizon_months} months"
        ),
        facing=facing,
        chosen=LABELS[chosen],
        against=_and(others),
        achieve=recommendation.headline.rstrip(".").lower(),
        accepting=accepting
        if run.total_usd is None
        else f"{accepting} ({fmt.usd(run.total_usd, currency=rate)} over the horizon)",
    )


def confidence(scenario: core.Scenario, result: core.Estimate, recommendation: core.Recommendation) -> Confidence:
    """How sure the decision is: the strength of the diagnosed case, the team's own evals, prices known."""
    chosen = recommendation.strategy
    strengths = {
        "knowledge": recommendation.knowledge_strength,
        "behaviour": recommendation.behaviour_strength,
    }
    needed = [
        layer
        for layer, failing in (
            ("knowledge", recommendation.knowledge_failing),
            ("behaviour", recommendation.behaviour_failing),
        )
        if failing
    ]
    # The case for a layer is as strong as its weakest needed layer; for no layer, as weak as the strongest pull.
    case = min(strengths[layer] for layer in needed) if needed else 1 - max(strengths.values())
    measured = chosen in scenario.accuracy
    run = result.strategies[chosen]
    if run.total_usd is None:
        return Confidence("Low", "the chosen option's price is unknown, so its cost cannot be weighed yet.")
    if not run.runs_whole_horizon:
        return Confidence("Low", f"the chosen option cannot run the whole horizon: {run.end_note}")
    case_text = f"the diagnosed case scores {case:.0%}"
    if case >= STRONG_CASE and measured:
        return Confidence("High", f"{case_text} and your own evals measured the chosen option.")
    if case >= WEAK_CASE or measured:
        evals = "your evals measured it" if measured else "no eval of your own has measured it yet"
        return Confidence("Medium", f"{case_text}; {evals}.")
    return Confidence("Low", f"{case_text} and no eval of your own has measured the chosen option.")


def _context(scenario: core.Scenario, recommendation: core.Recommendation) -> list[str]:
    """Context and Problem Statement, in the team's words: what they see, what they answered, Diagnose's reading."""
    lines = [f"Scenario: {escape.document(scenario.name) or 'unnamed'}.", ""]
    modes = [core.FAILURE_MODE_TABLE[mode].label for mode in scenario.answers.failure_modes]
    lines.append("What the team sees today: " + ("; ".join(modes) if modes else "no failure mode ticked") + ".")
    ticked = [
        core.QUESTIONS[name]
        for name in (*core.KNOWLEDGE_FIELDS, *core.BEHAVIOUR_FIELDS, *core.TEAM_FIELDS)
        if getattr(scenario.answers, name, False) is True
    ]
    if ticked:
        lines += ["", "Answered yes:", *[f"- {question}" for question in ticked]]
    lines += [
        "",
        f"Diagnose reads this as: {LABELS[recommendation.strategy]}. {recommendation.headline}",
        *[f"- {reason}" for reason in recommendation.reasons],
    ]
    if scenario.evidence is not None:  # the team's own eval log, as the Evidence page triaged it
        lines += ["", "Evidence from the team's eval log:", *[f"- {line}" for line in evidence_note(scenario)]]
    return lines


def money_line(scenario: core.Scenario) -> str:
    rate = core.scenario_rate(scenario)
    if rate.is_usd:
        return "Money in US dollars (USD), the currency the prices are published in."
    return fmt.rate_note(rate)


def _drivers(scenario: core.Scenario, recommendation: core.Recommendation) -> list[str]:
    by_id = {driver.id: driver for driver in core.DRIVERS}
    lines = [f"- {by_id[d].reason}" for d in recommendation.drivers if d in by_id and by_id[d].reason.strip()]
    weighted = sorted(scenario.priorities.items(), key=lambda item: -item[1])
    if weighted:
        lines += [
            f"- {core.DECISION_MATRIX[dimension].label} matters {weight} of 3 to the team."
            for dimension, weight in weighted
            if weight > 0
        ]
    else:
        lines.append("- Every dimension of the decision matrix weighs the same (no priorities set).")
    return lines or ["- None of the answers puts a layer in."]


def pros_and_cons(strategy: core.Strategy) -> tuple[list[str], list[str]]:
    """The option's good and bad sides from the decision matrix (the baseline is not rated there)."""
    if strategy not in core.MATRIX_STRATEGIES:
        return (
            ["Fastest and cheapest to start: no index, no training run.", "The baseline every other option is "
             "measured against."],
            ["Adds no knowledge and teaches no behaviour beyond what the prompt says."],
        )  # fmt: skip
    pros, cons = [], []
    for row in core.DECISION_MATRIX.values():
        text = row.rag if strategy == "rag" else row.fine_tuning if strategy == "fine_tuning" else ""
        phrase = f"{row.label}: {text}" if text else f"{row.label} ({row.scores[strategy]} of 5)"
        if row.scores[strategy] >= MATRIX_PRO:
            pros.append(phrase)
        elif row.scores[strategy] <= MATRIX_CON:
            cons.append(phrase)
    return pros, cons


def _options(result: core.Estimate, rate: core.ExchangeRate | None = None) -> list[str]:
    lines = [
        "| Option | Fixes the problem? | Per request | Per month | One-time | "
        f"Total over {result.horizon_months} months | Time per answer |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for strategy in core.STRATEGIES:
        run = result.strategies[strategy]
        fixes = "yes" if run.fixes_diagnosis else f"no: {run.does_not_fix}"
        lines.append(
            f"| {LABELS[strategy]} | {fixes} | {fmt.usd_per_unit(run.cost_per_request_usd, currency=rate)} | "
            f"{fmt.usd(run.monthly_usd, currency=rate)} | {fmt.usd(run.one_time_usd, currency=rate)} | "
            f"{fmt.usd(run.total_usd, currency=rate)} | "
            f"{fmt.ms(run.latency_ms)} |"
        )
    return lines


def _confirmation(scenario: core.Scenario, recommendation: core.Recommendation) -> list[str]:
    chosen = recommendation.strategy
    lines = [f"- {step}" for step in recommendation.next_steps[:2]]
    measured = scenario.accuracy.get(chosen)
    if measured is None:
        lines.append(
            f"- Score every option on the same eval set ({fmt.count(scenario.people.eval_examples)} questions "
            "planned) and enter the accuracy on the Scenarios page; the record then shows cost per correct answer."
        )
    else:
        lines.append(f"- Reopen this decision if accuracy on the eval set falls below the {measured:.0%} measured.")
    # The next rung up the ladder, and the failures on the eval set that would call for it.
    rungs: dict[core.Strategy, list[tuple[str, core.Strategy]]] = {
        "prompt_only": [("missing or stale facts", "rag"), ("a drifting format or tone", "fine_tuning")],
        "rag": [("a drifting format or tone with the right passages retrieved", "hybrid")],
        "fine_tuning": [("missing or stale facts", "hybrid")],
        "hybrid": [],
    }
    for failure, rung in rungs[chosen]:
        lines.append(f"- Reopen it for {LABELS[rung]} if most of the failed eval answers come from {failure}.")
    if chosen == "hybrid":
        lines.append("- Reopen it if one layer alone scores as well as both on the eval set: it costs less.")
    return lines


def share_link(scenario: core.Scenario, base_url: str | None) -> str:
    """The link that reopens the scenario: `base_url` + its query, or just the query when no address is known."""
    query = urlencode(core.to_query_params(scenario))
    if base_url and base_url.startswith(("http://", "https://")):
        return f"{base_url.split('?')[0]}?{query}"
    return f"?{query}"


def _front_matter(scenario: core.Scenario, day: dt.date) -> list[str]:
    def names(values: list[str]) -> str:
        # Single-quoted YAML (only ' is special there), each name Markdown-escaped as well: a renderer that does
        # not know front matter shows it as text, so a name can never become a link, an image or HTML.
        quoted = (escape.document(value).replace("'", "''") for value in values)
        return "[" + ", ".join(f"'{value}'" for value in quoted) + "]"

    people = scenario.decision
    return [
        "---",
        f"status: {people.status}",
        f"date: {day.isoformat()}",
        f"decision-makers: {names(people.makers)}",
        f"consulted: {names(people.consulted)}",
        f"informed: {names(people.informed)}",
        "---",
    ]


def decision_record(scenario: core.Scenario, *, today: dt.date | None = None, base_url: str | None = None) -> str:
    """The decision as a MADR 4.0 Markdown record: front matter, the Y-statement, and every MADR section, with
    figures equal to `core.estimate(scenario, today=today)` and the sources and dates of every number used."""
    day = today or dt.date.today()
    result = core.estimate(scenario, today=day)
    recommendation = core.recommend(scenario.answers)
    chosen = recommendation.strategy
    run = result.strategies[chosen]
    sure = confidence(scenario, result, recommendation)
    title = escape.document(scenario.name) or "unnamed scenario"
    lines = [
        *_front_matter(scenario, day),
        "",
        f"# {LABELS[chosen]} for {title}",
        "",
        f"> {escape.document(summary(scenario, result, recommendation).sentence())}",
        "",
        "## Context and Problem Statement",
        "",
        *_context(scenario, recommendation),
        "",
        "## Decision Drivers",
        "",
        *_drivers(scenario, recommendation),
        "",
        "## Considered Options",
        "",
        *[f"- {LABELS[strategy]}" for strategy in core.STRATEGIES],
        "",
        *_options(result, core.scenario_rate(scenario)),
        "",
        money_line(scenario),
        "",
        "## Decision Outcome",
        "",
        f'Chosen option: "{LABELS[chosen]}", because {recommendation.headline[0].lower()}'
        f"{recommendation.headline[1:]} It costs {_costs(run, core.scenario_rate(scenario))}.",
        "",
        f"Confidence: **{sure.level}**, because {sure.why}",
        "",
        "### Consequences",
        "",
        *[f"- Good, because {pro[0].lower()}{pro[1:]}" for pro in pros_and_cons(chosen)[0]],
        *[f"- Bad, because {con[0].lower()}{con[1:]}" for con in pros_and_cons(chosen)[1]],
        *[f"- Bad, because {warning[0].lower()}{warning[1:]}" for warning in recommendation.warnings],
        "",
        "### Confirmation",
        "",
        *_confirmation(scenario, recommendation),
        "",
        "## Pros and Cons of the Options",
    ]
    for strategy in core.STRATEGIES:
        pros, cons = pros_and_cons(strategy)
        lines += ["", f"### {LABELS[strategy]}", ""]
        estimate_run = result.strategies[strategy]
        lines.append(f"- Neutral: {_costs(estimate_run)}.")
        if not estimate_run.fixes_diagnosis:
            lines.append(f"- Bad, because it does not fix the problem: {estimate_run.does_not_fix}.")
        lines += [f"- Good: {pro}" for pro in pros] + [f"- Bad: {con}" for con in cons]
    source, as_of = core.decision_matrix_source()
    lines += ["", "## More Information", "", f"Pros and cons: {source}, as of {as_of}.", "", "Numbers used:", ""]
    for assumption in result.assumptions:
        value = f"{assumption.value:,.10g}" if isinstance(assumption.value, float) else str(assumption.value)
        mine = " (your override)" if assumption.overridden else ""
        lines.append(
            f"- {escape.document(assumption.name)}: {escape.document(value)} {assumption.unit}".rstrip()
            + f"{mine}. Source: {escape.document(assumption.source)}, as of {assumption.as_of or 'undated'}."
        )
    link = share_link(scenario, base_url)
    shown = f"<{link}>" if link.startswith("http") else f"`{link}`"
    lines += ["", f"Reopen this scenario: {shown}", ""]
    lines.append(f"Generated {day.isoformat()}.")
    return "\n".join(lines) + "\n"
