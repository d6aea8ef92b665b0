"""Triage of a team's eval log: one deterministic verdict per row, with its reason, and no model calls.

A row is an eval question with the answer the system gave, and some of: the reference answer, a human grade, the
context the model saw, a run name (`prompt_only`, `rag`, ...). The checks, in the order a verdict is decided:

1. `cant_tell`: the row has no answer, or a cell over the size limit.
2. `format`: a format check is chosen (JSON, a JSON Schema, a regular expression) and the answer fails it.
3. `correct`: a human grade says so (it always wins); without a grade, the SQuAD-normalised answer equals the
   reference, contains it, or reaches the token-F1 threshold. No grade and no reference: `cant_tell`.
4. `inconsistent`: wrong, and the same question got a different answer elsewhere in the same run.
5. `visibility`: wrong, and under the threshold share of the reference's content words is in the context (or the
   context cell is empty): the fact was not in view, a knowledge problem.
6. `behaviour`: wrong with the fact in view. Without a context column, or without a reference to look for, the
   row is `cant_tell` (never guessed).

The fact-in-view check is lexical: a paraphrase can fool it either way.
"""

from __future__ import annotations

import csv
import io
import json
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema
import regex
from pydantic import BaseModel, ConfigDict, Field

from core._base import Frozen, asset_path
from core._models import (
    FAILURE_MODES,
    STRATEGIES,
    VERDICTS,
    Answers,
    EvidenceAnswer,
    EvidenceSummary,
    FailureMode,
    FormatCheck,
    Verdict,
)
from core._people import SourcedNumber
from core._text import safe_text
from core._tokens import count_tokens

MAX_LOG_BYTES = 50 * 1024 * 1024
MAX_CELL_CHARS = 1_000_000
MAX_ROWS = 200_000
MAX_SCHEMA_CHARS = 100_000
MAX_PATTERN_CHARS = 1_000
# A regular expression gets this long per answer (the `regex` module stops it), and is dropped after a few stops.
PATTERN_TIMEOUT_S = 0.05
MAX_PATTERN_TIMEOUTS = 3
MAX_PROBLEMS = 30
# Rows per run kept as text, so lengths can be counted in tokens without keeping the whole log.
SAMPLE_ROWS = 200
# A share link keeps the summary short: this many runs, names cut to this many characters.
SUMMARY_RUNS = 8
SUMMARY_NAME_CHARS = 60
_FLATTEN_DEPTH = 3
ROLES = (
    "question",
    "answer",
    "reference",
    "context",
    "grade",
    "run",
    "latency_ms",
    "input_tokens",
    "output_tokens",
)
ROLE_LABELS = {
    "question": "question",
    "answer": "answer the system gave",
    "reference": "reference answer",
    "context": "context the model saw",
    "grade": "human grade (pass/fail)",
    "run": "run (system or strategy)",
    "latency_ms": "latency (ms)",
    "input_tokens": "input tokens",
    "output_tokens": "output tokens",
}
# Column names each role is known by, first match wins; keys are compared lower-case, nested JSON as a.b paths.
_ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "question": (
        "user_input",
        "input",
        "question",
        "query",
        "inputs.question",
        "inputs.input",
        "inputs.query",
        "vars.question",
        "vars.query",
        "vars.input",
        "testcase.vars.question",
        "prompt",
    ),
    "answer": (
        "response",
        "actual_output",
        "answer",
        "output",
        "response.output",
        "outputs.answer",
        "outputs.output",
        "outputs.response",
        "prediction",
        "generated_answer",
        "completion",
    ),
    "reference": (
        "reference",
        "expected_output",
        "ground_truth",
        "reference_answer",
        "expected",
        "expected_answer",
        "gold_answer",
        "reference_outputs.answer",
        "reference_outputs.output",
        "reference.answer",
        "reference.output",
        "vars.reference",
        "vars.expected",
        "vars.expected_output",
        "testcase.vars.expected",
    ),
    "context": (
        "retrieved_contexts",
        "retrieval_context",
        "contexts",
        "context",
        "retrieved_context",
        "vars.context",
        "inputs.context",
        "inputs.contexts",
    ),
    "grade": (
        "pass",
        "passed",
        "success",
        "grade",
        "correct",
        "is_correct",
        "human_grade",
        "gradingresult.pass",
        "feedback.correctness",
        "feedback.correct",
        "score",
    ),
    "run": (
        "run",
        "strategy",
        "system",
        "experiment",
        "run_name",
        "experiment_name",
        "provider.label",
        "provider.id",
        "provider",
    ),
    "latency_ms": ("latency_ms", "latencyms", "latency"),
    "input_tokens": ("input_tokens", "prompt_tokens", "tokenusage.prompt", "usage.prompt_tokens"),
    "output_tokens": ("output_tokens", "completion_tokens", "tokenusage.completion", "usage.completion_tokens"),
}
_PASS_WORDS = frozenset({"pass", "passed", "true", "yes", "y", "correct", "1", "1.0", "ok", "good"})
_FAIL_WORDS = frozenset({"fail", "failed", "false", "no", "n", "incorrect", "wrong", "0", "0.0", "bad", "error"})
_PROMPTFOO_CELL = re.compile(r"^\[(PASS|FAIL|ERROR)\]\s?(.*)$", re.DOTALL)
_FORMULA = re.compile(r"^[=+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(")
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_DROP_PUNCTUATION = str.maketrans("", "", string.punctuation)
# Words too common to say whether a fact was in view (articles are already gone after normalising).
_STOPWORD_TEXT = (
    "i me my we our you your he him his she her it its they them their what which who whom this that "
    "these those am is are was were be been being have has had do does did will would shall should can "
    "could may might must and but if or because as until while of at by for with about against between "
    "into through during before after above below to from up down in out on off over under again further "
    "then once here there when where why how all any both each few more most other some such no nor not "
    "only own same so than too very s t just don now"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


class _Thresholds(Frozen):
    about: str
    f1_threshold: SourcedNumber
    visibility_threshold: SourcedNumber
    observed_share: SourcedNumber
    observed_min_rows: SourcedNumber


@cache
def evidence_thresholds() -> _Thresholds:
    """The triage's default thresholds with their sources (assets/evidence.json)."""
    return _Thresholds.model_validate_json(asset_path("evidence.json").read_text(encoding="utf-8"))


class TriageSettings(BaseModel):
    """What the person chose: thresholds, the format check, and which column plays which role."""

    model_config = ConfigDict(extra="forbid")

    f1_threshold: float = Field(default_factory=lambda: evidence_thresholds().f1_threshold.value, ge=0.0, le=1.0)
    visibility_threshold: float = Field(
        default_factory=lambda: evidence_thresholds().visibility_threshold.value, ge=0.0, le=1.0
    )
    format_check: FormatCheck = "none"
    json_schema: str | None = None
    pattern: str | None = None
    # Our role (see ROLES) -> the file's column name; overrides what is recognised. "" means "not in this log".
    columns: dict[str, str] = Field(default_factory=dict)


class RowVerdict(Frozen):
    """One eval row's verdict, its reason, and the details of each check."""

    line: int  # line in the file (CSV, JSONL) or item number (JSON)
    run: str
    verdict: Verdict
    reason: str
    question: str = ""  # shortened, for showing the row
    exact_match: bool | None = None
    contains_reference: bool | None = None
    f1: float | None = None
    fact_share: float | None = None
    format_ok: bool | None = None
    grade: bool | None = None
    # Whether the answer was right (None: could not be told); a failure placed as cant_tell is still wrong.
    correct: bool | None = None


class TriageReport(Frozen):
    """The verdict of every row, the split per run, accuracy per run, and plain messages about the file."""

    rows: list[RowVerdict]
    counts: dict[str, dict[str, int]]
    accuracy: dict[str, float | None]
    problems: list[str]
    convention: str = "unknown"
    columns: dict[str, str] = Field(default_factory=dict)  # role -> column used
    available_columns: list[str] = Field(default_factory=list)
    settings: TriageSettings = Field(default_factory=TriageSettings)
    # Texts of the first rows of each run (question, context, answer), so lengths can be counted in tokens.
    samples: dict[str, list[tuple[str, str, str]]] = Field(default_factory=dict)


# --------------------------------------------------------------------------------------------------------------
# Text checks (SQuAD's normaliser, exact match, token F1, content words in the context)
# --------------------------------------------------------------------------------------------------------------


def normalize_answer(text: str) -> str:
    """SQuAD's normaliser: lower-case, drop punctuation and articles, collapse white space."""
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_DROP_PUNCTUATION)).split())


def token_f1(answer: str, reference: str) -> float:
    """SQuAD's token F1 between an answer and a reference (after normalising both)."""
    return _f1(normalize_answer(answer).split(), normalize_answer(reference).split())


def _f1(predicted: list[str], gold: list[str]) -> float:
    if not predicted or not gold:
        return float(predicted == gold)
    common = Counter(predicted) & Counter(gold)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def fact_share(reference: str, context: str) -> float | None:
    """Share of the reference's content words found in the context; None when the reference has none."""
    words = {w for w in normalize_answer(reference).split() if w not in _STOPWORDS}
    if not words:
        return None
    seen = set(normalize_answer(context).split())
    return len(words & seen) / len(words)


# --------------------------------------------------------------------------------------------------------------
# Reading the file into rows of {column: text}
# --------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    line: int
    cells: dict[str, Any]


def _decode(data: bytes, problems: list[str]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            f"Line {line:,}: the file is not valid UTF-8 (save it as UTF-8); unreadable characters were replaced "
            "with '?' and the rest was read."
        )
        return data.decode("utf-8-sig", errors="replace").replace("\ufffd", "?")


def _flatten(value: Any, prefix: str, out: dict[str, Any], depth: int) -> None:
    if isinstance(value, dict) and depth < _FLATTEN_DEPTH:
        for key, inner in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(inner, dict) and depth + 1 < _FLATTEN_DEPTH:
                _flatten(inner, name, out, depth + 1)
            else:
                out[name] = inner
    else:
        out[prefix or "value"] = value


def _object_row(item: Any, line: int, problems: list[str]) -> _Row | None:
    if not isinstance(item, dict):
        problems.append(f"Line {line:,}: not an object with named fields; skipped.")
        return None
    cells: dict[str, Any] = {}
    _flatten(item, "", cells, 0)
    return _Row(line=line, cells=cells)


def _rows_jsonl(text: str, problems: list[str]) -> list[_Row]:
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except (ValueError, RecursionError):
            problems.append(f"Line {number:,}: not valid JSON; skipped.")
            continue
        row = _object_row(item, number, problems)
        if row is not None:
            rows.append(row)
    return rows


def _find_list(value: Any, depth: int = 0) -> list[Any] | None:
    """The list of rows in a JSON document: the document itself, or a list inside an object (promptfoo's
    `results.results`, `rows`, `data`, `examples`...)."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict) or depth > 3:
        return None
    for key in ("results", "rows", "data", "examples", "runs", "records", "items", "outputs"):
        found = _find_list(value.get(key), depth + 1)
        if found is not None and any(isinstance(item, dict) for item in found):
            return found
    for inner in value.values():
        if isinstance(inner, list) and inner and all(isinstance(item, dict) for item in inner):
            return inner
    return None


def _rows_json(text: str, problems: list[str]) -> list[_Row]:
    try:
        document = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        problems.append(f"Line {line:,}: the file is not valid JSON ({safe_text(str(error).split(':')[0])}).")
        return []
    except RecursionError:
        problems.append("Line 1: the JSON is nested too deeply to read.")
        return []
    items = _find_list(document)
    if items is None:
        problems.append("Line 1: the JSON holds no list of rows (expected a list, or an object holding one).")
        return []
    rows = []
    for index, item in enumerate(items, start=1):
        row = _object_row(item, index, problems)
        if row is not None:
            rows.append(row)
    return rows


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows_csv(text: str, problems: list[str]) -> list[_Row]:
    # A long cell is reported by us (with its line), not refused by the csv module's default limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LOG_BYTES))
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    rows: list[_Row] = []
    header: list[str] | None = None
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"Line {reader.line_num:,}: {safe_text(str(error))}; the rest of the file was not read.")
            break
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip() for cell in record]
            continue
        if len(record) != len(header):
            problems.append(
                f"Line {line:,}: {len(record)} fields where the header has {len(header)}; read what is there."
            )
        rows.append(_Row(line=line, cells=dict(zip(header, record, strict=False))))
    return _promptfoo_csv(rows)


def _promptfoo_csv(rows: list[_Row]) -> list[_Row]:
    """promptfoo's CSV export has one column per prompt/provider whose cells read '[PASS] answer' or
    '[FAIL] reason ... answer': split them into one row per output, with the column as the run."""
    if not rows:
        return rows
    output_columns = [
        column
        for column in rows[0].cells
        if all(_PROMPTFOO_CELL.match(str(r.cells.get(column, ""))) for r in rows if r.cells.get(column))
        and any(r.cells.get(column) for r in rows)
    ]
    if not output_columns:
        return rows
    split = []
    for row in rows:
        plain = {k: v for k, v in row.cells.items() if k not in output_columns}
        for column in output_columns:
            match = _PROMPTFOO_CELL.match(str(row.cells.get(column, "")))
            if match is None:
                continue
            answer = match.group(2).rsplit("\n---\n", 1)[-1]
            cells = {**plain, "pass": match.group(1) == "PASS", "output": answer, "provider": column}
            split.append(_Row(line=row.line, cells=cells))
    return split


def _read_rows(data: bytes, filename: str, problems: list[str]) -> list[_Row]:
    text = _decode(data, problems)
    name = filename.lower()
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return _rows_jsonl(text, problems)
    if name.endswith(".json"):
        stripped = text.lstrip()
        if stripped.startswith("{") and "\n{" in stripped and not stripped.rstrip().endswith("]"):
            rows = _rows_jsonl(text, [])  # a JSONL file saved as .json
            if len(rows) > 1:
                return rows
        return _rows_json(text, problems)
    if name.endswith((".csv", ".tsv", ".txt")):
        return _rows_csv(text, problems)
    problems.append(f"'{safe_text(filename)}' is not a CSV, JSONL or JSON file.")
    return []


# --------------------------------------------------------------------------------------------------------------
# Columns: which convention the log follows and which column plays each role
# --------------------------------------------------------------------------------------------------------------


def detect_convention(columns: Iterable[str]) -> str:
    """The tool the log's column names come from: RAGAS, DeepEval, promptfoo, LangSmith, plain, or unknown."""
    names = {c.lower() for c in columns}
    if names & {"user_input", "retrieved_contexts"} or {"response", "reference"} <= names:
        return "RAGAS"
    if names & {"actual_output", "expected_output", "retrieval_context"}:
        return "DeepEval"
    if names & {"response.output", "gradingresult.pass", "testcase.vars.question"} or (
        "provider" in names and "pass" in names and "output" in names
    ):
        return "promptfoo"
    if any(n.startswith(("inputs.", "outputs.", "reference_outputs.", "feedback.")) for n in names):
        return "LangSmith"
    if names & {"question", "answer"}:
        return "plain"
    return "unknown"


def recognise_columns(columns: Iterable[str]) -> dict[str, str]:
    """Role -> column for every role whose known names appear among the columns (case-insensitive)."""
    by_lower: dict[str, str] = {}
    for column in columns:
        by_lower.setdefault(column.lower(), column)
    found: dict[str, str] = {}
    for role, names in _ROLE_NAMES.items():
        for name in names:
            if name in by_lower and by_lower[name] not in found.values():
                found[role] = by_lower[name]
                break
    if "question" not in found:  # LangSmith: a single input field under inputs.*
        inputs = [c for c in by_lower if c.startswith("inputs.")]
        if len(inputs) == 1:
            found["question"] = by_lower[inputs[0]]
    return found


def _column_list(rows: list[_Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows[:1000]:
        for column in row.cells:
            seen.setdefault(column, None)
    return list(seen)


# --------------------------------------------------------------------------------------------------------------
# Cells to values
# --------------------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _grade(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return True if value == 1 else False if value == 0 else None
    word = _text(value).strip().lower()
    if word in _PASS_WORDS:
        return True
    if word in _FAIL_WORDS:
        return False
    return None


class _FormatChecker:
    """The chosen format check, compiled once; a bad schema or pattern becomes a problem, not a crash."""

    def __init__(self, settings: TriageSettings, problems: list[str]) -> None:
        self.kind: FormatCheck = settings.format_check
        self.problems = problems
        self.validator: Any = None
        self.pattern: Any = None
        self.timeouts = 0
        if self.kind == "schema":
            self.validator = self._schema(settings.json_schema or "")
        elif self.kind == "regex":
            self.pattern = self._pattern(settings.pattern or "")

    def _schema(self, text: str) -> Any:
        if not text.strip():
            self.problems.append("The format check needs a JSON Schema; none was given, so format was not checked.")
            self.kind = "none"
            return None
        if len(text) > MAX_SCHEMA_CHARS:
            self.problems.append(
                f"The JSON Schema is over {MAX_SCHEMA_CHARS:,} characters; format was not checked. Paste a smaller one."
            )
            self.kind = "none"
            return None
        try:
            schema = json.loads(text)
            validator_class = jsonschema.validators.validator_for(schema)
            validator_class.check_schema(schema)
            return validator_class(schema)
        except (ValueError, RecursionError, jsonschema.SchemaError, TypeError) as error:
            reason = error.message if isinstance(error, jsonschema.SchemaError) else str(error)
            self.problems.append(f"The JSON Schema is not valid ({safe_text(reason, 120)}); format was not checked.")
            self.kind = "none"
            return None

    def _pattern(self, text: str) -> Any:
        if not text or len(text) > MAX_PATTERN_CHARS:
            self.problems.append(
                f"The format check needs a regular expression of 1 to {MAX_PATTERN_CHARS:,} characters; "
                "format was not checked."
            )
            self.kind = "none"
            return None
        try:
            return regex.compile(text)
        except (regex.error, RecursionError, OverflowError) as error:
            self.problems.append(
                f"The regular expression is not valid ({safe_text(str(error), 120)}); format was not checked."
            )
            self.kind = "none"
            return None

    def check(self, answer: str, line: int) -> bool | None:
        """True when the answer keeps the format, False when it breaks it, None when it was not checked."""
        if self.kind == "none":
            return None
        if self.kind == "regex":
            try:
                return self.pattern.fullmatch(answer, timeout=PATTERN_TIMEOUT_S) is not None
            except TimeoutError:
                self.timeouts += 1
                self.problems.append(
                    f"Line {line:,}: the regular expression took over {PATTERN_TIMEOUT_S:g} s on this answer "
                    "and was stopped."
                )
                if self.timeouts >= MAX_PATTERN_TIMEOUTS:
                    self.problems.append(
                        "The regular expression was stopped too often (it backtracks catastrophically); "
                        "format was not checked on the remaining rows. Simplify it (no nested quantifiers)."
                    )
                    self.kind = "none"
                return None
        try:
            parsed = json.loads(answer)
        except (ValueError, RecursionError):
            return False
        if self.kind == "json":
            return True
        try:
            return bool(self.validator.is_valid(parsed))
        except (RecursionError, jsonschema.exceptions.RefResolutionError, jsonschema.exceptions.UnknownType):
            return None


# --------------------------------------------------------------------------------------------------------------
# The triage
# --------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Fields:
    line: int
    run: str
    question: str
    answer: str | None
    reference: str | None
    context: str | None
    grade: bool | None
    too_long: str | None
    # SQuAD-normalised, computed once (they are compared more than once)
    norm_question: str = ""
    norm_answer: str = ""
    norm_reference: str = ""

    def __post_init__(self) -> None:
        if self.too_long is None:
            self.norm_question = normalize_answer(self.question)
            self.norm_answer = normalize_answer(self.answer or "")
            self.norm_reference = normalize_answer(self.reference or "")


def _fields(row: _Row, columns: Mapping[str, str], problems: list[str], grade_warned: list[bool]) -> _Fields:
    def cell(role: str) -> Any:
        column = columns.get(role)
        return row.cells.get(column) if column else None

    texts = {role: _text(cell(role)) if columns.get(role) else None for role in ROLES}
    too_long = next((role for role, t in texts.items() if t is not None and len(t) > MAX_CELL_CHARS), None)
    if too_long is not None:
        problems.append(
            f"Line {row.line:,}: the {ROLE_LABELS[too_long]} is over {MAX_CELL_CHARS:,} characters; "
            "this row was not judged."
        )
    for role in ("question", "answer", "reference"):
        value = texts[role]
        if value and _FORMULA.match(value):
            problems.append(
                f"Line {row.line:,}: the {ROLE_LABELS[role]} starts like a spreadsheet formula; it is read as "
                "plain text and neutralised in every download."
            )
    grade = None
    if columns.get("grade"):
        raw = cell("grade")
        grade = _grade(raw)
        if grade is None and _text(raw).strip() and not grade_warned[0]:
            grade_warned[0] = True
            problems.append(
                f"Line {row.line:,}: the grade '{safe_text(_text(raw), 30)}' is not a pass or fail "
                "(pass/fail, yes/no, true/false, 1/0); rows like it are judged without a grade."
            )
    answer = texts["answer"]
    return _Fields(
        line=row.line,
        run=(texts["run"] or "").strip()[:200] or "all",
        question=texts["question"] or "",
        answer=answer if answer and answer.strip() else None,
        reference=texts["reference"] if texts["reference"] and texts["reference"].strip() else None,
        context=texts["context"],
        grade=grade,
        too_long=too_long,
    )


def _disagreeing_questions(rows: list[_Fields]) -> set[tuple[str, str]]:
    """(run, question) pairs answered differently across repeats within a run."""
    answers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row.question.strip() and row.answer is not None and row.too_long is None:
            answers[(row.run, row.norm_question)].add(row.norm_answer)
    return {key for key, seen in answers.items() if len(seen) > 1}


def _verdict(
    row: _Fields,
    settings: TriageSettings,
    checker: _FormatChecker,
    disagreeing: set[tuple[str, str]],
    has_context: bool,
) -> RowVerdict:
    base: dict[str, Any] = {"line": row.line, "run": row.run, "question": row.question[:200]}
    if row.too_long is not None:
        return RowVerdict(**base, verdict="cant_tell", reason=f"the {ROLE_LABELS[row.too_long]} is too long to judge")
    if row.answer is None:
        return RowVerdict(**base, verdict="cant_tell", reason="no answer in this row")
    format_ok = checker.check(row.answer, row.line)
    base["format_ok"] = format_ok
    base["grade"] = row.grade
    if format_ok is False:
        kind = {"json": "is not valid JSON", "schema": "breaks the JSON Schema", "regex": "does not match the pattern"}
        return RowVerdict(
            **base, correct=False, verdict="format", reason=f"the answer {kind.get(checker.kind, 'breaks the format')}"
        )
    correct: bool | None
    if row.grade is not None:
        correct = row.grade
        why = "graded pass" if correct else "graded fail"
    elif row.reference is not None:
        gold, said = row.norm_reference, row.norm_answer
        base["exact_match"] = said == gold
        base["contains_reference"] = bool(gold) and f" {gold} " in f" {said} "
        base["f1"] = round(_f1(said.split(), gold.split()), 3)
        correct = base["exact_match"] or base["contains_reference"] or base["f1"] >= settings.f1_threshold
        if base["exact_match"]:
            why = "matches the reference"
        elif base["contains_reference"]:
            why = "contains the reference"
        else:
            word = "at or above" if correct else "below"
            why = f"token F1 {base['f1']:.2f} is {word} {settings.f1_threshold:.2f}"
    else:
        return RowVerdict(**base, verdict="cant_tell", reason="no reference answer and no grade to judge it by")
    base["correct"] = correct
    if correct:
        return RowVerdict(**base, verdict="correct", reason=why)
    if (row.run, row.norm_question) in disagreeing:
        return RowVerdict(
            **base, verdict="inconsistent", reason=f"{why}; the same question got a different answer in this run"
        )
    if not has_context:
        return RowVerdict(
            **base, verdict="cant_tell", reason=f"{why}; the log has no context column to tell what the model saw"
        )
    if row.reference is None:
        return RowVerdict(**base, verdict="cant_tell", reason=f"{why}; no reference answer to look for in the context")
    if not (row.context or "").strip():
        return RowVerdict(**base, verdict="visibility", reason=f"{why}; the model was given no context")
    share = fact_share(row.reference, row.context or "")
    if share is None:
        return RowVerdict(**base, verdict="cant_tell", reason=f"{why}; the reference has no content words to look for")
    base["fact_share"] = round(share, 3)
    threshold = settings.visibility_threshold
    if share < threshold:
        reason = f"{why}; {share:.0%} of the reference's words are in the context (under {threshold:.0%}, lexical)"
        return RowVerdict(**base, verdict="visibility", reason=reason)
    reason = f"{why}; {share:.0%} of the reference's words are in the context (the fact was in view, lexical)"
    return RowVerdict(**base, verdict="behaviour", reason=reason)


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"…and {len(problems) - MAX_PROBLEMS:,} more messages like these."]


def summarise(rows: list[RowVerdict]) -> tuple[dict[str, dict[str, int]], dict[str, float | None]]:
    """Rows per verdict per run, and each run's share correct among the rows whose correctness is known (None
    when none is): a wrong answer whose cause cannot be told still counts as wrong."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        per_run = counts.setdefault(row.run, dict.fromkeys(VERDICTS, 0))
        per_run[row.verdict] += 1
    judged: Counter[str] = Counter(row.run for row in rows if row.correct is not None)
    right: Counter[str] = Counter(row.run for row in rows if row.correct)
    accuracy = {run: right[run] / judged[run] if judged[run] else None for run in counts}
    return counts, accuracy


def overrule(report: TriageReport, overrides: Mapping[int, Verdict]) -> TriageReport:
    """The report with some rows' verdicts set by the person (index in `rows` -> verdict); counts follow."""
    rows = [
        row.model_copy(
            update={
                "verdict": overrides[i],
                "reason": f"overruled by hand (was {row.verdict})",
                "correct": None if overrides[i] == "cant_tell" else overrides[i] == "correct",
            }
        )
        if i in overrides and overrides[i] != row.verdict
        else row
        for i, row in enumerate(report.rows)
    ]
    counts, accuracy = summarise(rows)
    return report.model_copy(update={"rows": rows, "counts": counts, "accuracy": accuracy})


def triage_eval_log(data: bytes, filename: str, settings: TriageSettings | None = None) -> TriageReport:
    """Give every row of an eval log (CSV, JSONL or JSON) one verdict with its reason; see the module docstring
    for the checks and their order. Never raises on bad input: each problem is a plain message naming its line."""
    settings = settings or TriageSettings()
    problems: list[str] = []
    if len(data) > MAX_LOG_BYTES:
        problems.append(
            f"The file is {len(data) / 1024 / 1024:,.1f} MB; the limit is {MAX_LOG_BYTES // 1024 // 1024} MB. "
            "Upload a sample of the rows."
        )
        return TriageReport(rows=[], counts={}, accuracy={}, problems=problems, settings=settings)
    raw_rows = _read_rows(data, filename, problems)
    if len(raw_rows) > MAX_ROWS:
        problems.append(f"The log has {len(raw_rows):,} rows; the first {MAX_ROWS:,} were triaged.")
        raw_rows = raw_rows[:MAX_ROWS]
    available = _column_list(raw_rows)
    columns = recognise_columns(available)
    for role, column in settings.columns.items():
        if role not in ROLES:
            continue
        if column == "":
            columns.pop(role, None)
        elif column in available:
            columns[role] = column
        else:
            problems.append(f"The column '{safe_text(column)}' chosen for the {ROLE_LABELS[role]} is not in the log.")
    if raw_rows and "answer" not in columns:
        problems.append("No column was recognised as the system's answer; choose it below.")
    checker = _FormatChecker(settings, problems)
    grade_warned = [False]
    fields = [_fields(row, columns, problems, grade_warned) for row in raw_rows]
    disagreeing = _disagreeing_questions(fields)
    has_context = "context" in columns
    verdicts = [_verdict(row, settings, checker, disagreeing, has_context) for row in fields]
    counts, accuracy = summarise(verdicts)
    samples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in fields:
        if len(samples[row.run]) < SAMPLE_ROWS and row.too_long is None:
            samples[row.run].append((row.question, row.context or "", row.answer or ""))
    return TriageReport(
        rows=verdicts,
        counts=counts,
        accuracy=accuracy,
        problems=_capped(problems),
        convention=detect_convention(available),
        columns=columns,
        available_columns=available[:200],
        settings=settings,
        samples=dict(samples),
    )


# --------------------------------------------------------------------------------------------------------------
# Into the decision
# --------------------------------------------------------------------------------------------------------------


def current_run(report: TriageReport, run: str | None = None) -> str | None:
    """The run read as the team's current system: the one asked for, else `prompt_only`, else the first."""
    if run in report.counts:
        return run
    if "prompt_only" in report.counts:
        return "prompt_only"
    return next(iter(report.counts), None)


def observed_verdicts(report: TriageReport, run: str | None = None) -> dict[str, int]:
    """The failure verdicts of the run that reach the observed threshold (assets/evidence.json), with counts."""
    chosen = current_run(report, run)
    if chosen is None:
        return {}
    per_run = report.counts[chosen]
    total = sum(per_run.values())
    thresholds = evidence_thresholds()
    least = max(thresholds.observed_min_rows.value, thresholds.observed_share.value * total)
    return {
        verdict: count
        for verdict, count in per_run.items()
        if verdict not in ("correct", "cant_tell") and count and count >= least
    }


def answers_from_evidence(report: TriageReport, answers: Answers, run: str | None = None) -> Answers:
    """Diagnose's answers with what the evidence shows filled in (others kept as they were).

    Measuring an eval set is itself the strong-prompt evidence (`strong_prompt_measured`). Observed verdicts of
    the chosen run: visibility -> `missing_facts`; behaviour (wrong with the fact in view) ->
    `context_already_present` and `inconsistent_answers`; format -> `format_drift`; inconsistent ->
    `inconsistent_answers`; visibility and behaviour together -> `needs_both` too.
    """
    filled = set(evidence_fields(report, run))
    modes: list[FailureMode] = list(answers.failure_modes)
    for mode in FAILURE_MODES:
        if mode in filled and mode not in modes:
            modes.append(mode)
    return answers.model_copy(
        update={
            "strong_prompt_measured": answers.strong_prompt_measured or "strong_prompt_measured" in filled,
            "context_already_present": answers.context_already_present or "context_already_present" in filled,
            "failure_modes": modes,
        }
    )


def evidence_fields(report: TriageReport, run: str | None = None) -> list[EvidenceAnswer]:
    """Which Diagnose answers the evidence fills in (see answers_from_evidence)."""
    if current_run(report, run) is None:
        return []
    seen = observed_verdicts(report, run)
    fields: list[EvidenceAnswer] = ["strong_prompt_measured"]
    if "visibility" in seen:
        fields.append("missing_facts")
    if "behaviour" in seen:
        fields += ["context_already_present", "inconsistent_answers"]
    if "inconsistent" in seen and "inconsistent_answers" not in fields:
        fields.append("inconsistent_answers")
    if "format" in seen:
        fields.append("format_drift")
    if "visibility" in seen and "behaviour" in seen:
        fields.append("needs_both")
    return fields


def evidence_summary(report: TriageReport, run: str | None = None) -> EvidenceSummary:
    """What the scenario keeps of the triage: rows, the run read, counts per run, thresholds, filled answers.

    Small enough for a link: the run read first, then up to SUMMARY_RUNS runs, names cut to SUMMARY_NAME_CHARS,
    verdicts with no rows left out.
    """
    chosen = current_run(report, run) or ""
    names = [chosen, *(name for name in report.counts if name != chosen)] if chosen else list(report.counts)
    counts: dict[str, dict[Verdict, int]] = {}
    for name in names:
        short = name[:SUMMARY_NAME_CHARS]
        if len(counts) < SUMMARY_RUNS and short not in counts:  # two names cut alike: the first one is kept
            counts[short] = {v: n for v, n in report.counts[name].items() if v in VERDICTS and n}
    return EvidenceSummary(
        rows=len(report.rows),
        run=chosen[:SUMMARY_NAME_CHARS],
        counts=counts,
        f1_threshold=report.settings.f1_threshold,
        visibility_threshold=report.settings.visibility_threshold,
        format_check=report.settings.format_check,
        from_evidence=evidence_fields(report, run),
    )


def evidence_accuracy(report: TriageReport) -> dict[str, float]:
    """Measured accuracy of the runs named like a strategy, for cost per correct answer."""
    return {run: value for run, value in report.accuracy.items() if run in STRATEGIES and value is not None}


def measured_lengths(report: TriageReport, run: str | None = None, model: str = "gpt-4o-mini") -> dict[str, int]:
    """Mean tokens of the question, the context and the answer over the chosen run's first rows (up to
    SAMPLE_ROWS), counted with the model's tokenizer; empty when the run has no rows."""
    chosen = current_run(report, run)
    sample = report.samples.get(chosen or "", [])
    if not sample:
        return {}
    means = {}
    for index, part in enumerate(("question", "context", "answer")):
        means[part] = round(sum(count_tokens(item[index], model) for item in sample) / len(sample))
    return means
