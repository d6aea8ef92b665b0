"""The Streamlit glue the pages share: the session's scenario mirrored in the URL (state), Estimate's panels and
the import warm-up. Pure presentation (formatting, the report) lives in `present/`."""
