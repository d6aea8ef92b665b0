"""The start page in AppTest: it renders, links every page, and keeps a shared link's values."""

from __future__ import annotations

from tests.apptest import open_page


def test_start_page_links_every_page() -> None:
    at = open_page()
    assert not at.exception
    links = {element.proto.page for element in at.main.get("page_link")}
    assert links == {"diagnose", "estimate", "scenarios", "your_data"}


def test_start_page_keeps_a_shared_link_and_notes_what_it_dropped() -> None:
    at = open_page(query={"w.requests_per_month": "250000", "w.output_tokens": "NaN"})
    assert not at.exception
    assert at.session_state["app.scenario"].workload.requests_per_month == 250_000
    assert at.query_params["w.requests_per_month"] == "250000"
    assert "w.output_tokens" not in at.query_params
    assert any("output" in w.value for w in at.warning)
