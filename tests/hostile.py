"""What the safety tests share: the pages app.py registers, markup that must stay text, and a corpus of bad files.

The page list is read from app.py itself, so a page added to the router is covered by every safety test without
anyone remembering to list it here.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class RegisteredPage:
    """One st.Page entry of app.py: its file under app_pages/, its URL path ('' for the default page), its title."""

    file: str
    url_path: str
    title: str

    @property
    def id(self) -> str:
        return self.file.removesuffix(".py")


def registered_pages() -> list[RegisteredPage]:
    """Every page the router registers, read from app.py's `st.Page(...)` calls in order."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages: list[RegisteredPage] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"):
            continue
        first = node.args[0] if node.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        url_path = keywords.get("url_path")
        title = keywords.get("title")
        default = keywords.get("default")
        path = first.value
        is_default = isinstance(default, ast.Constant) and default.value is True
        pages.append(
            RegisteredPage(
                file=path.removeprefix("app_pages/"),
                url_path="" if is_default else (url_path.value if isinstance(url_path, ast.Constant) else ""),
                title=title.value if isinstance(title, ast.Constant) else path,
            )
        )
    return pages


def is_placeholder(page: RegisteredPage) -> bool:
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
