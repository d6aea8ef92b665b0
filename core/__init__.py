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
