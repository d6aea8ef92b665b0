"""Pydantic validation errors on a scenario, turned into one plain sentence per problem."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from core._fields import ECHO_KEY_CHARS, Spec, is_union, number_text, spec_for, unwrap
from core._models import Scenario
from core._text import ECHO_VALUE_CHARS, safe_text


def resolve_location(
    loc: tuple[int | str, ...], root: type[BaseModel] = Scenario
) -> tuple[list[int | str], Spec | None, bool]:
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
        bare = unwrap(current)[0] if current is not None else None
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
        elif is_union(bare) and isinstance(segment, str):
            continue  # a union-member tag, not part of the user's path
        else:
            path.append(segment)
            current = None
    if current is None or key_problem:
        return path, None, key_problem
    bare = unwrap(current)[0]
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return path, None, key_problem
    return path, spec_for(current, metadata), key_problem


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


def _message(error: Mapping[str, Any], spec: Spec | None, key_problem: bool) -> str:
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
        return f"must be at least {number_text(ctx['ge'])}"
    if "le" in ctx:
        return f"must be at most {number_text(ctx['le'])}"
    return "has a value this tool cannot use"


def _path_text(path: list[int | str]) -> str:
    return ".".join(str(part) for part in path) or "the scenario"


def echo(value: object) -> str:
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
        bare = unwrap(pending.pop())[0]
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
    grouped: dict[tuple[int | str, ...], tuple[Spec | None, bool, list[Mapping[str, Any]]]] = {}
    root = _MODELS.get(exc.title, Scenario)
    for error in exc.errors():
        path, spec, key_problem = resolve_location(tuple(error["loc"]), root)
        entry = grouped.setdefault(tuple(path), (spec, key_problem, []))
        entry[2].append(error)
    sentences = []
    for location, (spec, key_problem, errors) in grouped.items():
        messages = list(dict.fromkeys(_message(e, spec, key_problem) for e in errors))
        where = safe_text(_path_text(list(location)), limit=ECHO_VALUE_CHARS + ECHO_KEY_CHARS)
        got = echo(errors[0].get("input")) if errors[0].get("type") != "missing" else ""
        sentences.append(f"'{where}': {' or '.join(messages)}{got}")
    return sentences
