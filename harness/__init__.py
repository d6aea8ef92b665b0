"""What tests, benches, deploy checks and scripts share to drive the real app: a server, a browser, the machine.

- `harness.server`: start `streamlit run app.py` on a free loopback port and wait for its health endpoint;
- `harness.browser`: Debian's Chromium and the flags every run uses, the app's sidebar links, waiting for a page;
- `harness.machine`: CPU and memory of a process tree from /proc, and the percentile figures the benches print;
- `harness.apptest`: the real app (router included) in Streamlit's AppTest at a page and a query string;
- `harness.results`: the one JSON line a bench or check prints last, and reading it back.

Nothing here is part of the app: the image (Dockerfile) does not copy this folder.
"""
