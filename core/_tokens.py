"""Token counting with tiktoken, built only from the tokenizer files vendored in `assets/tokenizers/`.

Which encoding a model uses follows tiktoken's own model table, applied to the *base* model of a fine-tune
(`ft:gpt-4.1-nano-...` counts like `gpt-4.1-nano`). Models tiktoken does not know (Claude, Llama, a typo ...)
are counted with o200k_base: an approximation, since their real tokenizers are not public or not vendored.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

import tiktoken
import tiktoken.model

from core._base import asset_path, base_model_name

TOKENIZER_DIR = asset_path("tokenizers")
FALLBACK_ENCODING = "o200k_base"
VENDORED_ENCODINGS: tuple[str, ...] = ("o200k_base", "cl100k_base")

# The cookbook's chat rule ("How to count tokens with tiktoken"): fixed tokens around every message.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMER_TOKENS = 3

_ENDOFTEXT = "<|endoftext|>"
_FIM_PREFIX = "<|fim_prefix|>"
_FIM_MIDDLE = "<|fim_middle|>"
_FIM_SUFFIX = "<|fim_suffix|>"
_ENDOFPROMPT = "<|endofprompt|>"

# Split patterns and special tokens as in tiktoken_ext/openai_public.py (tiktoken 0.14).
_PATTERNS: dict[str, str] = {
    "cl100k_base": (
        r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|"""
        r"""\s*[\r\n]|\s+(?!\S)|\s"""
    ),
    "o200k_base": "|".join(
        [
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""\p{N}{1,3}""",
            r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
            r"""\s*[\r\n]+""",
            r"""\s+(?!\S)""",
            r"""\s+""",
        ]
    ),
}
_SPECIAL_TOKENS: dict[str, dict[str, int]] = {
    "cl100k_base": {
        _ENDOFTEXT: 100257,
        _FIM_PREFIX: 100258,
        _FIM_MIDDLE: 100259,
        _FIM_SUFFIX: 100260,
        _ENDOFPROMPT: 100276,
    },
    "o200k_base": {_ENDOFTEXT: 199999, _ENDOFPROMPT: 200018},
}


class TokenizerFileError(RuntimeError):
    """A vendored tokenizer file is missing, unlisted in SHA256SUMS, or does not match its checksum."""


def _expected_sha256(encoding_name: str) -> str:
    # SHA256SUMS lists the hash of the uncompressed file, in `sha256sum` format.
    sums_path = TOKENIZER_DIR / "SHA256SUMS"
    for line in sums_path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == f"{encoding_name}.tiktoken":
            return parts[0].lower()
    raise TokenizerFileError(f"{sums_path} has no checksum for {encoding_name}.tiktoken")


def _load_ranks(encoding_name: str) -> dict[bytes, int]:
    path = TOKENIZER_DIR / f"{encoding_name}.tiktoken.gz"
    if not path.is_file():
        raise TokenizerFileError(f"Tokenizer file {path} is missing; it ships with the repository.")
    contents = gzip.decompress(path.read_bytes())
    expected = _expected_sha256(encoding_name)
    actual = hashlib.sha256(contents).hexdigest()
    if actual != expected:
        raise TokenizerFileError(
            f"Tokenizer file {path.name} does not match SHA256SUMS (expected {expected}, got {actual}); "
            "the file is corrupt or was replaced."
        )
    ranks: dict[bytes, int] = {}
    for line in contents.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@cache
def get_encoding(encoding_name: str) -> tiktoken.Encoding:
    """Build a vendored encoding (o200k_base or cl100k_base) from disk, checksum-checked, once per process.

    functools.cache makes repeat calls free; two threads racing on the first call may both build it, which is
    harmless (the result is identical and tiktoken.Encoding is safe to share between threads).
    """
    if encoding_name not in VENDORED_ENCODINGS:
        raise ValueError(f"Unknown encoding {encoding_name!r}; vendored: {', '.join(VENDORED_ENCODINGS)}")
    return tiktoken.Encoding(
        name=encoding_name,
        pat_str=_PATTERNS[encoding_name],
        mergeable_ranks=_load_ranks(encoding_name),
        special_tokens=_SPECIAL_TOKENS[encoding_name],
    )


@lru_cache(maxsize=4096)
def encoding_name_for_model(model: str) -> str:
    """The vendored encoding used to count tokens for `model`; unknown models fall back to o200k_base."""
    base = base_model_name(model)
    try:
        name = tiktoken.model.encoding_name_for_model(base)
    except KeyError:
        return FALLBACK_ENCODING
    # o200k_harmony (gpt-oss) only adds special tokens to o200k_base, so ordinary text counts the same.
    return name if name in VENDORED_ENCODINGS else FALLBACK_ENCODING


def encoding_for_model(model: str) -> tiktoken.Encoding:
    """The tiktoken Encoding for `model` (o200k_base or cl100k_base), loaded from the vendored files."""
    return get_encoding(encoding_name_for_model(model))


def count_tokens(text: str, model: str = "gpt-4o-mini") -> int:
    """Tokens in `text` for `model`; special-token text such as <|endoftext|> counts as plain text."""
    return len(get_encoding(encoding_name_for_model(model)).encode_ordinary(text))


def count_chat_tokens(messages: Sequence[Mapping[str, object]], model: str) -> int:
    """Prompt tokens of a chat request: each message's values, +3 per message, +1 per `name`, +3 reply primer.

    Values that are not strings (e.g. a `weight` number or a tool-call dict) are skipped, as the API does not
    bill them as message text.
    """
    encoding = get_encoding(encoding_name_for_model(model))
    total = REPLY_PRIMER_TOKENS
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if isinstance(value, str):
                total += len(encoding.encode_ordinary(value))
            if key == "name":
                total += TOKENS_PER_NAME
    return total
