"""Share links and scenario files: a `Scenario` to and from URL query parameters and a JSON file.

Link format (version 1), one flat key per setting, only settings that differ from the defaults:

- `v=1` is always written, so every link says which format it uses (the default scenario is `{"v": "1"}`);
  a link without `v` is read as version 1, a newer `v` is read as far as possible, with a note.
- Top-level settings by name: `name`, `model`, `horizon_months`.
- Sections by a short prefix: `a.` answers, `w.` workload, `rag.` retrieval, `ft.` fine-tuning
  (e.g. `w.requests_per_month=250000`, `a.needs_citations=1`, `ft.epochs=auto`).
- Per-model overrides put the field before the model name, because model names contain dots:
  `price.input.gpt-4.1-mini=0.4`, `latency.ttft_ms.ft:gpt-4o-mini=350`. A price entry with every field
  empty is written as `price.input.<model>=` (empty means "use the catalogue").
- Per-strategy accuracy and per-dimension priority: `accuracy.rag=0.9`, `priority.cost=3`.
- Booleans are 1/0 (true/false accepted), lists are comma-separated ids, floats are written with `repr`
  (whole ones without '.0') so they read back to the identical number.

Reading never raises: each bad value is dropped on its own with one plain-language note, and every note is
safe to show with Streamlit's Markdown renderer (echoed user text is shortened and stripped of Markdown).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from core._migrate import OLD_VERSION, migrate_file, migrate_link, unknown_offering
from core._models import Scenario
from core._text import ECHO_VALUE_CHARS as _ECHO_VALUE_CHARS
from core._text import safe_text

LINK_VERSION = 2
SCHEMA_VERSION = 2
# A scenario file is a few kilobytes; anything far bigger is not one of ours.
MAX_SCENARIO_FILE_BYTES = 1_000_000
# Longer link values or keys cannot come from a real scenario (text fields stop at 200 characters).
MAX_LINK_TEXT_CHARS = 2_000
# The longest float repr is about 24 characters; more digits than this is garbage or an attack.
MAX_NUMBER_CHARS = 30
MAX_NOTES = 20
_ECHO_KEY_CHARS = 40

_SECTION_PREFIXES = {"answers": "a", "workload": "w", "rag": "rag", "fine_tuning": "ft", "people": "people"}
OFFERING_KEY = "ft.offering"
_DICT_PREFIXES = {
    "prices": "price",
    "offering_prices": "offering",
    "latency": "latency",
    "accuracy": "accuracy",
    "priorities": "priority",
}

_INT_RE = re.compile(r"-?[0-9]+")
# Digits on both sides of a dot: a truncated value such as "0." or "1e" is refused, not guessed.
_FLOAT_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")

Kind = Literal[
    "bool",
    "int",
    "float",
    "str",
    "choice",
    "optional_float",
    "optional_choice",
    "choice_list",
    "int_or_choice",
    "json",
]


class ScenarioFileError(ValueError):
    """A scenario file was refused; `str(error)` says why in plain words, `reasons` lists each problem."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons if reasons is not None else [message]


# ---------------------------------------------------------------------------------------------------------
# Describing a field in plain words
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """How one leaf value is written in a link, read back, and described to a person."""

    kind: Kind
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None  # a strict lower bound (gt)
    min_length: int | None = None
    max_length: int | None = None
    annotation: Any = None

    def expected(self) -> str:
        """What a valid value looks like, e.g. 'a whole number from 0 to 1,000'."""
        numbers = self._range()
        listed = ", ".join(self.options)
        match self.kind:
            case "bool":
                return "1 (yes) or 0 (no)"
            case "int":
                return "a whole number" + numbers
            case "float":
                return "a number" + numbers
            case "optional_float":
                return "a number" + numbers + ", or left empty"
            case "str":
                return "text" + self._length()
            case "choice":
                return f"one of: {listed}"
            case "optional_choice":
                return f"one of: {listed}, or left empty"
            case "choice_list":
                return f"a comma-separated list of: {listed}"
            case "int_or_choice":
                return "a whole number" + numbers + " or " + " or ".join(self.options)
            case _:
                return "a valid value"

    def _range(self) -> str:
        low = _number_text(self.minimum) if self.minimum is not None else None
        high = _number_text(self.maximum) if self.maximum is not None else None
        if self.above is not None:
            above = _number_text(self.above)
            return f" above {above}" + (f" and at most {high}" if high else "")
        if low is not None and high is not None:
            return f" from {low} to {high}"
        if low is not None:
            return f" of at least {low}"
        if high is not None:
            return f" of at most {high}"
        return ""

    def _length(self) -> str:
        if self.max_length is None:
            return ""
        if self.min_length:
            return f" of {self.min_length} to {self.max_length} characters"
        return f" of at most {self.max_length} characters"


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else repr(value)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip `Annotated[...]`, returning the bare type and its constraints (Ge, Le, MinLen...)."""
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        for item in extra:
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return annotation, metadata


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _literal_options(annotation: Any) -> tuple[str, ...] | None:
    if get_origin(annotation) is Literal and all(isinstance(a, str) for a in get_args(annotation)):
        return tuple(get_args(annotation))
    return None


def _spec_for(annotation: Any, metadata: list[Any]) -> _Spec:
    """Classify a leaf type so a link can carry it; anything unforeseen falls back to compact JSON."""
    bare, extra = _unwrap(annotation)
    constraints = [*metadata, *extra]
    bounds: dict[str, Any] = {}
    for item in constraints:
        if isinstance(item, annotated_types.Ge):
            bounds["minimum"] = item.ge
        elif isinstance(item, annotated_types.Le):
            bounds["maximum"] = item.le
        elif isinstance(item, annotated_types.Gt):
            bounds["above"] = item.gt
        elif isinstance(item, annotated_types.MinLen):
            bounds["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            bounds["max_length"] = item.max_length
    if bare is bool:
        return _Spec("bool")
    if bare is int:
        return _Spec("int", **bounds)
    if bare is float:
        return _Spec("float", **bounds)
    if bare is str:
        return _Spec("str", **bounds)
    options = _literal_options(bare)
    if options is not None:
        return _Spec("choice", options)
    if get_origin(bare) is list:
        item_options = _literal_options(_unwrap(get_args(bare)[0])[0])
        if item_options is not None:
            return _Spec("choice_list", item_options)
    if _is_union(bare):
        members = [m for m in get_args(bare) if m is not type(None)]
        optional = len(members) < len(get_args(bare))
        if optional and len(members) == 1:
            inner = _spec_for(members[0], constraints)
            if inner.kind == "float":
                return _Spec("optional_float", **{**bounds, **_bounds_of(inner)})
            if inner.kind == "choice":
                return _Spec("optional_choice", inner.options)
        if not optional and len(members) == 2:
            specs = [_spec_for(m, []) for m in members]
            numbers = [s for s in specs if s.kind == "int"]
            words = [s for s in specs if s.kind == "choice"]
            if numbers and words:
                return _Spec("int_or_choice", words[0].options, **_bounds_of(numbers[0]))
    return _Spec("json", annotation=annotation)


def _bounds_of(spec: _Spec) -> dict[str, Any]:
    return {"minimum": spec.minimum, "maximum": spec.maximum, "above": spec.above}


def _humanize(name: str) -> str:
    return name.replace("_", " ")


# ---------------------------------------------------------------------------------------------------------
# Turning pydantic errors into sentences
# ---------------------------------------------------------------------------------------------------------


def _resolve(
    loc: tuple[int | str, ...], root: type[BaseModel] = Scenario
) -> tuple[list[int | str], _Spec | None, bool]:
    """Walk an error location through the Scenario models: the real path, the leaf's spec, and whether
    the problem is a dictionary key (pydantic adds union-member tags such as 'constrained-int' we drop)."""
    path: list[int | str] = []
    current: Any = root
    metadata: list[Any] = []
    key_problem = False
    for segment in loc:
        if segment == "[key]":
            key_problem = True
            continue
        bare = _unwrap(current)[0] if current is not None else None
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            path.append(segment)
            field = bare.model_fields.get(segment) if isinstance(segment, str) else None
            current, metadata = (field.annotation, list(field.metadata)) if field else (None, [])
        elif get_origin(bare) is dict:
            path.append(segment)
            current, metadata = get_args(bare)[1], []
        elif get_origin(bare) is list:
            path.append(segment)
            current, metadata = get_args(bare)[0], []
        elif _is_union(bare) and isinstance(segment, str):
            continue  # a union-member tag, not part of the user's path
        else:
            path.append(segment)
            current = None
    if current is None or key_problem:
        return path, None, key_problem
    bare = _unwrap(current)[0]
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return path, None, key_problem
    return path, _spec_for(current, metadata), key_problem


_TYPE_ERROR_WORDS = (
    "int_",
    "float_",
    "bool_",
    "greater_than",
    "less_than",
    "finite_number",
    "literal_error",
    "string_type",
    "string_too",
    "enum",
    "list_type",
    "multiple_of",
)


def _message(error: Mapping[str, Any], spec: _Spec | None, key_problem: bool) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if key_problem:
        return "is not a name this setting accepts" + (
            f" (it must be one of: {ctx['expected']})" if "expected" in ctx else ""
        )
    if kind == "extra_forbidden":
        return "is not a setting this tool knows (check the spelling)"
    if kind == "missing":
        return "is required but missing"
    if spec is not None and kind.startswith(_TYPE_ERROR_WORDS):
        return "must be " + spec.expected()
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a group of settings (a JSON object)"
    if kind == "list_type":
        return "must be a list"
    if kind.startswith("string_"):
        return "must be text"
    if "ge" in ctx:
        return f"must be at least {_number_text(ctx['ge'])}"
    if "le" in ctx:
        return f"must be at most {_number_text(ctx['le'])}"
    return "has a value this tool cannot use"


def _path_text(path: list[int | str]) -> str:
    return ".".join(str(part) for part in path) or "the scenario"


def _echo(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return f" (got '{json.dumps(value)}')"
    if isinstance(value, (str, int, float)):
        return f" (got '{safe_text(str(value))}')"
    return ""


def _models_by_name() -> dict[str, type[BaseModel]]:
    """Scenario and every model inside it, by class name (a ValidationError's title names its model)."""
    found: dict[str, type[BaseModel]] = {}
    pending: list[Any] = [Scenario]
    while pending:
        bare = _unwrap(pending.pop())[0]
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            if bare.__name__ not in found:
                found[bare.__name__] = bare
                pending.extend(f.annotation for f in bare.model_fields.values())
        else:
            pending.extend(get_args(bare))
    return found


_MODELS = _models_by_name()


def friendly_errors(exc: ValidationError) -> list[str]:
    """Turn a pydantic validation error on a Scenario (or one of its parts) into one plain sentence per
    problem, e.g. "'workload.requests_per_month': must be a whole number from 0 to 10,000,000,000 (got
    'abc')". Alternatives of one value (a number or 'auto') are merged into one sentence."""
    grouped: dict[tuple[int | str, ...], tuple[_Spec | None, bool, list[Mapping[str, Any]]]] = {}
    root = _MODELS.get(exc.title, Scenario)
    for error in exc.errors():
        path, spec, key_problem = _resolve(tuple(error["loc"]), root)
        entry = grouped.setdefault(tuple(path), (spec, key_problem, []))
        entry[2].append(error)
    sentences = []
    for location, (spec, key_problem, errors) in grouped.items():
        messages = list(dict.fromkeys(_message(e, spec, key_problem) for e in errors))
        where = safe_text(_path_text(list(location)), limit=_ECHO_VALUE_CHARS + _ECHO_KEY_CHARS)
        got = _echo(errors[0].get("input")) if errors[0].get("type") != "missing" else ""
        sentences.append(f"'{where}': {' or '.join(messages)}{got}")
    return sentences


# ---------------------------------------------------------------------------------------------------------
# The link's keys
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """One link key: where its value lives in the scenario and how to describe it."""

    key: str
    path: tuple[str, ...]
    spec: _Spec
    label: str


def _flat_slots() -> dict[str, _Slot]:
    """Top-level settings and section settings: fixed keys known in advance."""
    slots: dict[str, _Slot] = {}
    for name, field in Scenario.model_fields.items():
        bare = _unwrap(field.annotation)[0]
        if get_origin(bare) is dict:
            continue
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            prefix = _SECTION_PREFIXES.get(name, name)
            for sub, subfield in bare.model_fields.items():
                sub_bare = _unwrap(subfield.annotation)[0]
                options = _literal_options(_unwrap(get_args(sub_bare)[0])[0]) if get_origin(sub_bare) is dict else None
                if options is not None:  # a per-strategy table inside a section: one key per entry
                    value_spec = _spec_for(get_args(sub_bare)[1], [])
                    for option in options:
                        key = f"{prefix}.{sub}.{option}"
                        slots[key] = _Slot(key, (name, sub, option), value_spec, f"{_humanize(sub)} for {option}")
                    continue
                spec = _spec_for(subfield.annotation, list(subfield.metadata))
                key = f"{prefix}.{sub}"
                slots[key] = _Slot(key, (name, sub), spec, _humanize(sub))
        else:
            spec = _spec_for(field.annotation, list(field.metadata))
            slots[name] = _Slot(name, (name,), spec, _humanize(name))
    return slots


@dataclass(frozen=True)
class _DictField:
    """A dictionary setting such as prices[model] or priorities[dimension]."""

    name: str
    prefix: str
    key_options: tuple[str, ...] | None  # None: any text (model names)
    value_model: type[BaseModel] | None
    value_spec: _Spec | None


def _dict_fields() -> dict[str, _DictField]:
    fields: dict[str, _DictField] = {}
    for name, field in Scenario.model_fields.items():
        bare = _unwrap(field.annotation)[0]
        if get_origin(bare) is not dict:
            continue
        key_type, value_type = get_args(bare)
        value_bare = _unwrap(value_type)[0]
        is_model = isinstance(value_bare, type) and issubclass(value_bare, BaseModel)
        prefix = _DICT_PREFIXES.get(name, name)
        fields[prefix] = _DictField(
            name=name,
            prefix=prefix,
            key_options=_literal_options(_unwrap(key_type)[0]),
            value_model=value_bare if is_model else None,
            value_spec=None if is_model else _spec_for(value_type, []),
        )
    return fields


_FLAT = _flat_slots()
_DICTS = _dict_fields()


def _dict_slot(key: str) -> _Slot | str:
    """The slot for a dictionary key like 'price.input.gpt-4o', or why the key is not one."""
    prefix, dot, rest = key.partition(".")
    field = _DICTS.get(prefix)
    if field is None or not dot:
        return "this tool has no setting with that name"
    if field.value_model is not None:
        sub, dot, entry = rest.partition(".")
        model_field = field.value_model.model_fields.get(sub)
        if model_field is None or not dot:
            known = ", ".join(field.value_model.model_fields)
            return f"after '{prefix}.' the link must name one of {known}, then a dot and the model name"
        spec = _spec_for(model_field.annotation, list(model_field.metadata))
        label = f"the {prefix} '{sub}' for '{safe_text(entry, _ECHO_KEY_CHARS)}'"
        return _Slot(key, (field.name, entry, sub), spec, label)
    if field.key_options is not None and rest not in field.key_options:
        return f"'{prefix}.' must be followed by one of: {', '.join(field.key_options)}"
    assert field.value_spec is not None
    return _Slot(key, (field.name, rest), field.value_spec, f"{prefix} for '{rest}'")


# ---------------------------------------------------------------------------------------------------------
# Writing a link
# ---------------------------------------------------------------------------------------------------------


def _encode(spec: _Spec, value: Any) -> str:
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
    for slot in _FLAT.values():
        value: Any = scenario
        default_value: Any = default
        for part in slot.path:
            value, default_value = _child(value, part), _child(default_value, part)
        if value != default_value:
            params[slot.key] = _encode(slot.spec, value)
    for field in _DICTS.values():
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
                    spec = _spec_for(model_field.annotation, list(model_field.metadata))
                    params[f"{field.prefix}.{sub}.{entry}"] = _encode(spec, sub_value)
                    written = True
            if not written:  # an entry with every field empty still has to exist on the way back
                first = next(iter(field.value_model.model_fields))
                params[f"{field.prefix}.{first}.{entry}"] = ""
    return params


# ---------------------------------------------------------------------------------------------------------
# Reading a link
# ---------------------------------------------------------------------------------------------------------


class _Refused(Exception):
    """A link value that cannot be read; the message completes 'the <setting> ...'."""


def _parse_number(spec: _Spec, raw: str) -> int | float:
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


def _decode(spec: _Spec, raw: str, notes: list[str], key: str) -> Any:
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
                        f"Ignored '{safe_text(item)}' in '{safe_text(key, _ECHO_KEY_CHARS)}' from the link: "
                        f"it must be one of: {', '.join(spec.options)}."
                    )
            return kept
        case _:
            try:
                return json.loads(raw)
            except (ValueError, RecursionError):
                raise _Refused("must be valid JSON") from None


def _ignored(key: str, raw: str) -> str:
    return f"Ignored '{safe_text(key, _ECHO_KEY_CHARS + _ECHO_VALUE_CHARS)}={safe_text(raw)}' from the link"


def _last_value(key: str, value: object, notes: list[str]) -> str | None:
    """Accept `params[key]` as a string or as a list of strings (take the last, note the repeats)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        if not value:
            notes.append(f"Ignored '{safe_text(key, _ECHO_KEY_CHARS)}' from the link: it has no value.")
            return None
        if len(value) > 1:
            notes.append(
                f"'{safe_text(key, _ECHO_KEY_CHARS)}' appears {len(value)} times in the link; the last one was used."
            )
        last = value[-1]
        if isinstance(last, str):
            return last
    notes.append(f"Ignored '{safe_text(str(key), _ECHO_KEY_CHARS)}' from the link: its value is not text.")
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
    sources: dict[tuple[str, ...], tuple[_Slot, str]] = {}
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
        slot = _FLAT.get(key) or _dict_slot(key)
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
    sources: dict[tuple[str, ...], tuple[_Slot, str]],
    notes: list[str],
) -> tuple[Scenario, list[str]]:
    """Validate the whole scenario; drop just the values pydantic refuses, and try again."""
    for _ in range(len(sources) + 1):
        try:
            return Scenario.model_validate(tree), _capped(notes)
        except ValidationError as exc:
            dropped = False
            for error in exc.errors():
                path, _spec, _key = _resolve(tuple(error["loc"]))
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
                        entry = safe_text(source_path[1], _ECHO_KEY_CHARS) if len(source_path) > 2 else ""
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


# ---------------------------------------------------------------------------------------------------------
# Scenario files
# ---------------------------------------------------------------------------------------------------------


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


def read_scenario_file(data: bytes | str, *, today: dt.date | None = None) -> tuple[Scenario, list[str]]:
    """Read a scenario file made by `scenario_to_json`, now or by an earlier version, with a note for each value
    an earlier version kept elsewhere.

    Raises `ScenarioFileError` with a reason a product manager can act on when the file is too large
    (over 1 MB), not UTF-8 text, not JSON, has a missing or unknown `schema_version`, or holds settings
    that are unknown or out of range.
    """
    limit_text = f"{MAX_SCENARIO_FILE_BYTES // 1_000_000} MB"
    if len(data) > MAX_SCENARIO_FILE_BYTES:
        raise ScenarioFileError(f"This file is too large to be a scenario file (the limit is {limit_text}).")
    if isinstance(data, str):
        text = data
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError:
            raise ScenarioFileError("This file contains characters that are not valid text.") from None
        if size > MAX_SCENARIO_FILE_BYTES:
            raise ScenarioFileError(f"This file is too large to be a scenario file (the limit is {limit_text}).")
    else:
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioFileError(
                f"This file is not UTF-8 text (unreadable byte at position {exc.start:,}); "
                "is it really a scenario file downloaded from this tool?"
            ) from None
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
    version = document.pop("schema_version", None)
    if version is None:
        raise ScenarioFileError(
            "This file has no schema_version, so it does not look like a scenario saved by this tool."
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise ScenarioFileError(
            f"This file's schema_version must be the whole number {SCHEMA_VERSION}{_echo(version)}."
        )
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
    notes: list[str] = []
    day = today or dt.date.today()
    if version == OLD_VERSION:
        document, notes = migrate_file(document, day)
    fine_tuning = document.get("fine_tuning")
    if isinstance(fine_tuning, dict) and isinstance(fine_tuning.get("offering"), str):
        target = unknown_offering(fine_tuning["offering"], day)
        if target is not None:
            notes.append(
                f"No fine-tuning offering has the id '{safe_text(fine_tuning['offering'])}'; "
                f"{safe_text(target.label, 120)} was opened instead."
            )
            document["fine_tuning"] = {**fine_tuning, "offering": target.id}
    try:
        return Scenario.model_validate(document), notes
    except ValidationError as exc:
        reasons = friendly_errors(exc)
        shown = "; ".join(reasons[:MAX_NOTES])
        more = f"; …and {len(reasons) - MAX_NOTES} more problems" if len(reasons) > MAX_NOTES else ""
        raise ScenarioFileError(f"This file is not a valid scenario: {shown}{more}.", reasons) from None


# ---------------------------------------------------------------------------------------------------------
# Bounds for input widgets
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRange:
    """The smallest and largest value a scenario field accepts (from its pydantic bounds), for an input widget."""

    minimum: float | None
    maximum: float | None
    above: float | None  # a strict lower bound: the value must be greater than this
    whole: bool  # a whole number


def field_range(path: tuple[str, ...]) -> FieldRange:
    """The bounds of the scenario field at `path` (e.g. ("workload", "requests_per_month"), or
    ("people", "setup_days", "rag"), or ("offering_prices", <offering id>, "hosting_usd_per_hour"))."""
    slot = _FLAT.get(_link_key(path))
    spec = slot.spec if slot is not None else _dict_spec(path)
    return FieldRange(minimum=spec.minimum, maximum=spec.maximum, above=spec.above, whole=spec.kind == "int")


def _link_key(path: tuple[str, ...]) -> str:
    prefix = _SECTION_PREFIXES.get(path[0], path[0])
    return ".".join((prefix, *path[1:]))


def _dict_spec(path: tuple[str, ...]) -> _Spec:
    prefix = _DICT_PREFIXES.get(path[0], path[0])
    key = f"{prefix}.{path[2]}.{path[1]}" if len(path) == 3 else f"{prefix}.{path[1]}"
    slot = _dict_slot(key)
    if isinstance(slot, str):
        raise KeyError(f"{path} is not a scenario field")
    return slot.spec
