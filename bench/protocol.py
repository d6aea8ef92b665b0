"""One person's browser tab, simulated at the protocol level: Streamlit's websocket protocol spoken from Python.

A `Tab` does what the browser does, as recorded from Chromium's own frames: it asks `/_stcore/health` (which sets
the XSRF cookie), opens `/_stcore/stream` with the subprotocols `streamlit, <xsrf token>[, <old session id>]`,
sends `rerun_script` BackMsgs (with the address bar's query string; on a page switch with the target page's hash
and the query string of the sidebar link it clicked), uploads files over HTTP (`file_urls_request`, then a PUT
with the XSRF header) and downloads what a download button points at. It keeps its cookies, its address bar and
the replica that answered (the `X-Replica` header a proxy adds). When the server goes away it does what Chromium
was seen doing: reconnect (health, then a new websocket asking for the old session) and send the pending input
as the first message of the new connection. Two differences from a browser, cheaper for the harness and neutral
for the server: a rerun carries only the widget that changed (the server keeps the others' values, as it does
for a browser's), and nothing is drawn.

A `Person` walks the same journey as bench/load.py's browsers at a meeting's pace, and checks that every answer
carries this person's own numbers, computed here with `core.estimate` / `core.recommend` (never hard-coded).

`Visitor` is what both kinds of person share (their own numbers, pace and training file); `people` makes a
crowd of either kind, and `walk_all` walks a crowd of protocol-level people at once, bounded in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

import core  # noqa: E402
from app import PAGES  # noqa: E402
from present import format as fmt  # noqa: E402
from present.pages import PageEntry  # noqa: E402

TIMEOUT_S = 60.0  # one rerun or request; a busy server is slow, not broken
RECONNECT_S = 60.0  # how long a tab keeps trying to reach a server again, as the browser's "Connecting" does
NO_PRICE = "no price"  # what an Estimate card shows when a price is missing (ui/estimate_panels.py)
TICKED_QUESTION = "needs_citations"
TRAINING_LINE = json.dumps(
    {
        "messages": [
            {"role": "system", "content": "You answer refund questions for a shoe shop."},
            {"role": "user", "content": "Can I return shoes after 40 days?"},
            {"role": "assistant", "content": "Returns are accepted within 30 days of delivery."},
        ]
    }
)
BROKEN_LINE = "this line is not JSON"  # one problem per file, so the page offers its problems CSV to download
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")


def monthly_figures(scenario: core.Scenario) -> list[str]:
    """The four 'Per month' figures the Estimate page must show for `scenario`, formatted as the page does."""
    result = core.estimate(scenario)
    return [NO_PRICE if s.monthly_usd is None else fmt.usd(s.monthly_usd) for s in result.strategies.values()]


def recommended_label(ticked: dict[str, bool]) -> str:
    """The strategy Diagnose must show in large type for these ticked answers."""
    return core.STRATEGY_LABELS[core.recommend(core.Answers(**ticked)).strategy]


# ---------------------------------------------------------------------------------------------------------
# One tab
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """What the server sent for one rerun, and how long it took (BackMsg sent -> script_finished received)."""

    seconds: float
    elements: list[Any]  # every new_element delta, in order
    exceptions: list[str]
    downloads: list[str]  # download button URLs
    reconnected: bool = False  # the server had gone: this input was the first message to a new session

    def metrics(self, label: str) -> list[str]:
        return [e.metric.body for e in self.elements if e.WhichOneof("type") == "metric" and e.metric.label == label]

    def widget(self, kind: str, label: str) -> Any | None:
        for element in self.elements:
            if element.WhichOneof("type") == kind and getattr(element, kind).label == label:
                return getattr(element, kind)
        return None

    def markdown(self) -> list[str]:
        return [e.markdown.body for e in self.elements if e.WhichOneof("type") == "markdown"]


@dataclass
class Reconnect:
    """One time the tab lost its server and reached one again."""

    waited_s: float  # from noticing the loss to the new websocket open
    from_replica: str
    to_replica: str


class Tab:
    """One browser tab on `base` (http://host:port): its cookies, its websocket, its address bar, its replica."""

    def __init__(self, base: str, reconnect: bool = True, cookies: dict[str, str] | None = None) -> None:
        self.base = base.rstrip("/")
        self.allow_reconnect = reconnect
        self.cookies: dict[str, str] = dict(cookies or {})
        self.query_string = ""  # what the address bar holds
        self.page_hash = ""  # the page on screen
        self.page_path = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash, from the navigation message
        self.links: dict[str, str] = {}  # page script hash -> query string of the last link to it the page drew
        self.session_id = ""
        self.socket: Any = None
        self.replica = ""  # the replica of the current connection ("direct" without a proxy)
        self.replica_mismatches: list[str] = []  # requests a proxy sent to another replica than the websocket's
        self.reconnects: list[Reconnect] = []

    # -- HTTP, as the browser does it, with this tab's cookies -------------------------------------------------

    def _keep_cookies(self, set_cookie_headers: list[str]) -> None:
        for cookie in set_cookie_headers:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _http(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes, str]:
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        if self.cookies:
            request.add_header("Cookie", self._cookie_header())
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
                status, content, answer_headers = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:
            status, content, answer_headers = error.code, error.read(), error.headers
        self._keep_cookies(answer_headers.get_all("Set-Cookie") or [])
        return status, content, answer_headers.get("X-Replica", "direct")

    async def http(self, method: str, path: str, body: bytes | None = None, **headers: str) -> tuple[int, bytes]:
        """One HTTP request in a worker thread; notes it when a proxy sent it to another replica than the
        websocket's (the request could not have found this tab's session there)."""
        status, content, replica = await asyncio.to_thread(self._http, method, path, body, headers)
        if self.replica and replica != self.replica and status < 500:
            where = path.split("?")[0]
            self.replica_mismatches.append(f"{method} {where} went to {replica}, the tab is on {self.replica}")
        return status, content

    # -- the websocket -----------------------------------------------------------------------------------------

    async def connect(self, deadline_s: float = TIMEOUT_S) -> None:
        """Ask for health until the server answers (this sets the XSRF cookie), then open the websocket."""
        deadline = time.monotonic() + deadline_s
        self.replica = ""
        while True:
            try:
                status, _ = await self.http("GET", "/_stcore/health")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.base} did not become healthy within {deadline_s:.0f} s")
            await asyncio.sleep(0.2)
        protocols = ["streamlit", self.cookies.get("_streamlit_xsrf", "")]
        if self.session_id:
            protocols.append(self.session_id)  # the browser asks for its old session back
        headers = {"Origin": self.base}
        if self.cookies:
            headers["Cookie"] = self._cookie_header()
        self.socket = await websockets.connect(
            self.base.replace("http://", "ws://", 1) + "/_stcore/stream",
            subprotocols=protocols,
            additional_headers=headers,
            max_size=None,
            open_timeout=TIMEOUT_S,
        )
        self.replica = self.socket.response.headers.get("X-Replica", "direct")
        self._keep_cookies(self.socket.response.headers.get_all("Set-Cookie"))  # a proxy may set its cookie here

    async def close(self) -> None:
        if self.socket is not None:
            with contextlib.suppress(TimeoutError, websockets.ConnectionClosed, OSError):
                await asyncio.wait_for(self.socket.close(), 5)
            self.socket = None

    async def reconnect(self) -> None:
        """What the browser does when its connection drops: ask for health until a server answers, then open a
        new websocket asking for its old session (a replica that never had it starts a new one)."""
        noticed, lost_replica = time.perf_counter(), self.replica
        await self.close()
        await self.connect(RECONNECT_S)
        self.reconnects.append(Reconnect(time.perf_counter() - noticed, lost_replica, self.replica))

    async def _send_and_collect(self, message: BackMsg) -> Run:
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        elements: list[Any] = []
        exceptions: list[str] = []
        downloads: list[str] = []
        while True:
            reply = ForwardMsg.FromString(await asyncio.wait_for(self.socket.recv(), TIMEOUT_S))
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.session_id = reply.new_session.initialize.session_id
            elif kind == "page_info_changed":
                self.query_string = reply.page_info_changed.query_string
            elif kind == "navigation":
                self.pages = {page.url_pathname: page.page_script_hash for page in reply.navigation.app_pages}
                self.page_hash = reply.navigation.page_script_hash or self.page_hash
            elif kind == "page_not_found":
                exceptions.append(f"page not found: {reply.page_not_found.page_name!r}")
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                elements.append(element)
                if element.WhichOneof("type") == "exception":
                    exceptions.append(f"{element.exception.type}: {element.exception.message[:300]}")
                elif element.WhichOneof("type") == "download_button" and element.download_button.url:
                    downloads.append(element.download_button.url)
                elif element.WhichOneof("type") == "page_link" and element.page_link.page_script_hash:
                    self.links[element.page_link.page_script_hash] = element.page_link.query_string
            elif kind == "script_finished" and reply.script_finished != FINISHED_EARLY:
                return Run(time.perf_counter() - started, elements, exceptions, downloads)

    def _rerun(self, query_string: str, page_hash: str, page_path: str, widget: WidgetState | None) -> BackMsg:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = query_string
        rerun.page_script_hash = page_hash
        if not page_hash:
            rerun.page_name = page_path  # the first visit names the page by its path, as the address does
        rerun.context_info.url = f"{self.base}/{page_path}"
        if widget is not None:
            rerun.widget_states.widgets.append(widget)
        return message

    async def send(self, message: BackMsg) -> Run:
        """Send one rerun and collect what it draws. If the server has gone, reconnect first, as the browser does,
        and send the same input as the new connection's first message (the returned run says `reconnected`)."""
        try:
            if self.socket is None:
                raise websockets.ConnectionClosedError(None, None)
            return await self._send_and_collect(message)
        except (websockets.ConnectionClosed, OSError) as lost:
            if not self.allow_reconnect:
                raise ConnectionError(f"the server closed the connection: {lost}") from lost
        await self.reconnect()
        run = await self._send_and_collect(message)
        run.reconnected = True
        return run

    async def open(self, page: PageEntry, query_string: str) -> Run:
        """Open a link: a page's address with a query string."""
        self.query_string, self.page_path, self.page_hash = query_string, page.url_path, ""
        return await self.send(self._rerun(query_string, "", page.url_path, None))

    async def switch(self, page: PageEntry) -> Run:
        """Click a page in the sidebar: the browser sends the page's hash and the query string its link carries
        (the app's links carry the scenario; Streamlit's own page list would send an empty one)."""
        target = self.pages[page.url_path]
        run = await self.send(self._rerun(self.links.get(target, ""), target, page.url_path, None))
        self.page_path = page.url_path
        return run

    async def change(self, widget: WidgetState) -> Run:
        """Change one widget on the page on screen."""
        return await self.send(self._rerun(self.query_string, self.page_hash, self.page_path, widget))

    async def upload(self, uploader_id: str, name: str, content: bytes) -> Run:
        """Choose a file in a file uploader: ask for upload URLs, PUT the file, rerun with the file's state. If
        the server goes away on the way, reconnect and start the upload again on the new session."""
        reconnected = False
        for _ in range(3):
            message = BackMsg()
            message.file_urls_request.request_id = str(uuid.uuid4())
            message.file_urls_request.file_names.append(name)
            message.file_urls_request.session_id = self.session_id
            try:
                await self.socket.send(message.SerializeToString())
                while True:
                    reply = ForwardMsg.FromString(await asyncio.wait_for(self.socket.recv(), TIMEOUT_S))
                    if reply.WhichOneof("type") == "file_urls_response":
                        urls = reply.file_urls_response.file_urls[0]
                        break
            except (websockets.ConnectionClosed, OSError) as lost:
                if not self.allow_reconnect:
                    raise ConnectionError(f"the server closed the connection: {lost}") from lost
                await self.reconnect()
                reconnected = True
                continue
            boundary = uuid.uuid4().hex
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
            body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
            status, answer = await self.http(
                "PUT",
                urls.upload_url,
                body,
                **{
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", ""),
                },
            )
            if status != 204:
                if self.allow_reconnect and not await self.alive():  # the server went away between the steps
                    await self.reconnect()
                    reconnected = True
                    continue
                raise RuntimeError(f"upload refused ({status}): {answer[:200]!r}")
            state = WidgetState(id=uploader_id)
            info = state.file_uploader_state_value.uploaded_file_info.add()
            info.file_id, info.name, info.size = urls.file_id, name, len(content)
            info.file_urls.CopyFrom(urls)
            run = await self.change(state)
            run.reconnected = run.reconnected or reconnected
            return run
        raise RuntimeError("the server went away 3 times during one upload")

    async def alive(self) -> bool:
        """Whether the websocket still answers a ping."""
        try:
            await asyncio.wait_for(await self.socket.ping(), 5)
        except (TimeoutError, websockets.ConnectionClosed, OSError, AttributeError):
            return False
        return True

    def address(self) -> dict[str, list[str]]:
        """The address bar's query, parsed."""
        return parse_qs(self.query_string)


# ---------------------------------------------------------------------------------------------------------
# One person
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Visitor:
    """One person with their own numbers and pace: what a protocol-level person and a browser session share."""

    index: int
    requests: int
    changed_requests: list[int]
    name: str
    think_s: float = 0.0
    arrive_s: float = 0.0  # when this person opens the link, after the run starts
    rng: random.Random = field(default_factory=random.Random, repr=False)
    current_requests: int = 0
    timings: dict[str, list[float]] = field(default_factory=dict)  # seconds per input, by kind of input
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)  # another person's numbers seen by this one

    def __post_init__(self) -> None:
        self.current_requests = self.requests

    def scenario(self, requests: int) -> core.Scenario:
        return core.Scenario(name=self.name, workload=core.Workload(requests_per_month=requests))

    def link(self) -> dict[str, str]:
        """This person's share link (its query), written by core as the app writes it."""
        return core.to_query_params(self.scenario(self.requests))

    def training_file(self) -> tuple[int, bytes]:
        """This person's own training file: its number of usable examples, and its bytes (one broken line)."""
        examples = 10 + self.index % 1000
        return examples, ((TRAINING_LINE + "\n") * examples + BROKEN_LINE + "\n").encode("utf-8")

    async def think(self) -> None:
        """A person reads what changed before the next input: a random pause around the think seconds."""
        if self.think_s > 0:
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think_s)


@dataclass
class Person(Visitor):
    """A protocol-level person walking every page at a meeting's pace over a `Tab`; timings are the server's
    turnaround."""

    ticked: dict[str, bool] = field(default_factory=dict)
    log: list[tuple[float, str, float]] = field(default_factory=list)  # (started, kind, seconds)
    replicas: list[str] = field(default_factory=list)  # the replica of each connection, in order
    reconnects: list[Reconnect] = field(default_factory=list)
    redone: list[str] = field(default_factory=list)  # inputs a new session answered from the link, made again
    t0: float = 0.0  # when the run started, for the log

    # -- checks ------------------------------------------------------------------------------------------------

    def check(self, tab: Tab, run: Run, page: str, where: str) -> None:
        """No exception, the address bar holds this person's volume and name, and the page shows their result."""
        for exception in run.exceptions:
            self.errors.append(f"{where}: {exception}")
        address = tab.address()
        if address.get("w.requests_per_month") != [str(self.current_requests)] or address.get("name") != [self.name]:
            self.crosstalk.append(f"{where}: the address bar holds {tab.query_string!r}")
        if page == "estimate":
            expected = monthly_figures(self.scenario(self.current_requests))
            shown = run.metrics("Per month")
            if shown != expected:
                self.crosstalk.append(f"{where}: Estimate shows {shown}, expected {expected}")
        elif page == "diagnose":
            wanted = recommended_label(self.ticked)
            others = [label for label in core.STRATEGY_LABELS.values() if label != wanted]
            shown = [body for body in run.markdown() if body.startswith("## ")]
            if f"## {wanted}" not in shown or any(f"## {other}" in shown for other in others):
                self.crosstalk.append(f"{where}: Diagnose recommends {shown}, expected {wanted!r}")
        elif page == "scenarios":
            box = run.widget("text_input", "Scenario name")
            if box is None or box.value != self.name:
                self.crosstalk.append(f"{where}: the name box holds {box.value if box else None!r}")

    async def timed(
        self,
        tab: Tab,
        kind: str,
        page: str,
        act: Callable[[Run | None], Awaitable[Run]],
        last: Run | None,
        took: Callable[[Run], bool] | None = None,
        done: Callable[[], None] | None = None,
    ) -> Run:
        """One input (`act`), timed at the server, then checked against this person's own numbers.

        After a reconnect the input reached a new session, which builds the scenario from the query string the
        browser sent: a page switch lands on the person's own page, but a changed widget comes back with the
        link's value (the session seeds its widgets from the scenario). Then the page must show the scenario as
        it was (`took` says whether the input took) and the person makes the input again, as they would.
        """
        run = await act(last)
        if run.reconnected:
            self.replicas.append(tab.replica)
            if took is not None and not took(run):
                self.check(tab, run, tab.page_path, f"{kind} answered from the link after reconnecting")
                self.redone.append(kind)
                run = await act(run)
        if done is not None:
            done()
        self.timings.setdefault(kind, []).append(run.seconds)
        self.log.append((time.perf_counter() - run.seconds - self.t0, kind, run.seconds))
        self.check(tab, run, page, kind)
        return run

    # -- the journey -------------------------------------------------------------------------------------------

    async def journey(self, base: str, reconnect: bool = True, cookies: dict[str, str] | None = None) -> None:
        """Open the link, visit every page through the sidebar and use each, as load.py's browsers do; `cookies`
        are the browser's before the visit (a proxy's routing cookie puts the person on a given replica)."""
        await asyncio.sleep(self.arrive_s)
        tab = Tab(base, reconnect=reconnect, cookies=cookies)
        pages = PAGES
        try:
            await tab.connect()
            self.replicas.append(tab.replica)
            first = pages[0]
            run = await self.timed(tab, "open", first.url_path, lambda _: tab.open(first, urlencode(self.link())), None)
            for page in pages[1:]:
                await self.think()
                run = await self.timed(tab, "page_switch", page.url_path, lambda _, p=page: tab.switch(p), run)
                try:
                    if page.url_path == "estimate":
                        run = await self.estimate(tab, run)
                    elif page.url_path == "diagnose":
                        run = await self.diagnose(tab, run)
                    elif page.url_path == "your_data":
                        run = await self.your_data(tab, run)
                except Exception as exc:  # one page's failure is reported, the journey goes on
                    self.errors.append(f"{page.url_path}: {type(exc).__name__}: {str(exc)[:300]}")
        except Exception as exc:
            self.errors.append(f"journey: {type(exc).__name__}: {str(exc)[:300]}")
        finally:
            self.reconnects = list(tab.reconnects)
            self.errors += [f"affinity: {m}" for m in tab.replica_mismatches]
            await tab.close()

    async def estimate(self, tab: Tab, run: Run) -> Run:
        for volume in self.changed_requests:
            await self.think()
            wanted = monthly_figures(self.scenario(volume))

            async def change(last: Run | None, volume: int = volume) -> Run:
                box = last.widget("number_input", "Requests per month") if last else None
                if box is None:
                    raise RuntimeError("Estimate has no 'Requests per month' box")
                return await tab.change(WidgetState(id=box.id, int_value=volume))

            def took(result: Run, wanted: list[str] = wanted) -> bool:
                return result.metrics("Per month") == wanted

            def done(volume: int = volume) -> None:
                self.current_requests = volume

            run = await self.timed(tab, "estimate_volume_change", "estimate", change, run, took, done)
        return run

    async def diagnose(self, tab: Tab, run: Run) -> Run:
        for _ in range(2):  # tick it, then untick it: the recommendation goes and comes back
            await self.think()
            value = not self.ticked.get(TICKED_QUESTION, False)
            wanted = "## " + recommended_label({**self.ticked, TICKED_QUESTION: value})

            async def tick(last: Run | None, value: bool = value) -> Run:
                box = last.widget("checkbox", core.QUESTIONS[TICKED_QUESTION]) if last else None
                if box is None:
                    raise RuntimeError("Diagnose has no checkbox for the ticked question")
                return await tab.change(WidgetState(id=box.id, bool_value=value))

            def took(result: Run, wanted: str = wanted) -> bool:
                return wanted in result.markdown()

            def done(value: bool = value) -> None:
                self.ticked[TICKED_QUESTION] = value

            run = await self.timed(tab, "diagnose_tick", "diagnose", tick, run, took, done)
        return run

    async def your_data(self, tab: Tab, run: Run) -> Run:
        examples, content = self.training_file()
        await self.think()

        async def upload(last: Run | None) -> Run:
            uploader = last.widget("file_uploader", "Training file (.jsonl)") if last else None
            if uploader is None:
                raise RuntimeError("Your data has no training file uploader")
            return await tab.upload(uploader.id, f"train-{self.index}.jsonl", content)

        run = await self.timed(tab, "your_data_upload", "your_data", upload, run)
        shown = run.metrics("Usable examples")
        if shown != [fmt.count(examples)]:
            self.crosstalk.append(f"your_data: 'Usable examples' shows {shown}, expected {fmt.count(examples)}")
        # The problems CSV is served from the replica's memory: the download must reach the same one.
        if not run.downloads:
            self.errors.append("your_data: no problems CSV offered for a file with a broken line")
        for url in run.downloads[:1]:
            status, body = await tab.http("GET", url)
            if status != 200:
                self.errors.append(f"your_data: the problems CSV answered {status}")
            elif f"{examples + 1},error,invalid_json" not in body.decode("utf-8", "replace"):
                self.crosstalk.append(f"your_data: the problems CSV does not list line {examples + 1}")
        return run


V = TypeVar("V", bound=Visitor)


def people(
    count: int, think_s: float, arrive_s: float, changes: int, seed: int, offset: int = 0, kind: type[V] = Person
) -> list[V]:
    """`count` people of `kind`, each with their own volume, name and seeded pace (indices from `offset`)."""
    crowd = []
    for i in range(offset, offset + count):
        person = kind(
            index=i,
            requests=100_000 + (i + 1) * 1111,
            changed_requests=[200_000 + (i + 1) * 1357 + k * 10_007 for k in range(changes)],
            name=f"Session {i}",
            think_s=think_s,
            rng=random.Random(seed * 1000 + i),
        )
        person.arrive_s = person.rng.uniform(0, arrive_s)
        crowd.append(person)
    return crowd


async def walk_all(base: str, crowd: list[Person], reconnect: bool, limit_s: float) -> None:
    """Every person's journey at once; a journey still running after `limit_s` is cancelled and is an error."""
    t0 = time.perf_counter()
    for person in crowd:
        person.t0 = person.t0 or t0
    tasks = [asyncio.create_task(p.journey(base, reconnect=reconnect)) for p in crowd]
    _, pending = await asyncio.wait(tasks, timeout=limit_s)
    for task, person in zip(tasks, crowd, strict=True):
        if task in pending:
            task.cancel()
            person.errors.append(f"journey still running after {limit_s:.0f} s")
    await asyncio.gather(*pending, return_exceptions=True)
