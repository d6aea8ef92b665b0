"""The Scenarios page's parts: the preset box, the current scenario with its files, the comparison, the quality
table and the meeting downloads. Each reads and writes the session's scenario through `ui.state`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

import core
from charts.compare import cost_comparison_chart, latency_comparison_chart
from charts.estimate import report_figures
from present import escape, report
from present import format as fmt
from ui import figures, state

SAVED = "scenarios.saved"  # name -> Scenario as a JSON-ready dict, for this session only
GOTO = "scenarios.goto"  # the page to open once the chosen scenario is in place
UPLOAD = "scenarios.upload"
UPLOAD_ERROR = "scenarios.upload_error"
UPLOAD_OK = "scenarios.upload_ok"
COMPARED = "scenarios.compare"
MAX_COMPARED = 4


@st.cache_data(max_entries=64, show_spinner=False)
def _compare(scenario_json: str) -> core.Comparison:
    # Keyed on the scenario's JSON so identical scenarios (a preset compared again) are computed once.
    return core.compare(core.Scenario.model_validate_json(scenario_json))


def comparison_of(scenario: core.Scenario) -> core.Comparison:
    """The (cached) comparison column for one scenario."""
    return _compare(scenario.model_dump_json())


def saved() -> dict[str, dict[str, object]]:
    """The copies saved in this session, by name."""
    copies: dict[str, dict[str, object]] = st.session_state.setdefault(SAVED, {})
    return copies


def scenario_for(option: str) -> core.Scenario:
    """The scenario behind a picker option."""
    return core.ScenarioChoice.parse(option).scenario(state.scenario(), saved())


def option_label(option: str) -> str:
    """How a picker option is named."""
    return core.ScenarioChoice.parse(option).label


def label(strategy: core.Strategy | None) -> str:
    """A strategy's name, or 'unknown'."""
    return "unknown" if strategy is None else core.STRATEGY_LABELS[strategy]


def open_elsewhere(option: str, page: str) -> None:
    """Swap the chosen scenario in; a callback cannot switch pages, so it leaves a note for the script run."""
    state.replace(scenario_for(option).model_copy(deep=True))
    st.session_state[GOTO] = page


def _save_current() -> None:
    current = state.scenario()
    saved()[current.name] = current.model_dump(mode="json")


def _load_preset(key: str) -> None:
    state.replace(core.preset_scenario(key))


_MIME = {".json": "application/json", ".html": "text/html", ".md": "text/markdown"}


def _download(
    where: Any, label: str, data: str | Callable[[], str], file_name: str, key: str, icon: str, primary: bool = False
) -> None:
    """A download button that needs no rerun of the page (a report is built only when it is clicked)."""
    mime = _MIME["." + file_name.rsplit(".", 1)[-1]]
    where.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        key=f"scenarios.{key}",
        icon=icon,
        type="primary" if primary else "secondary",
        on_click="ignore",
    )


def _read_upload() -> None:
    st.session_state.pop(UPLOAD_ERROR, None)
    st.session_state.pop(UPLOAD_OK, None)
    uploaded = st.session_state.get(UPLOAD)
    # A removed or replaced upload can arrive as Streamlit's DeletedFile, which has no bytes to read.
    if uploaded is None or not hasattr(uploaded, "getvalue"):
        return
    try:
        loaded, notes = core.read_scenario_file(uploaded.getvalue())
    except core.ScenarioFileError as exc:
        st.session_state[UPLOAD_ERROR] = (uploaded.name, str(exc), exc.reasons)
        return
    state.replace(loaded)
    st.session_state[UPLOAD_OK] = (uploaded.name, notes)


def preset_box() -> None:
    """Pick a preset, read why it is what it is, and load it."""
    preset_key = st.selectbox(
        "Preset",
        options=list(core.PRESETS),
        format_func=lambda key: core.PRESETS[key].title,
        key="scenarios.preset",
        help="Each preset has realistic answers and a workload sized from the sourced prices and latencies.",
    )
    preset = core.PRESETS[preset_key]
    with st.container(border=True):
        st.markdown(
            f"**Recommended: {label(preset.expected_strategy)}** · cheapest on price alone: "
            f"{label(preset.cheapest_strategy)}"
        )
        st.markdown(escape.document(preset.rationale))
        st.markdown("**About the cost.** " + escape.document(preset.cost_note))
        st.caption("Workload basis: " + escape.document(preset.workload_basis))
        st.button(
            "Use this preset as my scenario",
            key="scenarios.load_preset",
            icon=":material/download_done:",
            on_click=_load_preset,
            args=(preset_key,),
            help="Replaces the current scenario (save a copy first if you want to keep it).",
        )
    about, as_of = core.presets_source()
    st.caption(f"{escape.streamlit(about)} (as of {as_of})")


def current_box() -> str:
    """The current scenario's headline numbers, the way to other pages, its link; returns the share link."""
    st.text_input("Scenario name", max_chars=200, **state.bind(("name",)))
    current = state.scenario()
    mine = comparison_of(current)
    recommended, cheapest = mine.recommendation.strategy, mine.estimate.cheapest
    run = mine.estimate.strategies[recommended]
    with st.container(border=True):
        st.markdown(
            f"**Recommended:** {label(recommended)} · **cheapest over {current.horizon_months} months that fixes "
            f"it:** {label(cheapest)}"
        )
        rate = core.scenario_rate(current)
        metrics = st.columns(3)
        metrics[0].metric("Recommended strategy, per month", fmt.usd(run.monthly_usd, currency=rate))
        metrics[1].metric(
            f"Recommended strategy, over {current.horizon_months} months", fmt.usd(run.total_usd, currency=rate)
        )
        metrics[2].metric("Recommended strategy, time per request", fmt.ms(run.latency_ms))
        if not rate.is_usd:
            st.caption(escape.streamlit(fmt.rate_note(rate)))
    actions = st.columns(3)
    if actions[0].button(
        "Open in Diagnose", key="scenarios.open_current_diagnose", icon=":material/stethoscope:", width="stretch"
    ):
        state.go("diagnose")
    if actions[1].button(
        "Open in Estimate", key="scenarios.open_current_estimate", icon=":material/calculate:", width="stretch"
    ):
        state.go("estimate")
    actions[2].button(
        "Save a copy in this session",
        key="scenarios.save",
        icon=":material/bookmark_add:",
        on_click=_save_current,
        width="stretch",
        help="Kept under its name until you close the tab; a copy with the same name is overwritten.",
    )
    return state.show_share_link("scenarios")


def files_box() -> None:
    """Download the scenario as a file, or open one; a refused file says why and changes nothing."""
    current = state.scenario()
    files = st.columns(2)
    _download(
        files[0],
        "Download this scenario (JSON)",
        core.scenario_to_json(current),
        f"{fmt.slug(current.name)}.scenario.json",
        "download_json",
        ":material/file_download:",
    )
    # The box shows the real limit (scenario files stop at 1 MB) rather than the server's 50 MB for data files.
    files[1].file_uploader(
        "Open a scenario file",
        type=["json"],
        key=UPLOAD,
        on_change=_read_upload,
        max_upload_size=core.MAX_SCENARIO_FILE_BYTES // 1_000_000,
        help="A file downloaded from this page. A file that is not valid is refused and your scenario is kept.",
    )
    if UPLOAD_ERROR in st.session_state:
        name, message, reasons = st.session_state[UPLOAD_ERROR]
        st.error("That file was not opened; your current scenario is unchanged. The file:", icon=":material/error:")
        st.text(name)
        st.text("\n".join(reasons) if len(reasons) > 1 else message)
    elif UPLOAD_OK in st.session_state:
        opened, file_notes = st.session_state[UPLOAD_OK]
        st.success("Opened the scenario file:", icon=":material/check_circle:")
        st.text(opened)
        if file_notes:
            st.info("\n".join(f"- {escape.streamlit(note)}" for note in file_notes), icon=":material/info:")


def _chosen() -> list[str]:
    options = [choice.option for choice in core.scenario_choices(saved())]
    if COMPARED not in st.session_state:
        st.session_state[COMPARED] = list(core.DEFAULT_COMPARED)
    else:  # a saved scenario can disappear with a new session's dict; keep only options that still exist
        st.session_state[COMPARED] = [o for o in st.session_state[COMPARED] if o in options]
    return st.multiselect(
        "Scenarios to compare",
        options=options,
        format_func=option_label,
        max_selections=MAX_COMPARED,
        key=COMPARED,
        help="Presets, your current scenario and the copies you saved in this session.",
    )


def comparison() -> None:
    """The side-by-side table and charts of 2-4 scenarios, and a way to open one of them."""
    chosen = _chosen()
    if len(chosen) < 2:
        st.info("Pick at least two scenarios to compare them.", icon=":material/info:")
        return
    picked = [scenario_for(option) for option in chosen]
    columns = [comparison_of(scenario) for scenario in picked]
    named = [(scenario.name, column) for scenario, column in zip(picked, columns, strict=True)]
    # Every column in the currency of the scenario being worked on (its figures are computed in USD).
    rate = core.scenario_rate(state.scenario())
    st.dataframe(report.comparison_table(named, rate), key="scenarios.table", width="stretch", height="content")
    st.caption(escape.streamlit(report.currency_text(state.scenario())))
    st.caption(
        "Break-even: the monthly volume at which the recommended strategy and the cheapest cost the same over the "
        "horizon (when the recommended one is the cheapest, it is compared with the same system without the layer "
        "it adds). Cost per correct answer = cost per request ÷ accuracy from your evals."
    )
    estimates = [(name, column.estimate) for name, column in named]
    strategies = [column.recommendation.strategy for column in columns]
    figures.show(cost_comparison_chart(estimates, strategies), key="scenarios.cost_chart")
    figures.show(latency_comparison_chart(estimates, strategies), key="scenarios.latency_chart")
    st.markdown("**Open one of them**")
    open_cols = st.columns([2, 1, 1])
    target = open_cols[0].selectbox(
        "Scenario to open", options=chosen, format_func=option_label, key="scenarios.open_target"
    )
    for column, (page, text) in zip(
        open_cols[1:], (("estimate", "Open in Estimate"), ("diagnose", "Open in Diagnose")), strict=True
    ):
        column.button(text, key=f"scenarios.open_{page}", on_click=open_elsewhere, args=(target, page), width="stretch")


def quality() -> None:
    """Accuracy from the team's own evals, and what each strategy costs per correct answer."""
    for column, strategy in zip(st.columns(4), core.STRATEGIES, strict=True):
        state.number(
            core.STRATEGY_LABELS[strategy],
            ("accuracy", strategy),
            where=column,
            step=0.01,
            format="%.2f",
            placeholder="not measured",
        )
    current = state.scenario()
    if current.accuracy:
        table = report.quality_table(comparison_of(current).estimate, current.accuracy)
        st.dataframe(table, key="scenarios.quality", width="stretch", hide_index=True)


def downloads(link: str) -> None:
    """The HTML report and the Markdown summary of the current scenario."""
    current = state.scenario()
    mine = comparison_of(current)
    result, recommendation = mine.estimate, mine.recommendation
    markdown_text = report.markdown_report(current, result, recommendation, share_link=link)
    columns = st.columns(2)
    stem = fmt.slug(current.name)
    _download(
        columns[0],
        "Download the report (HTML)",
        lambda: report.html_report(current, result, recommendation, report_figures(result), share_link=link),
        f"{stem}.report.html",
        "download_report",
        ":material/description:",
        primary=True,
    )
    _download(
        columns[1],
        "Download the summary (Markdown)",
        markdown_text,
        f"{stem}.summary.md",
        "download_markdown",
        ":material/notes:",
    )
    summary = state.section("Markdown summary to copy", "scenarios.markdown")
    with summary:
        if summary.open:
            st.code(markdown_text, language="markdown", wrap_lines=True)
