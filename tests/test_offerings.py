"""Fine-tuning offerings: the table holds what the sources say (market-2026-12.md), one row per offering."""

from __future__ import annotations

import datetime as dt

import pytest

import core

# (training per 1M or per hour, input, cached, output, hosting $/h, new jobs until, answers until), from
# ../shared/reference/market-2026-12.md, market-audit-2026-12-05.md and the research notes; None = not found.
EXPECTED = {
    "openai/gpt-4.1": (25.0, 3.00, 0.75, 12.00, None, "2027-01-06", "2027-01-14"),
    "openai/gpt-4.1-mini": (5.0, 0.80, 0.20, 3.20, None, "2027-01-06", "2027-01-14"),
    "openai/gpt-4.1-nano": (1.50, 0.20, 0.05, 0.80, None, "2026-10-23", "2026-10-23"),
    "openai/gpt-4o-mini": (3.0, 0.30, 0.15, 1.20, None, "2027-01-06", "2027-01-14"),
    "openai/gpt-4o": (25.0, 3.75, 1.875, 15.0, None, "2027-01-06", "2027-01-14"),
    "openai/o4-mini-rft": (100.0, 4.0, 1.0, 16.0, None, "2026-10-23", "2026-10-23"),
    "azure/gpt-4.1": (None, None, None, None, 1.70, "2027-04-14", "2027-10-14"),
    "azure/gpt-4.1-mini": (None, None, None, None, 1.70, "2027-04-14", "2027-10-14"),
    "azure/gpt-4.1-nano": (None, None, None, None, 1.70, "2027-04-14", "2027-10-14"),
    "azure/gpt-4o-mini": (None, None, None, None, 1.70, "2027-04-01", "2027-10-01"),
    "azure-developer/gpt-4.1-mini": (None, None, None, None, 0.0, "2027-04-14", "2027-10-14"),
    "azure/o4-mini-rft": (100.0, None, None, None, 1.70, "2027-04-16", "2027-10-16"),
    "bedrock/nova-2-lite": (3.78, None, None, None, None, None, None),
    "bedrock/nova-micro": (None, None, None, None, None, None, None),
    "bedrock/llama-3.1-70b-pt": (None, 0.0, 0.0, 0.0, None, None, None),
    "vertex/gemini-2.5-flash": (5.0, None, None, None, None, "2026-10-20", "2027-03-31"),
    "vertex/gemini-2.5-flash-lite": (1.50, None, None, None, None, "2026-10-20", "2027-01-28"),
    "vertex/gemini-2.5-pro": (25.0, None, None, None, None, "2026-10-20", "2027-03-31"),
    "vertex/gemini-3.5-flash": (None, None, None, None, None, None, None),
    "together/llama-3.1-8b": (0.48, 0.0, 0.0, 0.0, 3.99, None, None),
    "together/llama-3.1-70b": (2.90, 0.0, 0.0, 0.0, 7.98, None, None),
    "fireworks/llama-3.1-8b": (0.50, 0.0, 0.0, 0.0, 8.00, None, None),
    "fireworks/llama-3.1-70b": (3.00, 0.0, 0.0, 0.0, 16.00, None, None),
    "self-hosted/llama-3.1-8b-h100": (2.69, 0.0, 0.0, 0.0, 2.69, None, None),
    # Added from the 2026-12-05 audit: Tinker's cached prefill is 80 % off $0.195 = $0.039.
    "tinker/qwen3-8b": (0.44, 0.195, 0.039, 0.60, None, None, None),
    "prime-intellect/qwen3.5-9b": (0.60, 0.20, None, 0.60, None, None, None),
    "modal/llama-3.1-8b-h100": (3.95, 0.0, 0.0, 0.0, 3.95, None, None),
    "hf-endpoints/llama-3.1-8b-h100": (None, 0.0, 0.0, 0.0, 4.50, None, None),
    "baseten/llama-3.1-8b-h100": (6.50, 0.0, 0.0, 0.0, 6.50, None, None),
}


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


@pytest.mark.parametrize("offering_id", list(EXPECTED))
def test_offerings_hold_the_sourced_numbers(offering_id: str) -> None:
    o = core.offering(offering_id)
    training, price_in, cached, out, hosting, jobs, serving = EXPECTED[offering_id]
    assert (o.training_usd_per_hour if o.training_billing == "per_hour" else o.training_usd_per_mtok) == training
    assert (o.input_usd_per_mtok, o.cached_input_usd_per_mtok, o.output_usd_per_mtok) == (price_in, cached, out)
    assert o.hosting_usd_per_hour == hosting
    assert (o.new_jobs_until, o.inference_until) == (_date(jobs), _date(serving))
    assert o.source and o.as_of and o.confidence in ("V", "S")


def test_every_serving_mode_and_the_required_offerings_are_there() -> None:
    offerings = core.fine_tuning_offerings()
    assert {o.serving for o in offerings} == set(core.SERVING_MODES)
    ids = {o.id for o in offerings}
    assert len(ids) == len(offerings)
    required = {
        "openai/gpt-4.1-mini",
        "azure/gpt-4.1-mini",
        "azure-developer/gpt-4.1-mini",
        "bedrock/nova-micro",
        "bedrock/nova-lite",
        "bedrock/nova-pro",
        "bedrock/llama-3.1-8b-pt",
        "vertex/gemini-2.5-flash",
        "together/llama-3.1-8b",
        "together/llama-3.1-70b",
        "fireworks/llama-3.1-8b",
        "fireworks/llama-3.1-70b",
        "self-hosted/llama-3.1-8b-h100",
    }
    assert required <= ids


def test_serving_columns_fit_the_mode() -> None:
    for o in core.fine_tuning_offerings():
        if o.serving == "dedicated_gpu":
            assert o.tokens_per_s_per_replica and o.hosting_usd_per_hour and o.replica, o.id
            assert o.inference == "hourly", o.id
        if o.serving == "hourly_hosting":
            assert o.hosting_usd_per_hour, o.id
        if o.inference == "hourly":
            assert (o.input_usd_per_mtok, o.output_usd_per_mtok) == (0.0, 0.0), o.id
        if o.inference == "base_rate":
            assert core.resolve_prices(o.base_model, provider=o.catalogue_provider).input is not None, o.id
        if o.training_billing == "per_token":
            assert o.training_usd_per_hour is None, o.id


def test_only_a_few_offerings_can_still_be_bought_today() -> None:
    today = dt.date(2026, 12, 2)
    buyable = {o.id for o in core.fine_tuning_offerings() if o.can_train_on(today)}
    assert "openai/gpt-4.1-mini" in buyable and "bedrock/nova-2-lite" in buyable
    assert "vertex/gemini-2.5-flash" not in buyable and "openai/gpt-4.1-nano" not in buyable
    # The 2026-12-05 audit: Azure trains the gpt-4.1 family until 2027-04-14, after OpenAI's own 2027-01-06 cutoff.
    after_openai = dt.date(2027, 2, 1)
    assert core.offering("azure/gpt-4.1").can_train_on(after_openai)
    assert not core.offering("openai/gpt-4.1").can_train_on(after_openai)
    assert not core.offering("azure/gpt-4.1").can_train_on(dt.date(2027, 4, 15))
    assert not core.offering("openai/gpt-4.1-mini").can_train_on(dt.date(2027, 1, 7))
    assert core.offering("openai/gpt-4.1-mini").serves_on(dt.date(2027, 1, 13))
    assert not core.offering("openai/gpt-4.1-mini").serves_on(dt.date(2027, 1, 14))


def test_offerings_for_a_model_and_in_a_sentence() -> None:
    ids = [o.id for o in core.offerings_for_model("GPT-4.1-mini-2025-04-14")]
    assert ids == ["openai/gpt-4.1-mini", "azure/gpt-4.1-mini", "azure-developer/gpt-4.1-mini"]
    assert core.offerings_for_model("gpt-5.4-mini") == ()
    assert core.offering("bedrock/nova-2-lite").phrase == "Nova 2 Lite fine-tuned on AWS Bedrock (on demand)"


def test_the_default_offering_can_be_bought_and_served_today() -> None:
    o = core.offering(core.DEFAULT_OFFERING)
    assert o.can_train_on(dt.date(2026, 12, 2)) and o.inference_until is None


def test_an_unknown_offering_is_refused_by_the_scenario() -> None:
    with pytest.raises(ValueError):
        core.FineTuningSettings(offering="acme/llm")
    assert core.FineTuningSettings(offering=" Together/Llama-3.1-8B ").offering == "together/llama-3.1-8b"


def test_retirements_of_answering_models() -> None:
    found = core.retirement("gpt-4o-mini-2024-07-18", "openai")
    assert found is not None and found.retires_on == dt.date(2027, 1, 14) and found.source
    assert core.retirement("gpt-4o-mini", "azure") is None
    assert core.retirement("gpt-5.4-mini", "openai") is None
