"""Size a retrieval (RAG) corpus: tokens, chunks, what embedding it costs and how big the vector index is.

Documents are counted with the embedding model's tokenizer (exact for OpenAI's embedding models; an o200k_base
approximation for others). Chunking is fixed-size with overlap, so a document of T tokens becomes
ceil((T - overlap) / (chunk - overlap)) chunks, and the overlapping tokens are embedded twice.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import tiktoken.model
from pydantic import Field

from core._base import Frozen, aliases, base_model_name, normalize_model_name, read_csv
from core._catalogue import resolve_prices
from core._tokens import encoding_for_model

TEXT_EXTENSIONS = (".txt", ".md", ".csv", ".jsonl")
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".pdf")
# Vectors are stored as 32-bit floats; index structures (graphs, metadata) come on top.
BYTES_PER_DIMENSION = 4


EMPTY_DOCUMENT = (
    "There is no text in it to embed: the file is empty, or it is a PDF of scanned pages (pictures of text)."
)


class DocumentError(ValueError):
    """A document could not be read; the message says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DocumentSize(Frozen):
    """One document's share of the corpus."""

    name: str
    tokens: int
    chunks: int
    share: float  # of the corpus tokens, 0..1


class CorpusReport(Frozen):
    """What `size_corpus` found: tokens, chunks, embedding cost and index size, per document and in total."""

    embedding_model: str
    encoding_name: str
    # True when the embedding model's own tokenizer is not available and o200k_base stands in for it.
    tokens_are_approximate: bool
    chunk_tokens: int
    overlap_tokens: int
    corpus_tokens: int
    n_chunks: int
    # Tokens sent to the embedding API: the corpus plus the overlaps, which are embedded twice.
    embedded_tokens: int
    embedding_usd_per_mtok: float | None  # None: price unknown, never assumed to be $0
    embedding_cost_usd: float | None
    dimensions: int | None  # None: not in assets/embedding_dimensions.csv
    index_bytes: int | None  # raw vectors only: chunks × dimensions × 4 bytes
    documents: list[DocumentSize] = Field(default_factory=list)  # largest first
    unreadable: list[tuple[str, str]] = Field(default_factory=list)  # (name, reason)


@cache
def _dimensions_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for row in read_csv("embedding_dimensions.csv"):
        for name in (normalize_model_name(row["model"]), *aliases(row["aliases"])):
            table.setdefault(name, int(row["dimensions"]))
    return table


def embedding_dimensions(embedding_model: str) -> int | None:
    """Vector size of an embedding model (assets/embedding_dimensions.csv); None if we do not know it."""
    return _dimensions_table().get(normalize_model_name(embedding_model))


def chunk_count(tokens: int, chunk_tokens: int, overlap_tokens: int) -> int:
    """Chunks for `tokens` tokens: 0 if empty, else ceil((tokens - overlap) / (chunk - overlap))."""
    _check_chunking(chunk_tokens, overlap_tokens)
    if tokens <= 0:
        return 0
    return max(1, math.ceil((tokens - overlap_tokens) / (chunk_tokens - overlap_tokens)))


def _check_chunking(chunk_tokens: int, overlap_tokens: int) -> None:
    if chunk_tokens < 1:
        raise ValueError("The chunk size must be at least 1 token.")
    if overlap_tokens < 0 or overlap_tokens >= chunk_tokens:
        raise ValueError("The overlap must be at least 0 and smaller than the chunk size.")


def _decode_text(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")  # the byte-order mark says which byte order
        except UnicodeDecodeError as error:
            raise DocumentError("The file says it is UTF-16 but its text is damaged.") from error
    try:
        return data.decode("utf-8-sig")  # a UTF-8 byte-order mark, if any, is dropped
    except UnicodeDecodeError as error:
        raise DocumentError("The file is not UTF-8 text; save it as UTF-8 and try again.") from error


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # imported here: pypdf is only needed when a PDF arrives

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))  # many "encrypted" PDFs open with an empty password
            except Exception:  # pypdf raises several types (e.g. a missing AES backend)
                opened = False
            if not opened:
                raise DocumentError("The PDF is password-protected.")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentError:
        raise
    except Exception as error:  # pypdf raises many exception types on damaged files
        raise DocumentError("The PDF could not be read; it may be damaged or not really a PDF.") from error


def extract_text(name: str, data: bytes) -> str:
    """The text of an upload: .txt, .md, .csv, .jsonl as UTF-8 (or BOM-marked UTF-16); .pdf via pypdf.

    Raises DocumentError with a plain reason for unsupported, encrypted, damaged or undecodable files, and for
    files with no text at all (counted as 0 tokens they would pass for a sizing result).
    """
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_EXTENSIONS:
        text = _decode_text(data)
    elif suffix == ".pdf":
        text = _pdf_text(data)
    else:
        kind = f"{suffix} files are" if suffix else "Files without an extension are"
        raise DocumentError(f"{kind} not supported; use {', '.join(SUPPORTED_EXTENSIONS)}.")
    if not text.strip():
        raise DocumentError(EMPTY_DOCUMENT)
    return text


def _tokenizer_is_exact(model: str) -> bool:
    try:
        tiktoken.model.encoding_name_for_model(base_model_name(model))
    except KeyError:
        return False
    return True


def size_corpus(
    documents: Iterable[tuple[str, str]],
    chunk_tokens: int = 400,
    overlap_tokens: int = 50,
    embedding_model: str = "text-embedding-3-small",
    *,
    unreadable: Iterable[tuple[str, str]] = (),
) -> CorpusReport:
    """Tokens, chunks, embedding cost and raw index size of (name, text) documents.

    Raises ValueError if the chunking is impossible (chunk < 1, or overlap not in [0, chunk)).
    `unreadable` (name, reason) pairs are passed through to the report, for files that could not be read.
    """
    _check_chunking(chunk_tokens, overlap_tokens)
    encoding = encoding_for_model(embedding_model)
    named_texts = list(documents)
    texts = [text for _, text in named_texts]
    # tiktoken releases the GIL, so documents are counted on a couple of threads at once.
    with ThreadPoolExecutor(max_workers=2) as pool:
        token_counts = list(pool.map(lambda text: len(encoding.encode_ordinary(text)), texts))

    corpus_tokens = sum(token_counts)
    rows: list[DocumentSize] = []
    n_chunks = 0
    embedded_tokens = 0
    for (name, _), tokens in zip(named_texts, token_counts, strict=True):
        chunks = chunk_count(tokens, chunk_tokens, overlap_tokens)
        n_chunks += chunks
        # Every chunk after the first repeats `overlap` tokens of the one before it.
        embedded_tokens += tokens + max(0, chunks - 1) * overlap_tokens
        share = tokens / corpus_tokens if corpus_tokens else 0.0
        rows.append(DocumentSize(name=name, tokens=tokens, chunks=chunks, share=share))
    rows.sort(key=lambda row: (-row.tokens, row.name))

    price = resolve_prices(embedding_model).input
    dimensions = embedding_dimensions(embedding_model)
    return CorpusReport(
        embedding_model=embedding_model,
        encoding_name=encoding.name,
        tokens_are_approximate=not _tokenizer_is_exact(embedding_model),
        chunk_tokens=chunk_tokens,
        overlap_tokens=overlap_tokens,
        corpus_tokens=corpus_tokens,
        n_chunks=n_chunks,
        embedded_tokens=embedded_tokens,
        embedding_usd_per_mtok=price,
        embedding_cost_usd=None if price is None else embedded_tokens * price / 1_000_000,
        dimensions=dimensions,
        index_bytes=None if dimensions is None else n_chunks * dimensions * BYTES_PER_DIMENSION,
        documents=rows,
        unreadable=list(unreadable),
    )


def size_corpus_files(
    files: Sequence[tuple[str, bytes]],
    chunk_tokens: int = 400,
    overlap_tokens: int = 50,
    embedding_model: str = "text-embedding-3-small",
    progress: Callable[[float, str], None] | None = None,
) -> CorpusReport:
    """Like size_corpus, from raw uploads: unreadable files are listed with a reason; the rest still count.

    `progress`, if given, receives (fraction done, what is happening) before each file and before counting.
    """
    documents: list[tuple[str, str]] = []
    unreadable: list[tuple[str, str]] = []
    for index, (name, data) in enumerate(files):
        if progress is not None:
            progress(index / max(len(files), 1), f"Reading document {index + 1} of {len(files)}…")
        try:
            documents.append((name, extract_text(name, data)))
        except DocumentError as error:
            unreadable.append((name, error.reason))
    if progress is not None:
        progress(1.0, "Counting tokens…")
    return size_corpus(documents, chunk_tokens, overlap_tokens, embedding_model, unreadable=unreadable)


def corpus_to_scenario(report: CorpusReport) -> dict[tuple[str, ...], object]:
    """What a sized corpus changes in the scenario the Estimate page prices: corpus size, chunk size, embedding
    model."""
    return {
        ("rag", "corpus_tokens"): report.corpus_tokens,
        ("rag", "chunk_tokens"): report.chunk_tokens,
        ("rag", "embedding_model"): report.embedding_model,
    }


def monthly_reembed_usd(report: CorpusReport, churn: float) -> float | None:
    """Monthly cost of re-embedding the changing share `churn` (0.1 = 10%) of the corpus; None if unpriced."""
    if churn < 0:
        raise ValueError("The monthly churn cannot be negative.")
    if report.embedding_cost_usd is None:
        return None
    return report.embedding_cost_usd * churn
