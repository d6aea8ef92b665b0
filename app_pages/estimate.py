"""Estimate: what each strategy costs per request, per month and over the horizon, and how long users wait."""

import streamlit as st

import core
from ui import clock, record, state
from ui import estimate_panels as panels
from ui import estimate_results as results

st.title(state.this_page().heading)
st.caption(
    "Describe one request, the monthly volume and where you would fine-tune; every strategy is priced on the same "
    "numbers, people's time included. Change anything in the tabs on the left and the chart on the right follows; "
    "the link in the address bar keeps your changes."
)

# Results first, across the page: the four numbers a meeting asks for, readable from the back of the room.
cards = st.container()
inputs, charts = st.columns([2, 3], gap="large")
with inputs:
    # Only the open tab is drawn (a tab switch reruns), so a change reruns ~10 widgets, not ~60.
    tabs = st.tabs(list(panels.INPUT_TABS), key=panels.TAB_KEY, on_change="rerun")
    for tab, draw in zip(tabs, panels.INPUT_TABS.values(), strict=True):
        if tab.open:
            with tab:
                draw()

# Read after the widgets: their callbacks have already written this run's changes into the scenario.
scenario = state.scenario()
result = core.estimate(scenario, today=clock.today())
recommended = core.recommend(scenario.answers).strategy

with cards:
    results.notes(result)
    results.strategy_cards(result, recommended, core.scenario_rate(scenario))
with charts:
    for tab, draw in zip(
        st.tabs(list(panels.CHART_TABS), key=panels.CHART_KEY, on_change="rerun"),
        panels.CHART_TABS.values(),
        strict=True,
    ):
        if tab.open:
            with tab:
                draw(scenario, result)

results.how_computed(result)

st.subheader("Take the decision to the meeting")
record.downloads("estimate")

st.divider()
state.show_share_link("estimate")
