"""A polite JSON client for bibliographic services (DBLP, Crossref): pacing, retries, one error.

The arXiv client has its own (Atom, its empty-page quirk, POST for long queries); this one is the
same politeness for services that answer JSON to a GET: a delay between requests (shared across
processes through a ``gate``, the store's clock), retries with backoff on 429 and 5xx honouring
Retry-After, a total deadline per request and no redirect to another host (``net.http``). Every
failure ends in the service's own ``...Unavailable`` or ``...BadResponse`` with one sentence.

    client = JsonService(base_url="https://dblp.org/search/publ/api", delay=1.0,
                         unavailable=VenueUnavailable, bad_response=VenueBadResponse)
    data = client.get({"q": "attention is all you need", "format": "json"})
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from bibtool import __version__
from bibtool.errors import ServiceError, UsageError
from bibtool.net.http import Answer, DeadlineExceeded, RequestRecord, Transport, host_key

__all__ = [
    "JsonService",
    "Pacer",
    "RateGate",
    "check_service_url",
    "describe_failure",
    "retry_after",
]

USER_AGENT = f"bibtool/{__version__} (+https://pypi.org/project/bibtool/)"
MAX_BYTES = 16 * 2**20
MAX_WAIT = 300.0
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class RateGate(Protocol):
    """The shared clock: ``Store.reserve_slot`` satisfies it."""

    def reserve_slot(self, key: str, earliest: float, delay: float) -> float: ...


def check_service_url(url: str, what: str) -> str:
    """``url`` if it can be a service endpoint (http or https, a host, a valid port); else the
    UsageError that says why (a typo is not an outage to retry for a minute)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"the {what} URL {url!r} is not a URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"the {what} URL {url!r} is not an http(s) URL with a host")
    if port == 0:
        raise UsageError(f"the {what} URL {url!r} has no valid port")
    return url


class Pacer:
    """When the next request to one service may start: ``delay`` after the last one ended, not
    before a backoff or Retry-After (``hold``), and, with a gate, at a slot claimed on the clock
    that other processes share (a 429 for one is a 429 for all)."""

    def __init__(
        self, key: str, delay: float, clock: Callable[[], float], gate: RateGate | None
    ) -> None:
        self.key, self.delay, self._clock, self._gate = key, delay, clock, gate
        self.last: float | None = None  # when the last request ended
        self.not_before = 0.0

    def hold(self, until: float) -> None:
        """No request before ``until`` (a clock time)."""
        self.not_before = until

    def wait(self) -> float:
        """Seconds to sleep before the next request; its slot is claimed on the gate."""
        now = self._clock()
        target = max(now, self.not_before)
        if self.last is not None:
            target = max(target, self.last + self.delay)
        if self._gate is not None:
            target = self._gate.reserve_slot(self.key, target, self.delay)
        return max(0.0, target - now)

    def exchange(
        self,
        transport: Transport,
        method: str,
        url: str,
        params: Mapping[str, str],
        *,
        timeout: float,
        deadline: float,
        max_bytes: int,
        report: Callable[[RequestRecord], None],
    ) -> Answer:
        """One request, sent now (after ``wait``): its answer; ``report`` gets its record
        (status, seconds, what went wrong) whatever happens, and its end paces the next one."""
        began = self._clock()
        status: int | None = None
        note = ""
        try:
            answer = transport.exchange(
                method, url, params, timeout=timeout, deadline=deadline, max_bytes=max_bytes
            )
            status = answer.status
            return answer
        except requests.RequestException as exc:
            note = describe_failure(exc, timeout)
            raise
        finally:
            self.last = self._clock()
            report(RequestRecord(method, url, params, status, self.last - began, note))


class JsonService:
    """GETs JSON from one endpoint, politely; every collaborator injectable for tests."""

    def __init__(
        self,
        *,
        base_url: str,
        unavailable: type[ServiceError],
        bad_response: type[ServiceError],
        delay: float = 1.0,
        timeout: float = 30.0,
        retries: int = 3,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_request: Callable[[RequestRecord], None] | None = None,
        gate: RateGate | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not 0 <= delay < math.inf or not 0 < timeout <= 3600:
            raise UsageError(f"delay {delay:g} s / timeout {timeout:g} s out of range")
        self.base_url = base_url
        self.delay, self.timeout, self.retries = delay, timeout, retries
        self._unavailable, self._bad = unavailable, bad_response
        self._transport = Transport(session, user_agent=USER_AGENT, refused=bad_response)
        self._transport.session.headers.update(headers or {})
        self._clock, self._sleep = clock, sleep
        self._on_request = on_request
        self._pacer = Pacer(host_key(base_url), delay, clock, gate)
        self.requests_made = 0

    def get(self, params: Mapping[str, str]) -> Any:
        """The decoded JSON answer to one GET with ``params`` (retried on 429/5xx/timeouts)."""
        return self._answer(self.base_url, params, json.loads, "JSON")

    def get_text(self, url: str) -> str:
        """The UTF-8 text at ``url``, a page of the same service (same host; same pacing,
        retries and errors as ``get``): DBLP's per-record BibTeX export."""
        self._same_host(url)
        return str(self._answer(url, {}, lambda body: body.decode("utf-8"), "UTF-8 text"))

    def get_bytes(self, url: str, max_bytes: int = MAX_BYTES) -> bytes:
        """The body at ``url``, a page of the same service, asked as ``get_text`` asks it; a
        body over ``max_bytes`` is refused (a file download may be allowed more than an
        answer)."""
        self._same_host(url)
        return bytes(self._answer(url, {}, bytes, "bytes", max_bytes))

    def _same_host(self, url: str) -> None:
        if host_key(url) != host_key(self.base_url):
            raise UsageError(f"{url} is not on the host of {self.base_url}")

    def _answer(
        self,
        url: str,
        params: Mapping[str, str],
        decode: Callable[[bytes], Any],
        what: str,
        max_bytes: int = MAX_BYTES,
    ) -> Any:
        problem, status = "no answer", None
        for attempt in range(self.retries + 1):
            wait = 0.0
            try:
                answer = self._send(url, params, max_bytes)
            except requests.RequestException as exc:
                problem, status = describe_failure(exc, self.timeout), None
            else:
                status = answer.status
                if status == 200:
                    try:
                        return decode(answer.body)
                    except ValueError:
                        problem = f"an answer that is not {what} (a maintenance page?)"
                elif status in _RETRY_STATUS:
                    problem, wait = f"HTTP {status}", retry_after(answer.retry_after)
                else:
                    raise self._bad(f"{url} answered HTTP {status}", url=url, status=status)
            if wait > MAX_WAIT:
                break
            if attempt < self.retries:
                self._pacer.hold(self._clock() + max(wait, self.delay * 2**attempt, 1.0))
        raise self._unavailable(
            f"could not get an answer from {url} ({problem})",
            url=url, status=status, attempts=self.retries + 1,
        )  # fmt: skip

    def _send(self, url: str, params: Mapping[str, str], max_bytes: int) -> Any:
        self._pace()
        self.requests_made += 1
        return self._pacer.exchange(
            self._transport, "GET", url, params, timeout=self.timeout,
            deadline=4 * self.timeout, max_bytes=max_bytes, report=self._report,
        )  # fmt: skip

    def _report(self, record: RequestRecord) -> None:
        if self._on_request:
            self._on_request(record)

    def _pace(self) -> None:
        wait = self._pacer.wait()
        if wait > 0:
            self._sleep(wait)


def retry_after(value: str | None) -> float:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); 0 when absent."""
    if not value:
        return 0.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return 0.0


def describe_failure(exc: requests.RequestException, timeout: float) -> str:
    """What went wrong with a request, in a few words for a message or a log line."""
    if isinstance(exc, DeadlineExceeded):
        return str(exc)
    if isinstance(exc, requests.Timeout):
        return f"no answer within the {timeout:g} s timeout"
    if isinstance(exc, requests.ConnectionError):
        return "the connection failed"
    return type(exc).__name__
