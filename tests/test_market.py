"""Issue 19: market data as of 2026-12-05, LoRA serving speed, latency rows and freshness (hand-checked)."""

from __future__ import annotations

import datetime as dt

import pytest

import core
import core._offering_prices
from ui import clock
from ui.estimate_inputs import discontinued_text, model_option_label, offering_checked_text


def test_the_gone_are_listed_with_their_dates() -> None:
    gone = {d.provider: d for d in core.discontinued_offerings()}
    assert gone["OpenPipe"].stopped_on == dt.date(2026, 7, 30)
    assert gone["Databricks"].stopped_on == dt.date(2026, 8, 14)
    assert gone["IBM watsonx.ai (SaaS)"].stopped_on == dt.date(2026, 9, 10)
    assert {"Mistral", "Cohere", "Hugging Face AutoTrain", "Predibase"} <= set(gone)
    assert all(d.source and d.as_of and d.confidence in ("V", "S") and d.instead for d in gone.values())
    text = discontinued_text()
    assert "OpenPipe" in text and "2026-07-30" in text and "Predibase" in text


def test_gpt_5_family_retires_on_the_openai_api_and_later_on_azure() -> None:
    for model in ("gpt-5", "gpt-5-mini", "gpt-5-nano"):
        assert core.retirement(model, "openai").retires_on == dt.date(2026, 12, 11)  # type: ignore[union-attr]
        assert core.retirement(model, "openai", "azure").retires_on == dt.date(2027, 2, 9)  # type: ignore[union-attr]
    # Gemini 2.5: the Gemini API row (as before) and Vertex's own dates.
    assert core.retirement("gemini-2.5-flash", "google").retires_on == dt.date(2026, 12, 1)  # type: ignore[union-attr]
    vertex = core.retirement("gemini-2.5-flash-lite", "google", "vertex")
    assert vertex is not None and vertex.retires_on == dt.date(2027, 1, 28)


def test_the_picker_marks_a_retired_answering_model() -> None:
    assert model_option_label("gpt-5", dt.date(2026, 12, 11)).endswith("— retired 2026-12-11")
    assert model_option_label("gpt-5", dt.date(2026, 12, 5)).endswith("— retires 2026-12-11")
    assert "retire" not in model_option_label("gpt-5.4-mini", dt.date(2026, 12, 11))


def test_vertex_gemini_2_5_cannot_be_bought_by_a_new_buyer() -> None:
    today = dt.date(2026, 12, 5)
    for oid, end in (
        ("vertex/gemini-2.5-flash", dt.date(2027, 3, 31)),
        ("vertex/gemini-2.5-pro", dt.date(2027, 3, 31)),
        ("vertex/gemini-2.5-flash-lite", dt.date(2027, 1, 28)),
    ):
        o = core.offering(oid)
        assert not o.can_train_on(today) and o.serves_on(today) and o.inference_until == end
    assert core.offering("vertex/gemini-3.5-flash").training_usd_per_mtok is None  # unpriced, never $0


def test_together_shows_its_price_conflict_and_fireworks_its_new_rate() -> None:
    together = core.offering("together/llama-3.1-8b")
    assert together.hosting_usd_per_hour == 3.99 and "5.49" in together.notes and "2026-09-30" in together.notes
    fireworks = core.offering("fireworks/llama-3.1-70b")
    assert fireworks.hosting_usd_per_hour == 16.0 and "FP8" in fireworks.notes


def test_tinker_is_priced_per_token_with_no_hosting_floor() -> None:
    # Qwen3-8B is not in the catalogue under Tinker; the offering's own prices are used.
    resolved = core.resolve_offering("tinker/qwen3-8b")
    assert (resolved.prices.input, resolved.prices.cached_input, resolved.prices.output) == (0.195, 0.039, 0.60)
    assert resolved.training_usd_per_mtok == 0.44 and resolved.hosting_usd_per_hour is None
    scenario = core.Scenario(fine_tuning={"offering": "tinker/qwen3-8b"})
    ft = core.estimate(scenario, today=dt.date(2026, 12, 5)).strategies["fine_tuning"]
    assert ft.monthly.hosting_usd == 0 and ft.monthly.requests_usd is not None


def test_lora_serving_derates_a_replica_unless_merged(monkeypatch: pytest.MonkeyPatch) -> None:
    merged = core.resolve_offering("fireworks/llama-3.1-8b")
    assert merged.offering.lora_serving == "merged" and merged.tokens_per_s_per_replica == 3400
    assert merged.offering.lora_serving_text == "one merged adapter: base-model speed"
    tinker = core.offering("tinker/qwen3-8b")
    assert tinker.lora_serving == "multi_adapter" and tinker.throughput_factor == 0.66
    assert tinker.lora_serving_text == "adapter served unmerged beside others: 0.66x base"
    # An unmerged adapter on a 3,400 tokens/s replica: 3,400 x 0.66 = 2,244 tokens/s; an override is final.
    derated = core.Offering.model_validate(
        {**merged.offering.model_dump(), "lora_serving": "multi_adapter", "throughput_factor": 0.66}
    )
    monkeypatch.setattr(core._offering_prices, "offering", lambda _id: derated)
    assert core.resolve_offering("fireworks/llama-3.1-8b").tokens_per_s_per_replica == pytest.approx(2244)
    monkeypatch.undo()
    override = core.resolve_offering(
        "fireworks/llama-3.1-8b", {"fireworks/llama-3.1-8b": core.OfferingPrice(tokens_per_s_per_replica=1000)}
    )
    assert override.tokens_per_s_per_replica == 1000


def test_fireworks_hosting_is_eight_dollars_an_hour_for_730_hours() -> None:
    scenario = core.Scenario(fine_tuning={"offering": "fireworks/llama-3.1-8b"})
    ft = core.estimate(scenario, today=dt.date(2026, 12, 5)).strategies["fine_tuning"]
    assert ft.serving.units == 1 and ft.monthly.hosting_usd == pytest.approx(8.0 * 730)


def test_market_age_is_the_oldest_tables_check() -> None:
    oldest = min(t.last_checked for t in core.market_tables())
    assert core.market_checked_on() == oldest == dt.date(2026, 12, 1)
    assert core.market_age_days(dt.date(2026, 12, 5)) == 4
    assert core.market_age_days(dt.date(2026, 11, 1)) == 0
    assert core.stale_after_days() == 90
    assert not core.is_out_of_date(oldest, oldest + dt.timedelta(days=90))
    assert core.is_out_of_date(oldest, oldest + dt.timedelta(days=91))
    assert "may be out of date" not in core.freshness_text(dt.date(2026, 12, 5))
    assert "may be out of date" in core.freshness_text(dt.date(2027, 4, 4))
    paths = {t.path for t in core.market_tables()}
    assert {"fine_tuning/offerings.csv", "fine_tuning/retirements.csv", "latency.csv", "people.json"} <= paths
    assert {"presets.json", "prices/batch.csv", "prices/caching.csv"} <= paths


def test_offerings_are_marked_out_of_date_120_days_ahead() -> None:
    assert "may be out of date" not in offering_checked_text(dt.date(2026, 12, 5))
    assert "may be out of date" in offering_checked_text(dt.date(2026, 12, 5) + dt.timedelta(days=120))


def test_the_clock_reads_one_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2027-04-04")
    assert clock.today() == dt.date(2027, 4, 4)
    monkeypatch.setenv(clock.ENV_VAR, '=HYPERLINK("x")')
    assert clock.today() == dt.date.today()


def test_a_card_says_when_its_speed_is_assumed_and_how_the_adapter_is_served() -> None:
    from ui.estimate_results import card_notes

    today = dt.date(2026, 12, 5)
    tinker = core.estimate(core.Scenario(fine_tuning={"offering": "tinker/qwen3-8b"}), today=today)
    # No measured speed for Qwen3-8B on Tinker: the "*" assumption, said on the card.
    assert "Speed assumed: no measurement found (enter yours under Prices)." in card_notes(
        tinker.strategies["fine_tuning"]
    )
    fireworks = core.estimate(core.Scenario(fine_tuning={"offering": "fireworks/llama-3.1-8b"}), today=today)
    assert "Serving speed: one merged adapter: base-model speed." in card_notes(fireworks.strategies["fine_tuning"])
    # Mistral Small now has a measured row (112 tokens/s, 0.29 s), so no "assumed" line.
    mistral = core.estimate(core.Scenario(model="mistral-small-latest"), today=today)
    assert not any("assumed" in line for line in card_notes(mistral.strategies["prompt_only"]))


def test_each_number_is_dated_by_its_tables_check_and_marked_when_too_old() -> None:
    day = dt.date(2026, 12, 5)
    result = core.estimate(core.Scenario(), today=day)
    by_name = {a.name: a for a in result.assumptions}
    speed = by_name[f"{core.DEFAULT_MODEL} output speed"]
    training = next(a for a in result.assumptions if a.name.endswith("training price"))
    hourly = by_name["people: hourly rate"]
    # Each from its own table's last check (latency.csv and offerings.csv on 2026-12-05, people.json on 2026-12-01).
    assert speed.checked == core.table_checked_on("latency.csv") == dt.date(2026, 12, 5)
    assert training.checked == core.table_checked_on("fine_tuning/offerings.csv")
    assert hourly.checked == dt.date(2026, 12, 1)
    # The price package's snapshot is dated by its version, not by a table of ours.
    catalogue = by_name[f"{core.DEFAULT_MODEL} input price"]
    assert catalogue.as_of.startswith("genai-prices") and catalogue.checked is None
    # 90 days after people.json's check it is still fresh; a day later it is not, while latency.csv (4 days younger)
    # still is.
    edge = dt.date(2026, 12, 1) + dt.timedelta(days=91)
    assert not hourly.out_of_date(edge - dt.timedelta(days=1)) and hourly.out_of_date(edge)
    assert not speed.out_of_date(edge)
    from present import format as fmt

    assert fmt.checked_text(hourly, edge) == "2026-12-01: may be out of date"
    assert fmt.checked_text(speed, edge) == "2026-12-05"
    assert fmt.checked_text(catalogue, edge) == ""


def test_your_own_number_is_never_marked_out_of_date() -> None:
    scenario = core.Scenario(people=core.People(hourly_rate_usd=140.0))
    hourly = next(a for a in core.estimate(scenario).assumptions if a.name == "people: hourly rate")
    assert hourly.overridden and hourly.checked is None and not hourly.out_of_date(dt.date(2030, 1, 1))


def test_an_ended_offering_names_the_date_that_matches_what_ended() -> None:
    scenario = core.Scenario.model_validate({"fine_tuning": {"offering": "openai/gpt-4.1"}})

    def note(day: dt.date) -> str:
        return next(n for n in core.estimate(scenario, today=day).notes if "cannot be bought" in n)

    # Between OpenAI's last training day (2027-01-06) and the day its fine-tunes stop answering (2027-01-14).
    assert "it stopped taking new jobs on 2027-01-06" in note(dt.date(2027, 1, 10))
    assert "it stopped answering on 2027-01-14" in note(dt.date(2027, 2, 1))


def test_the_default_models_speeds_are_measured_rows_not_the_assumption() -> None:
    from ui.estimate_results import card_notes

    result = core.estimate(core.Scenario(), today=dt.date(2026, 12, 5))
    answering, tuned = result.strategies["prompt_only"], result.strategies["fine_tuning"]
    # gpt-5.4-mini: 201 tokens/s writing (Artificial Analysis median, secondary copy dated 2026-04-07), 233 ms first.
    assert answering.latency_profile.profile_model == "gpt-5.4-mini" and answering.latency_profile.assumed == ()
    assert answering.latency_profile.profile.output_tokens_per_s == 201
    # Nova 2 Lite, the default offering's base model, has its own row; only its prompt-reading speed is the default.
    assert not tuned.latency_profile.is_fallback and tuned.latency_profile.assumed == ("prefill",)
    assert not any("assumed" in line for line in card_notes(answering) + card_notes(tuned))
    # 233 ms + 4,200 / 111,000 s + 300 / 201 s = 1.76 s a request.
    assert answering.latency_ms == pytest.approx(233 + 4200 / 111_000 * 1000 + 300 / 201 * 1000, rel=1e-6)


def test_a_card_names_the_part_of_its_speed_that_is_assumed() -> None:
    from ui.estimate_results import card_notes

    # gpt-4.1-nano: first token measured (176 ms), writing speed not found: the 50 tokens/s assumption.
    nano = core.estimate(core.Scenario(model="gpt-4.1-nano"), today=dt.date(2026, 12, 5)).strategies["prompt_only"]
    assert nano.latency_profile.assumed == ("output",)
    assert "Speed partly assumed: writing speed not measured (enter yours under Prices)." in card_notes(nano)
    named = {a.name: a for a in core.estimate(core.Scenario(model="gpt-4.1-nano")).assumptions}
    assert named["gpt-4.1-nano output speed"].confidence == "assumption"
    assert named["gpt-4.1-nano time to first token"].confidence == "S"


def test_every_preset_and_default_model_has_a_speed_row_or_says_it_is_assumed() -> None:
    from ui.estimate_results import card_notes

    scenarios = [core.Scenario()] + [p.scenario for p in core.PRESETS.values()]
    for scenario in scenarios:
        for run in core.estimate(scenario, today=dt.date(2026, 12, 5)).strategies.values():
            speed = run.latency_profile
            if speed.is_fallback or set(speed.assumed) & {"ttft", "output"}:
                assert any("assumed" in line for line in card_notes(run)), (scenario.name, speed.profile_model)
