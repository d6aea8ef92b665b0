"""What the app knows about each of its pages. The list itself is stated once, in app.py (`PAGES`): the router
builds its `st.Page`s from it and hands it to the pages (`ui.state.pages()`), and the safety tests and the benches
import it (`from app import PAGES`), so a page added there is in the sidebar, on the start page and in every test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page of the app."""

    file: str  # its script under app_pages/
    url_path: str  # where it lives in the URL; '' for the start page
    title: str  # its name in the sidebar
    icon: str
    heading: str  # the title it opens with
    blurb: str = ""  # the start page's line about it

    @property
    def id(self) -> str:
        """The script's name without `.py`: a stable id for tests and logs."""
        return self.file.removesuffix(".py")

    @property
    def script(self) -> str:
        """The script's path from the project root, as `st.Page` and `st.switch_page` take it."""
        return f"app_pages/{self.file}"
