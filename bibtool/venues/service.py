"""What every venue service's client shares: the polite JSON GET (``net.service.JsonService``)
with the venue errors, built from the same keyword-only arguments."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import requests

from bibtool.errors import VenueBadResponse, VenueUnavailable
from bibtool.net.http import RequestRecord
from bibtool.net.service import JsonService, RateGate, check_service_url

__all__ = ["VenueClient"]


class VenueClient:
    """A client of one venue service (DBLP, Crossref): its endpoint, pacing and request count."""

    def __init__(
        self,
        *,
        base_url: str,
        what: str,
        delay: float,
        timeout: float = 30.0,
        session: requests.Session | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        on_request: Callable[[RequestRecord], None] | None = None,
        gate: RateGate | None = None,
    ) -> None:
        check_service_url(base_url, what)
        extra: dict[str, Any] = {}
        if clock is not None:
            extra["clock"] = clock
        if sleep is not None:
            extra["sleep"] = sleep
        self.base_url = base_url
        self._service = JsonService(
            base_url=base_url, unavailable=VenueUnavailable, bad_response=VenueBadResponse,
            delay=delay, timeout=timeout, session=session, on_request=on_request, gate=gate,
            **extra,
        )  # fmt: skip

    @property
    def requests_made(self) -> int:
        return self._service.requests_made

    def get(self, params: Mapping[str, str]) -> Any:
        """The decoded JSON answer to one GET (``JsonService.get``)."""
        return self._service.get(params)

    def get_text(self, url: str) -> str:
        """The text of another page of the service's host (``JsonService.get_text``)."""
        return str(self._service.get_text(url))

    def get_bytes(self, url: str, max_bytes: int) -> bytes:
        """The body of another page of the service's host, up to ``max_bytes``
        (``JsonService.get_bytes``): a file to download."""
        return self._service.get_bytes(url, max_bytes)
