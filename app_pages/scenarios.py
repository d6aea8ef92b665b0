"""Scenarios: start from a preset, keep your own versions, compare 2-4 side by side, and take the result away."""

from __future__ import annotations

import re

import streamlit as st

import core
from charts.compare import cost_comparison_chart, latency_comparison_chart
from present import format as fmt
from present import report
from ui import state

SAVED = "saved_scenarios"  # name -> Scenario as a JSON-ready dict, for this session only
GOTO = "scenarios:goto"  # the page to open once the chosen scenario is in place
UPLOAD_ERROR = "scenarios:upload_error"
UPLOAD_OK = "scenarios:upload_ok"
CURRENT = "current"
MAX_COMPARED = 4
PAGES = {"estimate": "app_pages/estimate.py", "diagnose": "app_pages/diagnose.py"}


@st.cache_data(max_entries=64, show_spinner=False)
def _compare(scenario_json: str) -> core.Comparison:
    # Keyed on the scenario's JSON so identical scenarios (a preset compared again) are computed once.
    return core.compare(core.Scenario.model_validate_json(scenario_json))


def comparison_of(scenario: core.Scenario) -> core.Comparison:
    """The (cached) comparison column for one scenario."""
    return _compare(scenario.model_dump_json())


def _saved() -> dict[str, dict[str, object]]:
    saved: dict[str, dict[str, object]] = st.session_state.setdefault(SAVED, {})
    return saved


def _scenario_for(option: str) -> core.Scenario:
    if option == CURRENT:
        return state.scenario()
    kind, _, name = option.partition(":")
    if kind == "preset":
        return core.preset_scenario(name)
    return core.Scenario.model_validate(_saved()[name])


def _option_label(option: str) -> str:
    if option == CURRENT:  # a fixed label: the widget keeps its selection while the name is edited
        return "Your current scenario"
    kind, _, name = option.partition(":")
    if kind == "preset":
        return f"Preset: {core.PRESETS[name].title}"
    return f"Saved: {name}"


def _open(option: str, page: str) -> None:
    # A callback cannot switch pages, so it swaps the scenario in and leaves a note for the script run.
    state.replace(_scenario_for(option).model_copy(deep=True))
    st.session_state[GOTO] = page


def _load_preset(key: str) -> None:
    state.replace(core.preset_scenario(key))


def _save_current() -> None:
    current = state.scenario()
    _saved()[current.name] = current.model_dump(mode="json")


def _read_upload() -> None:
    st.session_state.pop(UPLOAD_ERROR, None)
    st.session_state.pop(UPLOAD_OK, None)
    uploaded = st.session_state.get("scenarios:upload")
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


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "scenario"


def _label(strategy: core.Strategy | None) -> str:
    return "unknown" if strategy is None else core.STRATEGY_LABELS[strategy]


if GOTO in st.session_state:  # set by an "Open in ..." button's callback on the previous click
    st.switch_page(PAGES[st.session_state.pop(GOTO)])

st.title("Scenarios: compare options side by side")
st.caption(
    "Start from a case your team will recognise or from your own scenario, compare up to four of them on "
    "recommendation, cost and latency, and take a report to the meeting."
)

# ---------------------------------------------------------------------------------------------------------
st.subheader("1. Start from a preset")
preset_key = st.selectbox(
    "Preset",
    options=list(core.PRESETS),
    format_func=lambda key: core.PRESETS[key].title,
    key="scenarios:preset",
    help="Each preset has realistic answers and a workload sized from the sourced prices and latencies.",
)
preset = core.PRESETS[preset_key]
with st.container(border=True):
    st.markdown(
        f"**Recommended: {_label(preset.expected_strategy)}** · cheapest on price alone: "
        f"{_label(preset.cheapest_strategy)}"
    )
    st.markdown(report.markdown_escape(preset.rationale))
    st.markdown("**About the cost.** " + report.markdown_escape(preset.cost_note))
    st.caption("Workload basis: " + report.markdown_escape(preset.workload_basis))
    st.button(
        "Use this preset as my scenario",
        key="scenarios:load_preset",
        icon=":material/download_done:",
        on_click=_load_preset,
        args=(preset_key,),
        help="Replaces the current scenario (save a copy first if you want to keep it).",
    )

# ---------------------------------------------------------------------------------------------------------
st.subheader("2. Your current scenario")
st.text_input("Scenario name", max_chars=200, **state.bind(("name",)))
current = state.scenario()
mine = comparison_of(current)
recommended = mine.recommendation.strategy
cheapest = mine.estimate.cheapest
with st.container(border=True):
    st.markdown(
        f"**Recommended:** {_label(recommended)} · **cheapest over {current.horizon_months} months that fixes "
        f"it:** {_label(cheapest)}"
    )
    metrics = st.columns(3)
    metrics[0].metric("Recommended strategy, per month", fmt.usd(mine.estimate.strategies[recommended].monthly_usd))
    metrics[1].metric(
        f"Recommended strategy, over {current.horizon_months} months",
        fmt.usd(mine.estimate.strategies[recommended].total_usd),
    )
    metrics[2].metric(
        "Recommended strategy, time per request", fmt.ms(mine.estimate.strategies[recommended].latency_ms)
    )

actions = st.columns(3)
if actions[0].button(
    "Open in Diagnose", key="scenarios:open_current_diagnose", icon=":material/stethoscope:", width="stretch"
):
    st.switch_page(PAGES["diagnose"])
if actions[1].button(
    "Open in Estimate", key="scenarios:open_current_estimate", icon=":material/calculate:", width="stretch"
):
    st.switch_page(PAGES["estimate"])
actions[2].button(
    "Save a copy in this session",
    key="scenarios:save",
    icon=":material/bookmark_add:",
    on_click=_save_current,
    width="stretch",
    help="Kept under its name until you close the tab; a copy with the same name is overwritten.",
)
link = state.show_share_link("scenarios")

files = st.columns(2)
with files[0]:
    st.download_button(
        "Download this scenario (JSON)",
        data=core.scenario_to_json(current),
        file_name=f"{_slug(current.name)}.scenario.json",
        mime="application/json",
        key="scenarios:download_json",
        icon=":material/file_download:",
        on_click="ignore",
    )
with files[1]:
    st.file_uploader(
        "Open a scenario file",
        type=["json"],
        key="scenarios:upload",
        on_change=_read_upload,
        help="A file downloaded from this page. A file that is not valid is refused and your scenario is kept.",
        # The box shows the real limit (scenario files stop at 1 MB) rather than the server's 50 MB for data files.
        max_upload_size=core.MAX_SCENARIO_FILE_BYTES // 1_000_000,
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
        st.info("\n".join(f"- {fmt.md_escape(note)}" for note in file_notes), icon=":material/info:")

# ---------------------------------------------------------------------------------------------------------
st.subheader("3. Compare 2–4 scenarios")
options = [CURRENT, *(f"preset:{key}" for key in core.PRESETS), *(f"saved:{name}" for name in _saved())]
if "scenarios:compare" not in st.session_state:
    st.session_state["scenarios:compare"] = [CURRENT, "preset:support_bot", "preset:contract_extraction"]
else:  # a saved scenario can disappear with a new session's dict; keep only options that still exist
    st.session_state["scenarios:compare"] = [o for o in st.session_state["scenarios:compare"] if o in options]
chosen = st.multiselect(
    "Scenarios to compare",
    options=options,
    format_func=_option_label,
    max_selections=MAX_COMPARED,
    key="scenarios:compare",
    help="Presets, your current scenario and the copies you saved in this session.",
)
if len(chosen) < 2:
    st.info("Pick at least two scenarios to compare them.", icon=":material/info:")
else:
    picked = [(option, _scenario_for(option)) for option in chosen]
    columns = [comparison_of(scenario) for _, scenario in picked]
    named = [(scenario.name, column) for (_, scenario), column in zip(picked, columns, strict=True)]
    st.dataframe(report.comparison_table(named), key="scenarios:table", width="stretch", height="content")
    st.caption(
        "Break-even: the monthly volume at which the recommended strategy and the cheapest cost the same "
        "over the horizon (when the recommended one is the cheapest, it is compared with the same system "
        "without the layer it adds). Cost per correct answer = cost per request ÷ accuracy from your evals."
    )
    estimates = [(name, column.estimate) for name, column in named]
    strategies = [column.recommendation.strategy for column in columns]
    st.plotly_chart(cost_comparison_chart(estimates, strategies), key="scenarios:cost_chart", width="stretch")
    st.plotly_chart(latency_comparison_chart(estimates, strategies), key="scenarios:latency_chart", width="stretch")

    st.markdown("**Open one of them**")
    open_cols = st.columns([2, 1, 1])
    target = open_cols[0].selectbox(
        "Scenario to open", options=chosen, format_func=_option_label, key="scenarios:open_target"
    )
    open_cols[1].button(
        "Open in Estimate",
        key="scenarios:open_estimate",
        on_click=_open,
        args=(target, "estimate"),
        width="stretch",
    )
    open_cols[2].button(
        "Open in Diagnose",
        key="scenarios:open_diagnose",
        on_click=_open,
        args=(target, "diagnose"),
        width="stretch",
    )

# ---------------------------------------------------------------------------------------------------------
st.subheader("4. Quality from your own evals (optional)")
st.caption(
    "Enter the share of eval questions each strategy answered correctly (0 to 1) for the current scenario; "
    "a cheap strategy that is often wrong can cost more per correct answer."
)
accuracy_cols = st.columns(4)
for column, strategy in zip(accuracy_cols, core.STRATEGIES, strict=True):
    column.number_input(
        core.STRATEGY_LABELS[strategy],
        min_value=0.0,
        max_value=1.0,
        step=0.01,
        format="%.2f",
        placeholder="not measured",
        **state.bind(("accuracy", strategy)),
    )
current = state.scenario()
mine = comparison_of(current)
if current.accuracy:
    st.dataframe(
        report.quality_table(mine.estimate, current.accuracy),
        key="scenarios:quality",
        width="stretch",
        hide_index=True,
    )

# ---------------------------------------------------------------------------------------------------------
st.subheader("5. Take it to the meeting")
st.caption(
    "The HTML report opens offline in any browser: recommendation, reasons and warnings, the cost and latency "
    "table, interactive charts (the camera icon saves a PNG), every price and assumption with its source and "
    "date, and the link back here. The Markdown summary pastes into a doc or a ticket."
)
estimate_now, recommendation_now = mine.estimate, mine.recommendation
markdown_text = report.markdown_report(current, estimate_now, recommendation_now, share_link=link)
downloads = st.columns(2)
downloads[0].download_button(
    "Download the report (HTML)",
    data=lambda: report.html_report(
        current, estimate_now, recommendation_now, report.default_figures(estimate_now), share_link=link
    ),
    file_name=f"{_slug(current.name)}.report.html",
    mime="text/html",
    key="scenarios:download_report",
    icon=":material/description:",
    type="primary",
    on_click="ignore",
)
downloads[1].download_button(
    "Download the summary (Markdown)",
    data=markdown_text,
    file_name=f"{_slug(current.name)}.summary.md",
    mime="text/markdown",
    key="scenarios:download_markdown",
    icon=":material/notes:",
    on_click="ignore",
)
summary = state.section("Markdown summary to copy", "scenarios.markdown")
with summary:
    if summary.open:
        st.code(markdown_text, language="markdown", wrap_lines=True)
