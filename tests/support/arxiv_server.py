"""A loopback stand-in for export.arxiv.org/api/query: real HTTP, recorded records, scripted faults.

    with ArxivServer(load_records("fixtures/arxiv/records.jsonl")) as server:
        server.script([Fault(status=503, headers={"Retry-After": "0"}), Fault(empty=True)])
        requests.get(server.url, params={"id_list": "2107.13163"})  # 503, then an empty page, ...
        server.requests  # every request seen, faulted ones included

It answers GET and POST like the live API (id_list lookups in its own order, search_query with the
live grammar and its traps, paging, sorting, HTTP 400 error feeds) in the ``new`` Atom layout or
the ``classic`` one. Run ``python tests/arxiv_server.py`` to serve the fixture records by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

try:  # imported as tests.support.arxiv_server, or as arxiv_server with tests/ on sys.path
    from .arxiv_feed import LAYOUTS, FeedInfo, Record, render_error, render_feed
    from .arxiv_query import QuerySyntaxError, SearchIndex
except ImportError:
    from arxiv_feed import LAYOUTS, FeedInfo, Record, render_error, render_feed  # type: ignore
    from arxiv_query import QuerySyntaxError, SearchIndex  # type: ignore

PAGE_CAP = 2000  # entries per response, whatever max_results says
MAX_RESULTS_LIMIT = 30000  # above this the live API answers 400
SORT_KEYS = ("relevance", "lastUpdatedDate", "submittedDate")
SORT_ORDERS = ("descending", "ascending")
FEED_TYPE = "application/atom+xml; charset=utf-8"
MAINTENANCE_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>arXiv API maintenance</title></head>\n"
    "<body><h1>We are currently undergoing maintenance</h1>\n"
    "<p>The arXiv API will be back shortly. Please try again later.</p></body></html>\n"
)
# arXiv's own check is looser than bibtool's grammar: 0808.05394 passes and is simply absent.
_ID = re.compile(
    r"(?P<id>\d{4}\.\d{4,5}|(?P<arch>[a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]{2}(?:-[A-Za-z]{2})?)?"
    r"/(?P<num>\d{7}))(?:v(?P<v>\d+))?"
)


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """The records of a records.jsonl file (one JSON object a line; blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour, consumed by the next request (see ``ArxivServer.script``).

    ``delay`` sleeps first and may combine with the rest; then ``reset`` drops the connection
    without an answer; ``html`` answers 200 with a maintenance page; a ``status`` other than 200
    (or any ``body``) answers that status and body (default: a short text/plain reason);
    ``truncate`` cuts the normal XML in the middle; ``empty`` answers a valid feed with no entries
    and totalResults 0. ``headers`` are added to whatever is sent. ``drip`` sends the answer
    one byte at a time, this many seconds apart (a server never silent long enough to time out).
    """

    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str | bytes | None = None
    delay: float = 0.0
    reset: bool = False
    truncate: bool = False
    html: bool = False
    empty: bool = False
    drip: float = 0.0


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the server saw it; ``time`` is ``time.monotonic()`` on arrival."""

    method: str
    path: str
    params: dict[str, str]
    user_agent: str | None
    time: float
    fault: Fault | None = None


class ApiError(Exception):
    """A request the live API rejects with HTTP 400 and an error feed."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or message.replace(" ", "_")


@dataclass(frozen=True)
class _Request:
    search_query: str
    id_list: str
    ids: tuple[tuple[str, int | None], ...]
    start: int
    max_results: int
    sort_by: str | None
    descending: bool


class ArxivServer:
    """The loopback arXiv API over a fixed set of records, with a request log and a fault script."""

    def __init__(self, records: Iterable[Mapping[str, Any]], *, layout: str = "new") -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
        self.layout = layout
        raw = list(records)
        self._records = [Record.from_dict(r) for r in raw]
        self._by_id = {r.arxiv_id.lower(): n for n, r in enumerate(self._records)}
        self._index = SearchIndex(raw)
        self._lock = threading.Lock()
        self._log: list[LoggedRequest] = []
        self._faults: deque[Fault] = deque()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def twin(self, *, layout: str) -> ArxivServer:
        """A second server over the same records and index (no rebuild), in another layout."""
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
        other = object.__new__(ArxivServer)
        other.__dict__.update(self.__dict__)
        other.layout = layout
        other._lock = threading.Lock()
        other._log, other._faults = [], deque()
        other._httpd = other._thread = None
        return other

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> ArxivServer:
        """Listen on 127.0.0.1 (a free port) and serve from a daemon thread."""
        if self._httpd is None:
            self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
            self._httpd.owner = self
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, args=(0.05,), name="arxiv-server", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._httpd = self._thread = None

    def __enter__(self) -> ArxivServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the server is not running: call start()")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/api/query``."""
        return f"http://127.0.0.1:{self.port}/api/query"

    # --- log and fault script --------------------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        """A snapshot of every request so far, in arrival order."""
        with self._lock:
            return list(self._log)

    @property
    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    def script(self, faults: Iterable[Fault]) -> None:
        """Queue faults; each next request consumes one, then normal service resumes."""
        with self._lock:
            self._faults.extend(faults)

    def reset(self) -> None:
        """Forget the request log and any faults not yet consumed."""
        with self._lock:
            self._log.clear()
            self._faults.clear()

    def _arrive(self, entry: LoggedRequest) -> Fault | None:
        with self._lock:
            fault = self._faults.popleft() if self._faults else None
            self._log.append(replace(entry, fault=fault))
            return fault

    # --- the API ---------------------------------------------------------------------------------

    def respond(self, params: Mapping[str, str], *, empty: bool = False) -> tuple[int, str]:
        """(status, Atom body) for decoded query parameters: the whole API without HTTP."""
        now = dt.datetime.now(dt.timezone.utc)
        raw_start, raw_max = params.get("start", "0"), params.get("max_results", "10")
        info = FeedInfo(params.get("search_query", ""), params.get("id_list", ""), 0, 10, now)
        try:
            request = _parse(params)
            info = FeedInfo(
                request.search_query, request.id_list, request.start, request.max_results, now
            )
            rows = self._select(request)
        except ApiError as err:
            echo = FeedInfo(
                info.search_query, info.id_list, _int_or(raw_start), _int_or(raw_max), now
            )
            return 400, render_error(err.code, err.message, echo, self.layout)
        page = rows[request.start : request.start + min(request.max_results, PAGE_CAP)]
        total = len(rows)
        if empty:
            page, total = [], 0
        return 200, render_feed(page, total, info, self.layout)

    def _select(self, request: _Request) -> list[Record]:
        if request.search_query.strip():
            try:
                scores = self._index.search(request.search_query)
            except QuerySyntaxError as err:
                raise ApiError(f"malformed query: {err}", "malformed_query") from None
            wanted: dict[str, list[int | None]] = {}
            for arxiv_id, version in request.ids:
                wanted.setdefault(arxiv_id, []).append(version)
            rows = []
            for doc, score in scores.items():
                record = self._records[doc]
                versions = wanted.get(record.arxiv_id.lower(), []) if request.ids else [None]
                rows += [(score, r) for v in dict.fromkeys(versions) if (r := record.at_version(v))]
            return self._sorted(rows, request.sort_by or "relevance", request.descending)
        found: dict[tuple[str, int], Record] = {}
        for arxiv_id, version in request.ids:
            index = self._by_id.get(arxiv_id)
            asked = self._records[index].at_version(version) if index is not None else None
            if asked is not None:
                found.setdefault((asked.arxiv_id, asked.version), asked)
        rows = [(0.0, r) for r in found.values()]
        if request.sort_by in (None, "relevance"):  # arXiv's own order, not the request's
            return [r for _, r in sorted(rows, key=lambda row: (row[1].arxiv_id, row[1].version))]
        return self._sorted(rows, request.sort_by, request.descending)

    @staticmethod
    def _sorted(rows: list[tuple[float, Record]], sort_by: str, descending: bool) -> list[Record]:
        rows.sort(key=lambda row: (row[1].arxiv_id, row[1].version))  # ties: by id, ascending
        if sort_by == "relevance":
            rows.sort(key=lambda row: row[0], reverse=descending)
        else:
            attribute = "updated" if sort_by == "lastUpdatedDate" else "published"
            rows.sort(key=lambda row: str(getattr(row[1], attribute)), reverse=descending)
        return [record for _, record in rows]


def _int_or(text: str, default: int = 0) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _integer(params: Mapping[str, str], name: str, default: int) -> int:
    text = params.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(f"{name} must be an integer") from None
    if value < 0:
        raise ApiError(f"{name} must be non-negative")
    return value


def _parse_ids(id_list: str) -> tuple[tuple[str, int | None], ...]:
    ids = []
    for item in id_list.split(","):
        text = item.strip()
        if not text:
            continue
        m = _ID.fullmatch(text)
        if not m:
            raise ApiError(f"incorrect id format for {text}")
        base = f"{m['arch']}/{m['num']}" if m["arch"] else m["id"]
        ids.append((base.lower(), int(m["v"]) if m["v"] else None))
    return tuple(ids)


def _parse(params: Mapping[str, str]) -> _Request:
    start = _integer(params, "start", 0)
    max_results = _integer(params, "max_results", 10)
    if max_results > MAX_RESULTS_LIMIT:
        raise ApiError(f"max_results must be less than or equal to {MAX_RESULTS_LIMIT}")
    sort_by = params.get("sortBy") or None
    if sort_by is not None and sort_by not in SORT_KEYS:
        raise ApiError(f"sortBy must be in: {', '.join(SORT_KEYS)}")
    order = params.get("sortOrder") or "descending"
    if order not in SORT_ORDERS:
        raise ApiError(f"sortOrder must be in: {', '.join(SORT_ORDERS)}")
    id_list = params.get("id_list", "")
    search_query = params.get("search_query", "")
    return _Request(
        search_query,
        id_list,
        _parse_ids(id_list),
        start,
        max_results,
        sort_by,
        order == "descending",
    )


class _HTTPServer(ThreadingHTTPServer):
    """Tracks open connections so that stopping also ends idle keep-alive ones."""

    daemon_threads = True
    owner: ArxivServer

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self.connections_lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (timeouts, resets) are part of the tests, not errors to print."""


class _Handler(BaseHTTPRequestHandler):
    """One connection: keep-alive HTTP/1.1, every response with a Content-Length."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections are dropped after this

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        """Silence the default per-request line on stderr."""

    def do_GET(self) -> None:
        self._serve("GET", "")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._serve("POST", self.rfile.read(length).decode("utf-8", "replace"))

    def _serve(self, method: str, body: str) -> None:
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        params.update({k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()})
        owner = self.server.owner
        entry = LoggedRequest(
            method, parts.path, params, self.headers.get("User-Agent"), time.monotonic()
        )
        fault = owner._arrive(entry) or Fault()
        try:
            self._answer(owner, parts.path, params, fault)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up first
            self.close_connection = True

    def _answer(self, owner: ArxivServer, path: str, params: dict[str, str], fault: Fault) -> None:
        if fault.delay:
            time.sleep(fault.delay)
        if fault.reset:  # RST instead of an answer: SO_LINGER 0, then close
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if fault.html:
            self._send(fault.status or 200, MAINTENANCE_PAGE, "text/html; charset=utf-8", fault)
        elif fault.body is not None or fault.status not in (None, 200):
            status = fault.status or 200
            reason = self.responses.get(status, ("Error",))[0]
            body = fault.body if fault.body is not None else f"{status} {reason}\n"
            self._send(status, body, _guess_type(body), fault)
        elif path.rstrip("/") != "/api/query":
            self._send(404, f"no such endpoint: {path}\n", "text/plain; charset=utf-8", fault)
        else:
            status, feed = owner.respond(params, empty=fault.empty)
            data = feed.encode("utf-8")
            if fault.truncate:
                data = data[: len(data) // 2]
            self._send(status, data, FEED_TYPE, fault)

    def _send(self, status: int, body: str | bytes, content_type: str, fault: Fault) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        headers = {"Content-Type": content_type, "Content-Length": str(len(data)), **fault.headers}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not fault.drip:
            self.wfile.write(data)
            return
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            time.sleep(fault.drip)


def _guess_type(body: str | bytes) -> str:
    head = (
        body[:100].decode("utf-8", "replace") if isinstance(body, bytes) else body[:100]
    ).lstrip()
    if head.startswith("<?xml") or head.startswith("<feed"):
        return FEED_TYPE
    return "text/html; charset=utf-8" if head.startswith("<") else "text/plain; charset=utf-8"


def main(argv: list[str]) -> None:
    """Serve records by hand: ``python tests/arxiv_server.py [records.jsonl] [--classic]``."""
    paths: list[str | Path] = [a for a in argv if not a.startswith("--")]
    default = Path(__file__).resolve().parents[2] / "fixtures" / "arxiv" / "records.jsonl"
    records = [r for p in (paths or [default]) for r in load_records(p)]
    layout = "classic" if "--classic" in argv else "new"
    with ArxivServer(records, layout=layout) as server:
        print(f"serving {len(records)} records at {server.url} (Ctrl-C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv[1:])
