"""The meeting report: one self-contained HTML file (opens offline, charts interactive) and a Markdown summary.

Pure functions, no Streamlit: the page passes in the scenario, its estimate and recommendation, and the
figures. Every string a user could have typed (scenario name, model names, override keys) is escaped for the
format it lands in, so a name like `<script>` is shown as text and never run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

import core
from present import escape
from present import format as fmt

_e = escape.html  # the report is HTML through and through: a short name keeps its template readable

# The chart toolbar's camera button saves a PNG in the browser; scale 2 keeps it sharp on slides.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
_SECTIONS = ("workload", "rag", "fine_tuning", "people")
_SECTION_TITLES = {"workload": "Workload", "rag": "Retrieval", "fine_tuning": "Fine-tuning", "people": "People"}
# Characters Markdown (and GitHub/Jira/Confluence flavours) would interpret inside text or a table cell.
_USER_COLUMNS = frozenset({"Model"})
SHORT_LABELS = core.SHORT_LABELS

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; margin: 2rem auto;
       max-width: 1100px; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d9dee3; }
.meta { color: #52606d; font-size: 0.95rem; }
.strategy { font-size: 1.4rem; font-weight: 600; }
.warning { background: #fff4e5; border-left: 4px solid #e07b00; padding: 0.5rem 0.8rem; margin: 0.4rem 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #d9dee3; padding: 0.35rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } td.num { text-align: right; white-space: nowrap; }
.override { background: #fff4e5; font-weight: 600; }
code { background: #f3f5f7; padding: 0 0.2rem; }
.chart { margin: 1rem 0; }
footer { margin-top: 3rem; color: #52606d; font-size: 0.9rem; word-break: break-all; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; background: #fff; color: #000; font-size: 10.5pt; }
  h2 { break-before: page; break-after: avoid; } h3 { break-after: avoid; }
  h2.first, .keep { break-before: auto; }
  .chart, tr, .warning, ul, ol { break-inside: avoid; }
  table { font-size: 8pt; } th, td { padding: 0.15rem 0.3rem; } thead { display: table-header-group; }
  .chart { width: 100%; overflow: hidden; }
  .chart .modebar-container, .chart .modebar, .screen-only { display: none !important; }
  th, .override, .warning, code { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: #000; text-decoration: underline; }
  footer { break-inside: avoid; }
}
"""


def _strategy_rows(
    scenario: core.Scenario, result: core.Estimate, recommendation: core.Recommendation
) -> list[dict[str, str]]:
    """One row per strategy, every value already formatted; shared by the HTML and Markdown tables."""
    per_correct = core.cost_per_correct_answer(result, scenario.accuracy)
    rate = core.scenario_rate(scenario)
    rows = []
    for strategy in core.STRATEGIES:
        run = result.strategies[strategy]
        marks = []
        if strategy == recommendation.strategy:
            marks.append("recommended")
        if strategy == result.cheapest:
            marks.append("cheapest")
        if run.ends_on is not None and not run.runs_whole_horizon:
            marks.append(f"ends {run.ends_on.isoformat()}")
        row = {
            "Strategy": core.STRATEGY_LABELS[strategy] + (f" ({', '.join(marks)})" if marks else ""),
            "Model": run.model if run.offering is None else core.offering(run.offering).phrase,
            "Fixes the problem?": "yes" if run.fixes_diagnosis else f"no: {run.does_not_fix}",
            "Per request": fmt.usd_per_unit(run.cost_per_request_usd, currency=rate),
            "Per month": fmt.usd(run.monthly_usd, currency=rate),
            "One-time": fmt.usd(run.one_time_usd, currency=rate),
            f"Total over {result.horizon_months} months": fmt.usd(run.total_usd, currency=rate),
            "Time per request": fmt.ms(run.latency_ms),
            "First token": fmt.ms(run.ttft_ms),
        }
        if scenario.accuracy:
            accuracy = scenario.accuracy.get(strategy)
            row["Accuracy (your evals)"] = "not given" if accuracy is None else f"{accuracy:.0%}"
            row["Per correct answer"] = (
                "n/a" if per_correct[strategy] is None else fmt.usd_per_unit(per_correct[strategy], currency=rate)
            )
        rows.append(row)
    return rows


def unique_names(names: Sequence[str]) -> list[str]:
    """Names made unique for column headers: a repeated name gets ' (2)', ' (3)'..."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        text = name.strip() or "Unnamed scenario"
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def _break_even_cells(comparison: core.Comparison) -> tuple[str, str]:
    """(the two strategies compared, the volume at which they cost the same or 'never')."""
    first, second = comparison.break_even_between
    pair = f"{SHORT_LABELS[first]} vs {SHORT_LABELS[second]}"
    volume = comparison.break_even_requests
    above = comparison.cheaper_above_break_even
    if volume is None or above is None:
        return pair, "never"
    return pair, f"{fmt.count(volume)} requests/month ({SHORT_LABELS[above]} cheaper above)"


def _offering_cell(result: core.Estimate) -> str:
    run = result.strategies["fine_tuning"]
    label = core.offering(run.offering).label if run.offering else "—"
    return label + (f" (ends {run.ends_on.isoformat()})" if run.ends_on and not run.runs_whole_horizon else "")


def _not_fixing(result: core.Estimate) -> str:
    names = [SHORT_LABELS[s] for s, run in result.strategies.items() if not run.fixes_diagnosis]
    return ", ".join(names) if names else "—"


def currency_text(scenario: core.Scenario) -> str:
    """The currency money is written in, and for a converted one its rate, source and date (for every export)."""
    rate = core.scenario_rate(scenario)
    if rate.is_usd:
        return "Money in US dollars (USD), the currency the prices are published in."
    return fmt.rate_note(rate) + " Charts are in US dollars."


def comparison_table(
    named: Sequence[tuple[str, core.Comparison]], currency: core.ExchangeRate | None = None
) -> list[dict[str, str]]:
    """The side-by-side table: one row per measure, one column per scenario (names made unique); money in
    `currency` (default: US dollars)."""
    columns = unique_names(["Measure", *(name for name, _ in named)])[1:]
    comparisons = [comparison for _, comparison in named]
    measures: list[tuple[str, list[str]]] = [
        ("Recommended", [core.STRATEGY_LABELS[c.recommendation.strategy] for c in comparisons]),
        (
            "Cheapest that fixes the problem",
            [core.STRATEGY_LABELS[c.estimate.cheapest] if c.estimate.cheapest else "none" for c in comparisons],
        ),
        (
            "Cheapest on price alone",
            [
                core.STRATEGY_LABELS[c.estimate.cheapest_overall] if c.estimate.cheapest_overall else "unknown"
                for c in comparisons
            ],
        ),
        ("Fine-tuned on", [_offering_cell(c.estimate) for c in comparisons]),
        ("Does not fix the problem", [_not_fixing(c.estimate) for c in comparisons]),
        ("Requests per month", [fmt.count(c.estimate.requests_per_month) for c in comparisons]),
        ("Horizon", [f"{c.estimate.horizon_months} months" for c in comparisons]),
    ]
    for title, pick in (
        ("Per month", lambda run: fmt.usd(run.monthly_usd, currency=currency)),
        ("Total over the horizon", lambda run: fmt.usd(run.total_usd, currency=currency)),
        ("Time per request", lambda run: fmt.ms(run.latency_ms)),
    ):
        for strategy in core.STRATEGIES:
            measures.append(
                (
                    f"{title}: {core.STRATEGY_LABELS[strategy]}",
                    [pick(c.estimate.strategies[strategy]) for c in comparisons],
                )
            )
    cells = [_break_even_cells(c) for c in comparisons]
    measures.append(("Break-even between", [pair for pair, _ in cells]))
    measures.append(("Break-even volume", [volume for _, volume in cells]))
    if any(value is not None for c in comparisons for value in c.cost_per_correct_usd.values()):
        for strategy in core.STRATEGIES:
            measures.append(
                (
                    f"Cost per correct answer: {core.STRATEGY_LABELS[strategy]}",
                    [
                        "—"
                        if c.cost_per_correct_usd[strategy] is None
                        else fmt.usd_per_unit(c.cost_per_correct_usd[strategy], currency=currency)
                        for c in comparisons
                    ],
                )
            )
    return [{"Measure": measure, **dict(zip(columns, values, strict=True))} for measure, values in measures]


def quality_table(result: core.Estimate, accuracy: Mapping[core.Strategy, float]) -> list[dict[str, str]]:
    """Per strategy: cost per request, the accuracy from the team's evals, and the cost per correct answer."""
    per_correct = core.cost_per_correct_answer(result, accuracy)
    return [
        {
            "Strategy": core.STRATEGY_LABELS[strategy],
            "Cost per request": fmt.usd_per_unit(result.strategies[strategy].cost_per_request_usd),
            "Accuracy (your evals)": "not measured" if strategy not in accuracy else f"{accuracy[strategy]:.0%}",
            "Cost per correct answer": "—"
            if per_correct[strategy] is None
            else fmt.usd_per_unit(per_correct[strategy]),
        }
        for strategy in core.STRATEGIES
    ]


# Columns of words (left-aligned, wrapped); every other column holds a figure (right-aligned, kept on one line).
_TEXT_COLUMNS = frozenset(
    {"Strategy", "Model", "Fixes the problem?", "Setting", "Assumption", "Unit", "Source", "As of", "Confidence",
     "Your override"}
)  # fmt: skip


def _numeric(column: str) -> bool:
    return column not in _TEXT_COLUMNS


def _html_table(rows: list[dict[str, str]], *, row_classes: Iterable[str] | None = None) -> str:
    if not rows:
        return "<p>None.</p>"
    columns = list(rows[0])
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    classes = list(row_classes) if row_classes is not None else [""] * len(rows)
    body = "".join(
        f'<tr class="{_e(css)}">'
        + "".join(f'<td class="{"num" if _numeric(c) else ""}">{_e(row[c])}</td>' for c in columns)
        + "</tr>"
        for row, css in zip(rows, classes, strict=True)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _input_rows(scenario: core.Scenario) -> list[dict[str, str]]:
    """The workload and settings, each marked when it differs from the tool's default."""
    defaults = core.Scenario().model_dump()
    current = scenario.model_dump()
    rows = [
        {
            "Setting": name,
            "Value": str(current[name]),
            "Changed from default": "yes" if current[name] != defaults[name] else "",
        }
        for name in ("model", "horizon_months")
    ]
    rows.append(
        {
            "Setting": "Fine-tuning offering",
            "Value": core.offering(scenario.fine_tuning.offering).label,
            "Changed from default": "yes" if scenario.fine_tuning.offering != core.DEFAULT_OFFERING else "",
        }
    )
    for section in _SECTIONS:
        for name, value in current[section].items():
            if (section, name) == ("fine_tuning", "offering"):
                continue
            rows.append(
                {
                    "Setting": f"{_SECTION_TITLES[section]}: {name.replace('_', ' ')}",
                    "Value": str(value),
                    "Changed from default": "yes" if value != defaults[section][name] else "",
                }
            )
    return rows


def _assumption_rows(result: core.Estimate) -> list[dict[str, str]]:
    return [
        {
            "Assumption": a.name,
            "Value": _value_text(a.value),
            "Unit": a.unit,
            "Source": a.source,
            "As of": a.as_of or "undated",
            "Table checked": fmt.checked_text(a, result.starts_on),
            "Confidence": a.confidence,
            "Your override": "yes, your override" if a.overridden else "",
        }
        for a in result.assumptions
    ]


def _value_text(value: float | str) -> str:
    """A number as people write it (69,000 not 69000.0; 0.075 stays 0.075); text unchanged."""
    return f"{value:,.10g}" if isinstance(value, float) else value


def _safe_link(link: str) -> str | None:
    """Only http(s) links become clickable; anything else is shown as text."""
    return link if link.startswith(("http://", "https://")) else None


def break_even_text(scenario: core.Scenario) -> str:
    """Where the two strategies core.compare pairs cost the same, in one sentence."""
    comparison = core.compare(scenario)
    first, second = comparison.break_even_between
    pair = f"{core.STRATEGY_LABELS[first]} and {core.STRATEGY_LABELS[second]}"
    if comparison.break_even_requests is None or comparison.cheaper_above_break_even is None:
        return f"{pair} never cost the same at any monthly volume over this horizon."
    return (
        f"{pair} cost the same at about {fmt.count(comparison.break_even_requests)} requests a month; "
        f"above that, {core.STRATEGY_LABELS[comparison.cheaper_above_break_even]} is cheaper."
    )


def _cheapest_text(result: core.Estimate) -> str:
    """Which strategy is cheapest among those that fix the problem and run the whole horizon, and on price alone."""
    best = core.STRATEGY_LABELS[result.cheapest] if result.cheapest else "none of them"
    text = f"Cheapest of the strategies that fix the problem and can run the whole horizon: {best}."
    overall = result.cheapest_overall
    if overall is not None and overall != result.cheapest:
        text += f" On price alone: {core.STRATEGY_LABELS[overall]}, which does not qualify."
    return text


def _recommendation_html(recommendation: core.Recommendation) -> str:
    reasons = "".join(f"<li>{_e(r)}</li>" for r in recommendation.reasons)
    warnings = "".join(f'<div class="warning">{_e(w)}</div>' for w in recommendation.warnings)
    steps = "".join(f"<li>{_e(s)}</li>" for s in recommendation.next_steps)
    return f"""<h2 class="first">Recommendation</h2>
<p class="strategy">{_e(core.STRATEGY_LABELS[recommendation.strategy])}</p>
<p>{_e(recommendation.headline)}</p>
<h3>Why</h3><ul>{reasons}</ul>
<h3>Watch out</h3>{warnings or "<p>No known anti-pattern in these answers.</p>"}
<h3>Next steps</h3><ol>{steps}</ol>"""


def _costs_html(scenario: core.Scenario, result: core.Estimate, recommendation: core.Recommendation) -> str:
    missing = (
        f"<p class='warning'>Prices not known, so some figures read 'price unknown': "
        f"{_e(', '.join(result.missing_prices))}. Enter them as overrides on the Estimate page.</p>"
        if result.missing_prices
        else ""
    )
    notes = "".join(f'<div class="warning">{_e(note)}</div>' for note in result.notes)
    return f"""<h2>Cost and latency of each strategy</h2>
{missing}
{notes}
{_html_table(_strategy_rows(scenario, result, recommendation))}
<p>{_e(_cheapest_text(result))}
Break-even: {_e(break_even_text(scenario))}</p>"""


def _charts_html(figures: Mapping[str, go.Figure]) -> str:
    charts = []
    for index, (name, figure) in enumerate(figures.items()):
        body = figure.to_html(full_html=False, include_plotlyjs=index == 0, config=PLOTLY_CONFIG)
        charts.append(f'<div class="chart" aria-label="{_e(name)}">{body}</div>')
    return "".join(charts)


def _sources_html(scenario: core.Scenario, result: core.Estimate) -> str:
    assumption_classes = ["override" if a.overridden else "" for a in result.assumptions]
    formulas = "".join(
        f"<tr><td>{_e(f.topic)}</td><td>{_e(f.words)}</td><td><code>{_e(f.symbols)}</code></td></tr>"
        for f in core.FORMULAS
    )
    return f"""<h2>Your inputs</h2>
{_html_table(_input_rows(scenario))}

<h2>Assumptions, prices and their sources</h2>
<p class="meta">Rows marked "your override" were entered by you and replace the catalogue value.
{_e(core.freshness_text(result.starts_on))}</p>
{_html_table(_assumption_rows(result), row_classes=assumption_classes)}

<h2>How this is computed</h2>
<table><thead><tr><th>What</th><th>In words</th><th>Formula</th></tr></thead><tbody>{formulas}</tbody></table>"""


def _link_html(share_link: str) -> str:
    link = _safe_link(share_link)
    return f'<a href="{_e(link)}">{_e(link)}</a>' if link else _e(share_link) if share_link else "(no link available)"


def html_report(
    scenario: core.Scenario,
    result: core.Estimate,
    recommendation: core.Recommendation,
    figures: Mapping[str, go.Figure],
    *,
    share_link: str = "",
    generated_on: date | None = None,
) -> str:
    """One self-contained HTML page: recommendation, cost and latency table, interactive charts, inputs,
    every assumption with its source and as-of date (overrides marked), the formulas, and a link back.

    plotly.js is inlined once (with the first chart), so the file opens offline in any browser.
    """
    day = (generated_on or date.today()).isoformat()
    title = f"RAG or fine-tuning? {scenario.name}"
    people = "included" if result.people_included else "left out"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{_e(title)}</h1>
<p class="meta">Generated {_e(day)} · {_e(f"{result.requests_per_month:,}")} requests a month ·
horizon {_e(result.horizon_months)} months from {_e(result.starts_on.isoformat())} · model {_e(scenario.model)},
fine-tuned on {_e(core.offering(scenario.fine_tuning.offering).label)} · people's time {people}</p>
<p class="meta">{_e(currency_text(scenario))}</p>

{_recommendation_html(recommendation)}

{_costs_html(scenario, result, recommendation)}

<h2>Charts</h2>
<p class="meta screen-only">Hover for details; the camera icon in each chart's toolbar saves it as a PNG.</p>
{_charts_html(figures)}

{_sources_html(scenario, result)}

<footer>Reopen this scenario in the app: {_link_html(share_link)}</footer>
</body>
</html>
"""


def _cell(text: str) -> str:
    """Our own text in a Markdown table cell: one line, pipes escaped (user text gets markdown_escape)."""
    return " ".join(text.split()).replace("|", "\\|")


def _markdown_table(rows: list[dict[str, str]]) -> str:
    columns = list(rows[0])
    lines = [
        "| " + " | ".join(_cell(c) for c in columns) + " |",
        "|" + "|".join("---:" if _numeric(c) else "---" for c in columns) + "|",
    ]
    lines += [
        "| " + " | ".join(escape.document(row[c]) if c in _USER_COLUMNS else _cell(row[c]) for c in columns) + " |"
        for row in rows
    ]
    return "\n".join(lines)


def markdown_report(
    scenario: core.Scenario,
    result: core.Estimate,
    recommendation: core.Recommendation,
    *,
    share_link: str = "",
    generated_on: date | None = None,
) -> str:
    """A compact Markdown summary for a doc or a ticket: recommendation, reasons, warnings, the cost and
    latency table, and the sources of every price and latency figure."""
    day = (generated_on or date.today()).isoformat()
    lines = [
        f"## RAG or fine-tuning? {escape.document(scenario.name)}",
        "",
        f"**Recommendation: {core.STRATEGY_LABELS[recommendation.strategy]}.** {recommendation.headline}",
        "",
        "**Why**",
        *[f"- {reason}" for reason in recommendation.reasons],
    ]
    if recommendation.warnings:
        lines += ["", "**Watch out**", *[f"- {warning}" for warning in recommendation.warnings]]
    lines += [
        "",
        f"**Cost and latency** ({result.requests_per_month:,} requests a month, {result.horizon_months} months)",
        "",
        _markdown_table(_strategy_rows(scenario, result, recommendation)),
        "",
        _cell(currency_text(scenario)),
        "",
        f"{_cheapest_text(result)} Break-even: {break_even_text(scenario)}",
    ]
    if result.notes:
        lines += ["", "**Notes**", *[f"- {escape.document(note)}" for note in result.notes]]
    if result.missing_prices:
        lines += ["", f"Prices not known: {escape.document(', '.join(result.missing_prices))}."]
    lines += ["", "**Sources**", "", core.freshness_text(result.starts_on), ""]
    for a in result.assumptions:
        override = " (your override)" if a.overridden else ""
        lines.append(
            f"- {escape.document(a.name)}: {_value_text(a.value)} {a.unit}".rstrip()
            + f"{override}. Source: {a.source}, as of {a.as_of or 'undated'}"
            + (f" (table checked {fmt.checked_text(a, result.starts_on)})" if a.checked else "")
        )
    link = _safe_link(share_link)
    lines += ["", f"Generated {day}." + (f" Reopen: <{link}>" if link else "")]
    return "\n".join(lines) + "\n"
