"""Tests for the RAG corpus sizer: chunk arithmetic by hand, text extraction (including real PDFs made with
pypdf), error paths, and costs computed independently from token counts."""

from __future__ import annotations

import io
import math

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

import core
from core._tokens import get_encoding


def pdf_bytes(text: str | None = None, *, user_password: str | None = None) -> bytes:
    """A one-page PDF, blank or with one line of Helvetica text, optionally encrypted."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    if text is not None:
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
        page.replace_contents(stream)
    if user_password is not None:
        writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------- chunk math


@pytest.mark.parametrize(
    ("tokens", "chunk", "overlap", "expected"),
    [
        (0, 400, 50, 0),  # empty document, no chunk
        (1, 400, 50, 1),
        (400, 400, 50, 1),  # exactly one chunk
        (401, 400, 50, 2),  # [0, 400) and [350, 401)
        (750, 400, 50, 2),  # [0, 400) and [350, 750)
        (751, 400, 50, 3),
        (1000, 100, 0, 10),
        (1001, 100, 0, 11),
        (10, 3, 2, 8),  # step 1: windows start at 0..7, the last one is [7, 10)
    ],
)
def test_chunk_count_by_hand(tokens: int, chunk: int, overlap: int, expected: int) -> None:
    assert core.chunk_count(tokens, chunk, overlap) == expected


@pytest.mark.parametrize(("chunk", "overlap"), [(400, 400), (400, 401), (400, -1), (0, 0)])
def test_impossible_chunking_is_refused(chunk: int, overlap: int) -> None:
    with pytest.raises(ValueError):
        core.size_corpus([("a.txt", "hello")], chunk_tokens=chunk, overlap_tokens=overlap)


def test_size_corpus_matches_a_hand_computation() -> None:
    cl100k = get_encoding("cl100k_base")  # text-embedding-3-small's tokenizer
    documents = [
        ("short.md", "Refunds are possible within 30 days."),
        ("long.txt", "Our shipping policy covers every order placed online. " * 120),
        ("empty.txt", ""),
    ]
    report = core.size_corpus(documents, chunk_tokens=400, overlap_tokens=50)

    tokens = {name: len(cl100k.encode(text)) for name, text in documents}
    chunks = {name: 0 if t == 0 else max(1, math.ceil((t - 50) / 350)) for name, t in tokens.items()}
    embedded = sum(t + max(0, chunks[n] - 1) * 50 for n, t in tokens.items())
    assert tokens["long.txt"] > 400  # so the overlap matters

    assert report.encoding_name == "cl100k_base"
    assert report.tokens_are_approximate is False
    assert report.corpus_tokens == sum(tokens.values())
    assert report.n_chunks == sum(chunks.values())
    assert report.embedded_tokens == embedded
    assert report.embedding_usd_per_mtok == 0.02  # facts.md: text-embedding-3-small $0.02 / 1M
    assert report.embedding_cost_usd == pytest.approx(embedded * 0.02 / 1_000_000)
    assert report.dimensions == 1536
    assert report.index_bytes == sum(chunks.values()) * 1536 * 4
    assert [row.name for row in report.documents] == ["long.txt", "short.md", "empty.txt"]
    assert [row.tokens for row in report.documents] == [tokens["long.txt"], tokens["short.md"], 0]
    assert sum(row.share for row in report.documents) == pytest.approx(1.0)
    assert report.documents[0].chunks == chunks["long.txt"]


def test_monthly_reembed_cost() -> None:
    report = core.size_corpus([("a.txt", "word " * 5000)], embedding_model="text-embedding-3-large")
    assert report.embedding_cost_usd is not None
    assert core.monthly_reembed_usd(report, 0.1) == pytest.approx(report.embedding_cost_usd * 0.1)
    assert core.monthly_reembed_usd(report, 0.0) == 0.0
    with pytest.raises(ValueError):
        core.monthly_reembed_usd(report, -0.5)


def test_unknown_embedding_model_is_unpriced_not_free() -> None:
    report = core.size_corpus([("a.txt", "some text")], embedding_model="acme-embed-9000")
    assert report.tokens_are_approximate is True
    assert report.embedding_usd_per_mtok is None
    assert report.embedding_cost_usd is None
    assert report.dimensions is None and report.index_bytes is None
    assert core.monthly_reembed_usd(report, 0.2) is None
    assert report.corpus_tokens > 0


@pytest.mark.parametrize(
    ("model", "dimensions"),
    [
        ("text-embedding-3-small", 1536),
        ("text-embedding-3-large", 3072),
        ("text-embedding-ada-002", 1536),
        ("voyage-3", 1024),
        ("voyage-3-lite", 512),
        ("embed-english-v3.0", 1024),
    ],
)
def test_embedding_dimensions_table(model: str, dimensions: int) -> None:
    assert core.embedding_dimensions(model) == dimensions


def test_non_openai_embedding_tokens_are_flagged_approximate() -> None:
    report = core.size_corpus([("a.txt", "some text")], embedding_model="voyage-3")
    assert report.tokens_are_approximate is True
    assert report.index_bytes == report.n_chunks * 1024 * 4


# ------------------------------------------------------------------------------------------- extraction


def test_text_files_are_decoded_with_bom_handling() -> None:
    assert core.extract_text("notes.txt", "café".encode()) == "café"
    assert core.extract_text("NOTES.MD", b"\xef\xbb\xbf# Title") == "# Title"
    assert core.extract_text("table.csv", "a,b\n1,2".encode("utf-16")) == "a,b\n1,2"  # BOM-marked UTF-16
    assert core.extract_text("rows.jsonl", b"\xfe\xff" + '{"a": 1}'.encode("utf-16-be")) == '{"a": 1}'


def test_undecodable_text_is_a_document_error() -> None:
    with pytest.raises(core.DocumentError) as caught:
        core.extract_text("latin.txt", "café".encode("latin-1"))
    assert "UTF-8" in caught.value.reason


@pytest.mark.parametrize("name", ["report.docx", "archive.zip", "README"])
def test_unsupported_extension_is_a_document_error(name: str) -> None:
    with pytest.raises(core.DocumentError) as caught:
        core.extract_text(name, b"anything")
    assert "not supported" in caught.value.reason


def test_pdf_with_text_is_extracted_and_counted() -> None:
    data = pdf_bytes("Refunds take five business days")
    assert "Refunds take five business days" in core.extract_text("policy.pdf", data)
    report = core.size_corpus_files([("policy.pdf", data)])
    expected = len(get_encoding("cl100k_base").encode(core.extract_text("policy.pdf", data)))
    assert report.corpus_tokens == expected > 0
    assert report.n_chunks == 1


@pytest.mark.parametrize(("name", "data"), [("blank.pdf", None), ("empty.txt", b""), ("spaces.md", b"  \n\t \n")])
def test_a_file_without_text_is_reported_not_counted_as_zero(name: str, data: bytes | None) -> None:
    report = core.size_corpus_files([(name, pdf_bytes() if data is None else data), ("ok.txt", b"Some words.")])
    assert report.unreadable == [(name, core.EMPTY_DOCUMENT)]
    assert [row.name for row in report.documents] == ["ok.txt"]


def test_password_protected_pdf_is_a_document_error() -> None:
    with pytest.raises(core.DocumentError) as caught:
        core.extract_text("secret.pdf", pdf_bytes("hidden", user_password="s3cret"))
    assert "password" in caught.value.reason


def test_pdf_encrypted_with_empty_password_still_opens() -> None:
    assert "visible" in core.extract_text("open.pdf", pdf_bytes("visible", user_password=""))


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\nthis is not really a pdf", b"\x00\x01binary" * 100])
def test_damaged_pdf_is_a_document_error(data: bytes) -> None:
    with pytest.raises(core.DocumentError) as caught:
        core.extract_text("broken.pdf", data)
    assert "PDF" in caught.value.reason


def test_unreadable_files_are_listed_while_the_rest_still_count() -> None:
    good = "Every order ships within two days."
    report = core.size_corpus_files(
        [
            ("good.txt", good.encode()),
            ("slides.pptx", b"PK\x03\x04"),
            ("broken.pdf", b"%PDF-1.4 nonsense"),
            ("policy.pdf", pdf_bytes("Returns are free")),
        ]
    )
    assert [name for name, _ in report.unreadable] == ["slides.pptx", "broken.pdf"]
    assert all(reason for _, reason in report.unreadable)
    assert sorted(row.name for row in report.documents) == ["good.txt", "policy.pdf"]
    cl100k = get_encoding("cl100k_base")
    assert report.corpus_tokens == len(cl100k.encode(good)) + len(cl100k.encode("Returns are free"))
