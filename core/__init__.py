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
# --- tokens-catalogue-estimate ---
# --- share ---
# --- dataset-corpus ---
# --- presets ---
