"""Training files as each provider takes them: detection, each format's sourced rules, conversion, counting."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core._formats import check_record

SYSTEM = "You answer briefly."


def jsonl(*values: object) -> bytes:
    return b"\n".join(json.dumps(v).encode() for v in values) + b"\n"


def openai_chat(question: str = "What is 2+2?", answer: str = "4") -> dict[str, object]:
    return {
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ]
    }


def bedrock(question: str = "What is 2+2?", answer: str = "4") -> dict[str, object]:
    return {
        "schemaVersion": "bedrock-conversation-2024",
        "system": [{"text": SYSTEM}],
        "messages": [
            {"role": "user", "content": [{"text": question}]},
            {"role": "assistant", "content": [{"text": answer}]},
        ],
    }


def vertex(question: str = "What is 2+2?", answer: str = "4") -> dict[str, object]:
    return {
        "systemInstruction": {"role": "system", "parts": [{"text": SYSTEM}]},
        "contents": [
            {"role": "user", "parts": [{"text": question}]},
            {"role": "model", "parts": [{"text": answer}]},
        ],
    }


def preference(question: str = "What is 2+2?") -> dict[str, object]:
    return {
        "input": {"messages": [{"role": "user", "content": question}]},
        "preferred_output": [{"role": "assistant", "content": "4"}],
        "non_preferred_output": [{"role": "assistant", "content": "5"}],
    }


# ---------------------------------------------------------------------------------------------- cookbook figures

_TOY_LINES = [
    '{"messages": [{"role": "system", "content": "You are a happy assistant that puts a positive spin on everything."}'
    ', {"role": "user", "content": "I fell off my bike today."}, {"role": "assistant", "content": "It\'s great that '
    "you're getting exercise outdoors!\"}]}",
    '{"messages": [{"role": "system", "content": "You are a happy assistant that puts a positive spin on everything."}'
    ', {"role": "user", "content": "I lost my tennis match today."}, {"role": "assistant", "content": "It\'s ok, it '
    'happens to everyone."}, {"role": "user", "content": "But I trained so hard!"}, {"role": "assistant", "content": '
    '"It will pay off next time."}, {"role": "user", "content": "I\'m going to switch to golf."}, {"role": '
    '"assistant", "content": "Golf is fun too!"}, {"role": "user", "content": "I don\'t even know how to play golf."}'
    ', {"role": "assistant", "content": "It\'s easy to learn!"}]}',
    '{"messages": [{"role": "user", "content": "I lost my book today."}, {"role": "assistant", "content": "You can '
    'read everything on ebooks these days!"}]}',
    '{"messages": [{"role": "system", "content": "You are a happy assistant that puts a positive spin on everything."}'
    ', {"role": "assistant", "content": "You\'re great!"}]}',
    '{"messages": [{"role": "system", "content": "You are a happy assistant that puts a positive spin on everything."}'
    ', {"role": "user", "content": "I\'m hungry."}, {"role": "assistant", "content": "'
    + "Eat a banana!" * 2000
    + '"}]}',
]


def test_the_cookbook_toy_file_counted_with_cl100k_gives_the_notebooks_figures() -> None:
    # The OpenAI cookbook's examples/data/toy_chat_fine_tuning.jsonl (MIT), rebuilt line for line: the notebook
    # "Chat fine-tuning data prep" prints, for it, min/max 26/8032 tokens per example, mean 1648.4, median 45.0,
    # 1 example missing a system and 1 missing a user message, ~4306 billed tokens per epoch at its 4,096-token
    # cap, 20 epochs and ~86120 billed tokens.
    data = ("\n".join(_TOY_LINES) + "\n").encode()
    assert len(data) == 27385  # the stored file's size
    report = core.analyze_jsonl(data, "openai/gpt-4o-mini", encoding="cl100k_base")
    assert report.format == "openai_chat" and report.encoding_name == "cl100k_base"
    assert report.approximate  # gpt-4o-mini's own encoding is o200k_base
    assert report.n_examples == 5 and report.epochs == 20
    stats = report.example_tokens
    assert stats is not None
    assert (stats.minimum, stats.maximum, stats.median) == (26, 8032, 45.0)
    assert stats.mean == pytest.approx(1648.4)
    assert report.warning_counts == {"missing_system_message": 1, "missing_user_message": 1}
    # Only the banana example exceeds the notebook's 4,096 cap: billed = total - 8032 + 4096.
    billed = round(stats.mean * 5) - stats.maximum + 4096
    assert billed == 4306 and billed * report.epochs == 86120


def test_openai_base_models_count_with_their_own_encoding_and_others_are_approximate() -> None:
    data = jsonl(openai_chat())
    own = core.analyze_jsonl(data, "openai/gpt-4o-mini")
    assert own.encoding_name == "o200k_base" and not own.approximate
    nova = core.analyze_jsonl(jsonl(bedrock()), "bedrock/nova-2-lite")
    assert nova.encoding_name == "o200k_base" and nova.approximate and nova.model_family
    with pytest.raises(ValueError, match="unknown encoding"):
        core.analyze_jsonl(data, "openai/gpt-4o-mini", encoding="p50k_base")


# ---------------------------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (openai_chat(), "openai_chat"),
        (bedrock(), "bedrock_conversation"),
        (vertex(), "vertex_gemini"),
        (preference(), "openai_preference"),
        ({"prompt": "a", "completion": "b"}, "bedrock_prompt_completion"),
    ],
)
def test_each_format_is_detected(record: dict[str, object], expected: str) -> None:
    assert core.detect_training_format(jsonl(record, record)) == expected


def test_detection_follows_most_lines_and_says_none_for_junk() -> None:
    assert core.detect_training_format(jsonl(bedrock(), bedrock(), openai_chat())) == "bedrock_conversation"
    assert core.detect_training_format(b"not json\n{}\n[1, 2]\n") is None
    assert core.detect_training_format(b"") is None


# ---------------------------------------------------------------------------------------------- each format's rules


def test_bedrock_rules_hand_checked() -> None:
    assert check_record("bedrock_conversation", bedrock())[0] == set()
    starts_with_assistant = bedrock()
    starts_with_assistant["messages"] = list(reversed(starts_with_assistant["messages"]))  # type: ignore[call-overload]
    assert "bedrock_role_order" in check_record("bedrock_conversation", starts_with_assistant)[0]
    two_users = bedrock()
    two_users["messages"].insert(0, {"role": "user", "content": [{"text": "hi"}]})  # type: ignore[attr-defined]
    assert "bedrock_role_order" in check_record("bedrock_conversation", two_users)[0]
    assert "bedrock_reserved_word" in check_record("bedrock_conversation", bedrock("User: hello"))[0]
    string_content = bedrock()
    string_content["messages"][0]["content"] = "plain"  # type: ignore[index]
    assert "bedrock_bad_shape" in check_record("bedrock_conversation", string_content)[0]
    tool = bedrock()
    tool["messages"][1]["content"] = [{"toolUse": {"name": "f"}}]  # type: ignore[index]
    assert "bedrock_tool_use" in check_record("bedrock_conversation", tool)[0]


def test_vertex_rules_hand_checked() -> None:
    errors, _, messages = check_record("vertex_gemini", vertex())
    assert errors == set() and messages is not None
    assert [m["role"] for m in messages] == ["system", "user", "assistant"]
    wrong_role = vertex()
    wrong_role["contents"][1]["role"] = "assistant"  # type: ignore[index]
    assert "vertex_unrecognized_role" in check_record("vertex_gemini", wrong_role)[0]
    assert "vertex_bad_shape" in check_record("vertex_gemini", {"contents": []})[0]


def test_prompt_completion_and_preference_rules_hand_checked() -> None:
    assert check_record("bedrock_prompt_completion", {"prompt": "a", "completion": "b"})[0] == set()
    extra = {"prompt": "a", "completion": "b", "system": "c"}
    assert check_record("bedrock_prompt_completion", extra)[0] == {"prompt_completion_shape"}
    assert check_record("bedrock_prompt_completion", {"prompt": "", "completion": "b"})[0]
    assert check_record("openai_preference", preference())[0] == set()
    two_outputs = preference()
    two_outputs["preferred_output"] = [{"role": "assistant", "content": "4"}] * 2
    assert "preference_bad_shape" in check_record("openai_preference", two_outputs)[0]


def test_the_checker_follows_the_offerings_format() -> None:
    nova = core.offering("bedrock/nova-2-lite")
    assert nova.training_formats == ("bedrock_conversation",)
    openai_on_nova = core.analyze_jsonl(jsonl(openai_chat()), "bedrock/nova-2-lite")
    assert openai_on_nova.format == "openai_chat" and openai_on_nova.format_accepted is False
    bedrock_on_nova = core.analyze_jsonl(jsonl(bedrock()), "bedrock/nova-2-lite")
    assert bedrock_on_nova.format_accepted is True and bedrock_on_nova.n_examples == 1
    reserved = core.analyze_jsonl(jsonl(bedrock(), bedrock("System: x")), "bedrock/nova-2-lite")
    assert reserved.errors == {"bedrock_reserved_word": [2]} and reserved.n_examples == 1
    # An offering no source covers: unknown, not enforced.
    assert core.offering("self-hosted/llama-3.1-8b-h100").training_formats == ()
    unknown = core.analyze_jsonl(jsonl(openai_chat()), "self-hosted/llama-3.1-8b-h100")
    assert unknown.format_accepted is None


def test_a_preference_file_on_an_offering_that_takes_none() -> None:
    report = core.analyze_jsonl(jsonl(preference(), preference("b")), "bedrock/nova-2-lite")
    assert report.format == "openai_preference" and report.format_accepted is False
    on_openai = core.analyze_jsonl(jsonl(preference()), "openai/gpt-4.1-mini")
    assert on_openai.format_accepted is True and on_openai.n_examples == 1


def test_a_file_mixing_formats_names_the_odd_lines() -> None:
    report = core.analyze_jsonl(jsonl(openai_chat(), bedrock(), openai_chat(), vertex()), "openai/gpt-4o-mini")
    assert report.format == "openai_chat"
    assert report.errors == {"other_format": [2, 4]} and report.n_examples == 2


# ---------------------------------------------------------------------------------------------- conversion


def test_openai_to_bedrock_and_back_keeps_the_messages() -> None:
    multi = {
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "a"},
            {"role": "assistant", "content": "b"},
            {"role": "user", "content": "c"},
            {"role": "assistant", "content": "d"},
        ]
    }
    original = jsonl(openai_chat(), multi)
    to_bedrock = core.convert_training_file(original, "bedrock_conversation")
    assert to_bedrock.source_format == "openai_chat" and to_bedrock.examples == 2 and to_bedrock.dropped == []
    assert core.analyze_jsonl(to_bedrock.data, "bedrock/nova-2-lite").format_accepted is True
    back = core.convert_training_file(to_bedrock.data, "openai_chat")
    assert back.dropped == []
    assert [json.loads(line) for line in back.data.splitlines()] == [openai_chat(), multi]


def test_to_vertex_and_prompt_completion() -> None:
    gemini = core.convert_training_file(jsonl(openai_chat()), "vertex_gemini")
    assert json.loads(gemini.data) == vertex()
    pc = core.convert_training_file(jsonl(openai_chat()), "bedrock_prompt_completion")
    assert json.loads(pc.data) == {"prompt": SYSTEM + "\n\nWhat is 2+2?", "completion": "4"}
    assert pc.dropped_counts == {"system_in_prompt": 1}


def test_conversion_reports_every_loss_with_its_line() -> None:
    lossy = {
        "messages": [
            {"role": "system", "content": "one"},
            {"role": "system", "content": "two"},
            {"role": "user", "content": "q", "name": "ann"},
            {"role": "user", "content": "more"},
            {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}},
            {"role": "function", "name": "f", "content": "42"},
            {"role": "assistant", "content": "It is 42.", "weight": 1},
        ]
    }
    result = core.convert_training_file(jsonl(openai_chat(), lossy, "not a record"), "bedrock_conversation")
    assert result.examples == 2
    assert result.dropped_counts == {
        "unknown_format": 1,
        "name": 1,
        "several_system": 1,
        "consecutive_turns": 1,
        "tool_calls": 1,
        "weight": 1,
    }
    assert any("line(s) 2" in line and "tool or function calls" in line for line in result.dropped)
    written = json.loads(result.data.splitlines()[1])
    assert written["system"] == [{"text": "one\n\ntwo"}]
    assert [m["role"] for m in written["messages"]] == ["user", "assistant"]


def test_a_conversion_never_writes_a_record_the_target_refuses() -> None:
    reserved = openai_chat("System: reply in JSON")
    result = core.convert_training_file(jsonl(openai_chat(), reserved), "bedrock_conversation")
    assert result.examples == 1 and result.dropped_counts == {"refused_by_target": 1}
    no_pair = core.convert_training_file(jsonl(openai_chat()), "openai_preference")
    assert no_pair.examples == 0 and no_pair.data == b"" and no_pair.dropped_counts == {"no_preference": 1}
    dpo = core.convert_training_file(jsonl(preference()), "bedrock_conversation")
    assert dpo.examples == 1 and dpo.dropped_counts == {"rejected_reply": 1}


def test_bad_input_converts_the_rest_without_raising() -> None:
    deep = b"[" * 1000 + b"]" * 1000
    many = {"messages": [{"role": "user" if i % 2 == 0 else "assistant", "content": "x"} for i in range(10_000)]}
    data = jsonl(openai_chat()) + b"\xff\xfe bad\n" + deep + b"\n" + jsonl(many) + b'{"messages": [\n'
    result = core.convert_training_file(data, "bedrock_conversation")
    assert result.examples == 2
    # Line 2 is not UTF-8, line 3 is nested a thousand deep (too deep to read, or no record if it is read), and
    # the last line is cut off: each is reported, and the two good records are still written.
    assert sum(result.dropped_counts.values()) == 3 and result.dropped_counts.get("unreadable", 0) >= 2
    report = core.analyze_jsonl(data, "openai/gpt-4o-mini")
    assert report.n_examples == 2 and report.error_counts["invalid_utf8"] == 1
    with pytest.raises(ValueError, match="unknown training format"):
        core.convert_training_file(data, "csv")


def test_every_rule_and_offering_format_names_a_source_and_date() -> None:
    for rule in core.format_rules():
        assert rule.source and rule.as_of[:4].isdigit() and rule.confidence in {"V", "S"}
    for offering in core.fine_tuning_offerings():
        if offering.training_formats:
            assert core.formats_source(offering.id)


def test_the_minimum_example_count_follows_the_format() -> None:
    # OpenAI's 10 applies to its chat format; Bedrock publishes none in our sources, so none is claimed.
    assert "too_few_examples" in core.analyze_jsonl(jsonl(openai_chat()), "openai/gpt-4o-mini").dataset_warnings
    nova = core.analyze_jsonl(jsonl(bedrock()), "bedrock/nova-2-lite").dataset_warnings
    assert "too_few_examples" not in nova and "few_examples" in nova
    dpo = core.analyze_jsonl(jsonl(preference(), preference("b")), "fireworks/llama-3.1-8b").dataset_warnings
    assert "fewer than 3 examples" in dpo["too_few_examples"]


def test_a_50_mb_file_converts_whole() -> None:
    line = json.dumps(openai_chat("q" * 1000, "a" * 1000)).encode()
    data = b"\n".join([line] * (50_000_000 // len(line) + 1))
    assert len(data) > 50_000_000
    result = core.convert_training_file(data, "vertex_gemini")
    assert result.examples == data.count(b"\n") + 1 and result.dropped == []


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)
_blocks = st.lists(st.fixed_dictionaries({"text": st.text(max_size=12)}) | _values, max_size=3)
_turn = st.fixed_dictionaries(
    {
        "role": st.sampled_from(["user", "assistant", "model", "system", "tool"]) | _values,
        "content": st.text() | _blocks,
    }
)
_records = st.one_of(
    st.fixed_dictionaries({"messages": st.lists(_turn, max_size=4)}),
    st.fixed_dictionaries(
        {
            "schemaVersion": st.just("bedrock-conversation-2024"),
            "system": _blocks,
            "messages": st.lists(_turn, max_size=4),
        }
    ),
    st.fixed_dictionaries(
        {
            "contents": st.lists(
                st.fixed_dictionaries({"role": _values | st.just("model"), "parts": _blocks}), max_size=3
            )
        }
    ),
    st.fixed_dictionaries(
        {
            "input": st.fixed_dictionaries({"messages": st.lists(_turn, max_size=3)}) | _values,
            "preferred_output": st.lists(_turn, max_size=2),
            "non_preferred_output": st.lists(_turn, max_size=2),
        }
    ),
    st.fixed_dictionaries({"prompt": _values, "completion": _values}),
    _values,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_records, max_size=6), st.sampled_from(core.TRAINING_FORMATS))
def test_any_records_convert_without_raising_and_every_written_record_passes(values: list[object], target: str) -> None:
    data = jsonl(*values)
    result = core.convert_training_file(data, target)
    written = [json.loads(line) for line in result.data.splitlines()]
    assert len(written) == result.examples <= result.lines
    assert all(not check_record(target, record)[0] for record in written)
    core.analyze_jsonl(data, "bedrock/nova-2-lite")


@pytest.mark.parametrize(
    ("record", "offering_id"),
    [
        (openai_chat(), "openai/gpt-4o-mini"),
        (bedrock(), "bedrock/nova-2-lite"),
        (vertex(), "vertex/gemini-2.5-flash"),
        ({"prompt": "What is 2+2?", "completion": "4"}, "bedrock/llama-3.1-8b-pt"),
        (preference(), "together/llama-3.1-8b"),
    ],
)
def test_every_format_hands_off_to_the_estimate(record: dict[str, object], offering_id: str) -> None:
    report = core.analyze_jsonl(jsonl(record, record), offering_id)
    assert report.format_accepted is True and report.n_examples == 2
    changes = core.dataset_to_scenario(report, "auto")
    assert changes[("fine_tuning", "training_examples")] == 2
    assert changes[("fine_tuning", "offering")] == offering_id
    assert changes[("workload", "output_tokens")] >= 1
