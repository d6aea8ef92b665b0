"""The Estimate page in AppTest: four strategies priced, inputs and links applied, prices overridable, texts measured.

Expected dollars are worked out by hand from the catalogue's gpt-5.4-mini prices (input $0.75, output $4.50 per
1M tokens) and the default request (1,500 + 2,500 + 200 input tokens, 300 output tokens); links that switch people's
time off (`people.include=0`) keep the sums to tokens alone.
"""

from __future__ import annotations

import core
from harness.apptest import open_page, open_sections, texts

PAGE = "estimate.py"
TAB = "estimate.tab"
UNKNOWN = "my-private-model"
MODEL = core.DEFAULT_MODEL
TOKENS_ONLY = {"people.include": "0"}


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


def fine_tuning(at) -> dict[str, str]:
    return metrics(at)[core.STRATEGY_LABELS["fine_tuning"]]


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
    # (4,200 x 0.75 + 300 x 4.50) / 1e6 = $0.0045 a request; x 100,000 = $450 a month of tokens, plus 4 hours of
    # upkeep at $62.58 = $700; over 12 months, plus set-up (2 days + a 100-example eval set = 32.67 h): $10,448.
    # Latency: 233 ms + 4,200 / 111,000 s + 300 / 201 s = 1.76 s.
    assert prompt_only(at) == {"One request": "$0.00450", "Per month": "$700", "Over": "$10,448", "Latency": "1.8 s"}
    tokens_only = open_page(PAGE, TOKENS_ONLY)
    assert prompt_only(tokens_only) == {
        "One request": "$0.00450",
        "Per month": "$450",
        "Over": "$5,400",
        "Latency": "1.8 s",
    }
    assert len(at.get("plotly_chart")) == 1  # one chart tab open at a time
    # "How this is computed" is drawn only once opened: closed, it sends nothing to the browser.
    how = next(e for e in at.expander if e.label == "How this is computed")
    assert not how.children and not at.dataframe
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
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == ["estimate.volume_chart"]
    assert at.number_input(key=f"field.prices.{MODEL}.input").value == 0.75  # the Prices tab is the one drawn
    assert at.query_params["estimate.chart"] == "Break-even" and at.query_params["estimate.tab"] == "Prices"
    link = at.code[0].value
    assert "estimate.chart=Break-even" in link and "estimate.tab=Prices" in link and "requests_per_month=5000" in link
    # Back on the first tab, the link is clean again; another page's link never carries Estimate's tabs.
    at.session_state[CHART_TAB] = "Per month"
    at.run()
    assert "estimate.chart" not in at.query_params and "estimate.tab" in at.query_params
    at.switch_page("app_pages/diagnose.py")
    at.run()
    assert dict(at.query_params) == {"v": "2", "w.requests_per_month": "5000"}


def test_a_link_naming_no_tab_says_so_and_opens_the_first() -> None:
    at = open_page(PAGE, {"estimate.chart": "<b>Pie</b>", "w.requests_per_month": "5000"})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "estimate.chart" in notes and "names no tab" in notes and "<b>" not in notes
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == ["estimate.monthly_chart"]
    assert dict(at.query_params) == {"v": "2", "w.requests_per_month": "5000"}  # kept what was valid
    repeated = open_page(PAGE, {"estimate.chart": ["Latency", "Tokens"]})
    assert "'estimate.chart' appears 2 times in the link; the last one was used." in repeated.warning[0].value
    assert [c.proto.id.rsplit("-", 1)[-1] for c in repeated.get("plotly_chart")] == ["estimate.tokens_chart"]


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
        "estimate.monthly_chart",
        "estimate.cumulative_chart",
        "estimate.volume_chart",
        "estimate.latency_chart",
        "estimate.tokens_chart",
        "estimate.sensitivity_chart",
    ]


def test_the_open_chart_follows_an_input_change() -> None:
    at = open_page(PAGE)
    at.session_state[CHART_TAB] = "Break-even"
    at.run()
    before = at.get("plotly_chart")[0].proto.spec
    at.number_input(key="field.workload.requests_per_month").set_value(250_000).run()
    assert not at.exception
    assert at.get("plotly_chart")[0].proto.id.endswith("estimate.volume_chart")
    assert at.get("plotly_chart")[0].proto.spec != before  # the "today" line moved


def test_changing_requests_per_month_changes_the_numbers_and_the_link() -> None:
    at = open_page(PAGE, TOKENS_ONLY)
    at.number_input(key="field.workload.requests_per_month").set_value(200_000).run()
    assert not at.exception
    assert prompt_only(at)["Per month"] == "$900"  # 200,000 x $0.0045
    assert at.query_params["w.requests_per_month"] == "200000"


def test_a_link_is_applied_to_the_inputs_and_the_numbers() -> None:
    at = open_page(PAGE, {"w.requests_per_month": "600000", "w.batch": "1", **TOKENS_ONLY})
    assert not at.exception
    assert at.number_input(key="field.workload.requests_per_month").value == 600_000
    assert at.toggle(key="field.workload.batch").value is True
    # The catalogue's batch prices for gpt-5.4-mini: (4,200 x 0.375 + 300 x 2.25) / 1e6 x 600,000 = $1,350.
    assert prompt_only(at)["Per month"] == "$1,350"
    assert prompt_only(at)["Latency"] == "within 24 hours"


def test_garbage_in_the_link_is_noted_and_the_page_still_prices() -> None:
    garbage = {"w.requests_per_month": "lots", "w.output_tokens": "-3", "zzz": "<b>x</b>", "rag.top_k": "7"}
    at = open_page(PAGE, {**garbage, **TOKENS_ONLY})
    assert not at.exception
    notes = [w.value for w in at.warning if "could not be used" in w.value]
    assert len(notes) == 1 and "requests" in notes[0]
    assert at.number_input(key="field.workload.requests_per_month").value == 100_000
    open_tab(at, "RAG")
    assert at.number_input(key="field.rag.top_k").value == 7
    assert prompt_only(at)["Per month"] == "$450"


def test_an_unknown_model_is_named_and_never_priced_at_zero() -> None:
    at = open_page(PAGE, {"model": UNKNOWN, "ft.offering": "bedrock/nova-pro", **TOKENS_ONLY})
    assert not at.exception
    missing = [w.value for w in at.warning if "No price is known" in w.value]
    assert len(missing) == 1
    assert "my\\-private\\-model input price" in missing[0]
    cards = metrics(at)
    for strategy in ("prompt_only", "rag"):
        money = [v for k, v in cards[core.STRATEGY_LABELS[strategy]].items() if k != "Latency"]
        assert money == ["no price"] * 3
    # Nova Pro's tokens are priced (at its base rate) but its training is not: a request has a price, a month not.
    assert fine_tuning(at)["One request"].startswith("$") and fine_tuning(at)["Per month"] == "no price"
    assert "$0.00" not in [m.value for m in at.metric]
    # Typing the two missing prices makes prompt-only priceable: (4,200 x 1 + 300 x 2) / 1e6 = $0.0048 a request.
    open_tab(at, "Prices")
    assert at.number_input(key=f"field.prices.{UNKNOWN}.input").value is None
    at.number_input(key=f"field.prices.{UNKNOWN}.input").set_value(1.0).run()
    at.number_input(key=f"field.prices.{UNKNOWN}.output").set_value(2.0).run()
    assert prompt_only(at)["One request"] == "$0.00480"
    assert prompt_only(at)["Per month"] == "$480"
    # Nova Pro's training price is published nowhere in our sources: the fine-tuned strategies still say so.
    assert fine_tuning(at)["Over"] == "no price"


def test_a_price_override_changes_the_costs_and_is_marked_as_yours() -> None:
    at = open_tab(open_page(PAGE, TOKENS_ONLY), "Prices")
    assert not any("your price" in m.value for m in at.markdown)
    at.number_input(key=f"field.prices.{MODEL}.input").set_value(0.3).run()
    assert not at.exception
    # (4,200 x 0.30 + 300 x 4.50) / 1e6 = $0.00261 a request; x 100,000 = $261 a month.
    assert prompt_only(at)["Per month"] == "$261"
    assert any("your price" in m.value for m in at.markdown)
    assert at.query_params[f"price.input.{MODEL}"] == "0.3"
    table = open_sections(at).dataframe[0].value
    overridden = table[table["Overridden by you"] == "yes"]["Number"].tolist()
    assert overridden == [f"{MODEL} input price"]
    # Reset puts the catalogue price back, and the box shows it again.
    at.button(key=f"estimate.reset.prices.{MODEL}").click().run()
    assert prompt_only(at)["Per month"] == "$450"
    assert at.number_input(key=f"field.prices.{MODEL}.input").value == 0.75
    assert f"price.input.{MODEL}" not in at.query_params


def test_a_latency_override_needs_and_uses_all_three_numbers() -> None:
    at = open_tab(open_page(PAGE), "Prices")
    at.number_input(key=f"field.latency.{MODEL}.output_tokens_per_s").set_value(100.0).run()
    assert not at.exception
    profile = at.session_state["app.scenario"].latency[MODEL]
    assert profile.output_tokens_per_s == 100.0
    assert profile.ttft_ms == core.resolve_latency(MODEL).profile.ttft_ms  # seeded from the catalogue
    # 233 ms start + 4,200 / 111,000 s reading + 300 / 100 s writing = 3.27 s.
    assert prompt_only(at)["Latency"] == "3.3 s"


def test_a_pasted_system_prompt_is_counted_and_used() -> None:
    text = "You answer questions about invoices. Always reply in JSON.\n" * 40
    expected = core.count_tokens(text, MODEL)
    at = open_tab(open_page(PAGE), "Paste text")
    at.text_area(key="estimate.paste.system_prompt.box").input(text).run()
    assert any(c.value.startswith(f"{expected:,} tokens") for c in at.caption)
    at.button(key="estimate.paste.use").click().run()
    assert not at.exception
    assert at.session_state["app.scenario"].workload.instruction_tokens == expected
    assert at.query_params["w.instruction_tokens"] == str(expected)
    assert all(text not in str(value) for value in at.query_params.values())
    # The bound box shows the measured count, and the pasted text survives a tab switch.
    open_tab(at, "Workload")
    assert at.number_input(key="field.workload.instruction_tokens").value == expected
    open_tab(at, "Paste text")
    assert at.text_area(key="estimate.paste.system_prompt.box").value == text


def test_a_huge_paste_is_counted_without_breaking_the_link() -> None:
    text = "lorem ipsum dolor sit amet " * 200_000  # about 5.4 MB
    at = open_tab(open_page(PAGE), "Paste text")
    at.text_area(key="estimate.paste.chunk.box").input(text).run()
    at.button(key="estimate.paste.use").click().run()
    assert not at.exception
    chunk = at.session_state["app.scenario"].rag.chunk_tokens
    assert chunk == core.count_tokens(text, MODEL)
    assert sum(len(str(v)) for v in at.query_params.values()) < 500


def test_the_recommended_and_cheapest_strategies_are_marked() -> None:
    knowledge = {f"a.{field}": "1" for field in core.KNOWLEDGE_FIELDS}
    at = open_page(PAGE, knowledge)
    assert core.recommend(at.session_state["app.scenario"].answers).strategy == "rag"
    cards = [m.value for m in at.markdown if m.value.startswith("#### ") or "badge[" in m.value]
    after = {cards[i][5:]: cards[i + 1] for i in range(len(cards) - 1) if cards[i].startswith("#### ")}
    assert "recommended" in after[core.STRATEGY_LABELS["rag"]]
    assert "recommended" not in after[core.STRATEGY_LABELS["prompt_only"]]
    # A knowledge gap: prompt-only ($10,448) is the cheapest on price alone but does not fix it, so the badge goes to
    # retrieval ($15,857), the cheapest that does; fine-tuning is marked as not fixing it either.
    assert "cheapest" in after[core.STRATEGY_LABELS["rag"]]
    assert "cheapest" not in after[core.STRATEGY_LABELS["prompt_only"]]
    for strategy in ("prompt_only", "fine_tuning"):
        assert "does not fix it" in after[core.STRATEGY_LABELS[strategy]]
    page = texts(at)
    assert "Does not fix: the model still cannot see" in page
    assert "On price alone the cheapest is Prompt + evals baseline" in page


def test_choosing_an_azure_offering_puts_its_hosting_fee_in_the_month_and_the_formulas() -> None:
    at = open_tab(open_page(PAGE, TOKENS_ONLY), "Fine-tuning")
    picker = at.selectbox(key="field.fine_tuning.offering")
    # Azure trains gpt-4.1-mini until 2027-04-14 (Microsoft's retirement schedule of 2026-09-02).
    assert "Azure Foundry · gpt-4.1-mini (Standard, hourly hosting) — new jobs until 2027-04-14" in picker.options
    picker.set_value("azure/gpt-4.1-mini").run()
    assert not at.exception
    assert at.query_params["ft.offering"] == "azure/gpt-4.1-mini"
    # Microsoft publishes no training price in our sources, so the page asks for it; once typed, the month is
    # 100,000 x (400 x 0.40 + 300 x 1.60) / 1e6 = $64 of tokens + $1,241 of hosting + retraining.
    assert any("training price" in w.value for w in at.warning)
    open_tab(at, "Prices")
    at.number_input(key="field.offering_prices.azure/gpt-4.1-mini.training_usd_per_mtok").set_value(5.0).run()
    assert not at.exception
    assert fine_tuning(at)["Per month"] == "$1,308"  # 64 + 1,241 + 7.50 x 4 / 12 = 1,307.50
    assert any("stops answering on 2027-10-14" in i.value.replace("\\", "") for i in at.info)
    page = texts(open_sections(at))
    assert "hosting fee is charged for every hour" in page
    assert "hosting = fee * 730 h" in [c.value for c in at.code][4]
    table = at.dataframe[0].value
    hosting = table[table["Number"].str.contains("price per hour of one deployment")]
    assert hosting["Value"].tolist() == ["1.7"] and "Microsoft Foundry docs" in hosting["Source"].iloc[0]


def test_openai_direct_over_twelve_months_says_when_it_ends() -> None:
    at = open_page(PAGE, {"ft.offering": "openai/gpt-4.1-mini", "horizon_months": "12"})
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    assert "stops answering on 2027-01-14" in notes.replace("\\", "")  # Markdown escapes the dashes
    assert any("ends 2027-01-14" in m.value for m in at.markdown)
    # Over time: a dashed line where the offering ends.
    at.session_state[CHART_TAB] = "Over time"
    at.run()
    spec = at.get("plotly_chart")[0].proto.spec
    assert "the offering ends" in spec


def test_people_time_can_be_switched_off_and_on_and_the_totals_follow() -> None:
    at = open_tab(open_page(PAGE), "People")
    with_people = prompt_only(at)["Over"]
    at.toggle(key="field.people.include").set_value(False).run()
    assert prompt_only(at)["Over"] == "$5,400" != with_people
    assert at.query_params["people.include"] == "0"
    at.toggle(key="field.people.include").set_value(True).run()
    assert prompt_only(at)["Over"] == with_people == "$10,448"
    # Each default says where it comes from; the hourly rate is a named wage statistic.
    page = texts(at)
    assert "Bureau of Labor Statistics" in page and "an assumption" in page
    at.number_input(key="field.people.setup_days.prompt_only").set_value(5.0).run()
    assert prompt_only(at)["Over"] == "$11,950"  # 3 more days x 8 h x $62.58 = $1,501.92 more


def test_a_reasoning_model_without_reasoning_tokens_is_flagged_until_filled() -> None:
    at = open_page(PAGE, TOKENS_ONLY)
    assert any("understated" in i.value for i in at.info)
    at.number_input(key="field.workload.reasoning_tokens").set_value(1000).run()
    assert not any("understated" in i.value for i in at.info)
    # 1,000 more output-priced tokens: (4,200 x 0.75 + 1,300 x 4.50) / 1e6 = $0.009 a request.
    assert prompt_only(at)["One request"] == "$0.00900"


def test_offerings_billed_by_the_hour_or_by_gpu_show_their_own_inputs() -> None:
    rft = open_tab(open_page(PAGE, {"ft.offering": "openai/o4-mini-rft"}), "Fine-tuning")
    assert rft.number_input(key="field.fine_tuning.training_hours").value is None
    assert any("training hours" in w.value for w in rft.warning)
    gpu = open_tab(open_page(PAGE, {"ft.offering": "together/llama-3.1-8b"}), "Fine-tuning")
    assert gpu.number_input(key="field.workload.hours_per_day").value == 24.0
    assert any("1 × 1x H100 80GB" in c.value for c in gpu.caption)
    busy = open_tab(
        open_page(PAGE, {"ft.offering": "together/llama-3.1-8b", "w.requests_per_month": "30000000"}), "Fine-tuning"
    )
    assert any("3 × 1x H100 80GB" in c.value for c in busy.caption)


def test_the_model_picker_offers_todays_catalogue_by_provider() -> None:
    at = open_page(PAGE)
    picker = at.selectbox(key="field.model")
    assert len(picker.options) > 100
    assert all(label.startswith("OpenAI · ") for label in picker.options[:5])
    assert "Anthropic · claude-sonnet-4-6" in picker.options


def test_every_number_used_says_when_its_table_was_checked_and_which_are_out_of_date(monkeypatch) -> None:
    from ui import clock

    def table(day: str):
        monkeypatch.setenv(clock.ENV_VAR, day)
        frame = open_sections(open_page(PAGE)).dataframe[0].value
        return dict(zip(frame["Number"], frame["Table checked"], strict=True))

    today = table("2026-12-05")
    assert today[f"{MODEL} output speed"] == "2026-12-05"
    assert today[f"{MODEL} input price"] == ""  # the price package's snapshot, dated by its version
    assert not any("may be out of date" in v for v in today.values())
    later = table("2027-03-05")  # 94 days after people.json's check, 90 after latency.csv's
    assert later[f"{MODEL} output speed"] == "2026-12-05"
    assert later["people: hourly rate"] == "2026-12-01: may be out of date"
