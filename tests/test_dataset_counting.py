"""The file checker counts many strings in one tokenizer call (joined by a special token); every count must be
exactly what `encode_ordinary` gives for that string alone, whatever the strings contain."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
import core._dataset as dataset_module
from core._tokens import count_chat_tokens, get_encoding

# What can straddle a join if the separator were not a hard boundary: trailing spaces, newlines, punctuation
# runs, digits, contractions, marks; plus the separator itself, other special tokens and a lone surrogate.
AWKWARD = [
    "",
    " ",
    "  ",
    "\n",
    "\r\n\r\n",
    "end.",
    "...",
    "12",
    "345",
    "'s",
    "it's",
    "é",
    "\u0301",
    "/\n",
    "<|endoftext|>",
    "a<|endoftext|>b",
    "<|endofprompt|>",
    "<|fim_prefix|>x",
    "<|",
    "|>",
    "lone \ud800 surrogate",
    "日本語のテキスト",
    "😀😀",
]


def plain_counts(encoding_name: str, texts: list[str]) -> list[int]:
    encoding = get_encoding(encoding_name)
    return [len(encoding.encode_ordinary(text)) for text in texts]


@pytest.mark.parametrize("encoding_name", ["o200k_base", "cl100k_base"])
def test_every_pair_of_awkward_strings_counts_as_alone(encoding_name: str) -> None:
    texts = [a + b for a in AWKWARD for b in AWKWARD]
    encoding = get_encoding(encoding_name)
    # Without the surrogate and the separator, the texts take the one-call path; with them, the fallback.
    clean = [t for t in texts if "\ud800" not in t and "<|endoftext|>" not in t]
    assert dataset_module._count_each(encoding, clean) == plain_counts(encoding_name, clean)
    assert dataset_module._count_each(encoding, texts) == plain_counts(encoding_name, texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*AWKWARD, "a", "B", "0", "\t", "-", "x y"])).map("".join), max_size=12))
def test_generated_strings_count_as_alone(texts: list[str]) -> None:
    encoding = get_encoding("o200k_base")
    assert dataset_module._count_each(encoding, texts) == plain_counts("o200k_base", texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), max_size=8))
def test_arbitrary_unicode_counts_as_alone(texts: list[str]) -> None:
    encoding = get_encoding("cl100k_base")
    assert dataset_module._count_each(encoding, texts) == plain_counts("cl100k_base", texts)


def test_a_file_of_awkward_messages_gives_the_plain_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small batches and a tiny cache, so strings meet in many different joins and are counted more than once.
    monkeypatch.setattr(dataset_module, "LINES_PER_BATCH", 7)
    monkeypatch.setattr(dataset_module, "MAX_CACHED_CHARS", 50)
    examples = []
    for index, text in enumerate(AWKWARD):
        messages = [
            {"role": "system", "content": text + " rules"},
            {"role": "user", "content": f"{index}{text}", "name": "ann" + text.strip()},
            {"role": "assistant", "content": text or "fine."},
        ]
        examples.append(messages)
    data = "\n".join(json.dumps({"messages": m}) for m in examples).encode("utf-8")
    report = core.analyze_jsonl(data, "openai/gpt-4o-mini")
    assert report.n_examples == len(AWKWARD), report.error_counts
    expected = sorted(count_chat_tokens(m, "gpt-4o-mini") for m in examples)
    assert report.billed_tokens_per_epoch == sum(expected)
    assert report.example_tokens is not None
    assert (report.example_tokens.minimum, report.example_tokens.maximum) == (expected[0], expected[-1])
