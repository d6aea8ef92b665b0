"""Benchmark `core.analyze_jsonl` against two baselines, as interleaved pairs in one run.

- floor: a plain loop of tiktoken `encode_ordinary` over the message contents (extracted beforehand);
- cookbook: parse each line, run the cookbook's format checks, count tokens per example and assistant turn.

Two files of 10,000 generated chat examples (~15-20 MB) each: one whose examples share one system prompt, as most
real fine-tuning files do, and one whose every message is distinct (no string is ever counted twice, so caching
cannot help and the counting itself is measured).
Run: python bench/bench_dataset.py [--examples N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import core
from core._tokens import encoding_for_model

MODEL = "gpt-4o-mini"
OFFERING = "openai/gpt-4o-mini"  # its fine-tuning offering: analyze_jsonl counts with the base model's tokenizer
# Support vocabulary; the words are joined into sentences at random.
VOCABULARY = """policy refund account invoice shipping delay order customer support ticket warranty
replacement
password login billing upgrade plan discount coupon delivery address please thanks sorry check confirm within
days the a to of and for your we you it is our this that with on can will be"""
WORDS = VOCABULARY.split()


def make_dataset(n_examples: int, seed: int = 7, distinct: bool = False) -> bytes:
    """A chat fine-tuning file: a system prompt (~900 characters) and varied user/assistant turns.

    The system prompt is shared by every example, or with `distinct` written anew for each one (every message of
    the file is then distinct).
    """
    rnd = random.Random(seed)

    def sentence(n_words: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(n_words)).capitalize() + "."

    def system_prompt() -> str:
        return "You are Acme's support agent. Follow these rules. " + " ".join(sentence(12) for _ in range(14))

    system = system_prompt()
    lines = []
    for index in range(n_examples):
        if distinct:
            system = system_prompt() + f" Case {index}."
        user = " ".join(sentence(rnd.randint(6, 14)) for _ in range(rnd.randint(1, 4))) + f" Order {index}."
        assistant = " ".join(sentence(rnd.randint(6, 16)) for _ in range(rnd.randint(2, 7)))
        messages = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
            {"role": "assistant", "content": assistant},
        ]
        lines.append(json.dumps({"messages": messages}))
    return ("\n".join(lines) + "\n").encode("utf-8")


def floor_loop(contents: list[str]) -> int:
    """Plain tiktoken: encode every message content once, in order."""
    encode = encoding_for_model(MODEL).encode_ordinary
    return sum(len(encode(text)) for text in contents)


def cookbook_loop(data: bytes) -> int:
    """What the cookbook notebook does: parse, check the format, count per example and per assistant turn."""
    encode = encoding_for_model(MODEL).encode_ordinary
    dataset = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    errors = 0
    for example in dataset:
        if not isinstance(example, dict) or not example.get("messages"):
            errors += 1
            continue
        for message in example["messages"]:
            if "role" not in message or "content" not in message:
                errors += 1
            if any(k not in ("role", "content", "name", "function_call", "weight") for k in message):
                errors += 1
            if message.get("role") not in ("system", "user", "assistant", "function"):
                errors += 1
            content = message.get("content")
            if (not content and not message.get("function_call")) or not isinstance(content, str):
                errors += 1
    total = 0
    for example in dataset:
        tokens = 3
        for message in example["messages"]:
            tokens += 3
            for key, value in message.items():
                tokens += len(encode(value))
                if key == "name":
                    tokens += 1
        assistant = sum(len(encode(m["content"])) for m in example["messages"] if m["role"] == "assistant")
        total += tokens + assistant
    return total


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def compare(title: str, data: bytes, examples: int, rounds: int) -> None:
    """Time `analyze_jsonl` against both baselines on one file, in interleaved rounds, and print the ratios."""
    contents = [m["content"] for line in data.splitlines() for m in json.loads(line)["messages"]]
    report = core.analyze_jsonl(data, OFFERING)
    assert report.n_examples == examples, report.error_counts
    distinct = len(set(contents))
    print(
        f"{title}: {examples:,} examples, {len(data) / 1e6:.1f} MB, {report.billed_tokens_per_epoch:,} tokens, "
        f"{distinct:,} distinct of {len(contents):,} messages"
    )
    floor_ratios, cookbook_ratios = [], []
    for round_number in range(1, rounds + 1):
        ours = timed(lambda: core.analyze_jsonl(data, OFFERING))
        floor = timed(lambda: floor_loop(contents))
        ours_again = timed(lambda: core.analyze_jsonl(data, OFFERING))
        cookbook = timed(lambda: cookbook_loop(data))
        floor_ratios.append(ours / floor)
        cookbook_ratios.append(ours_again / cookbook)
        print(
            f"round {round_number}: analyze_jsonl {ours:.3f}s / {ours_again:.3f}s, floor {floor:.3f}s, "
            f"cookbook {cookbook:.3f}s"
        )
    print(f"{title}: analyze_jsonl ÷ floor    (target ≤ 1.0): median {statistics.median(floor_ratios):.2f}")
    print(f"{title}: analyze_jsonl ÷ cookbook (target ≤ 0.6): median {statistics.median(cookbook_ratios):.2f}")


def conversion(title: str, data: bytes, rounds: int) -> None:
    """Time converting the file to Bedrock's format beside reading it (analyze_jsonl) and beside parsing its JSON."""
    result = core.convert_training_file(data, "bedrock_conversation")
    print(
        f"{title}: converted {result.examples:,} records, {len(data) / 1e6:.1f} MB -> {len(result.data) / 1e6:.1f} MB"
    )
    read_ratios, parse_ratios = [], []
    for round_number in range(1, rounds + 1):
        convert = timed(lambda: core.convert_training_file(data, "bedrock_conversation"))
        read = timed(lambda: core.analyze_jsonl(data, OFFERING))
        parse = timed(lambda: [json.loads(line) for line in data.splitlines()])
        read_ratios.append(convert / read)
        parse_ratios.append(convert / parse)
        print(f"round {round_number}: convert {convert:.3f}s, analyze_jsonl {read:.3f}s, json.loads only {parse:.3f}s")
    print(f"{title}: convert ÷ analyze_jsonl: median {statistics.median(read_ratios):.2f}")
    print(f"{title}: convert ÷ json.loads  : median {statistics.median(parse_ratios):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    encoding_for_model(MODEL)  # load the tokenizer outside the timings
    compare("shared system prompt", make_dataset(args.examples), args.examples, args.rounds)
    compare("every message distinct", make_dataset(args.examples, distinct=True), args.examples, args.rounds)
    conversion("every message distinct", make_dataset(args.examples, distinct=True), args.rounds)


if __name__ == "__main__":
    main()
