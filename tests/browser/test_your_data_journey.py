"""A team uploads its own data in a real browser, reads the report and carries the numbers into Estimate."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from harness.browser import settle, shoot

N_EXAMPLES = 12
WAIT = 15_000
# Set to a folder to keep screenshots of each journey (reviews, README images).
SHOTS = os.environ.get("YOUR_DATA_SHOTS")


def training_file(path: Path) -> Path:
    """Twelve valid chat examples plus one broken line, written the way a team would export them."""
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "system", "content": "Answer as our support desk, in two sentences."},
                    {"role": "user", "content": f"How do I reset password number {i}?"},
                    {"role": "assistant", "content": "Open Settings, then Security. " * (i + 1)},
                ]
            }
        )
        for i in range(N_EXAMPLES)
    ]
    lines.insert(5, '{"messages": [')  # a line cut off mid-export
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def uploader(page: Page, label: str) -> Locator:
    return page.locator('[data-testid="stFileUploader"]').filter(has_text=label).locator('input[type="file"]')


def metric(page: Page, label: str) -> Locator:
    card = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))
    return card.locator('[data-testid="stMetricValue"]')


def test_upload_training_file_read_report_and_use_in_estimate(server_url: str, page: Page, tmp_path: Path) -> None:
    page.goto(f"{server_url}/your_data")
    settle(page)
    uploader(page, "Training file").set_input_files(str(training_file(tmp_path / "support.jsonl")))

    expect(metric(page, "Usable examples")).to_have_text(str(N_EXAMPLES), timeout=30_000)
    settle(page)  # an upload can trigger more than one rerun; read the page once it is still
    expect(metric(page, "Lines with errors")).to_have_text("1", timeout=WAIT)
    expect(metric(page, "Training cost")).to_have_text(re.compile(r"^\$\d"), timeout=WAIT)
    expect(page.get_by_text("not valid JSON").first).to_be_visible(timeout=WAIT)
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible(timeout=WAIT)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download every problem")).click()
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0] == "line,severity,kind,problem"
    assert rows[1].startswith("6,error,invalid_json,")
    shoot(page, SHOTS, "your_data_fine_tuning")

    page.get_by_role("button", name="Use in estimate").first.click()
    expect(page.get_by_text("The estimate now uses this file's numbers.")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(rf"ft\.training_examples={N_EXAMPLES}\b"), timeout=15_000)

    page.get_by_role("link", name="Open Estimate").click()
    expect(page).to_have_url(re.compile(r"/estimate\?"), timeout=15_000)
    settle(page)
    # The scenario travelled with the session: the Estimate page's address carries the uploaded numbers.
    expect(page).to_have_url(re.compile(rf"ft\.training_examples={N_EXAMPLES}\b"))
    expect(page).to_have_url(re.compile(r"ft\.kept_instruction_tokens=\d+"))
    expect(page).to_have_url(re.compile(r"w\.output_tokens=\d+"))
    # ... and the Estimate page's own inputs show them.
    page.get_by_role("tab", name="Fine-tuning", exact=True).click()
    expect(page.get_by_role("spinbutton", name="Training examples")).to_have_value(str(N_EXAMPLES), timeout=WAIT)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_corpus_with_an_unreadable_file_still_counts_the_rest(server_url: str, page: Page, tmp_path: Path) -> None:
    handbook = tmp_path / "handbook.md"
    handbook.write_text("# Handbook\n\n" + "Refunds are processed within five days. " * 400, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("Short note about shipping.", encoding="utf-8")
    slides = tmp_path / "slides.pptx"
    slides.write_bytes(b"PK\x03\x04 not a document we read")

    page.goto(f"{server_url}/your_data")
    settle(page)
    page.get_by_role("tab", name="RAG corpus").click()
    uploader(page, "Documents").set_input_files([str(handbook), str(notes), str(slides)])

    expect(metric(page, "Chunks")).to_have_text(re.compile(r"^\d"), timeout=30_000)
    settle(page)
    expect(page.get_by_text("1 file(s) could not be read")).to_be_visible(timeout=WAIT)
    expect(metric(page, "Corpus tokens")).to_have_text(re.compile(r"^\d"), timeout=WAIT)
    corpus_tokens = metric(page, "Corpus tokens").inner_text().replace(",", "")
    assert int(corpus_tokens) > 2000
    shoot(page, SHOTS, "your_data_corpus")

    page.get_by_role("button", name="Use in estimate").last.click()
    expect(page).to_have_url(re.compile(rf"rag\.corpus_tokens={corpus_tokens}\b"), timeout=15_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_an_openai_file_on_nova_is_converted_downloaded_and_passes(server_url: str, page: Page, tmp_path: Path) -> None:
    """Nova 2 Lite is chosen (the default); an OpenAI chat file is refused with the reason, the Bedrock version is
    downloaded, uploaded, and passes."""
    source = tmp_path / "support.jsonl"
    source.write_text(
        "\n".join(
            json.dumps(
                {
                    "messages": [
                        {"role": "system", "content": "Answer as our support desk, in two sentences."},
                        {"role": "user", "content": f"How do I reset password number {i}?"},
                        {"role": "assistant", "content": "Open Settings, then Security."},
                    ]
                }
            )
            for i in range(N_EXAMPLES)
        )
        + "\n",
        encoding="utf-8",
    )
    page.goto(f"{server_url}/your_data")
    settle(page)
    uploader(page, "Training file").set_input_files(str(source))
    expect(page.get_by_text("does not take this file").first).to_be_visible(timeout=30_000)
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download for Bedrock conversation (Nova)").click()
    converted = tmp_path / "support.bedrock_conversation.jsonl"
    Path(download.value.path()).replace(converted)
    first = json.loads(converted.read_text(encoding="utf-8").splitlines()[0])
    assert first["schemaVersion"] == "bedrock-conversation-2024"
    shoot(page, SHOTS, "your_data_convert")

    uploader(page, "Training file").set_input_files(str(converted))
    expect(page.get_by_text("takes this format").first).to_be_visible(timeout=30_000)
    settle(page)
    expect(page.get_by_text("does not take this file")).to_have_count(0, timeout=WAIT)
    expect(metric(page, "Usable examples")).to_have_text(str(N_EXAMPLES), timeout=WAIT)
