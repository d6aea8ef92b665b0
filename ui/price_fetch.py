"""The optional "Fetch latest prices" action: genai-prices' own updater fetches its newest price data, only when a
person presses the button, with a timeout. Nothing fetches on load; offline is the default. The fetched prices are
applied to this scenario only, as your prices for the answering model, so other sessions are not changed.

`fetch_snapshot` is the seam tests replace with a fake (tests never touch the network).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import core
from present import escape
from present import format as fmt
from ui import state

FETCH_TIMEOUT_S = 10.0
MESSAGE_KEY = "estimate.fetch_prices.message"


def fetch_snapshot(timeout_s: float) -> Any:
    """genai-prices' newest data (a DataSnapshot), fetched by its own updater; raises on any failure."""
    import httpx2
    from genai_prices.update_prices import UpdatePrices

    return UpdatePrices(request_timeout=httpx2.Timeout(timeout=timeout_s, connect=min(5.0, timeout_s))).fetch()


def _fetch(model: str) -> None:
    try:
        snapshot = fetch_snapshot(FETCH_TIMEOUT_S)
    except Exception as error:  # any network, HTTP or format failure: keep the installed prices
        st.session_state[MESSAGE_KEY] = (
            "warning",
            f"Could not fetch the latest prices ({type(error).__name__}); the installed prices are kept.",
        )
        return
    changes = core.price_changes(snapshot, model) if snapshot is not None else ()
    if not changes:
        st.session_state[MESSAGE_KEY] = ("info", f"Fetched: no price of {model} has changed.")
        return
    errors = state.update({("prices", model, c.field): c.new for c in changes})
    if errors:
        st.session_state[MESSAGE_KEY] = ("warning", "The fetched prices were refused: " + " ".join(errors))
        return
    state.forget_widgets([("prices", model)])  # the price boxes re-read the new values
    lines = [
        f"{c.field.replace('_', ' ')}: {'unknown' if c.old is None else fmt.usd(c.old)} → {fmt.usd(c.new or 0)}"
        for c in changes
    ]
    st.session_state[MESSAGE_KEY] = (
        "success",
        f"Fetched: {model} changed ({'; '.join(lines)} per 1M tokens), applied as your prices in this scenario.",
    )


def fetch_prices_button() -> None:
    """The button, and what the last fetch found."""
    model = state.scenario().model.strip()
    st.button(
        "Fetch latest prices",
        key="estimate.fetch_prices",
        on_click=_fetch,
        args=(model,),
        icon=":material/cloud_download:",
        help=f"Asks genai-prices' own updater for its newest price data (up to {FETCH_TIMEOUT_S:.0f} s) and applies "
        "any change to the answering model's prices in this scenario. Needs internet; nothing is fetched otherwise.",
    )
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        kind, text = message
        getattr(st, kind)(escape.streamlit(text))
