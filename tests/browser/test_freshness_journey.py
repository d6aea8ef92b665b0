"""Market data ages: a server whose clock is set 120 days after the market data was checked (RAG_FT_TODAY, read
only from the server's environment) marks the offerings, the Prices tab and the cards "may be out of date"."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from unittest import mock

import pytest
from playwright.sync_api import Page, expect

import core
from harness.browser import settle
from harness.server import free_port, start_server, stop
from ui import clock

AHEAD = core.market_checked_on() + dt.timedelta(days=120)


@pytest.fixture(scope="module")
def late_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    with mock.patch.dict(os.environ, {clock.ENV_VAR: AHEAD.isoformat()}):
        server = start_server(port, tmp_path_factory.mktemp("late") / "server.log")
    yield f"http://127.0.0.1:{port}"
    stop(server, timeout_s=10)


def test_market_data_120_days_old_may_be_out_of_date(late_server: str, page: Page) -> None:
    page.goto(f"{late_server}/estimate?people.include=0")
    settle(page)
    expect(page.get_by_text("(120 days ago): may be out of date").first).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Fine-tuning", exact=True).click()
    settle(page)
    expect(page.get_by_text("Offerings checked").first).to_be_visible()
    expect(page.get_by_text("may be out of date", exact=True).first).to_be_visible()
    page.get_by_role("tab", name="Prices", exact=True).click()
    settle(page)
    expect(page.get_by_text("may be out of date", exact=True).first).to_be_visible()
    # A URL cannot move the clock: the same page with a made-up date parameter still reads the server's.
    page.goto(f"{late_server}/estimate?people.include=0&today=2026-12-05")
    settle(page)
    expect(page.get_by_text("(120 days ago)").first).to_be_visible(timeout=30_000)
