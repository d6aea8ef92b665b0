"""The decision record and the slide deck, offered the same way on Diagnose, Estimate and Scenarios: who decides
(kept in the scenario, so the link and the file carry it) and two download buttons. Each file is built only when
its button is clicked, never on a rerun."""

from __future__ import annotations

import streamlit as st

import core
from present import format as fmt
from present.deck import slide_deck
from present.record import decision_record
from ui import state

ROLES = {
    "makers": "Decision-makers",
    "consulted": "Consulted",
    "informed": "Informed",
}
STATUS_PATH = ("decision", "status")
# Room for the most names a list holds, each at its longest, with ", " between them.
MAX_TYPED = core.MAX_NAMES * (core.MAX_NAME_CHARS + 2)
# The two buttons' keys on each page that offers them.
BUTTON_KEYS = {
    "diagnose": ("diagnose.download_record", "diagnose.download_deck"),
    "estimate": ("estimate.download_record", "estimate.download_deck"),
    "scenarios": ("scenarios.download_record", "scenarios.download_deck"),
}
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


ERROR = "app.record_names_error"


def refusal(role: str, names: list[str]) -> str | None:
    """Why these names cannot be kept (too many, one too long), in plain words; None when they can."""
    label = ROLES[role]
    if len(names) > core.MAX_NAMES:
        return f"{label}: at most {core.MAX_NAMES} names, not {len(names)}. The names were not changed."
    for name in names:
        if len(name) > core.MAX_NAME_CHARS:
            return (
                f"{label}: a name can be at most {core.MAX_NAME_CHARS} characters; "
                f"'{core.safe_text(name, 30)}' has {len(name):,}. The names were not changed."
            )
    return None


def _names_changed(role: str) -> None:
    path = ("decision", role)
    typed: str = st.session_state.get(state.key_for(path), "")
    names = [" ".join(name.split()) for name in typed.split(",") if name.strip()]
    problem = refusal(role, names)
    if problem is None:
        st.session_state.pop(ERROR, None)
        state.update({path: names})
    else:
        st.session_state[ERROR] = problem


def people_inputs() -> None:
    """The decision's status and its people, comma-separated names per role; a refused value keeps the old one."""
    current = state.scenario().decision
    columns = st.columns(4)
    columns[0].selectbox(
        "Status",
        list(core.DECISION_STATUSES),
        help="Where the decision stands; a new record starts as proposed.",
        **state.bind(STATUS_PATH),
    )
    for column, (role, label) in zip(columns[1:], ROLES.items(), strict=True):
        key = state.key_for(("decision", role))
        if key not in st.session_state:
            st.session_state[key] = ", ".join(getattr(current, role))
        column.text_input(
            label,
            key=key,
            max_chars=MAX_TYPED,
            on_change=_names_changed,
            args=(role,),
            placeholder="names, separated by commas",
            help=f"Up to {core.MAX_NAMES} names of at most {core.MAX_NAME_CHARS} characters each.",
        )


def downloads(page: str) -> None:
    """Who decides, then the record (.md) and the deck (.pptx) of the session's scenario, built on click."""
    st.caption(
        "The decision record follows MADR, the usual Markdown template for architecture decisions: a one-sentence "
        "summary, the problem, the options with their cost, the choice and how sure it is, and every source. The "
        "slides hold the same summary, the cost table and two charts you can edit."
    )
    people_inputs()
    if ERROR in st.session_state:
        st.error(st.session_state[ERROR], icon=":material/error:")
    current = state.scenario()
    base_url = state.share_link(page).split("?")[0]
    stem = fmt.slug(current.name)
    record_key, deck_key = BUTTON_KEYS[page]
    left, right = st.columns(2)
    left.download_button(
        "Download the decision record (Markdown)",
        data=lambda: decision_record(current, base_url=base_url),
        file_name=f"{stem}.decision.md",
        mime="text/markdown",
        key=record_key,
        icon=":material/gavel:",
        on_click="ignore",
    )
    right.download_button(
        "Download the slides (PowerPoint)",
        data=lambda: slide_deck(current, base_url=base_url),
        file_name=f"{stem}.decision.pptx",
        mime=PPTX_MIME,
        key=deck_key,
        icon=":material/slideshow:",
        on_click="ignore",
    )
