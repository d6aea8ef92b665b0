"""The Scenarios page in AppTest: presets, the current scenario, comparison, accuracy, saving and opening."""

from __future__ import annotations

from urllib.parse import urlencode

import core
from harness.apptest import open_page, open_sections, texts
from present import format as fmt

PAGE = "scenarios.py"
TITLE = "Scenarios: compare options side by side"
HOSTILE = "<script>alert(1)</script>"


def _table(at) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    frames = [d.value for d in at.dataframe if "Measure" in d.value.columns]
    assert len(frames) == 1
    return {row["Measure"]: row for row in frames[0].to_dict("records")}


def _metrics(at) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {m.label: m.value for m in at.metric}


def test_page_opens_with_presets_a_comparison_and_charts() -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert TITLE in texts(at)
    assert at.selectbox(key="scenarios.preset").options == [p.title for p in core.PRESETS.values()]
    table = _table(at)
    assert list(next(iter(table.values()))) == [
        "Measure",
        "My assistant",
        "Customer support bot",
        "Contract clause extraction",
    ]
    assert len(at.get("plotly_chart")) == 2


def test_a_preset_link_shows_the_presets_numbers() -> None:
    scenario = core.SCENARIOS["ticket_classification"]
    at = open_page(PAGE, core.to_query_params(scenario))
    assert not at.exception
    result = core.estimate(scenario)
    fine = result.strategies["fine_tuning"]
    metrics = _metrics(at)
    assert metrics["Recommended strategy, per month"] == fmt.usd(fine.monthly_usd)
    assert metrics["Recommended strategy, over 12 months"] == fmt.usd(fine.total_usd)
    assert metrics["Recommended strategy, time per request"] == fmt.ms(fine.latency_ms)
    current = _table(at)["Per month: Prompt + evals baseline"][scenario.name]
    assert current == fmt.usd(result.strategies["prompt_only"].monthly_usd)
    link = at.code[0].value
    assert link.endswith("/scenarios?" + urlencode(core.to_query_params(scenario)))


def test_using_a_preset_replaces_the_scenario_and_the_link() -> None:
    at = open_page(PAGE)
    at.selectbox(key="scenarios.preset").set_value("compliance_qa").run()
    at.button(key="scenarios.load_preset").click().run()
    assert not at.exception
    assert at.session_state["app.scenario"] == core.SCENARIOS["compliance_qa"]
    assert at.text_input(key="field.name").value == "Compliance Q&A with citations"
    assert at.query_params["w.requests_per_month"] == "15000"
    assert "Retrieval (RAG)" in texts(at)


def test_compare_up_to_four_and_the_table_follows() -> None:
    at = open_page(PAGE)
    chosen = ["preset:support_bot", "preset:ticket_classification", "preset:compliance_qa", "preset:meeting_summaries"]
    at.multiselect(key="scenarios.compare").set_value(chosen).run()
    assert not at.exception
    table = _table(at)
    assert table["Recommended"]["Support ticket triage"] == "Fine-tuning"
    assert table["Recommended"]["Meeting summaries"] == "Prompt + evals baseline"
    ticket = core.estimate(core.SCENARIOS["ticket_classification"]).strategies["fine_tuning"]
    assert table["Total over the horizon: Fine-tuning"]["Support ticket triage"] == fmt.usd(ticket.total_usd)
    assert table["Time per request: Fine-tuning"]["Support ticket triage"] == fmt.ms(ticket.latency_ms)


def test_fewer_than_two_asks_for_more() -> None:
    at = open_page(PAGE)
    at.multiselect(key="scenarios.compare").set_value(["current"]).run()
    assert not at.exception
    assert any("at least two" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_accuracy_gives_cost_per_correct_answer() -> None:
    at = open_page(PAGE, core.to_query_params(core.SCENARIOS["support_bot"]))
    at.number_input(key="field.accuracy.rag").set_value(0.8).run()
    assert not at.exception
    assert at.query_params["accuracy.rag"] == "0.8"
    rag = core.estimate(core.SCENARIOS["support_bot"]).strategies["rag"].cost_per_request_usd
    assert rag is not None
    frames = [d.value for d in at.dataframe if "Cost per correct answer" in d.value.columns]
    quality = {row["Strategy"]: row for row in frames[0].to_dict("records")}
    assert quality["Retrieval (RAG)"]["Cost per correct answer"] == fmt.usd_per_unit(rag / 0.8)
    assert _table(at)["Cost per correct answer: Retrieval (RAG)"]["Customer support bot"] == fmt.usd_per_unit(rag / 0.8)


def test_saved_copies_can_be_compared() -> None:
    at = open_page(PAGE)
    at.text_input(key="field.name").set_value("Plan B").run()
    at.button(key="scenarios.save").click().run()
    assert "Saved: Plan B" in at.multiselect(key="scenarios.compare").options
    at.multiselect(key="scenarios.compare").set_value(["saved:Plan B", "preset:support_bot"]).run()
    assert not at.exception
    assert "Plan B" in _table(at)["Recommended"]


def test_open_in_estimate_swaps_in_the_chosen_scenario() -> None:
    at = open_page(PAGE)
    at.multiselect(key="scenarios.compare").set_value(["current", "preset:contract_extraction"]).run()
    at.selectbox(key="scenarios.open_target").set_value("preset:contract_extraction").run()
    at.button(key="scenarios.open_estimate").click().run()
    assert not at.exception
    assert at.session_state["app.scenario"] == core.SCENARIOS["contract_extraction"]
    assert TITLE not in texts(at)  # we are on the Estimate page now


def test_a_hostile_name_stays_text() -> None:
    at = open_page(PAGE, {"name": HOSTILE})
    assert not at.exception
    assert HOSTILE in _table(at)["Recommended"]  # a column header in the table, shown as text
    assert all(HOSTILE not in m.value for m in at.markdown)
    assert len(at.code) == 1  # the link; the Markdown summary is drawn only once its section is opened
    assert r"\<script\>alert(1)\</script\>" in open_sections(at).code[1].value  # the summary escapes it
