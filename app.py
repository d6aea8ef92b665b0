"""Router: every page shares one scenario (kept in session state and mirrored in the URL).

`PAGES` is the app's one list of pages. Streamlit runs this file as `__main__`; importing it (the safety tests and
the benches do) reads the list without starting anything.
"""

from present.pages import PageEntry

PAGES = (
    PageEntry(
        "home.py",
        url_path="",
        title="Start here",
        icon=":material/home:",
        heading="RAG, fine-tuning, or both?",
    ),
    PageEntry(
        "diagnose.py",
        url_path="diagnose",
        title="Diagnose",
        icon=":material/stethoscope:",
        heading="Diagnose: what exactly is failing?",
        blurb="Answer yes/no questions about what goes wrong today. Get a strategy with its reasons, the risks in "
        "your team's current leaning, next steps, and a decision matrix weighted by what matters to you.",
    ),
    PageEntry(
        "evidence.py",
        url_path="evidence",
        title="Evidence",
        icon=":material/fact_check:",
        heading="Evidence: what your own eval results say is failing",
        blurb="Upload your eval log (RAGAS, DeepEval, promptfoo, LangSmith or plain columns). Every row gets a "
        "verdict with its reason (correct, knowledge, behaviour, format, inconsistent), and the counts fill "
        "Diagnose's answers and the cost per correct answer.",
    ),
    PageEntry(
        "estimate.py",
        url_path="estimate",
        title="Estimate",
        icon=":material/calculate:",
        heading="Estimate: what each option costs, and how long users wait",
        blurb="Paste your real prompt and set your volume. See what one request, a month and a year cost for each "
        "strategy, when fine-tuning pays back, and how long a user waits — with every formula and source.",
    ),
    PageEntry(
        "scenarios.py",
        url_path="scenarios",
        title="Scenarios",
        icon=":material/compare:",
        heading="Scenarios: compare options side by side",
        blurb="Start from a familiar case (support bot, contract extraction, engineering assistant, …), compare up "
        "to four side by side, and take a link, a file or a report into the meeting.",
    ),
    PageEntry(
        "your_data.py",
        url_path="your_data",
        title="Your data",
        icon=":material/upload_file:",
        heading="Your data: check a training file, size a corpus",
        blurb="Check a fine-tuning JSONL file before paying for training, size a document corpus for retrieval, "
        "and carry the real numbers into the estimate.",
    ),
)

if __name__ == "__main__":
    from ui import router

    router.run(PAGES)
