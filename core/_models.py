"""The product's input models: a team's answers to the questionnaire and the workload it wants priced.

One `Scenario` is what the estimator reads, what a share link encodes and what a scenario file holds.
Every field has a default, so `Scenario()` (or `Scenario.model_validate({})`) is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from core._offerings import offering_ids
from core._people import PEOPLE_DEFAULTS

Strategy = Literal["prompt_only", "rag", "fine_tuning", "hybrid"]
STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)
# The two layers a strategy can add: hybrid is retrieval plus fine-tuning, stated here once.
RETRIEVAL_STRATEGIES: frozenset[Strategy] = frozenset({"rag", "hybrid"})
FINE_TUNED_STRATEGIES: frozenset[Strategy] = frozenset({"fine_tuning", "hybrid"})
# How strategies are named to people: in full, and where a table cell or a chart label has little room.
STRATEGY_LABELS: Mapping[Strategy, str] = MappingProxyType(
    {
        "prompt_only": "Prompt + evals baseline",
        "rag": "Retrieval (RAG)",
        "fine_tuning": "Fine-tuning",
        "hybrid": "Hybrid: RAG + fine-tuning",
    }
)
SHORT_LABELS: Mapping[Strategy, str] = MappingProxyType(
    {"prompt_only": "Prompt-only", "rag": "RAG", "fine_tuning": "Fine-tuning", "hybrid": "Hybrid"}
)


def uses_retrieval(strategy: Strategy) -> bool:
    """True for the strategies that retrieve documents (rag, hybrid)."""
    return strategy in RETRIEVAL_STRATEGIES


def uses_fine_tuning(strategy: Strategy) -> bool:
    """True for the strategies that run on a fine-tuned model (fine_tuning, hybrid)."""
    return strategy in FINE_TUNED_STRATEGIES


# The first seed's failure-mode table, as stable ids (labels live with the decision rules).
FailureMode = Literal[
    "missing_facts",  # the model does not know current or private facts
    "inconsistent_answers",  # it sees the right facts but answers inconsistently
    "must_cite_sources",  # the answer must cite sources
    "format_drift",  # the output format keeps drifting
    "prompt_too_costly",  # prompts are huge and expensive
    "needs_both",  # current facts and stable behaviour are both needed
]
FAILURE_MODES: tuple[FailureMode, ...] = get_args(FailureMode)

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
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)

# Upper bounds keep absurd values (from a URL or a file) out of the arithmetic; they are far above real use.
MAX_TOKENS_PER_PART = 2_000_000
MAX_REQUESTS_PER_MONTH = 10_000_000_000
MAX_CORPUS_TOKENS = 1_000_000_000_000
MAX_PRICE_USD_PER_MTOK = 100_000.0
MAX_USD_PER_HOUR = 1_000_000.0
MAX_USD_PER_MONTH = 100_000_000.0
# The default fine-tuning offering: one that can be bought and served today (see assets/fine_tuning/).
DEFAULT_OFFERING = "bedrock/nova-2-lite"
DEFAULT_MODEL = "gpt-5.4-mini"
# Figures are computed in US dollars and can be shown in one of these (rates in assets/prices/currencies.csv).
Currency = Literal["USD", "EUR", "GBP", "JPY", "INR", "CAD", "AUD", "CHF"]
DEFAULT_CURRENCY: Currency = "USD"
MAX_UNITS_PER_USD = 1_000_000.0


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
    strong_prompt_measured: bool = False
    specialised_domain: bool = False
    large_label_space: bool = False
    # The second seed's criteria that move a team.
    persona_or_style: bool = False
    latency_sensitive: bool = False
    small_budget_fast_results: bool = False
    labeled_examples: int = Field(default=0, ge=0, le=100_000_000)
    considering: Strategy | None = None
    # Which rows of the failure-mode table describe what the team sees today.
    failure_modes: list[FailureMode] = Field(default_factory=list)


# The Evidence page's verdict for one eval row (core._evidence), and the answers it can fill in.
Verdict = Literal["correct", "visibility", "behaviour", "format", "inconsistent", "cant_tell"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
EvidenceAnswer = Literal[
    "strong_prompt_measured",
    "context_already_present",
    "missing_facts",
    "inconsistent_answers",
    "format_drift",
    "needs_both",
]
FormatCheck = Literal["none", "json", "schema", "regex"]
MAX_EVIDENCE_RUNS = 20


class EvidenceSummary(_Model):
    """What a share link and a scenario file keep of a triaged eval log: counts and thresholds, never the log."""

    rows: int = Field(default=0, ge=0, le=100_000_000)
    run: str = Field(default="", max_length=200)
    counts: dict[str, dict[Verdict, Annotated[int, Field(ge=0, le=100_000_000)]]] = Field(
        default_factory=dict, max_length=MAX_EVIDENCE_RUNS
    )
    f1_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    visibility_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    format_check: FormatCheck = "none"
    # Which Diagnose answers were filled from the evidence (the rest were ticked by hand).
    from_evidence: list[EvidenceAnswer] = Field(default_factory=list, max_length=10)


class Workload(_Model):
    """What one request looks like and how many there are."""

    requests_per_month: int = Field(default=100_000, ge=0, le=MAX_REQUESTS_PER_MONTH)
    instruction_tokens: int = Field(default=1500, ge=0, le=MAX_TOKENS_PER_PART)
    example_tokens: int = Field(default=2500, ge=0, le=MAX_TOKENS_PER_PART)
    user_tokens: int = Field(default=200, ge=0, le=MAX_TOKENS_PER_PART)
    output_tokens: int = Field(default=300, ge=0, le=MAX_TOKENS_PER_PART)
    # Hidden reasoning ("thinking") tokens a reasoning model writes before the answer; billed as output.
    reasoning_tokens: int = Field(default=0, ge=0, le=MAX_TOKENS_PER_PART)
    cache_hit_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    batch: bool = False
    # When the requests arrive: they are spread over these hours of each day, and the busiest hour carries
    # `peak_factor` times the average. Only dedicated GPU replicas are sized from them.
    hours_per_day: float = Field(default=24.0, ge=1.0, le=24.0)
    peak_factor: float = Field(default=2.0, ge=1.0, le=100.0)


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
    """Fine-tuning: where it is bought (an offering), the training run, how often it is repeated, and what stays
    in the prompt afterwards."""

    offering: str = Field(default=DEFAULT_OFFERING, min_length=1, max_length=200)
    training_examples: int = Field(default=500, ge=0, le=100_000_000)
    tokens_per_example: int = Field(default=1000, ge=0, le=MAX_TOKENS_PER_PART)
    epochs: Annotated[int, Field(ge=1, le=50)] | Literal["auto"] = 3
    retrains_per_year: float = Field(default=4, ge=0.0, le=365.0)
    kept_instruction_tokens: int = Field(default=200, ge=0, le=MAX_TOKENS_PER_PART)
    kept_example_tokens: int = Field(default=0, ge=0, le=MAX_TOKENS_PER_PART)
    # For offerings billed per training hour (reinforcement fine-tuning, your own GPUs): None until you say.
    training_hours: float | None = Field(default=None, ge=0.0, le=100_000.0)
    # Capacity units reserved on an offering served by provisioned throughput.
    units: int = Field(default=1, ge=1, le=1000)

    @field_validator("offering")
    @classmethod
    def _known_offering(cls, value: str) -> str:
        name = value.strip().lower()
        if name not in offering_ids():
            raise ValueError(f"'{value}' is not a fine-tuning offering this tool knows")
        return name


class OfferingPrice(_Model):
    """Overrides of one fine-tuning offering's numbers; a field left as None keeps the offering's own."""

    training_usd_per_mtok: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    training_usd_per_hour: float | None = Field(default=None, ge=0.0, le=MAX_USD_PER_HOUR)
    min_job_usd: float | None = Field(default=None, ge=0.0, le=MAX_USD_PER_MONTH)
    input_usd_per_mtok: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    cached_input_usd_per_mtok: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    output_usd_per_mtok: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    hosting_usd_per_hour: float | None = Field(default=None, ge=0.0, le=MAX_USD_PER_HOUR)
    tokens_per_s_per_replica: float | None = Field(default=None, gt=0.0, le=100_000_000.0)
    storage_usd_per_month: float | None = Field(default=None, ge=0.0, le=MAX_USD_PER_MONTH)


def _per_strategy(values: dict[str, float]) -> dict[Strategy, float]:
    return {strategy: values[strategy] for strategy in STRATEGIES}


class People(_Model):
    """People's time: one-time set-up, labelling and an eval set, and monthly upkeep, at an hourly rate.

    Defaults are assumptions with their sources in assets/people.json; switch `include` off to compare tokens only.
    """

    include: bool = True
    hourly_rate_usd: float = Field(default=PEOPLE_DEFAULTS.hourly_rate_usd.value, ge=0.0, le=10_000.0)
    setup_days: dict[Strategy, Annotated[float, Field(ge=0.0, le=1000.0)]] = Field(
        default_factory=lambda: _per_strategy(PEOPLE_DEFAULTS.setup_days_values())
    )
    minutes_per_example: float = Field(default=PEOPLE_DEFAULTS.minutes_per_example.value, ge=0.0, le=1000.0)
    eval_examples: int = Field(default=int(PEOPLE_DEFAULTS.eval_examples.value), ge=0, le=1_000_000)
    maintenance_hours_per_month: dict[Strategy, Annotated[float, Field(ge=0.0, le=1000.0)]] = Field(
        default_factory=lambda: _per_strategy(PEOPLE_DEFAULTS.maintenance_values())
    )

    @field_validator("setup_days", "maintenance_hours_per_month", mode="before")
    @classmethod
    def _every_strategy(cls, value: object, info: ValidationInfo) -> object:
        # A strategy left out (a link or file that sets only some) keeps its default, so all four are always there.
        if not isinstance(value, dict):
            return value
        defaults = (
            PEOPLE_DEFAULTS.setup_days_values()
            if info.field_name == "setup_days"
            else (PEOPLE_DEFAULTS.maintenance_values())
        )
        return {**defaults, **value}


class Price(_Model):
    """A model's price override in USD per 1M tokens; a field left as None falls back to the catalogue."""

    input: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    cached_input: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    cache_write: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)
    output: float | None = Field(default=None, ge=0.0, le=MAX_PRICE_USD_PER_MTOK)


class LatencyProfile(_Model):
    """How fast a model answers: latency = ttft + input / prefill speed + output / output speed."""

    ttft_ms: float = Field(ge=0.0, le=600_000.0)
    prefill_tokens_per_s: float = Field(gt=0.0, le=100_000_000.0)
    output_tokens_per_s: float = Field(gt=0.0, le=1_000_000.0)


# Where a decision stands, in MADR's words; a new record starts as proposed.
DecisionStatus = Literal["proposed", "accepted", "rejected", "deprecated", "superseded"]
DECISION_STATUSES: tuple[DecisionStatus, ...] = get_args(DecisionStatus)
# A name is a person or a team, not a paragraph; a record lists a meeting, not a company.
MAX_NAME_CHARS = 80
MAX_NAMES = 12
Name = Annotated[str, Field(max_length=MAX_NAME_CHARS)]


class DecisionPeople(_Model):
    """Who decides, who is consulted and who is informed (MADR's front matter), and where the decision stands."""

    status: DecisionStatus = "proposed"
    makers: list[Name] = Field(default_factory=list, max_length=MAX_NAMES)
    consulted: list[Name] = Field(default_factory=list, max_length=MAX_NAMES)
    informed: list[Name] = Field(default_factory=list, max_length=MAX_NAMES)

    @field_validator("makers", "consulted", "informed", mode="after")
    @classmethod
    def _one_line_each(cls, names: list[str]) -> list[str]:
        # A name is one line of plain words: runs of spaces and line breaks become one space, blanks are dropped.
        cleaned = (" ".join(name.split()) for name in names)
        return [name for name in cleaned if name]


class Scenario(_Model):
    """Everything the estimator needs; also what share links and scenario files carry."""

    name: str = Field(default="My assistant", max_length=200)
    answers: Answers = Field(default_factory=Answers)
    workload: Workload = Field(default_factory=Workload)
    model: str = Field(default=DEFAULT_MODEL, min_length=1, max_length=200)
    rag: RagSettings = Field(default_factory=RagSettings)
    fine_tuning: FineTuningSettings = Field(default_factory=FineTuningSettings)
    people: People = Field(default_factory=People)
    horizon_months: int = Field(default=12, ge=1, le=120)
    # Overrides on top of the catalogue, keyed by model name (prices, speeds) or by offering id (speeds too).
    prices: dict[str, Price] = Field(default_factory=dict)
    offering_prices: dict[str, OfferingPrice] = Field(default_factory=dict)
    latency: dict[str, LatencyProfile] = Field(default_factory=dict)
    # Optional accuracy (0-1) per strategy from the team's own evals, for cost per correct answer.
    accuracy: dict[Strategy, Annotated[float, Field(ge=0.0, le=1.0)]] = Field(default_factory=dict)
    # How much each decision-matrix dimension matters to the team (0 = not at all, 3 = a lot).
    priorities: dict[Dimension, Annotated[int, Field(ge=0, le=3)]] = Field(default_factory=dict)
    # Who takes the decision this scenario supports, for the decision record and the slide.
    decision: DecisionPeople = Field(default_factory=DecisionPeople)
    # A summary of the eval log triaged on the Evidence page (counts and thresholds, never the log itself).
    evidence: EvidenceSummary | None = None
    # The currency figures are shown in (ISO code; core computes in USD) and, optionally, your rate: units per USD.
    currency: Currency = DEFAULT_CURRENCY
    currency_rate: float | None = Field(default=None, gt=0.0, le=MAX_UNITS_PER_USD)

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value
