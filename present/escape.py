"""Text a user typed, made inert for where it lands: one escaper per target, used by every page, chart and report.

- `streamlit`: Streamlit's Markdown (and its colour, icon and LaTeX syntax): every special character
  backslash-escaped, so the text reads literally.
- `document`: Markdown documents pasted into a doc or a ticket (GitHub, Jira, Confluence): special
  characters escaped, kept on one line (a table cell), and bare links broken so no renderer makes them clickable.
- `html`: HTML, quotes too, so it is also safe inside an attribute (the report, plotly hover labels).

Messages `core` writes itself echo user text through `core.safe_text`, which also shortens it.
"""

from __future__ import annotations

import html as _html

_STREAMLIT_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~$:")
# Characters Markdown (and GitHub/Jira/Confluence flavours) would interpret inside text or a table cell.
_DOCUMENT_SPECIALS = frozenset("\\`*_[]<>#|~$")


def streamlit(text: str) -> str:
    """Text a user typed, made inert for Streamlit's Markdown (no links, emphasis, colours or LaTeX)."""
    return "".join("\\" + ch if ch in _STREAMLIT_SPECIALS else ch for ch in text)


def document(text: str) -> str:
    """Neutralise Markdown in user text: backslash-escape special characters, keep it on one line, and break
    bare links (`://`, `www.`) so no renderer turns them into something clickable."""
    flat = " ".join(text.split())
    escaped = "".join(f"\\{char}" if char in _DOCUMENT_SPECIALS else char for char in flat)
    return escaped.replace("://", ":\\/\\/").replace("www.", "www\\.")


def html(value: object) -> str:
    """HTML-escape anything (quotes too, so it is also safe inside an attribute)."""
    return _html.escape(str(value), quote=True)


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet(text: str) -> str:
    """Text for a CSV cell a spreadsheet will open: a leading quote keeps a formula-looking cell as text."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
