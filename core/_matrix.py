"""The decision matrix and the research behind the Diagnose page, read from assets/decision.json.

Ratings, labelled-example thresholds and research numbers are data with a source; the rules that use them live in
core._decision.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from pydantic import Field, field_validator, model_validator

from core._base import Frozen as _Frozen
from core._base import asset_path
from core._models import DIMENSIONS, Dimension, Strategy

# The strategies the decision matrix rates; prompt_only is the baseline, not a column of the matrix.
MATRIX_STRATEGIES: tuple[Strategy, ...] = ("rag", "fine_tuning", "hybrid")


class MatrixRow(_Frozen):
    """One dimension of the RAG vs fine-tuning matrix, with 1-5 scores (5 = best for the team)."""

    dimension: Dimension
    label: str
    rag: str
    fine_tuning: str
    scores: dict[Strategy, int]
    note: str

    @field_validator("scores")
    @classmethod
    def _scores_cover_matrix(cls, scores: dict[Strategy, int]) -> dict[Strategy, int]:
        if set(scores) != set(MATRIX_STRATEGIES):
            raise ValueError(f"scores must rate exactly {MATRIX_STRATEGIES}")
        if any(not 1 <= score <= 5 for score in scores.values()):
            raise ValueError("scores must be between 1 and 5")
        return scores


class ResearchNumber(_Frozen):
    """One reported result of a study, as printed in its source."""

    label: str
    value: str


class Finding(_Frozen):
    """A research result with its numbers and where they come from."""

    title: str
    claim: str
    metric: str
    numbers: list[ResearchNumber]
    citation: str
    arxiv_id: str | None
    url: str
    source: str
    as_of: str


class ExampleThresholds(_Frozen):
    """How many labeled examples fine-tuning needs: a provider's floor, where gains show, the usual advice."""

    provider_minimum: int = Field(ge=1)
    clear_gains_from: int = Field(ge=1)
    clear_gains_to: int = Field(ge=1)
    recommended: int = Field(ge=1)
    source: str
    as_of: str


class _Matrix(_Frozen):
    source: str
    as_of: str
    rows: list[MatrixRow]

    @model_validator(mode="after")
    def _one_row_per_dimension(self) -> _Matrix:
        if [row.dimension for row in self.rows] != list(DIMENSIONS):
            raise ValueError(f"matrix rows must be exactly {DIMENSIONS}, in order")
        return self


class _DecisionData(_Frozen):
    about: str
    as_of: str
    example_thresholds: ExampleThresholds
    matrix: _Matrix
    research: list[Finding]


@cache
def _data() -> _DecisionData:
    # Read once per process: the file is shipped with the app and never changes while it runs.
    data = json.loads(asset_path("decision.json").read_text(encoding="utf-8"))
    # The same file holds the decision rules, which core._decision reads.
    return _DecisionData.model_validate({key: data[key] for key in _DecisionData.model_fields})


def example_thresholds() -> ExampleThresholds:
    """Return the labeled-example thresholds for fine-tuning, with their source and as-of date."""
    return _data().example_thresholds


def decision_matrix_source() -> tuple[str, str]:
    """Return (source, as_of) of the decision-matrix ratings, for the page's footnote."""
    matrix = _data().matrix
    return matrix.source, matrix.as_of


def _decision_matrix() -> Mapping[Dimension, MatrixRow]:
    return MappingProxyType({row.dimension: row for row in _data().matrix.rows})


DECISION_MATRIX: Mapping[Dimension, MatrixRow] = _decision_matrix()
RESEARCH: tuple[Finding, ...] = tuple(_data().research)


def matrix_scores(priorities: Mapping[Dimension, int]) -> dict[Strategy, float]:
    """Priority-weighted mean matrix score (1-5) for rag, fine_tuning and hybrid.

    A dimension missing from `priorities` weighs 1; if every weight is 0 the plain mean is used.
    """
    if any(weight < 0 for weight in priorities.values()):
        raise ValueError("priorities must not be negative")
    weights = {dimension: priorities.get(dimension, 1) for dimension in DIMENSIONS}
    if sum(weights.values()) == 0:
        weights = dict.fromkeys(DIMENSIONS, 1)
    total = sum(weights.values())
    return {
        strategy: sum(weights[d] * DECISION_MATRIX[d].scores[strategy] for d in DIMENSIONS) / total
        for strategy in MATRIX_STRATEGIES
    }
