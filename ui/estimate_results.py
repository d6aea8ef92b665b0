"""The Estimate page's results: the notes, one card per strategy, the chart tabs and "How this is computed"."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st
from pydantic import ValidationError

import core
from charts import estimate as charts
from present import escape
from present import format as fmt
from ui import figures, state

VOLUME_POINTS = 200
NO_PRICE = "no price"


@st.cache_data(max_entries=32, show_spinner=False)
def sensitivity_rows(scenario_json: str) -> list[core.SensitivityRow] | None:
    """core.sensitivity for a scenario given as JSON (hashable), cached: it re-estimates 32 variants.

    None when an input cannot be moved by +50 % (it is already near its allowed maximum).
    """
    try:
        return core.sensitivity(core.Scenario.model_validate_json(scenario_json))
    except ValidationError:
        return None


@st.cache_data(max_entries=32, show_spinner=False)
def break_evens(scenario_json: str) -> list[tuple[core.Strategy, core.Strategy, float]]:
    """Break-even volumes of every pair of priced strategies, cached by the scenario's JSON."""
    scenario = core.Scenario.model_validate_json(scenario_json)
    return charts.break_even_points(scenario, core.estimate(scenario))


def notes(result: core.Estimate) -> None:
    """What the numbers cannot say by themselves: missing prices, end dates, what is compared, understated costs."""
    if result.missing_prices:
        st.warning(
            "No price is known for: "
            + "; ".join(escape.streamlit(m) for m in result.missing_prices)
            + ". Type it under **Prices** (or **Fine-tuning**); until then those strategies show *no price*.",
            icon=":material/price_change:",
        )
    if result.notes:
        st.info("\n".join(f"- {escape.streamlit(note)}" for note in result.notes), icon=":material/info:")


def _money(value: float | None, currency: core.ExchangeRate | None = None) -> str:
    # "price unknown" is cut off in a card's large type; the warning above the cards says which price.
    return NO_PRICE if value is None else fmt.usd(value, currency=currency)


def _badges(strategy: core.Strategy, est: core.StrategyEstimate, result: core.Estimate, recommended: str) -> str:
    badges = []
    if strategy == result.cheapest:
        badges.append(":green-badge[:material/savings: cheapest]")
    if strategy == recommended:
        badges.append(":blue-badge[:material/thumb_up: recommended]")
    if not est.fixes_diagnosis:
        badges.append(":red-badge[:material/block: does not fix it]")
    if not est.runs_whole_horizon and est.ends_on is not None:
        badges.append(f":orange-badge[:material/event_busy: ends {est.ends_on.isoformat()}]")
    return " ".join(badges) if badges else "\u00a0"


def _runs_on(est: core.StrategyEstimate) -> str:
    if est.offering is None:
        return escape.streamlit(est.model)
    return escape.streamlit(core.offering(est.offering).phrase)


# The parts of a speed profile a card names when only they are assumed. Prompt reading speed is left out: most rows
# use the same labelled default for it (see assets/latency.csv), and the Prices tab and the "How this is computed"
# table say so.
CARD_SPEED_PARTS: dict[core.LatencyPart, str] = {"ttft": "time to first token", "output": "writing speed"}


def card_notes(est: core.StrategyEstimate) -> list[str]:
    """What a card's speed assumes: a fallback speed or which part of it is not measured, and how a fine-tuned
    adapter is served."""
    lines = []
    speed = est.latency_profile
    if speed.is_fallback and not speed.overridden:
        lines.append("Speed assumed: no measurement found (enter yours under Prices).")
    elif not speed.overridden:
        parts = [words for part, words in CARD_SPEED_PARTS.items() if part in speed.assumed]
        if parts:
            lines.append(f"Speed partly assumed: {' and '.join(parts)} not measured (enter yours under Prices).")
    if est.offering is not None:
        o = core.offering(est.offering)
        if o.lora_serving is not None and o.serving == "dedicated_gpu":
            lines.append(f"Serving speed: {o.lora_serving_text}.")
    return lines


def strategy_cards(
    result: core.Estimate, recommended: core.Strategy, currency: core.ExchangeRate | None = None
) -> None:
    """One card per strategy: the four numbers a meeting asks for, large, and whether it fixes the problem;
    money in `currency` (default: US dollars)."""
    for column, (strategy, est) in zip(st.columns(4), result.strategies.items(), strict=True):
        with column, st.container(border=True):
            st.markdown(f"#### {core.STRATEGY_LABELS[strategy]}")
            st.markdown(_badges(strategy, est, result, recommended))
            per_request = est.cost_per_request_usd
            st.metric(
                "One request", NO_PRICE if per_request is None else fmt.usd_per_unit(per_request, currency=currency)
            )
            st.metric("Per month", _money(est.monthly_usd, currency))
            st.metric(
                f"Over {result.horizon_months} months",
                _money(est.total_usd, currency),
                help="One-time costs (set-up, training, corpus embedding) plus every month of the horizon.",
            )
            if est.latency.batch_window:
                st.metric("Latency", est.latency.batch_window, help="Batch results are not waited for live.")
            else:
                st.metric("Latency", fmt.ms(est.latency_ms), help="Until the whole answer has arrived.")
            first = "" if est.latency.batch_window else f"First token after {fmt.ms(est.ttft_ms)} · "
            st.caption(f"{first}runs on {_runs_on(est)}")
            if est.serving.mode in ("dedicated_gpu", "provisioned") and per_request is not None:
                st.caption("Tokens are paid for by the GPU or capacity hours, in the month.")
            if est.does_not_fix:
                st.caption(f"Does not fix: {escape.streamlit(est.does_not_fix)}.")
            for line in card_notes(est):
                st.caption(line)
    fixing = "fix what Diagnose found and " if any(not s.fixes_diagnosis for s in result.strategies.values()) else ""
    overall = result.cheapest_overall
    aside = ""
    if overall is not None and overall != result.cheapest:
        aside = f" On price alone the cheapest is {core.STRATEGY_LABELS[overall]}, which does not qualify."
    people = "with" if result.people_included else "without"
    st.caption(escape.streamlit(core.freshness_text(result.starts_on)))
    st.caption(
        f"Recommended comes from the Diagnose answers ({core.STRATEGY_LABELS[recommended]}); cheapest is the lowest "
        f"total over {result.horizon_months} months, {people} people's time, among the strategies that {fixing}can "
        f"run for the whole horizon.{aside}"
    )
    if currency is not None and not currency.is_usd:
        st.caption(escape.streamlit(fmt.rate_note(currency)) + " Charts and tables below are in US dollars.")


def how_computed(result: core.Estimate) -> None:
    """The formulas in words and symbols, and every number used with its source."""
    how = state.section("How this is computed", "estimate.how", icon=":material/functions:")
    if not how.open:
        return
    with how:
        for formula in core.FORMULAS:
            st.markdown(f"**{formula.topic}.** {formula.words}")
            st.code(formula.symbols, language=None)
        st.caption(core.SYMBOLS)
        st.markdown("**Every number used, and where it comes from**")
        stale = core.is_out_of_date(core.market_checked_on(), result.starts_on)
        st.caption(
            escape.streamlit(core.freshness_text(result.starts_on))
            + (" :orange-badge[may be out of date]" if stale else "")
        )
        st.dataframe(
            [
                {
                    "Number": a.name,
                    "Value": a.value if isinstance(a.value, str) else f"{a.value:,.6g}",
                    "Unit": a.unit,
                    "Source": a.source,
                    "As of": a.as_of,
                    "Table checked": fmt.checked_text(a, result.starts_on),
                    "Confidence": a.confidence,
                    "Overridden by you": "yes" if a.overridden else "",
                }
                for a in result.assumptions
            ],
            hide_index=True,
            width="stretch",
            key="estimate.assumptions_table",
        )


def _monthly_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    figures.show(charts.monthly_chart(result), key="estimate.monthly_chart")


def _cumulative_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    figure = charts.cumulative_chart(result, core.cumulative_costs(result), core.end_months(result))
    figures.show(figure, key="estimate.cumulative_chart")


def _volume_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    crossings = break_evens(scenario.model_dump_json())
    volumes = np.linspace(0.0, charts.volume_range(result, crossings), VOLUME_POINTS)
    sweep = core.volume_sweep(scenario, volumes, precomputed=result)
    figures.show(charts.volume_chart(result, volumes, sweep, crossings), key="estimate.volume_chart")


def _latency_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    figures.show(charts.latency_chart(result), key="estimate.latency_chart")


def _tokens_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    figures.show(charts.tokens_chart(result), key="estimate.tokens_chart")


def _sensitivity_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    rows = sensitivity_rows(scenario.model_dump_json())
    if rows is None:
        st.info(
            "The sensitivity chart needs every input to be movable by ±50 %, and some values are already at "
            "their upper limit. Lower them to see it.",
            icon=":material/info:",
        )
    else:
        figures.show(charts.sensitivity_chart(rows), key="estimate.sensitivity_chart")


# One chart at a time, beside the inputs: a change shows where the eye already is, and only the open chart is
# computed and redrawn (six redrawn charts cost each browser ~0.4 s of CPU per change).
CHARTS: tuple[Callable[[core.Scenario, core.Estimate], None], ...] = (
    _monthly_chart,
    _cumulative_chart,
    _volume_chart,
    _latency_chart,
    _tokens_chart,
    _sensitivity_chart,
)
