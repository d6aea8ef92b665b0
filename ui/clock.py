"""The app's one clock: today's date, or the date in the RAG_FT_TODAY environment variable (YYYY-MM-DD).

The variable lets a maintainer or a browser test see the app as it will look on another day (market data
"may be out of date" 120 days ahead). It is read here only, from the server's environment, never from a URL; an
unreadable value is ignored. Pages pass `today()` to core functions that take `today`.
"""

from __future__ import annotations

import datetime as dt
import os

ENV_VAR = "RAG_FT_TODAY"


def today() -> dt.date:
    """The date the app treats as today."""
    raw = os.environ.get(ENV_VAR, "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return dt.date.today()
