"""The decision-people inputs and the record/slides buttons on Diagnose, Estimate and Scenarios, in AppTest."""

from __future__ import annotations

import pytest

import core
from harness.apptest import open_page, texts
from ui import record as record_ui

PAGES = {"diagnose.py": "diagnose", "estimate.py": "estimate", "scenarios.py": "scenarios"}
MAKERS = "field.decision.makers"


def _buttons(at) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {b.proto.label: b.proto.id for b in at.get("download_button")}


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_offers_the_people_and_both_downloads(page: str) -> None:
    at = open_page(page)
    assert not at.exception
    labels = _buttons(at)
    assert "Download the decision record (Markdown)" in labels
    assert "Download the slides (PowerPoint)" in labels
    assert at.selectbox(key="field.decision.status").options == list(core.DECISION_STATUSES)
    for role in record_ui.ROLES:
        assert at.text_input(key=f"field.decision.{role}").value == ""


def test_names_typed_are_kept_in_the_scenario_and_the_link() -> None:
    at = open_page("scenarios.py")
    at.text_input(key=MAKERS).input("Ana Ruiz,  Platform team ,").run()
    at.selectbox(key="field.decision.status").set_value("accepted").run()
    assert not at.exception
    people = at.session_state["app.scenario"].decision
    assert people.makers == ["Ana Ruiz", "Platform team"] and people.status == "accepted"
    assert at.query_params["decision.makers"] == '["Ana Ruiz","Platform team"]'
    assert at.query_params["decision.status"] == "accepted"


def test_a_link_with_people_fills_the_inputs() -> None:
    scenario = core.Scenario(decision=core.DecisionPeople(consulted=["Legal", "Security"], status="rejected"))
    at = open_page("diagnose.py", core.to_query_params(scenario))
    assert at.text_input(key="field.decision.consulted").value == "Legal, Security"
    assert at.selectbox(key="field.decision.status").value == "rejected"


def test_a_huge_name_is_refused_with_a_message_and_the_old_names_kept() -> None:
    at = open_page("estimate.py")
    at.text_input(key=MAKERS).input("Ana").run()
    at.text_input(key=MAKERS).input("x" * 500).run()  # the box itself takes at most record_ui.MAX_TYPED
    assert not at.exception
    assert at.session_state["app.scenario"].decision.makers == ["Ana"]
    errors = [e.value for e in at.error]
    assert any(f"at most {core.MAX_NAME_CHARS} characters" in e and "has 500" in e for e in errors)
    # The callback's own check, for a value sent past the box's limit: short and plain, never the name itself.
    huge = record_ui.refusal("makers", ["x" * 5_000_000])
    assert huge is not None and "has 5,000,000" in huge and len(huge) < 300
    at.text_input(key=MAKERS).input(", ".join(f"n{i}" for i in range(core.MAX_NAMES + 1))).run()
    assert any(f"at most {core.MAX_NAMES} names" in e.value for e in at.error)
    at.text_input(key=MAKERS).input("Bo").run()
    assert at.session_state["app.scenario"].decision.makers == ["Bo"] and not at.error


def test_a_hostile_name_is_echoed_as_text() -> None:
    at = open_page("scenarios.py")
    at.text_input(key=MAKERS).input("<img src=x onerror=alert(1)>" + "y" * 100).run()
    assert not at.exception
    shown = texts(at)
    assert "<img" not in shown
