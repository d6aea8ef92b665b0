"""A team uploads its RAGAS-style eval log in a real browser, sees the split, sends it to Diagnose, reads the
evidence beside the verdict, then sees the cost per correct answer on Scenarios."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from harness.browser import settle, shoot

WAIT = 30_000
EXAMPLE = Path(__file__).resolve().parents[2] / "assets" / "examples" / "eval_log_example.jsonl"
SHOTS = os.environ.get("EVIDENCE_SHOTS")


def test_upload_ragas_log_split_diagnose_and_cost_per_correct_answer(
    server_url: str, page: Page, tmp_path: Path
) -> None:
    log = tmp_path / "ragas_eval.jsonl"
    shutil.copyfile(EXAMPLE, log)  # a RAGAS-style export: user_input, retrieved_contexts, response, reference, run
    page.goto(f"{server_url}/evidence")
    settle(page)
    page.locator('[data-testid="stFileUploader"]').locator('input[type="file"]').first.set_input_files(str(log))

    expect(page.get_by_text("Columns recognised as: RAGAS")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible(timeout=WAIT)
    expect(page.locator(".js-plotly-plot").first).to_contain_text("prompt_only", timeout=WAIT)
    expect(page.get_by_text(re.compile(r"Share correct .*prompt.only: 27%.*rag: 80%"))).to_be_visible(timeout=WAIT)
    shoot(page, SHOTS, "evidence_split")

    page.get_by_role("button", name="Use as Diagnose's answers").click()
    expect(page.get_by_text("Diagnose's answers and Scenarios' accuracy now come from this evidence.")).to_be_visible(
        timeout=WAIT
    )
    expect(page).to_have_url(re.compile(r"[?&]evidence="), timeout=WAIT)

    page.get_by_role("link", name="Open Diagnose").click()
    settle(page)
    expect(page.get_by_text(re.compile(r"From 180 eval rows \(run prompt.only\): 47 visibility"))).to_be_visible(
        timeout=WAIT
    )
    expect(page.get_by_text(re.compile("From evidence: a strong prompt was measured"))).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(re.compile("Ticked by hand"))).to_be_visible(timeout=WAIT)
    shoot(page, SHOTS, "evidence_diagnose")

    page.get_by_role("link", name="Scenarios").first.click()
    settle(page)
    expect(page.get_by_text("4. Quality from your own evals (optional)")).to_be_visible(timeout=WAIT)
    quality = page.locator('[data-testid="stDataFrame"]').filter(has_text="Accuracy (your evals)")
    expect(quality).to_be_visible(timeout=WAIT)
    expect(quality).to_contain_text(re.compile(r"Retrieval \(RAG\).*80%.*\$", re.DOTALL), timeout=WAIT)
    shoot(page, SHOTS, "evidence_scenarios")
