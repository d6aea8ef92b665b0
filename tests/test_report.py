"""The meeting report: figures, sources and overrides are in it; user text is escaped; it works offline."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

import core
from charts.estimate import report_figures
from present import escape, report
from present import format as fmt

HOSTILE = "<script>alert(1)</script>"
LINK = "http://127.0.0.1:8501/scenarios?v=1&name=x"


def _parts(scenario: core.Scenario) -> tuple[core.Estimate, core.Recommendation]:
    return core.estimate(scenario), core.recommend(scenario.answers)


def _contract() -> core.Scenario:
    scenario = core.preset_scenario("contract_extraction")
    scenario.offering_prices = {"bedrock/nova-2-lite": core.OfferingPrice(input_usd_per_mtok=0.9)}
    return scenario


@pytest.fixture(scope="module")
def contract_html() -> str:
    scenario = _contract()
    result, recommendation = _parts(scenario)
    return report.html_report(
        scenario,
        result,
        recommendation,
        report_figures(result),
        share_link=LINK,
        generated_on=date(2026, 11, 23),
    )


def test_html_has_the_recommendation_and_the_figures(contract_html: str) -> None:
    result, recommendation = _parts(_contract())
    assert "Fine-tuning" in contract_html
    for reason in recommendation.reasons:
        assert html.escape(reason) in contract_html
    for run in result.strategies.values():
        assert fmt.usd(run.monthly_usd) in contract_html
        assert fmt.usd(run.total_usd) in contract_html
        assert fmt.ms(run.latency_ms) in contract_html
    # The price override changes the tuned model's cost: $0.90 instead of Nova 2 Lite's $0.33 per 1M input; the
    # offering takes no batch jobs, so the output stays at the full $2.75.
    tuned = result.strategies["fine_tuning"]
    by_hand = (9_300 * 0.9 + 700 * 2.75) / 1e6  # kept 300 + contract 9,000 tokens
    assert tuned.cost_per_request_usd == pytest.approx(by_hand)
    assert fmt.usd_per_unit(by_hand) in contract_html
    assert "2026-11-23" in contract_html
    # The notes (what is compared, batch not applying to the offering) and the fix column are in the report.
    for note in result.notes:
        assert html.escape(note) in contract_html
    assert "Fixes the problem?" in contract_html and "no: " in contract_html


def test_html_lists_every_assumption_with_its_source_and_marks_overrides(contract_html: str) -> None:
    result, _ = _parts(core.preset_scenario("contract_extraction"))
    for assumption in result.assumptions:
        assert html.escape(assumption.source) in contract_html
    assert "your override" in contract_html
    assert 'class="override"' in contract_html
    for formula in core.FORMULAS:
        assert html.escape(formula.symbols) in contract_html


def test_html_is_self_contained(contract_html: str) -> None:
    assert not re.search(r"<script[^>]+src=", contract_html)
    assert not re.search(r"<link[^>]+href=\"?https?:", contract_html)
    assert contract_html.count("window.PlotlyConfig") == 1  # plotly.js inlined once, reused by every chart
    assert contract_html.count("Plotly.newPlot") == 3
    assert f'<a href="{html.escape(LINK)}">' in contract_html


def test_user_text_is_escaped_everywhere() -> None:
    scenario = core.Scenario(
        name=HOSTILE,
        model="<img src=x onerror=alert(1)>",
        prices={"<b>evil</b>": core.Price(input=1.0)},
    )
    result, recommendation = _parts(scenario)
    page = report.html_report(scenario, result, recommendation, report_figures(result))
    assert HOSTILE not in page and "<img src=x" not in page and "<b>evil" not in page
    assert html.escape(HOSTILE) in page
    summary = report.markdown_report(scenario, result, recommendation)
    assert not re.search(r"(?<!\\)<(script|img|b>)", summary)  # every < a user typed is backslash-escaped
    assert r"\<script\>alert(1)\</script\>" in summary


def test_a_link_that_is_not_http_is_not_clickable() -> None:
    scenario = core.Scenario()
    result, recommendation = _parts(scenario)
    page = report.html_report(scenario, result, recommendation, {}, share_link="javascript:alert(1)")
    assert 'href="javascript' not in page
    assert "<script" not in page  # no figures: no plotly either


def test_markdown_summary_has_the_table_and_the_sources() -> None:
    scenario = core.preset_scenario("ticket_classification")
    result, recommendation = _parts(scenario)
    summary = report.markdown_report(scenario, result, recommendation, share_link=LINK)
    assert "**Recommendation: Fine-tuning.**" in summary
    assert "| Strategy | Model | Fixes the problem? | Per request |" in summary
    for strategy in core.STRATEGIES:
        assert fmt.usd(result.strategies[strategy].monthly_usd) in summary
    for assumption in result.assumptions:
        assert assumption.source in summary
    assert f"<{LINK}>" in summary
    assert "claude-haiku-4-5" in summary and "Llama 3.1 8B LoRA fine-tuned on Fireworks AI" in summary


def test_markdown_escape_neutralises_links_and_emphasis() -> None:
    assert escape.document("[click](javascript:alert(1))") == r"\[click\](javascript:alert(1))"
    assert escape.document("*bold* _x_ `code` | $x$") == r"\*bold\* \_x\_ \`code\` \| \$x\$"
    assert "http://" not in escape.document("see http://evil.example")
    assert escape.document("two\nlines") == "two lines"


def test_comparison_table_puts_scenarios_side_by_side() -> None:
    named = [(core.SCENARIOS[k].name, core.compare(core.SCENARIOS[k])) for k in ("support_bot", "contract_extraction")]
    named.append(("Measure", named[0][1]))  # a user may name a scenario like our first column
    rows = report.comparison_table(named)
    columns = list(rows[0])
    assert columns == ["Measure", "Customer support bot", "Contract clause extraction", "Measure (2)"]
    by_measure = {row["Measure"]: row for row in rows}
    assert by_measure["Recommended"]["Customer support bot"] == "Retrieval (RAG)"
    assert by_measure["Cheapest that fixes the problem"]["Contract clause extraction"] == "Fine-tuning"
    assert by_measure["Cheapest on price alone"]["Contract clause extraction"] == "Prompt + evals baseline"
    assert by_measure["Does not fix the problem"]["Customer support bot"] == "Prompt-only, Fine-tuning"
    assert by_measure["Fine-tuned on"]["Customer support bot"] == "AWS Bedrock · Nova 2 Lite (on demand)"
    support = core.estimate(core.SCENARIOS["support_bot"])
    assert by_measure["Per month: Retrieval (RAG)"]["Customer support bot"] == fmt.usd(
        support.strategies["rag"].monthly_usd
    )
    assert by_measure["Break-even volume"]["Customer support bot"] == "never"
    assert by_measure["Break-even between"]["Contract clause extraction"] == "Fine-tuning vs Prompt-only"
    assert "Fine-tuning cheaper above" in by_measure["Break-even volume"]["Contract clause extraction"]
    assert not any(key.startswith("Cost per correct") for key in by_measure)  # nobody entered accuracy


def test_quality_table_shows_cost_per_correct_answer() -> None:
    result = core.estimate(core.SCENARIOS["support_bot"])
    rows = {row["Strategy"]: row for row in report.quality_table(result, {"rag": 0.5})}
    rag = result.strategies["rag"].cost_per_request_usd
    assert rag is not None
    assert rows["Retrieval (RAG)"]["Accuracy (your evals)"] == "50%"
    assert rows["Retrieval (RAG)"]["Cost per correct answer"] == fmt.usd_per_unit(rag * 2)
    assert rows["Fine-tuning"]["Cost per correct answer"] == "—"


def test_an_offering_that_ends_is_named_in_the_report_and_the_comparison() -> None:
    scenario = core.preset_scenario("compliance_qa")
    result, recommendation = _parts(scenario)
    page = report.html_report(scenario, result, recommendation, {})
    assert "stops answering on 2027-01-14" in page and "ends 2027-01-14" in page
    summary = report.markdown_report(scenario, result, recommendation)
    assert "stops answering on 2027-01-14" in summary
    rows = {row["Measure"]: row for row in report.comparison_table([("c", core.compare(scenario))])}
    assert "(ends 2027-01-14)" in rows["Fine-tuned on"]["c"]


def test_people_time_is_stated_in_the_report() -> None:
    scenario = core.preset_scenario("support_bot")
    page = report.html_report(scenario, *_parts(scenario), {})
    assert "included" in page.split("people's time", 1)[1][:40]
    assert "People: hourly rate usd" in page
    off = scenario.model_copy(update={"people": core.People(include=False)})
    assert "left out" in report.html_report(off, *_parts(off), {}).split("people's time", 1)[1][:40]
