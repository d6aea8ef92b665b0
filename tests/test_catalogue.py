"""The price and latency catalogue: name resolution, our sourced tables, genai-prices, overrides."""

from __future__ import annotations

import csv

import pydantic
import pytest

import core
from core import _catalogue

# facts.md, OpenAI fine-tuning table: training, FT input / cached / output, base input / cached / output.
FACTS_FINE_TUNING = {
    "gpt-4o-mini-2024-07-18": (3.00, 0.30, 0.15, 1.20, 0.15, 0.075, 0.60),
    "gpt-4o-2024-08-06": (25.00, 3.75, 1.875, 15.00, 2.50, 1.25, 10.00),
    "gpt-4.1-2025-04-14": (25.00, 3.00, 0.75, 12.00, 2.00, 0.50, 8.00),
    "gpt-4.1-mini-2025-04-14": (5.00, 0.80, 0.20, 3.20, 0.40, 0.10, 1.60),
    "gpt-4.1-nano-2025-04-14": (1.50, 0.20, 0.05, 0.80, 0.10, 0.025, 0.40),
    "gpt-3.5-turbo-0125": (8.00, 3.00, None, 6.00, 0.50, None, 1.50),
}
SHORT_NAMES = {
    "gpt-4o-mini-2024-07-18": "gpt-4o-mini",
    "gpt-4o-2024-08-06": "gpt-4o",
    "gpt-4.1-2025-04-14": "gpt-4.1",
    "gpt-4.1-mini-2025-04-14": "gpt-4.1-mini",
    "gpt-4.1-nano-2025-04-14": "gpt-4.1-nano",
    "gpt-3.5-turbo-0125": "gpt-3.5-turbo",
}


@pytest.mark.parametrize("dated", list(FACTS_FINE_TUNING))
def test_fine_tuned_rows_match_facts(dated: str) -> None:
    training, ft_in, ft_cached, ft_out, *_ = FACTS_FINE_TUNING[dated]
    short = SHORT_NAMES[dated]
    for name in (f"ft:{dated}", f"ft:{short}", f"FT:{dated}:acme:my-suffix:abc123"):
        price = core.resolve_prices(name)
        assert (price.training, price.input, price.cached_input, price.output) == (
            training,
            ft_in,
            ft_cached,
            ft_out,
        ), name
        assert price.canonical == f"ft:{short}"


@pytest.mark.parametrize("dated", list(FACTS_FINE_TUNING))
def test_base_prices_cross_check_with_genai_prices(dated: str) -> None:
    # Our table's base prices (facts.md) against the genai-prices snapshot: they should agree.
    *_, base_in, base_cached, base_out = FACTS_FINE_TUNING[dated]
    price = core.resolve_prices(dated)
    assert (price.input, price.output) == (base_in, base_out)
    if base_cached is not None:
        assert price.cached_input == base_cached


def test_dated_and_short_names_are_the_same_model() -> None:
    short, dated = core.resolve_prices("gpt-4o-mini"), core.resolve_prices("  GPT-4o-Mini-2024-07-18 ")
    assert short.canonical == dated.canonical == "gpt-4o-mini"
    assert (short.input, short.cached_input, short.output) == (dated.input, dated.cached_input, dated.output)
    assert core.canonical_model_name("gpt-4.1-mini-2025-04-14") == "gpt-4.1-mini"


def test_base_model_has_no_training_price() -> None:
    assert core.resolve_prices("gpt-4o-mini").training is None


def test_open_model_rows() -> None:
    fireworks = core.resolve_prices("ft:llama-3.1-8b")
    assert (fireworks.training, fireworks.input, fireworks.output) == (0.50, 0.20, 0.20)
    together = core.resolve_prices("ft:together/llama-3.1-8b-instruct")
    assert (together.training, together.input, together.output) == (0.48, 0.18, 0.18)
    source = together.source_of("training")
    assert source is not None and source.confidence == "S"


def test_unknown_model_has_no_prices() -> None:
    price = core.resolve_prices("acme-llm-9000")
    assert (price.input, price.cached_input, price.output, price.training) == (None, None, None, None)
    assert not price.known
    assert core.resolve_prices("ft:acme-llm-9000").input is None


def test_embedding_prices() -> None:
    assert core.resolve_prices("text-embedding-3-small").input == 0.02
    assert core.resolve_prices("text-embedding-3-large").input == 0.13
    # genai-prices does not know Cohere's v4 embeddings, so our secondary-source row is used.
    v4 = core.resolve_prices("embed-v4.0")
    assert v4.input == 0.12
    src = v4.source_of("input")
    assert src is not None and src.confidence == "S"


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
    price = core.resolve_prices("ft:my-model", {"ft:my-model": core.Price(input=1.0, output=2.0)})
    assert (price.input, price.output, price.training) == (1.0, 2.0, None)


def test_latency_profiles() -> None:
    gpt4o = core.resolve_latency("gpt-4o-2024-08-06")
    assert (gpt4o.profile.ttft_ms, gpt4o.profile.output_tokens_per_s) == (390, 81)
    assert not gpt4o.is_fallback
    mini = core.resolve_latency("gpt-4.1-mini")
    assert (mini.profile.ttft_ms, mini.profile.output_tokens_per_s) == (930, 77.2)
    # 472 ms at 32,768 tokens -> about 69,000 tokens/s, rounded.
    assert abs(mini.profile.prefill_tokens_per_s - 32_768 / 0.472) < 1_000
    tuned = core.resolve_latency("ft:gpt-4o")
    assert tuned.profile == gpt4o.profile and "base model" in tuned.source
    unknown = core.resolve_latency("acme-llm")
    assert unknown.is_fallback and unknown.confidence == "assumption"


def test_latency_override_wins_and_reaches_fine_tunes() -> None:
    profile = core.LatencyProfile(ttft_ms=1, prefill_tokens_per_s=2, output_tokens_per_s=3)
    assert core.resolve_latency("acme", {"ACME": profile}).profile == profile
    resolved = core.resolve_latency("ft:acme", {"acme": profile})
    assert resolved.profile == profile and resolved.overridden and not resolved.is_fallback


def test_pickers() -> None:
    fine_tunable = core.fine_tunable_models()
    assert fine_tunable[:6] == (
        "gpt-4o-mini",
        "gpt-4o",
        "gpt-4.1",
        "gpt-4.1-mini",
        "gpt-4.1-nano",
        "gpt-3.5-turbo",
    )
    chat = core.catalogue_models()
    assert chat[:6] == fine_tunable[:6] and len(chat) > 6
    assert all(core.resolve_prices(m).input is not None for m in chat)
    assert "text-embedding-3-small" in core.embedding_models()


@pytest.mark.parametrize(
    "path",
    [
        _catalogue.PRICES_DIR / "fine_tuning.csv",
        _catalogue.PRICES_DIR / "embeddings.csv",
        _catalogue.PRICES_DIR / "pricing_rules.csv",
        _catalogue.LATENCY_FILE,
    ],
)
def test_every_row_has_source_and_date(path: object) -> None:
    with open(str(path), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["source"].strip() and row["as_of"].strip() and row["confidence"].strip(), row


def test_catalogue_data_is_immutable() -> None:
    table = _catalogue.fine_tuning_table()
    assert isinstance(table, tuple)
    with pytest.raises(pydantic.ValidationError):
        table[0].training = 0.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        _catalogue.pricing_rules()["batch_factor"] = _catalogue.pricing_rules()["batch_factor"]  # type: ignore[index]
