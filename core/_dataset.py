"""Check a fine-tuning file (JSONL, in any training format of core._formats) and price its training run.

OpenAI chat files get the OpenAI cookbook's data-preparation checks, other formats their own sourced rules
(core._formats); the token arithmetic follows the cookbook for every format; the file is read
once, line by line, so a large upload keeps memory bounded. Token counting is the slow part: each distinct
string is encoded once per analysis (a bounded cache), on a thread pool (tiktoken releases the GIL), many strings
to a tokenizer call.
"""

from __future__ import annotations

import json
import math
import os
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import tiktoken
import tiktoken.model
from pydantic import Field

from core._base import Frozen, base_model_name, model_family
from core._estimate import auto_epochs
from core._formats import (
    FORMAT_ERROR_KINDS,
    FORMAT_WARNING_KINDS,
    check_openai_chat,
    check_record,
    detect_training_format,
    format_min_examples,
    record_format,
)
from core._matrix import example_thresholds
from core._models import DEFAULT_OFFERING, OfferingPrice
from core._offering_prices import resolve_offering
from core._offerings import offering
from core._tokens import (
    FALLBACK_ENCODING,
    REPLY_PRIMER_TOKENS,
    TOKENS_PER_MESSAGE,
    TOKENS_PER_NAME,
    VENDORED_ENCODINGS,
    encoding_name_for_model,
    get_encoding,
)

# What each per-line problem means, in the user's words; the keys are the cookbook's names plus our own three.
DATASET_ERROR_KINDS: dict[str, str] = {
    "invalid_utf8": "The line contains bytes that are not UTF-8 text.",
    "line_too_long": "The line is far longer than any trainable example, so it was not read.",
    "invalid_json": "The line is not valid JSON (it may be cut off or nested too deeply).",
    "data_type": "The line, or one of its messages, is not a JSON object.",
    "missing_messages_list": "The example has no non-empty `messages` list.",
    "message_missing_key": "A message has no `role` or no `content`.",
    "message_unrecognized_key": "A message has a key other than role, content, name, function_call, weight.",
    "unrecognized_role": "A message's role is not system, user, assistant or function.",
    "missing_content": "A message has no text (and no function call).",
    "example_missing_assistant_message": "The example has no assistant message: nothing to learn from.",
    **FORMAT_ERROR_KINDS,
}
DATASET_WARNING_KINDS: dict[str, str] = {
    "missing_system_message": "The example has no system message.",
    "missing_user_message": "The example has no user message.",
    **FORMAT_WARNING_KINDS,
}


# A guard, not a rule of OpenAI's: the longest trainable example (65,536 tokens) is well under 1 MB of JSON.
MAX_LINE_BYTES = 4 * 1024 * 1024
# Line numbers kept per problem kind; the full count is always kept in error_counts / warning_counts.
MAX_LINE_NUMBERS_PER_KIND = 1000
# Lines parsed between two hand-offs to the token-counting threads; small enough to keep memory flat.
LINES_PER_BATCH = 2000
# The string -> token-count cache is cleared past this size, so a huge file of unique strings stays bounded.
MAX_CACHED_CHARS = 16_000_000
MAX_PROGRESS_CALLS = 100
MAX_HISTOGRAM_BINS = 30

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_MESSAGE = "This file is UTF-16 text; save it as UTF-8 and upload it again."


class TokenStats(Frozen):
    """Spread of a per-example token count: numpy-style percentiles (linear interpolation)."""

    minimum: int
    median: float
    p90: float
    maximum: int
    mean: float


class HistogramBin(Frozen):
    """Number of examples whose token count is in [lower, upper)."""

    lower: int
    upper: int
    count: int


class DatasetReport(Frozen):
    """What `analyze_jsonl` found in a fine-tuning file and what training on it would cost.

    Only valid examples (no error on their line) count in the token statistics and the cost.
    """

    model: str  # the base model whose tokenizer counted the file
    offering: str = DEFAULT_OFFERING  # the fine-tuning offering the training run is priced on
    encoding_name: str
    # A problem with the whole file (UTF-16, compressed, empty); when set, nothing else was read.
    file_error: str | None = None
    n_lines: int = 0  # non-blank lines
    n_examples: int = 0  # valid examples
    # 1-based line numbers per problem kind (first MAX_LINE_NUMBERS_PER_KIND), and the full counts.
    errors: dict[str, list[int]] = Field(default_factory=dict)
    error_counts: dict[str, int] = Field(default_factory=dict)
    warnings: dict[str, list[int]] = Field(default_factory=dict)
    warning_counts: dict[str, int] = Field(default_factory=dict)
    # Whole-dataset remarks (too few examples, examples over the limit): code -> sentence.
    dataset_warnings: dict[str, str] = Field(default_factory=dict)
    example_tokens: TokenStats | None = None
    assistant_tokens: TokenStats | None = None
    token_histogram: list[HistogramBin] = Field(default_factory=list)
    token_limit: int | None = None  # None: the offering's per-example limit is not published in our sources
    n_over_limit: int = 0
    billed_tokens_per_epoch: int = 0
    epochs: int | None = None
    billed_tokens: int = 0
    training_usd_per_mtok: float | None = None  # None: price unknown, never assumed to be $0
    training_per_hour: bool = False  # the offering bills training by the hour: the file alone cannot price it
    training_cost_usd: float | None = None
    # Mean system-prompt tokens, over examples that have one: what a fine-tune could drop from the prompt.
    mean_system_prompt_tokens: float | None = None
    mean_assistant_tokens: float | None = None
    # The training format the file is written in (most of its lines), "unknown" when none we know.
    format: str = "unknown"
    # What the offering takes, from assets/fine_tuning/training_formats.csv; empty: unknown, nothing enforced.
    accepted_formats: tuple[str, ...] = ()
    # True/False: the offering does/does not take this format; None: unknown (no source says what it takes).
    format_accepted: bool | None = None
    # True when the counts are not the base model's own tokenizer's (its tokenizer is not OpenAI's).
    approximate: bool = False
    model_family: str = ""  # the base model's family, for the "approximate for ..." label


# ---------------------------------------------------------------------------------------------- the offering


def fine_tuning_token_limit(offering_id: str) -> int | None:
    """Most tokens a training example may have on this fine-tuning offering; None: not published (our sources)."""
    return offering(offering_id).max_tokens_per_example


def own_encoding(model: str) -> str | None:
    """The vendored encoding that is `model`'s own tokenizer (OpenAI's models); None when it is not OpenAI's."""
    try:
        tiktoken.model.encoding_name_for_model(base_model_name(model))
    except KeyError:
        return None
    return encoding_name_for_model(model)


# ---------------------------------------------------------------------------------------------- the checker


@dataclass
class _Findings:
    """Per-kind line numbers (capped) and counts."""

    lines: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, line_number: int) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        kept = self.lines.setdefault(kind, [])
        if len(kept) < MAX_LINE_NUMBERS_PER_KIND:
            kept.append(line_number)


@dataclass
class _Totals:
    """Running per-example token counts of the valid examples."""

    example_tokens: array[int] = field(default_factory=lambda: array("q"))
    assistant_tokens: array[int] = field(default_factory=lambda: array("q"))
    system_tokens_sum: int = 0
    n_with_system: int = 0


_Example = tuple[int, list[dict[str, Any]]]  # (line number, messages) of a valid example


def _file_problem(data: bytes) -> str | None:
    """A problem that makes line-by-line checking pointless, in plain words; None if there is none."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _UTF16_MESSAGE
    # UTF-16 without a byte-order mark: the opening brace comes with a zero byte.
    if data[:2] in (b"{\x00", b"\x00{"):
        return _UTF16_MESSAGE
    if data[:2] == b"\x1f\x8b" or data[:4] == b"PK\x03\x04":
        return "This file is compressed (gzip or zip); unpack it and upload the .jsonl file inside."
    if not data.strip() or data.strip() == _UTF8_BOM:
        return "The file is empty."
    return None


_check_example = check_openai_chat  # the OpenAI chat check, kept under its old name


def _parse_batches(
    data: bytes,
    errors: _Findings,
    warnings: _Findings,
    progress: Callable[[float], None] | None,
    line_counter: list[int],
    file_format: str = "openai_chat",
) -> Iterator[list[_Example]]:
    """Walk the lines once, record problems, and yield the valid examples in batches."""
    size = len(data)
    position = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    line_number = 0
    next_report = 0.0
    batch: list[_Example] = []
    while position < size:
        end = data.find(b"\n", position)
        if end == -1:
            end = size
        line_number += 1
        start, position = position, end + 1
        if progress is not None and start / size >= next_report:
            progress(start / size)
            next_report = start / size + 1.0 / MAX_PROGRESS_CALLS
        # Checked before any copy or parse, so one enormous line costs only the newline search.
        if end - start > MAX_LINE_BYTES:
            line_counter[0] += 1
            errors.add("line_too_long", line_number)
            continue
        raw = data[start:end]
        if not raw.strip():
            continue
        line_counter[0] += 1
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors.add("invalid_utf8", line_number)
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            # ValueError covers JSONDecodeError and over-long integers; RecursionError very deep nesting.
            errors.add("invalid_json", line_number)
            continue
        line_format = record_format(value)
        if line_format is not None and line_format != file_format:
            errors.add("other_format", line_number)
            continue
        found_errors, found_warnings, messages = check_record(file_format, value)
        for kind in sorted(found_errors):
            errors.add(kind, line_number)
        for kind in sorted(found_warnings):
            warnings.add(kind, line_number)
        if messages is not None:
            batch.append((line_number, messages))
        if len(batch) >= LINES_PER_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
    if progress is not None:
        progress(1.0)


# Many strings are counted in one tokenizer call, joined by this special token: tiktoken encodes the text between
# two allowed special tokens exactly as it encodes that text alone, and keeps the GIL released for the whole call.
_SEPARATOR = "<|endoftext|>"


def _count_each(encoding: tiktoken.Encoding, texts: list[str]) -> list[int]:
    """Each text's token count, equal to `len(encoding.encode_ordinary(text))`, in one call where possible."""
    # One call per text would take and release the GIL every ~10 µs, so threads would mostly wait for each other.
    if _SEPARATOR in encoding.special_tokens_set:
        joined = _SEPARATOR.join(texts)
        if joined.count(_SEPARATOR) == len(texts) - 1:  # else a text contains the separator itself
            try:
                tokens = encoding.encode_to_numpy(joined, allowed_special={_SEPARATOR}, disallowed_special=())
            except UnicodeEncodeError:  # a lone surrogate: encode_ordinary repairs it, text by text
                pass
            else:
                separators = np.flatnonzero(tokens == encoding.encode_single_token(_SEPARATOR))
                bounds = np.concatenate(([-1], separators, [len(tokens)]))
                counts: list[int] = (np.diff(bounds) - 1).tolist()
                return counts
    encode = encoding.encode_ordinary
    return [len(encode(text)) for text in texts]


class _TokenCounter:
    """Counts each distinct string once per analysis, on worker threads, while the main thread parses."""

    def __init__(self, encoding: tiktoken.Encoding, pool: ThreadPoolExecutor, workers: int) -> None:
        self.encoding = encoding
        self.pool = pool
        self.workers = workers
        self.cache: dict[str, int] = {}
        self.cached_chars = 0

    def submit(self, batch: list[_Example]) -> tuple[list[_Example], list[str], list[Future[list[int]]]]:
        """Start counting the batch's strings that are not cached yet."""
        if self.cached_chars > MAX_CACHED_CHARS:
            self.cache.clear()
            self.cached_chars = 0
        cache = self.cache
        new: dict[str, None] = {}
        for _, messages in batch:
            for message in messages:
                for value in message.values():
                    if isinstance(value, str) and value not in cache:
                        new[value] = None
        texts = list(new)
        return batch, texts, self._start(texts)

    def _start(self, texts: list[str]) -> list[Future[list[int]]]:
        # Contiguous slices of about equal characters, one per worker.
        total = sum(map(len, texts))
        share = total / self.workers + 1
        futures: list[Future[list[int]]] = []
        begin, running = 0, 0
        for index, text in enumerate(texts):
            running += len(text)
            if running >= share:
                futures.append(self.pool.submit(_count_each, self.encoding, texts[begin : index + 1]))
                begin, running = index + 1, 0
        if begin < len(texts):
            futures.append(self.pool.submit(_count_each, self.encoding, texts[begin:]))
        return futures

    def finish(self, job: tuple[list[_Example], list[str], list[Future[list[int]]]], totals: _Totals) -> None:
        """Wait for a submitted batch and add its examples to the totals."""
        batch, texts, futures = job
        counts = [count for future in futures for count in future.result()]
        cache = self.cache
        cache.update(zip(texts, counts, strict=True))
        self.cached_chars += sum(map(len, texts))
        for _, messages in batch:
            example = REPLY_PRIMER_TOKENS
            assistant = 0
            system = 0
            has_system = False
            for message in messages:
                example += TOKENS_PER_MESSAGE
                for key, value in message.items():
                    if isinstance(value, str):
                        example += cache[value]
                    if key == "name":
                        example += TOKENS_PER_NAME
                content = message.get("content")
                content_tokens = cache[content] if isinstance(content, str) else 0
                role = message["role"]
                if role == "assistant":
                    assistant += content_tokens
                elif role == "system":
                    system += content_tokens
                    has_system = True
            totals.example_tokens.append(example)
            totals.assistant_tokens.append(assistant)
            if has_system:
                totals.system_tokens_sum += system
                totals.n_with_system += 1


def _worker_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no sched_getaffinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _percentile(ordered: list[int], fraction: float) -> float:
    # numpy's default (linear) method, so figures match the cookbook's np.quantile.
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _stats(values: array[int]) -> tuple[TokenStats | None, list[int]]:
    ordered = sorted(values)
    if not ordered:
        return None, ordered
    stats = TokenStats(
        minimum=ordered[0],
        median=_percentile(ordered, 0.5),
        p90=_percentile(ordered, 0.9),
        maximum=ordered[-1],
        mean=sum(ordered) / len(ordered),
    )
    return stats, ordered


def _nice_width(raw_width: float) -> int:
    """The smallest 1, 2 or 5 × 10^k at or above raw_width (at least 1)."""
    if raw_width <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw_width))
    for step in (1, 2, 5, 10):
        if step * magnitude >= raw_width:
            return int(step * magnitude)
    return int(10 * magnitude)


def token_histogram(ordered: list[int], max_bins: int = MAX_HISTOGRAM_BINS) -> list[HistogramBin]:
    """Bin sorted token counts into at most max_bins equal, round-width bins starting at 0."""
    if not ordered:
        return []
    width = _nice_width((ordered[-1] + 1) / max_bins)
    n_bins = ordered[-1] // width + 1
    bins = []
    for index in range(n_bins):
        lower, upper = index * width, (index + 1) * width
        count = bisect_left(ordered, upper) - bisect_left(ordered, lower)
        bins.append(HistogramBin(lower=lower, upper=upper, count=count))
    return bins


def _dataset_warnings(
    n_examples: int, n_over_limit: int, token_limit: int | None, file_format: str = "openai_chat"
) -> dict[str, str]:
    remarks: dict[str, str] = {}
    # Thresholds come from the decision module's sourced table; only the strictest one that applies is shown.
    thresholds = example_thresholds()
    # OpenAI's minimum for its chat format; another format's own sourced minimum, where one is published.
    minimum = format_min_examples(file_format) if file_format != "openai_chat" else None
    if file_format == "openai_chat" and n_examples < thresholds.provider_minimum:
        remarks["too_few_examples"] = (
            f"OpenAI refuses training files with fewer than {thresholds.provider_minimum} examples."
        )
    elif minimum is not None and n_examples < minimum:
        remarks["too_few_examples"] = f"Providers taking this format refuse files with fewer than {minimum} examples."
    elif n_examples < thresholds.clear_gains_from:
        remarks["few_examples"] = (
            f"Clear gains usually need {thresholds.clear_gains_from}-{thresholds.clear_gains_to} "
            "good examples or more; this file has fewer."
        )
    elif n_examples < thresholds.recommended:
        remarks["below_recommended_examples"] = (
            f"Under {thresholds.recommended} examples; reliable results are usually advised from that many."
        )
    if n_over_limit and token_limit is not None:
        remarks["over_token_limit"] = (
            f"{n_over_limit} example(s) exceed the model's {token_limit:,}-token limit; "
            "only their first tokens would be trained on (and billed)."
        )
    return remarks


def _report_basics(offering_id: str, data: bytes, encoding: str | None) -> dict[str, Any]:
    """The report's fields known before reading the examples: model, encoding, limit and the file's format."""
    chosen = offering(offering_id)
    model = chosen.base_model
    own = own_encoding(model)
    encoding_name = encoding or own or FALLBACK_ENCODING
    if encoding_name not in VENDORED_ENCODINGS:
        raise ValueError(f"unknown encoding {encoding_name!r}; one of {', '.join(VENDORED_ENCODINGS)}")
    file_format = detect_training_format(data) if _file_problem(data) is None else None
    accepted = chosen.training_formats
    return {
        "model": model,
        "offering": chosen.id,
        "encoding_name": encoding_name,
        "token_limit": fine_tuning_token_limit(chosen.id),
        "format": file_format or "unknown",
        "accepted_formats": accepted,
        "format_accepted": (file_format in accepted) if accepted and file_format else None,
        "approximate": own != encoding_name,
        "model_family": model_family(model),
    }


def analyze_jsonl(
    data: bytes,
    offering_id: str = DEFAULT_OFFERING,
    progress: Callable[[float], None] | None = None,
    *,
    epochs: int | Literal["auto"] = "auto",
    price_overrides: Mapping[str, OfferingPrice] | None = None,
    encoding: str | None = None,
) -> DatasetReport:
    """Check a fine-tuning file (JSONL, in any training format of core._formats) and estimate the training tokens
    and cost on a fine-tuning offering (its per-example token limit and its training price).

    Never raises on bad input: problems are reported per line (`errors`, `warnings`) or for the whole file
    (`file_error`). `progress`, if given, receives the fraction read (0..1) at most about 100 times.
    `epochs="auto"` uses the cookbook's heuristic. `price_overrides` is keyed by offering id, as
    Scenario.offering_prices is. `encoding` names the tokenizer to count with (`cl100k_base`, `o200k_base`);
    by default the base model's own where it is OpenAI's, else o200k_base, and then `approximate` is True.
    The file's format is what most of its first lines are written in; a line in another format is an error.
    """
    chosen = offering(offering_id)
    offering_id = chosen.id
    common = _report_basics(chosen.id, data, encoding)
    tokenizer = get_encoding(common["encoding_name"])
    token_limit = common["token_limit"]
    file_format = None if common["format"] == "unknown" else common["format"]
    problem = _file_problem(data)
    if problem is not None:
        return DatasetReport(**common, file_error=problem)

    errors, warnings, totals = _Findings(), _Findings(), _Totals()
    line_counter = [0]
    workers = _worker_count()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        counter = _TokenCounter(tokenizer, pool, workers)
        pending = None
        # Parsing batch k+1 (this thread) overlaps counting batch k (the pool).
        for batch in _parse_batches(data, errors, warnings, progress, line_counter, file_format or "openai_chat"):
            if pending is not None:
                counter.finish(pending, totals)
            pending = counter.submit(batch)
        if pending is not None:
            counter.finish(pending, totals)

    example_stats, ordered = _stats(totals.example_tokens)
    assistant_stats, _ = _stats(totals.assistant_tokens)
    n_examples = len(ordered)
    if token_limit is None:
        n_over_limit, billed_per_epoch = 0, sum(ordered)
    else:
        n_over_limit = len(ordered) - bisect_left(ordered, token_limit + 1)
        billed_per_epoch = sum(min(token_limit, tokens) for tokens in ordered)
    report = DatasetReport(
        **common,
        n_lines=line_counter[0],
        n_examples=n_examples,
        errors=errors.lines,
        error_counts=errors.counts,
        warnings=warnings.lines,
        warning_counts=warnings.counts,
        dataset_warnings=_dataset_warnings(n_examples, n_over_limit, token_limit, file_format or "openai_chat"),
        example_tokens=example_stats,
        assistant_tokens=assistant_stats,
        token_histogram=token_histogram(ordered),
        n_over_limit=n_over_limit,
        billed_tokens_per_epoch=billed_per_epoch,
        mean_system_prompt_tokens=(totals.system_tokens_sum / totals.n_with_system if totals.n_with_system else None),
        mean_assistant_tokens=(sum(totals.assistant_tokens) / n_examples if n_examples else None),
    )
    return reprice_dataset(report, epochs, price_overrides)


def reprice_dataset(
    report: DatasetReport,
    epochs: int | Literal["auto"] = "auto",
    price_overrides: Mapping[str, OfferingPrice] | None = None,
) -> DatasetReport:
    """The same report with epochs, billed tokens and training cost worked out again, without re-reading the file.

    Only the offering changes the token counts; other epochs or prices are a multiplication away. An offering that
    bills training by the hour leaves the cost unknown (the hours are not in the file).
    """
    n_epochs = (auto_epochs(report.n_examples) if epochs == "auto" else epochs) if report.n_examples else None
    billed = report.billed_tokens_per_epoch * (n_epochs or 0)
    resolved = resolve_offering(report.offering, price_overrides)
    per_hour = resolved.offering.training_billing == "per_hour"
    training_price = None if per_hour else resolved.training_usd_per_mtok
    cost = None if training_price is None else billed * training_price / 1_000_000
    if cost is not None and resolved.min_job_usd is not None and report.n_examples:
        cost = max(cost, resolved.min_job_usd)
    return report.model_copy(
        update={
            "epochs": n_epochs,
            "billed_tokens": billed,
            "training_usd_per_mtok": training_price,
            "training_per_hour": per_hour,
            "training_cost_usd": cost,
        }
    )


def dataset_to_scenario(report: DatasetReport, epochs: int | Literal["auto"]) -> dict[tuple[str, ...], object]:
    """What a checked training file changes in the scenario the Estimate page prices: the offering and epochs, the
    examples and their mean length, the mean reply as the output length, and the mean system prompt as what stays
    in every request after fine-tuning (the examples were trained with it; none if they have no system prompt)."""
    if report.example_tokens is None or report.assistant_tokens is None:
        raise ValueError("This file has no usable example to carry into the estimate.")
    return {
        ("fine_tuning", "offering"): report.offering,
        ("fine_tuning", "epochs"): epochs,
        ("fine_tuning", "training_examples"): report.n_examples,
        ("fine_tuning", "tokens_per_example"): round(report.example_tokens.mean),
        ("fine_tuning", "kept_instruction_tokens"): round(report.mean_system_prompt_tokens or 0),
        ("workload", "output_tokens"): round(report.assistant_tokens.mean),
    }
