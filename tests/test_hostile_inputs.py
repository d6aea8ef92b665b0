"""Hostile files and text: every upload box and every text box of every registered page, fed what people really do.

Each case opens the page fresh from a link that already holds some of the user's own values, does one hostile
thing, and checks: no exception, a plain message where the input cannot be used, the user's other inputs intact
(the scenario and every bound widget), and the page still answering (a second run, and a number still editable).
A static part checks the rules that keep markup as text and memory bounded: no `unsafe_allow_html`/`st.html`,
every `st.cache_data` with `max_entries`, and an upload limit the analyzers can serve.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import core
from app import PAGES
from harness.apptest import open_page, open_sections
from present.pages import PageEntry
from tests.hostile import (
    BAD_FILES,
    FIVE_MB_TEXT,
    MARKUP,
    ROOT,
    UNREADABLE_FILES,
)
from ui import state

PAGE_IDS = [p.id for p in PAGES]
# The user's own values, already in place before the hostile input arrives; they must survive it.
OWN_VALUES = {"w.requests_per_month": "123456", "a.needs_citations": "1", "horizon_months": "18", "name": "Keep me"}
TIMEOUT = 90


def _open(page: PageEntry) -> AppTest:
    return open_sections(open_page(None if page.url_path == "" else page.file, OWN_VALUES, timeout=TIMEOUT))


def _bound_values(at: AppTest) -> dict[str, Any]:
    """Every widget bound to the scenario (keys 'w:...') and its value."""
    return {k: v for k, v in at.session_state.to_dict().items() if isinstance(k, str) and k.startswith("field.")}


def _messages(at: AppTest) -> list[str]:
    return [e.value for e in [*at.error, *at.warning]]


def _still_responsive(at: AppTest, page: PageEntry) -> None:
    """Another run draws the page again, and a bound number (if the page has one) still takes a new value."""
    at.run(timeout=TIMEOUT)
    assert not at.exception, f"{page.title}: {[e.value for e in at.exception]}"
    numbers = [n for n in at.number_input if n.key == "field.workload.requests_per_month"]
    if numbers:
        numbers[0].set_value(654_321).run(timeout=TIMEOUT)
        assert not at.exception, f"{page.title}: {[e.value for e in at.exception]}"
        assert at.session_state["app.scenario"].workload.requests_per_month == 654_321


def _text_boxes(at: AppTest) -> list[tuple[str, str]]:
    return [("text_input", w.key) for w in at.text_input if w.key] + [
        ("text_area", w.key) for w in at.text_area if w.key
    ]


# ---------------------------------------------------------------------------------------------------------
# 5 MB of text into every text box
# ---------------------------------------------------------------------------------------------------------


# Pages whose text boxes sit in a tab that is drawn only when open: (session-state key, tab to open).
TEXT_TABS = {"estimate": ("estimate.tab", "Paste text")}


def _open_with_text_boxes(page: PageEntry) -> AppTest:
    at = _open(page)
    if page.url_path in TEXT_TABS:
        key, tab = TEXT_TABS[page.url_path]
        at.session_state[key] = tab
        at.run(timeout=TIMEOUT)
    return at


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_text_box_survives_five_megabytes(page: PageEntry) -> None:
    first = _open_with_text_boxes(page)
    boxes = _text_boxes(first)
    if not boxes:
        pytest.skip(f"{page.title} has no text box")
    for kind, key in boxes:
        at = _open_with_text_boxes(page)
        before_scenario = at.session_state["app.scenario"]
        before_bound = _bound_values(at)
        getattr(at, kind)(key=key).input(FIVE_MB_TEXT).run(timeout=TIMEOUT)
        assert not at.exception, f"{page.title} {key}: {[e.value for e in at.exception]}"
        after = at.session_state["app.scenario"]
        if key.startswith("field."):
            path = tuple(key.removeprefix("field.").split("."))
            # No scenario text field holds 5 MB: the value is refused, the old one kept, and the user told.
            assert _get(after, path) == _get(before_scenario, path), f"{page.title} {key}: 5 MB accepted"
            # A box with max_chars refuses it itself (a browser cuts a paste there); otherwise a message is due.
            widget_kept_it = getattr(at, kind)(key=key).value == FIVE_MB_TEXT
            assert _messages(at) or not widget_kept_it, f"{page.title} {key}: 5 MB refused without a message"
        others = {k: v for k, v in _bound_values(at).items() if k != key}
        assert others == {k: v for k, v in before_bound.items() if k != key}, f"{page.title} {key}: inputs lost"
        assert _without(after, key) == _without(before_scenario, key), f"{page.title} {key}: scenario changed"
        _still_responsive(at, page)


def _get(model: Any, path: tuple[str, ...]) -> Any:
    value = model
    for part in path:
        value = value.get(part) if isinstance(value, dict) else getattr(value, part)
    return value


def _without(scenario: core.Scenario, key: str) -> dict[str, Any]:
    """The scenario as a dict, minus the field the widget `key` is bound to (if any)."""
    data = scenario.model_dump()
    if key.startswith("field."):
        *parents, last = key.removeprefix("field.").split(".")
        node = data
        for part in parents:
            node = node.get(part, {})
        node.pop(last, None)
    return data


# ---------------------------------------------------------------------------------------------------------
# Bad files into every upload box
# ---------------------------------------------------------------------------------------------------------


def _reads_json(uploader: Any) -> bool:
    """A box only for JSON (a training file, a scenario file) must refuse every file in the corpus with a message;
    a box for documents of several kinds may read some of them as plain text."""
    allowed = {t.lower().lstrip(".") for t in uploader.allowed_type}
    if allowed:
        return allowed <= {"json", "jsonl"}
    label = uploader.label.lower()
    return "json" in label and not any(kind in label for kind in (".txt", ".md", ".pdf", ".csv"))


def _file_name(uploader: Any, bad: str) -> str:
    """Name the file as a user of this box would: its own extension, or .pdf for the fake PDF."""
    allowed = [t.lower().lstrip(".") for t in uploader.allowed_type]
    if bad == "fake_pdf" and (not allowed or "pdf" in allowed):
        return "report.pdf"
    if allowed:
        return f"{bad}.{allowed[0]}"
    return f"{bad}.jsonl" if _reads_json(uploader) else f"{bad}.txt"


def _uploaders(page: PageEntry) -> list[int]:
    return list(range(len(_open(page).file_uploader)))


UPLOAD_CASES = [
    (page, bad)
    for page in PAGES
    if (ROOT / "app_pages" / page.file).read_text(encoding="utf-8").count("file_uploader")
    for bad in BAD_FILES
]


@pytest.mark.parametrize(("page", "bad"), UPLOAD_CASES, ids=[f"{p.id}-{b}" for p, b in UPLOAD_CASES])
def test_every_upload_box_handles_bad_files(page: PageEntry, bad: str) -> None:
    content = BAD_FILES[bad]()
    for index in _uploaders(page):
        at = _open(page)
        uploader = at.file_uploader[index]
        name = _file_name(uploader, bad)
        before_scenario = at.session_state["app.scenario"]
        before_bound = _bound_values(at)
        uploader.set_value((name, content, "application/octet-stream")).run(timeout=TIMEOUT)
        where = f"{page.title}, box '{uploader.label}', file {name}"
        assert not at.exception, f"{where}: {[e.value for e in at.exception]}"
        if bad in UNREADABLE_FILES or _reads_json(uploader):
            assert _messages(at), f"{where}: no message says the file cannot be used"
        # Uploading alone never changes what the user entered (carrying numbers over takes a button press).
        assert at.session_state["app.scenario"] == before_scenario, f"{where}: the scenario changed"
        assert _bound_values(at) == before_bound, f"{where}: an input lost its value"
        _still_responsive(at, page)


# ---------------------------------------------------------------------------------------------------------
# Markup stays text (the browser test checks the rendered page; this checks what each element is asked to render)
# ---------------------------------------------------------------------------------------------------------

# Elements whose text Streamlit renders as Markdown: user text must never reach them raw.
MARKDOWN_KINDS = ("markdown", "caption", "title", "header", "subheader", "warning", "error", "info", "success")


def _markdown_texts(at: AppTest) -> list[str]:
    texts = [str(getattr(e, "value", "")) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    labelled = [*at.metric, *at.expander, *at.tabs, *at.button, *at.checkbox, *at.selectbox, *at.text_input]
    texts += [str(getattr(e, "label", "")) for e in labelled]
    texts += [str(getattr(e, "help", "") or "") for e in labelled]
    return texts


def _raw_markup(at: AppTest) -> list[str]:
    return [f"{m!r} in {text[:120]!r}" for text in _markdown_texts(at) for m in MARKUP if m in text]


ALL_MARKUP = " ".join(MARKUP)  # every payload at once, still a valid name (under 200 characters)


# Fixed defect: a second file put in "Open a scenario file" reached the Scenarios page as Streamlit's DeletedFile,
# and `.getvalue()` raised; this test found it.
MARKUP_PAGES = PAGES


@pytest.mark.parametrize("page", MARKUP_PAGES, ids=PAGE_IDS)
def test_markup_in_names_boxes_and_file_names_is_never_rendered(page: PageEntry) -> None:
    link = {"name": ALL_MARKUP, MARKUP[1]: MARKUP[2]}
    at = open_sections(open_page(None if page.url_path == "" else page.file, link, timeout=TIMEOUT))
    assert not at.exception
    assert at.session_state["app.scenario"].name == ALL_MARKUP  # a valid name: kept as typed
    assert not _raw_markup(at), f"{page.title}: markup from the link reached Markdown"
    for kind, key in _text_boxes(at):
        getattr(at, kind)(key=key).input(ALL_MARKUP).run(timeout=TIMEOUT)
        assert not at.exception, f"{page.title} {key}: {[e.value for e in at.exception]}"
        assert not _raw_markup(at), f"{page.title}: markup typed into {key} reached Markdown"
    for index in range(len(at.file_uploader)):
        uploader = at.file_uploader[index]
        extension = uploader.allowed_type[0].lstrip(".") if uploader.allowed_type else "txt"
        for markup in MARKUP:
            uploader.set_value((f"{markup}.{extension}", b"x", "text/plain")).run(timeout=TIMEOUT)
            assert not at.exception, f"{page.title} upload: {[e.value for e in at.exception]}"
            assert not _raw_markup(at), f"{page.title}: an uploaded file's name reached Markdown"


# ---------------------------------------------------------------------------------------------------------
# Static guards: HTML switches, bounded caches, upload limit
# ---------------------------------------------------------------------------------------------------------

UI_SOURCES = sorted([ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("charts/*.py")])


def _code(path: Path) -> str:
    """Source without comments and docstring-only lines, so a comment that names a rule does not trip it."""
    lines = [re.sub(r"#.*$", "", line) for line in path.read_text(encoding="utf-8").splitlines()]
    return "\n".join(lines)


@pytest.mark.parametrize("path", UI_SOURCES, ids=[str(p.relative_to(ROOT)) for p in UI_SOURCES])
def test_no_html_rendering_switch_in_ui_code(path: Path) -> None:
    code = _code(path)
    assert "unsafe_allow_html" not in code
    assert not re.search(r"\bst\.html\s*\(", code)
    assert "components.html" not in code and "components.v1" not in code


@pytest.mark.parametrize("path", UI_SOURCES, ids=[str(p.relative_to(ROOT)) for p in UI_SOURCES])
def test_every_data_cache_is_bounded(path: Path) -> None:
    code = _code(path)
    for match in re.finditer(r"cache_data\b(\s*\(([^()]|\([^()]*\))*\))?", code):
        assert "max_entries" in match.group(0), f"{path.name}: unbounded {match.group(0)!r}"


SECTION_CALL = r'state\.section\(\s*"[^"]*",\s*"([^"]+)"'
# A chart drawn by ui.figures.show has its data table in a section keyed "<chart key>.data".
CHART_CALL = r'figures\.show\((?:.|\n)*?key="([^"]+)"'


def test_every_on_demand_section_is_opened_by_the_tests() -> None:
    # A section draws nothing until opened; the safety tests open exactly the keys in OPEN_SECTIONS, so a section
    # missing from that list would hide its content from every check above.
    used = [key for path in UI_SOURCES for key in re.findall(SECTION_CALL, _code(path))]
    used += [f"{key}.data" for path in UI_SOURCES for key in re.findall(CHART_CALL, _code(path))]
    assert sorted(used) == sorted(state.OPEN_SECTIONS)
    assert re.findall(CHART_CALL, 'figures.show(\n    chart(a, b), key="diagnose.matrix_chart"\n)') == [
        "diagnose.matrix_chart"
    ]
    assert re.findall(SECTION_CALL, 'how = state.section(\n    "How", "estimate.how", icon="x")') == ["estimate.how"]
    with pytest.raises(ValueError, match="OPEN_SECTIONS"):
        state.section("Somewhere", "not.listed")


def test_the_static_checks_can_fail() -> None:
    # The patterns above must catch the forms they guard against.
    assert re.search(r"\bst\.html\s*\(", "st.html (x)")
    unbounded = "@st.cache_data(show_spinner=False)\ndef f(): ..."
    match = re.search(r"cache_data\b(\s*\(([^()]|\([^()]*\))*\))?", unbounded)
    assert match and "max_entries" not in match.group(0)


# Measured on this 2-core machine (README, "Safety and load"): a 48 MB training file is checked in 8.5 s and
# raises the server from 173 to 376 MB; the corpus sizer reads ~3 MB/s of prose. Streamlit keeps uploads in
# memory, so 50 MB is what a container under 1 GB can serve to a meeting; 200 MB would take ~800 MB alone.
MAX_UPLOAD_MB = 50


def test_upload_limit_is_what_the_analyzers_can_serve() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = config["server"]["maxUploadSize"]
    assert 1 <= limit <= MAX_UPLOAD_MB
    # A scenario file is far smaller than the limit, so its own 1 MB cap is what refuses a big one.
    from core._file import MAX_SCENARIO_FILE_BYTES

    assert limit * 1_000_000 > MAX_SCENARIO_FILE_BYTES
    big = b'{"schema_version": 1, "name": "' + b"x" * MAX_SCENARIO_FILE_BYTES + b'"}'
    with pytest.raises(ValueError, match="too large"):
        core.scenario_from_json(big)


def test_no_forced_collection_after_every_run() -> None:
    # Streamlit's forced full collection after each run walks every session's objects: at 75 people it made the
    # server's p95 0.86 s instead of 0.07 s (README, "How many people one server holds"). Python's own collector
    # still runs (and ui/warm.py keeps the imported modules out of its walks).
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


def test_pandas_is_fully_imported_before_any_page_draws() -> None:
    # Plotly finds pandas through sys.modules without importing it; two sessions starting together on a cold
    # server once met a half-imported pandas. app.py imports ui.state before any page runs, so it must load pandas.
    import subprocess
    import sys

    code = "import sys, ui.state; print('pandas' in sys.modules and hasattr(sys.modules['pandas'], 'Series'))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "True", done.stderr[-2000:]
