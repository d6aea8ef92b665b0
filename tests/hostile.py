"""What the safety tests share: markup that must stay text, and a corpus of bad files. The pages they visit are
the router's own list (`app.PAGES`), so a page added to the app is covered without anyone listing it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from present.pages import PageEntry

ROOT = Path(__file__).resolve().parent.parent

# Typed into every text box, used as the scenario name and as an uploaded file's name: each must stay text.
MARKUP = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
)
FIVE_MB_TEXT = ("All work and no play makes Jack a dull boy. " * 120_000)[: 5 * 1024 * 1024]


def is_placeholder(page: PageEntry) -> bool:
    """Whether the page is still the 'being built' stub its owner has not replaced yet."""
    text = (ROOT / "app_pages" / page.file).read_text(encoding="utf-8")
    return "Placeholder until this page lands" in text


# ---------------------------------------------------------------------------------------------------------
# Bad files: (name stem, content builder). Builders are lazy because two of them are tens of megabytes.
# ---------------------------------------------------------------------------------------------------------


def _nested_json(depth: int) -> bytes:
    return b'{"messages": ' + b"[" * depth + b"]" * depth + b"}\n"


def _nested_objects(depth: int) -> bytes:
    return (b'{"a": ' * depth) + b"1" + (b"}" * depth) + b"\n"


def _utf16_example() -> bytes:
    line = json.dumps(
        {"messages": [{"role": "user", "content": "Hallo"}, {"role": "assistant", "content": "Grüß dich"}]}
    )
    return ((line + "\n") * 20).encode("utf-16")


# Files no reader can use, whatever the upload box is for: each must get a plain message.
UNREADABLE_FILES = ("binary", "zip_renamed", "invalid_utf8", "fake_pdf")

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

BAD_FILES: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "binary": lambda: PNG_HEADER + bytes(range(256)) * 64,
    "zip_renamed": lambda: b"PK\x03\x04" + bytes(range(256)) * 16,
    "utf16": _utf16_example,
    "invalid_utf8": lambda: b'{"messages": "\xff\xfe\xfd"}\n' * 10,
    "fake_pdf": lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage without xref\n%%EOF\n",
    # Words, not one repeated letter: a 50 MB run of 'aaaa' takes minutes in any BPE tokenizer (reported apart).
    "single_line_50mb": lambda: (
        b'{"messages": [{"role": "user", "content": "' + b"lorem ipsum dolor sit amet " * (2 * 1024 * 1024) + b'"}]}'
    ),
    "million_tiny_lines": lambda: b"{}\n" * 1_000_000,
    "deeply_nested_arrays": lambda: _nested_json(100_000),
    "deeply_nested_objects": lambda: _nested_objects(50_000),
    "json_not_object": lambda: b"[1, 2, 3]\n",
    "nul_bytes": lambda: b"\x00" * 100_000,
}
