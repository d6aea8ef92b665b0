"""The capacity bench's checks themselves: an answer that carries another person's numbers must be caught.

A `Person` compares what the server sent with its own scenario; these feed it hand-built runs (no server), so a
checker that could never fail would fail here.
"""

from __future__ import annotations

import sys

import pytest
from streamlit.proto.Element_pb2 import Element

import core
from tests.hostile import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import protocol


def metric(label: str, body: str) -> Element:
    element = Element()
    element.metric.label, element.metric.body = label, body
    return element


def markdown(body: str) -> Element:
    element = Element()
    element.markdown.body = body
    return element


def tab_with_address(query: str) -> protocol.Tab:
    tab = protocol.Tab("http://127.0.0.1:1")
    tab.query_string = query
    return tab


@pytest.fixture
def ann() -> protocol.Person:
    return protocol.people(2, 0, 0, 1, seed=1)[0]


@pytest.fixture
def bob() -> protocol.Person:
    return protocol.people(2, 0, 0, 1, seed=1)[1]


def own_address(person: protocol.Person) -> str:
    return f"v=1&name={person.name.replace(' ', '+')}&w.requests_per_month={person.current_requests}"


def test_own_estimate_figures_pass(ann: protocol.Person) -> None:
    figures = protocol.monthly_figures(ann.scenario(ann.requests))
    run = protocol.Run(0.1, [metric("Per month", f) for f in figures], [], [])
    ann.check(tab_with_address(own_address(ann)), run, "estimate", "estimate")
    assert ann.crosstalk == [] and ann.errors == []


def test_another_persons_figures_are_crosstalk(ann: protocol.Person, bob: protocol.Person) -> None:
    figures = protocol.monthly_figures(bob.scenario(bob.requests))
    assert figures != protocol.monthly_figures(ann.scenario(ann.requests))
    run = protocol.Run(0.1, [metric("Per month", f) for f in figures], [], [])
    ann.check(tab_with_address(own_address(ann)), run, "estimate", "estimate")
    assert len(ann.crosstalk) == 1 and "Estimate shows" in ann.crosstalk[0]


def test_an_address_bar_with_another_volume_is_crosstalk(ann: protocol.Person, bob: protocol.Person) -> None:
    run = protocol.Run(0.1, [], [], [])
    address = own_address(ann).replace(str(ann.current_requests), str(bob.current_requests))
    ann.check(tab_with_address(address), run, "", "start")
    assert len(ann.crosstalk) == 1 and "address bar" in ann.crosstalk[0]


def test_diagnose_must_recommend_for_the_persons_own_answers(ann: protocol.Person) -> None:
    ann.ticked = {protocol.TICKED_QUESTION: True}
    wanted = protocol.recommended_label(ann.ticked)
    right = protocol.Run(0.1, [markdown(f"## {wanted}")], [], [])
    ann.check(tab_with_address(own_address(ann)), right, "diagnose", "tick")
    assert ann.crosstalk == []
    other = next(label for label in core.STRATEGY_LABELS.values() if label != wanted)
    wrong = protocol.Run(0.1, [markdown(f"## {other}")], [], [])
    ann.check(tab_with_address(own_address(ann)), wrong, "diagnose", "tick")
    assert len(ann.crosstalk) == 1


def test_an_exception_on_the_page_is_an_error(ann: protocol.Person) -> None:
    run = protocol.Run(0.1, [], ["ValueError: boom"], [])
    ann.check(tab_with_address(own_address(ann)), run, "", "start")
    assert ann.errors == ["start: ValueError: boom"]


def test_each_person_has_distinct_numbers_and_files() -> None:
    crowd = protocol.people(50, 10, 20, 3, seed=7)
    assert len({p.requests for p in crowd}) == 50
    assert len({tuple(p.changed_requests) for p in crowd}) == 50
    assert len({p.training_file()[0] for p in crowd}) == 50
    assert all(0 <= p.arrive_s <= 20 for p in crowd)
