"""The parts of the load bench (bench/load.py is its command-line front).

- `session`: one person in Chromium, and timing an input on the page's own clock;
- `journey`: the walk through every page a browser session makes, and one browser's first visits alone;
- `drive`: the browsers and the protocol-level crowd at once, with the machine's CPU read around them;
- `report`: the figures, printed and as the `LOAD-RESULT {json}` line.
"""
