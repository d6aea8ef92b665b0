"""The estimator, checked against sums done by hand from explicit override prices (catalogue-independent)."""

from __future__ import annotations

import datetime as dt
import math
import socket
from typing import Any

import pytest

import core
from core import _catalogue, _offerings, _tokens

TODAY = dt.date(2026, 12, 2)
NOVA = "bedrock/nova-2-lite"  # serverless, billed at its base model's rate, no end date, storage $1.95/month
# Explicit prices (USD per 1M tokens) so the expected numbers below do not depend on the catalogue.
PRICES = {
    "gpt-4o-mini": core.Price(input=1.0, cached_input=0.5, output=4.0),
    "text-embedding-3-small": core.Price(input=0.1),
}
OFFERING_PRICES = {
    NOVA: core.OfferingPrice(
        training_usd_per_mtok=10.0,
        input_usd_per_mtok=2.0,
        cached_input_usd_per_mtok=1.0,
        output_usd_per_mtok=8.0,
        storage_usd_per_month=0.0,
    )
}
LATENCY = {
    "gpt-4o-mini": core.LatencyProfile(ttft_ms=500, prefill_tokens_per_s=10_000, output_tokens_per_s=50),
    NOVA: core.LatencyProfile(ttft_ms=300, prefill_tokens_per_s=20_000, output_tokens_per_s=100),
}


def scenario(**changes: Any) -> core.Scenario:
    """The default workload on gpt-4o-mini and Nova 2 Lite with explicit prices and people's time off;
    `workload__batch=True` style keys change nested fields."""
    data: dict[str, Any] = {
        "model": "gpt-4o-mini",
        "fine_tuning": {"offering": NOVA},
        "prices": PRICES,
        "offering_prices": OFFERING_PRICES,
        "latency": LATENCY,
        "people": {"include": False},
    }
    for key, value in changes.items():
        if "__" in key:
            section, field = key.split("__")
            data.setdefault(section, {})[field] = value
        else:
            data[key] = value
    return core.Scenario.model_validate(data)


def estimate(s: core.Scenario) -> core.Estimate:
    return core.estimate(s, today=TODAY)


def cents(value: float | None) -> float:
    assert value is not None
    return round(value, 2)


def test_default_workload_by_hand() -> None:
    # Defaults: instruction 1500 + examples 2500 + user 200, output 300, 100,000 requests/month,
    # top_k 5 x 400, corpus 10M churn 0.1, vector DB $50, 500 examples x 1000 tokens x 3 epochs,
    # 4 retrains/year, kept 200 + 0; no cache hits, so no prefix is cached.
    est = estimate(scenario())
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
    assert ft.offering == NOVA and ft.input_tokens == 400
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

    # Nothing is diagnosed, so every strategy fixes it and fine-tuning is the cheapest outright.
    assert est.cheapest == est.cheapest_overall == "fine_tuning"
    assert est.missing_prices == []
    assert all(x.fixes_diagnosis and x.does_not_fix == "" for x in s.values())


def test_breakdowns_add_up() -> None:
    est = estimate(scenario())
    rag = est.strategies["rag"]
    t = rag.tokens
    assert (t.instruction_tokens, t.example_tokens, t.retrieved_tokens, t.user_tokens) == (1500, 2500, 2000, 200)
    m = rag.monthly
    assert cents(m.requests_usd) == 742.00 and m.vector_db_usd == 50.0 and cents(m.reembedding_usd) == 0.10
    assert m.retraining_usd == 0.0 and m.hosting_usd == 0.0 and m.people_usd == 0.0
    ft = est.strategies["fine_tuning"]
    assert cents(ft.monthly.retraining_usd) == 5.00 and ft.monthly.vector_db_usd == 0.0
    assert ft.serving.mode == "serverless" and ft.serving.monthly_usd == 0.0


def test_storage_of_the_tuned_model_is_monthly() -> None:
    # The offering's own $1.95 per model-month once the storage override is removed.
    prices = {NOVA: OFFERING_PRICES[NOVA].model_copy(update={"storage_usd_per_month": None})}
    ft = estimate(scenario(offering_prices=prices)).strategies["fine_tuning"]
    assert ft.monthly.storage_usd == 1.95
    assert cents(ft.monthly_usd) == 326.95


def test_latency_by_hand() -> None:
    s = estimate(scenario()).strategies
    # ttft = 500 + input / 10,000 tokens/s; latency adds 300 / 50 tokens/s = 6,000 ms.
    assert s["prompt_only"].ttft_ms == pytest.approx(500 + 420)
    assert s["prompt_only"].latency_ms == pytest.approx(920 + 6000)
    assert s["rag"].ttft_ms == pytest.approx(500 + 620 + 50)  # + retrieval_ms
    # The offering's own profile: 300 + 400 / 20,000 s, then 300 / 100 tokens/s.
    assert s["fine_tuning"].ttft_ms == pytest.approx(300 + 20)
    assert s["hybrid"].latency_ms == pytest.approx(300 + 120 + 50 + 3000)
    lat = s["rag"].latency
    assert (lat.retrieval_ms, lat.base_ttft_ms, lat.prefill_ms, lat.generation_ms) == pytest.approx(
        (50, 500, 620, 6000)
    )


# --- prompt caching as providers bill it -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "cacheable"),
    [(1023, 0), (1024, 1024), (1151, 1024), (1152, 1152), (1279, 1152), (4000, 3968)],
)
def test_openai_caches_from_1024_tokens_in_128_token_steps(prefix: int, cacheable: int) -> None:
    est = estimate(
        scenario(workload__cache_hit_rate=0.5, workload__instruction_tokens=prefix, workload__example_tokens=0)
    )
    po = est.strategies["prompt_only"]
    assert po.tokens.cacheable_tokens == cacheable
    assert po.cached_tokens == 0.5 * cacheable
    assert po.tokens.cache_write_tokens == 0  # OpenAI bills no extra for writing the cache
    plain = prefix + 200 - 0.5 * cacheable
    assert po.cost_per_request_usd == pytest.approx((plain * 1.0 + 0.5 * cacheable * 0.5 + 300 * 4.0) / 1e6)


def test_only_the_static_prefix_before_the_chunks_is_cached() -> None:
    # A 250-token kept instruction in front of 2,000 tokens of retrieved chunks caches nothing (prefix < 1,024),
    # although the whole prompt is far above the minimum.
    est = estimate(scenario(workload__cache_hit_rate=1.0, fine_tuning__kept_instruction_tokens=250))
    hybrid = est.strategies["hybrid"]
    assert hybrid.input_tokens == 250 + 2000 + 200
    assert hybrid.cached_tokens == 0
    # rag caches its 4,000-token prefix (31 x 128 past 1,024 = 3,968), never the chunks or the question.
    assert est.strategies["rag"].cached_tokens == 3968


@pytest.mark.parametrize(("model", "minimum"), [("claude-haiku-4-5", 4096), ("claude-sonnet-4-6", 1024)])
def test_anthropic_minimum_prefix_per_model(model: str, minimum: int) -> None:
    prices = {**PRICES, model: core.Price(input=1.0, cached_input=0.1, cache_write=1.25, output=5.0)}
    below = estimate(
        scenario(
            model=model,
            prices=prices,
            workload__cache_hit_rate=0.5,
            workload__instruction_tokens=minimum - 1,
            workload__example_tokens=0,
        )
    )
    at = estimate(
        scenario(
            model=model,
            prices=prices,
            workload__cache_hit_rate=0.5,
            workload__instruction_tokens=minimum,
            workload__example_tokens=0,
        )
    )
    assert below.strategies["prompt_only"].tokens.cacheable_tokens == 0
    po = at.strategies["prompt_only"]
    assert po.tokens.cacheable_tokens == minimum  # counted to the token, no steps
    # Half the requests read the prefix at 0.1, the other half write it at 1.25 (Anthropic's cache write).
    assert po.cached_tokens == po.tokens.cache_write_tokens == minimum / 2
    expected = (200 * 1.0 + minimum / 2 * 0.1 + minimum / 2 * 1.25 + 300 * 5.0) / 1e6
    assert po.cost_per_request_usd == pytest.approx(expected)


def test_cache_write_price_from_the_catalogue() -> None:
    # claude-sonnet-4-6 in the snapshot: input 3, cache read 0.30, cache write 3.75 (1.25x), output 15.
    est = estimate(scenario(model="claude-sonnet-4-6", prices={}, workload__cache_hit_rate=0.5))
    po = est.strategies["prompt_only"]
    assert (po.prices.input, po.prices.cached_input, po.prices.cache_write) == (3.0, 0.3, 3.75)
    assert po.cost_per_request_usd == pytest.approx((200 * 3 + 2000 * 0.3 + 2000 * 3.75 + 300 * 15) / 1e6)


def test_missing_cached_price_means_no_discount() -> None:
    prices = {**PRICES, "acme-llm": core.Price(input=1.0, output=4.0)}
    est = estimate(scenario(model="acme-llm", prices=prices, workload__cache_hit_rate=0.5))
    po = est.strategies["prompt_only"]
    assert po.cached_tokens == 0.5 * 4000  # the `*` rule: any prefix from 1,024 tokens
    assert po.cost_per_request_usd == pytest.approx((4200 * 1.0 + 300 * 4.0) / 1e6)
    assert est.missing_prices == []
    assert any(a.name == "acme-llm cached-input price" for a in est.assumptions)


# --- batch -------------------------------------------------------------------------------------------------


def test_batch_halves_model_cost_not_embeddings_and_only_where_it_applies() -> None:
    est = estimate(scenario(workload__batch=True))
    s = est.strategies
    assert s["prompt_only"].cost_per_request_usd == pytest.approx(0.5 * 5400 / 1e6)
    assert s["rag"].cost_per_request_usd == pytest.approx(0.5 * 7400 / 1e6 + 200 * 0.1 / 1e6)
    assert s["prompt_only"].batched and s["prompt_only"].latency.batch_window == "within 24 hours"
    # Bedrock's customised Nova takes no batch jobs in our sources: live prices and timings, and a note.
    assert not s["fine_tuning"].batched and s["fine_tuning"].latency.batch_window == ""
    assert s["fine_tuning"].cost_per_request_usd == pytest.approx(3200 / 1e6)
    assert any("batch API does not apply" in note for note in est.notes)


def test_batch_with_cached_tokens_follows_the_provider_rule() -> None:
    # OpenAI does not say whether caching stacks with batch: a cached token costs the dearer reading,
    # max(0.5 x 1.0, 0.5) = 0.5, so caching saves nothing inside a batch.
    openai = estimate(scenario(workload__batch=True, workload__cache_hit_rate=1.0)).strategies["prompt_only"]
    assert openai.cost_per_request_usd == pytest.approx((200 * 0.5 + 3968 * 0.5 + 32 * 0.5 + 300 * 2.0) / 1e6)
    # Anthropic: the discounts stack (0.5 x 0.1 for a cached token).
    prices = {**PRICES, "claude-sonnet-4-6": core.Price(input=1.0, cached_input=0.1, cache_write=1.25, output=5.0)}
    stacked = estimate(
        scenario(model="claude-sonnet-4-6", prices=prices, workload__batch=True, workload__cache_hit_rate=1.0)
    ).strategies["prompt_only"]
    assert stacked.cost_per_request_usd == pytest.approx((200 * 0.5 + 4000 * 0.05 + 300 * 2.5) / 1e6)


# --- reasoning tokens --------------------------------------------------------------------------------------


def test_reasoning_tokens_are_billed_as_output_and_delay_the_first_token() -> None:
    est = estimate(scenario(workload__reasoning_tokens=1000))
    po = est.strategies["prompt_only"]
    assert po.tokens.reasoning_tokens == 1000
    assert po.cost_per_request_usd == pytest.approx((4200 * 1.0 + 1300 * 4.0) / 1e6)
    assert po.latency.reasoning_ms == pytest.approx(1000 / 50 * 1000)
    assert po.ttft_ms == pytest.approx(500 + 420 + 20_000)
    # Nova 2 Lite is not a reasoning model: the tuned strategies write no reasoning tokens.
    assert est.strategies["fine_tuning"].tokens.reasoning_tokens == 0


def test_a_reasoning_model_without_reasoning_tokens_is_called_understated() -> None:
    silent = estimate(scenario(model="gpt-5.4-mini", prices={}))
    filled = estimate(scenario(model="gpt-5.4-mini", prices={}, workload__reasoning_tokens=800))
    plain = estimate(scenario())
    assert any("understated" in note for note in silent.notes)
    assert not any("understated" in note for note in filled.notes + plain.notes)


def test_support_preset_on_a_reasoning_model_costs_about_three_times_more_with_its_reasoning() -> None:
    # The check: the support bot on gpt-5-mini with 1,000 reasoning tokens per answer.
    base = core.preset_scenario("support_bot").model_copy(update={"model": "gpt-5-mini", "prices": {}})
    thinking = base.model_copy(update={"workload": base.workload.model_copy(update={"reasoning_tokens": 1000})})
    without = estimate(base).strategies["rag"].cost_per_request_usd
    with_reasoning = estimate(thinking).strategies["rag"].cost_per_request_usd
    assert without is not None and with_reasoning is not None
    assert 2.0 < with_reasoning / without < 4.0


# --- serving modes -----------------------------------------------------------------------------------------


def test_hourly_hosting_is_charged_around_the_clock() -> None:
    # Azure Foundry's Standard hosting fee, $1.70 an hour x 730 hours, whatever the volume; tokens at the base
    # rate (our override of gpt-4.1-mini) and training priced by us (Microsoft publishes none in our sources).
    prices = {"gpt-4.1-mini": core.Price(input=0.4, cached_input=0.1, output=1.6)}
    offering = {"azure/gpt-4.1-mini": core.OfferingPrice(training_usd_per_mtok=5.0)}
    est = estimate(
        scenario(fine_tuning__offering="azure/gpt-4.1-mini", prices={**PRICES, **prices}, offering_prices=offering)
    )
    ft = est.strategies["fine_tuning"]
    assert ft.serving.mode == "hourly_hosting" and ft.serving.units == 1
    assert cents(ft.monthly.hosting_usd) == 1241.00
    assert ft.cost_per_request_usd == pytest.approx((400 * 0.4 + 300 * 1.6) / 1e6)
    # 100,000 x 0.00064 + 1,241 + 2.5 x 4 / 12 (training 500 x 1000 x 3 x 5 / 1e6 = 7.50)
    assert cents(ft.monthly_usd) == cents(64 + 1241 + 7.5 * 4 / 12)
    quiet = estimate(
        scenario(
            fine_tuning__offering="azure/gpt-4.1-mini",
            prices={**PRICES, **prices},
            offering_prices=offering,
            workload__requests_per_month=0,
        )
    )
    assert cents(quiet.strategies["fine_tuning"].monthly.hosting_usd) == 1241.00


def test_dedicated_gpus_step_up_with_volume() -> None:
    # Together Llama 3.1 8B: $3.99 per H100 hour, 3,400 output tokens/s per replica, 24 hours a day, peak 2x.
    # One replica carries 3,400 x 730 x 3,600 / 2 / 300 = 14,892,000 requests a month of 300 output tokens.
    def at(volume: int) -> core.StrategyEstimate:
        s = scenario(fine_tuning__offering="together/llama-3.1-8b", workload__requests_per_month=volume)
        return estimate(s).strategies["fine_tuning"]

    one, edge, two = at(100_000), at(14_892_000), at(14_892_001)
    assert (one.serving.units, edge.serving.units, two.serving.units) == (1, 1, 2)
    assert cents(one.monthly.hosting_usd) == 2912.70  # 3.99 x 730
    assert cents(two.monthly.hosting_usd) == 5825.40
    assert one.cost_per_request_usd == 0.0  # tokens are paid for by the GPU hours
    assert one.serving.peak_tokens_per_s == pytest.approx(100_000 * 300 / 2_628_000 * 2)
    # The training run is below Together's $4 minimum charge: 500 x 1000 x 3 x 0.48 / 1e6 = $0.72 -> $4.00.
    assert one.training_run_usd == 4.0


def test_fewer_hours_a_day_bill_fewer_gpu_hours_but_need_more_replicas() -> None:
    # 10 hours a day: 304.17 GPU hours a month; the same traffic squeezed into them needs 24 / 10 the throughput.
    s = scenario(
        fine_tuning__offering="together/llama-3.1-8b",
        workload__hours_per_day=10.0,
        workload__requests_per_month=10_000_000,
    )
    ft = estimate(s).strategies["fine_tuning"]
    assert ft.serving.hours_per_month == pytest.approx(10 * 365 / 12)
    # Per replica: 3,400 x 304.17 x 3,600 / 2 / 300 = 6,205,000 requests -> 2 replicas for 10M.
    assert ft.serving.units == 2
    assert cents(ft.monthly.hosting_usd) == cents(2 * 3.99 * 10 * 365 / 12)


def test_provisioned_units_are_billed_around_the_clock_and_unknown_until_priced() -> None:
    unknown = estimate(scenario(fine_tuning__offering="bedrock/llama-3.1-8b-pt")).strategies["fine_tuning"]
    assert unknown.monthly_usd is None and unknown.total_usd is None
    assert any("price per hour of one model unit" in m for m in unknown.missing_prices)
    assert any("training price" in m for m in unknown.missing_prices)
    priced = {"bedrock/llama-3.1-8b-pt": core.OfferingPrice(hosting_usd_per_hour=20.0, training_usd_per_mtok=1.0)}
    s = scenario(fine_tuning__offering="bedrock/llama-3.1-8b-pt", fine_tuning__units=2, offering_prices=priced)
    ft = estimate(s).strategies["fine_tuning"]
    assert cents(ft.monthly.hosting_usd) == 29_200.00  # 2 units x $20 x 730 hours
    assert ft.monthly.storage_usd == 1.95


def test_training_billed_by_the_hour_needs_the_hours_and_respects_the_cap() -> None:
    rft = "azure/o4-mini-rft"
    asked = estimate(scenario(fine_tuning__offering=rft)).strategies["fine_tuning"]
    assert asked.training_run_usd is None and asked.total_usd is None
    assert any("training hours" in m for m in asked.missing_prices)
    short = estimate(scenario(fine_tuning__offering=rft, fine_tuning__training_hours=12)).strategies["fine_tuning"]
    assert short.training_run_usd == 1200.0  # 12 hours x $100
    long = estimate(scenario(fine_tuning__offering=rft, fine_tuning__training_hours=80)).strategies["fine_tuning"]
    assert long.training_run_usd == 5000.0  # 8,000 capped at Azure's $5,000 per job


def test_every_offering_can_be_estimated_and_unknown_numbers_are_named() -> None:
    for offering in core.fine_tuning_offerings():
        est = estimate(scenario(fine_tuning__offering=offering.id, fine_tuning__training_hours=5))
        ft = est.strategies["fine_tuning"]
        assert ft.offering == offering.id
        if ft.total_usd is None:
            assert ft.missing_prices, offering.id  # never silently $0
        else:
            assert ft.total_usd > 0


# --- end dates ---------------------------------------------------------------------------------------------


def test_an_offering_that_stops_answering_inside_the_horizon_says_so_and_is_not_cheapest() -> None:
    # OpenAI direct: gpt-4.1-mini and its fine-tunes retire on 2027-01-14, month 2 of a 12-month horizon.
    cheap = {
        "openai/gpt-4.1-mini": core.OfferingPrice(
            training_usd_per_mtok=0.01, input_usd_per_mtok=0.01, output_usd_per_mtok=0.01
        )
    }
    est = estimate(scenario(fine_tuning__offering="openai/gpt-4.1-mini", offering_prices=cheap))
    ft = est.strategies["fine_tuning"]
    assert not ft.runs_whole_horizon and ft.ends_on == dt.date(2027, 1, 14)
    assert "stops answering on 2027-01-14" in ft.end_note and "month 2 of 12" in ft.end_note
    assert est.cheapest_overall == "fine_tuning" and est.cheapest == "prompt_only"
    assert any("2027-01-14" in note for note in est.notes)
    assert core.end_months(est)["fine_tuning"] == pytest.approx(core.month_of(TODAY, dt.date(2027, 1, 14)))
    # A 1-month horizon ends before the retirement: nothing to say.
    short = estimate(scenario(fine_tuning__offering="openai/gpt-4.1-mini", horizon_months=1))
    assert short.strategies["fine_tuning"].runs_whole_horizon and short.strategies["fine_tuning"].end_note == ""


def test_an_offering_that_takes_no_new_jobs_cannot_be_bought() -> None:
    # Vertex blocks new projects from Gemini 2.5 since 2026-10-20 (market audit 2026-12-05).
    est = core.estimate(scenario(fine_tuning__offering="vertex/gemini-2.5-flash"), today=dt.date(2026, 12, 5))
    ft = est.strategies["fine_tuning"]
    assert not ft.runs_whole_horizon and ft.ends_on == dt.date(2026, 10, 20)
    assert "cannot be bought" in ft.end_note and "2026-10-20" in ft.end_note
    assert "it can still be trained" in ft.end_note


def test_after_openais_cutoff_azure_still_trains_gpt_4_1() -> None:
    # On 2027-02-01 OpenAI takes no fine-tuning jobs (cutoff 2027-01-06); Azure trains gpt-4.1 until 2027-04-14.
    late = dt.date(2027, 2, 1)
    openai = core.estimate(scenario(fine_tuning__offering="openai/gpt-4.1"), today=late).strategies["fine_tuning"]
    assert "cannot be bought" in openai.end_note and "Azure Foundry · gpt-4.1" in openai.end_note
    azure = core.estimate(
        scenario(fine_tuning__offering="azure/gpt-4.1", fine_tuning__retrains_per_year=0), today=late
    ).strategies["fine_tuning"]
    assert "cannot be bought" not in azure.end_note and azure.ends_on == dt.date(2027, 10, 14)


def test_a_retraining_after_the_last_job_date_is_impossible_with_where_else() -> None:
    # From 2026-08-01, Azure trains gpt-4.1-mini until 2027-04-14 and serves it until 2027-10-14; the third
    # quarterly retraining (about 2027-05-02) falls after the last job date.
    est = core.estimate(scenario(fine_tuning__offering="azure/gpt-4.1-mini"), today=dt.date(2026, 8, 1))
    ft = est.strategies["fine_tuning"]
    assert not ft.runs_whole_horizon
    assert "retraining due about 2027-05-02" in ft.end_note and "no new jobs after 2027-04-14" in ft.end_note
    assert "it can still be trained" in ft.end_note
    none = core.estimate(
        scenario(fine_tuning__offering="azure/gpt-4.1-mini", fine_tuning__retrains_per_year=0),
        today=dt.date(2026, 8, 1),
    )
    assert none.strategies["fine_tuning"].runs_whole_horizon


def test_a_retiring_answering_model_is_named() -> None:
    est = estimate(scenario())  # gpt-4o-mini retires on 2027-01-14
    assert any("gpt-4o-mini retires on 2027-01-14" in note for note in est.notes)
    assert not any("retires" in note for note in estimate(scenario(model="gpt-5.4-mini", prices={})).notes)


def test_the_notes_state_what_is_compared() -> None:
    other = estimate(scenario(model="gpt-5.4-mini", prices={}))
    assert any("gpt-5.4-mini has no fine-tuning offering" in note for note in other.notes)
    same = estimate(scenario(fine_tuning__offering="openai/gpt-4o-mini"))
    assert any("the same base model" in note for note in same.notes)


# --- people's time -----------------------------------------------------------------------------------------


def test_people_cost_by_hand_and_the_switch() -> None:
    people = {
        "include": True,
        "hourly_rate_usd": 100.0,
        "setup_days": {"prompt_only": 1, "rag": 2, "fine_tuning": 10, "hybrid": 12},
        "minutes_per_example": 6.0,
        "eval_examples": 50,
        "maintenance_hours_per_month": {"prompt_only": 1, "rag": 4, "fine_tuning": 5, "hybrid": 9},
    }
    on = estimate(scenario(people=people, answers={"labeled_examples": 200}))
    off = estimate(scenario())
    # Eval set: 50 x 6 min = 5 h for everyone. Set-up at 8 hours a day. Fine-tuning also writes the 300 examples
    # still missing (500 needed - 200 labelled) at 6 minutes: 30 h.
    expected_once = {
        "prompt_only": (8 + 5) * 100,
        "rag": (16 + 5) * 100,
        "fine_tuning": (80 + 5 + 30) * 100,
        "hybrid": (96 + 5 + 30) * 100,
    }
    expected_monthly = {"prompt_only": 100, "rag": 400, "fine_tuning": 500, "hybrid": 900}
    for strategy in core.STRATEGIES:
        with_people, without = on.strategies[strategy], off.strategies[strategy]
        assert cents(with_people.one_time.people_usd) == expected_once[strategy]
        assert cents(with_people.monthly.people_usd) == expected_monthly[strategy]
        assert without.one_time.people_usd == without.monthly.people_usd == 0.0
        assert cents(with_people.total_usd) == cents(
            (without.total_usd or 0) + expected_once[strategy] + 12 * expected_monthly[strategy]
        )
    assert on.people_included and not off.people_included
    # People's time is what a month of tokens costs here, so it turns the answer: prompt-only wins with it.
    assert off.cheapest == "fine_tuning" and on.cheapest == "prompt_only"


def test_people_defaults_carry_their_sources() -> None:
    est = core.estimate(core.Scenario(), today=TODAY)
    people = [a for a in est.assumptions if a.name.startswith("people:")]
    assert len(people) == 2 + 4 + 2 + 4
    assert all(a.source and a.as_of and a.confidence for a in people)
    rate = next(a for a in people if a.name == "people: hourly rate")
    assert "Bureau of Labor Statistics" in rate.source and rate.value == core.people_defaults().hourly_rate_usd.value
    assert {a.confidence for a in people} >= {"assumption", "S", "V"}


# --- does it fix the problem? ------------------------------------------------------------------------------


def test_cheapest_is_awarded_among_strategies_that_fix_a_knowledge_gap() -> None:
    gap = estimate(scenario(answers={"source_changes_often": True}))
    s = gap.strategies
    assert not s["prompt_only"].fixes_diagnosis and not s["fine_tuning"].fixes_diagnosis
    assert "cannot see documents that change" in s["fine_tuning"].does_not_fix
    assert s["rag"].fixes_diagnosis and s["hybrid"].fixes_diagnosis and s["rag"].does_not_fix == ""
    # Fine-tuning is still the cheapest on price alone, but it does not fix the gap.
    assert gap.cheapest_overall == "fine_tuning"
    assert gap.cheapest == "hybrid"  # 9,341.20 < 9,506.20


def test_a_behaviour_failure_marks_the_strategies_without_fine_tuning() -> None:
    est = estimate(scenario(answers={"failure_modes": ["format_drift"]}))
    assert [s for s, x in est.strategies.items() if not x.fixes_diagnosis] == ["prompt_only", "rag"]
    assert "format" in est.strategies["rag"].does_not_fix
    assert est.cheapest == "fine_tuning"


def test_a_need_that_is_not_a_failure_marks_nothing() -> None:
    # A strict format or a costly prompt puts fine-tuning in, but prompt-only still works: the cost decides.
    est = estimate(scenario(answers={"prompt_cost_too_high": True}))
    assert all(x.fixes_diagnosis for x in est.strategies.values())
    assert est.cheapest == est.cheapest_overall


# --- over volumes and months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("epochs_in", "examples", "epochs"),
    [("auto", 20, 5), ("auto", 10_000, 2), ("auto", 500, 3), (7, 500, 7)],
)
def test_epochs_in_estimate(epochs_in: int | str, examples: int, epochs: int) -> None:
    est = estimate(scenario(fine_tuning__epochs=epochs_in, fine_tuning__training_examples=examples))
    ft = est.strategies["fine_tuning"]
    assert ft.epochs == epochs
    assert ft.training_run_usd == pytest.approx(examples * 1000 * epochs * 10 / 1e6)
    assert any(a.name == "epochs (auto)" for a in est.assumptions) == (epochs_in == "auto")


@pytest.mark.parametrize(
    ("examples", "epochs"),
    [(20, 5), (10_000, 2), (500, 3), (10, 10), (1, 25), (33, 3), (34, 3), (8_334, 2), (8_333, 3), (100_000, 1)],
)
def test_auto_epochs(examples: int, epochs: int) -> None:
    assert core.auto_epochs(examples) == epochs


def test_break_even_by_hand() -> None:
    # prompt_only total = 12 x 0.0054 v; fine_tuning total = 15 + 12 x (5 + 0.0032 v) -> v = 75 / 0.0264.
    s = scenario()
    assert core.break_even_requests(s, "prompt_only", "fine_tuning") == pytest.approx(75 / 0.0264)
    assert core.break_even_requests(s, "fine_tuning", "prompt_only") == pytest.approx(75 / 0.0264)


def test_break_even_never_crossing() -> None:
    # rag costs more per request and more per month than prompt_only: they never meet at a positive volume.
    assert core.break_even_requests(scenario(), "prompt_only", "rag") is None
    assert core.break_even_requests(scenario(model="acme-llm"), "prompt_only", "fine_tuning") is None


def test_break_even_against_dedicated_gpus() -> None:
    # prompt_only: 12 x 0.0054 v; dedicated fine_tuning: 4 + 12 x (1.3333 + 2,912.70 x replicas).
    s = scenario(fine_tuning__offering="together/llama-3.1-8b")
    volume = core.break_even_requests(s, "prompt_only", "fine_tuning")
    assert volume == pytest.approx((4 + 12 * (4 * 4 / 12 + 2912.70)) / (12 * 0.0054))


def test_break_even_at_a_replica_step() -> None:
    # Cheap but tiny replicas (one carries 100 requests a month, $7.30 a month each): fine-tuning starts below RAG
    # (whose vector database costs $50 a month) and stays flat inside each step while RAG rises, so the order first
    # flips at a step: at 700 requests the eighth replica lifts fine-tuning's total from 633.20 to 720.80, above
    # RAG's 664.53.
    tiny = 100 * 300 * 2 / 2_628_000  # output tokens/s for 100 requests of 300 tokens a month at peak 2x
    offer = core.OfferingPrice(hosting_usd_per_hour=0.01, tokens_per_s_per_replica=tiny)
    s = scenario(
        fine_tuning__offering="together/llama-3.1-8b",
        offering_prices={**OFFERING_PRICES, "together/llama-3.1-8b": offer},
    )
    assert core.break_even_requests(s, "rag", "fine_tuning") == pytest.approx(700)
    est = estimate(s)

    def total(strategy: core.Strategy, volume: float) -> float:
        return (est.strategies[strategy].one_time_usd or 0.0) + 12 * core.monthly_at(
            est.strategies[strategy], [volume]
        )[0]

    assert total("fine_tuning", 699) == pytest.approx(633.20)
    assert total("fine_tuning", 701) == pytest.approx(720.80)
    assert total("fine_tuning", 699) < total("rag", 699) and total("fine_tuning", 701) > total("rag", 701)
    assert (
        estimate(
            scenario(
                fine_tuning__offering="together/llama-3.1-8b",
                workload__requests_per_month=701,
                offering_prices={**OFFERING_PRICES, "together/llama-3.1-8b": offer},
            )
        )
        .strategies["fine_tuning"]
        .serving.units
        == 8
    )


def test_volume_sweep_matches_estimate_including_replica_steps() -> None:
    for offering in (NOVA, "together/llama-3.1-8b"):
        base = scenario(fine_tuning__offering=offering)
        volumes = [0, 1_000, 123_456, 5_000_000, 20_000_000, 40_000_000]
        sweep = core.volume_sweep(base, volumes, precomputed=estimate(base))
        for i, volume in enumerate(volumes):
            est = estimate(scenario(fine_tuning__offering=offering, workload__requests_per_month=volume))
            for strategy in core.STRATEGIES:
                assert sweep[strategy][i] == pytest.approx(est.strategies[strategy].monthly_usd), (offering, volume)


def test_volume_sweep_nan_when_unpriced() -> None:
    sweep = core.volume_sweep(scenario(model="acme-llm"), [1, 2])
    assert all(math.isnan(x) for x in sweep["prompt_only"])
    assert not any(math.isnan(x) for x in sweep["fine_tuning"])


def test_cumulative_costs_steps() -> None:
    curves = core.cumulative_costs(estimate(scenario()))
    ft = curves["fine_tuning"]
    assert len(ft) == 13
    # Month 0: first training run; 320 a month in requests; a 15-dollar retrain every 3 months.
    assert ft[0] == pytest.approx(15)
    assert ft[2] == pytest.approx(15 + 2 * 320)
    assert ft[3] == pytest.approx(15 + 3 * 320 + 15)
    assert ft[12] == pytest.approx(3915)
    assert curves["rag"][0] == pytest.approx(1.0)
    assert curves["prompt_only"][12] == pytest.approx(6480)
    assert len(core.cumulative_costs(estimate(scenario()), 24)["rag"]) == 25


def test_cumulative_costs_start_with_people_set_up() -> None:
    est = estimate(scenario(people={"include": True}))
    curves = core.cumulative_costs(est)
    for strategy in core.STRATEGIES:
        assert curves[strategy][0] == pytest.approx(est.strategies[strategy].one_time_usd)


def test_sensitivity_requests_by_hand() -> None:
    rows = {row.input: row for row in core.sensitivity(scenario())}
    requests = rows["requests_per_month"]
    assert (requests.cheaper, requests.dearer) == ("fine_tuning", "prompt_only")
    assert requests.gap_base_usd == pytest.approx(6480 - 3915)
    # 50,000 requests: prompt_only 12 x 50,000 x 0.0054 = 3,240; fine_tuning 15 + 12 x (160 + 5) = 1,995.
    assert requests.gap_low_usd == pytest.approx(3240 - 1995)
    # 150,000 requests: 9,720 vs 15 + 12 x (480 + 5) = 5,835.
    assert requests.gap_high_usd == pytest.approx(9720 - 5835)
    # Neither cheapest strategy retrieves, so the retrieved context cannot move the gap; people's time is off.
    assert rows["retrieved_tokens"].swing_usd == 0
    assert rows["hourly_rate_usd"].swing_usd == 0
    swings = [row.swing_usd for row in rows.values()]
    assert swings == sorted(swings, reverse=True)


def test_sensitivity_includes_the_people_inputs() -> None:
    rows = {row.input: row for row in core.sensitivity(scenario(people={"include": True}))}
    assert rows["hourly_rate_usd"].swing_usd > 0 and rows["setup_days"].swing_usd > 0
    assert rows["setup_days"].base_value == sum(core.People().setup_days.values())


def test_sensitivity_compares_strategies_that_fix_the_gap() -> None:
    rows = core.sensitivity(scenario(answers={"source_changes_often": True}))
    assert {rows[0].cheaper, rows[0].dearer} == {"rag", "hybrid"}


def test_unknown_model_is_never_free() -> None:
    est = estimate(scenario(model="acme-llm", fine_tuning__offering="bedrock/nova-pro", offering_prices={}))
    assert "acme-llm input price" in est.missing_prices
    assert "acme-llm output price" in est.missing_prices
    assert any("Nova Pro" in m and "training price" in m for m in est.missing_prices)
    for strategy in core.STRATEGIES:
        s = est.strategies[strategy]
        assert s.total_usd is None
    assert est.cheapest is None
    assert (
        core.sensitivity(scenario(model="acme-llm", fine_tuning__offering="bedrock/nova-pro", offering_prices={})) == []
    )


def test_missing_embedding_price_only_hits_retrieval() -> None:
    est = estimate(scenario(rag__embedding_model="acme-embed"))
    assert est.missing_prices == ["acme-embed embedding price"]
    assert est.strategies["rag"].total_usd is None and est.strategies["hybrid"].total_usd is None
    assert cents(est.strategies["prompt_only"].total_usd) == 6480.00


def test_dated_name_in_estimate() -> None:
    dated = estimate(scenario(model="gpt-4o-mini-2024-07-18"))
    assert cents(dated.strategies["prompt_only"].total_usd) == 6480.00


def test_override_precedence_and_assumptions() -> None:
    # Only the input price is overridden; output comes from the catalogue; the offering's training price is its own.
    est = core.estimate(core.Scenario(model="gpt-4o-mini", prices={"gpt-4o-mini": core.Price(input=1.0)}), today=TODAY)
    by_name = {a.name: a for a in est.assumptions}
    assert by_name["gpt-4o-mini input price"].value == 1.0 and by_name["gpt-4o-mini input price"].overridden
    assert not by_name["gpt-4o-mini output price"].overridden
    training = by_name["AWS Bedrock · Nova 2 Lite (on demand) training price"]
    assert training.value == 3.78 and training.as_of and training.confidence == "S"
    po = est.strategies["prompt_only"]
    assert po.cost_per_request_usd == pytest.approx((4200 * 1.0 + 300 * 0.60) / 1e6)


def test_formulas_cover_the_model() -> None:
    topics = {f.topic for f in core.FORMULAS}
    assert {
        "Input tokens",
        "Cached tokens",
        "Cost per request",
        "Reasoning tokens",
        "Serving the fine-tuned model",
        "Training run",
        "People's time",
        "Monthly cost",
        "Latency",
    } <= topics
    cached = next(f for f in core.FORMULAS if f.topic == "Cached tokens")
    assert "1,024" in cached.words and "128" in cached.words and "1.25" in cached.words


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
        _catalogue._snapshot_prices,
        _catalogue._snapshot_index,
        _catalogue._catalogue_price,
        _catalogue.catalogue_model_groups,
        _catalogue.catalogue_models,
        _offerings.fine_tuning_offerings,
    ):
        cached.cache_clear()
    assert core.count_tokens("hello world", "gpt-4o") == 2
    assert core.count_tokens("hello world", "gpt-4") == 2
    est = core.estimate(core.Scenario())
    assert est.cheapest is not None and est.missing_prices == []
    assert len(core.catalogue_models()) > 50


def test_sensitivity_survives_prices_at_the_upper_bound() -> None:
    # +50 % of the largest allowed price must not produce an invalid override (found by the hostile-link tests).
    top = core.Price(input=100_000.0, cached_input=100_000.0, output=100_000.0)
    offer = core.OfferingPrice(
        training_usd_per_mtok=100_000.0, input_usd_per_mtok=100_000.0, output_usd_per_mtok=100_000.0
    )
    rows = core.sensitivity(core.Scenario(prices={core.DEFAULT_MODEL: top}, offering_prices={NOVA: offer}))
    assert rows, "two priced strategies must give sensitivity rows"
