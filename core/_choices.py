"""Which scenarios a person can compare or open: the current one, a preset, or a copy saved in the session.

A choice has a stable option id for a widget ("current", "preset:<key>", "saved:<name>") and a label; the page
keeps the saved copies, core says what each option is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from core._base import Frozen
from core._models import Scenario
from core._presets import PRESETS, preset_scenario

CURRENT = "current"
DEFAULT_COMPARED = ("current", "preset:support_bot", "preset:contract_extraction")


class ScenarioChoice(Frozen):
    """One scenario a person can pick."""

    kind: Literal["current", "preset", "saved"]
    key: str = ""  # the preset's key or the saved copy's name

    @property
    def option(self) -> str:
        """The id a widget stores for this choice."""
        return CURRENT if self.kind == "current" else f"{self.kind}:{self.key}"

    @property
    def label(self) -> str:
        """How the choice is named to people (the current one has a fixed label, so renaming it keeps it picked)."""
        if self.kind == "current":
            return "Your current scenario"
        if self.kind == "preset":
            return f"Preset: {PRESETS[self.key].title}"
        return f"Saved: {self.key}"

    @classmethod
    def parse(cls, option: str) -> ScenarioChoice:
        """The choice behind a widget's option id."""
        if option == CURRENT:
            return cls(kind="current")
        kind, _, key = option.partition(":")
        if kind not in ("preset", "saved"):
            raise ValueError(f"{option!r} is not a scenario choice")
        return cls(kind=kind, key=key)

    def scenario(self, current: Scenario, saved: Mapping[str, Mapping[str, object]]) -> Scenario:
        """The scenario this choice stands for: the current one, a private copy of a preset, or a saved copy."""
        if self.kind == "current":
            return current
        if self.kind == "preset":
            return preset_scenario(self.key)
        return Scenario.model_validate(saved[self.key])


def scenario_choices(saved_names: Iterable[str]) -> tuple[ScenarioChoice, ...]:
    """Every scenario a person can pick: the current one, each preset, then the saved copies."""
    return (
        ScenarioChoice(kind="current"),
        *(ScenarioChoice(kind="preset", key=key) for key in PRESETS),
        *(ScenarioChoice(kind="saved", key=name) for name in saved_names),
    )
