"""What the pages share: session state and URL sync (state) and the meeting report (report).

`ui.report` is pure (no Streamlit); `ui.state` is the Streamlit-aware part.
"""
