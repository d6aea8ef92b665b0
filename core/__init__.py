"""The decision and cost brain of the product: pure functions over pydantic models, no Streamlit.

Import the public surface from here (`import core`); the underscored modules are private. Grouped by module.
"""

# Every number an estimate used, with its source.
from core._assumptions import (
    Assumption,
)

# How providers bill prompt caching, the batch API and reasoning tokens.
from core._billing import (
    BatchRule,
    CachingRule,
    ReasoningRule,
)

# Prices and speeds of models: the genai-prices snapshot and our tables; the model picker.
from core._catalogue import (
    LATENCY_PARTS,
    FieldSource,
    LatencyPart,
    ResolvedLatency,
    ResolvedPrice,
    canonical_model_name,
    catalogue_model_groups,
    catalogue_models,
    embedding_models,
    genai_prices_version,
    model_label,
    provider_of,
    resolve_latency,
    resolve_prices,
)

# Which scenarios a person can compare or open.
from core._choices import (
    DEFAULT_COMPARED,
    ScenarioChoice,
    scenario_choices,
)

# Sizing a retrieval corpus.
from core._corpus import (
    EMPTY_DOCUMENT,
    CorpusReport,
    DocumentError,
    DocumentSize,
    chunk_count,
    corpus_to_scenario,
    embedding_dimensions,
    extract_text,
    monthly_reembed_usd,
    size_corpus,
    size_corpus_files,
)

# Showing USD figures in another currency at a dated reference rate.
from core._currency import (
    ExchangeRate,
    currency_codes,
    exchange_rate,
    scenario_rate,
)

# Checking a fine-tuning file.
from core._dataset import (
    DATASET_ERROR_KINDS,
    DATASET_WARNING_KINDS,
    DatasetReport,
    HistogramBin,
    TokenStats,
    analyze_jsonl,
    dataset_to_scenario,
    fine_tuning_token_limit,
    reprice_dataset,
)

# The diagnosis: the rule table, the questions and the recommendation.
from core._decision import (
    BEHAVIOUR_FIELDS,
    DRIVERS,
    FAILURE_MODE_TABLE,
    FIRST_MEETING_QUESTIONS,
    KNOWLEDGE_FIELDS,
    NEXT_RUNG_NOTE,
    QUESTION_HELP,
    QUESTIONS,
    TEAM_EFFECTS,
    TEAM_FIELDS,
    Driver,
    FailureModeRow,
    MeetingQuestion,
    Recommendation,
    effective_drivers,
    first_meeting_trail,
    pending_requirements,
    recommend,
)

# The estimate: one scenario's four strategies, what they cost and how long they take.
from core._estimate import (
    Estimate,
    LatencyBreakdown,
    MonthlyBreakdown,
    OneTimeBreakdown,
    ServingPlan,
    StrategyEstimate,
    TokenBreakdown,
    auto_epochs,
    estimate,
)

# What an estimate says in words: end dates, what is compared, understated costs.
from core._estimate_notes import (
    fine_tuning_step,
    month_of,
)

# Triage of a team's eval log: a verdict per row, and what it says to Diagnose.
from core._evidence import (
    ROLE_LABELS,
    ROLES,
    RowVerdict,
    TriageReport,
    TriageSettings,
    answers_from_evidence,
    current_run,
    evidence_accuracy,
    evidence_fields,
    evidence_summary,
    evidence_thresholds,
    measured_lengths,
    observed_verdicts,
    overrule,
    triage_eval_log,
)

# The bounds of every scenario field, for input widgets.
from core._fields import (
    FieldRange,
    field_range,
)

# Scenario files.
from core._file import (
    MAX_SCENARIO_FILE_BYTES,
    ScenarioFileError,
    read_scenario_file,
    scenario_from_json,
    scenario_to_json,
)

# Training files as each provider takes them: formats, their sourced rules, detection and conversion.
from core._formats import (
    FORMAT_LABELS,
    Conversion,
    FormatRule,
    convert_training_file,
    detect_training_format,
    format_rules,
    rules_for,
)

# The formulas shown under "How this is computed".
from core._formulas import (
    FORMULAS,
    SYMBOLS,
    Formula,
)

# How fresh the market data is: each table's last check, the oldest, and what is out of date.
from core._freshness import (
    MarketTable,
    freshness_text,
    is_out_of_date,
    market_age_days,
    market_checked_on,
    market_tables,
    stale_after_days,
    table_checked_on,
)

# Costs across volumes and months: sweeps, break-even volumes, month-by-month spend.
from core._horizon import (
    break_even_requests,
    cumulative_costs,
    end_months,
    monthly_at,
    volume_sweep,
)

# Share links.
from core._link import (
    from_query_params,
    to_query_params,
)

# The decision matrix and the research.
from core._matrix import (
    DECISION_MATRIX,
    MATRIX_STRATEGIES,
    RESEARCH,
    ExampleThresholds,
    Finding,
    MatrixRow,
    ResearchNumber,
    decision_matrix_source,
    example_thresholds,
    matrix_scores,
)

# Validation errors in plain words.
from core._messages import (
    friendly_errors,
)

# The inputs: a scenario and its parts, the strategies and their names.
from core._models import (
    DECISION_STATUSES,
    DEFAULT_CURRENCY,
    DEFAULT_MODEL,
    DEFAULT_OFFERING,
    DIMENSIONS,
    FAILURE_MODES,
    MAX_NAME_CHARS,
    MAX_NAMES,
    SHORT_LABELS,
    STRATEGIES,
    STRATEGY_LABELS,
    VERDICTS,
    Answers,
    DecisionPeople,
    DecisionStatus,
    Dimension,
    EvidenceSummary,
    FailureMode,
    FineTuningSettings,
    LatencyProfile,
    OfferingPrice,
    People,
    Price,
    RagSettings,
    Scenario,
    Strategy,
    Verdict,
    Workload,
    uses_fine_tuning,
    uses_retrieval,
)

# A fine-tuning offering's numbers after a scenario's overrides.
from core._offering_prices import (
    ResolvedOffering,
    resolve_offering,
)

# Fine-tuning offerings: provider + base model, how they are billed and served, their end dates.
from core._offerings import (
    LORA_SERVING_LABELS,
    SERVING_LABELS,
    SERVING_MODES,
    Discontinued,
    LoraServing,
    Offering,
    Retirement,
    discontinued_offerings,
    fine_tuning_offerings,
    offering,
    offering_ids,
    offerings_for_model,
    retirement,
    retirements,
)

# People's time: the defaults and their sources.
from core._people import (
    PeopleDefaults,
    SourcedNumber,
    people_defaults,
)

# Presets and the side-by-side comparison.
from core._presets import (
    PRESETS,
    SCENARIOS,
    Comparison,
    Preset,
    compare,
    cost_per_correct_answer,
    preset_scenario,
    presets_source,
)

# What a freshly fetched price catalogue would change (the ui fetches it, only when asked).
from core._price_update import (
    PriceChange,
    fetched_prices,
    price_changes,
)

# What moves the answer: the sensitivity rows.
from core._sensitivity import (
    SensitivityRow,
    sensitivity,
)

# User text echoed in a note, made safe.
from core._text import (
    safe_text,
)

# Counting tokens.
from core._tokens import (
    TokenizerFileError,
    count_chat_tokens,
    count_tokens,
    encoding_for_model,
)
from core._training_formats import TRAINING_FORMATS, formats_for_offering, formats_source

__all__ = [
    "BEHAVIOUR_FIELDS",
    "DATASET_ERROR_KINDS",
    "DATASET_WARNING_KINDS",
    "DECISION_MATRIX",
    "DECISION_STATUSES",
    "DEFAULT_COMPARED",
    "DEFAULT_CURRENCY",
    "DEFAULT_MODEL",
    "DEFAULT_OFFERING",
    "DIMENSIONS",
    "DRIVERS",
    "EMPTY_DOCUMENT",
    "FAILURE_MODES",
    "FAILURE_MODE_TABLE",
    "FIRST_MEETING_QUESTIONS",
    "FORMAT_LABELS",
    "FORMULAS",
    "KNOWLEDGE_FIELDS",
    "LATENCY_PARTS",
    "LORA_SERVING_LABELS",
    "MATRIX_STRATEGIES",
    "MAX_NAMES",
    "MAX_NAME_CHARS",
    "MAX_SCENARIO_FILE_BYTES",
    "NEXT_RUNG_NOTE",
    "PRESETS",
    "QUESTIONS",
    "QUESTION_HELP",
    "RESEARCH",
    "ROLES",
    "ROLE_LABELS",
    "SCENARIOS",
    "SERVING_LABELS",
    "SERVING_MODES",
    "SHORT_LABELS",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "SYMBOLS",
    "TEAM_EFFECTS",
    "TEAM_FIELDS",
    "TRAINING_FORMATS",
    "VERDICTS",
    "Answers",
    "Assumption",
    "BatchRule",
    "CachingRule",
    "Comparison",
    "Conversion",
    "CorpusReport",
    "DatasetReport",
    "DecisionPeople",
    "DecisionStatus",
    "Dimension",
    "Discontinued",
    "DocumentError",
    "DocumentSize",
    "Driver",
    "Estimate",
    "EvidenceSummary",
    "ExampleThresholds",
    "ExchangeRate",
    "FailureMode",
    "FailureModeRow",
    "FieldRange",
    "FieldSource",
    "Finding",
    "FineTuningSettings",
    "FormatRule",
    "Formula",
    "HistogramBin",
    "LatencyBreakdown",
    "LatencyPart",
    "LatencyProfile",
    "LoraServing",
    "MarketTable",
    "MatrixRow",
    "MeetingQuestion",
    "MonthlyBreakdown",
    "Offering",
    "OfferingPrice",
    "OneTimeBreakdown",
    "People",
    "PeopleDefaults",
    "Preset",
    "Price",
    "PriceChange",
    "RagSettings",
    "ReasoningRule",
    "Recommendation",
    "ResearchNumber",
    "ResolvedLatency",
    "ResolvedOffering",
    "ResolvedPrice",
    "Retirement",
    "RowVerdict",
    "Scenario",
    "ScenarioChoice",
    "ScenarioFileError",
    "SensitivityRow",
    "ServingPlan",
    "SourcedNumber",
    "Strategy",
    "StrategyEstimate",
    "TokenBreakdown",
    "TokenStats",
    "TokenizerFileError",
    "TriageReport",
    "TriageSettings",
    "Verdict",
    "Workload",
    "analyze_jsonl",
    "answers_from_evidence",
    "auto_epochs",
    "break_even_requests",
    "canonical_model_name",
    "catalogue_model_groups",
    "catalogue_models",
    "chunk_count",
    "compare",
    "convert_training_file",
    "corpus_to_scenario",
    "cost_per_correct_answer",
    "count_chat_tokens",
    "count_tokens",
    "cumulative_costs",
    "currency_codes",
    "current_run",
    "dataset_to_scenario",
    "decision_matrix_source",
    "detect_training_format",
    "discontinued_offerings",
    "effective_drivers",
    "embedding_dimensions",
    "embedding_models",
    "encoding_for_model",
    "end_months",
    "estimate",
    "evidence_accuracy",
    "evidence_fields",
    "evidence_summary",
    "evidence_thresholds",
    "example_thresholds",
    "exchange_rate",
    "extract_text",
    "fetched_prices",
    "field_range",
    "fine_tuning_offerings",
    "fine_tuning_step",
    "fine_tuning_token_limit",
    "first_meeting_trail",
    "format_rules",
    "formats_for_offering",
    "formats_source",
    "freshness_text",
    "friendly_errors",
    "from_query_params",
    "genai_prices_version",
    "is_out_of_date",
    "market_age_days",
    "market_checked_on",
    "market_tables",
    "matrix_scores",
    "measured_lengths",
    "model_label",
    "month_of",
    "monthly_at",
    "monthly_reembed_usd",
    "observed_verdicts",
    "offering",
    "offering_ids",
    "offerings_for_model",
    "overrule",
    "pending_requirements",
    "people_defaults",
    "preset_scenario",
    "presets_source",
    "price_changes",
    "provider_of",
    "read_scenario_file",
    "recommend",
    "reprice_dataset",
    "resolve_latency",
    "resolve_offering",
    "resolve_prices",
    "retirement",
    "retirements",
    "rules_for",
    "safe_text",
    "scenario_choices",
    "scenario_from_json",
    "scenario_rate",
    "scenario_to_json",
    "sensitivity",
    "size_corpus",
    "size_corpus_files",
    "stale_after_days",
    "table_checked_on",
    "to_query_params",
    "triage_eval_log",
    "uses_fine_tuning",
    "uses_retrieval",
    "volume_sweep",
]
