"""The loopback arXiv server answers like export.arxiv.org, traps and faults included."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from defusedxml import ElementTree

from tests.support.arxiv_query import analyze, parse_query, stem
from tests.support.arxiv_server import ArxivServer, Fault
from tests.support.helpers import FIXTURES

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
RECORDED = FIXTURES / "arxiv" / "atom"
TEXTBOOKS, TEXTBOOKS_II = "2306.11644", "2309.05463"
SELF_TRAINING = "2010.03622"  # "Theoretical Analysis of Self-Training with Deep Networks ..."


def get(server: ArxivServer, **params: Any) -> requests.Response:
    return requests.get(server.url, params=params, timeout=5)


def feed(response: requests.Response) -> Any:
    return ElementTree.fromstring(response.content)


def ids(response: requests.Response) -> list[str]:
    """The ``<id>`` of every entry, without the ``http://arxiv.org/abs/`` prefix."""
    return [
        e.findtext(f"{ATOM}id").rsplit("/abs/", 1)[1] for e in feed(response).iter(f"{ATOM}entry")
    ]


def bare(versioned: list[str]) -> set[str]:
    return {v.rsplit("v", 1)[0] for v in versioned}


def total(response: requests.Response) -> int:
    return int(feed(response).findtext(f"{OPENSEARCH}totalResults"))


def search(server: ArxivServer, query: str, **params: Any) -> set[str]:
    response = get(server, search_query=query, max_results=200, **params)
    assert response.status_code == 200, response.text
    return bare(ids(response))


# --- id_list -----------------------------------------------------------------------------------


def test_id_list_returns_the_record_at_its_latest_version(arxiv_server: ArxivServer) -> None:
    response = get(arxiv_server, id_list=TEXTBOOKS)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    [entry] = feed(response).iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"http://arxiv.org/abs/{TEXTBOOKS}v1"
    assert entry.findtext(f"{ATOM}title") == "Textbooks Are All You Need"
    names = [a.findtext(f"{ATOM}name") for a in entry.iter(f"{ATOM}author")]
    assert names[:2] == ["Suriya Gunasekar", "Yi Zhang"] and "Sébastien Bubeck" in names
    assert entry.find(f"{ARXIV}primary_category").get("term")
    assert total(response) == 1


def test_id_list_honours_an_older_version_and_drops_unknown_ones(arxiv_server: ArxivServer) -> None:
    assert ids(get(arxiv_server, id_list="0704.0001")) == ["0704.0001v2"]
    assert ids(get(arxiv_server, id_list="0704.0001v1")) == ["0704.0001v1"]
    assert ids(get(arxiv_server, id_list="0704.0001v3")) == []
    response = get(arxiv_server, id_list="0808.05394,2999.99999,hep-th/9999999")  # well-formed
    assert response.status_code == 200 and ids(response) == [] and total(response) == 0


def test_id_list_answers_in_its_own_order(arxiv_server: ArxivServer) -> None:
    asked = [TEXTBOOKS_II, "1605.08386", TEXTBOOKS, "physics/0106051"]
    got = ids(get(arxiv_server, id_list=",".join(asked)))
    assert bare(got) <= set(asked) and got == sorted(got) and got != asked


def test_a_malformed_id_is_http_400_with_an_error_feed(arxiv_server: ArxivServer) -> None:
    response = get(arxiv_server, id_list=f"{TEXTBOOKS},abc")
    assert response.status_code == 400
    root = feed(response)
    assert root.findtext(f"{ATOM}title") == "arXiv Search Results"
    [entry] = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://arxiv.org/api/errors#incorrect_id_format_for_abc"
    assert entry.findtext(f"{ATOM}title") == "Error"
    assert entry.findtext(f"{ATOM}summary") == "incorrect id format for abc"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "arXiv api core"
    assert get(arxiv_server, id_list="arXiv:2306.11644").status_code == 400  # no prefixes


# --- search_query ------------------------------------------------------------------------------


def test_a_phrase_ignores_stop_words_and_inflection(arxiv_server: ArxivServer) -> None:
    # "Textbooks Are All You Need": a plural made singular, a stop-word swapped for another.
    assert search(arxiv_server, 'ti:"Textbook is All You Need"') == {TEXTBOOKS, TEXTBOOKS_II}
    assert search(arxiv_server, 'ti:"Textbooks Are All You Need II"') == {TEXTBOOKS_II}
    assert search(arxiv_server, 'ti:"white box transformer"') >= {"2306.01129", "2311.13110"}


def test_an_unquoted_hyphen_negates_what_follows(arxiv_server: ArxivServer) -> None:
    assert SELF_TRAINING in search(arxiv_server, 'ti:"self-training"')
    assert SELF_TRAINING not in search(arxiv_server, "ti:self-training")
    assert "2309.14316" not in search(arxiv_server, "au:Allen-Zhu")
    assert "2309.14316" in search(arxiv_server, 'au:"Allen-Zhu"')


@pytest.mark.parametrize(
    "query",
    ["Foo:bar", "ti:Textbooks Are All You Need II: phi-1.5", "ti:foo AND", "(ti:a", 'ti:"x'],
)
def test_a_malformed_query_is_http_400(arxiv_server: ArxivServer, query: str) -> None:
    response = get(arxiv_server, search_query=query)
    assert response.status_code == 400
    [entry] = feed(response).iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary").startswith("malformed query")


def test_operators_are_upper_case_and_only_outside_quotes(arxiv_server: ArxivServer) -> None:
    either = (
        'ti:"White-Box Transformers via Sparse Rate Reduction" OR ti:"Textbooks Are All You Need"'
    )
    either += ' OR ti:"Knowledge Manipulation"'
    assert search(arxiv_server, either) >= {"2306.01129", TEXTBOOKS, TEXTBOOKS_II, "2309.14402"}
    both = search(arxiv_server, "ti:textbooks AND ti:II")
    assert both == {TEXTBOOKS_II} == search(arxiv_server, "ti:textbooks ti:II")
    assert search(arxiv_server, "ti:textbooks ANDNOT ti:II") == {TEXTBOOKS}
    assert search(arxiv_server, 'ti:"textbooks AND are all you need"') == {TEXTBOOKS, TEXTBOOKS_II}
    assert search(arxiv_server, "ti:textbooks and need") == search(arxiv_server, "ti:textbooks")


def test_fields_categories_ids_and_accents(arxiv_server: ArxivServer) -> None:
    assert search(arxiv_server, "au:Sébastien AND au:Bubeck") == search(
        arxiv_server, "au:sebastien au:bubeck"
    )
    assert TEXTBOOKS in search(arxiv_server, 'au:"Sebastien Bubeck"')
    assert search(arxiv_server, f"id:{TEXTBOOKS}") == {TEXTBOOKS}
    assert "0704.0001" in search(arxiv_server, "cat:hep-ph AND abs:diphoton")
    assert "0704.0001" in search(arxiv_server, "jr:Phys.Rev.D76")
    got = search(arxiv_server, 'abs:"$N_\\epsilon$ \\emph{x}" OR ti:\\frac{1}{2}')
    assert isinstance(got, set)  # LaTeX is just text


def test_id_list_with_search_query_filters_the_results(arxiv_server: ArxivServer) -> None:
    got = search(arxiv_server, "ti:textbooks", id_list=f"{TEXTBOOKS_II},1605.08386")
    assert got == {TEXTBOOKS_II}


def test_paging_and_totals(arxiv_server: ArxivServer) -> None:
    everything = get(arxiv_server, search_query="all:language", max_results=30)
    first = get(arxiv_server, search_query="all:language", start=0, max_results=10)
    later = get(arxiv_server, search_query="all:language", start=10, max_results=20)
    assert total(everything) == total(first) == total(later) > 30
    assert ids(first) + ids(later) == ids(everything)
    root = feed(later)
    assert root.findtext(f"{OPENSEARCH}startIndex") == "10"
    assert root.findtext(f"{OPENSEARCH}itemsPerPage") == "20"
    beyond = get(arxiv_server, search_query="all:language", start=100_000)
    assert ids(beyond) == [] and total(beyond) == total(first)
    every = "submittedDate:[199101010000 TO 209912312359]"  # all 2,826 records
    assert len(ids(get(arxiv_server, search_query=every, max_results=3000))) == 2000
    for bad in ({"max_results": 30001}, {"start": "x"}, {"start": -1}, {"sortBy": "date"}):
        assert get(arxiv_server, search_query="all:language", **bad).status_code == 400


def test_sorting_by_date(arxiv_server: ArxivServer) -> None:
    def published(**params: Any) -> list[str]:
        response = get(arxiv_server, search_query="ti:physics", max_results=50, **params)
        return [e.findtext(f"{ATOM}published") for e in feed(response).iter(f"{ATOM}entry")]

    newest = published(sortBy="submittedDate")
    oldest = published(sortBy="submittedDate", sortOrder="ascending")
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest) and newest != oldest


def test_post_answers_like_get(arxiv_server: ArxivServer) -> None:
    params = {"search_query": 'ti:"language models"', "start": "2", "max_results": "7"}
    by_get = get(arxiv_server, **params)
    by_post = requests.post(arxiv_server.url, data=params, timeout=5)
    assert by_post.status_code == 200 and ids(by_post) == ids(by_get) and len(ids(by_get)) == 7
    methods = [(r.method, r.params) for r in arxiv_server.requests]
    assert methods == [("GET", params), ("POST", params)]


# --- layouts -----------------------------------------------------------------------------------


def test_the_new_layout(arxiv_server: ArxivServer) -> None:
    response = get(arxiv_server, id_list="0704.0001")
    text = response.text
    assert text.count("xmlns") == 3 and "<arxiv:doi>10.1103/PhysRevD.76.013009</arxiv:doi>" in text
    root = feed(response)
    assert root.findtext(f"{ATOM}title").startswith("arXiv Query: search_query=&id_list=0704.0001")
    [entry] = root.iter(f"{ATOM}entry")
    tags = [child.tag.split("}")[1] for child in entry]
    assert tags[:6] == ["id", "title", "updated", "link", "link", "summary"]
    assert entry.find(f"{ARXIV}primary_category").attrib == {"term": "hep-ph"}
    assert entry.findtext(f"{ARXIV}journal_ref") == "Phys.Rev.D76:013009,2007"
    links = {link.get("title"): link.get("href") for link in entry.iter(f"{ATOM}link")}
    assert links["pdf"] == "https://arxiv.org/pdf/0704.0001v2"
    assert links["doi"] == "https://doi.org/10.1103/PhysRevD.76.013009"
    assert "\n" not in entry.findtext(f"{ATOM}summary")


def test_the_classic_layout(classic_arxiv_server: ArxivServer) -> None:
    response = get(classic_arxiv_server, id_list="0704.0001")
    assert 'xmlns:arxiv="http://arxiv.org/schemas/atom">Phys.Rev.D76' in response.text
    root = feed(response)
    assert root.findtext(f"{ATOM}title").startswith("ArXiv Query: search_query=&id_list=0704.0001")
    [entry] = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == (
        "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies"
    )
    summary = entry.findtext(f"{ATOM}summary")
    assert summary.startswith("  A fully") and max(map(len, summary.splitlines())) < 80
    assert entry.find(f"{ARXIV}primary_category").get("scheme") == "http://arxiv.org/schemas/atom"
    links = {link.get("title"): link.get("href") for link in entry.iter(f"{ATOM}link")}
    assert links["pdf"] == "http://arxiv.org/pdf/0704.0001v2"
    error = get(classic_arxiv_server, id_list="INVALIDID")
    assert error.status_code == 400 and "api/errors#incorrect_id_format_for_INVALIDID" in error.text


def records_from_feed(path: Path) -> list[dict[str, Any]]:
    """The records behind a recorded arXiv answer, in the records.jsonl schema."""

    def flat(text: str | None) -> str | None:
        return " ".join((text or "").split()) or None

    records = []
    root: Any = ElementTree.parse(path).getroot()
    for e in root.iter(f"{ATOM}entry"):
        arxiv_id, version = e.findtext(f"{ATOM}id").split("/abs/")[1].rsplit("v", 1)
        authors = list(e.iter(f"{ATOM}author"))
        records.append(
            {
                "id": arxiv_id,
                "version": f"v{version}",
                "title": flat(e.findtext(f"{ATOM}title")),
                "authors": [a.findtext(f"{ATOM}name") for a in authors],
                "affiliations": [[x.text for x in a.iter(f"{ARXIV}affiliation")] for a in authors],
                "abstract": flat(e.findtext(f"{ATOM}summary")),
                "published": e.findtext(f"{ATOM}published"),
                "updated": e.findtext(f"{ATOM}updated"),
                "primary_category": e.find(f"{ARXIV}primary_category").get("term"),
                "categories": [c.get("term") for c in e.iter(f"{ATOM}category")],
                **{k: flat(e.findtext(f"{ARXIV}{k}")) for k in ("doi", "journal_ref", "comment")},
            }
        )
    return records


@pytest.mark.parametrize(
    ("layout", "name", "id_list", "max_results"),
    [
        ("new", "new-format/id_1605.08386_s0_m100_199195aa31ad.xml", "1605.08386", 100),
        ("new", "new-format/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml", "astro-ph/0601001", 100),
        ("classic", "classic-format/pubs_id_list_astro-ph_9812133.xml", "astro-ph/9812133", 10),
        ("classic", "classic-format/pubs_id_list_1710.08557.xml", "1710.08557", 10),
    ],
)
def test_answers_match_recorded_ones_line_for_line(
    layout: str, name: str, id_list: str, max_results: int
) -> None:
    recorded = (RECORDED / name).read_text(encoding="utf-8")
    server = ArxivServer(records_from_feed(RECORDED / name), layout=layout)
    params = {"search_query": "", "id_list": id_list, "start": "0", "max_results": str(max_results)}
    status, answer = server.respond(params)
    volatile = re.compile(r"  <(id|updated)>")  # the feed's own id and time, not the entry's

    def stable(text: str) -> list[str]:
        text = text.replace("<summary>  ", "<summary>") if layout == "new" else text
        return [line for line in text.splitlines() if not volatile.match(line)]

    assert status == 200 and stable(answer) == stable(recorded)


# --- faults and the request log ----------------------------------------------------------------


def test_status_faults_then_normal_service(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(status=503, headers={"Retry-After": "0"}), Fault(status=429)])
    first, second, third = (get(arxiv_server, id_list=TEXTBOOKS) for _ in range(3))
    assert (first.status_code, first.headers["Retry-After"]) == (503, "0")
    assert second.status_code == 429
    assert third.status_code == 200 and ids(third) == [f"{TEXTBOOKS}v1"]
    assert [r.fault for r in arxiv_server.requests] == [
        Fault(503, {"Retry-After": "0"}),
        Fault(429),
        None,
    ]
    assert arxiv_server.pending_faults == 0


def test_empty_html_and_truncated_answers(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(empty=True), Fault(html=True), Fault(truncate=True)])
    empty = get(arxiv_server, search_query="ti:textbooks")
    assert empty.status_code == 200 and ids(empty) == [] and total(empty) == 0
    html = get(arxiv_server, search_query="ti:textbooks")
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    cut = get(arxiv_server, search_query="ti:textbooks")
    assert cut.status_code == 200 and cut.text.startswith("<?xml")
    with pytest.raises(ElementTree.ParseError):
        feed(cut)
    assert search(arxiv_server, "ti:textbooks") == {TEXTBOOKS, TEXTBOOKS_II}


def test_delay_and_reset(arxiv_server: ArxivServer) -> None:
    arxiv_server.script([Fault(delay=0.5), Fault(delay=0.2), Fault(reset=True)])
    with pytest.raises(requests.Timeout):
        requests.get(arxiv_server.url, params={"id_list": TEXTBOOKS}, timeout=0.1)
    began = time.monotonic()
    assert ids(get(arxiv_server, id_list=TEXTBOOKS)) == [f"{TEXTBOOKS}v1"]
    assert time.monotonic() - began >= 0.2
    with pytest.raises(requests.ConnectionError):
        get(arxiv_server, id_list=TEXTBOOKS)
    assert get(arxiv_server, id_list=TEXTBOOKS).status_code == 200


def test_the_log_records_user_agent_and_reset_clears_it(arxiv_server: ArxivServer) -> None:
    headers = {"User-Agent": "bibtool/0.1.0 (mailto:someone@example.org)"}
    requests.get(arxiv_server.url, params={"id_list": "1605.08386"}, headers=headers, timeout=5)
    [logged] = arxiv_server.requests
    assert (logged.method, logged.path, logged.user_agent) == (
        "GET",
        "/api/query",
        headers["User-Agent"],
    )
    assert logged.params == {"id_list": "1605.08386"} and logged.fault is None
    arxiv_server.script([Fault(status=500)])
    arxiv_server.reset()
    assert arxiv_server.requests == [] and arxiv_server.pending_faults == 0


def test_the_server_listens_on_loopback_only_and_stops(arxiv_records: list[dict[str, Any]]) -> None:
    with ArxivServer(arxiv_records[:20]) as server:
        assert server.url.startswith("http://127.0.0.1:")
        port = server.port
        assert get(server, id_list=arxiv_records[0]["id"]).status_code == 200
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


# --- the analyzer and the grammar ---------------------------------------------------------------


def test_the_analyzer_folds_drops_and_stems() -> None:
    assert analyze("The Textbooks ARE all you NEEDED, Sébastien!") == [
        "textbook",
        "all",
        "you",
        "need",
        "sebastien",
    ]
    assert stem("trainings") == stem("training") == stem("trained") == "train"
    assert analyze("Jarosław Błasiok") == ["jaroslaw", "blasiok"]


def test_the_grammar_binds_only_the_first_word_to_a_field() -> None:
    tree = parse_query("ti:attention is all you need")
    assert "field='ti', terms=('attent',)" in repr(tree) and "field='all', terms=('need',)" in repr(
        tree
    )
    assert "terms" not in repr(parse_query("the of"))  # stop-words only: matches nothing
