"""The Estimate page in AppTest: four strategies priced, inputs and links applied, prices overridable, texts measured.

Expected dollars are worked out by hand from the catalogue's gpt-4o-mini prices (input $0.15, output $0.60 per
1M tokens) and the default request (1,500 + 2,500 + 200 input tokens, 300 output tokens).
"""

from __future__ import annotations

import core
from tests.apptest import open_page, open_sections, texts

PAGE = "estimate.py"
TAB = "estimate.tab"
UNKNOWN = "my-private-model"


def metrics(at) -> dict[str, dict[str, str]]:
    """Card numbers by strategy label: {'Fine-tuning': {'One request': '$0.0005', ...}, ...}."""
    cards: dict[str, dict[str, str]] = {}
    labels = iter(core.STRATEGY_LABELS[s] for s in core.STRATEGIES)
    current: dict[str, str] = {}
    for metric in at.metric:
        if metric.label == "One request":
            current = cards.setdefault(next(labels), {})
        current[metric.label.split(" ")[0] if metric.label.startswith("Over") else metric.label] = metric.value
    return cards


def prompt_only(at) -> dict[str, str]:
    return metrics(at)[core.STRATEGY_LABELS["prompt_only"]]


def open_tab(at, name: str):
    at.session_state[TAB] = name
    return at.run()


def test_fresh_page_prices_all_four_strategies_and_draws_every_chart() -> None:
    at = open_page(PAGE)
    assert not at.exception
    cards = metrics(at)
    assert list(cards) == [core.STRATEGY_LABELS[s] for s in core.STRATEGIES]
    for numbers in cards.values():
        assert set(numbers) == {"One request", "Per month", "Over", "Latency"}
        assert all(value.startswith("$") for key, value in numbers.items() if key != "Latency")
        assert numbers["Latency"].endswith(("ms", " s"))
    # (4,200 x 0.15 + 300 x 0.60) / 1e6 = $0.00081 a request; x 100,000 = $81.00 a month; x 12 = $972.
    assert prompt_only(at) == {"One request": "$0.0008", "Per month": "$81.00", "Over": "$972", "Latency": "5.5 s"}
    assert len(at.get("plotly_chart")) == 1  # one chart tab open at a time
    # "How this is computed" is drawn only once opened: closed, it sends nothing to the browser.
    assert at.expander[0].label == "How this is computed"
    assert not at.expander[0].children and not at.dataframe
    assert core.FORMULAS[0].words not in texts(at)
    page = texts(open_sections(at))
    for formula in core.FORMULAS:
        assert formula.words in page
    assert [c.value for c in at.code][: len(core.FORMULAS)] == [f.symbols for f in core.FORMULAS]
    assert len(at.dataframe) == 1  # every assumption with its source


CHART_TAB = "estimate.chart"


def test_a_link_reopens_the_open_chart_and_input_tab_and_the_share_link_keeps_them() -> None:
    at = open_page(PAGE, {"estimate.chart": "Break-even", "estimate.tab": "Prices", "w.requests_per_month": "5000"})
    assert not at.exception and not at.warning
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == ["chart_volume"]
    assert at.number_input(key="w:prices.gpt-4o-mini.input").value == 0.15  # the Prices tab is the one drawn
    assert at.query_params["estimate.chart"] == "Break-even" and at.query_params["estimate.tab"] == "Prices"
    link = at.code[0].value
    assert "estimate.chart=Break-even" in link and "estimate.tab=Prices" in link and "requests_per_month=5000" in link
    # Back on the first tab, the link is clean again; another page's link never carries Estimate's tabs.
    at.session_state[CHART_TAB] = "Per month"
    at.run()
    assert "estimate.chart" not in at.query_params and "estimate.tab" in at.query_params
    at.switch_page("app_pages/diagnose.py")
    at.run()
    assert dict(at.query_params) == {"v": "1", "w.requests_per_month": "5000"}


def test_a_link_naming_no_tab_says_so_and_opens_the_first() -> None:
    at = open_page(PAGE, {"estimate.chart": "<b>Pie</b>", "w.requests_per_month": "5000"})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "estimate.chart" in notes and "names no tab" in notes and "<b>" not in notes
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == ["chart_monthly"]
    assert dict(at.query_params) == {"v": "1", "w.requests_per_month": "5000"}  # kept what was valid
    repeated = open_page(PAGE, {"estimate.chart": ["Latency", "Tokens"]})
    assert "'estimate.chart' appears 2 times in the link; the last one was used." in repeated.warning[0].value
    assert [c.proto.id.rsplit("-", 1)[-1] for c in repeated.get("plotly_chart")] == ["chart_tokens"]


def test_every_chart_tab_draws_its_own_chart_and_only_that_one() -> None:
    at = open_page(PAGE)
    drawn = []
    for name in ("Per month", "Over time", "Break-even", "Latency", "Tokens", "What moves it"):
        at.session_state[CHART_TAB] = name
        at.run()
        assert not at.exception, name
        charts = at.get("plotly_chart")
        assert len(charts) == 1, name
        drawn.append(charts[0].proto.id.rsplit("-", 1)[-1])
    assert drawn == [
        "chart_monthly",
        "chart_cumulative",
        "chart_volume",
        "chart_latency",
        "chart_tokens",
        "chart_sensitivity",
    ]


def test_the_open_chart_follows_an_input_change() -> None:
    at = open_page(PAGE)
    at.session_state[CHART_TAB] = "Break-even"
    at.run()
    before = at.get("plotly_chart")[0].proto.spec
    at.number_input(key="w:workload.requests_per_month").set_value(250_000).run()
    assert not at.exception
    assert at.get("plotly_chart")[0].proto.id.endswith("chart_volume")
    assert at.get("plotly_chart")[0].proto.spec != before  # the "today" line moved


def test_changing_requests_per_month_changes_the_numbers_and_the_link() -> None:
    at = open_page(PAGE)
    at.number_input(key="w:workload.requests_per_month").set_value(200_000).run()
    assert not at.exception
    assert prompt_only(at)["Per month"] == "$162"  # 200,000 x $0.00081
    assert at.query_params["w.requests_per_month"] == "200000"


def test_a_link_is_applied_to_the_inputs_and_the_numbers() -> None:
    at = open_page(PAGE, {"w.requests_per_month": "600000", "w.batch": "1"})
    assert not at.exception
    assert at.number_input(key="w:workload.requests_per_month").value == 600_000
    assert at.toggle(key="w:workload.batch").value is True
    assert prompt_only(at)["Per month"] == "$243"  # 600,000 x $0.00081 x 0.5 (batch)


def test_garbage_in_the_link_is_noted_and_the_page_still_prices() -> None:
    at = open_page(PAGE, {"w.requests_per_month": "lots", "w.output_tokens": "-3", "zzz": "<b>x</b>", "rag.top_k": "7"})
    assert not at.exception
    notes = [w.value for w in at.warning if "could not be used" in w.value]
    assert len(notes) == 1 and "requests" in notes[0]
    assert at.number_input(key="w:workload.requests_per_month").value == 100_000
    open_tab(at, "RAG")
    assert at.number_input(key="w:rag.top_k").value == 7
    assert prompt_only(at)["Per month"] == "$81.00"


def test_an_unknown_model_is_named_and_never_priced_at_zero() -> None:
    at = open_page(PAGE, {"model": UNKNOWN, "ft.model": UNKNOWN})
    assert not at.exception
    missing = [w.value for w in at.warning if "No price is known" in w.value]
    assert len(missing) == 1
    assert "my\\-private\\-model input price" in missing[0]
    money = [m.value for m in at.metric if m.label != "Latency"]
    assert money and all(value == "no price" for value in money)
    assert not any(m.value.startswith("$0") for m in at.metric)
    # Typing the two missing prices makes prompt-only priceable: (4,200 x 1 + 300 x 2) / 1e6 = $0.0048 a request.
    open_tab(at, "Prices")
    assert at.number_input(key=f"w:prices.{UNKNOWN}.input").value is None
    at.number_input(key=f"w:prices.{UNKNOWN}.input").set_value(1.0).run()
    at.number_input(key=f"w:prices.{UNKNOWN}.output").set_value(2.0).run()
    assert prompt_only(at)["One request"] == "$0.0048"
    assert prompt_only(at)["Per month"] == "$480"


def test_a_price_override_changes_the_costs_and_is_marked_as_yours() -> None:
    at = open_tab(open_page(PAGE), "Prices")
    assert not any("your price" in m.value for m in at.markdown)
    at.number_input(key="w:prices.gpt-4o-mini.input").set_value(0.3).run()
    assert not at.exception
    # (4,200 x 0.30 + 300 x 0.60) / 1e6 = $0.00144 a request; x 100,000 = $144 a month.
    assert prompt_only(at)["Per month"] == "$144"
    assert any("your price" in m.value for m in at.markdown)
    assert at.query_params["price.input.gpt-4o-mini"] == "0.3"
    table = open_sections(at).dataframe[0].value
    overridden = table[table["Overridden by you"] == "yes"]["Number"].tolist()
    assert overridden == ["gpt-4o-mini input price"]
    # Reset puts the catalogue price back, and the box shows it again.
    at.button(key="reset.prices.gpt-4o-mini").click().run()
    assert prompt_only(at)["Per month"] == "$81.00"
    assert at.number_input(key="w:prices.gpt-4o-mini.input").value == 0.15
    assert "price.input.gpt-4o-mini" not in at.query_params


def test_a_latency_override_needs_and_uses_all_three_numbers() -> None:
    at = open_tab(open_page(PAGE), "Prices")
    at.number_input(key="w:latency.gpt-4o-mini.output_tokens_per_s").set_value(100.0).run()
    assert not at.exception
    profile = at.session_state["scenario"].latency["gpt-4o-mini"]
    assert profile.output_tokens_per_s == 100.0
    assert profile.ttft_ms == core.resolve_latency("gpt-4o-mini").profile.ttft_ms  # seeded from the catalogue
    # 390 ms start + 4,200 / 69,000 s reading + 300 / 100 s writing = 3.45 s.
    assert prompt_only(at)["Latency"] == "3.5 s"


def test_a_pasted_system_prompt_is_counted_and_used() -> None:
    text = "You answer questions about invoices. Always reply in JSON.\n" * 40
    expected = core.count_tokens(text, "gpt-4o-mini")
    at = open_tab(open_page(PAGE), "Paste text")
    at.text_area(key="paste.system_prompt.box").input(text).run()
    assert any(c.value.startswith(f"{expected:,} tokens") for c in at.caption)
    at.button(key="paste.use").click().run()
    assert not at.exception
    assert at.session_state["scenario"].workload.instruction_tokens == expected
    assert at.query_params["w.instruction_tokens"] == str(expected)
    assert all(text not in str(value) for value in at.query_params.values())
    # The bound box shows the measured count, and the pasted text survives a tab switch.
    open_tab(at, "Workload")
    assert at.number_input(key="w:workload.instruction_tokens").value == expected
    open_tab(at, "Paste text")
    assert at.text_area(key="paste.system_prompt.box").value == text


def test_a_huge_paste_is_counted_without_breaking_the_link() -> None:
    text = "lorem ipsum dolor sit amet " * 200_000  # about 5.4 MB
    at = open_tab(open_page(PAGE), "Paste text")
    at.text_area(key="paste.chunk.box").input(text).run()
    at.button(key="paste.use").click().run()
    assert not at.exception
    chunk = at.session_state["scenario"].rag.chunk_tokens
    assert chunk == core.count_tokens(text, "gpt-4o-mini")
    assert sum(len(str(v)) for v in at.query_params.values()) < 500


def test_the_recommended_and_cheapest_strategies_are_marked() -> None:
    knowledge = {f"a.{field}": "1" for field in core.KNOWLEDGE_FIELDS}
    at = open_page(PAGE, knowledge)
    assert core.recommend(at.session_state["scenario"].answers).strategy == "rag"
    cards = [m.value for m in at.markdown if m.value.startswith("#### ") or "badge[" in m.value]
    after = {cards[i][5:]: cards[i + 1] for i in range(len(cards) - 1) if cards[i].startswith("#### ")}
    assert "recommended" in after[core.STRATEGY_LABELS["rag"]]
    assert "recommended" not in after[core.STRATEGY_LABELS["prompt_only"]]
    # Default volumes: fine-tuning is the cheapest over 12 months ($598 against $972 for prompt-only).
    assert "cheapest" in after[core.STRATEGY_LABELS["fine_tuning"]]
