"""DBLP's answers read: the search API's JSON hits and the XML dump, safely."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bibtool.errors import InputError
from bibtool.venues.dblp import DblpClient, record_from_hit, search_words, stream_of
from bibtool.venues.dblp_xml import read_dblp_xml
from tests.support.dblp_records import dblp_xml, load_dblp_bib, search_hit, search_hits
from tests.support.dblp_server import DblpServer

# One record in the dump's layout, as dblp.org/xml/ serves it (entities from dblp.dtd).
DUMP = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE dblp SYSTEM "dblp.dtd">
<dblp>
<article mdate="2022-11-02" key="journals/corr/abs-2210-17323" publtype="informal">
<author>Elias Frantar</author><author>Saleh Ashkboos</author>
<author>Torsten Hoefler 0001</author><author>Dan Alistarh</author>
<title>GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers.</title>
<year>2022</year><volume>abs/2210.17323</volume><journal>CoRR</journal>
<ee type="oa">https://doi.org/10.48550/arXiv.2210.17323</ee>
</article>
<inproceedings mdate="2023-07-19" key="conf/x/M&uuml;llerB23">
<author>J&ouml;rg M&uuml;ller</author><author>Ann B</author>
<title>A <i>Title</i> Here.</title><booktitle>X</booktitle><year>2023</year>
<crossref>conf/x/2023</crossref></inproceedings>
</dblp>
"""


def test_dump_records_entities_homonyms_and_corr(tmp_path: Path) -> None:
    path = tmp_path / "dblp.xml.gz"
    path.write_bytes(gzip.compress(DUMP))
    corr, paper = list(read_dblp_xml(path))
    assert corr.kind == "preprint" and corr.arxiv_id == "2210.17323" and corr.doi is None
    assert corr.authors[2] == "Torsten Hoefler"
    assert paper.authors[0] == "Jörg Müller" and paper.title == "A Title Here"
    assert paper.crossref == "dblp:conf/x/2023" and paper.key == "dblp:conf/x/MüllerB23"


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE dblp [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
        b'<!DOCTYPE dblp [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_dump_declaring_entities_is_refused(tmp_path: Path, doctype: bytes) -> None:
    path = tmp_path / "dblp.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n' + doctype + b"\n<dblp><article key='a'>"
                     b"<title>&b;</title></article></dblp>")  # fmt: skip
    with pytest.raises(InputError, match="declares entities"):
        list(read_dblp_xml(path))


def test_not_a_dump_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<feed><entry/></feed>")
    with pytest.raises(InputError, match="not a DBLP dump"):
        list(read_dblp_xml(path))


def test_every_real_record_survives_the_dump_and_the_json() -> None:
    records = load_dblp_bib()
    assert len(records) == 413 + 6  # the shared set and dblp-added.bib
    hits = [record_from_hit(search_hit(r)["info"]) for r in records]
    assert all(h is not None and h.title and h.authors for h in hits)


def test_search_words_skip_a_renamable_first_word() -> None:
    query = search_words(
        "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
        "Frantar",
    )
    assert query.split()[0] == "frantar" and "gptq" not in query


def test_search_words_ask_a_plural_as_its_singular_prefix(tmp_path: Path) -> None:
    """DBLP matches a prefix: "system" finds "System" and "Systems", "systems" only the latter
    (UBAR's AAAI 2021 record has "Dialog System", its preprint "Dialog Systems")."""
    title = "UBAR: Towards Fully End-to-end Task-oriented Dialog Systems With GPT-2"
    query = search_words(title, "Yang")
    assert "system" in query.split() and "systems" not in query.split()
    query_2 = search_words("Gaussian Process Regression Approaches and Policies", "Doe")
    assert query_2 == "doe process regression approach polic"  # "process" stays
    with DblpServer(search_hit(r) for r in load_dblp_bib()) as server:
        found = DblpClient(base_url=server.url, delay=0).search(query)
    assert "dblp:conf/aaai/YangLQ21" in [r.key for r in found]


def test_client_finds_a_renamed_paper_on_the_loopback_server(tmp_path: Path) -> None:
    with DblpServer(search_hit(r) for r in load_dblp_bib()) as server:
        client = DblpClient(base_url=server.url, delay=0)
        title = "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers"
        found = client.search(search_words(title, "Frantar"))
        assert [r.key for r in found] == ["dblp:conf/iclr/FrantarAHA23"]
        assert found[0].title.startswith("OPTQ")
        assert client.requests_made == 1 and len(server.requests) == 1


def test_proceedings_volumes_of_several_venues_in_one_request() -> None:
    records = load_dblp_bib()
    with DblpServer(search_hits(records)) as server:
        client = DblpClient(base_url=server.url, delay=0)
        volumes = client.proceedings(["conf/iclr", "conf/nips"])
        assert server.requests == ["type:Editorship: streamid:conf/iclr:|streamid:conf/nips:"]
        paged = client.proceedings(["conf/nips", "conf/iclr"], per_page=4)
        assert len(server.requests) == 1 + -(-len(volumes) // 4)  # the pages, no more
    assert sorted(paged, key=lambda v: v.key) == sorted(volumes, key=lambda v: v.key)
    assert {v.kind for v in volumes} == {"proceedings"}
    assert {stream_of(v.key) for v in volumes} == {"conf/iclr", "conf/nips"}
    iclr = {v.year: v for v in volumes if stream_of(v.key) == "conf/iclr"}
    assert iclr[2023].venue == "ICLR" and iclr[2023].publisher == "OpenReview.net"
    assert iclr[2023].title.startswith("The Eleventh International Conference on Learning")
    assert len({v.year for v in volumes if stream_of(v.key) == "conf/nips"}) > 1  # all years


def test_loopback_search_reads_dblp_grammar() -> None:
    """Prefix by default, ``$`` exact, space: and, ``|``: or, constraint words."""
    with DblpServer(search_hits(load_dblp_bib())) as server:
        keys = lambda q: {h["info"]["key"] for h in server.search(q)}  # noqa: E731
        assert "conf/iclr/FrantarAHA23" in keys("frant quantiz")
        assert keys("frant$ quantiz") == set()
        assert keys("frantar$ quantization$") == {"conf/iclr/FrantarAHA23"}
        either = keys("frantar$|bordes$ quantization$|dialog$")
        assert {"conf/iclr/FrantarAHA23", "conf/iclr/BordesBW17"} <= either
        assert keys("type:Editorship: frantar") == set()
        assert all(k.startswith("conf/iclr/") for k in keys("streamid:conf/iclr: learning"))


def test_dump_built_from_the_real_records_imports(tmp_path: Path) -> None:
    path = tmp_path / "dblp.xml"
    path.write_bytes(dblp_xml(load_dblp_bib()))
    records = list(read_dblp_xml(path))
    assert sum(r.kind == "proceedings" for r in records) > 50
    assert sum(r.kind == "inproceedings" for r in records) >= 400


def test_a_hit_keeps_the_anthology_page_among_its_links() -> None:
    """DBLP links a TACL paper by MIT Press's DOI first; the Anthology's page among its links
    is the one kept (it leads to the Anthology's record); other hits keep their first link."""
    info = {
        "key": "journals/tacl/GuanHZZH20",
        "title": "A Knowledge-Enhanced Pretraining Model for Commonsense Story Generation.",
        "type": "Journal Articles",
        "venue": "Trans. Assoc. Comput. Linguistics",
        "year": "2020",
        "doi": "10.1162/tacl_a_00302",
        "authors": {"author": [{"text": "Jian Guan"}, {"text": "Fei Huang"}]},
        "ee": ["https://doi.org/10.1162/tacl_a_00302", "https://aclanthology.org/2020.tacl-1.7"],
    }
    tacl = record_from_hit(info)
    assert tacl is not None and tacl.url == "https://aclanthology.org/2020.tacl-1.7"
    other = record_from_hit(dict(info, ee=["https://doi.org/10.1162/x", "https://x.org/p"]))
    assert other is not None and other.url == "https://doi.org/10.1162/x"
