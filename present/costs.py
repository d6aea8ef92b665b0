"""What a month costs, by cause: the causes in the order the charts and the slide deck stack them, each with the
`core.MonthlyBreakdown` field that holds it. One list, so a new cause shows up everywhere at once."""

from __future__ import annotations

import core

MONTHLY_CAUSES: tuple[tuple[str, str], ...] = (
    ("Requests", "requests_usd"),
    ("Vector database", "vector_db_usd"),
    ("Re-embedding changed documents", "reembedding_usd"),
    ("Retraining (spread per month)", "retraining_usd"),
    ("Serving the tuned model (hosting, GPUs, units)", "hosting_usd"),
    ("Storing the tuned model", "storage_usd"),
    ("People's upkeep", "people_usd"),
)


def monthly_by_cause(result: core.Estimate) -> dict[str, dict[core.Strategy, float]]:
    """Per cause, the USD a month of each priced strategy (an unknown part counts 0 inside a priced total)."""
    priced = [s for s, run in result.strategies.items() if run.monthly_usd is not None]
    return {
        label: {s: getattr(result.strategies[s].monthly, field) or 0.0 for s in priced}
        for label, field in MONTHLY_CAUSES
    }
