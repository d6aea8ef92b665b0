"""Where a pixel is drawn: pure builders `(core result, ...) -> plotly Figure`, testable without a browser.

One module per page (`decision`, `estimate`, `compare`); `theme` holds the shared colours and layout so every
chart reads the same on a projector.
"""
