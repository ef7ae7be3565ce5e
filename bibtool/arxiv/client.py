"""HTTP access to the arXiv API: polite pacing, retries with backoff, safe parsing, batching.

arXiv asks for one request every 3 s on one connection, counted across all of a user's
processes; the client enforces that for arXiv's own hosts (a shorter delay is allowed for any
other host, such as the tests' loopback server), and with a ``gate`` (the local store) every
process sharing it takes its turn from one clock.

Every failure ends in one sentence naming what failed, the URL, and what to do; an answer that
cannot be trusted (HTML, truncated XML, an empty page that may be arXiv's known glitch) is asked
again rather than believed, because a wrong "not found" is cached and a wrong match is worse.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import requests

from bibtool import __version__
from bibtool.arxiv.atom import Feed, parse_feed
from bibtool.errors import ArxivBadResponse, ArxivRejected, ArxivUnavailable, UsageError
from bibtool.model import Paper
from bibtool.net.http import Answer, RequestRecord, Transport, host_key
from bibtool.net.service import (
    Pacer,
    RateGate,
    check_service_url,
    describe_failure,
    retry_after,
)

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
ARXIV_MIN_DELAY = 3.0
DEFAULT_TIMEOUT = 30.0  # seconds arXiv may stay silent (connecting, or between bytes)
ID_BATCH = 100  # arXiv answers at most this many ids per id_list request comfortably
POST_THRESHOLD = 1500  # characters of query beyond which a POST body is used
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
USER_AGENT = f"bibtool/{__version__} (+https://pypi.org/project/bibtool/)"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 300.0  # a Retry-After beyond this (arXiv's 429 windows last hours) stops the run
MAX_TIMEOUT = 3600.0  # seconds; more is a typo (1e308 overflowed the socket layer)
NOTICE_WAIT = 10.0  # a pause longer than this is announced (on_wait, and the log)
_UNCONFIRMED_EMPTY = "an empty answer, asked again once before it is believed"
_VERSIONED = re.compile(r"v\d+$")
log = logging.getLogger("bibtool.arxiv")  # one DEBUG record per request, beside on_request


def is_arxiv_host(url: str) -> bool:
    """True for arXiv's own hosts, where the 3-second rule applies (``arxiv.org.`` included)."""
    host = host_key(url)
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def check_api_url(url: str) -> str:
    """``url`` if it can be the arXiv API's endpoint; else the UsageError that says why."""
    return check_service_url(url, "arXiv API")


class ArxivClient:
    """Talks to the arXiv API; every collaborator is injectable for tests."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_API_URL,
        delay: float = ARXIV_MIN_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = 4,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_request: Callable[[RequestRecord], None] | None = None,
        on_wait: Callable[[float, str], None] | None = None,
        gate: RateGate | None = None,
        max_wait: float = MAX_WAIT,
        deadline: float | None = None,
    ) -> None:
        """``clock`` must be wall-clock time (``time.time``) when a ``gate`` is shared.

        ``on_wait(seconds, why)`` hears of every pause longer than ``NOTICE_WAIT`` (a
        Retry-After, a backoff); ``deadline`` bounds a whole request (default: four timeouts).
        """
        check_api_url(base_url)
        if not 0 <= delay < math.inf:  # NaN compares false with everything, 3 s included
            raise UsageError(
                "the delay between requests must be a finite number of seconds, 0 or more, "
                f"not {delay:g}"
            )
        if delay < ARXIV_MIN_DELAY and is_arxiv_host(base_url):
            raise UsageError(
                f"a delay of {delay:g} s is below the 3 s arXiv asks of API users; "
                "shorter delays are only allowed for other hosts"
            )
        if not 0 < timeout <= MAX_TIMEOUT:  # also refuses NaN
            raise UsageError(
                f"the timeout must be a positive number of seconds up to {MAX_TIMEOUT:g}, "
                f"not {timeout:g}"
            )
        self.base_url = base_url
        self.delay = delay
        self.timeout = timeout
        self.retries = retries
        self.deadline = deadline if deadline is not None else 4 * timeout
        self._transport = Transport(session, user_agent=USER_AGENT)
        self._clock = clock
        self._sleep = sleep
        self._on_request = on_request
        self._on_wait = on_wait
        self._why_waiting = ""
        self._pacer = Pacer(host_key(base_url), delay, clock, gate)
        self.max_wait = max_wait
        self.requests_made = 0

    def fetch_ids(self, ids: Sequence[str]) -> list[Paper]:
        """The papers for ``ids`` (no versions), asked 100 at a time; unknown ids are absent."""
        papers: list[Paper] = []
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), ID_BATCH):
            chunk = unique[start : start + ID_BATCH]
            feed = self.query(id_list=chunk, max_results=len(chunk))
            papers.extend(feed.papers)
        return papers

    def search(
        self,
        search_query: str,
        *,
        max_results: int = 10,
        start: int = 0,
        confirm_empty: bool = True,
    ) -> Feed:
        """One page of results for an arXiv ``search_query``.

        ``confirm_empty=False`` believes an empty answer at once: for narrow fallback queries,
        where emptiness is the usual answer and asking twice would double their cost.
        """
        return self.query(
            search_query=search_query,
            max_results=max_results,
            start=start,
            confirm_empty=confirm_empty,
        )

    def query(
        self,
        *,
        search_query: str | None = None,
        id_list: Sequence[str] = (),
        start: int = 0,
        max_results: int = 10,
        confirm_empty: bool = True,
    ) -> Feed:
        """Ask the API once (with retries); an arXiv error entry raises ArxivRejected."""
        params = {"start": str(start), "max_results": str(max_results)}
        if search_query:
            params["search_query"] = search_query
        if id_list:
            params["id_list"] = ",".join(id_list)
        feed = self._with_retries(params, confirm_empty=confirm_empty)
        if feed.error:
            raise self._rejected(feed.error, 200)
        return _only_asked(feed, id_list, max_results)

    def _with_retries(self, params: dict[str, str], *, confirm_empty: bool = True) -> Feed:
        last_problem, status = "no answer", None
        # An empty answer is believed the second time, whatever came between (or at once).
        empties = 0 if confirm_empty else 1
        for attempt in range(self.retries + 1):
            wait = 0.0
            try:
                response = self._send(params)
            except requests.RequestException as exc:
                last_problem, status = describe_failure(exc, self.timeout), None
            else:
                status = response.status
                outcome = self._interpret(response, params, confirm_empty=empties == 0)
                if isinstance(outcome, Feed):
                    return outcome
                last_problem, wait = outcome
                empties += last_problem == _UNCONFIRMED_EMPTY
            if wait > self.max_wait:
                raise ArxivUnavailable(
                    f"{self.base_url} asked bibtool to wait {wait:.0f} s ({last_problem}); "
                    "everything fetched so far is kept",
                    url=self.base_url,
                    status=status,
                    attempts=attempt + 1,
                )
            if attempt < self.retries:
                # Exponential backoff from the delay, or longer if the server asked for it.
                self._pacer.hold(self._clock() + max(wait, self.delay * 2**attempt))
                self._why_waiting = last_problem
        raise ArxivUnavailable(
            f"could not get an answer from {self.base_url} after {self.retries + 1} tries "
            f"({last_problem})",
            url=self.base_url,
            status=status,
            attempts=self.retries + 1,
        )

    def _rejected(self, error: str, status: int) -> ArxivRejected:
        return ArxivRejected(
            f"{self.base_url} rejected a query bibtool built ({error})",
            url=self.base_url,
            status=status,
        )

    def _interpret(
        self, response: Answer, params: Mapping[str, str], *, confirm_empty: bool
    ) -> Feed | tuple[str, float]:
        """A Feed, or (problem, seconds to wait) when the answer is worth retrying.

        arXiv sometimes serves an empty page that succeeds on retry, with totalResults 0 as
        often as not. An empty page is certainly wrong when totalResults says there is more;
        any other empty answer is asked once more before it is believed, since a believed empty
        answer is stored and would turn a transient glitch into a lasting "not found".
        """
        status, body = response.status, response.body
        if status in _RETRY_STATUS:
            return f"HTTP {status}", retry_after(response.retry_after)
        if status == 400:
            try:
                error = parse_feed(body, url=self.base_url).error
            except ArxivBadResponse:
                error = None
            raise self._rejected(error or "HTTP 400", status)
        if status != 200:
            raise ArxivUnavailable(
                f"{self.base_url} answered HTTP {status}", url=self.base_url, status=status
            )
        if b"<feed" not in body[:2048]:
            return "an answer that is not an Atom feed (maintenance page?)", 0.0
        try:
            feed = parse_feed(body, url=self.base_url)
        except ArxivBadResponse as exc:
            return str(exc), 0.0
        if feed.error or feed.papers or int(params["max_results"]) == 0:
            return feed
        if feed.total_results > int(params["start"]):
            return "an empty page although results exist", 0.0
        if confirm_empty:
            return _UNCONFIRMED_EMPTY, 0.0
        return feed

    def _send(self, params: dict[str, str]) -> Answer:
        self._pace()
        method = "POST" if len(params.get("search_query", "")) > POST_THRESHOLD else "GET"
        self.requests_made += 1
        return self._pacer.exchange(
            self._transport, method, self.base_url, params, timeout=self.timeout,
            deadline=self.deadline, max_bytes=MAX_RESPONSE_BYTES, report=self._report,
        )  # fmt: skip

    def _report(self, record: RequestRecord) -> None:
        log.debug("%s %s %s -> %s (%.2f s) %s", record.method, record.url, dict(record.params),
                  record.status, record.seconds, record.note)  # fmt: skip
        if self._on_request:
            self._on_request(record)

    def _pace(self) -> None:
        """Sleep until the delay since the last request (and any backoff) has passed.

        With a gate, the start time is claimed from the shared clock, which also holds back
        other processes by this one's backoff (a 429 for one is a 429 for all).
        """
        wait = self._pacer.wait()
        if wait > NOTICE_WAIT:
            why = self._why_waiting or "arXiv's delay between requests"
            log.info("waiting %.0f s before asking %s again (%s)", wait, self.base_url, why)
            if self._on_wait is not None:
                self._on_wait(wait, why)
        if wait > 0:
            self._sleep(wait)


def _only_asked(feed: Feed, id_list: Sequence[str], max_results: int) -> Feed:
    """The feed without what was not asked: papers beyond ``max_results`` or outside
    ``id_list`` (one hostile answer must not plant thousands of papers in the store)."""
    wanted = {i.rsplit("v", 1)[0] if _VERSIONED.search(i) else i for i in id_list}
    papers = [p for p in feed.papers if not wanted or p.arxiv_id in wanted][:max_results]
    return feed if len(papers) == len(feed.papers) else replace(feed, papers=tuple(papers))
