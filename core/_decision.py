"""The decision core: turn a team's answers into a strategy, with reasons, warnings and next steps.

How a recommendation is made (rules here; ratings and research numbers in assets/decision.json):

1. Two layers can fail. The *knowledge* layer fails when the model cannot see what it should answer from; the
   *behaviour* layer fails when it can see it and still acts badly.
2. The first-meeting questions are the primary rule. Any one of these puts a layer in:
   - knowledge: the answer needs information the base model cannot know (private data) or cannot keep current
     (sources change often); or answers must be tied to source evidence (citations).
   - behaviour: the right context is already present and the main risk is still inconsistency; or the prompt
     carries heavy repeated instructions *and* the task is narrow enough for a smaller model.
3. A failure mode the team picked from the table is direct evidence: it puts its layer in
   ("needs_both" puts both).
4. The checklists decide too: when more than half of a layer's checklist is true, that layer is in.
5. Some answers only strengthen a case and never put a layer in alone: wanting updates by data,
   factual drift as the main worry, context already present, a stable output format, high volume, a costly
   prompt, a task a smaller model could do. They still count towards the checklist majority and the strength.
6. Strength of a layer = share of its checklist that is true, where each picked failure mode for that
   layer counts as one more true item (capped at 1).
7. Both layers in -> hybrid; only knowledge -> rag; only behaviour -> fine_tuning; neither -> prompt_only.
8. Labeled examples never change the diagnosis: with too few for fine-tuning the strategy stays, but a
   warning is raised and collecting examples becomes an early next step, with the prompt + evals baseline
   kept meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core._models import DIMENSIONS, Answers, Dimension, FailureMode, Strategy

_DECISION_FILE = Path(__file__).resolve().parent.parent / "assets" / "decision.json"

# The strategies the decision matrix rates; prompt_only is the baseline, not a column of the matrix.
MATRIX_STRATEGIES: tuple[Strategy, ...] = ("rag", "fine_tuning", "hybrid")


class _Frozen(BaseModel):
    # Shared read-only data: frozen so no session can change what another one sees.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Recommendation(_Frozen):
    """What the Diagnose page shows: the strategy and why, what could go wrong, what to do next."""

    strategy: Strategy
    headline: str
    reasons: list[str]
    warnings: list[str]
    next_steps: list[str]
    knowledge_strength: float = Field(ge=0.0, le=1.0)
    behaviour_strength: float = Field(ge=0.0, le=1.0)
    knowledge_failing: bool
    behaviour_failing: bool
    # Answer field names and failure-mode ids that put a layer in, so the page can highlight them.
    driven_by: list[str]


class FailureModeRow(_Frozen):
    """One row of the failure-mode table: what the team sees, where to start, and why."""

    label: str
    start_with: Strategy
    why: str


class MatrixRow(_Frozen):
    """One dimension of the RAG vs fine-tuning matrix, with 1-5 scores (5 = best for the team)."""

    dimension: Dimension
    label: str
    rag: str
    fine_tuning: str
    scores: dict[Strategy, int]
    note: str

    @field_validator("scores")
    @classmethod
    def _scores_cover_matrix(cls, scores: dict[Strategy, int]) -> dict[Strategy, int]:
        if set(scores) != set(MATRIX_STRATEGIES):
            raise ValueError(f"scores must rate exactly {MATRIX_STRATEGIES}")
        if any(not 1 <= score <= 5 for score in scores.values()):
            raise ValueError("scores must be between 1 and 5")
        return scores


class ResearchNumber(_Frozen):
    """One reported result of a study, as printed in its source."""

    label: str
    value: str


class Finding(_Frozen):
    """A research result with its numbers and where they come from."""

    title: str
    claim: str
    metric: str
    numbers: list[ResearchNumber]
    citation: str
    arxiv_id: str | None
    url: str
    source: str
    as_of: str


class ExampleThresholds(_Frozen):
    """How many labeled examples fine-tuning needs: a provider's floor, where gains show, the usual advice."""

    provider_minimum: int = Field(ge=1)
    clear_gains_from: int = Field(ge=1)
    clear_gains_to: int = Field(ge=1)
    recommended: int = Field(ge=1)
    source: str
    as_of: str


class _Matrix(_Frozen):
    source: str
    as_of: str
    rows: list[MatrixRow]

    @model_validator(mode="after")
    def _one_row_per_dimension(self) -> _Matrix:
        if [row.dimension for row in self.rows] != list(DIMENSIONS):
            raise ValueError(f"matrix rows must be exactly {DIMENSIONS}, in order")
        return self


class _DecisionData(_Frozen):
    about: str
    as_of: str
    example_thresholds: ExampleThresholds
    matrix: _Matrix
    research: list[Finding]


class MeetingQuestion(_Frozen):
    """One of the ordered first-meeting questions, the answers it reads, and what a yes means."""

    question: str
    reads: tuple[str, ...]
    if_yes: str


@cache
def _data() -> _DecisionData:
    # Read once per process: the file is shipped with the app and never changes while it runs.
    return _DecisionData.model_validate(json.loads(_DECISION_FILE.read_text(encoding="utf-8")))


def example_thresholds() -> ExampleThresholds:
    """Return the labeled-example thresholds for fine-tuning, with their source and as-of date."""
    return _data().example_thresholds


def decision_matrix_source() -> tuple[str, str]:
    """Return (source, as_of) of the decision-matrix ratings, for the page's footnote."""
    matrix = _data().matrix
    return matrix.source, matrix.as_of


STRATEGY_LABELS: Mapping[Strategy, str] = MappingProxyType(
    {
        "prompt_only": "Prompt + evals baseline",
        "rag": "Retrieval (RAG)",
        "fine_tuning": "Fine-tuning",
        "hybrid": "Hybrid: RAG + fine-tuning",
    }
)

KNOWLEDGE_FIELDS: tuple[str, ...] = (
    "source_changes_often",
    "needs_private_data",
    "needs_citations",
    "update_by_data_not_retraining",
    "main_risk_factual_drift",
)
BEHAVIOUR_FIELDS: tuple[str, ...] = (
    "context_already_present",
    "output_format_must_be_stable",
    "high_volume",
    "prompt_cost_too_high",
    "smaller_model_could_replace",
    "main_risk_inconsistency",
)

QUESTIONS: Mapping[str, str] = MappingProxyType(
    {
        "source_changes_often": "Does the material the answers come from change often (docs, prices, policies)?",
        "needs_private_data": "Do answers need private or internal documents a public model has never seen?",
        "needs_citations": "Must each answer point to the document it came from?",
        "update_by_data_not_retraining": "Would you rather update what it knows by editing data than by retraining?",
        "main_risk_factual_drift": "Is your biggest worry wrong or outdated facts, rather than erratic behaviour?",
        "context_already_present": "Does the model already get all the information it needs in its prompt?",
        "output_format_must_be_stable": "Must the output follow a strict structure every time (JSON, a template)?",
        "high_volume": "Does the same kind of request run at high volume?",
        "prompt_cost_too_high": "Are long instructions and examples, repeated on every call, making it costly?",
        "smaller_model_could_replace": "Is the task narrow enough that a smaller, specialised model could do it?",
        "main_risk_inconsistency": "Is your biggest worry erratic behaviour, rather than missing knowledge?",
    }
)

# Short forms of the answers, for sentences that list several of them.
_ANSWER_PHRASES: Mapping[str, str] = MappingProxyType(
    {
        "source_changes_often": "sources change often",
        "needs_private_data": "private documents are needed",
        "needs_citations": "answers must cite sources",
        "update_by_data_not_retraining": "you would rather update data than retrain",
        "main_risk_factual_drift": "wrong facts are the main worry",
        "context_already_present": "the model already has the context it needs",
        "output_format_must_be_stable": "the output format must be strict",
        "high_volume": "the task runs at high volume",
        "prompt_cost_too_high": "repeated prompts are costly",
        "smaller_model_could_replace": "a smaller model could do the task",
        "main_risk_inconsistency": "erratic behaviour is the main worry",
    }
)

FAILURE_MODE_TABLE: Mapping[FailureMode, FailureModeRow] = MappingProxyType(
    {
        "missing_facts": FailureModeRow(
            label="It doesn't know current or internal facts",
            start_with="rag",
            why="The facts have to be handed to it at request time, not baked in.",
        ),
        "inconsistent_answers": FailureModeRow(
            label="It has the right facts but answers inconsistently",
            start_with="fine_tuning",
            why="What it lacks is a learned way of doing the task, not information.",
        ),
        "must_cite_sources": FailureModeRow(
            label="Answers have to cite their sources",
            start_with="rag",
            why="Retrieved passages give it something concrete to point to.",
        ),
        "format_drift": FailureModeRow(
            label="The output format keeps drifting",
            start_with="fine_tuning",
            why="Many worked examples teach a shape better than instructions do.",
        ),
        "prompt_too_costly": FailureModeRow(
            label="Prompts are long and expensive",
            start_with="fine_tuning",
            why="A tuned model can carry instructions the prompt now repeats on every call.",
        ),
        "needs_both": FailureModeRow(
            label="It needs current facts and steady behaviour",
            start_with="hybrid",
            why="Each layer fixes a different half of the problem.",
        ),
    }
)

_KNOWLEDGE_MODES: frozenset[FailureMode] = frozenset(
    mode for mode, row in FAILURE_MODE_TABLE.items() if row.start_with in ("rag", "hybrid")
)
_BEHAVIOUR_MODES: frozenset[FailureMode] = frozenset(
    mode for mode, row in FAILURE_MODE_TABLE.items() if row.start_with in ("fine_tuning", "hybrid")
)

FIRST_MEETING_QUESTIONS: tuple[MeetingQuestion, ...] = (
    MeetingQuestion(
        question="Does the answer need information the base model can't know or can't keep current?",
        reads=("needs_private_data", "source_changes_often", "missing_facts", "needs_both"),
        if_yes="Start with retrieval.",
    ),
    MeetingQuestion(
        question="With the right context in front of it, does the model still behave badly?",
        reads=("context_already_present", "main_risk_inconsistency", "inconsistent_answers", "format_drift"),
        if_yes="Start evaluating fine-tuning.",
    ),
    MeetingQuestion(
        question="Does every call carry a lot of repeated instructions and examples?",
        reads=("prompt_cost_too_high", "prompt_too_costly"),
        if_yes="Fine-tuning may cut cost and latency.",
    ),
    MeetingQuestion(
        question="Must answers be tied to evidence from source documents?",
        reads=("needs_citations", "must_cite_sources"),
        if_yes="Keep retrieval in the system.",
    ),
    MeetingQuestion(
        question="Is the job narrow enough for a smaller, specialised model?",
        reads=("smaller_model_could_replace",),
        if_yes="Fine-tuning becomes more attractive.",
    ),
)


def first_meeting_trail(answers: Answers) -> list[tuple[MeetingQuestion, bool]]:
    """Answer the first-meeting questions, in order, from the team's answers (yes = True)."""
    modes = set(answers.failure_modes)
    yes = (
        answers.needs_private_data or answers.source_changes_often or bool(modes & {"missing_facts", "needs_both"}),
        _behaves_badly_with_context(answers),
        answers.prompt_cost_too_high or "prompt_too_costly" in modes,
        answers.needs_citations or "must_cite_sources" in modes,
        answers.smaller_model_could_replace,
    )
    return list(zip(FIRST_MEETING_QUESTIONS, yes, strict=True))


def _behaves_badly_with_context(answers: Answers) -> bool:
    # "Answers inconsistently with the right facts" already implies the context is there.
    modes = set(answers.failure_modes)
    if "inconsistent_answers" in modes:
        return True
    badly = answers.main_risk_inconsistency or "format_drift" in modes
    return answers.context_already_present and badly


def _decision_matrix() -> Mapping[Dimension, MatrixRow]:
    return MappingProxyType({row.dimension: row for row in _data().matrix.rows})


DECISION_MATRIX: Mapping[Dimension, MatrixRow] = _decision_matrix()
RESEARCH: tuple[Finding, ...] = tuple(_data().research)


def matrix_scores(priorities: Mapping[Dimension, int]) -> dict[Strategy, float]:
    """Priority-weighted mean matrix score (1-5) for rag, fine_tuning and hybrid.

    A dimension missing from `priorities` weighs 1; if every weight is 0 the plain mean is used.
    """
    if any(weight < 0 for weight in priorities.values()):
        raise ValueError("priorities must not be negative")
    weights = {dimension: priorities.get(dimension, 1) for dimension in DIMENSIONS}
    if sum(weights.values()) == 0:
        weights = dict.fromkeys(DIMENSIONS, 1)
    total = sum(weights.values())
    return {
        strategy: sum(weights[d] * DECISION_MATRIX[d].scores[strategy] for d in DIMENSIONS) / total
        for strategy in MATRIX_STRATEGIES
    }


def _strength(true_items: int, checklist_size: int, picked_modes: int) -> float:
    # A picked failure mode counts as one more ticked box: observed evidence, capped at a full checklist.
    return min(1.0, (true_items + picked_modes) / checklist_size)


def _most(true_items: int, checklist_size: int) -> bool:
    # "Most of these are true" read as more than half.
    return 2 * true_items > checklist_size


def _failure_reason(mode: FailureMode) -> str:
    row = FAILURE_MODE_TABLE[mode]
    return f'You see "{row.label[0].lower()}{row.label[1:]}": {row.why[0].lower()}{row.why[1:]}'


def _layer_word(strategy: Strategy) -> str:
    return {"rag": "retrieval", "fine_tuning": "fine-tuning"}.get(strategy, STRATEGY_LABELS[strategy])


def recommend(answers: Answers) -> Recommendation:
    """Diagnose which strategy fits the team's answers and explain it (see the module docstring for "
    "the rules)."""
    modes = set(answers.failure_modes)
    knowledge_true = [name for name in KNOWLEDGE_FIELDS if getattr(answers, name)]
    behaviour_true = [name for name in BEHAVIOUR_FIELDS if getattr(answers, name)]
    knowledge_modes = [m for m in FAILURE_MODE_TABLE if m in modes and m in _KNOWLEDGE_MODES]
    behaviour_modes = [m for m in FAILURE_MODE_TABLE if m in modes and m in _BEHAVIOUR_MODES]
    thresholds = example_thresholds()

    # Knowledge layer: first-meeting questions 1 and 4, the failure table, then the checklist majority.
    knowledge_drivers: list[tuple[tuple[str, ...], str]] = []
    if answers.needs_private_data:
        knowledge_drivers.append(
            (
                ("needs_private_data",),
                "Answers rely on private or internal documents the base model has never seen.",
            )
        )
    if answers.source_changes_often:
        knowledge_drivers.append(
            (
                ("source_changes_often",),
                "The source material changes often, so it can't be kept current in weights.",
            )
        )
    if answers.needs_citations:
        knowledge_drivers.append(
            (
                ("needs_citations",),
                "Answers must point to their sources, and retrieval is what supplies them.",
            )
        )
    knowledge_drivers += [((mode,), _failure_reason(mode)) for mode in knowledge_modes]
    knowledge_majority = _most(len(knowledge_true), len(KNOWLEDGE_FIELDS))
    if knowledge_majority:
        knowledge_drivers.append(
            (
                tuple(knowledge_true),
                f"{len(knowledge_true)} of {len(KNOWLEDGE_FIELDS)} knowledge checks are true, "
                "which points to a knowledge gap.",
            )
        )

    # Behaviour layer: first-meeting questions 2, 3 and 5, the failure table, then the checklist majority.
    behaviour_drivers: list[tuple[tuple[str, ...], str]] = []
    if answers.context_already_present and answers.main_risk_inconsistency:
        behaviour_drivers.append(
            (
                ("context_already_present", "main_risk_inconsistency"),
                "The model already has the right context, yet erratic behaviour is the main risk: "
                "that is a behaviour problem, the case for evaluating fine-tuning.",
            )
        )
    if answers.prompt_cost_too_high and answers.smaller_model_could_replace:
        behaviour_drivers.append(
            (
                ("prompt_cost_too_high", "smaller_model_could_replace"),
                "Long repeated prompts and a task narrow enough for a smaller model make fine-tuning "
                "attractive for cost and speed.",
            )
        )
    # "needs_both" is explained once, on the knowledge side.
    behaviour_drivers += [((mode,), _failure_reason(mode)) for mode in behaviour_modes if mode != "needs_both"]
    behaviour_majority = _most(len(behaviour_true), len(BEHAVIOUR_FIELDS))
    if behaviour_majority:
        behaviour_drivers.append(
            (
                tuple(behaviour_true),
                f"{len(behaviour_true)} of {len(BEHAVIOUR_FIELDS)} behaviour checks are true, "
                "which points to a behaviour problem.",
            )
        )

    knowledge_failing = bool(knowledge_drivers)
    behaviour_failing = bool(behaviour_drivers) or "needs_both" in modes
    reasons = [text for _, text in (*knowledge_drivers, *behaviour_drivers)]
    driven_by = [key for keys, _ in (*knowledge_drivers, *behaviour_drivers) for key in keys]

    strategy: Strategy
    if knowledge_failing and behaviour_failing:
        strategy = "hybrid"
    elif knowledge_failing:
        strategy = "rag"
    elif behaviour_failing:
        strategy = "fine_tuning"
    else:
        strategy = "prompt_only"

    uses_fine_tuning = strategy in ("fine_tuning", "hybrid")
    if strategy == "prompt_only":
        reasons.append(
            "Nothing you described shows missing knowledge, or bad behaviour with the right context present, "
            "so no extra layer is justified yet."
        )
        leaning = [_ANSWER_PHRASES[name] for name in (*knowledge_true, *behaviour_true)]
        if leaning:
            reasons.append(
                "These answers strengthen a case but do not show a failure on their own: " + "; ".join(leaning) + "."
            )
    if uses_fine_tuning:
        if "high_volume" in behaviour_true:
            reasons.append("High volume adds weight: any per-call saving from a tuned model repeats on every call.")
        if answers.labeled_examples >= thresholds.recommended:
            reasons.append(
                f"You have {answers.labeled_examples:,} labeled examples, at or above the "
                f"{thresholds.recommended:,}+ usually advised for fine-tuning."
            )

    warnings = _warnings(answers, strategy, knowledge_failing, behaviour_failing, thresholds)
    next_steps = _next_steps(answers, strategy, thresholds)
    headline = _headline(answers, strategy, thresholds)

    return Recommendation(
        strategy=strategy,
        headline=headline,
        reasons=reasons,
        warnings=warnings,
        next_steps=next_steps,
        knowledge_strength=_strength(len(knowledge_true), len(KNOWLEDGE_FIELDS), len(knowledge_modes)),
        behaviour_strength=_strength(len(behaviour_true), len(BEHAVIOUR_FIELDS), len(behaviour_modes)),
        knowledge_failing=knowledge_failing,
        behaviour_failing=behaviour_failing,
        driven_by=list(dict.fromkeys(driven_by)),
    )


def _warnings(
    answers: Answers,
    strategy: Strategy,
    knowledge_failing: bool,
    behaviour_failing: bool,
    thresholds: ExampleThresholds,
) -> list[str]:
    considering = answers.considering
    modes = set(answers.failure_modes)
    warnings: list[str] = []

    # Mistake 1: training facts into weights.
    knowledge_by_training = considering == "fine_tuning" and knowledge_failing
    if knowledge_by_training:
        changing = (
            " Your sources change often, so it would need retraining again and again."
            if answers.source_changes_often
            else ""
        )
        warnings.append(
            "Fine-tuning is the wrong tool for a knowledge gap: facts trained into a model are recalled "
            f"unreliably and go stale when the documents change.{changing} Put the facts in retrieval "
            "and keep "
            "fine-tuning for behaviour."
        )
    # Mistake 2: retrieval as a cure for behaviour.
    behaviour_by_retrieval = considering == "rag" and behaviour_failing
    if behaviour_by_retrieval:
        seen = (
            "The model already sees the right context and still drifts, so more retrieved text would "
            "only make "
            "prompts longer and slower. "
            if answers.context_already_present or "inconsistent_answers" in modes
            else ""
        )
        warnings.append(
            f"Retrieval will not fix a behaviour problem. {seen}Retrieval supplies facts; it does not teach "
            "the model to keep a format or answer consistently. Look at fine-tuning (or a tighter "
            "prompt) for that."
        )
    # A leaning that adds a layer the diagnosis does not call for.
    if considering in ("fine_tuning", "hybrid") and not behaviour_failing and not knowledge_by_training:
        warnings.append(
            "Nothing you described shows a behaviour failure, so fine-tuning would add training "
            "data, evals and "
            "retraining to look after without a clear problem to fix."
        )
    if considering in ("rag", "hybrid") and not knowledge_failing and not behaviour_by_retrieval:
        warnings.append(
            "Nothing you described shows missing or changing knowledge, so retrieval would add an "
            "index, chunking "
            "and retrieval quality to look after without a clear gap to close."
        )
    if considering == "prompt_only" and strategy != "prompt_only":
        warnings.append(
            f"A better prompt alone is unlikely to fix this; the answers point to {_layer_word(strategy)}. "
            "Keep the prompt baseline as the yardstick, then add that layer."
        )
    # Mistake 3: fine-tuning on too few examples.
    if strategy in ("fine_tuning", "hybrid") or considering in ("fine_tuning", "hybrid"):
        count = answers.labeled_examples
        if count < thresholds.provider_minimum:
            warnings.append(
                f"Only {count:,} labeled examples: too few to fine-tune at all. OpenAI will not start "
                "a job with "
                f"fewer than {thresholds.provider_minimum}, and around {thresholds.recommended:,}+ "
                "good examples is "
                "the usual advice. Collect examples first and run a prompt + evals baseline meanwhile."
            )
        elif count < thresholds.recommended:
            warnings.append(
                f"{count:,} labeled examples is a thin base for fine-tuning: gains often appear from "
                f"{thresholds.clear_gains_from}-{thresholds.clear_gains_to}, but around "
                f"{thresholds.recommended:,}+ "
                "good examples is the usual advice. Expect to collect more and watch for overfitting."
            )
    # Risk: fine-tuning around a context gap nobody has checked.
    context_unchecked = not answers.context_already_present and "inconsistent_answers" not in modes
    if strategy == "fine_tuning" and context_unchecked:
        warnings.append(
            "You have not confirmed the model gets the right context. Check that first: fine-tuning "
            "cannot make "
            "up for information that never reaches the prompt."
        )
    return warnings


def _next_steps(answers: Answers, strategy: Strategy, thresholds: ExampleThresholds) -> list[str]:
    # Always start from measurement: the smallest system that works is judged against a baseline.
    steps = ["Build a small eval set from real requests with the answers you expect, and score a strong prompt on it."]
    collect = (
        f"Collect labeled examples of the behaviour you want: at least {thresholds.provider_minimum} "
        "to start a "
        f"job, about {thresholds.recommended:,}+ good ones for a dependable result; keep improving "
        "the prompt "
        "while you do."
    )
    retrieval = [
        "Gather the source documents and split them into chunks that keep their meaning.",
        "Build the index and check that the right passages come back for your eval questions.",
        "Check that answers actually use the retrieved passages"
        + (" and cite them." if answers.needs_citations else "."),
        "Plan how the index stays current as documents change.",
    ]
    if strategy == "prompt_only":
        steps += [
            "Sort the failures your evals reveal: missing knowledge, or bad behaviour with the right context.",
            "Add only the smallest layer that fixes what you see: retrieval for knowledge, fine-tuning for behaviour.",
        ]
    elif strategy == "rag":
        steps += [
            *retrieval,
            "If tone or format still wobble once retrieval works, revisit the fine-tuning questions.",
        ]
    elif strategy == "fine_tuning":
        if answers.labeled_examples < thresholds.recommended:
            steps.append(collect)
        steps += [
            "Confirm on the failing cases that the model sees the right context, so you fix "
            "behaviour and not "
            "a knowledge gap.",
            "Fine-tune with the prompt and instructions that already work kept in the training "
            "examples, holding "
            "some examples back for evaluation.",
            "Compare the tuned model with the prompt baseline on the same evals, including cost and speed.",
        ]
    else:
        steps += [*retrieval[:3], "Measure the retrieval-only system on your evals before training anything."]
        if answers.labeled_examples < thresholds.recommended:
            steps.append(collect)
        steps += [
            "Then fine-tune for behaviour on examples that include retrieved passages, so it learns to use them.",
            "Compare each layer against the baseline, and plan how the index stays current.",
        ]
    return steps


def _headline(answers: Answers, strategy: Strategy, thresholds: ExampleThresholds) -> str:
    too_few = answers.labeled_examples < thresholds.provider_minimum
    wait = ", once you have enough labeled examples" if too_few else ""
    if strategy == "prompt_only":
        return "Start with an eval set and a strong prompt: nothing you described needs retrieval or training."
    if strategy == "rag":
        return "Add retrieval so the model answers from your current documents."
    if strategy == "fine_tuning":
        return f"Consider fine-tuning to make the model's behaviour consistent{wait}."
    return f"Use both: retrieval for the facts, then fine-tuning for the behaviour{wait}."
