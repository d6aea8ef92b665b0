"""The Your data page in AppTest, with real uploads (Streamlit 1.67's AppTest drives st.file_uploader).

Not covered here: the progress bar's movement (AppTest only sees the finished run) and the browser's
upload widget itself; tests/browser/test_your_data_journey.py uploads through Chromium.
"""

from __future__ import annotations

import io
import json

from pypdf import PdfWriter
from streamlit.testing.v1 import AppTest

import core
from harness.apptest import open_page, texts

FT_FILE = "your_data.ft_file"
CORPUS_FILES = "your_data.corpus_files"
SYSTEM_PROMPT = "You answer for the support desk in two sentences."


def assistant_reply(i: int) -> str:
    return "Open Settings and choose Security. " * (i + 1)


def training_lines(n: int) -> list[str]:
    return [
        json.dumps(
            {
                "messages": [
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": f"How do I reset password {i}?"},
                    {"role": "assistant", "content": assistant_reply(i)},
                ]
            }
        )
        for i in range(n)
    ]


def upload_training(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=FT_FILE).set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert len(values) == 1, (label, [m.label for m in at.metric])
    return str(values[0])


def test_fresh_page_has_both_tools_and_asks_for_files() -> None:
    at = open_page("your_data.py")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Fine-tuning file", "RAG corpus"]
    assert len(at.file_uploader) == 2
    assert at.file_uploader(key=CORPUS_FILES).accept_multiple_files
    assert len(at.info) == 2
    assert not at.metric


def test_a_valid_file_is_counted_priced_and_its_broken_line_named() -> None:
    lines = training_lines(12)
    lines.insert(3, '{"messages": [')  # line 4 is cut off
    at = upload_training(open_page("your_data.py"), "train.jsonl", "\n".join(lines).encode())
    assert metric(at, "Usable examples") == "12"
    assert metric(at, "Lines with errors") == "1"
    assert metric(at, "Training cost").startswith("$")
    assert "price unknown" not in texts(at)
    problems = at.table[-1].value
    assert list(problems["Problem"]) == [core.DATASET_ERROR_KINDS["invalid_json"]]
    assert list(problems["First line numbers"]) == ["4"]
    assert len(at.get("plotly_chart")) == 1
    # The problems' CSV, and the file converted for the chosen offering (Nova 2 Lite takes Bedrock's format).
    assert [b.label for b in at.get("download_button")] == [
        "Download every problem with its line number (CSV)",
        "Download for Bedrock conversation (Nova)",
    ]
    # 12 examples is under the provider's comfort zone: the page says so.
    assert any("examples" in w.value for w in at.warning)


def test_use_in_estimate_carries_the_files_numbers_into_the_scenario() -> None:
    n = 12
    at = open_page("your_data.py", {"w.requests_per_month": "250000"})
    at.selectbox(key="your_data.ft_offering").set_value("openai/gpt-4.1-mini")
    at.selectbox(key="your_data.ft_epochs").set_value(2)
    upload_training(at, "train.jsonl", "\n".join(training_lines(n)).encode())
    at.button(key="your_data.ft_use").click()
    at.run()
    assert not at.exception

    # Expected values computed independently with the model's tokenizer and the cookbook's chat formula.
    encoding = core.encoding_for_model("gpt-4.1-mini")
    system = len(encoding.encode(SYSTEM_PROMPT))
    replies = [len(encoding.encode(assistant_reply(i))) for i in range(n)]
    roles = sum(len(encoding.encode(role)) for role in ("system", "user", "assistant"))
    # Per example: 3 reply-primer tokens, 3 per message, then every string (roles and contents).
    examples = [
        3 + 3 * 3 + roles + system + len(encoding.encode(f"How do I reset password {i}?")) + replies[i]
        for i in range(n)
    ]
    scenario = at.session_state["app.scenario"]
    assert scenario.fine_tuning.offering == "openai/gpt-4.1-mini"
    assert scenario.fine_tuning.epochs == 2
    assert scenario.fine_tuning.training_examples == n
    assert scenario.fine_tuning.tokens_per_example == round(sum(examples) / n)
    assert scenario.fine_tuning.kept_instruction_tokens == system
    assert scenario.workload.output_tokens == round(sum(replies) / n)
    assert scenario.workload.requests_per_month == 250_000  # untouched
    assert at.query_params["ft.training_examples"] == str(n)
    assert at.query_params["ft.offering"] == "openai/gpt-4.1-mini"
    assert any("now uses" in s.value for s in at.success)


def test_the_picker_starts_from_the_scenarios_offering_and_an_unpriced_one_is_never_free() -> None:
    at = open_page("your_data.py", {"ft.offering": "bedrock/nova-pro", "ft.epochs": "auto"})
    assert at.selectbox(key="your_data.ft_offering").value == "bedrock/nova-pro"
    assert at.selectbox(key="your_data.ft_epochs").value == "auto"
    upload_training(at, "train.jsonl", "\n".join(training_lines(15)).encode())
    assert metric(at, "Training cost") == "price unknown"
    assert "training price" in texts(at)
    assert "$0.00" not in metric(at, "Training cost")
    assert metric(at, "Longest example allowed") == "unknown"  # not published for Nova Pro in our sources


def test_the_checker_takes_its_limit_and_price_from_the_offering() -> None:
    at = open_page("your_data.py", {"ft.offering": "vertex/gemini-2.5-flash"})
    upload_training(at, "train.jsonl", "\n".join(training_lines(15)).encode())
    assert metric(at, "Longest example allowed") == "131,072"
    assert "$5" in " ".join(c.value for c in at.caption)  # Vertex's $5 per 1M training tokens
    at.selectbox(key="your_data.ft_offering").set_value("self-hosted/llama-3.1-8b-h100").run()
    assert metric(at, "Training cost") == "billed by the hour"


def test_bad_training_files_get_plain_messages_and_leave_the_scenario_alone() -> None:
    query = {"w.requests_per_month": "250000", "ft.training_examples": "800"}
    cases = [
        ("empty.jsonl", b"", "empty"),
        ("utf16.jsonl", '{"messages": []}'.encode("utf-16"), "UTF-16"),
        ("report.pdf", b"%PDF-1.4 binary", ".pdf file"),
        ("archive.jsonl", b"\x1f\x8b\x08\x00 gzip", "compressed"),
        ("noext", b"{}", "without an extension"),
    ]
    for name, data, expected in cases:
        at = upload_training(open_page("your_data.py", query), name, data)
        assert any(expected in e.value for e in at.error), (name, [e.value for e in at.error])
        assert at.session_state["app.scenario"].fine_tuning.training_examples == 800
        assert at.query_params["w.requests_per_month"] == "250000"


def test_a_file_with_no_usable_example_cannot_be_used_in_the_estimate() -> None:
    at = upload_training(open_page("your_data.py"), "junk.jsonl", b"\x00\x01garbage\nnot json either\n")
    assert metric(at, "Usable examples") == "0"
    assert metric(at, "Lines with errors") == "2"
    assert any("No line" in e.value for e in at.error)
    assert at.button(key="your_data.ft_use").disabled


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


HANDBOOK = "# Handbook\n\n" + "Refunds are processed within five business days. " * 300
NOTE = "Shipping is free over fifty euros."


def upload_corpus(at: AppTest) -> AppTest:
    at.file_uploader(key=CORPUS_FILES).set_value(
        [
            ("handbook.md", HANDBOOK.encode(), "text/markdown"),
            ("note.txt", NOTE.encode(), "text/plain"),
            ("locked.pdf", encrypted_pdf(), "application/pdf"),
            ("slides.pptx", b"PK\x03\x04", "application/octet-stream"),
        ]
    )
    at.run()
    assert not at.exception, at.exception
    return at


def test_corpus_counts_readable_files_and_lists_the_rest_with_reasons() -> None:
    at = upload_corpus(open_page("your_data.py"))
    encoding = core.encoding_for_model("text-embedding-3-small")
    expected = len(encoding.encode_ordinary(HANDBOOK)) + len(encoding.encode_ordinary(NOTE))
    assert metric(at, "Corpus tokens") == f"{expected:,}"
    assert any("2 file(s) could not be read" in w.value for w in at.warning)
    unreadable = at.dataframe[0].value
    assert list(unreadable["File"]) == ["locked.pdf", "slides.pptx"]
    assert "password" in unreadable["Why it could not be read"][0]
    assert ".pptx" in unreadable["Why it could not be read"][1]
    documents = at.dataframe[1].value
    assert list(documents["Document"]) == ["handbook.md", "note.txt"]  # largest first
    assert metric(at, "Vector size") == f"{core.embedding_dimensions('text-embedding-3-small'):,} dimensions"


def test_churn_drives_the_monthly_re_embedding_cost() -> None:
    at = open_page("your_data.py", {"rag.embedding_model": "text-embedding-3-large"})
    upload_corpus(at)
    once = metric(at, "Embedding once")
    at.number_input(key="field.rag.monthly_churn").set_value(1.0)
    at.run()
    # Re-embedding the whole corpus each month costs what embedding it once does.
    assert metric(at, "Re-embedding per month") == once
    assert at.session_state["app.scenario"].rag.monthly_churn == 1.0


def test_corpus_use_in_estimate_sets_size_chunk_and_model() -> None:
    at = open_page("your_data.py", {"rag.embedding_model": "text-embedding-3-large"})
    at.number_input(key="field.rag.chunk_tokens").set_value(200)
    at.run()
    upload_corpus(at)
    at.button(key="your_data.corpus_use").click()
    at.run()
    assert not at.exception
    encoding = core.encoding_for_model("text-embedding-3-large")
    expected = len(encoding.encode_ordinary(HANDBOOK)) + len(encoding.encode_ordinary(NOTE))
    rag = at.session_state["app.scenario"].rag
    assert (rag.corpus_tokens, rag.chunk_tokens, rag.embedding_model) == (expected, 200, "text-embedding-3-large")
    assert at.query_params["rag.corpus_tokens"] == str(expected)


def test_impossible_chunking_is_explained_and_the_page_survives() -> None:
    at = upload_corpus(open_page("your_data.py"))
    at.number_input(key="field.rag.chunk_tokens").set_value(0)
    at.run()
    assert not at.exception
    assert any("chunk size" in e.value for e in at.error)
    at.number_input(key="field.rag.chunk_tokens").set_value(100)
    at.number_input(key="your_data.corpus_overlap").set_value(100)
    at.run()
    assert not at.exception
    assert any("overlap" in e.value for e in at.error)
    assert len(at.tabs) == 2


def test_a_corpus_with_nothing_readable_says_so() -> None:
    at = open_page("your_data.py")
    at.file_uploader(key=CORPUS_FILES).set_value([("bad.txt", b"\xff\xfe\xff", "text/plain")])
    at.run()
    assert not at.exception
    assert any("None of the uploaded files" in e.value for e in at.error)
    assert not at.metric


def test_the_link_to_estimate_after_use_carries_the_scenario() -> None:
    at = open_page("your_data.py", {"w.requests_per_month": "123456"})
    upload_training(at, "train.jsonl", "\n".join(training_lines(20)).encode())
    at.button(key="your_data.ft_use").click().run()
    to_estimate = [link for link in at.main.get("page_link") if link.proto.page == "estimate"]
    assert to_estimate, "no link to Estimate after the file was used"
    for link in to_estimate:
        assert "w.requests_per_month=123456" in link.proto.query_string
        assert "ft.training_examples=20" in link.proto.query_string


def test_an_openai_file_on_nova_is_refused_converted_and_the_conversion_passes() -> None:
    data = "\n".join(training_lines(12)).encode()
    at = upload_training(open_page("your_data.py"), "train.jsonl", data)
    assert at.selectbox(key="your_data.ft_offering").value == "bedrock/nova-2-lite"
    refusal = [e.value for e in at.error]
    assert any("does not take this file" in e and "Bedrock conversation (Nova)" in e for e in refusal), refusal
    assert at.selectbox(key="your_data.ft_target").value == "bedrock_conversation"
    assert "Everything carried over." in texts(at)
    converted = core.convert_training_file(data, "bedrock_conversation")
    assert converted.examples == 12
    at = upload_training(at, "train.bedrock_conversation.jsonl", converted.data)
    assert not at.error
    assert any("takes this format" in s.value for s in at.success)
    assert metric(at, "Usable examples") == "12"
    assert "approximate for" in texts(at)


def test_losses_are_listed_and_an_unknown_offering_format_is_said() -> None:
    lines = training_lines(3)
    lines.append(
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": "q", "name": '=HYPERLINK("http://x")'},
                    {"role": "assistant", "content": "a", "weight": 0},
                ]
            }
        )
    )
    at = open_page("your_data.py")
    at.selectbox(key="your_data.ft_offering").set_value("self-hosted/llama-3.1-8b-h100")
    at = upload_training(at, "train.jsonl", "\n".join(lines).encode())
    assert any("not in our sources" in i.value for i in at.info)
    at.selectbox(key="your_data.ft_target").set_value("bedrock_conversation").run()
    shown = [m.value.replace("\\", "") for m in at.markdown if "removed" in m.value]
    assert len(shown) == 1, shown
    # Our own sentences, escaped for Markdown like any text on the page.
    assert "`name` fields removed: 1 record(s), line(s) 4" in shown[0]
    assert (
        "per-message `weight` removed (the target trains on every assistant turn): 1 record(s), line(s) 4" in shown[0]
    )
