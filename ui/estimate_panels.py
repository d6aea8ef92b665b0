"""The Estimate page's tab strips: which panel each input tab and chart tab draws (labels in `ui.tabs`)."""

from __future__ import annotations

from collections.abc import Callable

import core
from ui import estimate_inputs, estimate_prices, estimate_results
from ui.tabs import CHART_TAB_LABELS, ESTIMATE_CHARTS, ESTIMATE_INPUTS, INPUT_TAB_LABELS

TAB_KEY = ESTIMATE_INPUTS
CHART_KEY = ESTIMATE_CHARTS
INPUT_TABS: dict[str, Callable[[], None]] = dict(
    zip(
        INPUT_TAB_LABELS,
        (
            estimate_inputs.workload_inputs,
            estimate_inputs.measure_inputs,
            estimate_inputs.retrieval_inputs,
            estimate_inputs.fine_tuning_inputs,
            estimate_inputs.people_inputs,
            estimate_prices.prices_inputs,
        ),
        strict=True,
    )
)
CHART_TABS: dict[str, Callable[[core.Scenario, core.Estimate], None]] = dict(
    zip(CHART_TAB_LABELS, estimate_results.CHARTS, strict=True)
)
