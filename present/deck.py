"""The decision as a short slide deck (.pptx): the Y-statement, the verdict, the four options' cost and speed,
two native charts (editable in PowerPoint, Keynote, Google Slides and Impress: chart data, not pictures), the
break-even, the sources and the link back.

Only plain python-pptx features (text boxes, tables, bar and line charts on the default template), so every
office suite opens the file without a repair prompt. Text a user typed lands in the slide as text: an office suite
never reads it as a formula, a link or markup; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

import core
from present import format as fmt
from present import record
from present.costs import monthly_by_cause
from present.report import break_even_text

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
_TITLE_ONLY = 5  # the default template's "Title Only" layout: a real title, so the outline and readers see it
# Sources per assumptions slide: long source notes need room at a readable size.
SOURCES_PER_SLIDE = 5
# Characters XML 1.0 cannot hold (control characters other than tab and newline).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _plain(text: str) -> str:
    return _NOT_XML.sub("", text)


def _slide(deck: PresentationType, title: str) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[_TITLE_ONLY])
    heading = slide.shapes.title
    assert heading is not None
    heading.left, heading.top, heading.width, heading.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(1.0)
    heading.text_frame.text = _plain(title)
    heading.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
    return slide


def _text(slide: Slide, lines: list[str], *, top: float = 1.4, size: int = 18, height: float | None = None) -> None:
    box_height = Inches(height) if height is not None else HEIGHT - Inches(top) - Inches(0.4)
    box = slide.shapes.add_textbox(MARGIN, Inches(top), WIDTH - 2 * MARGIN, box_height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = _plain(line)
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(6)


def _statement(slide: Slide, summary: record.Summary) -> None:
    """The Y-statement, one part a line, its lead words in bold: the slide a sponsor reads first."""
    box = slide.shapes.add_textbox(MARGIN, Inches(1.35), WIDTH - 2 * MARGIN, Inches(5.1))
    frame = box.text_frame
    frame.word_wrap = True
    for index, (lead, rest) in enumerate(summary.parts()):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(8)
        for text, bold in ((lead + " ", True), (rest, False)):
            run = paragraph.add_run()
            run.text = _plain(text)
            run.font.size = Pt(19)
            run.font.bold = bold


def _table(
    slide: Slide, rows: list[list[str]], *, top: float = 1.4, size: int = 14, shares: list[float] | None = None
) -> None:
    width = WIDTH - 2 * MARGIN
    shape = slide.shapes.add_table(len(rows), len(rows[0]), MARGIN, Inches(top), width, Inches(0.4) * len(rows))
    for column, share in zip(shape.table.columns, shares or [], strict=False):
        column.width = Emu(int(width * share))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = shape.table.cell(r, c)
            cell.text = _plain(value)
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size)


def monthly_chart_data(result: core.Estimate) -> CategoryChartData:
    """Monthly USD by cause for the priced strategies (the same figures as the Estimate page's chart)."""
    by_cause = monthly_by_cause(result)
    priced = [s for s, run in result.strategies.items() if run.monthly_usd is not None]
    data = CategoryChartData(number_format='"$"#,##0')
    data.categories = [core.SHORT_LABELS[s] for s in priced]
    for cause, values in by_cause.items():
        data.add_series(cause, [round(values[s], 2) for s in priced])
    return data


def cumulative_chart_data(result: core.Estimate) -> CategoryChartData:
    """USD spent by the end of each month, month 0 = set-up (core.cumulative_costs); unpriced strategies left out."""
    spent = core.cumulative_costs(result)
    data = CategoryChartData(number_format='"$"#,##0')
    data.categories = [str(month) for month in range(result.horizon_months + 1)]
    for strategy, values in spent.items():
        if values and not any(math.isnan(v) for v in values):
            data.add_series(core.STRATEGY_LABELS[strategy], [round(v, 2) for v in values])
    return data


def _chart(slide: Slide, kind: XL_CHART_TYPE, data: CategoryChartData, axis_title: str) -> None:
    frame = slide.shapes.add_chart(kind, MARGIN, Inches(1.4), WIDTH - 2 * MARGIN, HEIGHT - Inches(1.8), data)
    chart = frame.chart  # type: ignore[attr-defined]
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = axis_title
    chart.value_axis.tick_labels.number_format = '"$"#,##0'
    chart.value_axis.tick_labels.number_format_is_linked = False


def _source_groups(result: core.Estimate) -> list[list[str]]:
    """Assumptions grouped by their source and date (many share one), as table rows."""
    groups: dict[tuple[str, str], list[str]] = {}
    for a in result.assumptions:
        value = f"{a.value:,.10g}" if isinstance(a.value, float) else str(a.value)
        mine = " (your override)" if a.overridden else ""
        groups.setdefault((a.source, a.as_of or "undated"), []).append(f"{a.name}: {value} {a.unit}".strip() + mine)
    return [["; ".join(names), source, as_of] for (source, as_of), names in groups.items()]


def slide_deck(scenario: core.Scenario, *, today: dt.date | None = None, base_url: str | None = None) -> bytes:
    """The decision deck as .pptx bytes; its figures equal `core.estimate(scenario, today=today)`."""
    day = today or dt.date.today()
    result = core.estimate(scenario, today=day)
    recommendation = core.recommend(scenario.answers)
    chosen = recommendation.strategy
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(WIDTH), Emu(HEIGHT)
    deck.core_properties.title = _plain(f"Decision: {scenario.name}")[:200]

    people = scenario.decision
    slide = _slide(deck, f"{core.STRATEGY_LABELS[chosen]} for {scenario.name or 'an unnamed scenario'}")
    _statement(slide, record.summary(scenario, result, recommendation))
    who = ", ".join(people.makers) or "not named yet"
    _text(slide, [f"Status: {people.status} · {day.isoformat()} · decided by: {who}"], top=6.6, size=14, height=0.5)

    sure = record.confidence(scenario, result, recommendation)
    slide = _slide(deck, f"Verdict: {core.STRATEGY_LABELS[chosen]}")
    reasons = [f"• {reason}" for reason in recommendation.reasons]
    warnings = [f"⚠ {warning}" for warning in recommendation.warnings]
    _text(
        slide, [recommendation.headline, *reasons, *warnings, f"Confidence: {sure.level}, because {sure.why}"], size=16
    )

    slide = _slide(deck, "What each option costs and how long users wait")
    rate = core.scenario_rate(scenario)
    rows = [["Option", "Fixes the problem?", "Per request", "Per month", "One-time", "Total", "Time per answer"]]
    for strategy in core.STRATEGIES:
        run = result.strategies[strategy]
        rows.append(
            [
                core.STRATEGY_LABELS[strategy] + (" (chosen)" if strategy == chosen else ""),
                "yes" if run.fixes_diagnosis else f"no: {run.does_not_fix}",
                fmt.usd_per_unit(run.cost_per_request_usd, currency=rate),
                fmt.usd(run.monthly_usd, currency=rate),
                fmt.usd(run.one_time_usd, currency=rate),
                fmt.usd(run.total_usd, currency=rate),
                fmt.ms(run.latency_ms),
            ]
        )
    _table(slide, rows, shares=[0.2, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1])
    _text(slide, [f"Total over {result.horizon_months} months; {fmt.count(result.requests_per_month)} requests a "
                  f"month. {record.money_line(scenario)}"], top=6.3, size=14, height=0.6)  # fmt: skip

    slide = _slide(deck, "What a month costs, by cause")
    _chart(slide, XL_CHART_TYPE.COLUMN_STACKED, monthly_chart_data(result), "USD per month")

    slide = _slide(deck, "Money spent month by month")
    _chart(slide, XL_CHART_TYPE.LINE_MARKERS, cumulative_chart_data(result), "USD spent so far")

    slide = _slide(deck, "Break-even")
    _text(slide, [break_even_text(scenario)], size=22)

    groups = _source_groups(result)
    pages = max(1, math.ceil(len(groups) / SOURCES_PER_SLIDE))
    for page in range(pages):
        chunk = groups[page * SOURCES_PER_SLIDE : (page + 1) * SOURCES_PER_SLIDE]
        suffix = f" ({page + 1} of {pages})" if pages > 1 else ""
        slide = _slide(deck, f"Numbers used, their sources and dates{suffix}")
        _table(slide, [["Numbers", "Source", "As of"], *chunk], size=10, shares=[0.38, 0.5, 0.12])

    slide = _slide(deck, "Reopen this scenario")
    _text(slide, [record.share_link(scenario, base_url), "Figures from the RAG or fine-tuning decision tool."], size=14)

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
