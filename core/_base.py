"""What every core module shares: the frozen base model, where the data files live, how they are read, and how a
model name is normalised. One place each, so a table is read and a name is matched the same way everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


class Frozen(BaseModel):
    """Read-only data shared by every session: frozen so no session can change what another one sees."""

    model_config = ConfigDict(frozen=True, extra="forbid")


_M = TypeVar("_M", bound=BaseModel)


def asset_path(*parts: str) -> Path:
    """A file under assets/."""
    return ASSETS_DIR.joinpath(*parts)


def read_csv(*parts: str) -> list[dict[str, str]]:
    """Rows of a CSV under assets/ as dictionaries keyed by the header, every cell stripped."""
    with asset_path(*parts).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def number(text: str) -> float | None:
    """A table cell as a number; an empty cell is None (unknown), never 0."""
    return float(text) if text else None


def whole(text: str) -> int | None:
    """A table cell as a whole number; empty is None."""
    return int(text) if text else None


def day(text: str) -> dt.date | None:
    """A table cell as a date (YYYY-MM-DD); empty is None."""
    return dt.date.fromisoformat(text) if text else None


def flag(text: str) -> bool:
    """A table cell as yes/no: 'yes', 'true' or '1' are yes."""
    return text.lower() in ("yes", "true", "1")


def normalize_model_name(name: str) -> str:
    """Lower-case, trim, and turn inner whitespace into one hyphen ("GPT-4o  mini" -> "gpt-4o-mini")."""
    return "-".join(name.lower().split())


def base_model_name(model: str) -> str:
    """The base model behind a name: `ft:gpt-4o-mini-2024-07-18:org::abc` -> `gpt-4o-mini-2024-07-18`."""
    name = normalize_model_name(model)
    if name.startswith("ft:"):
        # OpenAI fine-tune ids are ft:<base>:<org>:<suffix>:<id>; only the base names the model.
        name = name[3:].split(":", 1)[0]
    return name


def model_family(model: str) -> str:
    """A model without its fine-tune wrapper, provider prefix and date suffix, for matching names across tables:
    "ft:gpt-4o-mini-2024-07-18", "openai/gpt-4o-mini" and "GPT-4o-mini" are all "gpt-4o-mini"."""
    parts = base_model_name(model).rsplit("/", 1)[-1].split("-")
    while len(parts) > 1 and parts[-1].isdigit():
        parts.pop()
    return "-".join(parts)


def aliases(text: str) -> tuple[str, ...]:
    """A `;`-separated alias cell as normalised names."""
    return tuple(normalize_model_name(a) for a in text.split(";") if a.strip())


def read_table(model: type[_M], *parts: str) -> tuple[_M, ...]:
    """Every row of a CSV under assets/ as a validated `model`: an empty cell is None (unknown, never 0) where the
    field requires a value, and the field's default where it has one; pydantic converts numbers, dates and yes/no."""
    rows = []
    for row in read_csv(*parts):
        data = {
            key: (value if value != "" else None)
            for key, value in row.items()
            if key in model.model_fields and (value != "" or model.model_fields[key].is_required())
        }
        rows.append(model.model_validate(data))
    return tuple(rows)


# Column types for table models: a model name matched the way people type it, and a `;`-separated alias list.
ModelName = Annotated[str, BeforeValidator(lambda v: v if v == "*" else normalize_model_name(str(v)))]
Aliases = Annotated[tuple[str, ...], BeforeValidator(lambda v: aliases(v or "") if isinstance(v, str | None) else v)]
