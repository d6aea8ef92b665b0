"""The app's pages, stated once: the router builds its `st.Page`s from this list, the start page its cards, the
safety tests and the benches the pages they visit. Adding a page here puts it in all of them."""

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

    @property
    def is_start(self) -> bool:
        return self.url_path == ""


START = PageEntry("home.py", "", "Start here", ":material/home:", "RAG, fine-tuning, or both?")
DIAGNOSE = PageEntry(
    "diagnose.py",
    "diagnose",
    "Diagnose",
    ":material/stethoscope:",
    "Diagnose: what exactly is failing?",
    "Answer yes/no questions about what goes wrong today. Get a strategy with its reasons, the risks in your "
    "team's current leaning, next steps, and a decision matrix weighted by what matters to you.",
)
ESTIMATE = PageEntry(
    "estimate.py",
    "estimate",
    "Estimate",
    ":material/calculate:",
    "Estimate: what each option costs, and how long users wait",
    "Paste your real prompt and set your volume. See what one request, a month and a year cost for each "
    "strategy, when fine-tuning pays back, and how long a user waits — with every formula and source.",
)
SCENARIOS = PageEntry(
    "scenarios.py",
    "scenarios",
    "Scenarios",
    ":material/compare:",
    "Scenarios: compare options side by side",
    "Start from a familiar case (support bot, contract extraction, engineering assistant, …), compare up to "
    "four side by side, and take a link, a file or a report into the meeting.",
)
YOUR_DATA = PageEntry(
    "your_data.py",
    "your_data",
    "Your data",
    ":material/upload_file:",
    "Your data: check a training file, size a corpus",
    "Check a fine-tuning JSONL file before paying for training, size a document corpus for retrieval, and "
    "carry the real numbers into the estimate.",
)

PAGES: tuple[PageEntry, ...] = (START, DIAGNOSE, ESTIMATE, SCENARIOS, YOUR_DATA)
BY_URL_PATH = {entry.url_path: entry for entry in PAGES}
