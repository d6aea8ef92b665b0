"""The estimator, checked against sums done by hand from explicit override prices (catalogue-independent)."""

from __future__ import annotations

import math
import socket
from typing import Any

import pytest

import core
from core import _catalogue, _tokens

# Explicit prices (USD per 1M tokens) so the expected numbers below do not depend on the catalogue.
PRICES = {
    "gpt-4o-mini": core.Price(input=1.0, cached_input=0.5, output=4.0),
    "ft:gpt-4o-mini": core.Price(input=2.0, cached_input=1.0, output=8.0, training=10.0),
    "text-embedding-3-small": core.Price(input=0.1),
}
LATENCY = {"gpt-4o-mini": core.LatencyProfile(ttft_ms=500, prefill_tokens_per_s=10_000, output_tokens_per_s=50)}


def scenario(**changes: Any) -> core.Scenario:
    """The default scenario with explicit prices; `workload__batch=True` style keys change nested fields."""
    data: dict[str, Any] = {"prices": PRICES, "latency": LATENCY}
    for key, value in changes.items():
        if "__" in key:
            section, field = key.split("__")
            data.setdefault(section, {})[field] = value
        else:
            data[key] = value
    return core.Scenario.model_validate(data)


def cents(value: float | None) -> float:
    assert value is not None
    return round(value, 2)


def test_default_scenario_by_hand() -> None:
    # Defaults: instruction 1500 + examples 2500 + user 200, output 300, 100,000 requests/month,
    # top_k 5 x 400, corpus 10M churn 0.1, vector DB $50, 500 examples x 1000 tokens x 3 epochs,
    # 4 retrains/year, kept 200 + 0.
    est = core.estimate(scenario())
    s = est.strategies

    po = s["prompt_only"]
    assert po.input_tokens == 4200 and po.cached_tokens == 0 and po.output_tokens == 300
    assert po.cost_per_request_usd == pytest.approx((4200 * 1.0 + 300 * 4.0) / 1e6)  # 0.0054
    assert cents(po.monthly_usd) == 540.00
    assert cents(po.one_time_usd) == 0.00
    assert cents(po.total_usd) == 6480.00

    rag = s["rag"]
    assert rag.input_tokens == 6200
    # (6200 + 1200) / 1e6 + 200 x 0.1 / 1e6 = 0.00742
    assert rag.cost_per_request_usd == pytest.approx(0.00742)
    # 742 + 50 vector DB + 10M x 0.1 x 0.1 / 1e6 = 0.10 re-embedding
    assert cents(rag.monthly_usd) == 792.10
    assert cents(rag.one_time_usd) == 1.00  # 10M x 0.1 / 1e6
    assert cents(rag.total_usd) == 9506.20

    ft = s["fine_tuning"]
    assert ft.model == "ft:gpt-4o-mini" and ft.input_tokens == 400
    assert ft.cost_per_request_usd == pytest.approx((400 * 2.0 + 300 * 8.0) / 1e6)  # 0.0032
    assert cents(ft.training_run_usd) == 15.00  # 500 x 1000 x 3 x 10 / 1e6
    assert cents(ft.monthly_usd) == 325.00  # 320 + 15 x 4 / 12
    assert cents(ft.one_time_usd) == 15.00
    assert cents(ft.total_usd) == 3915.00

    hybrid = s["hybrid"]
    assert hybrid.input_tokens == 2400
    assert hybrid.cost_per_request_usd == pytest.approx((2400 * 2.0 + 300 * 8.0 + 200 * 0.1) / 1e6)
    assert cents(hybrid.monthly_usd) == 777.10  # 722 + 50 + 0.10 + 5
    assert cents(hybrid.one_time_usd) == 16.00
    assert cents(hybrid.total_usd) == 9341.20

    assert est.cheapest == "fine_tuning"
    assert est.missing_prices == []


def test_breakdowns_add_up() -> None:
    rag = core.estimate(scenario()).strategies["rag"]
    t = rag.tokens
    assert (t.instruction_tokens, t.example_tokens, t.retrieved_tokens, t.user_tokens) == (
        1500,
        2500,
        2000,
        200,
    )
    m = rag.monthly
    assert cents(m.requests_usd) == 742.00 and m.vector_db_usd == 50.0 and cents(m.reembedding_usd) == 0.10
    assert m.retraining_usd == 0.0
    ft = core.estimate(scenario()).strategies["fine_tuning"]
    assert cents(ft.monthly.retraining_usd) == 5.00 and ft.monthly.vector_db_usd == 0.0


def test_latency_by_hand() -> None:
    s = core.estimate(scenario()).strategies
    # ttft = 500 + input / 10,000 tokens/s; latency adds 300 / 50 tokens/s = 6,000 ms.
    assert s["prompt_only"].ttft_ms == pytest.approx(500 + 420)
    assert s["prompt_only"].latency_ms == pytest.approx(920 + 6000)
    assert s["rag"].ttft_ms == pytest.approx(500 + 620 + 50)  # + retrieval_ms
    # No ft: profile: the fine-tuned strategies use the base model's (overridden) profile.
    assert s["fine_tuning"].ttft_ms == pytest.approx(500 + 40)
    assert s["hybrid"].latency_ms == pytest.approx(500 + 240 + 50 + 6000)
    lat = s["rag"].latency
    assert (lat.retrieval_ms, lat.base_ttft_ms, lat.prefill_ms, lat.generation_ms) == pytest.approx(
        (50, 500, 620, 6000)
    )


def test_caching_above_threshold() -> None:
    s = core.estimate(scenario(workload__cache_hit_rate=0.5)).strategies
    # prompt_only: 4,200 >= 1,024, cached = 0.5 x 4,000 = 2,000.
    assert s["prompt_only"].cached_tokens == 2000
    assert s["prompt_only"].cost_per_request_usd == pytest.approx((2200 * 1.0 + 2000 * 0.5 + 300 * 4.0) / 1e6)
    # rag caches only the static prefix, never the retrieved chunks or the user's text.
    assert s["rag"].cached_tokens == 2000
    # fine_tuning: 400 tokens < 1,024 -> nothing cached.
    assert s["fine_tuning"].cached_tokens == 0
    # hybrid: 2,400 >= 1,024, cached = 0.5 x 200 kept instruction tokens.
    assert s["hybrid"].cached_tokens == 100


def test_caching_threshold_edge() -> None:
    below = core.estimate(
        scenario(workload__cache_hit_rate=1.0, workload__instruction_tokens=800, workload__example_tokens=0)
    )
    assert below.strategies["prompt_only"].input_tokens == 1000
    assert below.strategies["prompt_only"].cached_tokens == 0
    at = core.estimate(
        scenario(
            workload__cache_hit_rate=1.0,
            workload__instruction_tokens=800,
            workload__example_tokens=0,
            workload__user_tokens=224,
        )
    )
    assert at.strategies["prompt_only"].input_tokens == 1024
    assert at.strategies["prompt_only"].cached_tokens == 800


def test_batch_halves_model_cost_not_embeddings() -> None:
    s = core.estimate(scenario(workload__batch=True)).strategies
    assert s["prompt_only"].cost_per_request_usd == pytest.approx(0.5 * 5400 / 1e6)
    assert s["rag"].cost_per_request_usd == pytest.approx(0.5 * 7400 / 1e6 + 200 * 0.1 / 1e6)


def test_missing_cached_price_means_no_discount() -> None:
    prices = {**PRICES, "acme-llm": core.Price(input=1.0, output=4.0)}
    est = core.estimate(scenario(model="acme-llm", prices=prices, workload__cache_hit_rate=0.5))
    po = est.strategies["prompt_only"]
    assert po.cached_tokens == 2000
    assert po.cost_per_request_usd == pytest.approx((4200 * 1.0 + 300 * 4.0) / 1e6)
    assert est.missing_prices == []
    assert any(a.name == "acme-llm cached-input price" for a in est.assumptions)


@pytest.mark.parametrize(
    ("examples", "epochs"),
    [
        (20, 5),
        (10_000, 2),
        (500, 3),
        (10, 10),
        (1, 25),
        (33, 3),
        (34, 3),
        (8_334, 2),
        (8_333, 3),
        (100_000, 1),
    ],
)
def test_auto_epochs(examples: int, epochs: int) -> None:
    assert core.auto_epochs(examples) == epochs


def test_auto_epochs_in_estimate() -> None:
    est = core.estimate(scenario(fine_tuning__epochs="auto", fine_tuning__training_examples=20))
    ft = est.strategies["fine_tuning"]
    assert ft.epochs == 5
    assert cents(ft.training_run_usd) == 1.00  # 20 x 1000 x 5 x 10 / 1e6
    assert any(a.name == "epochs (auto)" and a.value == 5 for a in est.assumptions)


def test_break_even_by_hand() -> None:
    # prompt_only total = 12 x 0.0054 v; fine_tuning total = 15 + 12 x (5 + 0.0032 v) -> v = 75 / 0.0264.
    volume = core.break_even_requests(scenario(), "prompt_only", "fine_tuning")
    assert volume == pytest.approx(75 / 0.0264)
    assert core.break_even_requests(scenario(), "fine_tuning", "prompt_only") == pytest.approx(75 / 0.0264)


def test_break_even_never_crossing() -> None:
    # rag costs more per request and more per month than prompt_only: they never meet at a positive volume.
    assert core.break_even_requests(scenario(), "prompt_only", "rag") is None
    assert core.break_even_requests(scenario(model="acme-llm"), "prompt_only", "fine_tuning") is None


def test_unknown_model_is_never_free() -> None:
    est = core.estimate(scenario(model="acme-llm", fine_tuning__model="my-model"))
    assert "acme-llm input price" in est.missing_prices
    assert "acme-llm output price" in est.missing_prices
    assert "ft:my-model input price" in est.missing_prices
    assert "ft:my-model training price" in est.missing_prices
    for strategy in core.STRATEGIES:
        s = est.strategies[strategy]
        assert s.cost_per_request_usd is None and s.monthly_usd is None and s.total_usd is None
    assert est.cheapest is None
    assert core.sensitivity(scenario(model="acme-llm", fine_tuning__model="my-model")) == []


def test_missing_embedding_price_only_hits_retrieval() -> None:
    est = core.estimate(scenario(rag__embedding_model="acme-embed"))
    assert est.missing_prices == ["acme-embed embedding price"]
    assert est.strategies["rag"].total_usd is None and est.strategies["hybrid"].total_usd is None
    assert cents(est.strategies["prompt_only"].total_usd) == 6480.00


def test_dated_name_and_ft_lookup_in_estimate() -> None:
    dated = core.estimate(scenario(model="gpt-4o-mini-2024-07-18", fine_tuning__model="GPT-4o-mini-2024-07-18"))
    assert cents(dated.strategies["prompt_only"].total_usd) == 6480.00
    assert cents(dated.strategies["fine_tuning"].total_usd) == 3915.00


def test_override_precedence_and_assumptions() -> None:
    # Only the input price is overridden; output and training come from the catalogue (facts.md values).
    est = core.estimate(core.Scenario(prices={"gpt-4o-mini": core.Price(input=1.0)}))
    by_name = {a.name: a for a in est.assumptions}
    assert by_name["gpt-4o-mini input price"].value == 1.0 and by_name["gpt-4o-mini input price"].overridden
    assert not by_name["gpt-4o-mini output price"].overridden
    assert by_name["ft:gpt-4o-mini training price"].value == 3.0
    assert by_name["ft:gpt-4o-mini training price"].as_of
    po = est.strategies["prompt_only"]
    assert po.cost_per_request_usd == pytest.approx((4200 * 1.0 + 300 * 0.60) / 1e6)


def test_volume_sweep_matches_estimate() -> None:
    base = scenario()
    volumes = [0, 1_000, 123_456, 5_000_000]
    sweep = core.volume_sweep(base, volumes)
    for i, volume in enumerate(volumes):
        est = core.estimate(scenario(workload__requests_per_month=volume))
        for strategy in core.STRATEGIES:
            assert sweep[strategy][i] == pytest.approx(est.strategies[strategy].monthly_usd)


def test_volume_sweep_nan_when_unpriced() -> None:
    sweep = core.volume_sweep(scenario(model="acme-llm"), [1, 2])
    assert all(math.isnan(x) for x in sweep["prompt_only"])
    assert not any(math.isnan(x) for x in sweep["fine_tuning"])


def test_cumulative_costs_steps() -> None:
    curves = core.cumulative_costs(core.estimate(scenario()))
    ft = curves["fine_tuning"]
    assert len(ft) == 13
    # Month 0: first training run; 320 a month in requests; a 15-dollar retrain every 3 months.
    assert ft[0] == pytest.approx(15)
    assert ft[2] == pytest.approx(15 + 2 * 320)
    assert ft[3] == pytest.approx(15 + 3 * 320 + 15)
    assert ft[12] == pytest.approx(3915)
    assert curves["rag"][0] == pytest.approx(1.0)
    assert curves["prompt_only"][12] == pytest.approx(6480)
    assert len(core.cumulative_costs(core.estimate(scenario()), 24)["rag"]) == 25


def test_sensitivity_requests_by_hand() -> None:
    rows = {row.input: row for row in core.sensitivity(scenario())}
    requests = rows["requests_per_month"]
    assert (requests.cheaper, requests.dearer) == ("fine_tuning", "prompt_only")
    assert requests.gap_base_usd == pytest.approx(6480 - 3915)
    # 50,000 requests: prompt_only 12 x 50,000 x 0.0054 = 3,240; fine_tuning 15 + 12 x (160 + 5) = 1,995.
    assert requests.gap_low_usd == pytest.approx(3240 - 1995)
    # 150,000 requests: 9,720 vs 15 + 12 x (480 + 5) = 5,835.
    assert requests.gap_high_usd == pytest.approx(9720 - 5835)
    # Neither cheapest strategy retrieves, so the retrieved context cannot move the gap.
    assert rows["retrieved_tokens"].swing_usd == 0
    swings = [row.swing_usd for row in rows.values()]
    assert swings == sorted(swings, reverse=True)


def test_formulas_cover_the_model() -> None:
    topics = {f.topic for f in core.FORMULAS}
    assert {"Input tokens", "Cached tokens", "Cost per request", "Monthly cost", "Latency"} <= topics


def test_no_network_when_loading_and_estimating(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Drop every cache so the tokenizer files and catalogue are really loaded under the guard.
    for cached in (
        _tokens.get_encoding,
        _tokens.encoding_name_for_model,
        _catalogue._genai_prices,
        _catalogue._catalogue_price,
        _catalogue.fine_tuning_table,
        _catalogue.catalogue_models,
    ):
        cached.cache_clear()
    assert core.count_tokens("hello world", "gpt-4o") == 2
    assert core.count_tokens("hello world", "gpt-4") == 2
    est = core.estimate(core.Scenario())
    assert est.cheapest is not None and est.missing_prices == []
    assert len(core.catalogue_models()) > 6


def test_sensitivity_survives_prices_at_the_upper_bound() -> None:
    # +50 % of the largest allowed price must not produce an invalid override (found by the hostile-link tests).
    top = core.Price(input=100_000.0, cached_input=100_000.0, output=100_000.0, training=100_000.0)
    scenario = core.Scenario(prices={"gpt-4o-mini": top, "ft:gpt-4o-mini": top})
    rows = core.sensitivity(scenario)
    assert rows, "two priced strategies must give sensitivity rows"
