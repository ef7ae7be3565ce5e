"""HTTP for bibtool's clients (arXiv, DBLP, Crossref): a total deadline per request, no
redirect to another host.

``requests`` bounds each socket operation (``timeout``) but not a whole request: a server that
sends one byte a second is never silent long enough to time out. So every socket this transport
opens is registered, and a timer shuts the sockets down when a request outlives its deadline;
the blocked read then fails and the request is reported as one that did not finish in time.

Redirects are not followed blindly: to the same host (``http`` to ``https``, another path) up to
three hops, to any other host never — a mirror or a hostile answer could otherwise move bibtool
off a service's rate limit and feed it another server's answers.

    host_key("https://export.arxiv.org./api/query") -> "export.arxiv.org"
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from bibtool.errors import ArxivBadResponse, ServiceError

__all__ = ["Answer", "DeadlineExceeded", "RequestRecord", "Transport", "host_key"]

MAX_HOPS = 3


class DeadlineExceeded(requests.Timeout):
    """A request that did not finish within its total deadline."""


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP exchange, for ``--verbose`` and the report's request count."""

    method: str
    url: str
    params: Mapping[str, str]
    status: int | None
    seconds: float
    note: str = ""


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, the Retry-After header, the body, and the URL that gave it."""

    status: int
    retry_after: str | None
    body: bytes
    url: str


def host_key(url: str) -> str:
    """The host of ``url`` as DNS sees it: lower case, IDNA, without a trailing dot.

    ``export.arxiv.org.`` and ``EXPORT.arXiv.org`` are the same host (and the same rate limit).
    """
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


class _Sockets:
    """The sockets a transport has open, to shut down when a deadline passes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()

    def add(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._open.add(sock)

    def shut_all(self) -> None:
        with self._lock:
            socks, self._open = self._open, set()
        for sock in socks:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread


def _watched(base: type[Any], sockets: _Sockets) -> type[Any]:
    class Watched(base):  # type: ignore[misc]
        def connect(self) -> None:
            super().connect()
            sockets.add(self.sock)

    return Watched


class _WatchedAdapter(HTTPAdapter):
    """An adapter whose connections register their sockets with ``sockets``."""

    def __init__(self, sockets: _Sockets) -> None:
        self._sockets = sockets
        super().__init__(pool_connections=1, pool_maxsize=1)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        plain = _watched(HTTPConnection, self._sockets)
        tls = _watched(HTTPSConnection, self._sockets)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("Pool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
            "https": type("Pool", (HTTPSConnectionPool,), {"ConnectionCls": tls}),
        }


class Transport:
    """Sends one request at a time with a per-read ``timeout`` and a total ``deadline``.

    ``refused`` is the error a refused answer raises (a redirect off the host, a body too large):
    the service's own ``...BadResponse``, ArxivBadResponse unless told.
    """

    def __init__(
        self,
        session: requests.Session | None,
        *,
        user_agent: str,
        refused: type[ServiceError] = ArxivBadResponse,
    ) -> None:
        self.refused = refused
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self._sockets = _Sockets()
        adapter = _WatchedAdapter(self._sockets)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def exchange(
        self,
        method: str,
        url: str,
        params: Mapping[str, str],
        *,
        timeout: float,
        deadline: float,
        max_bytes: int,
    ) -> Answer:
        """One request (``params`` in the query string, or the body of a POST), its answer read
        whole; ``requests`` errors propagate, ``DeadlineExceeded`` past the deadline."""
        expired = threading.Event()

        def expire() -> None:
            expired.set()  # before the sockets go: the failing read then knows why
            self._sockets.shut_all()

        timer = threading.Timer(deadline, expire)
        timer.daemon = True
        timer.start()
        try:
            return self._follow(method, url, params, timeout, max_bytes)
        except requests.RequestException as exc:
            if expired.is_set():
                raise DeadlineExceeded(f"no whole answer within {deadline:g} s") from exc
            raise
        finally:
            timer.cancel()

    def _follow(
        self, method: str, url: str, params: Mapping[str, str], timeout: float, max_bytes: int
    ) -> Answer:
        for _ in range(MAX_HOPS + 1):
            data = dict(params) if method == "POST" else None
            query = None if method == "POST" else dict(params)
            response = self.session.request(
                method, url, params=query, data=data, timeout=timeout, stream=True,
                allow_redirects=False,
            )  # fmt: skip
            if not response.is_redirect:
                body = read_capped(response, max_bytes, self.refused)
                return Answer(response.status_code, response.headers.get("Retry-After"), body, url)
            target = urljoin(url, response.headers.get("Location", ""))
            response.close()
            if host_key(target) != host_key(url) or urlsplit(target).scheme not in (
                "http",
                "https",
            ):
                raise self.refused(
                    f"{url} redirected to {target}, another host: not followed",
                    url=url,
                    status=response.status_code,
                )
            url = target
        raise self.refused(f"{url} redirected more than {MAX_HOPS} times", url=url)


def read_capped(
    response: requests.Response, max_bytes: int, refused: type[ServiceError] = ArxivBadResponse
) -> bytes:
    """The body, refusing answers larger than ``max_bytes`` (no real answer is)."""
    chunks: list[bytes] = []
    size = 0
    with response:
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > max_bytes:
                raise refused(
                    f"{response.url} sent more than {max_bytes // 2**20} MiB; refused",
                    url=response.url,
                    status=response.status_code,
                )
            chunks.append(chunk)
    return b"".join(chunks)
