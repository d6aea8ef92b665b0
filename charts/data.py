"""The Your data page's pictures and tables: token spread of a training file, what dominates a corpus.

Pure builders over core's reports, so they are tested without a browser. Names of uploaded files are the
user's text: they are escaped before Plotly (which reads a few HTML tags in labels) and shortened.
"""

from __future__ import annotations

import csv
import io

import plotly.graph_objects as go

import core
from charts.theme import STRATEGY_COLORS, apply

# Bars in the corpus chart; the table below it lists every document.
TOP_DOCUMENTS = 15
# Line numbers shown per problem in the on-screen table; the CSV has them all.
LINES_SHOWN = 10
_NAME_CHARS = 40
# Up to this many examples in the tallest bar, the count axis ticks every whole example.
SMALL_COUNT = 10
CSV_COLUMNS = ("line", "severity", "kind", "problem")


def _label(name: str) -> str:
    # Plotly renders <b>, <a href=...> and entities in labels; uploaded names must stay plain text.
    short = name if len(name) <= _NAME_CHARS else name[: _NAME_CHARS - 1] + "…"
    return short.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def token_histogram_chart(report: core.DatasetReport) -> go.Figure:
    """Bars of how many examples fall in each token-count range, with the model's per-example limit marked."""
    bins = report.token_histogram
    fig = go.Figure()
    fig.add_bar(
        x=[(b.lower + b.upper) / 2 for b in bins],
        y=[b.count for b in bins],
        width=[b.upper - b.lower for b in bins],
        customdata=[[b.lower, b.upper - 1] for b in bins],
        marker_color=STRATEGY_COLORS["fine_tuning"],
        marker_line={"color": "white", "width": 1},
        name="examples",
        hovertemplate="%{customdata[0]:,}–%{customdata[1]:,} tokens: %{y:,} examples<extra></extra>",
        showlegend=False,
    )
    if report.token_limit is not None and bins and report.token_limit <= bins[-1].upper:
        fig.add_vline(
            x=report.token_limit,
            line={"color": "#c0392b", "dash": "dash", "width": 2},
            annotation_text=f"limit {report.token_limit:,}",
            annotation_position="top left",
        )
    fig.update_xaxes(title="tokens per example", rangemode="tozero")
    # Counts are whole examples: a small file gets one tick per example instead of 0.2, 0.4, ...
    few = max((b.count for b in bins), default=0) <= SMALL_COUNT
    fig.update_yaxes(title="examples", rangemode="tozero", dtick=1 if few else None, tickformat=",d")
    return apply(fig, title="How long the training examples are", height=360)


def corpus_documents_chart(report: core.CorpusReport, top: int = TOP_DOCUMENTS) -> go.Figure:
    """Horizontal bars of the largest documents' tokens, biggest on top; the title says how many are shown."""
    shown = report.documents[:top]
    fig = go.Figure()
    fig.add_bar(
        y=[f"{index}. {_label(doc.name)}" for index, doc in enumerate(shown, start=1)],
        x=[doc.tokens for doc in shown],
        customdata=[doc.share * 100 for doc in shown],
        orientation="h",
        marker_color=STRATEGY_COLORS["rag"],
        hovertemplate="%{y}: %{x:,} tokens (%{customdata:.1f}% of the corpus)<extra></extra>",
        showlegend=False,
    )
    fig.update_xaxes(title="tokens", rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    total = len(report.documents)
    title = "Which documents dominate the corpus" + (f" (largest {len(shown)} of {total})" if total > top else "")
    return apply(fig, title=title, height=max(260, 90 + 32 * len(shown)))


def problem_table(report: core.DatasetReport) -> list[dict[str, object]]:
    """One row per problem kind (errors first): what it means, how many lines, the first line numbers."""
    rows: list[dict[str, object]] = []
    for severity, lines, counts, meanings in (
        ("error", report.errors, report.error_counts, core.DATASET_ERROR_KINDS),
        ("warning", report.warnings, report.warning_counts, core.DATASET_WARNING_KINDS),
    ):
        for kind in sorted(counts, key=lambda k: (-counts[k], k)):
            first = lines.get(kind, [])[:LINES_SHOWN]
            more = "…" if counts[kind] > len(first) else ""
            rows.append(
                {
                    "Severity": severity,
                    "Problem": meanings.get(kind, kind),
                    "Lines": counts[kind],
                    "First line numbers": ", ".join(map(str, first)) + more,
                }
            )
    return rows


def problems_csv(report: core.DatasetReport) -> str:
    """Every recorded (line, problem) pair as CSV, ordered by line: what the user downloads to fix the file."""
    records: list[tuple[int, str, str, str]] = []
    for severity, lines, meanings in (
        ("error", report.errors, core.DATASET_ERROR_KINDS),
        ("warning", report.warnings, core.DATASET_WARNING_KINDS),
    ):
        for kind, numbers in lines.items():
            records.extend((number, severity, kind, meanings.get(kind, kind)) for number in numbers)
    records.sort(key=lambda record: (record[0], record[1], record[2]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(records)
    return buffer.getvalue()


def document_table(report: core.CorpusReport) -> list[dict[str, object]]:
    """One row per readable document, largest first: tokens, chunks and share of the corpus in percent."""
    return [
        {"Document": doc.name, "Tokens": doc.tokens, "Chunks": doc.chunks, "Share of corpus (%)": doc.share * 100}
        for doc in report.documents
    ]
