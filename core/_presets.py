"""Ready-made scenarios a team will recognise, and the side-by-side view of several scenarios.

The presets' answers, workloads and rationales live in assets/presets.json (with where their numbers come
from); this module loads them, checks them, and computes what the Scenarios page compares: the recommendation,
the estimate, a break-even volume, and the cost per correct answer from the team's own eval accuracy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from pydantic import Field, field_validator

from core._base import Frozen as _Frozen
from core._base import asset_path
from core._decision import Recommendation, recommend
from core._estimate import Estimate, estimate
from core._horizon import break_even_requests
from core._models import STRATEGIES, Scenario, Strategy


class Preset(_Frozen):
    """A ready-made scenario: its display title is `scenario.name`; the rationale says why, in plain words."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    scenario: Scenario
    expected_strategy: Strategy  # what recommend(scenario.answers) must return
    cheapest_strategy: Strategy  # what the cost note names as cheapest on price alone: estimate().cheapest_overall
    rationale: str = Field(min_length=1)
    cost_note: str = Field(min_length=1)  # discusses the cheapest strategy honestly
    workload_basis: str = Field(min_length=1)  # where the workload numbers come from

    @property
    def title(self) -> str:
        """The name shown to people (the scenario's own name)."""
        return self.scenario.name


class _PresetFile(_Frozen):
    about: str
    as_of: str
    presets: list[Preset]

    @field_validator("presets")
    @classmethod
    def _unique_keys(cls, presets: list[Preset]) -> list[Preset]:
        keys = [preset.key for preset in presets]
        if len(set(keys)) != len(keys):
            raise ValueError("preset keys must be unique")
        return presets


@cache
def _data() -> _PresetFile:
    # Read once per process: the file ships with the app and never changes while it runs.
    return _PresetFile.model_validate(json.loads(asset_path("presets.json").read_text(encoding="utf-8")))


def presets_source() -> tuple[str, str]:
    """Return (what the presets are based on, as_of) for a footnote."""
    data = _data()
    return data.about, data.as_of


PRESETS: Mapping[str, Preset] = MappingProxyType({preset.key: preset for preset in _data().presets})
# Read-only by convention: take `preset_scenario(key)` (a copy) before editing one.
SCENARIOS: Mapping[str, Scenario] = MappingProxyType({key: preset.scenario for key, preset in PRESETS.items()})


def preset_scenario(key: str) -> Scenario:
    """A private, editable copy of the preset scenario `key` (KeyError if there is no such preset)."""
    return PRESETS[key].scenario.model_copy(deep=True)


def cost_per_correct_answer(result: Estimate, accuracy: Mapping[Strategy, float]) -> dict[Strategy, float | None]:
    """USD per correct answer = cost per request / accuracy, for each strategy.

    None where no accuracy was given, the accuracy is 0 (no correct answers to spread the cost over) or the
    cost per request is unknown (a missing price).
    """
    out: dict[Strategy, float | None] = {}
    for strategy in STRATEGIES:
        cost = result.strategies[strategy].cost_per_request_usd
        share = accuracy.get(strategy)
        out[strategy] = None if cost is None or share is None or share <= 0 else cost / share
    return out


class Comparison(_Frozen):
    """One scenario's column in the side-by-side comparison."""

    name: str
    recommendation: Recommendation
    estimate: Estimate
    # The two strategies whose break-even volume is shown, and that volume (None: they never cross).
    break_even_between: tuple[Strategy, Strategy]
    break_even_requests: float | None
    # Which of the two is cheaper above the break-even volume (the one with the lower cost per request).
    cheaper_above_break_even: Strategy | None
    cost_per_correct_usd: dict[Strategy, float | None]


# Without the layer the recommended strategy adds (or, for the baseline, with fine-tuning added).
_COUNTERPART: Mapping[Strategy, Strategy] = MappingProxyType(
    {"prompt_only": "fine_tuning", "rag": "prompt_only", "fine_tuning": "prompt_only", "hybrid": "rag"}
)


def _break_even_pair(recommended: Strategy, result: Estimate) -> tuple[Strategy, Strategy]:
    """The recommended strategy against the cheapest; when it is the cheapest, against its counterpart
    (the same system without the layer it adds), so the volume says when that layer pays for itself."""
    if result.cheapest is not None and result.cheapest != recommended:
        return recommended, result.cheapest
    return recommended, _COUNTERPART[recommended]


def compare(scenario: Scenario) -> Comparison:
    """Everything the comparison table shows for one scenario.

    The break-even volume is the number of monthly requests at which the recommended strategy and the
    cheapest one cost the same over the horizon. When the recommended one is already the cheapest it is
    compared with the same system without the layer it adds (fine_tuning and rag with prompt_only, hybrid
    with rag, prompt_only with fine_tuning), so the volume says from when that layer pays for itself.
    """
    recommendation = recommend(scenario.answers)
    result = estimate(scenario)
    pair = _break_even_pair(recommendation.strategy, result)
    volume = break_even_requests(scenario, *pair, precomputed=result)
    first, second = (result.strategies[name].cost_per_request_usd for name in pair)
    cheaper_above: Strategy | None = None
    if volume is not None and first is not None and second is not None:
        cheaper_above = pair[0] if first < second else pair[1]
    return Comparison(
        name=scenario.name,
        recommendation=recommendation,
        estimate=result,
        break_even_between=pair,
        break_even_requests=volume,
        cheaper_above_break_even=cheaper_above,
        cost_per_correct_usd=cost_per_correct_answer(result, scenario.accuracy),
    )
