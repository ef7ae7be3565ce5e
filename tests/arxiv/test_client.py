"""The arXiv client against the loopback server: pacing, retries, faults, batching, both layouts."""

from __future__ import annotations

import itertools
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bibtool import __version__
from bibtool.arxiv.client import ArxivClient, RequestRecord
from bibtool.errors import ArxivError, ArxivRejected, ArxivUnavailable, UsageError
from bibtool.store import Store
from tests.support.arxiv_server import ArxivServer, Fault


class FakeTime:
    """An injected clock: sleeping advances it, nothing else does."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_client(server: ArxivServer, t: FakeTime, **kw: object) -> ArxivClient:
    return ArxivClient(base_url=server.url, delay=3.0, clock=t.clock, sleep=t.sleep, **kw)  # type: ignore[arg-type]


def test_delay_below_three_seconds_is_refused_for_arxiv_only() -> None:
    with pytest.raises(UsageError, match="3 s"):
        ArxivClient(base_url="https://export.arxiv.org/api/query", delay=0.5)
    ArxivClient(base_url="http://127.0.0.1:1/api/query", delay=0.0)


def test_requests_are_spaced_by_the_delay(arxiv_server: ArxivServer) -> None:
    t = FakeTime()
    client = make_client(arxiv_server, t)
    client.fetch_ids(["2107.13163"])
    client.fetch_ids(["2006.08680"])
    client.search('ti:"statistically meaningful approximation"')
    assert t.sleeps == [3.0, 3.0]
    assert client.requests_made == 3


def test_user_agent_names_bibtool_and_version(arxiv_server: ArxivServer) -> None:
    make_client(arxiv_server, FakeTime()).fetch_ids(["2107.13163"])
    assert f"bibtool/{__version__}" in (arxiv_server.requests[0].user_agent or "")


Records = list[dict[str, object]]


def test_ids_are_batched_by_one_hundred(arxiv_server: ArxivServer, arxiv_records: Records) -> None:
    ids = [str(r["id"]) for r in arxiv_records[:150]]
    papers = make_client(arxiv_server, FakeTime()).fetch_ids(ids)
    assert sorted(p.arxiv_id for p in papers) == sorted(ids)
    assert [len(r.params["id_list"].split(",")) for r in arxiv_server.requests] == [100, 50]


def test_long_queries_are_posted(arxiv_server: ArxivServer, arxiv_records: Records) -> None:
    titles = [str(r["title"]) for r in arxiv_records[:40]]
    query = " OR ".join(f'ti:"{" ".join(t.split()[:6])}"' for t in titles)
    make_client(arxiv_server, FakeTime()).search(query, max_results=100)
    assert arxiv_server.requests[0].method == "POST"


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=503, headers={"Retry-After": "0"}),
        Fault(status=500),
        Fault(reset=True),
        Fault(truncate=True),
        Fault(html=True),
    ],
    ids=["503", "500", "reset", "truncated", "html"],
)
def test_transient_faults_are_retried(arxiv_server: ArxivServer, fault: Fault) -> None:
    arxiv_server.script([fault])
    t = FakeTime()
    feed = make_client(arxiv_server, t).search('ti:"statistically meaningful approximation"')
    assert [p.arxiv_id for p in feed.papers] == ["2107.13163"]
    assert len(arxiv_server.requests) == 2
    assert t.sleeps and min(t.sleeps) >= 3.0  # never faster than the delay


def test_empty_id_answer_is_asked_again_once(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(empty=True)])
    papers = make_client(arxiv_server, FakeTime()).fetch_ids(["2107.13163"])
    assert [p.arxiv_id for p in papers] == ["2107.13163"]
    assert len(arxiv_server.requests) == 2


def test_truly_absent_id_costs_two_requests_then_is_believed(arxiv_server: ArxivServer) -> None:
    assert make_client(arxiv_server, FakeTime()).fetch_ids(["2107.99999"]) == []
    assert len(arxiv_server.requests) == 2


def test_retry_after_is_honoured(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(status=429, headers={"Retry-After": "20"})])
    t = FakeTime()
    make_client(arxiv_server, t).fetch_ids(["2107.13163"])
    assert sum(t.sleeps) >= 20.0


def test_backoff_grows_between_retries(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(status=503)] * 3)
    t = FakeTime()
    make_client(arxiv_server, t).fetch_ids(["2107.13163"])
    assert sum(t.sleeps) >= 3 + 6 + 12


def test_slow_answer_times_out_and_is_retried(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(delay=1.0)])
    client = make_client(arxiv_server, FakeTime(), timeout=0.3)
    assert [p.arxiv_id for p in client.fetch_ids(["2107.13163"])] == ["2107.13163"]


def test_persistent_failure_is_one_clear_sentence(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(status=503)] * 10)
    client = make_client(arxiv_server, FakeTime(), retries=2)
    with pytest.raises(ArxivUnavailable) as info:
        client.fetch_ids(["2107.13163"])
    message = str(info.value)
    assert arxiv_server.url in message and "HTTP 503" in message
    assert "--offline" not in message  # the library speaks no CLI: the CLI adds that advice
    assert (info.value.url, info.value.status, info.value.attempts) == (arxiv_server.url, 503, 3)
    assert len(arxiv_server.requests) == 3


def test_error_entry_is_not_retried(arxiv_server: ArxivServer) -> None:
    with pytest.raises(ArxivError, match="malformed"):
        make_client(arxiv_server, FakeTime()).search("Title: words")
    assert len(arxiv_server.requests) == 1


def test_both_layouts_give_the_same_paper(
    arxiv_server: ArxivServer, classic_arxiv_server: ArxivServer
) -> None:
    new = make_client(arxiv_server, FakeTime()).fetch_ids(["2206.07892"])
    old = make_client(classic_arxiv_server, FakeTime()).fetch_ids(["2206.07892"])
    assert new == old
    assert new[0].title.startswith("Max-Margin Works while Large Margin Fails")


def test_empty_search_page_is_asked_again_before_it_is_believed(
    arxiv_server: ArxivServer,
) -> None:
    arxiv_server.script([Fault(empty=True)])
    feed = make_client(arxiv_server, FakeTime()).search('ti:"statistically meaningful"')
    assert [p.arxiv_id for p in feed.papers] == ["2107.13163"]
    assert len(arxiv_server.requests) == 2


def test_an_hour_long_429_window_stops_at_once(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(status=429, headers={"Retry-After": "3600"})])
    t = FakeTime()
    with pytest.raises(ArxivUnavailable, match="wait 3600 s") as info:
        make_client(arxiv_server, t).fetch_ids(["2107.13163"])
    assert info.value.status == 429 and info.value.attempts == 1 and t.sleeps == []
    assert len(arxiv_server.requests) == 1


def test_error_entry_served_with_200_is_an_error(arxiv_server: ArxivServer) -> None:
    from tests.support.arxiv_feed import ERROR_FEED

    arxiv_server.script([Fault(status=200, body=ERROR_FEED)])
    with pytest.raises(ArxivRejected, match="malformed query") as info:
        make_client(arxiv_server, FakeTime()).fetch_ids(["2107.13163"])
    assert info.value.url == arxiv_server.url and info.value.status == 200


def test_oversized_answer_is_refused(
    arxiv_server: ArxivServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bibtool.arxiv.client as client_module

    monkeypatch.setattr(client_module, "MAX_RESPONSE_BYTES", 1000)
    with pytest.raises(ArxivError, match="refused"):
        make_client(arxiv_server, FakeTime()).fetch_ids(["2107.13163"])


def test_two_clients_sharing_a_store_keep_the_delay_between_them(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    t = FakeTime()  # one wall clock, as two processes on one machine share
    sent: list[float] = []
    clients = [
        make_client(
            arxiv_server, t, gate=Store.in_dir(tmp_path), on_request=lambda r: sent.append(t.now)
        )
        for _ in range(2)
    ]
    for client in clients * 2:
        client.fetch_ids(["2107.13163"])
    assert sent == [1000.0, 1003.0, 1006.0, 1009.0]


def test_two_processes_sharing_a_store_keep_the_delay(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # The slots the shared store grants are compared, not the server's arrival times: a
    # process the OS schedules late sends late, which a loaded CI machine showed as a gap of
    # 0.22 s between two slots granted 0.3 s apart.
    delay, slots = 0.3, tmp_path / "slots.txt"
    script = (
        "import sys; from pathlib import Path; import time\n"
        "from bibtool.arxiv.client import ArxivClient\nfrom bibtool.store import Store\n"
        f"store = Store.in_dir(Path({str(tmp_path)!r}))\n"
        "class Gate:\n"
        "    def reserve_slot(self, key, earliest, delay):\n"
        "        slot = store.reserve_slot(key, earliest, delay)\n"
        f"        with open({str(slots)!r}, 'a') as f: f.write(f'{{slot!r}}\\n')\n"
        "        return slot\n"
        f"c = ArxivClient(base_url={arxiv_server.url!r}, delay={delay}, clock=time.time, "
        "gate=Gate())\n"
        "for _ in range(3): c.search('ti:\"statistically meaningful\"')\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [p.wait(timeout=30) for p in procs] == [0, 0]
    assert len(arxiv_server.requests) == 6
    granted = sorted(float(line) for line in slots.read_text().split())
    assert len(granted) == 6
    assert min(b - a for a, b in itertools.pairwise(granted)) >= delay - 1e-6


def test_empty_answer_after_another_fault_is_still_confirmed(arxiv_server: ArxivServer) -> None:
    # Found by the random fault test: a glitch after a 503 must not become a lasting "absent".
    arxiv_server.script([Fault(status=503), Fault(empty=True)])
    papers = make_client(arxiv_server, FakeTime()).fetch_ids(["2107.13163"])
    assert [p.arxiv_id for p in papers] == ["2107.13163"]
    assert len(arxiv_server.requests) == 3


def test_every_request_is_logged_beside_the_callback(
    arxiv_server: ArxivServer, caplog: pytest.LogCaptureFixture
) -> None:
    arxiv_server.script([Fault(status=503)])
    seen: list[RequestRecord] = []
    client = make_client(arxiv_server, FakeTime(), on_request=seen.append)
    with caplog.at_level(logging.DEBUG, logger="bibtool.arxiv"):
        client.fetch_ids(["2107.13163"])
    records = [r for r in caplog.records if r.name == "bibtool.arxiv"]
    assert len(records) == len(seen) == 2  # the 503, then the answer
    assert "-> 503" in records[0].getMessage() and "-> 200" in records[1].getMessage()
