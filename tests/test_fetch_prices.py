"""The optional "Fetch latest prices" action, with genai-prices' updater swapped for fakes (never the network)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

import core
from harness.apptest import open_page
from ui import price_fetch
from ui.estimate_panels import TAB_KEY

PAGE = "estimate.py"


class FakeSnapshot:
    """A snapshot that knows one model, at the given prices per 1M tokens."""

    def __init__(self, model: str, **prices: str) -> None:
        self.model, self.prices = model, prices

    def find_provider_model(self, model_ref: str, *_: Any) -> tuple[Any, Any]:
        if model_ref != self.model:
            raise LookupError(model_ref)
        fields = {f"{k}_mtok": Decimal(v) for k, v in self.prices.items()}
        return SimpleNamespace(id="openai"), SimpleNamespace(get_prices=lambda _when: SimpleNamespace(**fields))


def test_price_changes_compares_the_fetched_prices_with_the_installed_ones() -> None:
    installed = core.resolve_prices("gpt-5.4-mini")
    assert (installed.input, installed.output) == (0.75, 4.50)
    changes = core.price_changes(FakeSnapshot("gpt-5.4-mini", input="0.80", output="4.50"), "gpt-5.4-mini")
    assert [(c.field, c.old, c.new) for c in changes] == [("input", 0.75, 0.80)]
    assert core.price_changes(FakeSnapshot("other-model", input="1"), "gpt-5.4-mini") == ()
    when = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    assert core.fetched_prices(FakeSnapshot("gpt-5.4-mini", output="5"), "gpt-5.4-mini", when=when) == {"output": 5.0}


def _prices_tab() -> Any:
    at = open_page(PAGE, {"people.include": "0"})
    at.session_state[TAB_KEY] = "Prices"
    return at.run()


def test_the_button_applies_a_changed_price_and_says_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []

    def fake(timeout_s: float) -> FakeSnapshot:
        calls.append(timeout_s)
        return FakeSnapshot("gpt-5.4-mini", input="0.80", output="4.50")

    monkeypatch.setattr(price_fetch, "fetch_snapshot", fake)
    at = _prices_tab()
    assert calls == []  # nothing is fetched on load
    at.button(key="estimate.fetch_prices").click().run()
    assert not at.exception
    assert calls == [price_fetch.FETCH_TIMEOUT_S]
    said = " ".join(s.value for s in at.success).replace("\\", "")
    assert "gpt-5.4-mini changed (input: $0.75 → $0.80" in said
    assert at.query_params["price.input.gpt-5.4-mini"] == "0.8"  # applied to this scenario, in its link


def test_a_failed_fetch_keeps_the_installed_prices(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(timeout_s: float) -> None:
        raise TimeoutError("no network")

    monkeypatch.setattr(price_fetch, "fetch_snapshot", offline)
    at = _prices_tab()
    at.button(key="estimate.fetch_prices").click().run()
    assert not at.exception
    assert any("Could not fetch the latest prices (TimeoutError)" in w.value.replace("\\", "") for w in at.warning)
    assert not any(k.startswith("price.") for k in at.query_params)
