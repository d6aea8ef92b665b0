"""The landing page: what the tool answers and where to go next."""

import streamlit as st

st.title("RAG, fine-tuning, or both?")
st.markdown(
    "Before choosing a fix, name what is failing. **Retrieval (RAG)** repairs *knowledge*: the model cannot see "
    "current, private or citable facts. **Fine-tuning** repairs *behaviour*: the model has the right context but "
    "still answers in the wrong format, tone or policy, or the prompt has grown long and costly. When both are "
    "true, combine them; when nothing clearly fails yet, start with evals and a strong prompt."
)
left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader(":material/stethoscope: Diagnose")
    st.write("Answer a few yes/no questions and get a recommendation with its reasons, risks and next steps.")
    st.page_link("app_pages/diagnose.py", label="Open Diagnose", icon=":material/arrow_forward:")
