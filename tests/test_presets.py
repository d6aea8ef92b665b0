"""Presets recommend what they say, their cost notes tell the truth, and they survive links and files."""

from __future__ import annotations

import datetime
import math
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core._models import MAX_REQUESTS_PER_MONTH

PRESET_KEYS = list(core.PRESETS)
TODAY = datetime.date(2026, 12, 2)
SEED_CASES = {"support_bot": "rag", "contract_extraction": "fine_tuning", "engineering_assistant": "hybrid"}
LINK_BASE = "https://rag-or-fine-tuning.example.com/scenarios?"
MAX_URL_CHARS = 2_000


def test_the_first_seeds_three_cases_and_at_least_two_more_exist() -> None:
    for key, strategy in SEED_CASES.items():
        assert core.PRESETS[key].expected_strategy == strategy
    assert len(core.PRESETS) >= 5
    assert set(core.SCENARIOS) == set(core.PRESETS)


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_recommend_matches_the_stated_strategy(key: str) -> None:
    preset = core.PRESETS[key]
    assert core.recommend(preset.scenario.answers).strategy == preset.expected_strategy


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_the_cost_note_names_the_real_cheapest_strategy(key: str) -> None:
    preset = core.PRESETS[key]
    result = core.estimate(preset.scenario, today=TODAY)
    assert result.missing_prices == []
    # The cheapest on price alone is what the note discusses; among the strategies that fix the problem and run
    # the whole horizon, the recommended one is also the cheapest in every preset.
    assert result.cheapest_overall == preset.cheapest_strategy
    assert result.cheapest == preset.expected_strategy
    assert core.STRATEGY_LABELS[preset.cheapest_strategy] in preset.cost_note
    # Where the cheapest is not the recommendation, the note has to say why anyway.
    if preset.cheapest_strategy != preset.expected_strategy:
        assert any(word in preset.cost_note for word in ("cannot", "can't", "only option"))
        assert not result.strategies[preset.cheapest_strategy].fixes_diagnosis


def _estimate(key: str, **update: object) -> dict[core.Strategy, core.StrategyEstimate]:
    return core.estimate(core.SCENARIOS[key].model_copy(update=update), today=TODAY).strategies


def _monthly(key: str, strategy: core.Strategy) -> float:
    value = _estimate(key)[strategy].monthly_usd
    assert value is not None
    return value


def test_the_numeric_claims_in_the_cost_notes_hold() -> None:
    # compliance_qa: "Retrieval costs about twice as much per month" as the baseline.
    assert 1.8 < _monthly("compliance_qa", "rag") / _monthly("compliance_qa", "prompt_only") < 2.2
    # ... "the fine-tuned gpt-4.1 through OpenAI ... stops answering on 2027-01-14".
    compliance = _estimate("compliance_qa")["fine_tuning"]
    assert compliance.ends_on == datetime.date(2027, 1, 14) and not compliance.runs_whole_horizon
    # ticket_classification: a dedicated H100 at $8/h x 730 h = $5,840 a month against about $10,000 of
    # prompts; one replica.
    tickets = _estimate("ticket_classification")
    assert (tickets["fine_tuning"].monthly.hosting_usd or 0) == pytest.approx(8.0 * 730) and tickets[
        "fine_tuning"
    ].serving.units == 1
    assert 9_500 < (tickets["prompt_only"].monthly.requests_usd or 0) < 10_500
    # contract_extraction: paid back after about 16 months, so over two years fine-tuning is the cheaper.
    contracts = _estimate("contract_extraction")
    saving = _monthly("contract_extraction", "prompt_only") - _monthly("contract_extraction", "fine_tuning")
    extra = (contracts["fine_tuning"].one_time_usd or 0) - (contracts["prompt_only"].one_time_usd or 0)
    assert 15 <= extra / saving <= 17
    two_years = _estimate("contract_extraction", horizon_months=24)
    assert (two_years["fine_tuning"].total_usd or 0) < (two_years["prompt_only"].total_usd or 0)
    # support_bot: Claude Haiku 4.5 caches nothing of a 1,500-token prefix (its minimum is 4,096).
    support = _estimate("support_bot")["prompt_only"]
    assert support.tokens.instruction_tokens + support.tokens.example_tokens == 1500 and support.cached_tokens == 0
    # engineering_assistant: the hybrid is the dearest line.
    totals = {s: e.total_usd for s, e in _estimate("engineering_assistant").items()}
    assert max(totals, key=lambda s: totals[s] or 0.0) == "hybrid"


def test_contract_extraction_is_a_batch_job_with_long_instructions_and_examples() -> None:
    work = core.SCENARIOS["contract_extraction"].workload
    assert work.batch
    assert work.instruction_tokens + work.example_tokens > 5_000


def test_ticket_classification_is_high_volume_on_a_small_tuned_model() -> None:
    scenario = core.SCENARIOS["ticket_classification"]
    assert scenario.workload.requests_per_month >= 1_000_000
    assert "8b" in core.offering(scenario.fine_tuning.offering).base_model.lower()
    assert scenario.fine_tuning.kept_instruction_tokens < scenario.workload.instruction_tokens / 10


def test_every_preset_uses_offerings_and_models_that_can_be_bought_today() -> None:
    for preset in core.PRESETS.values():
        offering = core.offering(preset.scenario.fine_tuning.offering)
        assert offering.can_train_on(TODAY), preset.key
        assert core.retirement(preset.scenario.model, core.provider_of(preset.scenario.model)) is None, preset.key
        assert preset.scenario.model in core.catalogue_models(), preset.key


def test_compliance_qa_must_cite_its_sources() -> None:
    answers = core.SCENARIOS["compliance_qa"].answers
    assert answers.needs_citations and "must_cite_sources" in answers.failure_modes


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_each_preset_link_is_short_and_round_trips(key: str) -> None:
    scenario = core.SCENARIOS[key]
    params = core.to_query_params(scenario)
    assert len(LINK_BASE + urlencode(params)) < MAX_URL_CHARS
    back, notes = core.from_query_params(params)
    assert notes == []
    assert back == scenario
    assert core.scenario_from_json(core.scenario_to_json(scenario)) == scenario


def test_preset_scenario_is_a_private_copy() -> None:
    copy = core.preset_scenario("support_bot")
    copy.workload.requests_per_month = 1
    assert core.SCENARIOS["support_bot"].workload.requests_per_month != 1
    assert copy.name == core.PRESETS["support_bot"].title


def test_presets_have_a_source_and_date() -> None:
    about, as_of = core.presets_source()
    assert about and as_of
    for preset in core.PRESETS.values():
        assert preset.rationale and preset.workload_basis


# Random valid scenarios near the presets: any preset with any name, volume, horizon and accuracy.
valid_variants = st.builds(
    lambda key, name, volume, horizon, accuracy: core.SCENARIOS[key].model_copy(
        update={
            "name": name,
            "workload": core.SCENARIOS[key].workload.model_copy(update={"requests_per_month": volume}),
            "horizon_months": horizon,
            "accuracy": accuracy,
        }
    ),
    st.sampled_from(PRESET_KEYS),
    st.text(max_size=200),
    st.integers(min_value=0, max_value=MAX_REQUESTS_PER_MONTH),
    st.integers(min_value=1, max_value=120),
    st.dictionaries(st.sampled_from(core.STRATEGIES), st.floats(min_value=0.0, max_value=1.0)),
)


@settings(max_examples=60, deadline=None)
@given(valid_variants)
def test_random_variants_of_the_presets_round_trip(scenario: core.Scenario) -> None:
    scenario = core.Scenario.model_validate(scenario.model_dump())
    back, notes = core.from_query_params(core.to_query_params(scenario))
    assert notes == []
    assert back == scenario
    assert core.scenario_from_json(core.scenario_to_json(scenario)) == scenario


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=30), st.one_of(st.text(max_size=50), st.lists(st.text(max_size=20)))))
def test_malformed_params_never_raise(params: dict[str, object]) -> None:
    scenario, notes = core.from_query_params(params)  # type: ignore[arg-type]
    assert isinstance(scenario, core.Scenario)
    assert isinstance(notes, list)


def test_cost_per_correct_answer_divides_by_accuracy() -> None:
    result = core.estimate(core.SCENARIOS["support_bot"])
    per_request = {s: result.strategies[s].cost_per_request_usd for s in core.STRATEGIES}
    got = core.cost_per_correct_answer(result, {"rag": 0.5, "prompt_only": 0.25, "hybrid": 0.0})
    assert per_request["rag"] is not None and per_request["prompt_only"] is not None
    assert got["rag"] == pytest.approx(per_request["rag"] * 2)  # half right: each correct answer costs two calls
    assert got["prompt_only"] == pytest.approx(per_request["prompt_only"] * 4)
    assert got["hybrid"] is None  # never right: no correct answer to pay for
    assert got["fine_tuning"] is None  # not measured


def test_cost_per_correct_answer_is_none_without_a_price() -> None:
    scenario = core.Scenario(model="a-model-nobody-prices", accuracy={"prompt_only": 0.9})
    result = core.estimate(scenario)
    assert core.cost_per_correct_answer(result, scenario.accuracy)["prompt_only"] is None


def _total_at(scenario: core.Scenario, strategy: core.Strategy, volume: float) -> float:
    """Total over the horizon at a given monthly volume, straight from the estimate's parts."""
    run = core.estimate(scenario).strategies[strategy]
    assert run.one_time_usd is not None
    return float(run.one_time_usd + scenario.horizon_months * core.monthly_at(run, [volume])[0])


def test_compare_pits_the_recommendation_against_the_cheapest() -> None:
    comparison = core.compare(core.SCENARIOS["support_bot"])
    assert comparison.name == "Customer support bot"
    assert comparison.recommendation.strategy == "rag"
    assert comparison.break_even_between == ("rag", "prompt_only")
    # RAG costs more per request and more per month, so the two lines never meet.
    assert comparison.break_even_requests is None
    assert comparison.cheaper_above_break_even is None


def test_compare_uses_the_layer_counterpart_when_the_recommendation_is_cheapest() -> None:
    scenario = core.SCENARIOS["contract_extraction"]
    comparison = core.compare(scenario)
    assert comparison.break_even_between == ("fine_tuning", "prompt_only")
    volume = comparison.break_even_requests
    assert volume is not None and volume > 0
    tuned, baseline = _total_at(scenario, "fine_tuning", volume), _total_at(scenario, "prompt_only", volume)
    assert math.isclose(tuned, baseline, rel_tol=1e-9)
    # Above the volume the tuned model (cheaper per request) wins; below it the baseline does.
    assert comparison.cheaper_above_break_even == "fine_tuning"
    assert _total_at(scenario, "fine_tuning", volume * 2) < _total_at(scenario, "prompt_only", volume * 2)
    assert _total_at(scenario, "fine_tuning", volume / 2) > _total_at(scenario, "prompt_only", volume / 2)


def test_compare_carries_cost_per_correct_answer() -> None:
    scenario = core.SCENARIOS["ticket_classification"].model_copy(update={"accuracy": {"fine_tuning": 0.8}})
    comparison = core.compare(scenario)
    per_request = comparison.estimate.strategies["fine_tuning"].cost_per_request_usd
    assert per_request is not None
    assert comparison.cost_per_correct_usd["fine_tuning"] == pytest.approx(per_request / 0.8)


def test_public_names_are_exported() -> None:
    for name in (
        "PRESETS",
        "SCENARIOS",
        "Preset",
        "Comparison",
        "compare",
        "cost_per_correct_answer",
        "preset_scenario",
        "presets_source",
    ):
        assert name in core.__all__
