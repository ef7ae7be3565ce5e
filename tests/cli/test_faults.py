"""Every fault arXiv is known for, through the CLI: transient ones heal, persistent ones stop
with one sentence and exit 3; an interrupted run resumes without repeating a request."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bibtool.arxiv.atom import Feed
from bibtool.arxiv.client import ArxivClient
from bibtool.cli import app
from bibtool.errors import ArxivError
from bibtool.identify.resolver import Resolver
from bibtool.model import ListingEntry, ListingForm, Match, MatchStatus, Paper
from bibtool.store import Store
from tests.support.arxiv_feed import ERROR_FEED
from tests.support.arxiv_server import ArxivServer, Fault, LoggedRequest
from tests.support.helpers import paper

runner = CliRunner()
# Fourteen real titles: two batch queries, so a fault can meet the first or the second.
IDS = [
    "1610.04756", "1712.03950", "1712.06585", "1806.07808", "1810.05369", "1901.08573",
    "1905.03684", "1906.07413", "1906.09489", "1907.04595", "1910.04284", "2002.11328",
    "2002.12915", "2005.14165",
]  # fmt: skip
TRANSIENT = {
    "503 Retry-After 0": Fault(status=503, headers={"Retry-After": "0"}),
    "429 Retry-After 0": Fault(status=429, headers={"Retry-After": "0"}),
    "connection reset": Fault(reset=True),
    "truncated XML": Fault(truncate=True),
    "HTML with 200": Fault(html=True),
    "empty page": Fault(empty=True),
}
PERSISTENT = {
    "503": (Fault(status=503, headers={"Retry-After": "0"}), "HTTP 503"),
    "connection reset": (Fault(reset=True), "connection failed"),
    "truncated XML": (Fault(truncate=True), "could not be read"),
    "HTML with 200": (Fault(html=True), "not an Atom feed"),
    "429 for an hour": (Fault(status=429, headers={"Retry-After": "3600"}), "wait 3600 s"),
    "error entry": (Fault(status=400, body=ERROR_FEED), "malformed query"),
}


def titles_listing(tmp_path: Path, ids: list[str] = IDS) -> Path:
    path = tmp_path / "titles.txt"
    path.write_text("".join(paper(i).title + "\n" for i in ids), encoding="utf-8")
    return path


def run(server: ArxivServer, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    net = ["--api-url", server.url, "--delay", "0", "--cache-dir", str(tmp_path / "cache")]
    result = runner.invoke(app, [*args, *net])
    return result.exit_code, result.stdout, result.stderr


def report_ids(path: Path) -> dict[int, str | None]:
    return {r["line"]: r["arxiv_id"] for r in json.loads(path.read_text())["entries"]}


@pytest.mark.parametrize("position", [0, 1])
@pytest.mark.parametrize("kind", list(TRANSIENT))
def test_transient_fault_heals_with_the_right_answers(
    arxiv_server: ArxivServer, tmp_path: Path, kind: str, position: int
) -> None:
    arxiv_server.script([Fault()] * position + [TRANSIENT[kind]])
    report = tmp_path / "r.json"
    code, out, err = run(
        arxiv_server, tmp_path, "resolve", str(titles_listing(tmp_path)), "--report", str(report)
    )
    assert code == 0, err
    assert report_ids(report) == {n + 1: i for n, i in enumerate(IDS)}
    assert arxiv_server.pending_faults == 0  # the fault was really met


@pytest.mark.parametrize("kind", list(PERSISTENT))
def test_persistent_fault_is_one_sentence_and_exit_3(
    arxiv_server: ArxivServer, tmp_path: Path, kind: str
) -> None:
    fault, words = PERSISTENT[kind]
    arxiv_server.script([fault] * 12)
    code, out, err = run(arxiv_server, tmp_path, "resolve", str(titles_listing(tmp_path)), "-q")
    lines = err.strip().splitlines()
    assert code == 3 and out == ""
    assert len(lines) == 1 and lines[0].startswith("bibtool: error: ")
    assert words in lines[0] and arxiv_server.url in lines[0] and "--offline" in lines[0]
    assert "Traceback" not in err


# An answer slower than --timeout: the client gives up on it after 0.5 s and asks again. The
# server sleeps longer than that, so the timeout is certain; the client never waits for it.
SLOW = Fault(delay=1.0)


def test_slow_answer_is_asked_again_and_the_run_completes(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.script([Fault(), SLOW])  # the second batch query meets it
    report = tmp_path / "r.json"
    args = ["resolve", str(titles_listing(tmp_path)), "--report", str(report), "-v"]
    code, _, err = run(arxiv_server, tmp_path, *args, "--timeout", "0.5")
    assert code == 0, err
    assert report_ids(report) == {n + 1: i for n, i in enumerate(IDS)}
    log = arxiv_server.requests
    slow = next(n for n, r in enumerate(log) if r.fault == SLOW)
    assert log[slow + 1].params == log[slow].params  # the same question, asked again
    assert "no answer within the 0.5 s timeout" in err


def test_answers_always_slower_than_the_timeout_stop_with_one_sentence(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.script([SLOW] * 12)
    listing = str(titles_listing(tmp_path))
    code, out, err = run(arxiv_server, tmp_path, "resolve", listing, "-q", "--timeout", "0.5")
    lines = err.strip().splitlines()
    assert code == 3 and out == "" and "Traceback" not in err
    assert len(lines) == 1 and lines[0].startswith("bibtool: error: ")
    assert "no answer within the 0.5 s timeout" in lines[0] and arxiv_server.url in lines[0]
    assert "try again later" in lines[0] and "--offline" in lines[0]
    log = arxiv_server.requests
    assert len(log) > 1 and all(r.fault == SLOW for r in log)  # retried, then stopped


def test_verbose_shows_the_request_log(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.script([Fault(reset=True)])
    _, _, err = run(arxiv_server, tmp_path, "fetch", "2107.13163", "--verbose")
    log = [line for line in err.splitlines() if line.startswith("bibtool: GET ")]
    assert len(log) == 2
    assert "-> None" in log[0] and "connection failed" in log[0]
    assert "id_list=2107.13163" in log[1] and "-> 200" in log[1]


def test_interrupted_add_leaves_the_bib_alone_and_resumes_without_repeats(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_bytes(b"@misc{mine, title = {Kept}}\n")
    listing = titles_listing(tmp_path)
    arxiv_server.script([Fault()] + [Fault(status=503)] * 12)  # one answer, then an outage
    code, _, err = run(arxiv_server, tmp_path, "add", str(listing), "--bib", str(bib), "-q")
    assert code == 3 and "HTTP 503" in err
    assert bib.read_bytes() == b"@misc{mine, title = {Kept}}\n"
    answered = _params(arxiv_server, faulted=False)
    arxiv_server.reset()
    report = tmp_path / "r.json"
    code, _, err = run(
        arxiv_server, tmp_path, "add", str(listing), "--bib", str(bib), "--report", str(report)
    )
    assert code == 0, err
    assert not answered & _params(arxiv_server, faulted=False)  # nothing asked twice
    assert bib.read_bytes().startswith(b"@misc{mine, title = {Kept}}\n")
    assert bib.read_text().count("@misc{") == 1 + len(IDS)


def test_offline_names_what_it_could_not_resolve(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    run(arxiv_server, tmp_path, "resolve", str(titles_listing(tmp_path, IDS[:2])))
    requests = len(arxiv_server.requests)
    code, out, err = run(
        arxiv_server, tmp_path, "resolve", str(titles_listing(tmp_path)), "--offline"
    )
    assert code == 1 and len(arxiv_server.requests) == requests
    assert out.count("@misc{") == 2
    unresolved = [line for line in err.splitlines() if ": not_found: " in line]
    assert [int(line.split(":")[1]) for line in unresolved] == list(range(3, len(IDS) + 1))
    assert all("offline" in line for line in unresolved)


def _params(server: ArxivServer, *, faulted: bool) -> set[tuple[tuple[str, str], ...]]:
    return {
        tuple(sorted(r.params.items()))
        for r in server.requests
        if (r.fault not in (None, Fault())) == faulted
    }


# -- random fault sequences -----------------------------------------------------------------------

KINDS = [Fault(), *TRANSIENT.values(), Fault(status=503), Fault(status=400, body=ERROR_FEED)]


def _no_empty_twice(faults: list[Fault]) -> bool:
    return sum(f.empty for f in faults) <= 1


class Interrupting:
    """A PaperIndex that raises KeyboardInterrupt (Ctrl-C) before its ``stop``-th call."""

    def __init__(self, client: ArxivClient, stop: int) -> None:
        self.client, self.stop, self.calls = client, stop, 0

    def _tick(self) -> None:
        self.calls += 1
        if self.calls > self.stop:
            raise KeyboardInterrupt

    def fetch_ids(self, ids: Sequence[str]) -> list[Paper]:
        self._tick()
        return self.client.fetch_ids(ids)

    def search(
        self,
        search_query: str,
        *,
        max_results: int = 10,
        start: int = 0,
        confirm_empty: bool = True,
    ) -> Feed:
        self._tick()
        return self.client.search(
            search_query, max_results=max_results, start=start, confirm_empty=confirm_empty
        )


def _entries() -> list[ListingEntry]:
    titles = [
        ListingEntry(n + 1, paper(i).title, ListingForm.TITLES, title=paper(i).title)
        for n, i in enumerate(IDS)
    ]
    ids = [
        ListingEntry(100 + n, i, ListingForm.IDS, arxiv_id=i)
        for n, i in enumerate(["2107.13163", "2006.08680", "2107.99999"])
    ]
    return titles + ids


def _truth(entry: ListingEntry) -> str | None:
    return IDS[entry.line - 1] if entry.line <= len(IDS) else entry.arxiv_id


def _answered(log: Sequence[LoggedRequest]) -> set[tuple[tuple[str, str], ...]]:
    """Requests whose answer was taken: unfaulted, and not asked again right after."""
    keys = [tuple(sorted(r.params.items())) for r in log]
    return {
        key
        for n, (key, r) in enumerate(zip(keys, log, strict=True))
        if r.fault in (None, Fault()) and (n + 1 == len(keys) or keys[n + 1] != key)
    }


def _assert_no_wrong_match(matches: Sequence[Match]) -> None:
    for m in matches:
        if m.status is MatchStatus.MATCHED:
            assert m.paper is not None and m.paper.arxiv_id == _truth(m.entry)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# An empty answer is asked once more before it is believed; a second empty answer to the same
# request is indistinguishable from arXiv's own "no such paper", so it is not a transient fault.
@given(
    faults=st.lists(st.sampled_from(KINDS), max_size=8).filter(_no_empty_twice),
    stop=st.integers(0, 5),
)
def test_random_faults_then_resume_never_crash_mismatch_or_repeat(
    arxiv_server: ArxivServer, faults: list[Fault], stop: int
) -> None:
    arxiv_server.reset()
    arxiv_server.script(faults)
    entries = _entries()
    with tempfile.TemporaryDirectory() as cache:
        client = ArxivClient(base_url=arxiv_server.url, delay=0.0, retries=2)
        # Stopped by an outage or Ctrl-C: what was answered is in the store.
        with Store.in_dir(Path(cache)) as store, contextlib.suppress(KeyboardInterrupt, ArxivError):
            _assert_no_wrong_match(Resolver(store, Interrupting(client, stop)).resolve(entries))
        first = arxiv_server.requests
        arxiv_server.reset()
        again = ArxivClient(base_url=arxiv_server.url, delay=0.0)
        with Store.in_dir(Path(cache)) as store:
            matches = Resolver(store, again).resolve(entries)
    _assert_no_wrong_match(matches)
    assert [m.status for m in matches].count(MatchStatus.MATCHED) == len(entries) - 1
    repeated = _answered(first) & {tuple(sorted(r.params.items())) for r in arxiv_server.requests}
    assert not repeated


def test_a_long_wait_for_arxiv_is_said_on_stderr(
    arxiv_server: ArxivServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 16: up to four Retry-After pauses of 300 s went by with no output at all.
    import bibtool.arxiv.client as client_module

    monkeypatch.setattr(client_module, "NOTICE_WAIT", 0.5)
    arxiv_server.script([Fault(status=503, headers={"Retry-After": "1"})])
    code, _, err = run(arxiv_server, tmp_path, "resolve", str(titles_listing(tmp_path)), "-q")
    assert code == 0, err
    assert f"bibtool: waiting 1 s before asking {arxiv_server.url} again (HTTP 503)" in err


def test_a_dripping_server_stops_the_run_with_one_sentence(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.script([Fault(drip=0.05)] * 12)
    listing = str(titles_listing(tmp_path))
    code, out, err = run(arxiv_server, tmp_path, "resolve", listing, "-q", "--timeout", "0.2")
    assert code == 3 and out == "" and "Traceback" not in err
    assert "no whole answer within 0.8 s" in err and "try again later" in err
