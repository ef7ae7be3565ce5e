"""The arXiv client against a hostile server: drips, redirects elsewhere, bad URLs, long waits.

Issue 16: a server sending one byte a second never timed out; a redirect was followed to any
host (off arXiv's rate limit); a malformed --api-url was retried for 45 s as an outage; a
trailing dot on arXiv's host name dodged the 3-second rule; Retry-After pauses were silent.
"""

from __future__ import annotations

import time

import pytest

from bibtool.arxiv.client import ArxivClient
from bibtool.arxiv.http import host_key
from bibtool.errors import ArxivBadResponse, ArxivUnavailable, UsageError
from tests.support.arxiv_server import ArxivServer, Fault


def test_a_dripping_answer_meets_a_total_deadline(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(drip=0.05)] * 3)  # never silent for 0.3 s, done in minutes
    client = ArxivClient(base_url=arxiv_server.url, delay=0, timeout=0.3, retries=2)
    began = time.monotonic()
    with pytest.raises(ArxivUnavailable, match=r"no whole answer within 1\.2 s") as info:
        client.fetch_ids(["2107.13163"])
    assert time.monotonic() - began < 10 and info.value.attempts == 3
    assert len(arxiv_server.requests) == 3


def test_a_dripping_answer_that_ends_in_time_is_read(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(drip=0.0005)])
    client = ArxivClient(base_url=arxiv_server.url, delay=0, timeout=2, deadline=30)
    assert [p.arxiv_id for p in client.fetch_ids(["2107.13163"])] == ["2107.13163"]


def test_a_redirect_to_another_host_is_not_followed(arxiv_server: ArxivServer) -> None:
    elsewhere = arxiv_server.url.replace("127.0.0.1", "localhost")
    arxiv_server.script([Fault(status=302, headers={"Location": elsewhere})])
    client = ArxivClient(base_url=arxiv_server.url, delay=0)
    with pytest.raises(ArxivBadResponse, match="another host: not followed"):
        client.fetch_ids(["2107.13163"])
    assert len(arxiv_server.requests) == 1  # nothing was asked of the other host


def test_a_redirect_on_the_same_host_is_followed(arxiv_server: ArxivServer) -> None:
    same = arxiv_server.url.replace("/api/query", "/api/query/")
    arxiv_server.script([Fault(status=301, headers={"Location": same + "?id_list=2107.13163"})])
    client = ArxivClient(base_url=arxiv_server.url, delay=0)
    assert [p.arxiv_id for p in client.fetch_ids(["2107.13163"])] == ["2107.13163"]
    assert [r.path for r in arxiv_server.requests] == ["/api/query", "/api/query/"]


@pytest.mark.parametrize(
    "url",
    ["foo", "ftp://export.arxiv.org/api/query", "http://127.0.0.1:99999/api/query",
     "http://[::1", "http:///api/query", "https://:80/x"],
)  # fmt: skip
def test_a_url_that_cannot_be_an_endpoint_is_a_usage_error(url: str) -> None:
    with pytest.raises(UsageError, match="URL"):
        ArxivClient(base_url=url, delay=0)


@pytest.mark.parametrize(
    "url",
    ["https://export.arxiv.org./api/query", "https://EXPORT.arXiv.ORG/api/query",
     "http://arxiv.org./api/query"],
)  # fmt: skip
def test_every_spelling_of_arxivs_host_keeps_the_three_second_rule(url: str) -> None:
    with pytest.raises(UsageError, match="3 s"):
        ArxivClient(base_url=url, delay=0.5)
    assert host_key(url) in ("export.arxiv.org", "arxiv.org")


@pytest.mark.parametrize("timeout", [1e308, 3601, 0, -1, float("nan")])
def test_a_timeout_out_of_range_is_a_usage_error(timeout: float) -> None:
    with pytest.raises(UsageError, match="timeout"):
        ArxivClient(base_url="http://127.0.0.1:9/api/query", delay=0, timeout=timeout)


def test_a_long_pause_is_announced(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(status=503, headers={"Retry-After": "120"})])
    heard: list[tuple[float, str]] = []
    slept: list[float] = []
    client = ArxivClient(
        base_url=arxiv_server.url, delay=0, on_wait=lambda s, why: heard.append((s, why)),
        sleep=slept.append, clock=lambda: 1000.0 + sum(slept),
    )  # fmt: skip
    assert [p.arxiv_id for p in client.fetch_ids(["2107.13163"])] == ["2107.13163"]
    assert heard == [(120.0, "HTTP 503")] and slept == [120.0]


def test_an_answer_keeps_only_what_was_asked(arxiv_server: ArxivServer) -> None:
    # Issue 16: one answer could plant thousands of unrequested papers in the store.
    _, flood = arxiv_server.respond({"search_query": "all:learning", "max_results": "60"})
    assert flood.count("<entry>") > 50
    arxiv_server.script([Fault(status=200, body=flood)] * 2)
    client = ArxivClient(base_url=arxiv_server.url, delay=0)
    assert client.fetch_ids(["2107.13163"]) == []  # not in the flood: nothing else kept
    feed = client.search("all:learning", max_results=5)
    assert len(feed.papers) == 5
