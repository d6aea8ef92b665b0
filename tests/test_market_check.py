"""scripts/market_check.py: the maintainer's list of what is old, what has passed and what is still proposed."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import core
from harness.results import run_script

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "market_check.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("market_check", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_120_days_on_every_table_is_old_and_passed_dates_are_listed() -> None:
    result, done = run_script("scripts/market_check.py", ["--today", "2027-04-04"], "MARKET-CHECK ", timeout_s=120)
    # The oldest table was checked 2026-12-01: 2027-04-04 is 31 + 31 + 28 + 31 + 3 = 124 days later.
    assert result["market_age_days"] == 124
    assert result["stale_tables"] == len(core.market_tables())
    assert "vertex/gemini-2.5-flash: no new jobs since 2026-10-20" in done.stdout
    assert "gpt-5 (openai): retired on 2026-12-11" in done.stdout
    assert "azure/gpt-4.1:" not in done.stdout  # Azure still trains gpt-4.1 until 2027-04-14
    assert result["missing_base_models"] == 0 and result["retired_defaults"] == []


def test_on_the_audit_day_nothing_is_old_and_gpt_5_has_not_gone_yet() -> None:
    result, done = run_script("scripts/market_check.py", ["--today", "2026-12-05"], "MARKET-CHECK ", timeout_s=120)
    assert result["stale_tables"] == 0 and result["market_age_days"] == 4
    assert "gpt-5 (openai)" not in done.stdout


def test_a_retired_default_model_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _module()
    monkeypatch.setattr(core, "DEFAULT_MODEL", "gpt-5")
    assert module.retired_defaults(dt.date(2026, 12, 11)) == [
        "gpt-5 (the default answering model): retired on 2026-12-11"
    ]
    assert module.retired_defaults(dt.date(2026, 12, 10)) == []
    assert module.as_of_date("2026-08") == dt.date(2026, 8, 1) and module.as_of_date("unknown") is None
