"""Issue 19's five billing defects, each hand-checked to the cent from the rule as providers bill it.

The catalogue prices each case relies on are asserted first, so a new genai-prices snapshot fails here loudly
instead of silently changing the hand-worked figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core._models import MAX_REQUESTS_PER_MONTH

TODAY = dt.date(2026, 12, 5)
# The issue's workload: a 5,000-token static prefix (4,000 instruction + 1,000 examples), 100 in, 100 out.
ISSUE_WORKLOAD: dict[str, Any] = {
    "instruction_tokens": 4000,
    "example_tokens": 1000,
    "user_tokens": 100,
    "output_tokens": 100,
}


def prompt_only(model: str, prices: dict[str, core.Price] | None = None, **workload: Any) -> core.StrategyEstimate:
    scenario = core.Scenario(model=model, workload=core.Workload(**{**ISSUE_WORKLOAD, **workload}), prices=prices or {})
    return core.estimate(scenario, today=TODAY).strategies["prompt_only"]


def test_batch_cache_writes_take_the_batch_rate_without_a_write_price() -> None:
    prices = core.resolve_prices("gemini-2.5-flash")
    assert (prices.input, prices.cached_input, prices.cache_write, prices.output) == (0.3, 0.03, None, 2.5)
    assert (prices.batch_input, prices.batch_output) == (0.15, 1.25)
    est = prompt_only("gemini-2.5-flash", cache_hit_rate=0.5, batch=True)
    # Gemini 2.5 caches from 2,048 tokens: all 5,000 prefix tokens are cacheable; half are read, half written.
    # Reads keep the cache price (Google: the cache discount takes precedence): 2,500 x $0.03 = $0.000075.
    # A write is an ordinary input token at the batch rate: (2,500 written + 100 question) x $0.15 = $0.000390.
    # Output 100 x $1.25 = $0.000125. Total $0.000590 (the old code billed writes at $0.30: $0.000965).
    assert est.cost_per_request_usd == pytest.approx(0.000590, abs=5e-10)


def test_a_listed_batch_write_price_is_used() -> None:
    prices = core.resolve_prices("gpt-5.6")
    assert (prices.batch_input, prices.batch_cached_input, prices.batch_cache_write, prices.batch_output) == (
        2.0,
        0.2,
        2.5,
        10.0,
    )
    est = prompt_only("gpt-5.6", cache_hit_rate=0.5, batch=True)
    # OpenAI caches 1,024 tokens then 128-token steps: 1,024 + 31 x 128 = 4,992 of the 5,000 are cacheable.
    # Reads 2,496 x $0.20 = 499.2; writes 2,496 x $2.50 (the listed batch write price) = 6,240;
    # the rest (5,100 - 4,992 = 108) x $2.00 = 216; output 100 x $10 = 1,000. Sum 7,955.2 / 1M = $0.0079552.
    assert est.cost_per_request_usd == pytest.approx(0.0079552, abs=5e-10)


def test_batched_cached_tokens_follow_batch_csv_for_openai() -> None:
    prices = core.resolve_prices("gpt-4.1")
    assert (prices.input, prices.cached_input, prices.output) == (2.0, 0.5, 8.0)
    # The snapshot's batch variant lists input and output only: no batch cached price.
    assert (prices.batch_input, prices.batch_cached_input, prices.batch_output) == (1.0, None, 4.0)
    est = prompt_only("gpt-4.1", cache_hit_rate=1.0, batch=True)
    # OpenAI does not say whether the cache discount applies in a batch: the dearer of the batch input price
    # ($1.00) and the cached price ($0.50), $1.00, for every input token: 5,100 x $1 + 100 x $4 = $0.005500.
    assert est.cost_per_request_usd == pytest.approx(0.005500, abs=5e-10)


def test_batched_cached_tokens_stack_for_anthropic() -> None:
    # claude-haiku-4-5's batch variant lists cache reads at $0.05 (both discounts: 0.1 x $1 x 0.5). Hit rate 1.0:
    # Haiku 4.5 caches from 4,096 tokens, so all 5,000 are read: 5,000 x $0.05 = 250; 100 x $0.50 = 50;
    # output 100 x $2.50 = 250. Total $0.000550.
    assert core.resolve_prices("claude-haiku-4-5").batch_cached_input == 0.05
    est = prompt_only("claude-haiku-4-5", cache_hit_rate=1.0, batch=True)
    assert est.cost_per_request_usd == pytest.approx(0.000550, abs=5e-10)
    # An overridden cached price drops the listed batch price; the stacking rule halves the override instead:
    # 5,000 x ($0.20 x 0.5) = 500; + 50 + 250 = $0.000800.
    est = prompt_only(
        "claude-haiku-4-5", {"claude-haiku-4-5": core.Price(cached_input=0.2)}, cache_hit_rate=1.0, batch=True
    )
    assert est.cost_per_request_usd == pytest.approx(0.000800, abs=5e-10)


def test_a_month_without_retraining_is_priced_when_only_training_is_unknown() -> None:
    scenario = core.Scenario(
        fine_tuning=core.FineTuningSettings(offering="vertex/gemini-3.5-flash-lite", retrains_per_year=0),
        people=core.People(include=False),
    )
    est = core.estimate(scenario, today=TODAY).strategies["fine_tuning"]
    assert core.resolve_prices("gemini-3.5-flash-lite").input == 0.3
    assert core.resolve_prices("gemini-3.5-flash-lite").output == 2.5
    # Served at the base model's rate: (200 kept instruction + 200 question) x $0.30 + 300 out x $2.50 = $0.00087
    # a request; 100,000 requests = $87.00 a month. No retraining, so the unknown training price is not in it.
    assert est.monthly_usd == pytest.approx(87.00, abs=0.005)
    assert est.monthly.retraining_usd == 0.0
    assert est.one_time_usd is None and est.total_usd is None  # the first training run is still unknown
    assert np.isclose(core.monthly_at(est, [100_000])[0], 87.00)
    # With retraining, the month bills a run of unknown price again.
    retrained = scenario.model_copy(
        update={"fine_tuning": scenario.fine_tuning.model_copy(update={"retrains_per_year": 4})}
    )
    assert core.estimate(retrained, today=TODAY).strategies["fine_tuning"].monthly_usd is None


def test_a_write_override_below_the_input_price_is_honoured() -> None:
    est = prompt_only("claude-haiku-4-5", {"claude-haiku-4-5": core.Price(cache_write=0.9)}, cache_hit_rate=0.5)
    # Haiku 4.5 ($1 in, $0.10 cached, $5 out) caches all 5,000 prefix tokens: 2,500 reads x $0.10 = 250;
    # 2,500 writes x $0.90 = 2,250; 100 question x $1 = 100; output 100 x $5 = 500. Total $0.003100.
    assert est.cost_per_request_usd == pytest.approx(0.003100, abs=5e-10)


def _hybrid_vs_rag(output_tokens: int, volume: int) -> tuple[core.Scenario, core.Estimate]:
    scenario = core.Scenario(
        model="gpt-4o-mini",
        workload=core.Workload(requests_per_month=volume, output_tokens=output_tokens),
        fine_tuning=core.FineTuningSettings(offering="together/llama-3.1-8b"),
    )
    return scenario, core.estimate(scenario, today=TODAY)


def _gap(result: core.Estimate, volumes: np.ndarray) -> np.ndarray:
    a, b = result.strategies["hybrid"], result.strategies["rag"]
    assert a.one_time_usd is not None and b.one_time_usd is not None
    h = result.horizon_months
    return (a.one_time_usd + h * core.monthly_at(a, volumes)) - (b.one_time_usd + h * core.monthly_at(b, volumes))


def test_no_break_even_where_monthly_at_never_crosses() -> None:
    scenario, result = _hybrid_vs_rag(20_000, 1_000_000_000)
    volumes = np.geomspace(1, MAX_REQUESTS_PER_MONTH, 5_000)
    assert (_gap(result, volumes) > 0).all()  # hybrid dearer at every volume
    assert core.break_even_requests(scenario, "hybrid", "rag", precomputed=result) is None
    # With short answers one replica carries far more requests and there is a real crossing, still reported.
    scenario, result = _hybrid_vs_rag(300, 100_000)
    found = core.break_even_requests(scenario, "hybrid", "rag", precomputed=result)
    assert found is not None
    below, above = _gap(result, np.asarray([found * 0.99, found * 1.01]))
    assert below > 0 > above  # hybrid dearer below the crossing (one replica is paid for), cheaper above


@settings(max_examples=25, deadline=None)
@given(output_tokens=st.integers(min_value=10, max_value=30_000), volume=st.integers(min_value=0, max_value=10**9))
def test_a_reported_break_even_is_where_monthly_at_changes_sign(output_tokens: int, volume: int) -> None:
    scenario, result = _hybrid_vs_rag(output_tokens, volume)
    found = core.break_even_requests(scenario, "hybrid", "rag", precomputed=result)
    if found is None:
        return
    below, above = _gap(result, np.asarray([found * (1 - 1e-6), found * (1 + 1e-6)]))
    at = _gap(result, np.asarray([found]))[0]
    # At the reported volume the ranking changes: the gap is zero there, or has opposite signs either side.
    assert abs(at) < 1e-6 * max(1.0, abs(below), abs(above)) or below * above < 0
    # And below it the ranking never changed (it is the lowest crossing).
    early = _gap(result, np.linspace(0, found * (1 - 1e-6), 500))
    assert (early > 0).all() or (early < 0).all()


def test_the_page_prices_the_month_and_asks_only_for_the_training_price() -> None:
    from harness.apptest import open_page

    at = open_page(
        "estimate.py",
        {"ft.offering": "vertex/gemini-3.5-flash-lite", "ft.retrains_per_year": "0", "people.include": "0"},
    )
    assert not at.exception
    months = [m.value for m in at.metric if m.label == "Per month"]
    totals = [m.value for m in at.metric if m.label.startswith("Over ")]
    # fine_tuning is the third card: $87.00 a month (see above), its total unknown until training is priced.
    assert months[2] == "$87.00"
    assert totals[2] != "$87.00" and not totals[2].startswith("$")
    assert any("training price" in w.value for w in at.warning)
