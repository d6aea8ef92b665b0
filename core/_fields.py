"""What the link and file code knows about each scenario field, read off the pydantic models themselves: its kind,
its bounds, how it is described in plain words, and the link key it is written under.

The scenario has one flat link key per setting: top-level settings by name (`name`, `model`, `horizon_months`),
sections by a short prefix (`a.` answers, `w.` workload, `rag.`, `ft.`, `people.`; a per-strategy table inside a
section has one key per strategy, `people.setup_days.rag`), and dictionaries with the field before the entry,
because model names contain dots (`price.input.gpt-4.1-mini`, `offering.hosting_usd_per_hour.azure/gpt-4.1-mini`,
`latency.ttft_ms.<model or offering>`, `accuracy.rag`, `priority.cost`).
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from core._models import Scenario
from core._text import safe_text

ECHO_KEY_CHARS = 40
SECTION_PREFIXES = {"answers": "a", "workload": "w", "rag": "rag", "fine_tuning": "ft", "people": "people"}
OFFERING_KEY = "ft.offering"
DICT_PREFIXES = {
    "prices": "price",
    "offering_prices": "offering",
    "latency": "latency",
    "accuracy": "accuracy",
    "priorities": "priority",
}

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


@dataclass(frozen=True)
class Spec:
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
        low = number_text(self.minimum) if self.minimum is not None else None
        high = number_text(self.maximum) if self.maximum is not None else None
        if self.above is not None:
            above = number_text(self.above)
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


def number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else repr(value)


def unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip `Annotated[...]`, returning the bare type and its constraints (Ge, Le, MinLen...)."""
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        for item in extra:
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return annotation, metadata


def is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def literal_options(annotation: Any) -> tuple[str, ...] | None:
    if get_origin(annotation) is Literal and all(isinstance(a, str) for a in get_args(annotation)):
        return tuple(get_args(annotation))
    return None


def spec_for(annotation: Any, metadata: list[Any]) -> Spec:
    """Classify a leaf type so a link can carry it; anything unforeseen falls back to compact JSON."""
    bare, extra = unwrap(annotation)
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
        return Spec("bool")
    if bare is int:
        return Spec("int", **bounds)
    if bare is float:
        return Spec("float", **bounds)
    if bare is str:
        return Spec("str", **bounds)
    options = literal_options(bare)
    if options is not None:
        return Spec("choice", options)
    if get_origin(bare) is list:
        item_options = literal_options(unwrap(get_args(bare)[0])[0])
        if item_options is not None:
            return Spec("choice_list", item_options)
    if is_union(bare):
        members = [m for m in get_args(bare) if m is not type(None)]
        optional = len(members) < len(get_args(bare))
        if optional and len(members) == 1:
            inner = spec_for(members[0], constraints)
            if inner.kind == "float":
                return Spec("optional_float", **{**bounds, **_bounds_of(inner)})
            if inner.kind == "choice":
                return Spec("optional_choice", inner.options)
        if not optional and len(members) == 2:
            specs = [spec_for(m, []) for m in members]
            numbers = [s for s in specs if s.kind == "int"]
            words = [s for s in specs if s.kind == "choice"]
            if numbers and words:
                return Spec("int_or_choice", words[0].options, **_bounds_of(numbers[0]))
    return Spec("json", annotation=annotation)


def _bounds_of(spec: Spec) -> dict[str, Any]:
    return {"minimum": spec.minimum, "maximum": spec.maximum, "above": spec.above}


def _humanize(name: str) -> str:
    return name.replace("_", " ")


@dataclass(frozen=True)
class Slot:
    """One link key: where its value lives in the scenario and how to describe it."""

    key: str
    path: tuple[str, ...]
    spec: Spec
    label: str


def _flat_slots() -> dict[str, Slot]:
    """Top-level settings and section settings: fixed keys known in advance."""
    slots: dict[str, Slot] = {}
    for name, field in Scenario.model_fields.items():
        bare = unwrap(field.annotation)[0]
        if get_origin(bare) is dict:
            continue
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            prefix = SECTION_PREFIXES.get(name, name)
            for sub, subfield in bare.model_fields.items():
                sub_bare = unwrap(subfield.annotation)[0]
                options = literal_options(unwrap(get_args(sub_bare)[0])[0]) if get_origin(sub_bare) is dict else None
                if options is not None:  # a per-strategy table inside a section: one key per entry
                    value_spec = spec_for(get_args(sub_bare)[1], [])
                    for option in options:
                        key = f"{prefix}.{sub}.{option}"
                        slots[key] = Slot(key, (name, sub, option), value_spec, f"{_humanize(sub)} for {option}")
                    continue
                spec = spec_for(subfield.annotation, list(subfield.metadata))
                key = f"{prefix}.{sub}"
                slots[key] = Slot(key, (name, sub), spec, _humanize(sub))
        else:
            spec = spec_for(field.annotation, list(field.metadata))
            slots[name] = Slot(name, (name,), spec, _humanize(name))
    return slots


@dataclass(frozen=True)
class _DictField:
    """A dictionary setting such as prices[model] or priorities[dimension]."""

    name: str
    prefix: str
    key_options: tuple[str, ...] | None  # None: any text (model names)
    value_model: type[BaseModel] | None
    value_spec: Spec | None


def _dict_fields() -> dict[str, _DictField]:
    fields: dict[str, _DictField] = {}
    for name, field in Scenario.model_fields.items():
        bare = unwrap(field.annotation)[0]
        if get_origin(bare) is not dict:
            continue
        key_type, value_type = get_args(bare)
        value_bare = unwrap(value_type)[0]
        is_model = isinstance(value_bare, type) and issubclass(value_bare, BaseModel)
        prefix = DICT_PREFIXES.get(name, name)
        fields[prefix] = _DictField(
            name=name,
            prefix=prefix,
            key_options=literal_options(unwrap(key_type)[0]),
            value_model=value_bare if is_model else None,
            value_spec=None if is_model else spec_for(value_type, []),
        )
    return fields


FLAT = _flat_slots()
DICTS = _dict_fields()


def dict_slot(key: str) -> Slot | str:
    """The slot for a dictionary key like 'price.input.gpt-4o', or why the key is not one."""
    prefix, dot, rest = key.partition(".")
    field = DICTS.get(prefix)
    if field is None or not dot:
        return "this tool has no setting with that name"
    if field.value_model is not None:
        sub, dot, entry = rest.partition(".")
        model_field = field.value_model.model_fields.get(sub)
        if model_field is None or not dot:
            known = ", ".join(field.value_model.model_fields)
            return f"after '{prefix}.' the link must name one of {known}, then a dot and the model name"
        spec = spec_for(model_field.annotation, list(model_field.metadata))
        label = f"the {prefix} '{sub}' for '{safe_text(entry, ECHO_KEY_CHARS)}'"
        return Slot(key, (field.name, entry, sub), spec, label)
    if field.key_options is not None and rest not in field.key_options:
        return f"'{prefix}.' must be followed by one of: {', '.join(field.key_options)}"
    assert field.value_spec is not None
    return Slot(key, (field.name, rest), field.value_spec, f"{prefix} for '{rest}'")


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
    slot = FLAT.get(_link_key(path))
    spec = slot.spec if slot is not None else _dict_spec(path)
    return FieldRange(minimum=spec.minimum, maximum=spec.maximum, above=spec.above, whole=spec.kind == "int")


def _link_key(path: tuple[str, ...]) -> str:
    prefix = SECTION_PREFIXES.get(path[0], path[0])
    return ".".join((prefix, *path[1:]))


def _dict_spec(path: tuple[str, ...]) -> Spec:
    prefix = DICT_PREFIXES.get(path[0], path[0])
    key = f"{prefix}.{path[2]}.{path[1]}" if len(path) == 3 else f"{prefix}.{path[1]}"
    slot = dict_slot(key)
    if isinstance(slot, str):
        raise KeyError(f"{path} is not a scenario field")
    return slot.spec
