"""Token counting from the vendored tokenizer files."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import pytest

import core
from core import _tokens

# The six-message example from OpenAI's cookbook "How to count tokens with tiktoken"
# (openai/openai-cookbook, examples/How_to_count_tokens_with_tiktoken.ipynb), copied verbatim.
COOKBOOK_MESSAGES = [
    {
        "role": "system",
        "content": "You are a helpful, pattern-following assistant that translates corporate jargon "
        "into plain English.",
    },
    {
        "role": "system",
        "name": "example_user",
        "content": "New synergies will help drive top-line growth.",
    },
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Things working well together will increase revenue.",
    },
    {
        "role": "system",
        "name": "example_user",
        "content": "Let's circle back when we have more bandwidth to touch base on opportunities for "
        "increased leverage.",
    },
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Let's talk later when we're less busy about how to do better.",
    },
    {
        "role": "user",
        "content": "This late pivot means we don't have time to boil the ocean for the client deliverable.",
    },
]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        # The cookbook reports 124 prompt tokens for the gpt-4o family and 129 for gpt-4 / gpt-3.5-turbo-0613.
        ("gpt-4o-mini", 124),
        ("gpt-4o", 124),
        ("gpt-4", 129),
        ("gpt-3.5-turbo-0613", 129),
    ],
)
def test_cookbook_chat_example(model: str, expected: int) -> None:
    assert core.count_chat_tokens(COOKBOOK_MESSAGES, model) == expected


def test_chat_overhead_rule() -> None:
    # "hi" and "user" are 1 token each: 3 per message + 3 primer = 8; a name adds 1 + its own tokens.
    assert core.count_chat_tokens([{"role": "user", "content": "hi"}], "gpt-4o") == 3 + 1 + 1 + 3
    named = [{"role": "user", "name": "bob", "content": "hi"}]
    assert core.count_chat_tokens(named, "gpt-4o") == 3 + 1 + 1 + (1 + 1) + 3


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o-mini", "o200k_base"),
        ("gpt-4.1-nano-2025-04-14", "o200k_base"),
        ("ft:gpt-4.1-nano-2025-04-14:acme::abc123", "o200k_base"),  # tiktoken alone would say cl100k
        ("ft:gpt-4o-mini-2024-07-18", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("o3", "o200k_base"),
        ("gpt-4", "cl100k_base"),
        ("ft:gpt-3.5-turbo-0125:acme::x", "cl100k_base"),
        ("text-embedding-3-small", "cl100k_base"),
        ("text-embedding-ada-002", "cl100k_base"),
        ("claude-3-5-sonnet", "o200k_base"),  # unknown to tiktoken: documented o200k fallback
        ("  GPT-4  ", "cl100k_base"),
    ],
)
def test_encoding_for_model(model: str, encoding: str) -> None:
    assert core.encoding_for_model(model).name == encoding


def test_counts_plain_and_special_text() -> None:
    assert core.count_tokens("hello world") == 2
    assert core.count_tokens("") == 0
    # Special-token text is ordinary text here: several tokens, and no exception.
    assert core.count_tokens("<|endoftext|>", "gpt-4") > 1
    assert core.count_tokens("<|endoftext|>", "gpt-4o") > 1


def test_encoding_is_loaded_once() -> None:
    assert core.encoding_for_model("gpt-4o") is core.encoding_for_model("gpt-4o-mini")


def test_vendored_files_match_sha256sums() -> None:
    sums = dict(reversed(line.split()) for line in (_tokens.TOKENIZER_DIR / "SHA256SUMS").read_text().splitlines())
    for name in _tokens.VENDORED_ENCODINGS:
        raw = gzip.decompress((_tokens.TOKENIZER_DIR / f"{name}.tiktoken.gz").read_bytes())
        assert hashlib.sha256(raw).hexdigest() == sums[f"{name}.tiktoken"]


def test_checksum_mismatch_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(_tokens.TOKENIZER_DIR / "cl100k_base.tiktoken.gz", tmp_path / "cl100k_base.tiktoken.gz")
    (tmp_path / "SHA256SUMS").write_text(f"{'0' * 64}  cl100k_base.tiktoken\n")
    monkeypatch.setattr(_tokens, "TOKENIZER_DIR", tmp_path)
    with pytest.raises(core.TokenizerFileError, match="does not match SHA256SUMS"):
        _tokens._load_ranks("cl100k_base")


def test_missing_file_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_tokens, "TOKENIZER_DIR", tmp_path)
    with pytest.raises(core.TokenizerFileError, match="missing"):
        _tokens._load_ranks("o200k_base")
