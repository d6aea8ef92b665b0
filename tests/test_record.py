"""The decision record (MADR Markdown), its Y-statement and the slide deck: sections, figures equal to the estimate,
native chart data, hostile names inert, oversized names refused."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile

import pydantic
import pytest
from pptx import Presentation

import core
from charts.estimate import report_figures
from present import escape, record, report
from present import format as fmt
from present.deck import slide_deck

TODAY = dt.date(2026, 12, 5)
BASE = "https://decide.example.org/estimate"
HOSTILE = ["<img src=x onerror=alert(1)>", "[link](javascript:alert(1))", '=HYPERLINK("http://evil","x")']
MADR_SECTIONS = [
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## More Information",
]


def _scenario(**changes: object) -> core.Scenario:
    people = core.DecisionPeople(
        status="accepted", makers=["Ana Ruiz", "Platform team"], consulted=["Legal"], informed=["Support leads"]
    )
    return core.preset_scenario("engineering_assistant").model_copy(update={"decision": people, **changes})


def _front_matter(text: str) -> dict[str, object]:
    """The YAML front matter, read as YAML reads these two shapes: a plain scalar, or a flow list of single-quoted
    strings (in which '' is one quote). Anything else fails the test."""
    assert text.startswith("---\n")
    parsed: dict[str, object] = {}
    for line in text.split("---\n")[1].splitlines():
        key, value = line.split(": ", 1)
        if value.startswith("["):
            assert re.fullmatch(r"\[('(?:[^']|'')*'(, '(?:[^']|'')*')*)?\]", value), value
            parsed[key] = [item.replace("''", "'") for item in re.findall(r"'((?:[^']|'')*)'", value)]
        else:
            parsed[key] = value
    return parsed


def _options_table(text: str) -> dict[str, list[str]]:
    """The Considered Options table: option label -> its cells."""
    block = text.split("## Considered Options")[1].split("## Decision Outcome")[0]
    rows = [line for line in block.splitlines() if line.startswith("| ") and not line.startswith("| Option")]
    return {cells[0]: cells[1:] for cells in ([c.strip() for c in row.strip("|").split(" | ")] for row in rows)}


def test_record_has_the_madr_front_matter_and_every_section_in_order() -> None:
    text = record.decision_record(_scenario(), today=TODAY, base_url=BASE)
    front = _front_matter(text)
    assert front == {
        "status": "accepted",
        "date": TODAY.isoformat(),
        "decision-makers": ["Ana Ruiz", "Platform team"],
        "consulted": ["Legal"],
        "informed": ["Support leads"],
    }
    positions = [text.index(section) for section in MADR_SECTIONS]
    assert positions == sorted(positions)
    assert 'Chosen option: "Hybrid: RAG + fine-tuning", because ' in text
    assert re.search(r"Confidence: \*\*(High|Medium|Low)\*\*, because ", text)


def test_record_figures_equal_the_estimate() -> None:
    scenario = _scenario()
    text = record.decision_record(scenario, today=TODAY, base_url=BASE)
    result = core.estimate(scenario, today=TODAY)
    table = _options_table(text)
    assert list(table) == [core.STRATEGY_LABELS[s] for s in core.STRATEGIES]
    for strategy in core.STRATEGIES:
        run = result.strategies[strategy]
        fixes, per_request, per_month, one_time, total, wait = table[core.STRATEGY_LABELS[strategy]]
        assert fixes == ("yes" if run.fixes_diagnosis else f"no: {run.does_not_fix}")
        assert per_request == fmt.usd_per_unit(run.cost_per_request_usd)
        assert per_month == fmt.usd(run.monthly_usd)
        assert one_time == fmt.usd(run.one_time_usd)
        assert total == fmt.usd(run.total_usd)
        assert wait == fmt.ms(run.latency_ms)
    # Hand-checked against the Estimate page for this preset on this date.
    assert table["Hybrid: RAG + fine-tuning"][2] == "$2,287"
    for assumption in result.assumptions:
        assert f"as of {assumption.as_of or 'undated'}" in text


def test_record_links_back_with_the_scenarios_own_query() -> None:
    scenario = _scenario()
    text = record.decision_record(scenario, today=TODAY, base_url=BASE)
    link = re.search(r"Reopen this scenario: <(.+)>", text)
    assert link is not None
    query = link.group(1).split("?", 1)[1]
    back, notes = core.from_query_params(
        {k: v[-1] for k, v in __import__("urllib.parse").parse.parse_qs(query, keep_blank_values=True).items()}
    )
    assert notes == [] and back == scenario
    # Without a known address (or with one that is not http), the query string alone, as code.
    assert "Reopen this scenario: `?v=2" in record.decision_record(scenario, today=TODAY)
    assert "javascript" not in record.decision_record(scenario, today=TODAY, base_url="javascript:alert(1)")


def test_the_y_statement_opens_both_the_record_and_the_deck() -> None:
    scenario = _scenario()
    result = core.estimate(scenario, today=TODAY)
    sentence = record.summary(scenario, result, core.recommend(scenario.answers)).sentence()
    assert sentence.startswith("In the context of Internal engineering assistant, 40,000 requests a month")
    for part in (", facing ", ", we decided for Hybrid: RAG + fine-tuning and against ", ", to achieve ", "accepting"):
        assert part in sentence
    body = record.decision_record(scenario, today=TODAY).split("\n# ", 1)[1]
    assert body.splitlines()[2].startswith("> In the context of Internal engineering assistant")
    first = Presentation(io.BytesIO(slide_deck(scenario, today=TODAY))).slides[0]
    slide_text = "\n".join(shape.text_frame.text for shape in first.shapes if shape.has_text_frame)
    assert sentence in slide_text.replace("\n", " ")


def test_confidence_follows_the_case_strength_and_the_teams_evals() -> None:
    scenario = _scenario()
    recommendation = core.recommend(scenario.answers)
    result = core.estimate(scenario, today=TODAY)
    # This preset's weakest needed layer scores 3 of 7 behaviour answers (0.43): Medium without evals, and still
    # Medium with them (below 0.6).
    assert min(recommendation.knowledge_strength, recommendation.behaviour_strength) == pytest.approx(3 / 7)
    assert record.WEAK_CASE <= 3 / 7 < record.STRONG_CASE
    assert record.confidence(scenario, result, recommendation).level == "Medium"
    strong = scenario.model_copy(
        update={"answers": scenario.answers.model_copy(update={"main_risk_inconsistency": True, "high_volume": True})}
    )
    strong_rec = core.recommend(strong.answers)
    assert min(strong_rec.knowledge_strength, strong_rec.behaviour_strength) >= record.STRONG_CASE
    strong_result = core.estimate(strong, today=TODAY)
    assert record.confidence(strong, strong_result, strong_rec).level == "Medium"  # no evals of its own yet
    measured = strong.model_copy(update={"accuracy": {"hybrid": 0.9}})
    assert record.confidence(measured, core.estimate(measured, today=TODAY), strong_rec).level == "High"
    unpriced = core.Scenario(model="a-model-nobody-prices", answers=core.Answers(needs_private_data=True))
    rag = core.recommend(unpriced.answers)
    assert rag.strategy == "rag"
    low = record.confidence(unpriced, core.estimate(unpriced, today=TODAY), rag)
    assert low.level == "Low" and "unknown" in low.why


def test_deck_opens_and_its_charts_hold_the_estimates_figures() -> None:
    scenario = _scenario()
    deck = Presentation(io.BytesIO(slide_deck(scenario, today=TODAY, base_url=BASE)))
    result = core.estimate(scenario, today=TODAY)
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[:6] == [
        "Hybrid: RAG + fine-tuning for Internal engineering assistant",
        "Verdict: Hybrid: RAG + fine-tuning",
        "What each option costs and how long users wait",
        "What a month costs, by cause",
        "Money spent month by month",
        "Break-even",
    ]
    assert titles[-1] == "Reopen this scenario" and titles[6].startswith("Numbers used, their sources and dates")
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 2  # native charts, not pictures
    monthly, spent = charts
    assert list(monthly.plots[0].categories) == [core.SHORT_LABELS[s] for s in core.STRATEGIES]
    fields = {
        "Requests": "requests_usd",
        "Vector database": "vector_db_usd",
        "People's upkeep": "people_usd",
        "Serving the tuned model (hosting, GPUs, units)": "hosting_usd",
    }
    series = {s.name: list(s.values) for s in monthly.plots[0].series}
    for name, field in fields.items():
        expected = [round(getattr(result.strategies[s].monthly, field) or 0.0, 2) for s in core.STRATEGIES]
        assert series[name] == pytest.approx(expected)
    stacked = [sum(column) for column in zip(*series.values(), strict=True)]
    assert stacked == pytest.approx([result.strategies[s].monthly_usd for s in core.STRATEGIES], abs=0.05)
    lines = {s.name: list(s.values) for s in spent.plots[0].series}
    for strategy, values in core.cumulative_costs(result).items():
        assert lines[core.STRATEGY_LABELS[strategy]] == pytest.approx([round(v, 2) for v in values])
    table = next(shape.table for shape in deck.slides[2].shapes if shape.has_table)
    hybrid = [cell.text for cell in table.rows[4].cells]
    run = result.strategies["hybrid"]
    assert hybrid[2:] == [
        fmt.usd_per_unit(run.cost_per_request_usd),
        fmt.usd(run.monthly_usd),
        fmt.usd(run.one_time_usd),
        fmt.usd(run.total_usd),
        fmt.ms(run.latency_ms),
    ]


def test_deck_leaves_out_an_unpriced_strategy_instead_of_drawing_zero() -> None:
    scenario = core.Scenario(model="a-model-nobody-prices")
    result = core.estimate(scenario, today=TODAY)
    deck = Presentation(io.BytesIO(slide_deck(scenario, today=TODAY)))
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    priced = [core.STRATEGY_LABELS[s] for s, run in result.strategies.items() if run.total_usd is not None]
    assert [s.name for s in charts[1].plots[0].series] == priced
    assert all(not math.isnan(v) for s in charts[1].plots[0].series for v in s.values)
    table = next(shape.table for shape in deck.slides[2].shapes if shape.has_table)
    assert fmt.UNKNOWN_PRICE in {cell.text for row in table.rows for cell in row.cells}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_are_inert_text_in_the_record(hostile: str) -> None:
    people = core.DecisionPeople(makers=[hostile], consulted=[hostile], informed=[hostile])
    scenario = _scenario(name=hostile, decision=people)
    text = record.decision_record(scenario, today=TODAY, base_url=BASE)
    body = text.split("---\n", 2)[2]
    # Never as typed (no tag, no link, no bare address a renderer would make clickable): always escaped.
    assert hostile not in text
    assert f"for {escape.document(hostile)}" in body and f"'{escape.document(hostile)}'" in text
    assert "<img" not in body.replace("\\<img", "") and "](javascript" not in body.replace("\\](", "")
    # The front matter still reads back (YAML) as one name per role, the characters kept as text.
    front = _front_matter(text)
    assert front["decision-makers"] == front["consulted"] == front["informed"]
    assert len(front["decision-makers"]) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_are_inert_text_in_the_slides(hostile: str) -> None:
    people = core.DecisionPeople(makers=[hostile])
    data = slide_deck(_scenario(name=hostile, decision=people), today=TODAY, base_url=BASE)
    deck = Presentation(io.BytesIO(data))
    texts = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert any(hostile in text for text in texts)  # shown literally, as typed
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slides = [archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/slides/slide")]
        workbooks = [n for n in archive.namelist() if n.endswith(".xlsx")]
        for name in workbooks:  # the charts' embedded workbooks never hold user text, so no formula can run
            with zipfile.ZipFile(io.BytesIO(archive.read(name))) as book:
                cells = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
                assert "HYPERLINK" not in cells and "onerror" not in cells
    xml = "".join(slides)
    assert "<img" not in xml and "hlinkClick" not in xml and "<a:fld" not in xml


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_are_inert_text_in_the_html_report(hostile: str) -> None:
    scenario = _scenario(name=hostile)
    result = core.estimate(scenario, today=TODAY)
    page = report.html_report(scenario, result, core.recommend(scenario.answers), report_figures(result))
    assert "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page or "&lt;img" not in hostile


def test_control_characters_in_a_name_do_not_break_the_deck() -> None:
    data = slide_deck(_scenario(name="Bot\x00\x07 (EU)\ufffe"), today=TODAY)
    assert Presentation(io.BytesIO(data)).slides[0].shapes.title.text.endswith("Bot (EU)")


def test_a_huge_name_is_refused_with_a_clear_message_and_never_reaches_a_slide() -> None:
    with pytest.raises(pydantic.ValidationError) as refused:
        core.DecisionPeople(makers=["x" * 5_000_000])
    messages = core.friendly_errors(refused.value)
    assert len(messages) == 1 and f"at most {core.MAX_NAME_CHARS} characters" in messages[0]
    assert len(messages[0]) < 300
    with pytest.raises(pydantic.ValidationError):
        core.DecisionPeople(informed=["a"] * (core.MAX_NAMES + 1))
    # Through a link: the value is dropped with a note, the rest of the scenario kept.
    back, notes = core.from_query_params({"decision.makers": '["' + "x" * 1500 + '"]', "decision.status": "accepted"})
    assert back.decision.makers == [] and back.decision.status == "accepted" and len(notes) == 1


def test_names_are_kept_on_one_line_and_blanks_dropped() -> None:
    people = core.DecisionPeople(makers=["  Ana\n\nRuiz ", "", "\t"], consulted=["# Heading"])
    assert people.makers == ["Ana Ruiz"]
    text = record.decision_record(_scenario(decision=people), today=TODAY)
    assert "\n# Heading" not in text and "'\\# Heading'" in text


def test_a_scenario_file_carries_the_decision_people() -> None:
    scenario = _scenario()
    assert core.scenario_from_json(core.scenario_to_json(scenario)).decision == scenario.decision


def test_quotes_in_names_survive_the_front_matter() -> None:
    people = core.DecisionPeople(makers=['Sam "QA" O\'Neil', "Ops, EU"])
    front = _front_matter(record.decision_record(_scenario(decision=people), today=TODAY))
    assert front["decision-makers"] == ['Sam "QA" O\'Neil', "Ops, EU"]


def test_an_unknown_price_is_said_in_words_never_as_zero() -> None:
    scenario = core.Scenario(model="a-model-nobody-prices")
    result = core.estimate(scenario, today=TODAY)
    assert result.strategies["prompt_only"].total_usd is None
    sentence = record.summary(scenario, result, core.recommend(scenario.answers)).sentence()
    assert "accepting a cost not known yet" in sentence and "$0 " not in sentence and "more than" not in sentence
    text = record.decision_record(scenario, today=TODAY)
    assert fmt.UNKNOWN_PRICE in _options_table(text)["Prompt + evals baseline"]


def test_record_and_deck_write_money_in_the_scenarios_currency_and_say_at_what_rate() -> None:
    scenario = _scenario(currency="EUR")
    rate = core.scenario_rate(scenario)
    result = core.estimate(scenario, today=TODAY)
    text = record.decision_record(scenario, today=TODAY)
    row = _options_table(text)[core.STRATEGY_LABELS["hybrid"]]
    # Per month and total are the estimate's USD figures converted at the shipped ECB cross rate, in euros.
    assert row[2] == fmt.usd(result.strategies["hybrid"].monthly_usd, currency=rate)
    assert row[2].startswith("€") and row[4].startswith("€")
    assert f"{rate.per_usd:,.6g} EUR per US dollar" in text
    deck = Presentation(io.BytesIO(slide_deck(scenario, today=TODAY)))
    cells = [cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table for row in
             shape.table.rows for cell in row.cells]  # fmt: skip
    assert fmt.usd(result.strategies["hybrid"].total_usd, currency=rate) in cells


def test_record_carries_the_evidence_counts_when_the_evidence_page_was_used() -> None:
    evidence = core.EvidenceSummary(
        rows=200,
        run="prompt_only",
        counts={"prompt_only": {"correct": 165, "visibility": 31, "format": 4}},
        f1_threshold=0.6,
        visibility_threshold=0.5,
        format_check="json",
        from_evidence=["missing_facts"],
    )
    assert "Evidence from the team's eval log" not in record.decision_record(_scenario(), today=TODAY)
    text = record.decision_record(_scenario(evidence=evidence), today=TODAY)
    context = text.split("## Context and Problem Statement")[1].split("## Decision Drivers")[0]
    assert "From 200 eval rows (run prompt\\_only): 31 visibility, 4 format." in context
