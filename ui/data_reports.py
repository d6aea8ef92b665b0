"""What the Your data page shows of a checked training file and a sized corpus, and the session's store of them.

An upload is hashed once and its report kept per session (a few at most), so switching the offering back and
forth does not re-read a big file; Streamlit's data cache is not used because it replays st calls made inside a cached
function, and the progress bar lives outside.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import core
from charts.data import corpus_documents_chart, document_table, problem_table, problems_csv, token_histogram_chart
from present import escape
from present import format as fmt
from ui import figures, state

HASHES = "your_data.hashes"
REPORTS_KEPT = 4
_STATS = (("min", "minimum"), ("median", "median"), ("90th pct", "p90"), ("max", "maximum"), ("mean", "mean"))


def file_hash(upload: UploadedFile) -> str:
    """sha256 of an upload, computed once per uploaded file (the upload's id changes when the file does)."""
    known: dict[str, str] = st.session_state.setdefault(HASHES, {})
    if upload.file_id not in known:
        if len(known) > 64:
            known.clear()
        known[upload.file_id] = hashlib.sha256(upload.getbuffer()).hexdigest()
    return known[upload.file_id]


def remembered(store_key: str, key: tuple[Any, ...]) -> Any:
    """A report this session already computed for `key`, or None."""
    return st.session_state.setdefault(store_key, {}).get(key)


def remember(store_key: str, key: tuple[Any, ...], report: Any) -> None:
    """Keep a report for `key`, dropping the oldest past REPORTS_KEPT."""
    store: dict[tuple[Any, ...], Any] = st.session_state.setdefault(store_key, {})
    store[key] = report
    while len(store) > REPORTS_KEPT:
        del store[next(iter(store))]


def _dataset_figures(report: core.DatasetReport, epochs: int | str) -> None:
    examples, errors, warnings, cost = st.columns(4)
    examples.metric("Usable examples", fmt.count(report.n_examples), help="Lines with no error; only these count.")
    examples.caption(f"of {fmt.count(report.n_lines)} non-blank lines")
    errors.metric("Lines with errors", fmt.count(report.n_lines - report.n_examples))
    warnings.metric("Warnings", fmt.count(sum(report.warning_counts.values())))
    if report.training_per_hour:
        cost.metric("Training cost", "billed by the hour")
        cost.caption("This offering bills training by the hour: enter the hours on the Estimate page.")
    elif report.training_cost_usd is None:
        cost.metric("Training cost", "price unknown")
        cost.caption("Set this offering's training price on the Estimate page (Prices).")
    else:
        cost.metric("Training cost", fmt.usd(report.training_cost_usd), help="One training run, all epochs.")
        cost.caption(
            f"at {fmt.usd(report.training_usd_per_mtok)} per 1M training tokens"
            + (f"; approximate for {escape.streamlit(report.model_family)}" if report.approximate else "")
        )

    epochs_col, billed, limit, system = st.columns(4)
    epochs_col.metric("Epochs", "—" if report.epochs is None else str(report.epochs))
    epochs_col.caption("chosen automatically from the example count" if epochs == "auto" else "as you set it")
    billed.metric("Billed training tokens", fmt.count(report.billed_tokens))
    billed.caption(f"{fmt.count(report.billed_tokens_per_epoch)} per epoch")
    limit.metric("Longest example allowed", "unknown" if report.token_limit is None else fmt.count(report.token_limit))
    limit.caption(f"{fmt.count(report.n_over_limit)} example(s) over it; only the first tokens would count")
    system.metric(
        "Mean system prompt",
        "none" if report.mean_system_prompt_tokens is None else f"{fmt.count(report.mean_system_prompt_tokens)} tokens",
    )
    system.caption("over the examples that have one")


def _token_spread(report: core.DatasetReport) -> None:
    if report.example_tokens is None or report.assistant_tokens is None:
        return
    spread, chart = st.columns([2, 3])
    with spread:
        st.markdown("**Tokens per example**")
        st.table(
            [
                {"": label, **{name: fmt.count(getattr(stats, field)) for name, field in _STATS}}
                for label, stats in (
                    ("whole example", report.example_tokens),
                    ("assistant reply", report.assistant_tokens),
                )
            ],
            border="horizontal",
            hide_index=True,
        )
        st.caption(token_count_label(report))
    with chart:
        figures.show(token_histogram_chart(report), key="your_data.ft_histogram")


def token_count_label(report: core.DatasetReport) -> str:
    """How the tokens were counted, and how far off they may be."""
    if not report.approximate:
        return f"Counted with {report.encoding_name}, {report.model}'s own tokenizer, as OpenAI's cookbook counts."
    return (
        f"Counted with {report.encoding_name}: approximate for {escape.streamlit(report.model_family)}, whose own "
        "tokenizer is not bundled. No dated source we found gives the size of the error for this model family, so "
        "the counts, the limits and the training cost carry this label."
    )


def _format_name(fmt: str) -> str:
    return core.FORMAT_LABELS.get(fmt, "a format we do not know")


def show_format(report: core.DatasetReport) -> None:
    """The file's format, which offerings take it, and whether the chosen one does (with the sources)."""
    if report.file_error:
        return
    chosen = core.offering(report.offering)
    takers = [o.label for o in core.fine_tuning_offerings() if report.format in o.training_formats]
    st.markdown(f"**File format:** {escape.streamlit(_format_name(report.format))}")
    if takers:
        st.caption("Taken by: " + "; ".join(escape.streamlit(label) for label in takers))
    phrase = escape.streamlit(chosen.phrase)
    if report.format_accepted is False:
        wanted = " or ".join(_format_name(f) for f in report.accepted_formats)
        st.error(
            f"{phrase} does not take this file: it takes {wanted}, and this file is "
            f"{_format_name(report.format)}. Convert it below and check the converted file.",
            icon=":material/block:",
        )
    elif report.format_accepted is None:
        st.info(
            f"Which training format {phrase} takes is not in our sources: it is unknown and not enforced here.",
            icon=":material/help:",
        )
    else:
        st.success(f"{phrase} takes this format.", icon=":material/check_circle:")
    if report.format in core.TRAINING_FORMATS:
        with st.expander("Rules checked for this format, and where they come from"):
            st.table(
                [
                    {"Rule": r.rule, "Value": r.value, "Source": r.source, "As of": r.as_of, "V/S": r.confidence}
                    for r in core.rules_for(report.format)
                ],
                border="horizontal",
                hide_index=True,
            )
            source = core.formats_source(report.offering)
            st.caption(
                "A rule no source gives (file size, most examples, most tokens per example where the offering "
                "publishes none) is not enforced. "
                + (f"What this offering takes: {escape.streamlit(source)}." if source else "")
            )


def show_conversion(conversion: core.Conversion, file_stem: str) -> None:
    """The download of a converted file and what did not carry over."""
    label = _format_name(conversion.target)
    st.download_button(
        f"Download for {label}",
        data=conversion.data,
        file_name=f"{file_stem}.{conversion.target}.jsonl",
        mime="application/jsonl",
        icon=":material/download:",
        key="your_data.ft_convert_download",
        disabled=conversion.examples == 0,
        on_click="ignore",
    )
    st.caption(
        f"{fmt.count(conversion.examples)} of {fmt.count(conversion.lines)} record(s) written; each passed the "
        f"{label} check before it was written."
    )
    if conversion.dropped:
        st.warning("What did not carry over:", icon=":material/warning:")
        st.markdown("\n".join(f"- {escape.streamlit(line)}" for line in conversion.dropped))
    else:
        st.success("Everything carried over.", icon=":material/check:")


def _problems(report: core.DatasetReport) -> None:
    rows = problem_table(report)
    if not rows:
        st.success("No problems found on any line.", icon=":material/check_circle:")
        return
    st.markdown("**Problems, by kind**")
    st.table(rows, border="horizontal", hide_index=True)
    st.download_button(
        "Download every problem with its line number (CSV)",
        data=problems_csv(report),
        file_name="training_file_problems.csv",
        mime="text/csv",
        icon=":material/download:",
        key="your_data.ft_download",
        on_click="ignore",  # a download needs no rerun of a page that may hold a big report
    )


def show_dataset(report: core.DatasetReport, epochs: int | str, on_use: Callable[..., None], used: bool) -> None:
    """Counts, token spread, cost, problems and the hand-off to Estimate (`on_use(report, epochs)`)."""
    if report.file_error:
        st.error(report.file_error, icon=":material/block:")
        return
    if report.n_examples == 0:
        st.error(
            "No line in this file is a usable training example; the table below says what is wrong and where.",
            icon=":material/block:",
        )
    for remark in report.dataset_warnings.values():
        st.warning(remark, icon=":material/warning:")
    _dataset_figures(report, epochs)
    _token_spread(report)
    _problems(report)
    st.markdown("**Carry these numbers into the estimate**")
    st.caption(
        "Sets the fine-tuning offering and epochs, the number of training examples, the mean tokens per example, "
        "the mean assistant reply as the output length, and the mean system prompt as the instructions that stay "
        "in each request after fine-tuning (none if the examples have no system prompt)."
        + (
            f" The token counts are approximate for {escape.streamlit(report.model_family)} "
            f"({report.encoding_name} stands in for its tokenizer)."
            if report.approximate
            else ""
        )
    )
    st.button(
        "Use in estimate",
        key="your_data.ft_use",
        type="primary",
        icon=":material/input:",
        disabled=report.n_examples == 0,
        on_click=on_use,
        args=(report, epochs),
    )
    if used:
        st.success("The estimate now uses this file's numbers.", icon=":material/check:")
        state.page_link("estimate", label="Open Estimate")


def show_corpus(report: core.CorpusReport, churn: float, on_use: Callable[..., None], used: bool) -> None:
    """Totals, costs, per-document rows, unreadable files and the hand-off to Estimate (`on_use(report)`)."""
    if report.unreadable:
        st.warning(
            f"{len(report.unreadable)} file(s) could not be read and are left out; the others still count.",
            icon=":material/warning:",
        )
        st.dataframe(
            [{"File": name, "Why it could not be read": reason} for name, reason in report.unreadable],
            hide_index=True,
            key="your_data.corpus_unreadable",
            width="stretch",
        )
    if not report.documents:
        st.error("None of the uploaded files could be read, so there is nothing to size.", icon=":material/block:")
        return

    tokens, chunks, embed, monthly = st.columns(4)
    tokens.metric("Corpus tokens", fmt.count(report.corpus_tokens))
    tokens.caption(f"in {fmt.count(len(report.documents))} document(s), counted with {report.encoding_name}")
    chunks.metric("Chunks", fmt.count(report.n_chunks))
    chunks.caption(f"{fmt.count(report.chunk_tokens)} tokens each, {fmt.count(report.overlap_tokens)} overlapping")
    embed.metric("Embedding once", fmt.usd(report.embedding_cost_usd))
    if report.embedding_usd_per_mtok is None:
        embed.caption("No price for this embedding model in the catalogue.")
    else:
        embed.caption(
            f"{fmt.count(report.embedded_tokens)} tokens (overlaps twice) at "
            f"{fmt.usd(report.embedding_usd_per_mtok)} per 1M"
        )
    monthly.metric("Re-embedding per month", fmt.usd(core.monthly_reembed_usd(report, churn)))
    monthly.caption(f"for {churn:.0%} of the corpus changing each month")

    dims, index_size = st.columns(2)
    dims.metric("Vector size", "unknown" if report.dimensions is None else f"{report.dimensions:,} dimensions")
    index_size.metric("Raw index size", fmt.bytes_(report.index_bytes))
    index_size.caption("chunks × dimensions × 4 bytes; the vector database adds its own overhead")
    if report.tokens_are_approximate:
        st.caption(
            f"This model's own tokenizer is not bundled, so {report.encoding_name} stands in: counts are close, "
            "not exact."
        )

    figures.show(corpus_documents_chart(report), key="your_data.corpus_chart")
    st.dataframe(
        document_table(report),
        hide_index=True,
        key="your_data.corpus_documents",
        width="stretch",
        column_config={
            "Tokens": st.column_config.NumberColumn(format="localized"),
            "Chunks": st.column_config.NumberColumn(format="localized"),
            "Share of corpus (%)": st.column_config.NumberColumn(format="%.1f"),
        },
    )

    st.markdown("**Carry these numbers into the estimate**")
    st.caption("Sets the corpus size in tokens, the chunk size and the embedding model.")
    st.button(
        "Use in estimate",
        key="your_data.corpus_use",
        type="primary",
        icon=":material/input:",
        on_click=on_use,
        args=(report,),
    )
    if used:
        st.success("The estimate now uses this corpus.", icon=":material/check:")
        state.page_link("estimate", label="Open Estimate")
