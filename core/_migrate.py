"""Old links and files keep working: what version 1 (before fine-tuning offerings and people's time) meant, read
into today's scenario, with a plain note for everything that was moved or replaced.

Version 1 named the model to fine-tune (`ft.model`, `fine_tuning.model`) and kept fine-tuned prices under
`ft:<model>`; today a fine-tuning *offering* (provider + base model) holds them. A version-1 link also left out
whatever equalled that version's defaults, so those defaults are filled in first (the answering model and the
model to fine-tune were gpt-4o-mini, and people's time did not exist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from core._offerings import Offering, offering_ids, replacement_offering
from core._text import safe_text

OLD_VERSION = 1
V1_MODEL = "gpt-4o-mini"
_PRICE_MOVES = {
    "input": "input_usd_per_mtok",
    "cached_input": "cached_input_usd_per_mtok",
    "output": "output_usd_per_mtok",
    "training": "training_usd_per_mtok",
}
V1_NOTE = (
    "This link was made by an earlier version of the tool: it opens with the values it holds and, where it says "
    "nothing, the defaults of that time ({model}, fine-tuned through OpenAI, people's time left out). Prices, "
    "caching rules and fine-tuning offerings are today's, so the figures can differ from what was shown then."
)


def _replacement(name: str, today: dt.date) -> Offering:
    return replacement_offering(name.removeprefix("ft:").split(":", 1)[0], today)


def _moved(what: str, old: str, target: Offering) -> str:
    return f"{what} '{safe_text(old)}' from the link now belongs to the fine-tuning offering {target.label}."


def migrate_link(params: Mapping[str, str], today: dt.date) -> tuple[dict[str, str], list[str]]:
    """A version-1 link's parameters as version-2 ones, and a note for each value moved (values already checked
    for type are not touched here; they are read as usual afterwards)."""
    out = {k: v for k, v in params.items()}
    notes = [V1_NOTE.format(model=V1_MODEL)]
    old_ft = out.pop("ft.model", None)
    target = _replacement(old_ft if old_ft is not None else V1_MODEL, today)
    if old_ft is not None:
        notes.append(f"The model to fine-tune '{safe_text(old_ft)}' is now an offering: {target.label}.")
    out.setdefault("ft.offering", target.id)
    out.setdefault("model", V1_MODEL)
    out.setdefault("people.include", "0")
    for key in [k for k in out if k.startswith(("price.", "latency."))]:
        kind, _, rest = key.partition(".")
        field, _, model = rest.partition(".")
        tuned = model.lower().startswith("ft:")
        if not tuned and field != "training":
            continue
        value = out.pop(key)
        if not tuned:  # version 1 never used a training price set on a base model
            notes.append(
                f"A training price for '{safe_text(model)}' was left out: it belongs to a fine-tuning offering."
            )
            continue
        where = _replacement(model, today)
        if kind == "latency":
            out[f"latency.{field}.{where.id}"] = value
        elif field in _PRICE_MOVES:
            out[f"offering.{_PRICE_MOVES[field]}.{where.id}"] = value
            notes.append(_moved(f"The {field.replace('_', ' ')} price for", model, where))
    return out, notes


def migrate_file(document: dict[str, Any], today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """A schema-version-1 scenario file as a version-2 document, and a note for each value moved."""
    doc = dict(document)
    notes = [V1_NOTE.format(model=V1_MODEL).replace("This link", "This file")]
    ft = dict(doc.get("fine_tuning") or {}) if isinstance(doc.get("fine_tuning", {}), dict) else doc["fine_tuning"]
    if isinstance(ft, dict):
        old = ft.pop("model", None)
        target = _replacement(old if isinstance(old, str) else V1_MODEL, today)
        if isinstance(old, str):
            notes.append(f"The model to fine-tune '{safe_text(old)}' is now an offering: {target.label}.")
        ft.setdefault("offering", target.id)
        doc["fine_tuning"] = ft
    else:
        target = _replacement(V1_MODEL, today)
    doc.setdefault("model", V1_MODEL)
    people = doc.setdefault("people", {})
    if isinstance(people, dict):
        people.setdefault("include", False)
    prices = doc.get("prices")
    if isinstance(prices, dict):
        doc["prices"], moved = _move_file_prices(prices, target, today)
        notes += moved
        offering_prices = _file_offering_prices(prices, today)
        if offering_prices:
            doc.setdefault("offering_prices", {}).update(offering_prices)
    return doc, notes


def _move_file_prices(prices: dict[str, Any], target: Offering, today: dt.date) -> tuple[dict[str, Any], list[str]]:
    kept: dict[str, Any] = {}
    notes = []
    for model, entry in prices.items():
        if not isinstance(entry, dict):
            kept[model] = entry
            continue
        if str(model).lower().startswith("ft:"):
            notes.append(_moved("The prices for", str(model), _replacement(str(model), today)))
            continue
        if "training" in entry:  # version 1 never used a training price set on a base model
            notes.append(
                f"A training price for '{safe_text(str(model))}' was left out: it belongs to a fine-tuning offering."
            )
        rest = {k: v for k, v in entry.items() if k != "training"}
        if rest:
            kept[model] = rest
    return kept, notes


def _file_offering_prices(prices: dict[str, Any], today: dt.date) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for model, entry in prices.items():
        if not isinstance(entry, dict) or not str(model).lower().startswith("ft:"):
            continue
        where = _replacement(str(model), today)
        for field, value in entry.items():
            if field in _PRICE_MOVES and value is not None:
                out.setdefault(where.id, {})[_PRICE_MOVES[field]] = value
    return out


def unknown_offering(value: str, today: dt.date) -> Offering | None:
    """For an offering id that does not exist, the offering to open instead (same base model where one exists);
    None when the id exists."""
    if value.strip().lower() in offering_ids():
        return None
    return _replacement(value.rsplit("/", 1)[-1], today)
