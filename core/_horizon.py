"""Costs across volumes and months: the volume sweep, break-even volumes and the month-by-month spend.

Dedicated GPU replicas step up as volume grows, so a strategy's monthly cost is piecewise linear in the volume:
linear between the volumes where another replica is needed, with a jump at each. Break-even volumes are found
segment by segment, exactly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from core._estimate import MONTHS_PER_YEAR, Estimate, StrategyEstimate, estimate
from core._estimate_notes import month_of
from core._models import MAX_REQUESTS_PER_MONTH, Scenario, Strategy

# Past this many replica steps the sweep stops looking for a break-even (far beyond any real deployment).
MAX_STEPS = 10_000


def _serving_at(est: StrategyEstimate, volumes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    plan = est.serving
    monthly = plan.monthly_usd
    if monthly is None:
        return np.full(volumes.shape, np.nan)
    if plan.mode != "dedicated_gpu" or plan.usd_per_hour is None or not plan.tokens_per_s_per_replica:
        return np.full(volumes.shape, monthly)
    per_replica = (
        plan.tokens_per_s_per_replica * plan.seconds_per_month / plan.peak_factor / max(plan.tokens_per_request, 1)
    )
    replicas = (
        np.maximum(1.0, np.ceil(volumes / per_replica - 1e-9)) if plan.tokens_per_request else np.ones_like(volumes)
    )
    return replicas * plan.usd_per_hour * plan.hours_per_month


def monthly_at(est: StrategyEstimate, volumes: Sequence[float] | npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """monthly_usd of one strategy at each monthly request volume (NaN where a price is missing)."""
    v = np.asarray(volumes, dtype=np.float64)
    if est.cost_per_request_usd is None or est.fixed_monthly_usd is None:
        return np.full(v.shape, np.nan)
    return v * est.cost_per_request_usd + est.fixed_monthly_usd + _serving_at(est, v)


def volume_sweep(
    scenario: Scenario,
    volumes: Sequence[float] | npt.NDArray[np.float64],
    *,
    precomputed: Estimate | None = None,
) -> dict[Strategy, npt.NDArray[np.float64]]:
    """monthly_usd of each strategy at each monthly request volume (NaN where a price is missing).

    Pass `precomputed=estimate(scenario)` to reuse an estimate you already have.
    """
    result = precomputed if precomputed is not None else estimate(scenario)
    return {name: monthly_at(est, volumes) for name, est in result.strategies.items()}


def _step_volumes(est: StrategyEstimate, limit: float) -> list[float]:
    """Monthly volumes at which this strategy needs one more replica, up to `limit` and at most MAX_STEPS of them."""
    plan = est.serving
    if plan.mode != "dedicated_gpu" or not plan.tokens_per_s_per_replica or not plan.tokens_per_request:
        return []
    per_replica = plan.tokens_per_s_per_replica * plan.seconds_per_month / plan.peak_factor / plan.tokens_per_request
    return [k * per_replica for k in range(1, min(MAX_STEPS, int(limit // per_replica)) + 1)]


def _checked_up_to(steps: list[float], limit: float) -> float:
    """The volume up to which `steps` lists every replica step (the last listed one when MAX_STEPS cut it short)."""
    return steps[-1] if len(steps) == MAX_STEPS and steps[-1] < limit else limit


def _line(est: StrategyEstimate, horizon: int, at: float) -> tuple[float, float]:
    """(intercept, slope) of total_usd against monthly volume, with the serving units needed at volume `at`."""
    assert est.one_time_usd is not None and est.cost_per_request_usd is not None and est.fixed_monthly_usd is not None
    serving = float(_serving_at(est, np.asarray([at]))[0])
    return est.one_time_usd + horizon * (est.fixed_monthly_usd + serving), horizon * est.cost_per_request_usd


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def break_even_requests(
    scenario: Scenario, a: Strategy, b: Strategy, *, precomputed: Estimate | None = None
) -> float | None:
    """The lowest monthly volume at which a and b cost the same over the horizon, or at which a replica step makes
    one jump past the other (the ranking flips there); None if neither happens above 0 up to the volume cap.

    Also None when either strategy cannot be priced. Volumes past a strategy's MAX_STEPS-th replica step are not
    searched (no crossing is reported that was not checked segment by segment).
    """
    result = precomputed if precomputed is not None else estimate(scenario)
    first, second = result.strategies[a], result.strategies[b]
    if any(np.isnan(monthly_at(s, [0.0])[0]) or s.one_time_usd is None for s in (first, second)):
        return None
    horizon, limit = scenario.horizon_months, float(MAX_REQUESTS_PER_MONTH)
    steps_a, steps_b = _step_volumes(first, limit), _step_volumes(second, limit)
    limit = min(_checked_up_to(steps_a, limit), _checked_up_to(steps_b, limit))
    # Replicas are ceil(volume / per replica), so on each (low, high] the replica counts are fixed and the gap
    # between the two totals is a straight line; at `low` itself it takes the previous segment's value.
    edges = sorted({0.0, limit, *(v for v in (*steps_a, *steps_b) if v < limit)})
    before: float | None = None  # the gap at `low`, from the previous segment
    for low, high in itertools.pairwise(edges):
        (ia, sa), (ib, sb) = _line(first, horizon, (low + high) / 2), _line(second, horizon, (low + high) / 2)
        intercept, slope = ia - ib, sa - sb
        start, end = intercept + slope * low, intercept + slope * high
        if before is not None and low > 0 and _sign(before) * _sign(start) < 0:
            return low  # a replica step flips the ranking
        if low > 0 and start == 0:
            return low
        if _sign(start) * _sign(end) < 0 or (end == 0 and start != 0):
            crossing = low + (high - low) * start / (start - end)
            if math.isfinite(crossing) and low < crossing <= high:
                return crossing
        before = end
    return None


def cumulative_costs(result: Estimate, months: int | None = None) -> dict[Strategy, list[float]]:
    """Cumulative USD spent at the end of months 0..months (default: the horizon), per strategy.

    Month 0 holds the one-time costs (corpus embedding, first training run, people's set-up). Retraining is charged
    as whole runs every 12 / retrains_per_year months (a step) rather than spread evenly, so at the horizon the
    curve can differ from total_usd (which spreads retraining smoothly) by less than one run. NaN when unpriced.
    """
    horizon = result.horizon_months if months is None else months
    out: dict[Strategy, list[float]] = {}
    for name, est in result.strategies.items():
        if est.monthly_usd is None or est.one_time_usd is None or est.training_run_usd is None:
            out[name] = [math.nan] * (horizon + 1)
            continue
        steady = est.monthly_usd - (est.monthly.retraining_usd or 0.0)
        per_month = est.retrains_per_year / MONTHS_PER_YEAR
        # The tiny epsilon keeps 12 retrains/year from losing a run to float rounding.
        out[name] = [
            est.one_time_usd + m * steady + math.floor(m * per_month + 1e-9) * est.training_run_usd
            for m in range(horizon + 1)
        ]
    return out


def end_months(result: Estimate) -> dict[Strategy, float]:
    """For strategies whose offering ends inside the horizon: the month (from the start) it ends, for charts."""
    return {
        name: month_of(result.starts_on, est.ends_on)
        for name, est in result.strategies.items()
        if est.ends_on is not None and month_of(result.starts_on, est.ends_on) <= result.horizon_months
    }
