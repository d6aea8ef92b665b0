"""User text echoed back in a note: shortened and made inert for Streamlit's Markdown, in one place."""

from __future__ import annotations

ECHO_VALUE_CHARS = 60
# Characters Streamlit's Markdown (and its LaTeX and colour syntax) would interpret.
_MARKDOWN_CHARS = frozenset("*_[]()<>`#|\\~$")


def safe_text(text: str, limit: int = ECHO_VALUE_CHARS) -> str:
    """Shorten user text and neutralise characters Markdown would interpret, so it can be echoed in a note.

    An underscore between two letters or digits is kept (Markdown leaves it alone), so 'top_k' reads right.
    """
    if len(text) > limit:
        text = text[:limit] + "…"
    out = []
    for index, char in enumerate(text):
        if char == "_":
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            out.append("_" if before.isalnum() and after.isalnum() else "?")
        elif char in _MARKDOWN_CHARS:
            out.append("?")
        elif not char.isprintable():
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)
