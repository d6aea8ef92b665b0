"""Hostile links: every page the router registers, opened with generated and hand-picked query strings.

A link is built from a random *valid* scenario (encoded with `core.to_query_params`) plus hostile parts: unknown
keys, wrong types, NaN/inf, negative and enormous numbers, 10 kB values, repeated keys and odd unicode. Whatever
the link holds, the page must draw without an exception, say in a visible note that something was ignored, and
keep exactly the valid values (a dropped value leaves its setting at the default). The address bar must then
hold only what was kept, so a re-shared link carries no garbage.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core
from app import PAGES
from harness.apptest import open_page, open_sections
from present.pages import PageEntry
from tests.hostile import MARKUP
from ui.estimate_panels import CHART_KEY, CHART_TABS

LINK_NOTE = "could not be used"

# Values no number field accepts: NaN and infinities, negatives, too many digits, 10 kB, digits from other
# scripts (Python's int() would take '٣'), thousands separators, truncations and hex.
BAD_NUMBERS = (
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "-1",
    "-0.5",
    "1e400",
    "1" + "0" * 40,
    "9" * 10_000,
    "0x1F",
    "1_000",
    "1,000",
    "٣",
    "½",
    "1e",
    "0.",
    "--1",
    "",
    "\u202e12",
    "12\x00",
)


def _path(*parts: str) -> tuple[str, ...]:
    return parts


# Keys a hostile link may corrupt, the scenario field each one sets, and values that must be refused for it.
CORRUPTIBLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "w.requests_per_month": (_path("workload", "requests_per_month"), (*BAD_NUMBERS, "10000000001", "2.5")),
    "w.output_tokens": (_path("workload", "output_tokens"), (*BAD_NUMBERS, "2000001")),
    "w.cache_hit_rate": (_path("workload", "cache_hit_rate"), (*BAD_NUMBERS, "1.5", "1.0000001")),
    "horizon_months": (
        _path(
            "horizon_months",
        ),
        (*BAD_NUMBERS, "0", "121"),
    ),
    "rag.top_k": (_path("rag", "top_k"), (*BAD_NUMBERS, "1001")),
    "a.needs_citations": (_path("answers", "needs_citations"), ("2", "yes", "NaN", "", "-1", "tru", "1" * 10_000)),
    "a.labeled_examples": (_path("answers", "labeled_examples"), (*BAD_NUMBERS, "100000001")),
    "ft.epochs": (_path("fine_tuning", "epochs"), (*BAD_NUMBERS, "0", "51", "AUTO", "auto " * 3)),
    "name": (
        _path(
            "name",
        ),
        ("x" * 201, "y" * 10_000, "<script>alert(1)</script>" * 9),
    ),
    "model": (
        _path(
            "model",
        ),
        ("", "m" * 201, "m" * 10_000),
    ),
    "price.input.gpt-4o-mini": (_path("prices", "gpt-4o-mini", "input"), (*[b for b in BAD_NUMBERS if b], "100001")),
    "priority.cost": (_path("priorities", "cost"), (*BAD_NUMBERS, "4", "1.5")),
}
KNOWN_PREFIXES = ("a.", "w.", "rag.", "ft.", "price.", "latency.", "accuracy.", "priority.")
KNOWN_KEYS = {"v", "name", "model", "horizon_months"}

# Odd unicode: right-to-left override, zero-width joiner, combining marks, emoji, NUL, CJK; no lone surrogates,
# which a browser can never send (it turns them into U+FFFD before the request leaves).
odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\u202e\u200d\u0301\x00🦄中&=#%+?;"),
    min_size=1,
    max_size=40,
)
unknown_keys = odd_text.filter(lambda key: key not in KNOWN_KEYS and not key.startswith(KNOWN_PREFIXES))
unknown_values = st.one_of(odd_text, st.sampled_from(BAD_NUMBERS), st.just("z" * 10_240))


@st.composite
def valid_scenarios(draw: st.DrawFn) -> core.Scenario:
    """A scenario with a few non-default values, including the largest values the model allows."""
    data: dict[str, Any] = {
        "workload": {
            "requests_per_month": draw(st.sampled_from([0, 1, 250_000]) | st.integers(0, 10_000_000_000)),
            "output_tokens": draw(st.integers(0, 2_000_000)),
            "cache_hit_rate": draw(st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0, 1)),
        },
        "horizon_months": draw(st.integers(1, 120)),
        "rag": {"top_k": draw(st.integers(0, 1000))},
        "answers": {
            "needs_citations": draw(st.booleans()),
            "labeled_examples": draw(st.integers(0, 100_000_000)),
        },
        "fine_tuning": {"epochs": draw(st.sampled_from(["auto", 1, 50]) | st.integers(1, 50))},
        "name": draw(st.sampled_from(["Support bot", "", *MARKUP]) | st.text(max_size=200)),
        "model": draw(st.sampled_from(["gpt-4o-mini", "gpt-4.1", "no-such-model", "a" * 200])),
        "priorities": draw(st.sampled_from([{}, {"cost": 3}, {"cost": 0, "latency": 2}])),
    }
    if draw(st.booleans()):
        data["prices"] = {"gpt-4o-mini": {"input": draw(st.floats(0, 100_000)), "output": 0.6}}
    return core.Scenario.model_validate(data)


@st.composite
def hostile_links(draw: st.DrawFn) -> tuple[dict[str, str | list[str]], core.Scenario, bool]:
    """A link, the scenario the page must end up with, and whether a note must be shown."""
    base = draw(valid_scenarios())
    params: dict[str, str | list[str]] = dict(core.to_query_params(base))
    expected = base.model_dump()
    hostile = False
    for key in draw(st.lists(st.sampled_from(sorted(CORRUPTIBLE)), max_size=4, unique=True)):
        path, bad_values = CORRUPTIBLE[key]
        bad = draw(st.sampled_from(bad_values))
        shape = draw(st.sampled_from(["single", "bad_last", "good_last"]))
        hostile = True
        if shape == "good_last" and key in params:
            # A repeated key whose last value is valid: the valid one is used, and the repeat is noted.
            good = params[key]
            assert isinstance(good, str)
            params[key] = [bad, good]
            continue
        params[key] = [str(params.get(key, "1")), bad] if shape == "bad_last" else bad
        _reset(expected, path)
    for key in draw(st.lists(unknown_keys, max_size=3, unique=True)):
        params[key] = draw(unknown_values | st.lists(unknown_values, min_size=2, max_size=3))
        hostile = True
    if draw(st.booleans()):
        params["v"] = draw(st.sampled_from(["3", "abc", "0", "-1", "1.5", "9" * 40]))
        hostile = True
    return params, core.Scenario.model_validate(expected), hostile


def _reset(data: dict[str, Any], path: tuple[str, ...]) -> None:
    """Put a field back to its default in a model_dump; a dict entry (price, priority) has none, so it goes."""
    node = data
    for part in path[:-1]:
        if part not in node:
            return  # the entry was never set, so nothing to drop
        node = node[part]
    if path[0] in ("prices", "priorities"):
        # A price entry keeps its other fields (the generated ones always set output); a priority goes.
        if path[0] == "prices":
            node[path[-1]] = None
        else:
            node.pop(path[-1], None)
        return
    default: Any = core.Scenario().model_dump()
    for part in path:
        default = default[part]
    node[path[-1]] = default


def _check(page: PageEntry, params: dict[str, Any], expected: core.Scenario, note_expected: bool) -> None:
    at = open_page(None if page.url_path == "" else page.file, params)
    assert not at.exception, f"{page.title}: {[e.value for e in at.exception]}"
    notes = [w.value for w in at.warning if LINK_NOTE in w.value]
    if note_expected:
        assert notes, f"{page.title}: no note says what was ignored from {params!r:.300}"
    else:
        assert not notes, f"{page.title}: a clean link produced a note: {notes}"
    assert at.session_state["app.scenario"] == expected
    # The address bar now holds only what was kept, in the canonical form.
    assert at.query_params == core.to_query_params(expected)
    # Sections drawn only while open meet the link's values too.
    assert not open_sections(at).exception, f"{page.title}, sections open: {[e.value for e in at.exception]}"
    if page.url_path == "estimate":
        # Only the open chart tab is computed, so each one meets the link's values on its own.
        for chart in CHART_TABS:
            at.session_state[CHART_KEY] = chart
            at.run()
            assert not at.exception, f"{page.title}, chart tab {chart!r}: {[e.value for e in at.exception]}"


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(link=hostile_links())
def test_generated_hostile_links_never_break_a_page(
    page: PageEntry, link: tuple[dict[str, Any], core.Scenario, bool]
) -> None:
    params, expected, note_expected = link
    _check(page, params, expected, note_expected)


def _fixed_cases() -> list[tuple[str, dict[str, Any], dict[str, Any], bool]]:
    """(id, link, the fields the page must end up with, whether a note is due): what a reviewer tries first."""
    return [
        ("nan_everywhere", {k: "NaN" for k in CORRUPTIBLE if k not in ("name", "model")}, {}, True),
        ("inf_and_negative", {"w.requests_per_month": "inf", "horizon_months": "-5", "rag.top_k": "-1e9"}, {}, True),
        (
            "largest_valid_values",
            {
                "w.requests_per_month": "10000000000",
                "w.instruction_tokens": "2000000",
                "rag.corpus_tokens": "1000000000000",
                "horizon_months": "120",
                "price.output.gpt-4o-mini": "100000",
            },
            {
                "workload": {"requests_per_month": 10_000_000_000, "instruction_tokens": 2_000_000},
                "rag": {"corpus_tokens": 1_000_000_000_000},
                "horizon_months": 120,
                "prices": {"gpt-4o-mini": {"output": 100_000.0}},
            },
            False,
        ),
        ("ten_kb_values", {"name": "n" * 10_240, "zz": "z" * 10_240, "w.requests_per_month": "7" * 10_240}, {}, True),
        (
            "repeated_keys",
            {"w.requests_per_month": ["1", "2", "300000"], "horizon_months": ["24", "oops"]},
            {"workload": {"requests_per_month": 300_000}},
            True,
        ),
        (
            "markup_name_kept_as_text",
            {"name": MARKUP[0], "<img src=x onerror=alert(1)>": MARKUP[1], "a.failure_modes": "missing_facts,<b>"},
            {"name": MARKUP[0], "answers": {"failure_modes": ["missing_facts"]}},
            True,
        ),
        (
            "odd_unicode_keys",
            {"\u202eecived": "1", "🦄": "🦄", "\x00": "\x00", "w.requests_per_month": "１２"},
            {},
            True,
        ),
        (
            "future_version",
            {"v": "99", "w.requests_per_month": "5000"},
            {"workload": {"requests_per_month": 5000}},
            True,
        ),
        (
            "unknown_model_and_incomplete_latency",
            {"model": "no-such-model", "latency.ttft_ms.no-such-model": "100"},
            {"model": "no-such-model"},
            True,
        ),
        ("empty_values", {"name": "", "model": "", "w.batch": "", "ft.epochs": ""}, {"name": ""}, True),
        (
            "tabs_that_do_not_exist",
            {"estimate.chart": MARKUP[0], "estimate.tab": ["Prices", "n" * 10_240], "w.requests_per_month": "5000"},
            {"workload": {"requests_per_month": 5000}},
            True,
        ),
    ]


FIXED = _fixed_cases()


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
@pytest.mark.parametrize(("link", "kept", "note"), [c[1:] for c in FIXED], ids=[c[0] for c in FIXED])
def test_nasty_links_never_break_a_page(
    page: PageEntry, link: dict[str, Any], kept: dict[str, Any], note: bool
) -> None:
    _check(page, link, core.Scenario.model_validate(kept), note_expected=note)


def test_every_registered_page_is_covered() -> None:
    # The list comes from app.py itself; this guards the parser against silently finding nothing.
    assert len(PAGES) >= 5
    assert PAGES[0].url_path == ""
    assert {"diagnose", "estimate", "scenarios", "your_data"} <= {p.url_path for p in PAGES}
