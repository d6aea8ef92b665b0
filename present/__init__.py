"""How results read: number formatting, one escaper per target format, and the meeting report. Pure Python over
`core` results, no Streamlit, so charts, pages and exports all say the same thing the same way."""
