"""Which training-file formats each fine-tuning offering accepts (assets/fine_tuning/training_formats.csv).

A row matches an offering id exactly or as a prefix ("bedrock/nova-" covers every Nova offering); the longest match
wins, so a per-offering row overrides its provider's. An offering no row matches accepts an unknown format: the
page says so and nothing is enforced.
"""

from __future__ import annotations

from functools import cache

from core._base import read_csv

TRAINING_FORMATS: tuple[str, ...] = (
    "openai_chat",
    "openai_preference",
    "bedrock_conversation",
    "bedrock_prompt_completion",
    "vertex_gemini",
)


@cache
def _format_rows() -> tuple[tuple[str, tuple[str, ...], str, str, str], ...]:
    rows = []
    for row in read_csv("fine_tuning", "training_formats.csv"):
        formats = tuple(row["formats"].split())
        unknown = [f for f in formats if f not in TRAINING_FORMATS]
        if unknown:
            raise ValueError(f"training_formats.csv names unknown formats: {unknown}")
        rows.append((row["match"].lower(), formats, row["source"], row["as_of"], row["confidence"]))
    return tuple(rows)


def _match(offering_id: str) -> tuple[str, tuple[str, ...], str, str, str] | None:
    wanted = offering_id.strip().lower()
    best = None
    for row in _format_rows():
        match = row[0]
        exact = wanted == match
        if (exact or (match.endswith(("/", "-")) and wanted.startswith(match))) and (
            best is None or exact or len(match) > len(best[0])
        ):
            best = row
            if exact:
                break
    return best


def formats_for_offering(offering_id: str) -> tuple[str, ...]:
    """The training formats this offering takes, best first; empty when our sources do not say."""
    row = _match(offering_id)
    return () if row is None else row[1]


def formats_source(offering_id: str) -> str:
    """Where the offering's accepted formats come from: 'source (as of date, V/S)'; empty when unknown."""
    row = _match(offering_id)
    return "" if row is None else f"{row[2]} (as of {row[3]}, {row[4]})"
