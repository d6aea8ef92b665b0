"""Your data: check a fine-tuning file and size a retrieval corpus, then carry the numbers into the estimate."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import core
from present import escape
from ui import data_reports, state

FT_FILE = "your_data.ft_file"
FT_OFFERING = "your_data.ft_offering"
FT_EPOCHS = "your_data.ft_epochs"
FT_REPORTS = "your_data.ft_reports"
FT_USED = "your_data.ft_used"
FT_TARGET = "your_data.ft_target"
FT_CONVERSIONS = "your_data.ft_conversions"
CORPUS_FILES = "your_data.corpus_files"
CORPUS_OVERLAP = "your_data.corpus_overlap"
CORPUS_REPORTS = "your_data.corpus_reports"
CORPUS_USED = "your_data.corpus_used"

FT_EXTENSIONS = (".jsonl", ".json", ".txt")
DEFAULT_OVERLAP_TOKENS = 50
EPOCH_CHOICES: list[int | str] = ["auto", *range(1, 51)]


def seed(key: str, value: Any) -> None:
    """Give an unbound widget its first value from the scenario."""
    if key not in st.session_state:
        st.session_state[key] = value


def use_dataset(report: core.DatasetReport, epochs: int | Literal["auto"]) -> None:
    """Carry a checked file's numbers into the scenario the Estimate page prices."""
    st.session_state[FT_USED] = not state.update(core.dataset_to_scenario(report, epochs))


def use_corpus(report: core.CorpusReport) -> None:
    """Carry a sized corpus into the scenario the Estimate page prices."""
    st.session_state[CORPUS_USED] = not state.update(core.corpus_to_scenario(report))


def dataset_report(upload: UploadedFile, offering_id: str, epochs: int | Literal["auto"]) -> core.DatasetReport:
    """The checker's report for this file, offering, epochs and prices; the file is read once per offering, with a
    progress bar, and other epochs or prices only re-price it."""
    key = (data_reports.file_hash(upload), offering_id)
    report: core.DatasetReport | None = data_reports.remembered(FT_REPORTS, key)
    if report is None:
        bar = st.progress(0.0, text="Reading the file…")
        report = core.analyze_jsonl(
            upload.getvalue(), offering_id, lambda done: bar.progress(done, text=f"Reading the file… {done:.0%}")
        )
        bar.empty()
        data_reports.remember(FT_REPORTS, key, report)
    return core.reprice_dataset(report, epochs, state.scenario().offering_prices)


def conversion(upload: UploadedFile, target: str) -> core.Conversion:
    """The upload converted to `target`, computed once per file and target in this session."""
    key = (data_reports.file_hash(upload), target)
    converted: core.Conversion | None = data_reports.remembered(FT_CONVERSIONS, key)
    if converted is None:
        with st.spinner("Converting…"):
            converted = core.convert_training_file(upload.getvalue(), target)
        data_reports.remember(FT_CONVERSIONS, key, converted)
    return converted


def convert_section(upload: UploadedFile, report: core.DatasetReport) -> None:
    """'Download for …': the file in another provider's format, with what did not carry over."""
    if report.file_error or report.format not in core.TRAINING_FORMATS:
        return
    targets = [f for f in core.TRAINING_FORMATS if f != report.format]
    wanted = [f for f in report.accepted_formats if f in targets]
    # The chosen offering's format is offered first, so converting for it is one click.
    if wanted and st.session_state.get(FT_TARGET) not in targets:
        st.session_state[FT_TARGET] = wanted[0]
    st.markdown("**Convert for another provider**")
    target = st.selectbox(
        "Convert to",
        options=targets,
        format_func=lambda f: core.FORMAT_LABELS[f],
        key=FT_TARGET,
        help="Example by example; what a format cannot hold is listed with its line numbers, never dropped silently.",
    )
    data_reports.show_conversion(conversion(upload, target), Path(upload.name).stem or "training")


def corpus_report(uploads: list[UploadedFile], chunk: int, overlap: int, model: str) -> core.CorpusReport:
    """Size the uploaded documents with a progress bar; unreadable ones are listed."""
    key = (tuple((u.name, data_reports.file_hash(u)) for u in uploads), chunk, overlap, model)
    report: core.CorpusReport | None = data_reports.remembered(CORPUS_REPORTS, key)
    if report is None:
        bar = st.progress(0.0, text="Reading the documents…")
        files = [(upload.name, upload.getvalue()) for upload in uploads]
        report = core.size_corpus_files(files, chunk, overlap, model, lambda done, what: bar.progress(done, text=what))
        bar.empty()
        data_reports.remember(CORPUS_REPORTS, key, report)
    return report


def _training_upload() -> tuple[UploadedFile | None, str, int | Literal["auto"]]:
    ft = state.scenario().fine_tuning
    seed(FT_OFFERING, ft.offering)
    seed(FT_EPOCHS, ft.epochs)
    upload_col, offering_col, epochs_col = st.columns([3, 2, 1])
    with upload_col:
        upload = st.file_uploader(
            "Training file (.jsonl)",
            key=FT_FILE,
            help="Any file is accepted; one in no training format we know gets a plain explanation of what is wrong.",
        )
    offering_id = offering_col.selectbox(
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
    return upload, offering_id, "auto" if epochs == "auto" else int(epochs)


def fine_tuning_tab() -> None:
    """Upload, pick the offering and epochs, read the report."""
    st.caption(
        "Checks a fine-tuning file (JSONL) in the format the offering you pick takes: OpenAI chat or preference, "
        "Bedrock conversation (Nova) or prompt/completion, or Vertex AI Gemini. It counts the tokens, prices one "
        "training run, and converts the file for another provider."
    )
    upload, offering_id, epochs = _training_upload()
    if upload is None:
        st.info("Upload a training file to check it.", icon=":material/upload_file:")
        st.session_state[FT_USED] = False
        return
    suffix = Path(upload.name).suffix.lower()
    if suffix not in FT_EXTENSIONS:
        kind = f"a {escape.streamlit(suffix)} file" if suffix else "a file without an extension"
        st.error(
            f"This is {kind}. The checker reads chat training files: a .jsonl file (or .json/.txt) with one "
            "JSON example per line. For documents to search, use the RAG corpus tab.",
            icon=":material/block:",
        )
        return
    report = dataset_report(upload, offering_id, epochs)
    data_reports.show_format(report)
    data_reports.show_dataset(report, epochs, use_dataset, bool(st.session_state.get(FT_USED)))
    convert_section(upload, report)


def _corpus_inputs() -> list[UploadedFile]:
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
    state.number("Chunk size (tokens)", ("rag", "chunk_tokens"), where=chunk_col, step=50)
    overlap_col.number_input(
        "Overlap between chunks (tokens)",
        min_value=0,
        step=10,
        key=CORPUS_OVERLAP,
        help="Tokens each chunk repeats from the one before, so a sentence cut in two is still found.",
    )
    model_col.selectbox("Embedding model", options=models, **state.bind(("rag", "embedding_model")))
    state.number(
        "Share changing per month",
        ("rag", "monthly_churn"),
        where=churn_col,
        step=0.05,
        format="%.2f",
        help="0.10 means a tenth of the corpus is re-embedded every month.",
    )
    return list(uploads or [])


def corpus_tab() -> None:
    """Upload documents, choose chunking and embedding model, read the sizes and costs."""
    st.caption(
        "Counts the tokens of the documents you would search, splits them into chunks as a retrieval index would, "
        "and prices embedding them once and keeping them fresh."
    )
    uploads = _corpus_inputs()
    if not uploads:
        st.info("Upload one or more documents to size the corpus.", icon=":material/upload_file:")
        st.session_state[CORPUS_USED] = False
        return
    rag = state.scenario().rag
    try:
        report = corpus_report(uploads, rag.chunk_tokens, int(st.session_state[CORPUS_OVERLAP]), rag.embedding_model)
    except ValueError as error:  # impossible chunking: the core says why in plain words
        st.error(str(error), icon=":material/block:")
        return
    data_reports.show_corpus(report, rag.monthly_churn, use_corpus, bool(st.session_state.get(CORPUS_USED)))


st.title(state.this_page().heading)
st.caption(
    "Real numbers beat guesses: check the file you would fine-tune on, or measure the documents you would "
    "retrieve from, then carry the results into the estimate."
)
fine_tuning, corpus = st.tabs(["Fine-tuning file", "RAG corpus"])
with fine_tuning:
    fine_tuning_tab()
with corpus:
    corpus_tab()
