"""Tab strips whose open tab is part of the link, so a shared link opens on the same chart: their session keys
and labels (default first). A key starts with the url path of the page that draws the tabs. Only names live here,
so `ui.state` can read them without importing any page's panels."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

ESTIMATE_INPUTS = "estimate.tab"
ESTIMATE_CHARTS = "estimate.chart"

# Paste text second, so the measured token counts (the point of the page) are never hidden off the strip's edge.
INPUT_TAB_LABELS: tuple[str, ...] = ("Workload", "Paste text", "RAG", "Fine-tuning", "People", "Prices")
CHART_TAB_LABELS: tuple[str, ...] = ("Per month", "Over time", "Break-even", "Latency", "Tokens", "What moves it")

VIEWS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {ESTIMATE_INPUTS: INPUT_TAB_LABELS, ESTIMATE_CHARTS: CHART_TAB_LABELS}
)
