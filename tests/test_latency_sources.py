"""Issue 19, item 3: the speeds of the answering models and offerings proposed by default and in the presets come from
dated measurements, and a card whose speed (or part of it) is still an assumption says so."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

import core
from core import _base, _catalogue
from ui.estimate_results import card_notes

TODAY = dt.date(2026, 12, 5)
FULL = "Speed assumed: no measurement found (enter yours under Prices)."
NO_TTFT = "Speed partly assumed: time to first token not measured (enter yours under Prices)."
NO_OUTPUT = "Speed partly assumed: writing speed not measured (enter yours under Prices)."


def _speed_notes(est: core.StrategyEstimate) -> list[str]:
    return [line for line in card_notes(est) if line.startswith("Speed")]


def _proposed() -> list[tuple[str, core.Scenario]]:
    return [("default", core.Scenario())] + [(key, core.preset_scenario(key)) for key in core.PRESETS]


@pytest.mark.parametrize(("name", "scenario"), _proposed(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_proposed_card_has_a_dated_source_or_says_its_speed_is_assumed(
    name: str, scenario: core.Scenario
) -> None:
    result = core.estimate(scenario, today=TODAY)
    for strategy, est in result.strategies.items():
        speed = est.latency_profile
        notes = _speed_notes(est)
        unmeasured = {"ttft", "output"} & set(speed.assumed)
        if speed.is_fallback:
            assert notes == [FULL], (name, strategy)
        elif unmeasured:
            assert len(notes) == 1 and notes[0].startswith("Speed partly assumed:"), (name, strategy, notes)
        else:
            # Measured: a V or S row with a date, and no "assumed" line on the card.
            assert speed.confidence in ("V", "S"), (name, strategy, speed.confidence)
            assert speed.as_of[:4].isdigit() and int(speed.as_of[:4]) >= 2024, (name, strategy, speed.as_of)
            assert notes == [], (name, strategy, notes)


def test_the_defaults_run_on_measured_speeds() -> None:
    # gpt-5.4-mini's writing speed was the 50 tokens/s assumption; Nova 2 Lite had no row and fell back to "*".
    answering = core.resolve_latency(core.DEFAULT_MODEL)
    assert not answering.is_fallback and answering.assumed == ()
    assert answering.profile.output_tokens_per_s == 201 and answering.as_of == "2026-04-07"
    assert "Artificial Analysis" in answering.source and "benchlm.ai" in answering.source
    o = core.offering(core.DEFAULT_OFFERING)
    tuned = core.resolve_latency(o.id, base_model=o.base_model)
    assert not tuned.is_fallback and tuned.profile_model == "us.amazon.nova-2-lite-v1:0"
    assert (tuned.profile.ttft_ms, tuned.profile.output_tokens_per_s) == (530, 84)
    assert tuned.confidence == "V" and tuned.as_of == "2026-11" and tuned.assumed == ("prefill",)
    assert tuned.source.startswith("No measurement of the tuned model; its base model's is used. OpenRouter")
    result = core.estimate(core.Scenario(), today=TODAY)
    assert all(_speed_notes(est) == [] for est in result.strategies.values())


def test_a_card_names_the_part_of_its_speed_that_is_assumed() -> None:
    # gpt-4.1-nano: time to first token measured, writing speed still the 50 tokens/s assumption.
    nano = core.estimate(core.Scenario(model="gpt-4.1-nano"), today=TODAY)
    assert _speed_notes(nano.strategies["prompt_only"]) == [NO_OUTPUT]
    # Llama 3.1 8B on a dedicated H100: writing speed measured under load, time to first token assumed.
    together = core.estimate(core.Scenario(fine_tuning={"offering": "together/llama-3.1-8b"}), today=TODAY)
    assert _speed_notes(together.strategies["fine_tuning"]) == [NO_TTFT]
    # The full assumption keeps its own wording, and your own numbers remove the note.
    tinker = core.estimate(core.Scenario(fine_tuning={"offering": "tinker/qwen3-8b"}), today=TODAY)
    assert _speed_notes(tinker.strategies["fine_tuning"]) == [FULL]
    mine = {"ttft_ms": 300, "prefill_tokens_per_s": 20_000, "output_tokens_per_s": 70}
    overridden = core.estimate(core.Scenario(model="gpt-4.1-nano", latency={"gpt-4.1-nano": mine}), today=TODAY)
    assert _speed_notes(overridden.strategies["prompt_only"]) == []


def test_both_parts_are_named_when_both_are_assumed(monkeypatch: pytest.MonkeyPatch) -> None:
    row = next(r for r in _catalogue.latency_table() if r.model == "gpt-4.1-nano")
    both = row.model_copy(update={"assumed": ("ttft", "prefill", "output")})
    table = tuple(both if r is row else r for r in _catalogue.latency_table())
    monkeypatch.setattr(_catalogue, "latency_table", lambda: table)
    est = core.estimate(core.Scenario(model="gpt-4.1-nano"), today=TODAY).strategies["prompt_only"]
    assert _speed_notes(est) == [
        "Speed partly assumed: time to first token and writing speed not measured (enter yours under Prices)."
    ]


def test_every_dedicated_llama_8b_offering_uses_the_measured_h100_row() -> None:
    for offering_id in ("modal/llama-3.1-8b-h100", "hf-endpoints/llama-3.1-8b-h100", "baseten/llama-3.1-8b-h100"):
        o = core.offering(offering_id)
        speed = core.resolve_latency(o.id, base_model=o.base_model)
        assert speed.profile_model == "together/llama-3.1-8b", offering_id
        assert speed.profile.output_tokens_per_s == 50.6 and speed.assumed == ("ttft", "prefill")


def test_the_assumed_column_agrees_with_the_source_text() -> None:
    with _base.asset_path("latency.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        parts = {p for p in row["assumed"].split(";") if p}
        assert parts <= set(core.LATENCY_PARTS), row["model"]
        text = row["source"].lower()
        if row["model"] == "*":
            assert parts == set(core.LATENCY_PARTS) and row["confidence"] == "assumption"
            continue
        assert row["confidence"] in ("V", "S"), row["model"]
        # A number the text calls "not found" or "assumed" is marked, and a marked number is explained in the text.
        if "not found" in text:
            assert parts & {"ttft", "output"}, row["model"]
        if parts & {"ttft", "output"}:
            assert "not found" in text or "assumed" in text, row["model"]
        if "prefill" in parts:
            assert "(69,000 tokens/s" in text or "69,000 tokens/s (assumption)" in text, row["model"]


def test_an_unknown_assumed_part_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown assumed part"):
        _catalogue._assumed_parts("ttft;speed", "m")
    assert _catalogue._assumed_parts(" output ; ttft ", "m") == ("ttft", "output")


def test_how_this_is_computed_cites_an_assumed_number_as_an_assumption() -> None:
    result = core.estimate(core.Scenario(fine_tuning={"offering": "together/llama-3.1-8b"}), today=TODAY)
    rows = {a.name: a for a in result.assumptions}
    assert result.strategies["fine_tuning"].latency_profile.confidence == "V"
    tuned = "together/llama-3.1-8b"
    assert rows[f"{tuned} time to first token"].confidence == "assumption"
    assert rows[f"{tuned} prefill speed"].confidence == "assumption"
    assert rows[f"{tuned} output speed"].confidence == "V"
