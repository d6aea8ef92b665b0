"""The landing page: what the tool answers and where to go next."""

import streamlit as st

import core
from ui import state

st.title(state.this_page().heading)
st.markdown(
    "Before choosing a fix, name what is failing. **Retrieval (RAG)** repairs *knowledge*: the model cannot see "
    "current, private or citable facts. **Fine-tuning** repairs *behaviour*: the model has the right context but "
    "still answers in the wrong format, tone or policy, or the prompt has grown long and costly. When both are "
    "true, combine them; when nothing clearly fails yet, start with evals and a strong prompt."
)

columns = st.columns(2)
for index, entry in enumerate(state.pages()[1:]):
    with columns[index % 2], st.container(border=True):
        st.subheader(f"{entry.icon} {entry.title}")
        st.write(entry.blurb)
        state.page_link(entry.url_path, label=f"Open {entry.title}", icon=":material/arrow_forward:")

st.caption(
    "Everything runs offline: token counts use vendored tokenizer files, prices come from the installed "
    f"genai-prices {core.genai_prices_version()} catalogue and sourced tables shipped with the app, each row with "
    "its source and date. The address bar always holds your inputs, so copying it shares exactly what you see."
)
