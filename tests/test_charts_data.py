"""The Your data page's chart and table builders, over hand-made reports (no browser, no tokenizer)."""

from __future__ import annotations

import csv
import io

import core
from charts.data import (
    LINES_SHOWN,
    TOP_DOCUMENTS,
    corpus_documents_chart,
    document_table,
    problem_table,
    problems_csv,
    token_histogram_chart,
)


def dataset_report(**fields: object) -> core.DatasetReport:
    return core.DatasetReport.model_validate({"model": "gpt-4o-mini", "encoding_name": "o200k_base", **fields})


def corpus_report(documents: list[tuple[str, int]]) -> core.CorpusReport:
    total = sum(tokens for _, tokens in documents)
    return core.CorpusReport(
        embedding_model="text-embedding-3-small",
        encoding_name="cl100k_base",
        tokens_are_approximate=False,
        chunk_tokens=100,
        overlap_tokens=0,
        corpus_tokens=total,
        n_chunks=0,
        embedded_tokens=total,
        embedding_usd_per_mtok=None,
        embedding_cost_usd=None,
        dimensions=None,
        index_bytes=None,
        documents=[
            core.DocumentSize(name=name, tokens=tokens, chunks=1, share=tokens / total) for name, tokens in documents
        ],
    )


BINS = [
    core.HistogramBin(lower=0, upper=50, count=2),
    core.HistogramBin(lower=50, upper=100, count=0),
    core.HistogramBin(lower=100, upper=150, count=7),
]


def test_histogram_has_one_bar_per_bin_centred_with_the_bin_width() -> None:
    fig = token_histogram_chart(dataset_report(token_histogram=BINS, token_limit=120))
    bar = fig.data[0]
    assert list(bar.y) == [2, 0, 7]
    assert list(bar.x) == [25, 75, 125]
    assert list(bar.width) == [50, 50, 50]
    assert "long" in fig.layout.title.text


def test_histogram_marks_the_limit_only_when_it_falls_on_the_chart() -> None:
    inside = token_histogram_chart(dataset_report(token_histogram=BINS, token_limit=120))
    beyond = token_histogram_chart(dataset_report(token_histogram=BINS, token_limit=65_536))
    unknown = token_histogram_chart(dataset_report(token_histogram=BINS, token_limit=None))
    assert [shape.x0 for shape in inside.layout.shapes] == [120]
    assert "120" in inside.layout.annotations[0].text
    assert not beyond.layout.shapes and not unknown.layout.shapes


def test_histogram_of_a_small_file_ticks_whole_examples() -> None:
    small = token_histogram_chart(dataset_report(token_histogram=BINS))
    big = token_histogram_chart(dataset_report(token_histogram=[core.HistogramBin(lower=0, upper=10, count=500)]))
    assert small.layout.yaxis.dtick == 1
    assert big.layout.yaxis.dtick is None


def test_histogram_of_an_empty_report_draws_without_error() -> None:
    fig = token_histogram_chart(dataset_report())
    assert list(fig.data[0].y) == []


def test_corpus_chart_shows_the_largest_documents_biggest_first() -> None:
    documents = [(f"doc{i}.md", 1000 - i) for i in range(TOP_DOCUMENTS + 5)]
    fig = corpus_documents_chart(corpus_report(documents))
    bar = fig.data[0]
    assert len(bar.x) == TOP_DOCUMENTS
    assert list(bar.x) == [1000 - i for i in range(TOP_DOCUMENTS)]
    assert bar.y[0] == "1. doc0.md"
    assert f"largest {TOP_DOCUMENTS} of {TOP_DOCUMENTS + 5}" in fig.layout.title.text
    few = corpus_documents_chart(corpus_report([("a.md", 3), ("b.md", 1)]))
    assert "largest" not in few.layout.title.text
    assert list(few.data[0].customdata) == [75.0, 25.0]


def test_corpus_chart_keeps_uploaded_names_as_plain_text() -> None:
    hostile = '<a href="javascript:alert(1)">click</a>.txt'
    fig = corpus_documents_chart(corpus_report([(hostile, 10), ("x" * 200 + ".md", 5)]))
    first, second = fig.data[0].y
    assert "<" not in first and ">" not in first
    assert "&lt;a href" in first
    assert len(second) < 60 and second.endswith("…")


def test_problem_table_lists_errors_then_warnings_with_their_meaning() -> None:
    lines = list(range(1, 40))
    report = dataset_report(
        errors={"invalid_json": lines, "missing_content": [7]},
        error_counts={"invalid_json": 39, "missing_content": 1},
        warnings={"missing_system_message": [2, 3]},
        warning_counts={"missing_system_message": 2},
    )
    rows = problem_table(report)
    assert [row["Severity"] for row in rows] == ["error", "error", "warning"]
    assert rows[0]["Problem"] == core.DATASET_ERROR_KINDS["invalid_json"]
    assert rows[0]["Lines"] == 39
    shown = ", ".join(str(n) for n in range(1, LINES_SHOWN + 1))
    assert rows[0]["First line numbers"] == shown + "…"
    assert rows[1]["First line numbers"] == "7"
    assert rows[2]["Problem"] == core.DATASET_WARNING_KINDS["missing_system_message"]
    assert problem_table(dataset_report()) == []


def test_problem_csv_has_one_row_per_line_and_kind_in_line_order() -> None:
    report = dataset_report(
        errors={"invalid_json": [9, 2], "missing_content": [5]},
        error_counts={"invalid_json": 2, "missing_content": 1},
        warnings={"missing_user_message": [5]},
        warning_counts={"missing_user_message": 1},
    )
    rows = list(csv.reader(io.StringIO(problems_csv(report))))
    assert rows[0] == ["line", "severity", "kind", "problem"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("2", "error", "invalid_json"),
        ("5", "error", "missing_content"),
        ("5", "warning", "missing_user_message"),
        ("9", "error", "invalid_json"),
    ]
    assert rows[1][3] == core.DATASET_ERROR_KINDS["invalid_json"]
    assert problems_csv(dataset_report()) == "line,severity,kind,problem\n"


def test_document_table_gives_share_in_percent_largest_first() -> None:
    rows = document_table(corpus_report([("big.md", 300), ("small.txt", 100)]))
    assert [row["Document"] for row in rows] == ["big.md", "small.txt"]
    assert rows[0]["Share of corpus (%)"] == 75.0
    assert rows[1]["Tokens"] == 100
