"""The decision and cost brain of the product: pure functions over pydantic models, no Streamlit.

Import the public surface from here (`import core`); the underscored modules are private.
"""

from core._models import (
    DIMENSIONS,
    FAILURE_MODES,
    STRATEGIES,
    Answers,
    Dimension,
    FailureMode,
    FineTuningSettings,
    LatencyProfile,
    Price,
    RagSettings,
    Scenario,
    Strategy,
    Workload,
)

__all__ = [
    "DIMENSIONS",
    "FAILURE_MODES",
    "STRATEGIES",
    "Answers",
    "Dimension",
    "FailureMode",
    "FineTuningSettings",
    "LatencyProfile",
    "Price",
    "RagSettings",
    "Scenario",
    "Strategy",
    "Workload",
]

# --- decision ---
from core._decision import (
    BEHAVIOUR_FIELDS,
    DECISION_MATRIX,
    FAILURE_MODE_TABLE,
    FIRST_MEETING_QUESTIONS,
    KNOWLEDGE_FIELDS,
    MATRIX_STRATEGIES,
    QUESTIONS,
    RESEARCH,
    STRATEGY_LABELS,
    ExampleThresholds,
    FailureModeRow,
    Finding,
    MatrixRow,
    MeetingQuestion,
    Recommendation,
    ResearchNumber,
    decision_matrix_source,
    example_thresholds,
    first_meeting_trail,
    matrix_scores,
    recommend,
)

__all__ += [
    "BEHAVIOUR_FIELDS",
    "DECISION_MATRIX",
    "FAILURE_MODE_TABLE",
    "FIRST_MEETING_QUESTIONS",
    "KNOWLEDGE_FIELDS",
    "MATRIX_STRATEGIES",
    "QUESTIONS",
    "RESEARCH",
    "STRATEGY_LABELS",
    "ExampleThresholds",
    "FailureModeRow",
    "Finding",
    "MatrixRow",
    "MeetingQuestion",
    "Recommendation",
    "ResearchNumber",
    "decision_matrix_source",
    "example_thresholds",
    "first_meeting_trail",
    "matrix_scores",
    "recommend",
]
# --- tokens-catalogue-estimate ---
from core._catalogue import (
    FieldSource,
    ResolvedLatency,
    ResolvedPrice,
    canonical_model_name,
    catalogue_models,
    embedding_models,
    fine_tunable_models,
    genai_prices_version,
    resolve_latency,
    resolve_prices,
)
from core._estimate import (
    FORMULAS,
    Assumption,
    Estimate,
    Formula,
    LatencyBreakdown,
    MonthlyBreakdown,
    OneTimeBreakdown,
    SensitivityRow,
    StrategyEstimate,
    TokenBreakdown,
    auto_epochs,
    break_even_requests,
    cumulative_costs,
    estimate,
    fine_tuned_model_name,
    sensitivity,
    volume_sweep,
)
from core._tokens import TokenizerFileError, count_chat_tokens, count_tokens, encoding_for_model

__all__ += [
    "FORMULAS",
    "Assumption",
    "Estimate",
    "FieldSource",
    "Formula",
    "LatencyBreakdown",
    "MonthlyBreakdown",
    "OneTimeBreakdown",
    "ResolvedLatency",
    "ResolvedPrice",
    "SensitivityRow",
    "StrategyEstimate",
    "TokenBreakdown",
    "TokenizerFileError",
    "auto_epochs",
    "break_even_requests",
    "canonical_model_name",
    "catalogue_models",
    "count_chat_tokens",
    "count_tokens",
    "cumulative_costs",
    "embedding_models",
    "encoding_for_model",
    "estimate",
    "fine_tunable_models",
    "fine_tuned_model_name",
    "genai_prices_version",
    "resolve_latency",
    "resolve_prices",
    "sensitivity",
    "volume_sweep",
]
# --- share ---
from core._share import (
    ScenarioFileError,
    friendly_errors,
    from_query_params,
    scenario_from_json,
    scenario_to_json,
    to_query_params,
)

__all__ += [
    "ScenarioFileError",
    "friendly_errors",
    "from_query_params",
    "scenario_from_json",
    "scenario_to_json",
    "to_query_params",
]
# --- dataset-corpus ---
# --- presets ---
