"""What app.py does on every run: set the page up, route to the page asked for, and keep the scenario in the
address bar and in every link."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from present.pages import PageEntry
from ui import state, warm

# The favicon ships with the app (sent inline as a data: URL): a ":material/...:" one is fetched from a font host.
APP_ICON = Path(__file__).resolve().parent.parent / "assets" / "app_icon.svg"


def run(pages: Sequence[PageEntry]) -> None:
    """Draw the page the address names, among `pages` (the first is the start page)."""
    warm.freeze_imports()  # once per server process: keeps Streamlit's after-run garbage collection cheap
    st.set_page_config(
        page_title="RAG or fine-tuning?",
        page_icon=APP_ICON,
        layout="wide",
        initial_sidebar_state="auto",  # open on a desktop, closed on a phone, where it would cover the page
    )
    state.set_pages(pages)
    # The page list is ours, not Streamlit's: its sidebar drops the query string on a page switch, so a session
    # that is new to the server (a replica taking over after another stopped, a restarted server) would open the
    # page with the default scenario. Each of our links carries the scenario, from which a new session rebuilds it.
    routes = [
        st.Page(entry.script, title=entry.title, icon=entry.icon, url_path=entry.url_path or None, default=index == 0)
        for index, entry in enumerate(pages)
    ]
    page = st.navigation(routes, position="hidden")
    state.on_page(page.url_path)
    state.scenario()  # reads the link once per session, before any page draws
    state.show_notes()
    state.sync_url()  # first thing: a page switch by address or st.switch_page may arrive without the query
    page_list = st.sidebar.container()
    page.run()
    state.sync_url()  # the address bar always holds what is on screen
    with page_list:  # drawn last, so each link holds the scenario as this run leaves it
        for entry in pages:
            state.page_link(entry.url_path)
