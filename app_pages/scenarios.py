"""Placeholder until this page lands; replaced by its own issue."""

import streamlit as st

st.title("scenarios")
st.info("This page is being built.")
