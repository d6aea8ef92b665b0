"""Import every module a page needs once per server process, then take them out of the garbage collector's sight.

Streamlit can force a full garbage collection after every script run (`runner.postScriptGC`); this app turns that
off in `.streamlit/config.toml`, because a full collection walks every object the process holds, and with many
people at once that is every session's state: at 75 people it made the server's turnaround p95 0.86 s instead of
0.07 s and tripled its CPU (README, "How many people one server holds"). Python's own generational collector still
runs, and its full collections would walk the ~160,000 objects plotly's figure classes, pandas, numpy and pydantic
leave behind (~70 ms on this machine). `gc.freeze()` moves the objects alive right after the imports into a
permanent generation the collector skips, so a collection only walks what the runs create. Module objects never
become garbage, so nothing is kept that would otherwise have been freed; later objects are collected as before.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_imports() -> bool:
    """Import the pages' heavy modules and freeze the heap once per process; True on the call that froze it."""
    global _frozen
    if _frozen:
        return False
    with _lock:
        if _frozen:
            return False
        # What the pages import, loaded before the freeze rather than after it (pypdf stays lazy: 13 MB for PDFs).
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import plotly.graph_objects  # noqa: F401

        import charts.compare
        import charts.data
        import charts.decision
        import charts.estimate  # noqa: F401
        import core  # noqa: F401
        import present.report  # noqa: F401

        gc.collect()  # what is already garbage goes now, not into the permanent generation
        gc.freeze()
        _frozen = True
        return True
