"""What ``update --published`` asks online: one DBLP search per entry the store does not settle,
one search for the proceedings volumes of every venue chosen, no per-record export, and nothing
at all once the store holds the answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bibtool.jobs.add import add
from bibtool.jobs.check import check
from bibtool.jobs.session import Settings
from bibtool.jobs.update import update
from bibtool.render import render_entry
from bibtool.store import Store
from tests.support.crossref_server import CrossrefServer
from tests.support.dblp_records import load_dblp_bib, record_exports, search_hits
from tests.support.dblp_server import DblpServer
from tests.support.helpers import paper

# published at ten venues (DBLP streams), and two with no venue version (truth.tsv)
PUBLISHED = {
    "1605.07683": "conf/iclr/BordesBW17",
    "1610.04756": "conf/aistats/WeiM17",
    "1611.05592": "conf/cvpr/Wang000T18",
    "1612.07411": "conf/kdd/LiMGK17",
    "1706.01554": "conf/nips/LuKYPB17",
    "1707.05015": "conf/chi/FastCMBB18",
    "1711.04231": "conf/aaai/ChenWUSZ18",
    "1802.00500": "conf/ijcai/IlievskiMHB18",
    "1901.11117": "conf/icml/SoLL19",
    "1908.04289": "conf/iccv/GaoYZWL19",
}
UNPUBLISHED = ("1808.08609", "1809.07999")
IDS = (*PUBLISHED, *UNPUBLISHED)


def _bib(path: Path, cache: Path) -> Path:
    path.write_text("\n".join(render_entry(paper(i), f"k{i}") for i in IDS))
    with Store.in_dir(cache) as store:
        store.put_papers(paper(i) for i in IDS)
    return path


def test_one_search_per_entry_and_one_for_every_proceedings_title(tmp_path: Path) -> None:
    records = load_dblp_bib()
    exports = {r.key: r.fields["booktitle"] for r in records if r.key in PUBLISHED.values()}
    with (
        DblpServer(search_hits(records), record_exports(records)) as dblp,
        CrossrefServer([]) as crossref,
    ):
        settings = _settings(tmp_path, dblp, crossref)
        bib = _bib(tmp_path / "a.bib", settings.cache_dir)
        outcome = update(bib, settings=settings, published=True)
        chosen = {c.arxiv_id: c.record for c in outcome.published}
        assert chosen == {**{i: f"dblp:{k}" for i, k in PUBLISHED.items()},
                          **dict.fromkeys(UNPUBLISHED)}  # fmt: skip
        volumes = [q for q in dblp.requests if q.startswith("type:Editorship:")]
        assert len(dblp.requests) == len(IDS) + 1 and len(volumes) == 1
        assert dblp.record_requests == [] and crossref.requests == []
        assert outcome.requests == len(IDS) + 1
        # every booktitle is the full title of the paper's proceedings, as DBLP exports it
        text = bib.read_text()
        assert all(" ".join(title.split()) in " ".join(text.split()) for title in
                   exports.values())  # fmt: skip
        # a new file with the same papers: the store answers everything
        again = update(_bib(tmp_path / "b.bib", settings.cache_dir), settings=settings,
                       published=True)  # fmt: skip
        assert again.requests == 0 and len(dblp.requests) == len(IDS) + 1
        assert (tmp_path / "b.bib").read_text() == text


def test_a_new_edition_asks_its_venue_again(tmp_path: Path) -> None:
    """Stored volumes of a venue answer its papers up to their newest year; a paper of a later
    edition (DBLP has listed it since) asks the venue's volumes again."""
    records = load_dblp_bib()
    later = [r for r in records if r.key.startswith("conf/iclr/") and int(r.fields["year"]) > 2022]
    with (
        DblpServer(search_hits([r for r in records if r not in later])) as dblp,
        CrossrefServer([]) as crossref,
    ):
        settings = _settings(tmp_path, dblp, crossref)
        with Store.in_dir(settings.cache_dir) as store:
            store.put_papers([paper("1605.07683"), paper("2210.17323")])
        bib = tmp_path / "a.bib"
        bib.write_text(render_entry(paper("1605.07683"), "old"))  # ICLR 2017
        update(bib, settings=settings, published=True)
        assert dblp.requests[1:] == ["type:Editorship: streamid:conf/iclr:"]
        dblp.add(search_hits(later))
        bib.write_text(render_entry(paper("2210.17323"), "new"))  # GPTQ: ICLR 2023
        update(bib, settings=settings, published=True)
        assert len(dblp.requests) == 4 and dblp.requests[3] == dblp.requests[1]
        assert dblp.record_requests == []
    text = " ".join(bib.read_text().split())
    assert "The Eleventh International Conference on Learning Representations" in text


def _settings(tmp_path: Path, dblp: DblpServer, crossref: CrossrefServer) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache", dblp_url=dblp.url, dblp_delay=0.0,
        crossref_url=crossref.url, crossref_delay=0.0,
    )  # fmt: skip


def test_venues_refused_together_are_asked_one_by_one(tmp_path: Path) -> None:
    """DBLP refusing the either-or of several venues (HTTP 400): each venue is asked alone,
    and every booktitle is still the full one."""
    records = load_dblp_bib()
    with DblpServer(search_hits(records)) as dblp, CrossrefServer([]) as crossref:
        settings = _settings(tmp_path, dblp, crossref)
        bib = _bib(tmp_path / "a.bib", settings.cache_dir)
        dblp.refuse_either_constraint = True
        outcome = update(bib, settings=settings, published=True)
    volumes = [q for q in dblp.requests if q.startswith("type:Editorship:")]
    assert len(volumes) == 1 + len(PUBLISHED) and dblp.record_requests == []
    assert outcome.requests == len(IDS) + 1 + len(PUBLISHED)
    assert all(c.record == f"dblp:{PUBLISHED[c.arxiv_id]}" for c in outcome.published
               if c.arxiv_id in PUBLISHED)  # fmt: skip
    assert "booktitle     = {ICLR}" not in bib.read_text()


def _iclr_volume(hit: dict[str, Any]) -> bool:
    return bool(hit["info"]["type"] == "Editorship" and hit["info"]["key"].startswith("conf/iclr/"))


def test_a_venue_without_volumes_reads_the_export_once(tmp_path: Path) -> None:
    """DBLP listing no proceedings volume of a venue: the paper's export gives its booktitle;
    neither is asked again for another file."""
    records = load_dblp_bib()
    iclr = "type:Editorship: streamid:conf/iclr:"
    hits = [h for h in search_hits(records) if not _iclr_volume(h)]
    with DblpServer(hits, record_exports(records)) as dblp, CrossrefServer([]) as crossref:
        settings = _settings(tmp_path, dblp, crossref)
        update(_bib(tmp_path / "a.bib", settings.cache_dir), settings=settings, published=True)
        assert dblp.record_requests == ["conf/iclr/BordesBW17"]
        volumes = [q for q in dblp.requests if q.startswith("type:Editorship:")]
        assert volumes[1:] == [iclr]  # asked alone once
        asked = len(dblp.requests)
        again = update(_bib(tmp_path / "b.bib", settings.cache_dir), settings=settings,
                       published=True)  # fmt: skip
        assert again.requests == 0 and len(dblp.requests) == asked
        assert len(dblp.record_requests) == 1
    text = " ".join((tmp_path / "b.bib").read_text().split())
    assert "5th International Conference on Learning Representations, ICLR 2017" in text


def test_add_published_asks_as_update_does(tmp_path: Path) -> None:
    """``add --published``: the new entries are decided together, one search each and one
    request for every proceedings title."""
    records = load_dblp_bib()
    with DblpServer(search_hits(records)) as dblp, CrossrefServer([]) as crossref:
        settings = _settings(tmp_path, dblp, crossref)
        with Store.in_dir(settings.cache_dir) as store:
            store.put_papers(paper(i) for i in IDS)
        listing = tmp_path / "ids.txt"
        listing.write_text("".join(f"arXiv:{i}\n" for i in IDS))
        outcome = add(listing, tmp_path / "refs.bib", settings=settings, published=True)
    assert {c.arxiv_id: c.record for c in outcome.published} == {
        **{i: f"dblp:{k}" for i, k in PUBLISHED.items()},
        **dict.fromkeys(UNPUBLISHED),
    }
    assert outcome.requests == len(dblp.requests) == len(IDS) + 1
    assert dblp.record_requests == []


def test_check_online_asks_as_update_does(tmp_path: Path) -> None:
    """``check --online`` (BIB019): the preprint entries are decided together, one search each
    and one request for every proceedings title; the fixes cite the full booktitles."""
    records = load_dblp_bib()
    with DblpServer(search_hits(records)) as dblp, CrossrefServer([]) as crossref:
        settings = _settings(tmp_path, dblp, crossref)
        bib = _bib(tmp_path / "a.bib", settings.cache_dir)
        checked = check([bib], select=["BIB019"], online=True, settings=settings)
        assert len(dblp.requests) == len(IDS) + 1 and dblp.record_requests == []
    cited = sorted(f.message.split("the fix cites ")[1].split(",")[0] for f in checked.findings)
    assert cited == sorted(f"dblp:{k}" for k in PUBLISHED.values())


def test_a_volume_dblp_does_not_list_is_read_from_the_export_once(tmp_path: Path) -> None:
    """A paper newer than every volume DBLP lists of its venue: the volumes are asked, the
    record's export read; another file with it asks neither again."""
    records = load_dblp_bib()
    hits = [h for h in search_hits(records)
            if not (_iclr_volume(h) and int(h["info"]["year"]) > 2022)]  # fmt: skip
    with DblpServer(hits, record_exports(records)) as dblp, CrossrefServer([]) as crossref:
        settings = _settings(tmp_path, dblp, crossref)
        with Store.in_dir(settings.cache_dir) as store:
            store.put_papers([paper("2210.17323")])
        for name in ("a.bib", "b.bib"):
            (tmp_path / name).write_text(render_entry(paper("2210.17323"), "gptq"))
            update(tmp_path / name, settings=settings, published=True)
        assert dblp.requests[1:] == ["type:Editorship: streamid:conf/iclr:"]
        assert dblp.record_requests == ["conf/iclr/FrantarAHA23"]
    text = " ".join((tmp_path / "b.bib").read_text().split())
    assert "The Eleventh International Conference on Learning Representations" in text
