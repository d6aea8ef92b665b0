"""The price and latency catalogue: name resolution, the genai-prices snapshot, our sourced tables, overrides."""

from __future__ import annotations

import csv

import pydantic
import pytest

import core
from core import _base, _catalogue

# facts.md / market-2026-12.md base prices (input, cached input, output) the installed snapshot must agree with.
BASE_PRICES = {
    "gpt-4o-mini": (0.15, 0.075, 0.60),
    "gpt-4o": (2.50, 1.25, 10.00),
    "gpt-4.1": (2.00, 0.50, 8.00),
    "gpt-4.1-mini": (0.40, 0.10, 1.60),
    "gpt-4.1-nano": (0.10, 0.025, 0.40),
    "gpt-5.4-mini": (0.75, 0.075, 4.50),
    "gpt-5-mini": (0.25, 0.025, 2.00),
}


@pytest.mark.parametrize("model", list(BASE_PRICES))
def test_base_prices_from_the_snapshot(model: str) -> None:
    price = core.resolve_prices(model)
    assert (price.input, price.cached_input, price.output) == BASE_PRICES[model]
    assert price.provider == "openai"
    assert all(s.confidence == "V" and "genai-prices" in s.source for s in price.sources)


def test_dated_and_short_names_are_the_same_model() -> None:
    short, dated = core.resolve_prices("gpt-4o-mini"), core.resolve_prices("  GPT-4o-Mini-2024-07-18 ")
    assert short.canonical == dated.canonical == "gpt-4o-mini"
    assert (short.input, short.cached_input, short.output) == (dated.input, dated.cached_input, dated.output)
    assert core.canonical_model_name("gpt-4.1-mini-2025-04-14") == "gpt-4.1-mini"


def test_cache_write_and_batch_prices_come_from_the_snapshot() -> None:
    sonnet = core.resolve_prices("claude-sonnet-4-6")
    assert (sonnet.input, sonnet.cached_input, sonnet.cache_write, sonnet.output) == (3.0, 0.3, 3.75, 15.0)
    assert sonnet.provider == "anthropic"
    mini = core.resolve_prices("gpt-5.4-mini")
    assert (mini.batch_input, mini.batch_cached_input, mini.batch_output) == (0.375, 0.0375, 2.25)
    # An override drops the snapshot's batch price for that field (the batch rule then applies to your price).
    mine = core.resolve_prices("gpt-5.4-mini", {"gpt-5.4-mini": core.Price(input=1.0)})
    assert mine.batch_input is None and mine.batch_output == 2.25


def test_provider_hint_finds_names_the_snapshot_only_matches_by_rule() -> None:
    nova = core.resolve_prices("us.amazon.nova-2-lite-v1:0", provider="aws")
    assert (nova.input, nova.output, nova.provider) == (0.33, 2.75, "aws")


def test_unknown_model_has_no_prices() -> None:
    price = core.resolve_prices("acme-llm-9000")
    assert (price.input, price.cached_input, price.cache_write, price.output) == (None, None, None, None)
    assert not price.known and price.provider == ""


def test_embedding_prices() -> None:
    assert core.resolve_prices("text-embedding-3-small").input == 0.02
    assert core.resolve_prices("text-embedding-3-large").input == 0.13
    # The snapshot does not know Cohere's v3 English embeddings, so our secondary-source row is used.
    v3 = core.resolve_prices("embed-english-v3.0")
    assert v3.input == 0.10
    src = v3.source_of("input")
    assert src is not None and src.confidence == "S"
    assert core.resolve_prices("embed-v4.0").provider == "cohere"


def test_override_precedence_field_by_field() -> None:
    overrides = {"GPT-4o-mini-2024-07-18": core.Price(input=9.0)}
    price = core.resolve_prices("gpt-4o-mini", overrides)
    assert price.input == 9.0
    assert price.output == 0.60  # not overridden: catalogue value
    src_in, src_out = price.source_of("input"), price.source_of("output")
    assert src_in is not None and src_in.overridden
    assert src_out is not None and not src_out.overridden
    # An exact-name override beats one that only matches after canonicalisation.
    both = {"gpt-4o-mini": core.Price(input=1.0), "gpt-4o-mini-2024-07-18": core.Price(input=2.0)}
    assert core.resolve_prices("gpt-4o-mini-2024-07-18", both).input == 2.0


def test_override_prices_an_unknown_model() -> None:
    price = core.resolve_prices("my-model", {"my-model": core.Price(input=1.0, output=2.0)})
    assert (price.input, price.output, price.cached_input) == (1.0, 2.0, None)


def test_latency_profiles() -> None:
    gpt4o = core.resolve_latency("gpt-4o-2024-08-06")
    assert (gpt4o.profile.ttft_ms, gpt4o.profile.output_tokens_per_s) == (390, 81)
    assert not gpt4o.is_fallback
    mini = core.resolve_latency("gpt-4.1-mini")
    assert (mini.profile.ttft_ms, mini.profile.output_tokens_per_s) == (930, 77.2)
    # 472 ms at 32,768 tokens -> about 69,000 tokens/s, rounded.
    assert abs(mini.profile.prefill_tokens_per_s - 32_768 / 0.472) < 1_000
    # A prompt-length slope from the 2026 benchmark: 430 ms more for about 48,000 more tokens.
    today = core.resolve_latency("gpt-5.4-mini")
    assert today.profile.ttft_ms == 233 and today.profile.prefill_tokens_per_s == pytest.approx(
        48_000 / 0.430, rel=0.05
    )
    unknown = core.resolve_latency("acme-llm")
    assert unknown.is_fallback and unknown.confidence == "assumption"


def test_an_offering_without_its_own_speed_runs_like_its_base_model() -> None:
    tuned = core.resolve_latency("openai/gpt-4o-mini", base_model="gpt-4o-mini")
    assert tuned.profile == core.resolve_latency("gpt-4o-mini").profile and "base model" in tuned.source
    dedicated = core.resolve_latency("together/llama-3.1-8b", base_model="meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo")
    assert dedicated.profile.output_tokens_per_s == 50.6 and not dedicated.is_fallback


def test_latency_override_wins_and_reaches_fine_tunes() -> None:
    profile = core.LatencyProfile(ttft_ms=1, prefill_tokens_per_s=2, output_tokens_per_s=3)
    assert core.resolve_latency("acme", {"ACME": profile}).profile == profile
    resolved = core.resolve_latency("offering/x", {"acme": profile}, base_model="acme")
    assert resolved.profile == profile and resolved.overridden and not resolved.is_fallback


def test_the_picker_offers_todays_models_from_the_snapshot_grouped_by_provider() -> None:
    models = core.catalogue_models()
    groups = dict(core.catalogue_model_groups())
    assert len(models) > 100 and len(set(models)) == len(models)
    assert list(groups)[:4] == ["OpenAI", "Anthropic", "Google", "AWS Bedrock"]
    openai = groups["OpenAI"]
    # Newest generation first; no speech, image, embedding or deprecated models.
    assert openai.index("gpt-5.4-mini") < openai.index("gpt-4.1-mini") < openai.index("gpt-4o-mini")
    assert {"gpt-5.4-mini", "claude-sonnet-4-6", "gemini-3.5-flash"} <= set(models)
    assert not any(word in m for m in models for word in ("embedding", "tts", "whisper", "dall-e"))
    assert all(core.resolve_prices(m).input is not None for m in models[:40])
    assert core.model_label("gpt-5.4-mini") == "OpenAI · gpt-5.4-mini"
    assert core.model_label("my-own-model") == "my-own-model"
    assert "text-embedding-3-small" in core.embedding_models()


@pytest.mark.parametrize(
    "parts",
    [
        ("prices", "embeddings.csv"),
        ("prices", "caching.csv"),
        ("prices", "batch.csv"),
        ("prices", "reasoning.csv"),
        ("latency.csv",),
        ("embedding_dimensions.csv",),
        ("fine_tuning", "offerings.csv"),
        ("fine_tuning", "retirements.csv"),
    ],
)
def test_every_row_has_source_date_and_confidence(parts: tuple[str, ...]) -> None:
    with _base.asset_path(*parts).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["source"].strip() and row["as_of"].strip() and row["confidence"].strip(), row
        assert row["confidence"] in ("V", "S", "assumption"), row


def test_catalogue_data_is_immutable() -> None:
    table = _catalogue.latency_table()
    assert isinstance(table, tuple)
    with pytest.raises(pydantic.ValidationError):
        table[0].source = ""  # type: ignore[misc]
    offerings = core.fine_tuning_offerings()
    with pytest.raises(pydantic.ValidationError):
        offerings[0].hosting_usd_per_hour = 0.0  # type: ignore[misc]
