"""Import every module a page needs once per server process, then take them out of the garbage collector's sight.

After every script run Streamlit forces a full garbage collection (`runner.postScriptGC`), which walks every
object the process holds: with plotly's figure classes, pandas, numpy and pydantic loaded that is ~160,000
objects and ~70 ms per run on this machine — more than the Estimate page itself takes. `gc.freeze()` moves the
objects alive right after the imports into a permanent generation the collector skips, so the forced collection
only walks what the runs create (measured: 72 ms → under 1 ms). Module objects never become garbage, so nothing
is kept that would otherwise have been freed; later objects are collected as before.
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
