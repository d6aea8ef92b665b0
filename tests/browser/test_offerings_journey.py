"""Fine-tuning as it is bought today, and the whole cost, in a real browser: pick a current model and an offering,
read the hosting fee and the end date; diagnose a knowledge gap and see which strategies do not fix it."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import core
from harness.browser import settle
from present import format as fmt

METRIC = '[data-testid="stMetric"] [data-testid="stMetricValue"]'


def _numbers(page: Page) -> list[str]:
    expect(page.locator(METRIC)).to_have_count(16, timeout=60_000)
    return [text.strip() for text in page.locator(METRIC).all_inner_texts()]


def _card(page: Page, strategy: core.Strategy) -> list[str]:
    index = core.STRATEGIES.index(strategy)
    return _numbers(page)[index * 4 : index * 4 + 4]


def _card_box(page: Page, strategy: core.Strategy) -> Locator:
    """The card (a column of the top row) whose heading is this strategy's label."""
    heading = page.get_by_role("heading", name=core.STRATEGY_LABELS[strategy], exact=True)
    return page.locator('[data-testid="stColumn"]').filter(has=heading).first


def _choose(page: Page, label: str, option: str) -> None:
    """Open a select box by its label, type to search, and pick the option, as a person would: if the page redraws
    while the list is open (a rerun still finishing on a busy machine), the list closes and they open it again."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    for attempt in range(3):
        settle(page)
        box.locator('[role="combobox"]').click()
        page.keyboard.type(option[:30])
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def _tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    settle(page)


def test_pick_a_current_model_and_an_azure_offering_then_openai_direct(server_url: str, page: Page) -> None:
    page.goto(f"{server_url}/estimate?people.include=0")
    settle(page)
    _choose(page, "Model that answers", "Anthropic · claude-sonnet-4-6")
    expect(page).to_have_url(re.compile(r"model=claude-sonnet-4-6"), timeout=15_000)
    settle(page)

    _tab(page, "Fine-tuning")
    _choose(
        page,
        "Where to fine-tune",
        "Azure Foundry · gpt-4.1-mini (Standard, hourly hosting) — new jobs until 2027-04-14",
    )
    expect(page).to_have_url(re.compile(r"ft\.offering=azure%2Fgpt-4\.1-mini"), timeout=15_000)
    settle(page)
    expect(page.get_by_text("The hosting fee is charged for every hour").first).to_be_visible()
    # Microsoft publishes no training price in our sources: the page asks; typed in, the month carries the fee.
    expect(page.get_by_text("No price is known for").first).to_be_visible()
    _tab(page, "Prices")
    box = page.locator('input[aria-label="Training $/1M tokens"]')
    box.fill("5")
    box.press("Enter")
    scenario = core.Scenario(
        model="claude-sonnet-4-6",
        people=core.People(include=False),
        fine_tuning=core.FineTuningSettings(offering="azure/gpt-4.1-mini"),
        offering_prices={"azure/gpt-4.1-mini": core.OfferingPrice(training_usd_per_mtok=5.0)},
    )
    tuned = core.estimate(scenario).strategies["fine_tuning"]
    assert tuned.monthly.hosting_usd == 1.70 * 730
    expect(page.locator(METRIC).nth(9)).to_have_text(fmt.usd(tuned.monthly_usd), timeout=30_000)
    # The formulas say how the fee is charged, and the assumptions table lists it with its source.
    page.get_by_text("How this is computed").click()
    expect(page.get_by_text("hosting = fee * 730 h", exact=False).first).to_be_visible()
    expect(page.get_by_text("An hourly hosting fee is charged for every hour").first).to_be_visible()

    # OpenAI direct over 12 months: the tuned model stops answering on 2027-01-14, and the page says so.
    _tab(page, "Fine-tuning")
    _choose(
        page,
        "Where to fine-tune",
        "OpenAI · gpt-4.1-mini (existing fine-tuning customers only) — new jobs until 2027-01-06",
    )
    expect(page).to_have_url(re.compile(r"ft\.offering=openai%2Fgpt-4\.1-mini"), timeout=15_000)
    settle(page)
    expect(page.get_by_text(re.compile(r"stops answering on 2027-01-14 \(in month 2 of 12")).first).to_be_visible()
    expect(page.get_by_text("ends 2027-01-14").first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_knowledge_gap_is_not_fixed_by_fine_tuning_and_people_time_moves_the_totals(
    server_url: str, page: Page
) -> None:
    page.goto(f"{server_url}/diagnose")
    settle(page)
    page.get_by_text("Does the material the answers come from change often").click()
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text("Retrieval (RAG)", timeout=15_000)
    page.get_by_role("link", name="Estimate").first.click()
    settle(page)
    expect(page).to_have_url(re.compile(r"a\.source_changes_often=1"), timeout=15_000)
    fine_tuning = _card_box(page, "fine_tuning")
    expect(fine_tuning.get_by_text("does not fix it")).to_be_visible(timeout=30_000)
    expect(fine_tuning.get_by_text(re.compile("Does not fix: the model still cannot see documents"))).to_be_visible()
    expect(_card_box(page, "rag").get_by_text("cheapest")).to_be_visible()
    expect(_card_box(page, "prompt_only").get_by_text("does not fix it")).to_be_visible()
    expect(page.get_by_text(re.compile("On price alone the cheapest is Prompt \\+ evals baseline"))).to_be_visible()

    with_people = _card(page, "rag")
    _tab(page, "People")
    page.get_by_text("Include people's time").click()
    expect(page).to_have_url(re.compile(r"people\.include=0"), timeout=15_000)
    expect(page.locator(METRIC).nth(5)).not_to_have_text(with_people[1], timeout=30_000)
    without = _card(page, "rag")
    assert without != with_people
    page.get_by_text("Include people's time").click()
    expect(page.locator(METRIC).nth(5)).to_have_text(with_people[1], timeout=30_000)
    assert _card(page, "rag") == with_people
    assert page.locator('[data-testid="stException"]').count() == 0
