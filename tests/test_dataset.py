"""Tests for core.analyze_jsonl: malformed files give the right errors on the right lines, and never raise;
token counts and cost on small files match a hand computation with the raw encoding."""

from __future__ import annotations

import json
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
import core._dataset as dataset_module
from core._tokens import count_chat_tokens, get_encoding


def line(value: object) -> bytes:
    return json.dumps(value).encode("utf-8")


def example(user: str = "How do I reset my key?", answer: str = "Open Settings, then API keys.") -> dict[str, object]:
    return {
        "messages": [
            {"role": "system", "content": "You are a support agent."},
            {"role": "user", "content": user},
            {"role": "assistant", "content": answer},
        ]
    }


def jsonl(*lines: bytes) -> bytes:
    return b"\n".join(lines) + b"\n"


# ------------------------------------------------------------------------------------------- malformed files


def test_each_error_kind_is_reported_on_its_line() -> None:
    assistant = {"role": "assistant", "content": "ok"}
    lines = [
        line(example()),  # 1 valid
        b"",  # 2 blank, ignored
        b'{"messages": [{"role": "user", "content": "hi"}',  # 3 invalid_json
        line([1, 2, 3]),  # 4 data_type
        line({"messages": []}),  # 5 missing_messages_list
        line({"messages": [{"content": "no role"}, assistant]}),  # 6 message_missing_key + unrecognized_role
        line({"messages": [{"role": "user", "content": "hi", "mood": "sad"}, assistant]}),  # 7 unrecognized key
        line({"messages": [{"role": "tool", "content": "hi"}, assistant]}),  # 8 unrecognized_role
        line({"messages": [{"role": "user", "content": ""}, assistant]}),  # 9 missing_content
        line({"messages": [{"role": "user", "content": "hi"}]}),  # 10 example_missing_assistant_message
        b'{"messages": "\xff\xfe"}',  # 11 invalid_utf8
        b"[" * 100_000 + b"]" * 100_000,  # 12 deeply nested: RecursionError inside json
        b"1" * 5000,  # 13 an integer longer than Python parses by default
        line({"messages": [{"role": ["user"], "content": "hi"}, assistant]}),  # 14 unhashable role
        line({"messages": ["just a string", assistant]}),  # 15 a message that is not an object
        line({"messages": [{"role": "user", "content": ["a", "list"]}, assistant]}),  # 16 content not text
        line({"messages": {"role": "user"}}),  # 17 messages is not a list
        b"   \t  ",  # 18 whitespace only, ignored
        line(example()),  # 19 valid
        b'{"messages": [{"role": "user", "content": "cut off here',  # 20 truncated last line, no newline
    ]
    report = core.analyze_jsonl(b"\n".join(lines))

    assert report.file_error is None
    assert report.errors == {
        "invalid_json": [3, 12, 13, 20],
        "data_type": [4, 15],
        "missing_messages_list": [5, 17],
        "message_missing_key": [6],
        "unrecognized_role": [6, 8, 14],
        "message_unrecognized_key": [7],
        "missing_content": [9, 16],
        "example_missing_assistant_message": [10],
        "invalid_utf8": [11],
    }
    assert report.error_counts == {kind: len(lines) for kind, lines in report.errors.items()}
    assert report.n_examples == 2
    assert report.n_lines == 18  # 20 lines, two blank
    assert set(report.errors) <= set(core.DATASET_ERROR_KINDS)


def test_warnings_for_missing_system_or_user_message() -> None:
    no_system = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
    no_user = {"messages": [{"role": "system", "content": "be brief"}, {"role": "assistant", "content": "ok"}]}
    report = core.analyze_jsonl(jsonl(line(example()), line(no_system), line(no_user), line(no_system)))
    assert report.warnings == {"missing_system_message": [2, 4], "missing_user_message": [3]}
    assert report.warning_counts == {"missing_system_message": 2, "missing_user_message": 1}
    assert report.errors == {}
    assert report.n_examples == 4  # warnings do not make an example invalid


def test_function_call_message_may_omit_content() -> None:
    call = {"role": "assistant", "function_call": {"name": "refund", "arguments": "{}"}}
    good = {"messages": [{"role": "user", "content": "refund me"}, call]}
    bad = {"messages": [{"role": "user", "content": "refund me"}, {"role": "assistant"}]}
    report = core.analyze_jsonl(jsonl(line(good), line(bad)))
    assert report.errors == {"message_missing_key": [2], "missing_content": [2]}
    assert report.n_examples == 1


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n"])
def test_empty_file_is_a_file_error(data: bytes) -> None:
    report = core.analyze_jsonl(data)
    assert report.file_error is not None and "empty" in report.file_error
    assert report.n_examples == 0 and report.errors == {}
    assert report.training_cost_usd is None or report.training_cost_usd == 0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_one_clear_file_error(encoding: str) -> None:
    data = "\n".join(json.dumps(example()) for _ in range(50)).encode(encoding)
    report = core.analyze_jsonl(data)
    assert report.file_error is not None
    assert "UTF-16" in report.file_error and "UTF-8" in report.file_error
    assert report.errors == {}


def test_compressed_file_is_a_file_error() -> None:
    report = core.analyze_jsonl(b"PK\x03\x04" + b"\x00" * 100)
    assert report.file_error is not None and "compressed" in report.file_error


def test_utf8_bom_crlf_and_blank_lines_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + line(example()) + b"\r\n\r\n" + line(example("Second?")) + b"\r\n"
    report = core.analyze_jsonl(data)
    assert report.errors == {}
    assert report.n_examples == 2


def test_binary_junk_gives_errors_not_an_exception() -> None:
    junk = b"\x89PNG" + random.Random(3).randbytes(300_000)
    n_lines = junk.count(b"\n") + 1
    report = core.analyze_jsonl(junk)
    assert report.n_examples == 0
    assert sum(report.error_counts.values()) >= 1
    assert all(1 <= number <= n_lines for numbers in report.errors.values() for number in numbers)


def test_a_50_mb_line_is_rejected_quickly_and_the_rest_still_counts() -> None:
    huge = b'{"messages": [{"role": "user", "content": "' + b"a" * 50_000_000 + b'"}]}'
    start = time.perf_counter()
    report = core.analyze_jsonl(jsonl(huge, line(example())))
    elapsed = time.perf_counter() - start
    assert report.errors == {"line_too_long": [1]}
    assert report.n_examples == 1
    assert elapsed < 5.0  # the line is skipped after the newline search, never parsed or tokenized


def test_stored_line_numbers_are_capped_but_counts_are_full() -> None:
    cap = dataset_module.MAX_LINE_NUMBERS_PER_KIND
    data = jsonl(*([b"not json"] * (cap + 500)))
    report = core.analyze_jsonl(data)
    assert report.error_counts == {"invalid_json": cap + 500}
    assert report.errors["invalid_json"] == list(range(1, cap + 1))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    report = core.analyze_jsonl(data)
    assert report.n_examples >= 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
message_like = st.dictionaries(
    st.sampled_from(["role", "content", "name", "function_call", "weight", "other"]), json_values, max_size=4
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({"messages": st.lists(message_like, max_size=4)}) | json_values, max_size=8))
def test_never_raises_on_arbitrary_json_lines(values: list[object]) -> None:
    report = core.analyze_jsonl(b"\n".join(line(value) for value in values))
    assert report.n_examples + sum(report.error_counts.values()) >= report.n_examples


# ------------------------------------------------------------------------------------------- numbers


def hand_count(messages: list[dict[str, str]], encoding_name: str) -> int:
    """The cookbook rule written out: 3 per message + each value's tokens + 1 per name, + 3 reply primer."""
    encoding = get_encoding(encoding_name)
    total = 3
    for message in messages:
        total += 3
        for key, value in message.items():
            total += len(encoding.encode(value))
            if key == "name":
                total += 1
    return total


def test_tokens_and_cost_match_a_hand_computation() -> None:
    examples = [
        example("How do I reset my API key?", "Go to Settings, then API keys, then Regenerate."),
        example("Can I get a refund after 40 days?", "Refunds are possible within 30 days of purchase."),
        {
            "messages": [
                {"role": "user", "content": "Hi", "name": "ana"},
                {"role": "assistant", "content": "Hello! How can I help you today?"},
            ]
        },
    ]
    report = core.analyze_jsonl(
        jsonl(*(line(e) for e in examples)),
        "openai/gpt-4o-mini",
        price_overrides={"openai/gpt-4o-mini": core.OfferingPrice(training_usd_per_mtok=8.0)},
    )
    o200k = get_encoding("o200k_base")
    expected = [hand_count(e["messages"], "o200k_base") for e in examples]  # type: ignore[arg-type]
    assert expected == [count_chat_tokens(e["messages"], "gpt-4o-mini") for e in examples]  # type: ignore[arg-type]
    ordered = sorted(expected)

    assert report.encoding_name == "o200k_base"
    assert report.n_examples == 3
    assert report.example_tokens is not None
    assert report.example_tokens.minimum == ordered[0]
    assert report.example_tokens.maximum == ordered[2]
    assert report.example_tokens.median == ordered[1]
    # numpy's linear p90 on three values: position 1.8, between the 2nd and 3rd.
    assert report.example_tokens.p90 == pytest.approx(ordered[1] + 0.8 * (ordered[2] - ordered[1]))
    assert report.billed_tokens_per_epoch == sum(expected)
    # 3 examples × 3 epochs = 9 < 100, so the cookbook picks min(25, 100 // 3) = 25 epochs.
    assert report.epochs == 25
    assert report.billed_tokens == 25 * sum(expected)
    assert report.training_usd_per_mtok == 8.0
    assert report.training_cost_usd is not None
    assert round(report.training_cost_usd, 2) == round(25 * sum(expected) * 8.0 / 1_000_000, 2)
    assert report.training_cost_usd == pytest.approx(25 * sum(expected) * 8.0 / 1_000_000)

    answers = [len(o200k.encode(e["messages"][-1]["content"])) for e in examples]  # type: ignore[index]
    assert report.mean_assistant_tokens == pytest.approx(sum(answers) / 3)
    assert report.assistant_tokens is not None and report.assistant_tokens.maximum == max(answers)
    # Only the first two examples have a system prompt; the mean is over those.
    assert report.mean_system_prompt_tokens == len(o200k.encode("You are a support agent."))
    assert "too_few_examples" in report.dataset_warnings


def test_the_offerings_training_price_is_used_without_override() -> None:
    report = core.analyze_jsonl(jsonl(line(example())), "openai/gpt-4o-mini", epochs=2)
    expected = hand_count(example()["messages"], "o200k_base")  # type: ignore[arg-type]
    assert report.epochs == 2 and report.offering == "openai/gpt-4o-mini" and report.model == "gpt-4o-mini"
    assert report.training_usd_per_mtok == 3.0  # OpenAI's gpt-4o-mini training $3.00 / 1M
    assert report.training_cost_usd == pytest.approx(expected * 2 * 3.0 / 1_000_000)


def test_a_minimum_charge_per_job_applies() -> None:
    # Together's $4 minimum: one short example at $0.48 per 1M tokens costs far less.
    report = core.analyze_jsonl(jsonl(line(example())), "together/llama-3.1-8b", epochs=3)
    assert report.training_usd_per_mtok == 0.48 and report.training_cost_usd == 4.0


def test_over_limit_examples_are_billed_up_to_the_limit() -> None:
    long_answer = " hello" * 70_000
    examples = [example(), example(answer=long_answer)]
    report = core.analyze_jsonl(jsonl(*(line(e) for e in examples)), "openai/gpt-4o")
    tokens = [hand_count(e["messages"], "o200k_base") for e in examples]  # type: ignore[arg-type]
    assert report.encoding_name == "o200k_base"
    assert report.token_limit == 65_536
    assert tokens[1] > 65_536
    assert report.n_over_limit == 1
    assert report.billed_tokens_per_epoch == tokens[0] + 65_536
    assert "over_token_limit" in report.dataset_warnings


def test_an_unpublished_price_or_limit_stays_unknown_rather_than_zero() -> None:
    report = core.analyze_jsonl(jsonl(line(example())), "bedrock/nova-pro")
    assert report.training_usd_per_mtok is None
    assert report.training_cost_usd is None
    assert report.token_limit is None
    assert report.billed_tokens_per_epoch == hand_count(example()["messages"], "o200k_base")  # type: ignore[arg-type]
    hourly = core.analyze_jsonl(jsonl(line(example())), "self-hosted/llama-3.1-8b-h100")
    assert hourly.training_per_hour and hourly.training_cost_usd is None


@pytest.mark.parametrize(
    ("n_examples", "code"),
    [
        (9, "too_few_examples"),
        (10, "few_examples"),
        (49, "few_examples"),
        (50, "below_recommended_examples"),
        (499, "below_recommended_examples"),
        (500, None),
    ],
)
def test_dataset_size_warnings(n_examples: int, code: str | None) -> None:
    report = core.analyze_jsonl(jsonl(*[line(example(f"question {i}")) for i in range(n_examples)]))
    size_codes = set(report.dataset_warnings) - {"over_token_limit"}
    assert size_codes == ({code} if code else set())


def test_cache_and_batches_do_not_change_the_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # More examples than one batch, a repeated system prompt, and a cache forced to clear all the time.
    examples = [example(f"Question number {i}?", f"Answer {i % 7}.") for i in range(2 * 2000 + 321)]
    data = jsonl(*(line(e) for e in examples))
    expected = sorted(count_chat_tokens(e["messages"], "gpt-4o-mini") for e in examples)  # type: ignore[arg-type]
    normal = core.analyze_jsonl(data)
    monkeypatch.setattr(dataset_module, "MAX_CACHED_CHARS", 10)
    tiny_cache = core.analyze_jsonl(data)
    for report in (normal, tiny_cache):
        assert report.billed_tokens_per_epoch == sum(expected)
        assert report.example_tokens is not None
        assert report.example_tokens.maximum == expected[-1]
        assert report.example_tokens.minimum == expected[0]


def test_progress_is_reported_at_most_about_100_times_and_ends_at_one() -> None:
    data = jsonl(*[line(example(f"q{i}")) for i in range(3000)])
    seen: list[float] = []
    core.analyze_jsonl(data, progress=seen.append)
    assert 2 <= len(seen) <= 102
    assert seen == sorted(seen)
    assert seen[-1] == 1.0 and all(0.0 <= value <= 1.0 for value in seen)


def test_histogram_bins_are_round_and_hold_every_example() -> None:
    bins = dataset_module.token_histogram([3, 14, 250])
    # 251 / 30 bins = 8.4 tokens, rounded up to a width of 10: bins [0, 10), [10, 20) ... [250, 260).
    assert len(bins) == 26
    assert (bins[0].lower, bins[0].upper, bins[0].count) == (0, 10, 1)
    assert bins[1].count == 1 and bins[-1].count == 1 and bins[-1].lower == 250
    assert sum(b.count for b in bins) == 3
    report = core.analyze_jsonl(jsonl(*[line(example("x" * i)) for i in range(1, 200)]))
    assert sum(b.count for b in report.token_histogram) == report.n_examples == 199
    assert len(report.token_histogram) <= 30


def test_token_limits_come_from_the_offering() -> None:
    assert core.fine_tuning_token_limit("openai/gpt-4o-mini") == 65_536
    assert core.fine_tuning_token_limit("azure/gpt-4.1-mini") == 65_536
    assert core.fine_tuning_token_limit("vertex/gemini-2.5-flash") == 131_072
    assert core.fine_tuning_token_limit("together/llama-3.1-8b") is None


def test_reprice_changes_epochs_and_price_without_rereading() -> None:
    line = json.dumps(
        {"messages": [{"role": "user", "content": "Hi there"}, {"role": "assistant", "content": "Hello, friend"}]}
    )
    data = ("\n".join([line] * 20) + "\n").encode()
    mine = {"openai/gpt-4o-mini": core.OfferingPrice(training_usd_per_mtok=10.0)}
    first = core.analyze_jsonl(data, "openai/gpt-4o-mini", epochs=3)
    again = core.reprice_dataset(first, 7, mine)
    direct = core.analyze_jsonl(data, "openai/gpt-4o-mini", epochs=7, price_overrides=mine)
    assert again == direct
    assert again.billed_tokens == first.billed_tokens_per_epoch * 7
    assert again.training_cost_usd == pytest.approx(first.billed_tokens_per_epoch * 7 * 10.0 / 1e6)
    auto = core.reprice_dataset(first, "auto")
    assert auto.epochs == 5  # 20 examples x 3 < 100 -> 100 // 20
