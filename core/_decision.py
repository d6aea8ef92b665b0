"""The decision core: turn a team's answers into a strategy, with reasons, warnings, next steps and the
first-meeting questions, all read off one table of *drivers*.

How a recommendation is made:

1. Two layers can be needed. The *knowledge* layer (retrieval) when the model cannot see what it should answer
   from: current or private facts, or sources to cite. The *behaviour* layer (fine-tuning) when it sees them and
   still behaves badly, when a strict format, style or persona must hold every time, or when a long repeated
   prompt or a retrieval step makes high-volume traffic too costly or too slow.
2. `DRIVERS` (assets/decision.json) lists every fact that puts a layer in, and the answers that state it: a
   failure mode picked from the table and the checklist question that says the same thing are two rows with the
   same effect, so they can never give different verdicts. A driver is on when all the answers of its row are true.
3. Both layers in -> hybrid; only knowledge -> rag; only behaviour -> fine_tuning; neither -> prompt_only.
4. Some answers only strengthen a case (they count towards the strength bars and are named in the reasons):
   wanting updates by data, factual drift as the main worry, context already present, high volume, a task a
   smaller model could do. A small budget with results needed in days never adds a layer; it warns against the
   weeks fine-tuning takes.
5. Each driver belongs to one of the first-meeting questions, and a question is answered yes exactly when one of
   its drivers is on, so the meeting sequence always agrees with the verdict.
6. A driver that marks a *gap* (facts the model cannot see, or bad behaviour with the right context) also says,
   in one line, why a strategy without its layer does not fix it; the estimate uses that to award "cheapest"
   only among strategies that fix the problem.
7. Labelled examples never change the diagnosis: with too few for fine-tuning the strategy stays, a warning is
   raised and collecting examples becomes an early next step.

A requirement is not an observed failure (the `needs` column of DRIVERS):

8. A behaviour *requirement* -- a strict format must hold, consistency is the main risk, a persona or house style,
   a costly repeated prompt, speed at high volume, a specialised domain's language read alone -- is a driver with
   `needs: "observed"`. On its own it puts no layer in: a strong prompt (clear instructions, worked examples, output
   validation) often meets it, so the verdict stays prompt-first (`prompt_only` with evals, or `rag` when the
   knowledge layer is in) and names fine-tuning as the *next rung* with the evidence that would call for it (the
   driver's `evidence` line, e.g. "more than 5 % of eval answers still break the schema").
9. An *observed* behaviour failure is a behaviour row picked in the failure-mode table (`inconsistent_answers`,
   `format_drift`, `prompt_too_costly`, `needs_both`): what the team sees, or what the Evidence page's triage of
   the team's eval log set (core.answers_from_evidence fills the same rows and `strong_prompt_measured`). It puts
   the behaviour layer in, and the requirements that are on are then named among the reasons.
10. `strong_prompt_measured` says whether that observation was made under a strong prompt. True: the observed
    failure stands and fine-tuning is in with no caveat; with no behaviour row picked, the measured strong prompt
    met the requirements and is the answer. False: a picked behaviour row still puts fine-tuning in (the team sees
    it), with a warning and a first step to measure a strong prompt before training.
11. A specialised domain with the knowledge layer in (`needs: "knowledge"`) is a hybrid: retrieval for the facts,
    training so the model reads the domain's language; the warning against training facts into weights then says
    that this training is not memorisation. A label space too large for a prompt is a knowledge driver: retrieval
    narrows the labels to candidates, because the model cannot see them all at once.
12. Fine-tuning added to a system that keeps its retrieval is a hybrid: a leaning towards fine-tuning with the
    knowledge layer in gets the hybrid verdict and a reason saying so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache, partial
from types import MappingProxyType
from typing import Literal

from pydantic import Field, model_validator

from core._base import Frozen, asset_path
from core._matrix import ExampleThresholds, example_thresholds
from core._models import (
    STRATEGIES,
    STRATEGY_LABELS,
    Answers,
    FailureMode,
    Strategy,
    uses_fine_tuning,
    uses_retrieval,
)

Layer = Literal["knowledge", "behaviour"]


class Question(Frozen):
    """A yes/no question of the questionnaire, its short form for sentences, and (for the team criteria) its
    stated effect on the verdict."""

    question: str
    phrase: str
    effect: str = ""


class FailureModeRow(Frozen):
    """One row of the failure-mode table: what the team sees, where to start, and why."""

    label: str
    start_with: Strategy
    why: str


class MeetingQuestion(Frozen):
    """One of the ordered first-meeting questions and what a yes means."""

    question: str
    if_yes: str


class Driver(Frozen):
    """One row of the rule table: when it is on, what it puts in, why, and what it means for the strategies.

    `when` names answer fields and failure-mode ids; the driver is on when all of them are true. `layer` None is an
    answer that only strengthens or cautions. `does_not_fix` (for a gap) completes "does not fix: ..." for every
    strategy that lacks `layer`.
    """

    id: str
    when: tuple[str, ...]
    layer: Layer | None
    question: int | None  # index into FIRST_MEETING_QUESTIONS
    reason: str
    does_not_fix: str = ""
    # "" = on means its layer is in; "observed" = a requirement, its layer is in only when an observed failure of
    # the same layer is on; "knowledge" = its layer is in when the knowledge layer is in.
    needs: Literal["", "observed", "knowledge"] = ""
    # For a requirement: the evidence that would call for the next rung.
    evidence: str = ""


class _Checklists(Frozen):
    knowledge: tuple[str, ...]
    behaviour: tuple[str, ...]
    team: tuple[str, ...]


class _Rules(Frozen):
    questions: dict[str, Question]
    checklists: _Checklists
    failure_modes: dict[FailureMode, FailureModeRow]
    meeting_questions: tuple[MeetingQuestion, ...]
    next_rung_note: str
    drivers: tuple[Driver, ...]

    @model_validator(mode="after")
    def _consistent(self) -> _Rules:
        names = set(self.questions) | set(self.failure_modes)
        for driver in self.drivers:
            if not set(driver.when) <= names:
                raise ValueError(f"driver {driver.id} reads an answer that does not exist: {driver.when}")
            if driver.question is not None and not 0 <= driver.question < len(self.meeting_questions):
                raise ValueError(f"driver {driver.id} names no meeting question")
        checklists = self.checklists
        if set(self.questions) != {*checklists.knowledge, *checklists.behaviour, *checklists.team}:
            raise ValueError("every question belongs to exactly one checklist")
        return self


@cache
def _rules() -> _Rules:
    # Read once per process: the file ships with the app and never changes while it runs.
    data = json.loads(asset_path("decision.json").read_text(encoding="utf-8"))
    return _Rules.model_validate({key: data[key] for key in _Rules.model_fields})


KNOWLEDGE_FIELDS: tuple[str, ...] = _rules().checklists.knowledge
BEHAVIOUR_FIELDS: tuple[str, ...] = _rules().checklists.behaviour
# The second seed's criteria that move a team, asked beside the two checklists.
TEAM_FIELDS: tuple[str, ...] = _rules().checklists.team
QUESTIONS: Mapping[str, str] = MappingProxyType({k: q.question for k, q in _rules().questions.items()})
# What each of the second seed's criteria does to the verdict, shown beside its question.
TEAM_EFFECTS: Mapping[str, str] = MappingProxyType({k: _rules().questions[k].effect for k in TEAM_FIELDS})
# Help shown beside any question whose effect needs explaining (the team criteria and the newer questions).
QUESTION_HELP: Mapping[str, str] = MappingProxyType({k: q.effect for k, q in _rules().questions.items() if q.effect})
FAILURE_MODE_TABLE: Mapping[FailureMode, FailureModeRow] = MappingProxyType(dict(_rules().failure_modes))
FIRST_MEETING_QUESTIONS: tuple[MeetingQuestion, ...] = _rules().meeting_questions
DRIVERS: tuple[Driver, ...] = _rules().drivers
# Where the numbers in the next-rung evidence lines come from.
NEXT_RUNG_NOTE: str = _rules().next_rung_note


def _phrase(name: str) -> str:
    return _rules().questions[name].phrase


class Recommendation(Frozen):
    """What the Diagnose page shows: the strategy and why, what could go wrong, what to do next."""

    strategy: Strategy
    headline: str
    reasons: list[str]
    warnings: list[str]
    next_steps: list[str]
    knowledge_strength: float = Field(ge=0.0, le=1.0)
    behaviour_strength: float = Field(ge=0.0, le=1.0)
    knowledge_failing: bool  # the knowledge layer is needed
    behaviour_failing: bool  # the behaviour layer is needed
    # Answer field names and failure-mode ids that put a layer in, so the page can highlight them.
    driven_by: list[str]
    drivers: list[str]  # ids of the DRIVERS rows that are on
    # Why a strategy does not fix the diagnosed gap ("does not fix: ..."); a strategy absent here fixes it.
    does_not_fix: dict[Strategy, str]
    # The layer to add next when behaviour requirements are stated but no failure was observed: "" when none,
    # else a sentence naming the strategy it leads to and the evidence that would call for it.
    next_rung: str = ""


def _true(answers: Answers, name: str) -> bool:
    return name in answers.failure_modes if name in FAILURE_MODE_TABLE else bool(getattr(answers, name))


def active_drivers(answers: Answers) -> tuple[Driver, ...]:
    """The rows of DRIVERS that the answers switch on, in table order."""
    return tuple(d for d in DRIVERS if all(_true(answers, name) for name in d.when))


def effective_drivers(answers: Answers) -> tuple[Driver, ...]:
    """The drivers that are on and put their layer in (rules 8-11 of the module docstring), in table order."""
    active = active_drivers(answers)
    base = {d.layer for d in active if d.layer and not d.needs}

    def puts_in(driver: Driver) -> bool:
        if driver.needs == "observed":
            return driver.layer in base
        return driver.needs != "knowledge" or "knowledge" in base

    return tuple(d for d in active if d.layer and puts_in(d))


def pending_requirements(answers: Answers) -> tuple[Driver, ...]:
    """Requirements that are on while no failure of their layer was observed: the next rung, not yet a layer."""
    layers = {d.layer for d in effective_drivers(answers)}
    return tuple(d for d in active_drivers(answers) if d.needs == "observed" and d.layer not in layers)


def first_meeting_trail(answers: Answers) -> list[tuple[MeetingQuestion, bool]]:
    """The first-meeting questions in order, each answered yes when one of its drivers is on."""
    asked = {d.question for d in active_drivers(answers)}
    return [(question, index in asked) for index, question in enumerate(FIRST_MEETING_QUESTIONS)]


def does_not_fix(answers: Answers) -> dict[Strategy, str]:
    """For each strategy that lacks a layer a diagnosed gap needs, why it does not fix it (one line)."""
    out: dict[Strategy, str] = {}
    for driver in effective_drivers(answers):
        if not driver.does_not_fix:
            continue
        lacks = uses_fine_tuning if driver.layer == "behaviour" else uses_retrieval
        for strategy in STRATEGIES:
            if not lacks(strategy) and strategy not in out:
                out[strategy] = driver.does_not_fix
    return out


def _strength(true_items: int, checklist_size: int, picked_modes: int) -> float:
    # A picked failure mode counts as one more ticked box: observed evidence, capped at a full checklist.
    return min(1.0, (true_items + picked_modes) / checklist_size)


def _strengths(answers: Answers) -> tuple[float, float]:
    modes = set(answers.failure_modes)
    knowledge_modes = sum(1 for m in modes if FAILURE_MODE_TABLE[m].start_with in ("rag", "hybrid"))
    behaviour_modes = sum(1 for m in modes if FAILURE_MODE_TABLE[m].start_with in ("fine_tuning", "hybrid"))
    knowledge = sum(1 for name in KNOWLEDGE_FIELDS if getattr(answers, name))
    behaviour = sum(1 for name in BEHAVIOUR_FIELDS if getattr(answers, name))
    return (
        _strength(knowledge, len(KNOWLEDGE_FIELDS), knowledge_modes),
        _strength(behaviour, len(BEHAVIOUR_FIELDS), behaviour_modes),
    )


def _verdict(knowledge: bool, behaviour: bool) -> Strategy:
    if knowledge and behaviour:
        return "hybrid"
    if knowledge:
        return "rag"
    return "fine_tuning" if behaviour else "prompt_only"


def recommend(answers: Answers) -> Recommendation:
    """Diagnose which strategy fits the team's answers and explain it (the rules: module docstring, DRIVERS)."""
    active = effective_drivers(answers)
    layers = {d.layer for d in active}
    strategy = _verdict("knowledge" in layers, "behaviour" in layers)
    pending = pending_requirements(answers)
    thresholds = example_thresholds()
    knowledge_strength, behaviour_strength = _strengths(answers)
    return Recommendation(
        strategy=strategy,
        headline=_headline(answers, strategy, thresholds),
        reasons=_reasons(answers, strategy, active, pending, thresholds),
        warnings=[warning for rule in _WARNINGS if (warning := rule(answers, strategy, thresholds))],
        next_steps=_next_steps(answers, strategy, thresholds),
        knowledge_strength=knowledge_strength,
        behaviour_strength=behaviour_strength,
        knowledge_failing="knowledge" in layers,
        behaviour_failing="behaviour" in layers,
        driven_by=list(dict.fromkeys(name for d in active for name in d.when)),
        drivers=[d.id for d in active],
        does_not_fix=does_not_fix(answers),
        next_rung=_next_rung(strategy, pending),
    )


def _next_rung(strategy: Strategy, pending: tuple[Driver, ...]) -> str:
    if not pending:
        return ""
    target: Strategy = "hybrid" if uses_retrieval(strategy) else "fine_tuning"
    evidence = "; or ".join(dict.fromkeys(d.evidence for d in pending if d.evidence))
    return (
        f"Next rung: {STRATEGY_LABELS[target]}. Add it only when your evals show a strong prompt falling short, "
        f"for example: {evidence}."
    )


def _reasons(
    answers: Answers,
    strategy: Strategy,
    active: tuple[Driver, ...],
    pending: tuple[Driver, ...],
    thresholds: ExampleThresholds,
) -> list[str]:
    reasons = [d.reason for d in active if d.reason]
    if pending:
        measured = (
            "A strong prompt has been measured on your evals and no behaviour failure is picked above, so it meets "
            "these needs."
            if answers.strong_prompt_measured
            else "No behaviour failure is observed yet, so these are requirements, not failures: a strong prompt "
            "measured on evals comes first."
        )
        reasons += [*(d.reason for d in pending if d.reason), measured]
    if uses_fine_tuning(strategy) and uses_retrieval(strategy) and answers.considering == "fine_tuning":
        reasons.append(
            "Fine-tuning added to a system that keeps its retrieval is a hybrid: the tuned model still answers from "
            "retrieved passages."
        )
    if strategy == "prompt_only":
        if not pending:
            reasons.append(
                "Nothing you described shows missing knowledge, bad behaviour with the right context, or a format, "
                "cost or speed need, so no extra layer is justified yet."
            )
        named = {name for d in pending for name in d.when}
        leaning = [
            _phrase(name)
            for name in (*KNOWLEDGE_FIELDS, *BEHAVIOUR_FIELDS, *TEAM_FIELDS)
            if getattr(answers, name) and name not in named and name != "strong_prompt_measured"
        ]
        if leaning:
            reasons.append(
                "These answers strengthen a case but do not show a need on their own: " + "; ".join(leaning) + "."
            )
    if uses_fine_tuning(strategy):
        if answers.high_volume:
            reasons.append("High volume adds weight: any per-call saving from a tuned model repeats on every call.")
        if answers.smaller_model_could_replace:
            reasons.append("The task is narrow enough for a smaller model, which makes a tuned one more attractive.")
        if answers.labeled_examples >= thresholds.recommended:
            reasons.append(
                f"You have {answers.labeled_examples:,} labeled examples, at or above the "
                f"{thresholds.recommended:,}+ usually advised for fine-tuning."
            )
    return reasons


# ---------------------------------------------------------------- warnings: one small rule each

Warning = Callable[[Answers, Strategy, ExampleThresholds], str]


def _training_facts(answers: Answers, strategy: Strategy, _t: ExampleThresholds) -> str:
    # Mistake 1: training facts into weights.
    if answers.considering != "fine_tuning" or not uses_retrieval(strategy):
        return ""
    changing = " Your sources change often, so it would need retraining again and again." * bool(
        answers.source_changes_often
    )
    domain = (
        " Training on your domain's text so the model reads its language better, with retrieval kept for the "
        "facts, is not memorisation: that part of the fine-tuning is sound."
        if answers.specialised_domain and uses_fine_tuning(strategy)
        else ""
    )
    return (
        "Fine-tuning is the wrong tool for a knowledge gap: facts trained into a model are recalled unreliably "
        f"and go stale when the documents change.{changing} Put the facts in retrieval and keep fine-tuning for "
        f"behaviour.{domain}"
    )


def _retrieving_behaviour(answers: Answers, strategy: Strategy, _t: ExampleThresholds) -> str:
    # Mistake 2: retrieval as a cure for behaviour.
    if answers.considering != "rag" or not uses_fine_tuning(strategy):
        return ""
    seen = (
        "The model already sees the right context and still drifts, so more retrieved text would only make "
        "prompts longer and slower. "
        if answers.context_already_present or "inconsistent_answers" in answers.failure_modes
        else ""
    )
    return (
        f"Retrieval will not fix a behaviour problem. {seen}Retrieval supplies facts; it does not teach the model "
        "to keep a format or answer consistently. Look at fine-tuning (or a tighter prompt) for that."
    )


# A leaning that adds a layer the diagnosis does not call for: (leanings that add it, does the verdict have it,
# the leaning whose own mistake already warned, does the verdict have the other layer, what to say).
_UNNEEDED: tuple[tuple[tuple[str, ...], Callable[[Strategy], bool], str, Callable[[Strategy], bool], str], ...] = (
    (
        ("fine_tuning", "hybrid"),
        uses_fine_tuning,
        "fine_tuning",
        uses_retrieval,
        "Nothing you described calls for a behaviour layer, so fine-tuning would add training data, evals and "
        "retraining to look after without a clear problem to fix.",
    ),
    (
        ("rag", "hybrid"),
        uses_retrieval,
        "rag",
        uses_fine_tuning,
        "Nothing you described shows missing or changing knowledge, so retrieval would add an index, chunking "
        "and retrieval quality to look after without a clear gap to close.",
    ),
)


def _unneeded_layer(row: int, answers: Answers, strategy: Strategy, _t: ExampleThresholds) -> str:
    # Unless mistake 1 or 2 already said so (the leaning names the wrong layer for the gap the verdict has).
    leanings, has, mistaken, has_other, text = _UNNEEDED[row]
    lean = answers.considering or ""
    return text if lean in leanings and not has(strategy) and not (lean == mistaken and has_other(strategy)) else ""


def _prompt_alone(answers: Answers, strategy: Strategy, _t: ExampleThresholds) -> str:
    if answers.considering == "prompt_only" and strategy != "prompt_only":
        return (
            f"A better prompt alone is unlikely to fix this; the answers point to {_layer_word(strategy)}. Keep the "
            "prompt baseline as the yardstick, then add that layer."
        )
    return ""


def _too_few_examples(answers: Answers, strategy: Strategy, thresholds: ExampleThresholds) -> str:
    # Mistake 3: fine-tuning on too few examples.
    if not (uses_fine_tuning(strategy) or answers.considering in ("fine_tuning", "hybrid")):
        return ""
    count = answers.labeled_examples
    if count < thresholds.provider_minimum:
        have = "No labeled examples yet" if count == 0 else f"Only {count:,} labeled examples"
        return (
            f"{have}: too few to fine-tune at all. Providers will not start a job with "
            f"fewer than {thresholds.provider_minimum} (OpenAI's floor), and around {thresholds.recommended:,}+ "
            "good examples is the usual advice. Collect examples first and run a prompt + evals baseline meanwhile."
        )
    if count < thresholds.recommended:
        return (
            f"{count:,} labeled examples is a thin base for fine-tuning: gains often appear from "
            f"{thresholds.clear_gains_from}-{thresholds.clear_gains_to}, but around {thresholds.recommended:,}+ "
            "good examples is the usual advice. Expect to collect more and watch for overfitting."
        )
    return ""


def _unchecked_context(answers: Answers, strategy: Strategy, _t: ExampleThresholds) -> str:
    # Risk: fine-tuning around a context gap nobody has checked.
    confirmed = answers.context_already_present or "inconsistent_answers" in answers.failure_modes
    if strategy == "fine_tuning" and not confirmed:
        return (
            "You have not confirmed the model gets the right context. Check that first: fine-tuning cannot make "
            "up for information that never reaches the prompt."
        )
    return ""


def _unmeasured_prompt(answers: Answers, strategy: Strategy, _t: ExampleThresholds) -> str:
    # Rule 10: a behaviour failure seen without a strong prompt measured may be the prompt's fault.
    if not uses_fine_tuning(strategy) or answers.strong_prompt_measured:
        return ""
    return (
        "No strong prompt has been measured on an eval set yet. Before training, score one (clear instructions, "
        "worked examples, output validation): it may fix what you see, and it is the baseline a tuned model "
        "must beat."
    )


def _small_budget(answers: Answers, strategy: Strategy, _t: ExampleThresholds) -> str:
    if not (answers.small_budget_fast_results and uses_fine_tuning(strategy)):
        return ""
    first = "retrieval" if strategy == "hybrid" else "a strong prompt with evals"
    return (
        "With a small budget and results needed in days, fine-tuning's weeks of data work and training do not "
        f"fit: start with {first}, and add the tuned model once it has shown where it falls short."
    )


_WARNINGS: tuple[Warning, ...] = (
    _training_facts,
    _retrieving_behaviour,
    partial(_unneeded_layer, 0),
    partial(_unneeded_layer, 1),
    _prompt_alone,
    _too_few_examples,
    _unchecked_context,
    _unmeasured_prompt,
    _small_budget,
)


def _layer_word(strategy: Strategy) -> str:
    return {"rag": "retrieval", "fine_tuning": "fine-tuning"}.get(strategy, STRATEGY_LABELS[strategy])


# ---------------------------------------------------------------- next steps and headline

_EVALS_FIRST = "Build a small eval set from real requests with the answers you expect, and score a strong prompt on it."
_RETRIEVAL_STEPS = (
    "Gather the source documents and split them into chunks that keep their meaning.",
    "Build the index and check that the right passages come back for your eval questions.",
    "Check that answers actually use the retrieved passages",  # completed with or without citing
    "Plan how the index stays current as documents change.",
)
_TUNING_STEPS = (
    "Confirm on the failing cases that the model sees the right context, so you fix behaviour and not a knowledge gap.",
    "Fine-tune with the prompt and instructions that already work kept in the training examples, holding some "
    "examples back for evaluation.",
    "Compare the tuned model with the prompt baseline on the same evals, including cost and speed.",
)


_MEASURE_PROMPT = (
    "Measure a strong prompt (clear instructions, worked examples, output validation) on that eval set, and "
    "confirm the failures you see survive it before you train."
)


def _collect(thresholds: ExampleThresholds) -> str:
    return (
        f"Collect labeled examples of the behaviour you want: at least {thresholds.provider_minimum} to start a "
        f"job, about {thresholds.recommended:,}+ good ones for a dependable result; keep improving the prompt "
        "while you do."
    )


def _next_steps(answers: Answers, strategy: Strategy, thresholds: ExampleThresholds) -> list[str]:
    # Always start from measurement: the smallest system that works is judged against a baseline.
    retrieval = [*_RETRIEVAL_STEPS]
    retrieval[2] += " and cite them." if answers.needs_citations else "."
    few = answers.labeled_examples < thresholds.recommended
    steps = [_EVALS_FIRST]
    if uses_fine_tuning(strategy) and not answers.strong_prompt_measured:
        steps.append(_MEASURE_PROMPT)
    if strategy == "prompt_only":
        steps += [
            "Sort the failures your evals reveal: missing knowledge, or bad behaviour with the right context.",
            "Add only the smallest layer that fixes what you see: retrieval for knowledge, fine-tuning for behaviour.",
        ]
    elif strategy == "rag":
        steps += [*retrieval, "If tone or format still wobble once retrieval works, revisit the fine-tuning questions."]
    elif strategy == "fine_tuning":
        steps += [*([_collect(thresholds)] if few else []), *_TUNING_STEPS]
    else:
        steps += [*retrieval[:3], "Measure the retrieval-only system on your evals before training anything."]
        steps += [
            *([_collect(thresholds)] if few else []),
            "Then fine-tune for behaviour on examples that include retrieved passages, so it learns to use them.",
            "Compare each layer against the baseline, and plan how the index stays current.",
        ]
    return steps


def _headline(answers: Answers, strategy: Strategy, thresholds: ExampleThresholds) -> str:
    wait = ", once you have enough labeled examples" if answers.labeled_examples < thresholds.provider_minimum else ""
    if strategy == "prompt_only" and pending_requirements(answers):
        return "Start with an eval set and a strong prompt: it may meet your needs, and fine-tuning is the next rung."
    if strategy == "prompt_only":
        return "Start with an eval set and a strong prompt: nothing you described needs retrieval or training."
    if strategy == "rag":
        return "Add retrieval so the model answers from your current documents."
    if strategy == "fine_tuning":
        return f"Consider fine-tuning to make the model's behaviour consistent{wait}."
    return f"Use both: retrieval for the facts, then fine-tuning for the behaviour{wait}."
