"""The one scenario a session works on, kept in session state and mirrored in the page URL.

Every page reads `scenario()`, edits it through widgets bound to a field path, and the URL is rewritten after
each change (only non-default values), so copying the address bar reopens exactly what is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn
from urllib.parse import urlencode, urlsplit, urlunsplit

# Imported once, before any page draws: plotly looks pandas up in sys.modules without importing it, so two
# sessions starting together on a cold server could meet a half-imported pandas ("no attribute 'Series'").
import pandas  # noqa: F401
import streamlit as st
from pydantic import ValidationError

import core
from present.pages import PageEntry
from ui.tabs import VIEWS

_SCENARIO = "app.scenario"
_NOTES = "app.link_notes"
_ERRORS = "app.input_errors"
_PAGE = "app.shown_page"
_PAGES = "app.pages"
WIDGET_PREFIX = "field."
# Expanders whose content is drawn only while they are open: each key holds True in session state when open.
# A closed section then costs neither the server nor the browser anything (its tables and code boxes are not
# even sent), which matters when a whole meeting uses one small server. Tests open them all through these keys.
OPEN_SECTIONS = ("diagnose.matrix", "diagnose.research", "estimate.how", "scenarios.markdown")
# Each chart's data table (ui.figures.show draws it under "<chart key>.data"): a new chart adds its key here.
CHART_KEYS = (
    "diagnose.matrix_chart",
    "evidence.split_chart",
    "estimate.monthly_chart",
    "estimate.cumulative_chart",
    "estimate.volume_chart",
    "estimate.latency_chart",
    "estimate.tokens_chart",
    "estimate.sensitivity_chart",
    "scenarios.cost_chart",
    "scenarios.latency_chart",
    "your_data.ft_histogram",
    "your_data.corpus_chart",
)
OPEN_SECTIONS += tuple(f"{key}.data" for key in CHART_KEYS)

Path = tuple[str, ...]


def scenario() -> core.Scenario:
    """The session's scenario; on a session's first run it is read from the URL, with notes on what was dropped."""
    if _SCENARIO not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        views = {key: params.pop(key) for key in list(params) if key in VIEWS}
        loaded, notes = core.from_query_params(params)
        st.session_state[_SCENARIO] = loaded
        st.session_state[_NOTES] = notes + _open_views(views)
    current: core.Scenario = st.session_state[_SCENARIO]
    return current


def _open_views(views: dict[str, list[str]]) -> list[str]:
    """Open the tabs a link names (before they are drawn); a note for each value that names no tab."""
    notes = []
    for key, values in views.items():
        labels = VIEWS[key]
        value = values[-1] if values else ""
        if len(values) > 1:  # worded as core words it for the scenario's own keys
            notes.append(f"'{core.safe_text(key)}' appears {len(values)} times in the link; the last one was used.")
        if value in labels:
            st.session_state[key] = value
        else:
            notes.append(
                f"Ignored '{core.safe_text(key)}={core.safe_text(value)}' from the link: it names no tab there "
                f"({', '.join(labels)}); the first one is open."
            )
    return notes


def on_page(url_path: str) -> None:
    """Remember which page is shown, so the link carries only that page's open tabs."""
    st.session_state[_PAGE] = url_path


def link_params(page_path: str | None = None) -> dict[str, str]:
    """The link's query: the scenario's non-default values, then the open tab of each tab strip on the page
    (`page_path`, else the page shown) when it is not the first one."""
    params = core.to_query_params(scenario())
    page = st.session_state.get(_PAGE, "") if page_path is None else page_path.strip("/")
    for key, labels in VIEWS.items():
        value = st.session_state.get(key)
        if key.split(".")[0] == page and value in labels and value != labels[0]:
            params[key] = value
    return params


def set_pages(entries: Sequence[PageEntry]) -> None:
    """Keep the router's page list where the pages can read it (`pages()`, `this_page()`, links)."""
    st.session_state[_PAGES] = tuple(entries)


def pages() -> tuple[PageEntry, ...]:
    """The app's pages, as the router (app.py) lists them; the start page first."""
    entries: tuple[PageEntry, ...] = st.session_state[_PAGES]
    return entries


def page(url_path: str) -> PageEntry:
    """The page that lives at `url_path` ('' for the start page)."""
    return next(entry for entry in pages() if entry.url_path == url_path.strip("/"))


def this_page() -> PageEntry:
    """The page being drawn."""
    return page(st.session_state.get(_PAGE, ""))


def go(url_path: str) -> NoReturn:
    """Switch to another page, its address carrying the scenario (a session new to the server rebuilds it)."""
    st.switch_page(page(url_path).script, query_params=link_params(url_path))


def page_link(url_path: str, label: str | None = None, icon: str | None = None) -> None:
    """A link to another page that carries the scenario, as the sidebar's do."""
    entry = page(url_path)
    st.page_link(entry.script, label=label or entry.title, icon=icon or entry.icon, query_params=link_params(url_path))


def sync_url() -> None:
    """Write the link's query (`link_params`) into the address bar, only when it differs."""
    params = link_params()
    if {key: st.query_params.get_all(key) for key in st.query_params} != {k: [v] for k, v in params.items()}:
        st.query_params.from_dict(params)


def commit(new: core.Scenario) -> None:
    """Make `new` the session's scenario and mirror it in the URL."""
    st.session_state[_SCENARIO] = new
    sync_url()


def replace(new: core.Scenario) -> None:
    """Swap in a whole new scenario (a preset, a file): widgets re-read their values from it."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del st.session_state[key]
    st.session_state[_ERRORS] = {}
    commit(new)


def get_path(model: Any, path: Path) -> Any:
    """Read a nested value: attributes of models, keys of dicts; None when a dict key is absent."""
    value = model
    for part in path:
        value = value.get(part) if isinstance(value, dict) else getattr(value, part)
        if value is None:
            return None
    return value


def _set_in(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    if value is None:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value


def update(changes: dict[Path, Any]) -> list[str]:
    """Apply field changes to the scenario; a change that fails validation is refused with a plain message."""
    data = scenario().model_dump()
    for path, value in changes.items():
        _set_in(data, path, value)
    try:
        new = core.Scenario.model_validate(data)
    except ValidationError as exc:
        messages = core.friendly_errors(exc)
        st.session_state.setdefault(_ERRORS, {}).update({path: messages for path in changes})
        return messages
    errors = st.session_state.setdefault(_ERRORS, {})
    for path in changes:
        errors.pop(path, None)
    commit(new)
    return []


def key_for(path: Path) -> str:
    """The widget key bound to a scenario field."""
    return WIDGET_PREFIX + ".".join(path)


def _on_change(path: Path) -> None:
    update({path: st.session_state[key_for(path)]})


def bind(path: Path, default: Any = None) -> dict[str, Any]:
    """Keyword arguments that bind a widget to a scenario field: seed its value once, write back on change."""
    key = key_for(path)
    if key not in st.session_state:
        value = get_path(scenario(), path)
        st.session_state[key] = default if value is None else value
    return {"key": key, "on_change": _on_change, "args": (path,)}


def input_errors() -> list[str]:
    """Messages for values the user typed that were refused (the previous value was kept)."""
    errors: dict[Path, list[str]] = st.session_state.get(_ERRORS, {})
    return [message for messages in errors.values() for message in messages]


def show_notes() -> None:
    """Tell the user, in plain words, what was ignored from the link they opened, and what was refused."""
    notes: list[str] = st.session_state.get(_NOTES, [])
    if notes:
        with st.container(border=True):
            st.warning(
                "Some values in this link could not be used and were left at their defaults:\n\n"
                + "\n".join(f"- {note}" for note in notes),
                icon=":material/link_off:",
            )
            if st.button("Dismiss", key="app.dismiss_link_notes"):
                st.session_state[_NOTES] = []
                st.rerun()
    for message in input_errors():
        st.error(message, icon=":material/error:")


def set_fields(changes: dict[Path, Any]) -> list[str]:
    """Like `update`, then let the widgets bound to those fields (or to fields below them) re-read their value.

    Use it from a callback when a value changes somewhere other than its own widget (measured token counts,
    "reset to catalogue"), so the widget does not keep showing the old number.
    """
    messages = update(changes)
    if not messages:
        forget_widgets(list(changes))
    return messages


def forget_widgets(paths: Sequence[Path]) -> None:
    """Drop the widget values bound to these fields (and fields below them) so they re-seed from the scenario."""
    keys = tuple(key_for(path) for path in paths)
    below = tuple(key + "." for key in keys)
    for key in [k for k in st.session_state if isinstance(k, str) and (k in keys or k.startswith(below))]:
        del st.session_state[key]


def share_link(page_path: str | None = None) -> str:
    """The full address that reopens the session's scenario, on `page_path` (e.g. "estimate") or this page.

    Built from the browser's address (st.context.url) when Streamlit knows it, else from the Host header.
    """
    url = getattr(st.context, "url", None) or ""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        scheme, host, path = parts.scheme, parts.netloc, parts.path or "/"
    else:
        scheme, host, path = "http", st.context.headers.get("Host") or "localhost:8501", "/"
    if page_path is not None:
        base = str(st.get_option("server.baseUrlPath") or "").strip("/")
        path = "/" + "/".join(part for part in (base, page_path.strip("/")) if part)
    return urlunsplit((scheme, host, path, urlencode(link_params(page_path)), ""))


def section(label: str, key: str, **kwargs: Any) -> Any:
    """An expander whose content the page draws only while it is open (`.open`); `key` is one of OPEN_SECTIONS."""
    if key not in OPEN_SECTIONS:
        raise ValueError(f"{key!r} is not listed in OPEN_SECTIONS, so tests would never open it")
    return st.expander(label, key=key, on_change="rerun", **kwargs)


def show_share_link(page_path: str | None = None) -> str:
    """A "Share this scenario" button opening the link in a code box (its copy button copies it); return the link.

    Behind a button, because a code box loads the browser's syntax highlighter (~0.5 s of CPU on a page's first
    visit); the popover draws it only when someone opens it. The address bar holds the same link at all times.
    """
    link = share_link(page_path)
    with st.popover("Share this scenario", icon=":material/link:"):
        st.caption("Anyone who opens this link sees the same inputs and numbers:")
        st.code(link, language=None, wrap_lines=True)
    return link


def number(label: str, path: Path, *, where: Any = None, default: Any = None, **kwargs: Any) -> Any:
    """A number box bound to a scenario field, its bounds taken from the field's own (core.field_range), so a
    box never offers a value the scenario would refuse. `where` is a column or container (default: the page)."""
    bounds = core.field_range(path)
    cast = int if bounds.whole else float
    low = bounds.minimum
    if low is None and bounds.above is not None:
        low = bounds.above + (1 if bounds.whole else 0.001)
    limits = {
        "min_value": None if low is None else cast(low),
        "max_value": None if bounds.maximum is None else cast(bounds.maximum),
    }
    if default is not None and get_path(scenario(), path) is None:
        default = cast(default)
    return (where or st).number_input(label, **limits, **{**bind(path, default), **kwargs})


def slider(label: str, path: Path, *, where: Any = None, default: Any = None, **kwargs: Any) -> Any:
    """A slider bound to a scenario field, its ends taken from the field's own bounds (core.field_range)."""
    bounds = core.field_range(path)
    cast = int if bounds.whole else float
    ends = {"min_value": cast(bounds.minimum or 0), "max_value": cast(bounds.maximum or 0)}
    return (where or st).slider(label, **ends, **{**bind(path, default), **kwargs})
