"""The product's input models: a team's answers to the questionnaire and the workload it wants priced.

One `Scenario` is what the estimator reads, what a share link encodes and what a scenario file holds.
Every field has a default, so `Scenario()` (or `Scenario.model_validate({})`) is valid.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Strategy = Literal["prompt_only", "rag", "fine_tuning", "hybrid"]
STRATEGIES: tuple[Strategy, ...] = ("prompt_only", "rag", "fine_tuning", "hybrid")

# The first seed's failure-mode table, as stable ids (labels live with the decision rules).
FailureMode = Literal[
    "missing_facts",  # the model does not know current or private facts
    "inconsistent_answers",  # it sees the right facts but answers inconsistently
    "must_cite_sources",  # the answer must cite sources
    "format_drift",  # the output format keeps drifting
    "prompt_too_costly",  # prompts are huge and expensive
    "needs_both",  # current facts and stable behaviour are both needed
]
FAILURE_MODES: tuple[FailureMode, ...] = (
    "missing_facts",
    "inconsistent_answers",
    "must_cite_sources",
    "format_drift",
    "prompt_too_costly",
    "needs_both",
)

# The second seed's decision-matrix dimensions; the user weighs what matters to them.
Dimension = Literal[
    "setup_time",
    "cost",
    "knowledge_freshness",
    "source_attribution",
    "output_format_control",
    "hallucination_risk",
    "latency",
]
DIMENSIONS: tuple[Dimension, ...] = (
    "setup_time",
    "cost",
    "knowledge_freshness",
    "source_attribution",
    "output_format_control",
    "hallucination_risk",
    "latency",
)

# Upper bounds keep absurd values (from a URL or a file) out of the arithmetic; they are far above real use.
MAX_TOKENS_PER_PART = 2_000_000
MAX_REQUESTS_PER_MONTH = 10_000_000_000
MAX_CORPUS_TOKENS = 1_000_000_000_000
MAX_PRICE_USD_PER_MTOK = 100_000.0


class _Model(BaseModel):
    # Unknown keys are refused so a typo in a file or link is reported, not silently ignored.
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Answers(_Model):
    """A team's answers to the Diagnose questionnaire."""

    # Knowledge layer: the first seed's "choose RAG first" checklist.
    source_changes_often: bool = False
    needs_private_data: bool = False
    needs_citations: bool = False
    update_by_data_not_retraining: bool = False
    main_risk_factual_drift: bool = False
    # Behaviour layer: its "choose fine-tuning first" checklist.
    context_already_present: bool = False
    output_format_must_be_stable: bool = False
    high_volume: bool = False
    prompt_cost_too_high: bool = False
    smaller_model_could_replace: bool = False
    main_risk_inconsistency: bool = False
    labeled_examples: int = Field(default=0, ge=0, le=100_000_000)
    considering: Strategy | None = None
    # Which rows of the failure-mode table describe what the team sees today.
    failure_modes: list[FailureMode] = Field(default_factory=list)


class Workload(_Model):
    """What one request looks like and how many there are."""

    requests_per_month: int = Field(default=100_000, ge=0, le=MAX_REQUESTS_PER_MONTH)
    instruction_tokens: int = Field(default=1500, ge=0, le=MAX_TOKENS_PER_PART)
    example_tokens: int = Field(default=2500, ge=0, le=MAX_TOKENS_PER_PART)
    user_tokens: int = Field(default=200, ge=0, le=MAX_TOKENS_PER_PART)
    output_tokens: int = Field(default=300, ge=0, le=MAX_TOKENS_PER_PART)
    cache_hit_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    batch: bool = False


class RagSettings(_Model):
    """Retrieval: how much context is added per request and what the index costs."""

    top_k: int = Field(default=5, ge=0, le=1000)
    chunk_tokens: int = Field(default=400, ge=0, le=MAX_TOKENS_PER_PART)
    corpus_tokens: int = Field(default=10_000_000, ge=0, le=MAX_CORPUS_TOKENS)
    monthly_churn: float = Field(default=0.1, ge=0.0, le=100.0)
    embedding_model: str = Field(default="text-embedding-3-small", min_length=1, max_length=200)
    vector_db_usd_per_month: float = Field(default=50.0, ge=0.0, le=100_000_000.0)
    retrieval_ms: float = Field(default=50.0, ge=0.0, le=600_000.0)


class FineTuningSettings(_Model):
    """Fine-tuning: the training run, how often it is repeated, and what stays in the prompt afterwards."""

    model: str = Field(default="gpt-4o-mini", min_length=1, max_length=200)
    training_examples: int = Field(default=500, ge=0, le=100_000_000)
    tokens_per_example: int = Field(default=1000, ge=0, le=MAX_TOKENS_PER_PART)
    epochs: Annotated[int, Field(ge=1, le=50)] | Literal["auto"] = 3
    retrains_per_year: float = Field(default=4, ge=0.0, le=365.0)
    kept_instruction_tokens: int = Field(default=200, ge=0, le=MAX_TOKENS_PER_PART)
    kept_example_tokens: int = Field(default=0, ge=0, le=MAX_TOKENS_PER_PART)


class Price(_Model):
    """A price override in USD per 1M tokens; a field left as None falls back to the catalogue."""

    input: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    cached_input: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    output: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    training: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)


class LatencyProfile(_Model):
    """How fast a model answers: latency = ttft + input / prefill speed + output / output speed."""

    ttft_ms: float = Field(ge=0.0, le=600_000.0)
    prefill_tokens_per_s: float = Field(gt=0.0, le=100_000_000.0)
    output_tokens_per_s: float = Field(gt=0.0, le=1_000_000.0)


class Scenario(_Model):
    """Everything the estimator needs; also what share links and scenario files carry."""

    name: str = Field(default="My assistant", max_length=200)
    answers: Answers = Field(default_factory=Answers)
    workload: Workload = Field(default_factory=Workload)
    model: str = Field(default="gpt-4o-mini", min_length=1, max_length=200)
    rag: RagSettings = Field(default_factory=RagSettings)
    fine_tuning: FineTuningSettings = Field(default_factory=FineTuningSettings)
    horizon_months: int = Field(default=12, ge=1, le=120)
    # Overrides on top of the catalogue, keyed by model name; the fine-tuned variant of M is "ft:M".
    prices: dict[str, Price] = Field(default_factory=dict)
    latency: dict[str, LatencyProfile] = Field(default_factory=dict)
    # Optional accuracy (0-1) per strategy from the team's own evals, for cost per correct answer.
    accuracy: dict[Strategy, Annotated[float, Field(ge=0.0, le=1.0)]] = Field(default_factory=dict)
    # How much each decision-matrix dimension matters to the team (0 = not at all, 3 = a lot).
    priorities: dict[Dimension, Annotated[int, Field(ge=0, le=3)]] = Field(default_factory=dict)
