"""Placeholder until this page lands; replaced by its own issue."""

import streamlit as st

st.title("estimate")
st.info("This page is being built.")
