"""Share links and scenario files: exact round trips, short links, and bad input refused politely."""

from __future__ import annotations

import datetime
import json
import math
import types
import urllib.parse
from typing import Any, Literal, Union, get_args, get_origin

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

import core
from core import (
    DIMENSIONS,
    FAILURE_MODES,
    STRATEGIES,
    Answers,
    FineTuningSettings,
    LatencyProfile,
    OfferingPrice,
    People,
    Price,
    RagSettings,
    Scenario,
    ScenarioFileError,
    Workload,
    friendly_errors,
    from_query_params,
    scenario_from_json,
    scenario_to_json,
    to_query_params,
)
from core._fields import unwrap  # the link code's own reflection: the values drawn obey the same bounds

# Characters that Streamlit's Markdown would turn into formatting, links, code or LaTeX.
MARKDOWN_ACTIVE = set("*[]<>`$\\|#~\n\r")

WEIRD_NAMES = [
    "gpt-4.1-mini",
    "ft:gpt-4.1-mini",
    "accounts/fireworks/models/llama-v3p1-8b-instruct",
    "a.b.c",
    "price.input.x",
    "",
    "=&?#%+,",
    "モデル 🙂",
    "x" * 200,
]


# ------------------------------------------------------------------------------------------------------
# A strategy for any valid scenario, built from the models' own bounds (independently of core._share).
# ------------------------------------------------------------------------------------------------------


def _values(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    bare, extra = unwrap(annotation)
    bounds = {type(m).__name__: m for m in [*metadata, *extra]}
    low = bounds["Ge"].ge if "Ge" in bounds else None
    high = bounds["Le"].le if "Le" in bounds else None
    if bare is bool:
        return st.booleans()
    if bare is int:
        return st.integers(min_value=low, max_value=high)
    if bare is float:
        if "Gt" in bounds:
            return st.floats(min_value=bounds["Gt"].gt, max_value=high, exclude_min=True, allow_nan=False)
        return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    if bare is str:
        min_size = bounds["MinLen"].min_length if "MinLen" in bounds else 0
        max_size = bounds["MaxLen"].max_length if "MaxLen" in bounds else 200
        return st.sampled_from([n for n in WEIRD_NAMES if min_size <= len(n) <= max_size]) | st.text(
            min_size=min_size, max_size=min(max_size, 40)
        )
    if get_origin(bare) is Literal:
        return st.sampled_from(get_args(bare))
    if get_origin(bare) is list:
        return st.lists(_values(get_args(bare)[0], []), max_size=8)
    if get_origin(bare) in (Union, types.UnionType):
        return st.one_of([_values(member, metadata) for member in get_args(bare)])
    if bare is type(None):
        return st.none()
    if get_origin(bare) is dict:
        key_type, value_type = get_args(bare)
        keys = (
            _values(key_type, [])
            if get_origin(key_type) is Literal
            else st.sampled_from(WEIRD_NAMES) | st.text(max_size=30)
        )
        return st.dictionaries(keys, _values(value_type, []), max_size=4)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return _model_values(bare)
    raise AssertionError(f"the test strategy does not know {annotation!r}: extend it")


# Fields whose valid values come from a table, not from their type: drawn from that table.
TABLE_VALUES: dict[str, st.SearchStrategy[Any]] = {"offering": st.sampled_from(core.offering_ids())}


def _field_values(name: str, field: FieldInfo) -> st.SearchStrategy[Any]:
    return TABLE_VALUES[name] if name in TABLE_VALUES else _values(field.annotation, list(field.metadata))


def _model_values(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    required = {n: _field_values(n, f) for n, f in model.model_fields.items() if f.is_required()}
    optional = {n: _field_values(n, f) for n, f in model.model_fields.items() if not f.is_required()}
    return st.fixed_dictionaries(required, optional=optional).map(model.model_validate)


valid_scenarios = _model_values(Scenario)


def _full_scenario() -> Scenario:
    """A realistic scenario in which every single setting differs from its default."""
    booleans = {name: True for name, field in Answers.model_fields.items() if field.annotation is bool}
    return Scenario(
        name="Support assistant (EU)",
        answers=Answers(**booleans, labeled_examples=1200, considering="hybrid", failure_modes=list(FAILURE_MODES)),
        workload=Workload(
            requests_per_month=2_500_000,
            instruction_tokens=1800,
            example_tokens=3200,
            user_tokens=250,
            output_tokens=450,
            reasoning_tokens=900,
            cache_hit_rate=0.35,
            batch=True,
            hours_per_day=10.0,
            peak_factor=3.0,
        ),
        model="gpt-4.1-mini",
        rag=RagSettings(
            top_k=8,
            chunk_tokens=512,
            corpus_tokens=250_000_000,
            monthly_churn=0.25,
            embedding_model="text-embedding-3-large",
            vector_db_usd_per_month=120.5,
            retrieval_ms=80.0,
        ),
        fine_tuning=FineTuningSettings(
            offering="together/llama-3.1-8b",
            training_examples=2000,
            tokens_per_example=1200,
            epochs="auto",
            retrains_per_year=6,
            kept_instruction_tokens=150,
            kept_example_tokens=100,
            training_hours=3.5,
            units=2,
        ),
        people=People(
            include=False,
            hourly_rate_usd=95.0,
            setup_days={"prompt_only": 1, "rag": 3, "fine_tuning": 15, "hybrid": 18},
            minutes_per_example=4.0,
            eval_examples=250,
            maintenance_hours_per_month={"prompt_only": 2, "rag": 10, "fine_tuning": 12, "hybrid": 20},
        ),
        horizon_months=24,
        prices={
            "gpt-4.1-mini": Price(input=0.4, cached_input=0.1, cache_write=0.5, output=1.6),
            "accounts/fireworks/models/llama-v3p1-8b-instruct": Price(input=0.2, output=0.2),
        },
        offering_prices={
            "together/llama-3.1-8b": OfferingPrice(hosting_usd_per_hour=3.5, tokens_per_s_per_replica=2900.0),
            "azure/gpt-4.1-mini": OfferingPrice(training_usd_per_mtok=5.0),
        },
        latency={
            "gpt-4.1-mini": LatencyProfile(ttft_ms=450.0, prefill_tokens_per_s=8000.0, output_tokens_per_s=90.0),
            "together/llama-3.1-8b": LatencyProfile(
                ttft_ms=500.0, prefill_tokens_per_s=8000.0, output_tokens_per_s=85.5
            ),
        },
        accuracy={"prompt_only": 0.62, "rag": 0.81, "fine_tuning": 0.74, "hybrid": 0.88},
        priorities={dimension: 3 for dimension in DIMENSIONS},
        decision=core.DecisionPeople(
            status="accepted",
            makers=["Ana Ruiz", "Platform team"],
            consulted=["Legal, EU", 'Sam "QA" Lee'],
            informed=["Support leads"],
        ),
        evidence=core.EvidenceSummary(
            rows=200,
            run="prompt_only",
            counts={"prompt_only": {"correct": 150, "visibility": 31, "format": 4}, "rag": {"correct": 180}},
            f1_threshold=0.7,
            visibility_threshold=0.4,
            format_check="json",
            from_evidence=["strong_prompt_measured", "missing_facts", "format_drift"],
        ),
        currency="JPY",
        currency_rate=150.5,
    )


def _every_field_differs(scenario: Scenario) -> None:
    default = Scenario()
    for name in Scenario.model_fields:
        value, default_value = getattr(scenario, name), getattr(default, name)
        if isinstance(value, BaseModel) and default_value is not None:  # an optional section (evidence) is None
            for sub in type(value).model_fields:
                assert getattr(value, sub) != getattr(default_value, sub), f"{name}.{sub} is still default"
        else:
            assert value != default_value, f"{name} is still default"


def _through_url(params: dict[str, str]) -> dict[str, list[str]]:
    """What a browser round trip gives back: every value of every key, as Streamlit can read them."""
    query = urllib.parse.urlencode(params)
    return urllib.parse.parse_qs(query, keep_blank_values=True)


# ------------------------------------------------------------------------------------------------------
# Round trips
# ------------------------------------------------------------------------------------------------------


def test_default_scenario_is_just_the_version() -> None:
    assert to_query_params(Scenario()) == {"v": "2"}
    assert from_query_params({"v": "2"}) == (Scenario(), [])
    assert from_query_params({}) == (Scenario(), [])


def test_full_scenario_round_trips_exactly_and_writes_every_setting() -> None:
    scenario = _full_scenario()
    _every_field_differs(scenario)
    params = to_query_params(scenario)
    assert from_query_params(params) == (scenario, [])
    assert from_query_params(_through_url(params)) == (scenario, [])
    # Model names with dots, colons and slashes stay whole, with the field before the name.
    assert params["offering.training_usd_per_mtok.azure/gpt-4.1-mini"] == "5"
    assert params["price.input.accounts/fireworks/models/llama-v3p1-8b-instruct"] == "0.2"
    assert params["people.setup_days.fine_tuning"] == "15" and params["people.include"] == "0"
    assert params["ft.offering"] == "together/llama-3.1-8b"
    assert params["ft.epochs"] == "auto"
    assert params["a.failure_modes"] == ",".join(FAILURE_MODES)
    assert params["w.batch"] == "1"
    assert (params["currency"], params["currency_rate"]) == ("JPY", "150.5")


def test_links_stay_short() -> None:
    # Every one of the ~110 settings changed still fits well within what browsers and chat tools carry; a
    # realistic scenario (a preset with a few edits) is a line of text.
    query = urllib.parse.urlencode(to_query_params(_full_scenario()))
    assert len("https://example.streamlit.app/estimate?" + query) < 4000
    preset = urllib.parse.urlencode(to_query_params(core.preset_scenario("engineering_assistant")))
    assert len("https://example.streamlit.app/estimate?" + preset) < 1000


def test_only_changed_settings_are_written() -> None:
    scenario = Scenario(workload=Workload(requests_per_month=7), accuracy={"rag": 0.5})
    assert to_query_params(scenario) == {"v": "2", "w.requests_per_month": "7", "accuracy.rag": "0.5"}


def test_empty_price_entry_and_awkward_floats_survive() -> None:
    scenario = Scenario(
        prices={"": Price(), "a.b": Price(cache_write=1e-300)},
        workload=Workload(cache_hit_rate=0.1 + 0.2),  # 0.30000000000000004 must not become 0.3
        rag=RagSettings(vector_db_usd_per_month=99_999_999.99999999),
    )
    back, notes = from_query_params(to_query_params(scenario))
    assert notes == []
    assert back == scenario
    assert back.workload.cache_hit_rate == 0.1 + 0.2
    assert set(back.prices) == {"", "a.b"}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(valid_scenarios)
def test_any_valid_scenario_round_trips(scenario: Scenario) -> None:
    params = to_query_params(scenario)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    assert from_query_params(params) == (scenario, [])
    assert from_query_params(_through_url(params)) == (scenario, [])


# ------------------------------------------------------------------------------------------------------
# Bad links
# ------------------------------------------------------------------------------------------------------

NUMERIC_AND_YES_NO_KEYS = [
    "w.requests_per_month",
    "w.cache_hit_rate",
    "w.batch",
    "a.labeled_examples",
    "a.needs_citations",
    "rag.top_k",
    "rag.monthly_churn",
    "ft.epochs",
    "ft.retrains_per_year",
    "horizon_months",
    "accuracy.rag",
    "priority.cost",
    "price.input.gpt-4o",
    "price.cache_write.claude-haiku-4-5",
    "offering.hosting_usd_per_hour.together/llama-3.1-8b",
    "people.setup_days.rag",
    "people.hourly_rate_usd",
    "w.reasoning_tokens",
    "latency.ttft_ms.zz/model.v1",
]
# None of these is a valid number or yes/no for any of the keys above ("" is valid only for prices).
GARBAGE = [
    "nan",
    "inf",
    "-inf",
    "-5",
    "1e400",
    "9" * 50,
    "0.",
    ".5",
    "1e",
    "abc",
    "٣",
    " 5",
    "1,5",
    "0x10",
    "🙂",
]
KNOWN_PREFIXES = ("v", "name", "model", "horizon_months", "a.", "w.", "rag.", "ft.", "price.", "latency.")
KNOWN_PREFIXES += ("accuracy.", "priority.", "people.", "offering.")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    valid_scenarios,
    st.dictionaries(st.sampled_from(NUMERIC_AND_YES_NO_KEYS), st.sampled_from(GARBAGE), max_size=8),
    st.dictionaries(st.text(max_size=30), st.text(max_size=80), max_size=8),
)
def test_garbage_is_dropped_one_note_each_and_siblings_kept(
    scenario: Scenario, garbage: dict[str, str], unknown: dict[str, str]
) -> None:
    params = to_query_params(scenario)
    garbage = {k: v for k, v in garbage.items() if k not in params}
    unknown = {k: v for k, v in unknown.items() if not k.startswith(KNOWN_PREFIXES)}
    back, notes = from_query_params({**params, **garbage, **unknown})
    assert back == scenario
    assert len(notes) == len(garbage) + len(unknown)
    for note in notes:
        assert not MARKDOWN_ACTIVE & set(note), note
        assert note.startswith("Ignored")


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from([*NUMERIC_AND_YES_NO_KEYS, "name", "model", "a.failure_modes", "a.considering", "v"])
        | st.text(max_size=40),
        st.sampled_from([*GARBAGE, "", "1", "auto", "rag,cost"]) | st.text(max_size=300),
    )
)
def test_random_params_never_raise(params: dict[str, str]) -> None:
    scenario, notes = from_query_params(params)
    assert isinstance(scenario, Scenario)
    Scenario.model_validate(scenario.model_dump())  # still valid as a whole
    assert len(notes) <= 21
    for note in notes:
        assert isinstance(note, str)
        assert not MARKDOWN_ACTIVE & set(note), note


def test_each_bad_value_is_dropped_with_its_reason() -> None:
    scenario, notes = from_query_params(
        {
            "w.requests_per_month": "abc",
            "w.user_tokens": "42",
            "rag.top_k": "-5",
            "ft.epochs": "0",
            "w.cache_hit_rate": "nan",
            "accuracy.rag": "1e400",
            "accuracy.hybrid": "0.9",
            "horizon_months": "9" * 50,
        }
    )
    assert scenario == Scenario(workload=Workload(user_tokens=42), accuracy={"hybrid": 0.9})
    assert len(notes) == 6
    joined = "\n".join(notes)
    assert "Ignored 'w.requests_per_month=abc' from the link: requests per month must be a whole number" in joined
    assert "top k must be a whole number from 0 to 1,000" in joined
    assert "epochs must be a whole number from 1 to 50 or auto" in joined
    assert "cache hit rate must be a number from 0 to 1" in joined


def test_unknown_keys_and_strategies_are_named() -> None:
    scenario, notes = from_query_params({"colour": "red", "accuracy.magic": "0.5", "price.cost.gpt-4o": "1"})
    assert scenario == Scenario()
    assert len(notes) == 3
    assert notes[0].startswith("Ignored 'colour=red'")
    assert "prompt_only, rag, fine_tuning, hybrid" in notes[1]


def test_incomplete_latency_profile_is_dropped_whole() -> None:
    scenario, notes = from_query_params(
        {"latency.ttft_ms.m": "300", "latency.output_tokens_per_s.m": "80", "price.input.m": "1"}
    )
    assert scenario == Scenario(prices={"m": Price(input=1.0)})
    assert len(notes) == 2
    assert all("prefill_tokens_per_s" in note for note in notes)


def test_dropped_price_field_does_not_leave_an_empty_entry() -> None:
    scenario, notes = from_query_params({"price.input.m": "-1"})
    assert scenario.prices == {}
    assert len(notes) == 1


def test_failure_modes_keep_the_known_ids() -> None:
    scenario, notes = from_query_params({"a.failure_modes": "format_drift,telepathy,missing_facts"})
    assert scenario.answers.failure_modes == ["format_drift", "missing_facts"]
    assert len(notes) == 1 and "telepathy" in notes[0]


def test_booleans_accept_words_too() -> None:
    scenario, notes = from_query_params({"w.batch": "true", "a.high_volume": "False", "a.needs_citations": "yes"})
    assert scenario.workload.batch is True
    assert scenario.answers.high_volume is False
    assert scenario.answers.needs_citations is False
    assert len(notes) == 1


def test_repeated_keys_use_the_last_value_with_a_note() -> None:
    scenario, notes = from_query_params({"rag.top_k": ["3", "9"], "w.batch": ["1"]})
    assert scenario.rag.top_k == 9
    assert scenario.workload.batch is True
    assert len(notes) == 1 and "2 times" in notes[0]


def test_wrong_types_in_the_mapping_do_not_raise() -> None:
    params: Any = {"rag.top_k": 7, 3: "x", "w.batch": [], "name": ["ok", 5], "model": None}
    scenario, notes = from_query_params(params)
    assert scenario == Scenario()
    assert len(notes) == 6  # 7, key 3, empty list, repeated name, name not text, None


def test_versions() -> None:
    newer, notes = from_query_params({"v": "3", "rag.top_k": "3"})
    assert newer.rag.top_k == 3
    assert len(notes) == 1 and "newer version" in notes[0]
    broken, notes = from_query_params({"v": "abc", "rag.top_k": "3"})
    assert broken.rag.top_k == 3
    assert len(notes) == 1


def test_long_values_and_keys_are_refused_and_not_echoed_whole() -> None:
    scenario, notes = from_query_params({"name": "n" * 5000, "k" * 5000: "1", "model": "m" * 201})
    assert scenario == Scenario()
    assert len(notes) == 3
    assert all(len(note) < 400 for note in notes)


def test_notes_are_capped() -> None:
    _, notes = from_query_params({f"unknown{i}": "1" for i in range(25)})
    assert len(notes) == 21
    assert notes[-1] == "…and 5 more values from the link were ignored."


def test_markdown_in_echoed_values_is_neutralised() -> None:
    _, notes = from_query_params({"**bold** [x](http://e.com) `c` $x$": "<b>_hi_</b> # | \\ ~"})
    assert len(notes) == 1
    assert not MARKDOWN_ACTIVE & set(notes[0])
    assert "_hi_" not in notes[0]


# ------------------------------------------------------------------------------------------------------
# Scenario files
# ------------------------------------------------------------------------------------------------------


def test_json_round_trip_and_shape() -> None:
    scenario = _full_scenario()
    text = scenario_to_json(scenario)
    document = json.loads(text)
    assert next(iter(document)) == "schema_version"
    assert document["schema_version"] == 2
    assert document["workload"]["requests_per_month"] == 2_500_000
    assert "\n  " in text  # indented for people
    assert scenario_from_json(text) == scenario
    assert scenario_from_json(text.encode("utf-8")) == scenario
    assert scenario_from_json(b"\xef\xbb\xbf" + text.encode("utf-8")) == scenario  # a BOM from an editor


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(valid_scenarios)
def test_any_valid_scenario_survives_a_file(scenario: Scenario) -> None:
    assert scenario_from_json(scenario_to_json(scenario).encode("utf-8")) == scenario


def _refusal(data: bytes | str) -> str:
    with pytest.raises(ScenarioFileError) as caught:
        scenario_from_json(data)
    message = str(caught.value)
    assert "pydantic" not in message and "Input should" not in message
    return message


def _file(**changes: Any) -> str:
    document = json.loads(scenario_to_json(Scenario()))
    document.update(changes)
    return json.dumps(document)


def test_file_refusals_say_why() -> None:
    assert "too large" in _refusal(b" " * 1_000_001)
    assert "too large" in _refusal(" " * 1_000_001)
    assert "not UTF-8" in _refusal(b'{"schema_version": 1, "name": "caf\xe9"}')
    assert "not valid JSON" in _refusal('{"schema_version": 1,')
    assert "line 2" in _refusal('{"schema_version": 1,\n "name": }')
    assert "NaN" in _refusal('{"schema_version": 1, "horizon_months": NaN}')
    assert "not a scenario" in _refusal("[1, 2]")
    assert "no schema_version" in _refusal("{}")
    assert "newer version" in _refusal(_file(schema_version=3))
    assert "unknown schema_version" in _refusal(_file(schema_version=0))
    assert "whole number 2" in _refusal(_file(schema_version="2"))
    assert "whole number 2" in _refusal(_file(schema_version=True))
    assert "too long" in _refusal('{"schema_version": 1, "horizon_months": ' + "9" * 5000 + "}")


def test_invalid_settings_in_a_file_are_listed_in_plain_words() -> None:
    data = _file(workload={"requests_per_month": "abc", "user_tokens": -1}, colour="red")
    with pytest.raises(ScenarioFileError) as caught:
        scenario_from_json(data)
    reasons = caught.value.reasons
    assert len(reasons) == 3
    assert "'workload.requests_per_month': must be a whole number from 0 to 10,000,000,000 (got 'abc')" in reasons
    assert "'workload.user_tokens': must be a whole number from 0 to 2,000,000 (got '-1')" in reasons
    assert "'colour': is not a setting this tool knows (check the spelling) (got 'red')" in reasons
    assert reasons[0] in str(caught.value)


# ------------------------------------------------------------------------------------------------------
# friendly_errors on its own (the UI reuses it)
# ------------------------------------------------------------------------------------------------------


def _errors(data: dict[str, Any]) -> list[str]:
    with pytest.raises(pydantic.ValidationError) as caught:
        Scenario.model_validate(data)
    return friendly_errors(caught.value)


def test_friendly_errors_merge_alternatives_and_name_dictionary_entries() -> None:
    assert _errors({"fine_tuning": {"epochs": 0}}) == [
        "'fine_tuning.epochs': must be a whole number from 1 to 50 or auto (got '0')"
    ]
    assert _errors({"accuracy": {"magic": 0.5}}) == [
        "'accuracy.magic': is not a name this setting accepts "
        "(it must be one of: 'prompt_only', 'rag', 'fine_tuning' or 'hybrid') (got 'magic')"
    ]
    assert _errors({"latency": {"m": {"ttft_ms": 1}}}) == [
        "'latency.m.prefill_tokens_per_s': is required but missing",
        "'latency.m.output_tokens_per_s': is required but missing",
    ]
    assert _errors({"prices": {"gpt-4.1": {"input": -1}}}) == [
        "'prices.gpt-4.1.input': must be a number from 0 to 100,000, or left empty (got '-1')"
    ]
    assert _errors({"answers": {"failure_modes": ["telepathy"]}})[0].startswith(
        "'answers.failure_modes.0': must be one of"
    )


def test_friendly_errors_work_on_a_section_model_too() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Workload(cache_hit_rate=math.inf)
    (sentence,) = friendly_errors(caught.value)
    assert "cache_hit_rate" in sentence and "inf" in sentence


def test_public_names_are_exported() -> None:
    for name in ("to_query_params", "from_query_params", "scenario_to_json", "scenario_from_json"):
        assert name in core.__all__
    assert set(STRATEGIES) == {"prompt_only", "rag", "fine_tuning", "hybrid"}


# ------------------------------------------------------------------------------------------------------
# Old links and files (version 1: before fine-tuning offerings and people's time)
# ------------------------------------------------------------------------------------------------------

OLD_DAY = datetime.date(2026, 12, 2)


def test_an_old_link_opens_with_the_defaults_of_its_time_and_moves_fine_tuned_prices() -> None:
    # A link the previous version wrote: the model to fine-tune, fine-tuned prices under ft:<model>.
    old = {
        "v": "1",
        "w.requests_per_month": "250000",
        "ft.model": "gpt-4.1-mini",
        "price.training.ft:gpt-4.1-mini": "5",
        "price.input.ft:gpt-4.1-mini": "0.8",
        "latency.ttft_ms.ft:gpt-4.1-mini": "400",
        "latency.prefill_tokens_per_s.ft:gpt-4.1-mini": "9000",
        "latency.output_tokens_per_s.ft:gpt-4.1-mini": "70",
        "price.input.gpt-4o-mini": "0.2",
    }
    scenario, notes = from_query_params(old, today=OLD_DAY)
    assert scenario.model == "gpt-4o-mini"  # the old default answering model, left out of the link
    assert scenario.workload.requests_per_month == 250_000
    assert scenario.fine_tuning.offering == "openai/gpt-4.1-mini"
    assert scenario.offering_prices["openai/gpt-4.1-mini"] == OfferingPrice(
        training_usd_per_mtok=5.0, input_usd_per_mtok=0.8
    )
    assert scenario.latency["openai/gpt-4.1-mini"].ttft_ms == 400
    assert scenario.prices == {"gpt-4o-mini": Price(input=0.2)}
    assert not scenario.people.include  # people's time did not exist then
    assert any("earlier version" in note for note in notes)
    assert any("is now an offering" in note and "gpt-4.1-mini" in note for note in notes)
    assert all(not MARKDOWN_ACTIVE & set(note) for note in notes)


def test_an_old_link_without_fine_tuning_settings_opens_on_the_old_default() -> None:
    scenario, notes = from_query_params({"v": "1", "rag.top_k": "3"}, today=OLD_DAY)
    assert (scenario.model, scenario.fine_tuning.offering, scenario.rag.top_k) == (
        "gpt-4o-mini",
        "openai/gpt-4o-mini",
        3,
    )
    assert len(notes) == 1


def test_an_offering_that_no_longer_exists_gets_a_note_and_a_replacement() -> None:
    scenario, notes = from_query_params({"ft.offering": "azure/gpt-4.1-mini-2099", "rag.top_k": "4"}, today=OLD_DAY)
    assert scenario.fine_tuning.offering == "openai/gpt-4.1-mini"  # same base model, still taking jobs
    assert scenario.rag.top_k == 4
    assert len(notes) == 1 and "no fine-tuning offering has that id" in notes[0]
    nothing_like_it, notes = from_query_params({"ft.offering": "<b>acme</b>"}, today=OLD_DAY)
    assert core.offering(nothing_like_it.fine_tuning.offering).can_train_on(OLD_DAY)
    assert len(notes) == 1 and not MARKDOWN_ACTIVE & set(notes[0])


def test_an_old_scenario_file_still_opens_with_notes() -> None:
    old = {
        "schema_version": 1,
        "name": "Old file",
        "model": "gpt-4.1",
        "fine_tuning": {"model": "gpt-4o-mini-2024-07-18", "training_examples": 800},
        "prices": {"ft:gpt-4o-mini": {"training": 3.5, "output": 1.0}, "gpt-4.1": {"input": 1.9, "training": 9}},
    }
    scenario, notes = core.read_scenario_file(json.dumps(old), today=OLD_DAY)
    assert scenario.name == "Old file" and scenario.model == "gpt-4.1"
    assert scenario.fine_tuning.offering == "openai/gpt-4o-mini" and scenario.fine_tuning.training_examples == 800
    assert scenario.offering_prices == {
        "openai/gpt-4o-mini": OfferingPrice(training_usd_per_mtok=3.5, output_usd_per_mtok=1.0)
    }
    assert scenario.prices == {"gpt-4.1": Price(input=1.9)}
    assert any("training price for 'gpt-4.1' was left out" in n for n in notes)
    assert not scenario.people.include
    assert any("earlier version" in n for n in notes) and any("is now an offering" in n for n in notes)
    assert scenario_from_json(json.dumps(old)) == core.read_scenario_file(json.dumps(old))[0]
    # A file written now reads back without notes.
    assert core.read_scenario_file(scenario_to_json(scenario)) == (scenario, [])
