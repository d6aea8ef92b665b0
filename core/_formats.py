"""Training files as each provider takes them: recognise a record's format, check it against that format's rules,
and convert a file to another provider's format, reporting what could not carry over.

The rules, each with its source and date, are listed in assets/fine_tuning/training_format_rules.csv; a rule no
source gives is not enforced. Every record is read into one neutral shape (system texts, user/assistant turns, an
optional rejected reply) and written out in the target's shape; a written record the target's own check refuses is
left out and reported, never written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import Field

from core._base import Frozen, read_csv
from core._training_formats import TRAINING_FORMATS

FORMAT_LABELS: dict[str, str] = {
    "openai_chat": "OpenAI chat (also Azure, Together, Fireworks)",
    "openai_preference": "OpenAI preference (DPO)",
    "bedrock_conversation": "Bedrock conversation (Nova)",
    "bedrock_prompt_completion": "Bedrock prompt/completion (Llama and other custom models)",
    "vertex_gemini": "Vertex AI Gemini",
}
FORMAT_FILE_SUFFIX: dict[str, str] = {
    "openai_chat": "openai_chat",
    "openai_preference": "openai_preference",
    "bedrock_conversation": "bedrock_conversation",
    "bedrock_prompt_completion": "bedrock_prompt_completion",
    "vertex_gemini": "vertex_gemini",
}

# What each format-specific problem means, in the user's words (added to the checker's own kinds).
FORMAT_ERROR_KINDS: dict[str, str] = {
    "other_format": "The line is in another training format than the rest of the file.",
    "bedrock_bad_shape": (
        "A Bedrock record needs a `messages` list of turns whose `content` is a list of `{text}` blocks, and, if "
        "present, a `system` list of `{text}` blocks."
    ),
    "bedrock_role_order": (
        "Turns must be user and assistant, start with the user, end with the assistant, and alternate."
    ),
    "bedrock_reserved_word": (
        "A text holds a term Nova reserves (User:, Bot:, Assistant:, System:, <image>, <video>, [EOS]); the job "
        "would fail."
    ),
    "bedrock_tool_use": "A turn holds a tool call or tool result, which Nova 2.0 fine-tuning does not support.",
    "prompt_completion_shape": "A record needs a non-empty `prompt` and `completion` string and no other key.",
    "vertex_bad_shape": "A Gemini record needs `contents`: turns with a `parts` list of `{text}` parts.",
    "vertex_unrecognized_role": "A Gemini turn's role is not user or model.",
    "preference_bad_shape": (
        "A preference record needs `input.messages` and one assistant message in `preferred_output` and in "
        "`non_preferred_output`."
    ),
}
FORMAT_WARNING_KINDS: dict[str, str] = {
    "non_text_part": "A turn holds an image, file or other non-text part: kept, but not counted in the tokens.",
}

# Lines read to tell a file's format; a guard, so detection costs little on a big file.
DETECT_LINES = 200
MAX_DROPPED_LINES_LISTED = 1000

_NOVA_RESERVED = ("User:", "Bot:", "Assistant:", "System:", "<image>", "<video>", "[EOS]")
_UTF8_BOM = b"\xef\xbb\xbf"


class FormatRule(Frozen):
    """One rule of one training format, with where it comes from."""

    format: str
    rule: str
    value: str
    confidence: str
    source: str
    as_of: str


@cache
def format_rules() -> tuple[FormatRule, ...]:
    """Every sourced rule of every format (assets/fine_tuning/training_format_rules.csv)."""
    rules = tuple(FormatRule.model_validate(row) for row in read_csv("fine_tuning", "training_format_rules.csv"))
    for rule in rules:
        if rule.format not in TRAINING_FORMATS:
            raise ValueError(f"training_format_rules.csv names an unknown format: {rule.format}")
    return rules


def rules_for(fmt: str) -> tuple[FormatRule, ...]:
    """The sourced rules of one format."""
    return tuple(rule for rule in format_rules() if rule.format == fmt)


def format_min_examples(fmt: str) -> int | None:
    """The fewest examples a provider taking this format accepts, where a source gives it; None otherwise."""
    for rule in rules_for(fmt):
        if rule.rule == "min_examples":
            return int(rule.value)
    return None


# ---------------------------------------------------------------------------------------------- detection


def record_format(value: object) -> str | None:
    """The training format one parsed record is written in, judged by its keys; None if it is in none we know."""
    if not isinstance(value, dict):
        return None
    if "schemaVersion" in value:
        return "bedrock_conversation"
    if "contents" in value or "systemInstruction" in value:
        return "vertex_gemini"
    if "preferred_output" in value or "non_preferred_output" in value:
        return "openai_preference"
    messages = value.get("messages")
    if isinstance(messages, list):
        if isinstance(value.get("system"), list):
            return "bedrock_conversation"
        for message in messages:
            content = message.get("content") if isinstance(message, dict) else None
            if isinstance(content, list) and content:
                # Bedrock's blocks are {text}; OpenAI's content parts carry a "type".
                blocks = [b for b in content if isinstance(b, dict)]
                if blocks and not any("type" in b for b in blocks):
                    return "bedrock_conversation"
                break
        return "openai_chat"
    if "prompt" in value and "completion" in value:
        return "bedrock_prompt_completion"
    return None


def _lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, raw line) of the non-blank lines."""
    position = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    number = 0
    size = len(data)
    while position < size:
        end = data.find(b"\n", position)
        if end == -1:
            end = size
        number += 1
        raw = data[position:end]
        position = end + 1
        if raw.strip():
            yield number, raw


def _parse(raw: bytes) -> object:
    """A line as JSON; raises ValueError (also for invalid UTF-8 and very deep nesting)."""
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError as error:
        raise ValueError("nested too deeply") from error


def detect_training_format(data: bytes) -> str | None:
    """The format most of the file's first lines are written in; None when no line is in a format we know."""
    counts: dict[str, int] = {}
    for index, (_, raw) in enumerate(_lines(data)):
        if index >= DETECT_LINES:
            break
        if len(raw) > 4 * 1024 * 1024:
            continue
        try:
            fmt = record_format(_parse(raw))
        except ValueError:
            continue
        if fmt is not None:
            counts[fmt] = counts.get(fmt, 0) + 1
    if not counts:
        return None
    # Ties go to the order of TRAINING_FORMATS, so the answer never depends on dict order.
    return max(TRAINING_FORMATS, key=lambda f: (counts.get(f, 0), -TRAINING_FORMATS.index(f)))


# ---------------------------------------------------------------------------------------------- checking

ALLOWED_MESSAGE_KEYS = frozenset({"role", "content", "name", "function_call", "weight"})
ALLOWED_ROLES = frozenset({"system", "user", "assistant", "function"})

Messages = list[dict[str, Any]]
Checked = tuple[set[str], set[str], Messages | None]


def check_openai_chat(value: object) -> Checked:
    """The cookbook's format checks on one parsed line: (errors, warnings, messages if valid)."""
    errors: set[str] = set()
    if not isinstance(value, dict):
        return {"data_type"}, set(), None
    messages = value.get("messages")
    if not messages or not isinstance(messages, list):
        return {"missing_messages_list"}, set(), None
    roles: set[str] = set()
    for message in messages:
        if not isinstance(message, dict):
            errors.add("data_type")
            continue
        role = message.get("role")
        # A role could be any JSON value (a list is unhashable), so only strings are looked up.
        if isinstance(role, str):
            roles.add(role)
        content = message.get("content")
        # Our one departure from the cookbook: a function-call message may omit its text, as the API allows.
        has_function_call = isinstance(message.get("function_call"), dict)
        if "role" not in message or ("content" not in message and not has_function_call):
            errors.add("message_missing_key")
        if not ALLOWED_MESSAGE_KEYS.issuperset(message):
            errors.add("message_unrecognized_key")
        if not isinstance(role, str) or role not in ALLOWED_ROLES:
            errors.add("unrecognized_role")
        text_ok = isinstance(content, str) and bool(content)
        # Without a function call the text is required; with one, any text given must still be a string.
        if (not has_function_call and not text_ok) or (content is not None and not isinstance(content, str)):
            errors.add("missing_content")
    if "assistant" not in roles:
        errors.add("example_missing_assistant_message")
    if errors:
        return errors, set(), None
    warnings = set()
    if "system" not in roles:
        warnings.add("missing_system_message")
    if "user" not in roles:
        warnings.add("missing_user_message")
    return errors, warnings, messages


def _text_blocks(blocks: object, key: str = "text") -> tuple[list[str], bool] | None:
    """The texts of a list of {text} blocks and whether it held other blocks; None when it is not such a list."""
    if not isinstance(blocks, list):
        return None
    texts: list[str] = []
    other = False
    for block in blocks:
        if not isinstance(block, dict):
            return None
        text = block.get(key)
        if isinstance(text, str):
            texts.append(text)
        elif text is None and block:
            other = True
        else:
            return None
    return texts, other


def check_bedrock_conversation(value: object) -> Checked:
    """Nova's `bedrock-conversation-2024` rules on one record."""
    if not isinstance(value, dict):
        return {"data_type"}, set(), None
    errors: set[str] = set()
    warnings: set[str] = set()
    out: Messages = []
    system = value.get("system", [])
    system_blocks = _text_blocks(system)
    if system_blocks is None or system_blocks[1]:
        errors.add("bedrock_bad_shape")
    else:
        out.extend({"role": "system", "content": text} for text in system_blocks[0])
    messages = value.get("messages")
    if not isinstance(messages, list) or not messages:
        return {"missing_messages_list"} | errors, set(), None
    roles: list[str] = []
    for message in messages:
        if not isinstance(message, dict):
            errors.add("data_type")
            continue
        if not {"role", "content"}.issuperset(message) or "content" not in message:
            errors.add("bedrock_bad_shape")
        role = message.get("role")
        content = message.get("content")
        if isinstance(content, list) and any(
            isinstance(b, dict) and ("toolUse" in b or "toolResult" in b) for b in content
        ):
            errors.add("bedrock_tool_use")
            continue
        blocks = _text_blocks(content)
        if blocks is None:
            errors.add("bedrock_bad_shape")
            continue
        texts, other = blocks
        if other:
            warnings.add("non_text_part")
        if not texts and not other:
            errors.add("missing_content")
        roles.append(role if isinstance(role, str) else "")
        out.append({"role": role if isinstance(role, str) else "", "content": "\n".join(texts)})
    if roles:
        alternating = all(r == ("user" if i % 2 == 0 else "assistant") for i, r in enumerate(roles))
        if not alternating or roles[-1] != "assistant":
            errors.add("bedrock_role_order")
    texts = [m["content"] for m in out]
    if any(word in text for text in texts for word in _NOVA_RESERVED):
        errors.add("bedrock_reserved_word")
    if errors:
        return errors, set(), None
    if not any(m["role"] == "system" for m in out):
        warnings.add("missing_system_message")
    return errors, warnings, out


def check_prompt_completion(value: object) -> Checked:
    """Bedrock's prompt/completion record: two non-empty strings, nothing else."""
    if not isinstance(value, dict):
        return {"data_type"}, set(), None
    prompt, completion = value.get("prompt"), value.get("completion")
    if set(value) != {"prompt", "completion"} or not isinstance(prompt, str) or not isinstance(completion, str):
        return {"prompt_completion_shape"}, set(), None
    if not prompt or not completion:
        return {"prompt_completion_shape"}, set(), None
    return set(), set(), [{"role": "user", "content": prompt}, {"role": "assistant", "content": completion}]


def check_vertex_gemini(value: object) -> Checked:
    """Vertex AI's Gemini supervised-tuning record."""
    if not isinstance(value, dict):
        return {"data_type"}, set(), None
    errors: set[str] = set()
    warnings: set[str] = set()
    out: Messages = []
    if "systemInstruction" in value:
        instruction = value["systemInstruction"]
        parts = _text_blocks(instruction.get("parts")) if isinstance(instruction, dict) else None
        if parts is None:
            errors.add("vertex_bad_shape")
        else:
            out.extend({"role": "system", "content": text} for text in parts[0])
            warnings.update({"non_text_part"} if parts[1] else set())
    contents = value.get("contents")
    if not isinstance(contents, list) or not contents:
        return errors | {"vertex_bad_shape"}, set(), None
    for turn in contents:
        if not isinstance(turn, dict):
            errors.add("data_type")
            continue
        role = turn.get("role")
        if role not in ("user", "model"):
            errors.add("vertex_unrecognized_role")
        parts = _text_blocks(turn.get("parts"))
        if parts is None or (not parts[0] and not parts[1]):
            errors.add("vertex_bad_shape")
            continue
        if parts[1]:
            warnings.add("non_text_part")
        out.append({"role": "assistant" if role == "model" else "user", "content": "\n".join(parts[0])})
    if not any(m["role"] == "assistant" for m in out):
        errors.add("example_missing_assistant_message")
    if errors:
        return errors, set(), None
    if not any(m["role"] == "system" for m in out):
        warnings.add("missing_system_message")
    return errors, warnings, out


def _one_assistant(value: object) -> str | None:
    if not isinstance(value, list) or len(value) != 1 or not isinstance(value[0], dict):
        return None
    message = value[0]
    content = message.get("content")
    if message.get("role") != "assistant" or not isinstance(content, str) or not content:
        return None
    return content


def check_openai_preference(value: object) -> Checked:
    """OpenAI's preference (DPO) record, also Together's and Fireworks'."""
    if not isinstance(value, dict):
        return {"data_type"}, set(), None
    source = value.get("input")
    if not isinstance(source, dict):
        return {"preference_bad_shape"}, set(), None
    errors, warnings, messages = check_openai_chat(
        {"messages": [*source.get("messages", []), {"role": "assistant", "content": "x"}]}
        if isinstance(source.get("messages"), list)
        else {}
    )
    preferred = _one_assistant(value.get("preferred_output"))
    rejected = _one_assistant(value.get("non_preferred_output"))
    if preferred is None or rejected is None:
        errors.add("preference_bad_shape")
    if errors or messages is None or preferred is None or rejected is None:
        return errors, set(), None
    prompt = [m for m in messages[:-1]]
    return (
        errors,
        warnings,
        [*prompt, {"role": "assistant", "content": preferred}, {"role": "rejected", "content": rejected}],
    )


CHECKERS = {
    "openai_chat": check_openai_chat,
    "openai_preference": check_openai_preference,
    "bedrock_conversation": check_bedrock_conversation,
    "bedrock_prompt_completion": check_prompt_completion,
    "vertex_gemini": check_vertex_gemini,
}


def check_record(fmt: str, value: object) -> Checked:
    """One parsed record checked against `fmt`'s rules: (errors, warnings, messages to count if valid)."""
    return CHECKERS[fmt](value)


# ---------------------------------------------------------------------------------------------- conversion


class Conversion(Frozen):
    """A training file converted to another format, and what did not carry over."""

    source_format: str | None
    target: str
    data: bytes
    examples: int  # records written
    lines: int = 0  # non-blank lines read
    # One sentence per kind of loss, with its count and line numbers (the first MAX_DROPPED_LINES_LISTED).
    dropped: list[str] = Field(default_factory=list)
    dropped_counts: dict[str, int] = Field(default_factory=dict)


_LOSS_TEXT: dict[str, str] = {
    "unreadable": "line not read (not UTF-8 text, not JSON, nested too deeply or too long); not converted",
    "unknown_format": "line in no training format we know; not converted",
    "invalid_source": "record refused by its own format's check; not converted",
    "tool_calls": "tool or function calls and their results removed",
    "weight": "per-message `weight` removed (the target trains on every assistant turn)",
    "name": "`name` fields removed",
    "images": "images, files or other non-text parts removed",
    "several_system": "several system messages joined into one system prompt",
    "consecutive_turns": "consecutive turns of one role joined into one turn",
    "leading_assistant": "assistant turns before the first user turn removed",
    "trailing_user": "user turns after the last assistant turn removed",
    "rejected_reply": "the non-preferred reply removed (the target takes no preference pairs)",
    "multi_turn": "conversation of several exchanges; prompt/completion takes one; record left out",
    "system_in_prompt": "system prompt put at the start of the prompt (prompt/completion has no system field)",
    "no_preference": "no non-preferred reply to pair with; preference records need one; record left out",
    "refused_by_target": "record the target's own check refuses (e.g. a reserved word, an empty turn); left out",
}


@dataclass
class _Neutral:
    """A record in no provider's shape: system texts, (user|assistant, text) turns, an optional rejected reply."""

    system: list[str] = field(default_factory=list)
    turns: list[tuple[str, str]] = field(default_factory=list)
    rejected: str | None = None
    losses: set[str] = field(default_factory=set)


def _openai_parts(content: object, losses: set[str]) -> str | None:
    """An OpenAI message's text: a string, or the text parts of a content list (other parts are losses)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str):
                texts.append(part["text"])
            else:
                losses.add("images")
        return "\n".join(texts)
    return None


def _from_openai_messages(messages: list[Any], record: _Neutral) -> None:
    for message in messages:
        if not isinstance(message, dict):
            continue
        role = message.get("role")
        if "weight" in message:
            record.losses.add("weight")
        if "name" in message:
            record.losses.add("name")
        if role in ("function", "tool") or "function_call" in message or "tool_calls" in message:
            record.losses.add("tool_calls")
            if role in ("function", "tool"):
                continue
        text = _openai_parts(message.get("content"), record.losses)
        if not text:
            continue
        if role == "system":
            record.system.append(text)
        elif role in ("user", "assistant"):
            record.turns.append((role, text))


def _to_neutral(fmt: str, value: dict[str, Any]) -> _Neutral:
    record = _Neutral()
    if fmt == "openai_chat":
        _from_openai_messages(value["messages"], record)
    elif fmt == "openai_preference":
        _from_openai_messages(value["input"]["messages"], record)
        record.turns.append(("assistant", value["preferred_output"][0]["content"]))
        record.rejected = value["non_preferred_output"][0]["content"]
    elif fmt == "bedrock_conversation":
        record.system = [b["text"] for b in value.get("system", [])]
        for message in value["messages"]:
            texts = [b["text"] for b in message["content"] if "text" in b]
            if any("toolUse" in b or "toolResult" in b for b in message["content"]):
                record.losses.add("tool_calls")
            elif len(texts) != len(message["content"]):
                record.losses.add("images")
            record.turns.append((message["role"], "\n".join(texts)))
    elif fmt == "bedrock_prompt_completion":
        record.turns = [("user", value["prompt"]), ("assistant", value["completion"])]
    else:  # vertex_gemini
        instruction = value.get("systemInstruction")
        if isinstance(instruction, dict):
            record.system = [p["text"] for p in instruction.get("parts", []) if "text" in p]
        for turn in value["contents"]:
            texts = [p["text"] for p in turn["parts"] if "text" in p]
            if len(texts) != len(turn["parts"]):
                record.losses.add("images")
            record.turns.append(("assistant" if turn["role"] == "model" else "user", "\n".join(texts)))
    return record


def _alternate(record: _Neutral) -> list[tuple[str, str]]:
    """Turns starting with the user, ending with the assistant, alternating (merged or trimmed, as reported)."""
    turns = list(record.turns)
    while turns and turns[0][0] != "user":
        record.losses.add("leading_assistant")
        turns.pop(0)
    while turns and turns[-1][0] != "assistant":
        record.losses.add("trailing_user")
        turns.pop()
    merged: list[tuple[str, str]] = []
    for role, text in turns:
        if merged and merged[-1][0] == role:
            record.losses.add("consecutive_turns")
            merged[-1] = (role, merged[-1][1] + "\n\n" + text)
        else:
            merged.append((role, text))
    return merged


def _system_text(record: _Neutral) -> str:
    if len(record.system) > 1:
        record.losses.add("several_system")
    return "\n\n".join(record.system)


def _from_neutral(target: str, record: _Neutral) -> dict[str, Any] | None:
    """The record in the target's shape; None when it cannot be written there (the reason is in its losses)."""
    if record.rejected is not None and target != "openai_preference":
        record.losses.add("rejected_reply")
    if target == "openai_chat":
        messages = [{"role": "system", "content": text} for text in record.system]
        messages += [{"role": role, "content": text} for role, text in record.turns]
        return {"messages": messages}
    if target == "openai_preference":
        if record.rejected is None:
            record.losses.add("no_preference")
            return None
        turns = list(record.turns)
        preferred = turns.pop()[1] if turns and turns[-1][0] == "assistant" else ""
        messages = [{"role": "system", "content": text} for text in record.system]
        messages += [{"role": role, "content": text} for role, text in turns]
        return {
            "input": {"messages": messages},
            "preferred_output": [{"role": "assistant", "content": preferred}],
            "non_preferred_output": [{"role": "assistant", "content": record.rejected}],
        }
    if target == "bedrock_conversation":
        system = _system_text(record)
        turns = _alternate(record)
        value: dict[str, Any] = {"schemaVersion": "bedrock-conversation-2024"}
        if system:
            value["system"] = [{"text": system}]
        value["messages"] = [{"role": role, "content": [{"text": text}]} for role, text in turns]
        return value
    if target == "bedrock_prompt_completion":
        turns = _alternate(record)
        if len(turns) != 2:
            record.losses.add("multi_turn")
            return None
        prompt = turns[0][1]
        if record.system:
            record.losses.add("system_in_prompt")
            prompt = _system_text(record) + "\n\n" + prompt
        return {"prompt": prompt, "completion": turns[1][1]}
    # vertex_gemini
    system = _system_text(record)
    gemini: dict[str, Any] = {}
    if system:
        gemini["systemInstruction"] = {"role": "system", "parts": [{"text": system}]}
    gemini["contents"] = [
        {"role": "model" if role == "assistant" else "user", "parts": [{"text": text}]} for role, text in record.turns
    ]
    return gemini


def convert_training_file(data: bytes, target: str) -> Conversion:
    """The file rewritten record by record in `target`'s format, with every loss reported by kind and line.

    Each line is read in its own format (a file mixing formats converts line by line); a line that cannot be read,
    or that its own format's check refuses, is left out and reported. A written record must pass the target's own
    check, or it is left out and reported too. Never raises on bad input.
    """
    if target not in TRAINING_FORMATS:
        raise ValueError(f"unknown training format: {target!r}; one of {', '.join(TRAINING_FORMATS)}")
    source_format = detect_training_format(data)
    out: list[bytes] = []
    lines_by_loss: dict[str, list[int]] = {}
    counts: dict[str, int] = {}
    n_lines = 0

    def lose(kind: str, number: int) -> None:
        counts[kind] = counts.get(kind, 0) + 1
        kept = lines_by_loss.setdefault(kind, [])
        if len(kept) < MAX_DROPPED_LINES_LISTED:
            kept.append(number)

    for number, raw in _lines(data):
        n_lines += 1
        if len(raw) > 4 * 1024 * 1024:
            lose("unreadable", number)
            continue
        try:
            value = _parse(raw)
        except ValueError:
            lose("unreadable", number)
            continue
        fmt = record_format(value)
        if fmt is None or not isinstance(value, dict):
            lose("unknown_format", number)
            continue
        errors, _, _ = check_record(fmt, value)
        # Losses the converter reports itself are not refusals: tool calls, names, weights and images carry over
        # as losses rather than failing the record.
        if errors - {"message_unrecognized_key", "unrecognized_role", "missing_content", "bedrock_tool_use"}:
            lose("invalid_source", number)
            continue
        try:
            record = _to_neutral(fmt, value)
        except (KeyError, TypeError, IndexError, AttributeError):
            lose("invalid_source", number)
            continue
        written = _from_neutral(target, record)
        for kind in sorted(record.losses):
            lose(kind, number)
        if written is None:
            continue
        if check_record(target, written)[0]:
            lose("refused_by_target", number)
            continue
        out.append(json.dumps(written, ensure_ascii=False).encode("utf-8"))
    dropped = []
    for kind, numbers in lines_by_loss.items():
        listed = ", ".join(str(n) for n in numbers)
        more = f" (first {len(numbers)} listed)" if counts[kind] > len(numbers) else ""
        dropped.append(f"{_LOSS_TEXT[kind]}: {counts[kind]:,} record(s), line(s) {listed}{more}")
    return Conversion(
        source_format=source_format,
        target=target,
        data=b"\n".join(out) + (b"\n" if out else b""),
        examples=len(out),
        lines=n_lines,
        dropped=dropped,
        dropped_counts=counts,
    )
