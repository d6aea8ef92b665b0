"""Scenario files: a `Scenario` as a readable JSON document, and back, with a plain reason for every refusal."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import ValidationError

from core._link import MAX_NOTES
from core._messages import echo, friendly_errors
from core._migrate import OLD_VERSION, migrate_file, unknown_offering
from core._models import Scenario
from core._text import safe_text

SCHEMA_VERSION = 2
# A scenario file is a few kilobytes; anything far bigger is not one of ours.
MAX_SCENARIO_FILE_BYTES = 1_000_000


class ScenarioFileError(ValueError):
    """A scenario file was refused; `str(error)` says why in plain words, `reasons` lists each problem."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons if reasons is not None else [message]


def scenario_to_json(scenario: Scenario) -> str:
    """The scenario as a readable JSON document with `"schema_version": 1` first, for download."""
    document = {"schema_version": SCHEMA_VERSION, **scenario.model_dump(mode="json")}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _refuse_constant(name: str) -> Any:
    raise ScenarioFileError(f"This file contains '{name}', which is not a number a scenario can hold.")


def _kind_of_json(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a piece of text"
    if isinstance(value, bool) or value is None:
        return "a single value"
    return "a single number"


def scenario_from_json(data: bytes | str) -> Scenario:
    """Read a scenario file made by `scenario_to_json` (see `read_scenario_file`, which also returns notes)."""
    return read_scenario_file(data)[0]


def _text(data: bytes | str) -> str:
    """The file as text, refused when it is too large or not UTF-8."""
    too_large = (
        f"This file is too large to be a scenario file (the limit is {MAX_SCENARIO_FILE_BYTES // 1_000_000} MB)."
    )
    if len(data) > MAX_SCENARIO_FILE_BYTES:
        raise ScenarioFileError(too_large)
    if isinstance(data, str):
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError:
            raise ScenarioFileError("This file contains characters that are not valid text.") from None
        if size > MAX_SCENARIO_FILE_BYTES:
            raise ScenarioFileError(too_large)
        return data
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioFileError(
            f"This file is not UTF-8 text (unreadable byte at position {exc.start:,}); "
            "is it really a scenario file downloaded from this tool?"
        ) from None


def _document(text: str) -> dict[str, Any]:
    """The JSON object in the file, refused when it is not valid JSON or not an object."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except ScenarioFileError:
        raise
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(
            f"This file is not valid JSON (the problem starts at line {exc.lineno}, column {exc.colno}); "
            "was it edited by hand?"
        ) from None
    except RecursionError:
        raise ScenarioFileError("This file is nested far too deeply to be a scenario file.") from None
    except ValueError:
        raise ScenarioFileError("This file contains a number too long to read.") from None
    if not isinstance(document, dict):
        raise ScenarioFileError(
            f"This file holds {_kind_of_json(document)}, not a scenario (a JSON object with a schema_version)."
        )
    return document


def _version(document: dict[str, Any]) -> int:
    """The file's schema_version (taken out of the document), refused unless this tool reads it."""
    version = document.pop("schema_version", None)
    if version is None:
        raise ScenarioFileError(
            "This file has no schema_version, so it does not look like a scenario saved by this tool."
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise ScenarioFileError(f"This file's schema_version must be the whole number {SCHEMA_VERSION}{echo(version)}.")
    if version > SCHEMA_VERSION:
        raise ScenarioFileError(
            f"This file was saved by a newer version of this tool (schema_version {version}); "
            f"this version reads schema_version {SCHEMA_VERSION}."
        )
    if version not in (OLD_VERSION, SCHEMA_VERSION):
        raise ScenarioFileError(
            f"This file has an unknown schema_version ({version}); this tool reads schema_version {OLD_VERSION} "
            f"and {SCHEMA_VERSION}."
        )
    return version


def _replace_unknown_offering(document: dict[str, Any], day: dt.date) -> list[str]:
    fine_tuning = document.get("fine_tuning")
    if not (isinstance(fine_tuning, dict) and isinstance(fine_tuning.get("offering"), str)):
        return []
    target = unknown_offering(fine_tuning["offering"], day)
    if target is None:
        return []
    document["fine_tuning"] = {**fine_tuning, "offering": target.id}
    return [
        f"No fine-tuning offering has the id '{safe_text(fine_tuning['offering'])}'; "
        f"{safe_text(target.label, 120)} was opened instead."
    ]


def read_scenario_file(data: bytes | str, *, today: dt.date | None = None) -> tuple[Scenario, list[str]]:
    """Read a scenario file made by `scenario_to_json`, now or by an earlier version, with a note for each value
    an earlier version kept elsewhere.

    Raises `ScenarioFileError` with a reason a product manager can act on when the file is too large
    (over 1 MB), not UTF-8 text, not JSON, has a missing or unknown `schema_version`, or holds settings
    that are unknown or out of range.
    """
    document = _document(_text(data))
    day = today or dt.date.today()
    notes: list[str] = []
    if _version(document) == OLD_VERSION:
        document, notes = migrate_file(document, day)
    notes += _replace_unknown_offering(document, day)
    try:
        return Scenario.model_validate(document), notes
    except ValidationError as exc:
        reasons = friendly_errors(exc)
        shown = "; ".join(reasons[:MAX_NOTES])
        more = f"; …and {len(reasons) - MAX_NOTES} more problems" if len(reasons) > MAX_NOTES else ""
        raise ScenarioFileError(f"This file is not a valid scenario: {shown}{more}.", reasons) from None
