"""The start page in AppTest: it renders, links every page, and keeps a shared link's values."""

from __future__ import annotations

from harness.apptest import open_page


def test_start_page_links_every_page() -> None:
    at = open_page()
    assert not at.exception
    links = {element.proto.page for element in at.main.get("page_link")}
    assert links == {"diagnose", "evidence", "estimate", "scenarios", "your_data"}


def test_start_page_keeps_a_shared_link_and_notes_what_it_dropped() -> None:
    at = open_page(query={"w.requests_per_month": "250000", "w.output_tokens": "NaN"})
    assert not at.exception
    assert at.session_state["app.scenario"].workload.requests_per_month == 250_000
    assert at.query_params["w.requests_per_month"] == "250000"
    assert "w.output_tokens" not in at.query_params
    assert any("output" in w.value for w in at.warning)


def test_every_link_to_a_page_carries_the_scenario() -> None:
    # A session new to the server (another replica, a restart) rebuilds the scenario from the link it followed.
    at = open_page(query={"w.requests_per_month": "123456", "name": "Keep me"})
    links = at.get("page_link")  # the start page's cards and the sidebar
    assert len(links) == 5 + 6
    for link in links:
        assert "w.requests_per_month=123456" in link.proto.query_string, link.proto.label
        assert "name=Keep+me" in link.proto.query_string, link.proto.label
