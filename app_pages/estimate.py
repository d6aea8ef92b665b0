"""Estimate: what each strategy costs per request, per month and over the horizon, and how long users wait."""

import streamlit as st

import core
from ui import estimate_panels as panels
from ui import format as fmt
from ui import state

st.title("Estimate: what each option costs, and how long users wait")
st.caption(
    "Describe one request and the monthly volume; every strategy is priced on the same numbers. Change anything "
    "in the tabs on the left and the chart on the right follows; the link in the address bar keeps your changes."
)

# Results first, across the page: the four numbers a meeting asks for, readable from the back of the room.
cards = st.container()
inputs, results = st.columns([2, 3], gap="large")
with inputs:
    # Only the open tab is drawn (a tab switch reruns), so a change reruns ~10 widgets, not ~50.
    tabs = st.tabs(list(panels.INPUT_TABS), key=panels.TAB_KEY, on_change="rerun")
    for tab, draw in zip(tabs, panels.INPUT_TABS.values(), strict=True):
        if tab.open:
            with tab:
                draw()

# Read after the widgets: their callbacks have already written this run's changes into the scenario.
scenario = state.scenario()
result = core.estimate(scenario)
recommended = core.recommend(scenario.answers).strategy

with cards:
    if result.missing_prices:
        st.warning(
            "No price is known for: "
            + "; ".join(fmt.md_escape(m) for m in result.missing_prices)
            + ". Type it under **Prices**; until then those strategies show *no price*.",
            icon=":material/price_change:",
        )
    panels.strategy_cards(result, recommended)
    st.caption(
        f"Recommended comes from the Diagnose answers ({core.STRATEGY_LABELS[recommended]}); cheapest is the "
        f"lowest total over {result.horizon_months} months among the strategies that could be priced."
    )
with results:
    for tab, draw in zip(
        st.tabs(list(panels.CHART_TABS), key=panels.CHART_KEY, on_change="rerun"),
        panels.CHART_TABS.values(),
        strict=True,
    ):
        if tab.open:
            with tab:
                draw(scenario, result)

panels.how_computed(result)

st.divider()
state.show_share_link("estimate")
