"""Your data: check a fine-tuning file and size a retrieval corpus, then carry the numbers into the estimate."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import core
from charts.data import corpus_documents_chart, document_table, problem_table, problems_csv, token_histogram_chart
from present import format as fmt
from ui import state

FT_FILE = "your_data:ft_file"
FT_OFFERING = "your_data:ft_offering"
FT_EPOCHS = "your_data:ft_epochs"
FT_REPORTS = "your_data:ft_reports"
FT_USED = "your_data:ft_used"
CORPUS_FILES = "your_data:corpus_files"
CORPUS_OVERLAP = "your_data:corpus_overlap"
CORPUS_REPORTS = "your_data:corpus_reports"
CORPUS_USED = "your_data:corpus_used"
HASHES = "your_data:hashes"

FT_EXTENSIONS = (".jsonl", ".json", ".txt")
# Reports kept per session and per tool, so switching the model back and forth does not re-read a big file.
# (Not st.cache_data: it replays st calls made inside a cached function, and the progress bar lives outside.)
REPORTS_KEPT = 4
DEFAULT_OVERLAP_TOKENS = 50
EPOCH_CHOICES: list[int | str] = ["auto", *range(1, 51)]


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


def seed(key: str, value: Any) -> None:
    """Give an unbound widget its first value from the scenario."""
    if key not in st.session_state:
        st.session_state[key] = value


# ------------------------------------------------------------------------------------------ fine-tuning file


def use_dataset(report: core.DatasetReport, epochs: int | str) -> None:
    """Carry a checked file's numbers into the scenario the Estimate page prices."""
    assert report.example_tokens is not None and report.assistant_tokens is not None
    messages = state.update(
        {
            ("fine_tuning", "offering"): report.offering,
            ("fine_tuning", "epochs"): epochs,
            ("fine_tuning", "training_examples"): report.n_examples,
            ("fine_tuning", "tokens_per_example"): round(report.example_tokens.mean),
            # The system prompt the examples were trained with is what stays in every request afterwards.
            ("fine_tuning", "kept_instruction_tokens"): round(report.mean_system_prompt_tokens or 0),
            ("workload", "output_tokens"): round(report.assistant_tokens.mean),
        }
    )
    st.session_state[FT_USED] = not messages


def dataset_report(upload: UploadedFile, offering_id: str, epochs: int | str) -> core.DatasetReport:
    """The checker's report for this file, offering, epochs and prices; the file is read once per offering, with a
    progress bar, and other epochs or prices only re-price it."""
    scenario = state.scenario()
    chosen_epochs: int | Literal["auto"] = "auto" if epochs == "auto" else int(epochs)
    key = (file_hash(upload), offering_id)
    report: core.DatasetReport | None = remembered(FT_REPORTS, key)
    if report is None:
        bar = st.progress(0.0, text="Reading the file…")
        report = core.analyze_jsonl(
            upload.getvalue(),
            offering_id,
            lambda done: bar.progress(done, text=f"Reading the file… {done:.0%}"),
        )
        bar.empty()
        remember(FT_REPORTS, key, report)
    return core.reprice_dataset(report, chosen_epochs, scenario.offering_prices)


def show_dataset(report: core.DatasetReport, epochs: int | str) -> None:
    """Counts, token spread, cost, problems and the hand-off to Estimate."""
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
        cost.caption(f"at {fmt.usd(report.training_usd_per_mtok)} per 1M training tokens")

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

    if report.example_tokens is not None and report.assistant_tokens is not None:
        spread, chart = st.columns([2, 3])
        with spread:
            st.markdown("**Tokens per example**")
            st.table(
                [
                    {
                        "": label,
                        **{
                            name: fmt.count(value)
                            for name, value in (
                                ("min", stats.minimum),
                                ("median", stats.median),
                                ("90th pct", stats.p90),
                                ("max", stats.maximum),
                                ("mean", stats.mean),
                            )
                        },
                    }
                    for label, stats in (
                        ("whole example", report.example_tokens),
                        ("assistant reply", report.assistant_tokens),
                    )
                ],
                border="horizontal",
                hide_index=True,
            )
            st.caption(f"Counted with {report.encoding_name}, as OpenAI's cookbook counts chat examples.")
        with chart:
            st.plotly_chart(token_histogram_chart(report), key="your_data:ft_histogram", width="stretch")

    rows = problem_table(report)
    if rows:
        st.markdown("**Problems, by kind**")
        st.table(rows, border="horizontal", hide_index=True)
        st.download_button(
            "Download every problem with its line number (CSV)",
            data=problems_csv(report),
            file_name="training_file_problems.csv",
            mime="text/csv",
            icon=":material/download:",
            key="your_data:ft_download",
            on_click="ignore",  # a download needs no rerun of a page that may hold a big report
        )
    else:
        st.success("No problems found on any line.", icon=":material/check_circle:")

    st.markdown("**Carry these numbers into the estimate**")
    st.caption(
        "Sets the fine-tuning offering and epochs, the number of training examples, the mean tokens per example, "
        "the mean assistant reply as the output length, and the mean system prompt as the instructions that stay "
        "in each request after fine-tuning (none if the examples have no system prompt)."
    )
    st.button(
        "Use in estimate",
        key="your_data:ft_use",
        type="primary",
        icon=":material/input:",
        disabled=report.n_examples == 0,
        on_click=use_dataset,
        args=(report, epochs),
    )
    if st.session_state.get(FT_USED):
        st.success("The estimate now uses this file's numbers.", icon=":material/check:")
        st.page_link("app_pages/estimate.py", label="Open Estimate", icon=":material/calculate:")


def fine_tuning_tab() -> None:
    """Upload, pick model and epochs, read the report."""
    st.caption(
        "Checks an OpenAI chat fine-tuning file (one JSON object with a `messages` list per line) the way "
        "OpenAI's cookbook does, counts its tokens and prices one training run."
    )
    ft = state.scenario().fine_tuning
    seed(FT_OFFERING, ft.offering)
    seed(FT_EPOCHS, ft.epochs)
    upload_col, model_col, epochs_col = st.columns([3, 2, 1])
    with upload_col:
        upload = st.file_uploader(
            "Training file (.jsonl)",
            key=FT_FILE,
            help="Any file is accepted; one that is not chat JSONL gets a plain explanation of what is wrong.",
        )
    offering_id = model_col.selectbox(
        "Where to fine-tune",
        options=list(core.offering_ids()),
        format_func=lambda oid: core.offering(oid).label,
        key=FT_OFFERING,
        help="The offering's base model counts the tokens; its limit per example and its training price apply.",
    )
    epochs = epochs_col.selectbox(
        "Epochs",
        options=EPOCH_CHOICES,
        key=FT_EPOCHS,
        format_func=lambda e: "auto" if e == "auto" else str(e),
        help="'auto' follows OpenAI's default: more epochs for small files, fewer for large ones.",
    )
    if upload is None:
        st.info("Upload a training file to check it.", icon=":material/upload_file:")
        st.session_state[FT_USED] = False
        return
    suffix = Path(upload.name).suffix.lower()
    if suffix not in FT_EXTENSIONS:
        kind = f"a {fmt.md_escape(suffix)} file" if suffix else "a file without an extension"
        st.error(
            f"This is {kind}. The checker reads chat training files: a .jsonl file (or .json/.txt) with one "
            "JSON example per line. For documents to search, use the RAG corpus tab.",
            icon=":material/block:",
        )
        return
    show_dataset(dataset_report(upload, offering_id, epochs), epochs)


# ------------------------------------------------------------------------------------------ corpus


def use_corpus(report: core.CorpusReport) -> None:
    """Carry a sized corpus into the scenario the Estimate page prices."""
    messages = state.update(
        {
            ("rag", "corpus_tokens"): report.corpus_tokens,
            ("rag", "chunk_tokens"): report.chunk_tokens,
            ("rag", "embedding_model"): report.embedding_model,
        }
    )
    st.session_state[CORPUS_USED] = not messages


def corpus_report(uploads: list[UploadedFile], chunk: int, overlap: int, model: str) -> core.CorpusReport:
    """Size the uploaded documents, reading them one at a time with a progress bar; unreadable ones are listed."""
    key = (tuple((u.name, file_hash(u)) for u in uploads), chunk, overlap, model)
    report: core.CorpusReport | None = remembered(CORPUS_REPORTS, key)
    if report is None:
        bar = st.progress(0.0, text="Reading the documents…")
        documents: list[tuple[str, str]] = []
        unreadable: list[tuple[str, str]] = []
        for index, upload in enumerate(uploads):
            bar.progress(index / len(uploads), text=f"Reading document {index + 1} of {len(uploads)}…")
            try:
                documents.append((upload.name, core.extract_text(upload.name, upload.getvalue())))
            except core.DocumentError as error:
                unreadable.append((upload.name, error.reason))
        bar.progress(1.0, text="Counting tokens…")
        report = core.size_corpus(documents, chunk, overlap, model, unreadable=unreadable)
        bar.empty()
        remember(CORPUS_REPORTS, key, report)
    return report


def show_corpus(report: core.CorpusReport, churn: float) -> None:
    """Totals, costs, per-document rows, unreadable files and the hand-off to Estimate."""
    if report.unreadable:
        st.warning(
            f"{len(report.unreadable)} file(s) could not be read and are left out; the others still count.",
            icon=":material/warning:",
        )
        st.dataframe(
            [{"File": name, "Why it could not be read": reason} for name, reason in report.unreadable],
            hide_index=True,
            key="your_data:corpus_unreadable",
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

    st.plotly_chart(corpus_documents_chart(report), key="your_data:corpus_chart", width="stretch")
    st.dataframe(
        document_table(report),
        hide_index=True,
        key="your_data:corpus_documents",
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
        key="your_data:corpus_use",
        type="primary",
        icon=":material/input:",
        on_click=use_corpus,
        args=(report,),
    )
    if st.session_state.get(CORPUS_USED):
        st.success("The estimate now uses this corpus.", icon=":material/check:")
        st.page_link("app_pages/estimate.py", label="Open Estimate", icon=":material/calculate:")


def corpus_tab() -> None:
    """Upload documents, choose chunking and embedding model, read the sizes and costs."""
    st.caption(
        "Counts the tokens of the documents you would search, splits them into chunks as a retrieval index would, "
        "and prices embedding them once and keeping them fresh."
    )
    rag = state.scenario().rag
    models = list(core.embedding_models())
    if rag.embedding_model not in models:
        models.insert(0, rag.embedding_model)
    seed(CORPUS_OVERLAP, DEFAULT_OVERLAP_TOKENS)
    uploads = st.file_uploader(
        "Documents (.txt, .md, .csv, .jsonl, .pdf)",
        key=CORPUS_FILES,
        accept_multiple_files=True,
        help="Any file is accepted; one that cannot be read is listed with the reason, and the rest still count.",
    )
    chunk_col, overlap_col, model_col, churn_col = st.columns(4)
    chunk_col.number_input("Chunk size (tokens)", min_value=0, step=50, **state.bind(("rag", "chunk_tokens")))
    overlap_col.number_input(
        "Overlap between chunks (tokens)",
        min_value=0,
        step=10,
        key=CORPUS_OVERLAP,
        help="Tokens each chunk repeats from the one before, so a sentence cut in two is still found.",
    )
    model_col.selectbox("Embedding model", options=models, **state.bind(("rag", "embedding_model")))
    churn_col.number_input(
        "Share changing per month",
        min_value=0.0,
        max_value=100.0,
        step=0.05,
        format="%.2f",
        help="0.10 means a tenth of the corpus is re-embedded every month.",
        **state.bind(("rag", "monthly_churn")),
    )
    if not uploads:
        st.info("Upload one or more documents to size the corpus.", icon=":material/upload_file:")
        st.session_state[CORPUS_USED] = False
        return
    rag = state.scenario().rag
    overlap = int(st.session_state[CORPUS_OVERLAP])
    try:
        report = corpus_report(list(uploads), rag.chunk_tokens, overlap, rag.embedding_model)
    except ValueError as error:  # impossible chunking: the core says why in plain words
        st.error(str(error), icon=":material/block:")
        return
    show_corpus(report, rag.monthly_churn)


st.title("Your data: check a training file, size a corpus")
st.caption(
    "Real numbers beat guesses: check the file you would fine-tune on, or measure the documents you would "
    "retrieve from, then carry the results into the estimate."
)
fine_tuning, corpus = st.tabs(["Fine-tuning file", "RAG corpus"])
with fine_tuning:
    fine_tuning_tab()
with corpus:
    corpus_tab()
