"""Share links: a `Scenario` to and from URL query parameters (keys in core._fields).

- `v=2` is always written, so every link says which format it uses (the default scenario is `{"v": "2"}`); a link
  without `v` is read as today's version; `v=1` (before fine-tuning offerings) is read through core._migrate; a
  newer `v` is read as far as possible, with a note.
- Only settings that differ from the defaults are written. Booleans are 1/0 (true/false accepted), lists are
  comma-separated ids, floats are written with `repr` (whole ones without '.0') so they read back identically. A
  price entry with every field empty is written as `price.input.<model>=` (empty means "use the catalogue").

Reading never raises: each bad value is dropped on its own with one plain-language note, and every note is safe to
show with Streamlit's Markdown renderer (echoed user text is shortened and stripped of Markdown).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from core._fields import DICTS, ECHO_KEY_CHARS, FLAT, OFFERING_KEY, Slot, Spec, dict_slot, spec_for
from core._messages import resolve_location
from core._migrate import OLD_VERSION, migrate_link, unknown_offering
from core._models import Scenario
from core._text import ECHO_VALUE_CHARS, safe_text

LINK_VERSION = 2
# Longer link values or keys cannot come from a real scenario (text fields stop at 200 characters).
MAX_LINK_TEXT_CHARS = 2_000
# The longest float repr is about 24 characters; more digits than this is garbage or an attack.
MAX_NUMBER_CHARS = 30
MAX_NOTES = 20
_INT_RE = re.compile(r"-?[0-9]+")
# Digits on both sides of a dot: a truncated value such as "0." or "1e" is refused, not guessed.
_FLOAT_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _encode(spec: Spec, value: Any) -> str:
    match spec.kind:
        case "bool":
            return "1" if value else "0"
        case "float" | "optional_float":
            return "" if value is None else _float_text(float(value))
        case "optional_choice":
            return "" if value is None else str(value)
        case "choice_list":
            return ",".join(value)
        case "int" | "str" | "choice" | "int_or_choice":
            return str(value)
        case _:
            dumped = TypeAdapter(spec.annotation).dump_python(value, mode="json")
            return json.dumps(dumped, separators=(",", ":"), ensure_ascii=False)


def _float_text(number: float) -> str:
    # "120" reads back as exactly 120.0 and keeps links short; repr is the shortest exact form otherwise.
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)


def _child(node: Any, part: str) -> Any:
    return node.get(part) if isinstance(node, dict) else getattr(node, part)


def to_query_params(scenario: Scenario) -> dict[str, str]:
    """Encode a scenario as link query parameters: `v=1` plus only the settings that differ from the
    defaults, so a typical link stays short. `from_query_params` reads it back to an equal scenario."""
    params = {"v": str(LINK_VERSION)}
    default = Scenario()
    for slot in FLAT.values():
        value: Any = scenario
        default_value: Any = default
        for part in slot.path:
            value, default_value = _child(value, part), _child(default_value, part)
        if value != default_value:
            params[slot.key] = _encode(slot.spec, value)
    for field in DICTS.values():
        entries: dict[str, Any] = getattr(scenario, field.name)
        for entry, value in entries.items():
            if field.value_model is None:
                assert field.value_spec is not None
                params[f"{field.prefix}.{entry}"] = _encode(field.value_spec, value)
                continue
            written = False
            for sub, model_field in field.value_model.model_fields.items():
                sub_value = getattr(value, sub)
                if sub_value is not None:
                    spec = spec_for(model_field.annotation, list(model_field.metadata))
                    params[f"{field.prefix}.{sub}.{entry}"] = _encode(spec, sub_value)
                    written = True
            if not written:  # an entry with every field empty still has to exist on the way back
                first = next(iter(field.value_model.model_fields))
                params[f"{field.prefix}.{first}.{entry}"] = ""
    return params


class _Refused(Exception):
    """A link value that cannot be read; the message completes 'the <setting> ...'."""


def _parse_number(spec: Spec, raw: str) -> int | float:
    if len(raw) > MAX_NUMBER_CHARS:
        raise _Refused(f"must be {spec.expected()} (that value is too long to be one)")
    if spec.kind in ("int", "int_or_choice"):
        if not _INT_RE.fullmatch(raw):
            raise _Refused(f"must be {spec.expected()}")
        return int(raw)
    if not _FLOAT_RE.fullmatch(raw):
        raise _Refused(f"must be {spec.expected()}")
    number = float(raw)
    if not math.isfinite(number):
        raise _Refused(f"must be {spec.expected()} (that number is too large)")
    return number


def _decode(spec: Spec, raw: str, notes: list[str], key: str) -> Any:
    """Read one link value into a Python value of the right type, or raise _Refused."""
    match spec.kind:
        case "bool":
            word = raw.strip().lower()
            if word in ("1", "true"):
                return True
            if word in ("0", "false"):
                return False
            raise _Refused(f"must be {spec.expected()}")
        case "int" | "float":
            return _parse_number(spec, raw)
        case "optional_float":
            return None if raw == "" else _parse_number(spec, raw)
        case "str":
            return raw
        case "choice" | "optional_choice":
            if raw == "" and spec.kind == "optional_choice":
                return None
            if raw not in spec.options:
                raise _Refused(f"must be {spec.expected()}")
            return raw
        case "int_or_choice":
            return raw if raw in spec.options else _parse_number(spec, raw)
        case "choice_list":
            if raw == "":
                return []
            items = raw.split(",")
            kept = [item for item in items if item in spec.options]
            for item in items:
                if item not in spec.options:
                    notes.append(
                        f"Ignored '{safe_text(item)}' in '{safe_text(key, ECHO_KEY_CHARS)}' from the link: "
                        f"it must be one of: {', '.join(spec.options)}."
                    )
            return kept
        case _:
            try:
                return json.loads(raw)
            except (ValueError, RecursionError):
                raise _Refused("must be valid JSON") from None


def _ignored(key: str, raw: str) -> str:
    return f"Ignored '{safe_text(key, ECHO_KEY_CHARS + ECHO_VALUE_CHARS)}={safe_text(raw)}' from the link"


def _last_value(key: str, value: object, notes: list[str]) -> str | None:
    """Accept `params[key]` as a string or as a list of strings (take the last, note the repeats)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        if not value:
            notes.append(f"Ignored '{safe_text(key, ECHO_KEY_CHARS)}' from the link: it has no value.")
            return None
        if len(value) > 1:
            notes.append(
                f"'{safe_text(key, ECHO_KEY_CHARS)}' appears {len(value)} times in the link; the last one was used."
            )
        last = value[-1]
        if isinstance(last, str):
            return last
    notes.append(f"Ignored '{safe_text(str(key), ECHO_KEY_CHARS)}' from the link: its value is not text.")
    return None


def _set(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = tree
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _delete(tree: dict[str, Any], path: tuple[str, ...]) -> None:
    """Remove a value and any container it leaves empty (an empty price entry must not appear)."""
    nodes = [tree]
    for part in path[:-1]:
        child = nodes[-1].get(part)
        if not isinstance(child, dict):
            return
        nodes.append(child)
    nodes[-1].pop(path[-1], None)
    for depth in range(len(path) - 1, 0, -1):
        if not nodes[depth]:
            nodes[depth - 1].pop(path[depth - 1], None)


def _read_version(raw: str, notes: list[str]) -> int:
    """The link's format version; a value that is not a whole number is noted and read as today's."""
    if _INT_RE.fullmatch(raw) and len(raw) <= MAX_NUMBER_CHARS and int(raw) >= 1:
        if int(raw) > LINK_VERSION:
            notes.append(
                f"This link was made by a newer version of the tool (v={safe_text(raw)}); "
                "the settings this version understands were read, others were ignored."
            )
        return int(raw)
    notes.append(f"{_ignored('v', raw)}: the link version must be a whole number; read it as version {LINK_VERSION}.")
    return LINK_VERSION


def _raw_params(items: list[tuple[Any, Any]], notes: list[str]) -> dict[str, str]:
    """The link's keys with one text value each (the last of repeated ones); unusable entries are noted."""
    out: dict[str, str] = {}
    for key, value in items:
        if not isinstance(key, str):
            notes.append(f"Ignored a setting in the link: its name '{safe_text(str(key))}' is not text.")
            continue
        raw = _last_value(key, value, notes)
        if raw is None:
            continue
        if len(key) > MAX_LINK_TEXT_CHARS or len(raw) > MAX_LINK_TEXT_CHARS:
            notes.append(f"{_ignored(key, raw)}: it is too long (over {MAX_LINK_TEXT_CHARS:,} characters).")
            continue
        out[key] = raw
    return out


def _replace_unknown_offering(raw: dict[str, str], notes: list[str], today: dt.date) -> None:
    value = raw.get(OFFERING_KEY)
    target = None if value is None else unknown_offering(value, today)
    if value is not None and target is not None:
        raw[OFFERING_KEY] = target.id
        notes.append(
            f"{_ignored(OFFERING_KEY, value)}: no fine-tuning offering has that id; "
            f"{safe_text(target.label, 120)} was opened instead."
        )


def from_query_params(
    params: Mapping[str, str | list[str]], *, today: dt.date | None = None
) -> tuple[Scenario, list[str]]:
    """Read a scenario from link query parameters, never raising.

    Returns the scenario and one plain-language note per value that was ignored (unknown key, wrong type,
    out of range, repeated key ...); every valid value is kept. Missing settings take their defaults.
    A mapping of lists (all values of a repeated key) is accepted: the last value wins. A version-1 link (before
    fine-tuning offerings) is read with that version's defaults and its values moved where they live now.
    """
    notes: list[str] = []
    tree: dict[str, Any] = {}
    sources: dict[tuple[str, ...], tuple[Slot, str]] = {}
    try:
        items = list(params.items())
    except Exception:  # a broken mapping is the same as no link at all
        return Scenario(), ["The link's settings could not be read; the default scenario is shown."]
    raw = _raw_params(items, notes)
    version = _read_version(raw.pop("v"), notes) if "v" in raw else LINK_VERSION
    day = today or dt.date.today()
    if version == OLD_VERSION:
        raw, moved = migrate_link(raw, day)
        notes += moved
    _replace_unknown_offering(raw, notes, day)
    for key, value in raw.items():
        slot = FLAT.get(key) or dict_slot(key)
        if isinstance(slot, str):
            notes.append(f"{_ignored(key, value)}: {slot}.")
            continue
        try:
            parsed = _decode(slot.spec, value, notes, key)
        except _Refused as refused:
            notes.append(f"{_ignored(key, value)}: {slot.label} {refused}.")
            continue
        _set(tree, slot.path, parsed)
        sources[slot.path] = (slot, value)
    return _validate_dropping(tree, sources, notes)


def _validate_dropping(
    tree: dict[str, Any],
    sources: dict[tuple[str, ...], tuple[Slot, str]],
    notes: list[str],
) -> tuple[Scenario, list[str]]:
    """Validate the whole scenario; drop just the values pydantic refuses, and try again."""
    for _ in range(len(sources) + 1):
        try:
            return Scenario.model_validate(tree), _capped(notes)
        except ValidationError as exc:
            dropped = False
            for error in exc.errors():
                path, _spec, _key = resolve_location(tuple(error["loc"]))
                target = tuple(str(p) for p in path)
                if error["type"] == "missing":  # an incomplete entry (a latency profile) goes as a whole
                    target = target[:-1]
                for source_path in [p for p in sources if _overlaps(p, target)]:
                    slot, raw = sources.pop(source_path)
                    _delete(tree, source_path)
                    dropped = True
                    if error["type"] == "missing":
                        needed = ", ".join(
                            str(e["loc"][-1])
                            for e in exc.errors()
                            if e["type"] == "missing" and tuple(str(p) for p in e["loc"][:-1]) == target
                        )
                        entry = safe_text(source_path[1], ECHO_KEY_CHARS) if len(source_path) > 2 else ""
                        reason = f"the {source_path[0]} entry for '{entry}' also needs {safe_text(needed, 120)}"
                    else:
                        reason = f"{slot.label} must be {slot.spec.expected()}"
                    notes.append(f"{_ignored(slot.key, raw)}: {reason}.")
            if not dropped:
                break
    return Scenario(), _capped([*notes, "The link could not be read as a whole; the default scenario is shown."])


def _overlaps(source: tuple[str, ...], target: tuple[str, ...]) -> bool:
    shorter = min(len(source), len(target))
    return shorter > 0 and source[:shorter] == target[:shorter]


def _capped(notes: list[str]) -> list[str]:
    if len(notes) <= MAX_NOTES:
        return notes
    return [*notes[:MAX_NOTES], f"…and {len(notes) - MAX_NOTES} more values from the link were ignored."]
