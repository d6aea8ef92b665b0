"""Figures in another currency: the dated reference rates, the cross rate through the euro, the one money formatter,
and the currency in links and files (bad codes fall back to USD with a note)."""

from __future__ import annotations

import pytest

import core
from core import _currency
from core._link import from_query_params, to_query_params
from present import format as fmt


def test_every_code_the_scenario_accepts_has_a_dated_sourced_rate() -> None:
    assert set(core.currency_codes()) == {"USD", "EUR", "GBP", "JPY", "INR", "CAD", "AUD", "CHF"}
    assert set(core.currency_codes()) == set(core.Scenario.model_fields["currency"].annotation.__args__)
    for row in _currency.currency_table():
        assert row.per_eur > 0 and row.as_of and row.confidence == "V"
        assert "ECB" in row.source
    assert core.exchange_rate("JPY").decimals == 0


def test_cross_rates_through_the_euro_by_hand() -> None:
    # ECB 2026-05-08: 1 EUR = 1.1761 USD = 184.37 JPY = 0.86410 GBP. Per US dollar: 1 / 1.1761 = 0.850268 EUR,
    # 184.37 / 1.1761 = 156.7639 JPY, 0.86410 / 1.1761 = 0.734716 GBP.
    assert core.exchange_rate("EUR").per_usd == pytest.approx(0.850268, abs=1e-6)
    assert core.exchange_rate("JPY").per_usd == pytest.approx(156.7639, abs=1e-4)
    assert core.exchange_rate("GBP").per_usd == pytest.approx(0.734716, abs=1e-6)
    assert core.exchange_rate("USD").per_usd == 1.0
    assert "1.1761 USD per EUR" in core.exchange_rate("EUR").source


def test_money_in_each_currency() -> None:
    eur, jpy, chf = core.exchange_rate("EUR"), core.exchange_rate("JPY"), core.exchange_rate("CHF")
    # $1,000 x 0.850268 = €850.27 -> "€850" (no cents from 100 up); $12.50 x 0.850268 = €10.63.
    assert fmt.usd(1000.0, currency=eur) == "€850"
    assert fmt.usd(12.5, currency=eur) == "€10.63"
    # Yen have no decimals: $12.50 x 156.7639 = ¥1,959.5 -> "¥1,960".
    assert fmt.usd(12.5, currency=jpy) == "¥1,960"
    # A fraction of a yen per request keeps three significant digits: $0.00059 x 156.7639 = ¥0.0925.
    assert fmt.usd_per_unit(0.00059, currency=jpy) == "¥0.0925"
    assert fmt.usd(12.5, currency=chf) == "CHF 9.73"  # 12.5 x 0.778505 = 9.731
    # USD stays as it was, and unknown stays unknown in every currency.
    assert fmt.usd(12.5) == fmt.usd(12.5, currency=core.exchange_rate()) == "$12.50"
    assert fmt.usd(None, currency=eur) == fmt.usd_per_unit(float("nan"), currency=jpy) == fmt.UNKNOWN_PRICE


def test_an_override_rate_is_used_and_said() -> None:
    rate = core.exchange_rate("EUR", 0.9)
    assert rate.overridden and rate.per_usd == 0.9
    assert fmt.usd(100.0, currency=rate) == "€90.00"
    assert "your rate of 0.9" in fmt.rate_note(rate)
    note = fmt.rate_note(core.exchange_rate("EUR"))
    assert "converted from USD at 0.850268 EUR per US dollar" in note and "2026-05-08" in note
    assert fmt.rate_note(core.exchange_rate("USD")) == ""


def test_core_figures_stay_in_usd_whatever_the_currency() -> None:
    usd = core.estimate(core.Scenario())
    eur = core.estimate(core.Scenario(currency="EUR", currency_rate=0.5))
    assert usd.strategies == eur.strategies


def test_currency_in_a_link() -> None:
    scenario, notes = from_query_params({"v": "2", "currency": "EUR"})
    assert (scenario.currency, notes) == ("EUR", [])
    assert to_query_params(scenario) == {"v": "2", "currency": "EUR"}


@pytest.mark.parametrize(
    "raw",
    ["XYZ", "", "usd;DROP", '=HYPERLINK("http://x")', "**EUR**", "<b>EUR</b>", "€", "E" * 5000, "\x00", "\ud800"],
)
def test_a_bad_currency_in_a_link_falls_back_to_usd_with_a_plain_note(raw: str) -> None:
    scenario, notes = from_query_params({"v": "2", "currency": raw, "w.requests_per_month": "7"})
    assert scenario.currency == "USD" and scenario.workload.requests_per_month == 7
    assert len(notes) == 1 and "currency" in notes[0]
    assert "<b>" not in notes[0] and "**" not in notes[0]


@pytest.mark.parametrize("raw", ["0", "-1", "nan", "inf", "1e400", "abc", "=1+1"])
def test_a_bad_rate_in_a_link_is_dropped_with_a_note(raw: str) -> None:
    scenario, notes = from_query_params({"currency": "EUR", "currency_rate": raw})
    assert scenario.currency == "EUR" and scenario.currency_rate is None
    assert len(notes) == 1 and "currency" in notes[0]


def test_currency_in_a_scenario_file() -> None:
    scenario = core.Scenario(currency="INR", currency_rate=90.0)
    text = core.scenario_to_json(scenario)
    assert core.scenario_from_json(text) == scenario
    assert core.read_scenario_file(text)[0] == scenario


def test_every_export_says_the_currency_its_rate_source_and_date() -> None:
    from present import report

    scenario = core.Scenario(currency="EUR", people=core.People(include=False))
    result = core.estimate(scenario)
    recommendation = core.recommend(scenario.answers)
    page = report.html_report(scenario, result, recommendation, {})
    summary = report.markdown_report(scenario, result, recommendation)
    monthly = fmt.usd(result.strategies["prompt_only"].monthly_usd, currency=core.exchange_rate("EUR"))
    assert monthly.startswith("€")
    for text in (page, summary):
        assert "converted from USD at 0.850268 EUR per US dollar" in text
        assert "ECB" in text and "2026-05-08" in text
        assert monthly in text
    plain = core.Scenario(people=core.People(include=False))
    assert "US dollars (USD)" in report.markdown_report(plain, core.estimate(plain), recommendation)
    # The side-by-side table takes the currency too.
    comparison = core.compare(scenario)
    rows = report.comparison_table([("A", comparison)], core.exchange_rate("JPY"))
    month = next(r["A"] for r in rows if r["Measure"].startswith("Per month"))
    assert month.startswith("¥") and "." not in month
