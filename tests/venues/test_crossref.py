"""Crossref's works JSON read into venue records, and the published-version decision on a
loopback Crossref serving real work items (fixtures/venues/crossref-works.jsonl)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import requests

from bibtool.bibfile.parse import parse_bib
from bibtool.jobs.venues import VenueFinder, dblp_covers
from bibtool.model import Paper
from bibtool.render import render_entry
from bibtool.store import Store
from bibtool.venues.crossref import CrossrefClient, record_from_item
from bibtool.works.facts import work_facts
from bibtool.works.published import Verdict
from tests.support.crossref_server import CrossrefServer, crossref_items
from tests.support.dblp_records import venue_papers
from tests.support.helpers import paper_from_record, records

TIT = "crossref:10.1109/tit.2024.3350518"


def test_every_real_item_reads() -> None:
    found = [record_from_item(i) for i in crossref_items()]
    assert len(found) == 74 and all(r is not None and r.title and r.doi for r in found)
    assert all(r.venue for r in found if r is not None and r.kind == "article")


def test_a_journal_article_reads_whole() -> None:
    item = next(i for i in crossref_items() if i["DOI"] == "10.1109/tit.2024.3350518")
    record = record_from_item(item)
    assert record is not None and record.key == TIT and record.kind == "article"
    assert (record.venue, record.volume, record.number, record.pages, record.year) == (
        "IEEE Transactions on Information Theory", "70", "3", "1897-1912", 2024,
    )  # fmt: skip
    assert record.authors == ("Seonho Kim", "Sohail Bahmani", "Kiryung Lee")


def _decide(finder: VenueFinder, paper: Paper) -> tuple[Verdict, str | None]:
    fields = dict(parse_bib(render_entry(paper, "k"), name="t.bib").entries[0].fields)
    surname = work_facts("k", fields).surname
    found = finder.decide(fields, paper, surname)
    return found.verdict, found.record.key if found.record else None


def test_the_published_version_is_found_with_one_request(tmp_path: Path) -> None:
    paper = venue_papers()["2103.07020"]
    with CrossrefServer(crossref_items()) as server, Store.in_dir(tmp_path) as store:
        client = CrossrefClient(base_url=server.url, mailto="me@example.org", delay=0)
        finder = VenueFinder(store, None, crossref=client)
        assert _decide(finder, paper) == (Verdict.PUBLISHED, TIT)
        assert len(server.search("Max-Linear Regression by Convex Programming Kim")) > 1
        assert _decide(finder, paper) == (Verdict.PUBLISHED, TIT)  # the stored answer
        assert len(server.requests) == 1 and server.requests[0]["mailto"] == "me@example.org"


def test_physics_and_maths_preprints_take_none_of_the_near_misses(tmp_path: Path) -> None:
    """120 real arXiv papers outside DBLP's fields against 74 real Crossref works of other
    papers, ranked by shared words: every one is declined. The DOIs their arXiv records list
    are asked in one request (the stand-in holds none of their works), then each is searched."""
    papers = [paper_from_record(r) for r in records() if r.get("primary_category")]
    others = [p for p in papers if not dblp_covers(p) and not p.journal_ref][:120]
    assert len(others) == 120
    with CrossrefServer(crossref_items()) as server, Store.in_dir(tmp_path) as store:
        finder = VenueFinder(store, None, crossref=CrossrefClient(base_url=server.url, delay=0))
        preprints = []
        for paper in others:
            fields = dict(parse_bib(render_entry(paper, "k"), name="t.bib").entries[0].fields)
            preprints.append((fields, paper, work_facts("k", fields).surname))
        chosen = [d.record for d in finder.decide_all(preprints)]
        assert chosen == [None] * 120 and len(server.requests) == 121
        dois = {p.doi.lower() for p in others if p.doi}  # two papers list one DOI
        assert server.requests[0]["filter"].count("doi:") == len(dois) > 20


def test_the_works_of_many_dois_come_in_one_request(tmp_path: Path) -> None:
    """Preprints whose arXiv records list DOIs (given here: the fixture records list none): one
    ``filter=doi:...`` request for all of them, no search for the one it settles; a DOI naming
    another paper is not believed (the accept rule declines it, the paper is searched); arXiv's
    own DOI is not asked."""
    tit = dataclasses.replace(venue_papers()["2103.07020"], doi="10.1109/TIT.2024.3350518")
    papers = [p for p in (paper_from_record(r) for r in records()) if not dblp_covers(p)]
    items = [i for i in crossref_items() if i["DOI"] != "10.1109/tit.2024.3350518"]
    wrong = [dataclasses.replace(p, doi=i["DOI"]) for p, i in zip(papers[:3], items, strict=False)]
    own = dataclasses.replace(papers[3], doi=f"10.48550/arXiv.{papers[3].arxiv_id}")
    preprints = []
    for paper in [tit, *wrong, own]:
        fields = dict(parse_bib(render_entry(paper, "k"), name="t.bib").entries[0].fields)
        preprints.append((fields, paper, work_facts("k", fields).surname))
    with CrossrefServer(crossref_items()) as server, Store.in_dir(tmp_path) as store:
        finder = VenueFinder(store, None, crossref=CrossrefClient(base_url=server.url, delay=0))
        chosen = [d.record.key if d.record else None for d in finder.decide_all(preprints)]
        assert chosen == [TIT, None, None, None, None]
        first = server.requests[0]
        assert first["filter"].split(",") == [f"doi:{p.doi.lower()}" for p in [tit, *wrong]]
        assert first["rows"] == "4" and "query.bibliographic" not in first
        searched = [r["query.bibliographic"] for r in server.requests[1:]]
        assert len(searched) == 4 and not any("Max-Linear" in q for q in searched)
        again = finder.decide_all(preprints)  # the answers are stored
        assert [d.record.key if d.record else None for d in again] == chosen
        assert len(server.requests) == 5


def test_the_loopback_refuses_a_filter_it_does_not_serve(tmp_path: Path) -> None:
    with CrossrefServer(crossref_items()) as server:
        client = CrossrefClient(base_url=server.url, delay=0)
        assert [r.key for r in client.works(["10.1109/TIT.2024.3350518"])] == [TIT]
        answer = requests.get(server.url, params={"filter": "type:journal-article"}, timeout=5)
        assert answer.status_code == 400
        assert answer.json()["message-type"] == "validation-failure"
