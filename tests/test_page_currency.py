"""The currency on the Estimate and Scenarios pages in AppTest: the selector, a link with currency=EUR, bad codes."""

from __future__ import annotations

import core
from harness.apptest import open_page, texts
from present import format as fmt
from ui import state

PAGE = "estimate.py"
TOKENS_ONLY = {"people.include": "0"}


def _prompt_only_request(at) -> str:
    return next(m.value for m in at.metric if m.label == "One request")


def test_a_link_with_currency_eur_shows_euros_and_where_the_rate_comes_from() -> None:
    at = open_page(PAGE, {**TOKENS_ONLY, "currency": "EUR"})
    assert not at.exception
    usd = core.estimate(core.Scenario(people=core.People(include=False))).strategies["prompt_only"]
    assert _prompt_only_request(at) == fmt.usd_per_unit(usd.cost_per_request_usd, currency=core.exchange_rate("EUR"))
    assert _prompt_only_request(at).startswith("€")
    page = texts(at).replace("\\", "")
    assert "converted from USD at 0.850268 EUR per US dollar" in page and "2026" in page
    assert "ECB" in page


def test_the_selector_switches_the_cards_to_yen_and_back() -> None:
    at = open_page(PAGE, TOKENS_ONLY)
    assert _prompt_only_request(at).startswith("$")
    at.selectbox(key=state.key_for(("currency",))).set_value("JPY").run()
    assert not at.exception
    assert _prompt_only_request(at).startswith("¥")
    assert at.query_params.get("currency") in ("JPY", ["JPY"])
    at.selectbox(key=state.key_for(("currency",))).set_value("USD").run()
    assert _prompt_only_request(at).startswith("$")


def test_your_rate_overrides_the_reference_rate() -> None:
    at = open_page(PAGE, {**TOKENS_ONLY, "currency": "EUR", "currency_rate": "2"})
    usd = core.estimate(core.Scenario(people=core.People(include=False))).strategies["prompt_only"]
    # Twice the dollar figure, in euros.
    assert _prompt_only_request(at) == fmt.usd_per_unit(
        usd.cost_per_request_usd * 2, currency=core.exchange_rate("EUR", 1.0)
    )
    assert "your rate of 2 per US dollar" in texts(at).replace("\\", "")


def test_a_bad_currency_in_a_link_gets_a_note_and_usd() -> None:
    at = open_page(PAGE, {"currency": '=HYPERLINK("x")'})
    assert not at.exception
    assert _prompt_only_request(at).startswith("$")
    assert "currency must be one of: USD, EUR" in texts(at).replace("\\", "")


def test_the_scenarios_page_shows_the_chosen_currency() -> None:
    at = open_page("scenarios.py", {"currency": "GBP"})
    assert not at.exception
    values = [m.value for m in at.metric]
    assert values and all(v.startswith("£") or v == fmt.UNKNOWN_PRICE for v in values[:2])
