"""Benchmark `core.triage_eval_log` beside pandas only reading the same log, interleaved in one run.

A generated 10,000-row RAGAS-style JSONL log of about 20 MB (two runs, repeats, long retrieved contexts), triaged
with the default settings and with a JSON format check; pandas' `read_json(lines=True)` is the floor (reading only,
no verdicts). Prints each median and the ratio.
Run: python bench/bench_evidence.py [--rows N] [--rounds R]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

import core

WORD_TEXT = """policy refund account invoice shipping delay order customer support ticket warranty replacement password
login billing upgrade plan discount coupon delivery address please thanks sorry check confirm within days store
opens hours express standard fee euros kettle blender vacuum filter serial label app settings privacy"""
WORDS = WORD_TEXT.split()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_log(rows: int, seed: int = 11) -> bytes:
    """A RAGAS-style JSONL eval log: ~2 KB of retrieved context per row, questions repeated three times a run."""
    rng = random.Random(seed)
    questions = [_sentence(rng, 10) for _ in range(rows // 6 + 1)]
    lines = []
    for index in range(rows):
        question = questions[index // 6]
        reference = _sentence(rng, 6)
        contexts = [_sentence(rng, 60) for _ in range(4)]
        if rng.random() < 0.5:
            contexts[0] += " " + reference
        answer = reference if rng.random() < 0.6 else _sentence(rng, 12)
        lines.append(
            json.dumps(
                {
                    "run": "rag" if index % 2 else "prompt_only",
                    "user_input": question,
                    "retrieved_contexts": contexts,
                    "response": answer,
                    "reference": reference,
                    "latency_ms": 800 + index % 500,
                }
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = make_log(args.rows)
    json_check = core.TriageSettings(format_check="json")
    runs: dict[str, Callable[[], object]] = {
        "pandas read_json (read only)": lambda: pd.read_json(io.BytesIO(data), lines=True),
        "triage_eval_log (defaults)": lambda: core.triage_eval_log(data, "log.jsonl"),
        "triage_eval_log (JSON format check)": lambda: core.triage_eval_log(data, "log.jsonl", json_check),
    }
    core.triage_eval_log(data[:10_000], "warm.jsonl")  # import and first-call costs out of the way
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, work in runs.items():  # interleaved, so a busy moment hits every contender alike
            times[name].append(_timed(work))
    floor = statistics.median(times["pandas read_json (read only)"])
    print(f"log: {args.rows:,} rows, {len(data) / 1e6:.1f} MB; median of {args.rounds} interleaved rounds")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:38s} {median:6.2f} s   {median / floor:4.1f}x the pandas read")


if __name__ == "__main__":
    main()
