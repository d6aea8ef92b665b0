"""Maintainer's check of the market data: what to re-check first, and what has already gone out of date.

Prints, for the day given (default: today):
- each market table with its last-checked date, oldest first, "may be out of date" past the limit;
- every dated row of the offerings, retirements, discontinued services and latency tables, oldest source first;
- dates already passed: offerings that take no new jobs or no longer answer, models already retired;
- offerings billed at their base model's rate whose base model is no longer in the installed price catalogue;
- retired answering models still proposed by default (the default model and the presets).
The last line is `MARKET-CHECK {json}` with the counts, for tests and scripts. Offline: reads assets/ and the
installed genai-prices data only.

Usage: python scripts/market_check.py [--today YYYY-MM-DD] [--rows N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import core  # noqa: E402


def as_of_date(text: str) -> dt.date | None:
    """The earliest day an as-of text can mean ("2026" -> 2026-01-01, "2026-08" -> 2026-08-01); None if undated."""
    found = re.match(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if not found:
        return None
    year, month, day = found.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def dated_rows() -> list[tuple[dt.date | None, str, str]]:
    rows: list[tuple[dt.date | None, str, str]] = []
    rows += [(as_of_date(o.as_of), "offering", o.id) for o in core.fine_tuning_offerings()]
    rows += [(as_of_date(r.as_of), "retirement", f"{r.model} ({r.platform or r.provider})") for r in core.retirements()]
    rows += [(as_of_date(d.as_of), "discontinued", d.provider) for d in core.discontinued_offerings()]
    return rows


def passed_dates(today: dt.date) -> list[str]:
    out = []
    for o in core.fine_tuning_offerings():
        if o.new_jobs_until is not None and o.new_jobs_until < today:
            out.append(f"{o.id}: no new jobs since {o.new_jobs_until.isoformat()}")
        if o.inference_until is not None and o.inference_until <= today:
            out.append(f"{o.id}: stopped answering on {o.inference_until.isoformat()}")
    for r in core.retirements():
        if r.retires_on <= today:
            out.append(f"{r.model} ({r.platform or r.provider}): retired on {r.retires_on.isoformat()}")
    return out


def missing_base_models() -> list[str]:
    out = []
    for o in core.fine_tuning_offerings():
        if o.inference == "base_rate":
            price = core.resolve_prices(o.base_model, provider=o.catalogue_provider)
            if price.input is None and price.output is None:
                out.append(f"{o.id}: base model {o.base_model} is not in the price catalogue")
    return out


def retired_defaults(today: dt.date) -> list[str]:
    proposed = {core.DEFAULT_MODEL: "the default answering model"}
    for key in core.PRESETS:
        proposed.setdefault(core.preset_scenario(key).model, f"preset {key}")
    out = []
    for model, where in proposed.items():
        found = core.retirement(model, core.provider_of(model))
        if found is not None and found.retires_on <= today:
            out.append(f"{model} ({where}): retired on {found.retires_on.isoformat()}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD")
    parser.add_argument("--rows", type=int, default=15, help="how many of the oldest rows to list")
    args = parser.parse_args(argv)
    today: dt.date = args.today

    print(f"Market data as seen on {today.isoformat()}: {core.freshness_text(today)}\n")
    print("Tables, oldest check first:")
    stale = 0
    for t in sorted(core.market_tables(), key=lambda t: t.last_checked):
        old = core.is_out_of_date(t.last_checked, today)
        stale += old
        mark = "  may be out of date" if old else ""
        print(f"  {t.last_checked.isoformat()}  {(today - t.last_checked).days:>4} days  {t.path}{mark}")

    rows = dated_rows()
    print(f"\nOldest sources ({args.rows} of {len(rows)} rows; undated first):")
    for when, kind, name in sorted(rows, key=lambda r: (r[0] is not None, r[0] or dt.date.min))[: args.rows]:
        print(f"  {when.isoformat() if when else 'undated   '}  {kind:<12} {name}")

    sections = {
        "Dates already passed": passed_dates(today),
        "Base models no longer in the price catalogue": missing_base_models(),
        "Retired answering models still proposed by default": retired_defaults(today),
    }
    for title, lines in sections.items():
        print(f"\n{title}: {len(lines) or 'none'}")
        for line in lines:
            print(f"  {line}")
    result = {
        "today": today.isoformat(),
        "market_age_days": core.market_age_days(today),
        "stale_tables": stale,
        "passed": len(sections["Dates already passed"]),
        "missing_base_models": len(sections["Base models no longer in the price catalogue"]),
        "retired_defaults": sections["Retired answering models still proposed by default"],
    }
    print("MARKET-CHECK " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
