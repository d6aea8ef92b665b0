"""The landing page: what the tool answers and where to go next."""

import streamlit as st

import core

st.title("RAG, fine-tuning, or both?")
st.markdown(
    "Before choosing a fix, name what is failing. **Retrieval (RAG)** repairs *knowledge*: the model cannot see "
    "current, private or citable facts. **Fine-tuning** repairs *behaviour*: the model has the right context but "
    "still answers in the wrong format, tone or policy, or the prompt has grown long and costly. When both are "
    "true, combine them; when nothing clearly fails yet, start with evals and a strong prompt."
)

CARDS = [
    (
        "app_pages/diagnose.py",
        ":material/stethoscope:",
        "Diagnose",
        "Answer yes/no questions about what goes wrong today. Get a strategy with its reasons, the risks in "
        "your team's current leaning, next steps, and a decision matrix weighted by what matters to you.",
    ),
    (
        "app_pages/estimate.py",
        ":material/calculate:",
        "Estimate",
        "Paste your real prompt and set your volume. See what one request, a month and a year cost for each "
        "strategy, when fine-tuning pays back, and how long a user waits — with every formula and source.",
    ),
    (
        "app_pages/scenarios.py",
        ":material/compare:",
        "Scenarios",
        "Start from a familiar case (support bot, contract extraction, engineering assistant, …), compare up "
        "to four side by side, and take a link, a file or a report into the meeting.",
    ),
    (
        "app_pages/your_data.py",
        ":material/upload_file:",
        "Your data",
        "Check a fine-tuning JSONL file before paying for training, size a document corpus for retrieval, "
        "and carry the real numbers into the estimate.",
    ),
]

columns = st.columns(2)
for index, (path, icon, title, blurb) in enumerate(CARDS):
    with columns[index % 2], st.container(border=True):
        st.subheader(f"{icon} {title}")
        st.write(blurb)
        st.page_link(path, label=f"Open {title}", icon=":material/arrow_forward:")

st.caption(
    "Everything runs offline: token counts use vendored tokenizer files, prices come from the installed "
    f"genai-prices {core.genai_prices_version()} catalogue and sourced tables shipped with the app, each row with "
    "its source and date. The address bar always holds your inputs, so copying it shares exactly what you see."
)
