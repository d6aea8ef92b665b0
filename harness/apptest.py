"""Open the real app (router included) in Streamlit's AppTest at a given page and query string."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import state

ROOT = Path(__file__).resolve().parent.parent


def open_page(page: str | None = None, query: dict[str, str] | None = None, timeout: float = 30) -> AppTest:
    """Run app.py the way a browser would open `/<page>?<query>`; `page` is a file under app_pages/."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}")
        at.run()
    return at


def open_sections(at: AppTest) -> AppTest:
    """Open every expander that draws its content only while open (ui.state.OPEN_SECTIONS), and rerun."""
    for key in state.OPEN_SECTIONS:
        at.session_state[key] = True
    return at.run()


def texts(at: AppTest) -> str:
    """Every piece of visible text on the page, joined, for assertions on what the user reads."""
    parts: list[str] = []
    for kind in (
        "markdown",
        "title",
        "header",
        "subheader",
        "caption",
        "metric",
        "warning",
        "error",
        "info",
        "success",
    ):
        for element in getattr(at, kind):
            value = getattr(element, "value", "")
            label = getattr(element, "label", "")
            parts.append(f"{label} {value}")
    return "\n".join(parts)
