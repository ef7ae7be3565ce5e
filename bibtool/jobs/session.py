"""Where and how a job reaches arXiv and the store: ``Settings`` in, an open ``Session`` out."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bibtool.arxiv.client import (
    ARXIV_MIN_DELAY,
    DEFAULT_API_URL,
    DEFAULT_TIMEOUT,
    ArxivClient,
    check_api_url,
)
from bibtool.identify.resolver import Resolver
from bibtool.jobs.venues import VenueFinder
from bibtool.net.http import RequestRecord
from bibtool.store import Store, default_cache_dir
from bibtool.venues.anthology import ANTHOLOGY_DELAY, DEFAULT_ANTHOLOGY_URL, AnthologyClient
from bibtool.venues.crossref import CROSSREF_DELAY, DEFAULT_CROSSREF_URL, CrossrefClient
from bibtool.venues.dblp import DBLP_DELAY, DEFAULT_DBLP_URL, DblpClient

__all__ = ["OnRequest", "Session", "Settings"]

OnRequest = Callable[[RequestRecord], None]


@dataclass(frozen=True)
class Settings:
    """Where and how to reach arXiv and the store. The defaults are arXiv's own API, at its
    polite rate, and the user's cache directory; the CLI fills them from flags and environment.
    """

    api_url: str = DEFAULT_API_URL
    delay: float = ARXIV_MIN_DELAY
    timeout: float = DEFAULT_TIMEOUT
    cache_dir: Path | str = field(default_factory=default_cache_dir)
    offline: bool = False
    dblp_url: str = DEFAULT_DBLP_URL
    dblp_delay: float = DBLP_DELAY
    crossref_url: str = DEFAULT_CROSSREF_URL
    crossref_mailto: str = ""  # Crossref's polite pool: who to write to about a problem
    crossref_delay: float = CROSSREF_DELAY
    anthology_url: str = DEFAULT_ANTHOLOGY_URL  # the ACL Anthology's site (volume exports)
    anthology_delay: float = ANTHOLOGY_DELAY


class Session:
    """An open store plus (unless offline) an arXiv client; close it when done."""

    def __init__(self, settings: Settings, *, on_request: OnRequest | None = None) -> None:
        self.settings = settings
        self._on_request = on_request
        self._finder: VenueFinder | None = None
        self._venue_store: Store | None = None
        check_api_url(settings.api_url)  # it names the store too, offline as well
        self.store = Store.in_dir(settings.cache_dir, source=settings.api_url)
        self.client = (
            None
            if settings.offline
            else ArxivClient(
                base_url=settings.api_url,
                delay=settings.delay,
                timeout=settings.timeout,
                on_request=on_request,
                gate=self.store,  # one clock for every process sharing the store
                clock=time.time,
            )
        )

    @property
    def requests(self) -> int:
        return self.client.requests_made if self.client else 0

    def venue_finder(self, *, tolerant: bool = False) -> VenueFinder:
        """The store's venue records, then (unless offline) DBLP's search, at DBLP's pace;
        ``tolerant``: a DBLP failure ends the asking, not the run (``check``'s BIB019)."""
        if self._finder is None:
            venues = Store.in_dir(self.settings.cache_dir)  # imported dumps live in the main store
            self._venue_store = venues
            client, crossref, anthology, s = None, None, None, self.settings
            if not s.offline:
                client = DblpClient(
                    base_url=s.dblp_url, delay=s.dblp_delay, timeout=s.timeout,
                    on_request=self._on_request, gate=venues, clock=time.time,
                )  # fmt: skip
                crossref = CrossrefClient(
                    base_url=s.crossref_url, mailto=s.crossref_mailto, delay=s.crossref_delay,
                    timeout=s.timeout, on_request=self._on_request, gate=venues,
                    clock=time.time,
                )  # fmt: skip
                anthology = AnthologyClient(
                    base_url=s.anthology_url, delay=s.anthology_delay, timeout=s.timeout,
                    on_request=self._on_request, gate=venues, clock=time.time,
                )  # fmt: skip
            self._finder = VenueFinder(
                venues, client, tolerant=tolerant, crossref=crossref, anthology=anthology
            )
        return self._finder

    @property
    def venue_requests(self) -> int:
        return self._finder.requests_made if self._finder else 0

    def resolver(self, progress: Callable[[int], None] | None = None) -> Resolver:
        return Resolver(self.store, self.client, progress=progress or (lambda n: None))

    def close(self) -> None:
        self.store.close()
        if self._venue_store is not None:
            self._venue_store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
