"""``update --published`` on the papers of fixtures/venues/truth.tsv: right, wrong, left alone.

Every paper of truth.tsv and judged.tsv (real arXiv records of fixtures/arxiv/records.jsonl and
fixtures/venues/preprints.jsonl) is written as the
@misc entry bibtool renders for it; the file is upgraded twice:

- offline, from a DBLP dump built from the real DBLP records of fixtures/venues/dblp-*.bib
  (tests/support/dblp_records.py writes them in the dump's layout) and the ACL Anthology's
  records of fixtures/venues/acl-records.bib (gzipped, as aclanthology.org/anthology.bib.gz),
  both imported with ``bibtool store import``: requests must be 0;
- online, against a loopback DBLP search serving the same records as JSON hits, and their
  proceedings volumes as Editorship hits (tests/support/dblp_server.py), and a loopback
  Anthology serving its volume exports and its whole export (tests/support/anthology_server.py),
  with the arXiv records in the store: requests per entry, by kind, with a cold store and again
  for a new file with the store warm; the booktitles and publishers compared with the offline
  upgrade's. The file holds more NLP preprints than ``jobs.venues.EXPORT_AT``, so the whole
  Anthology export is downloaded once and answers the ACL-family papers; DBLP's search is the
  way in for the rest. The loopback export holds the fixture's Anthology records only (the real
  one about 100,000: benchmarks/anthology_export.py measures reading one of that size).

With ``--padded-export N``, a stress test, not the measure: the whole export served also holds N
near-copies of each Anthology record (benchmarks/anthology_export.py's padding: the same
authors, year and venue, the title with one word put before it, no DOI), 104,320 records for
N = 320, about the real export's size: what the decisions do among many near-namesakes.

With ``--volumes-only``, the per-volume path alone (``EXPORT_AT`` out of reach, as for a file of
fewer NLP preprints): DBLP's search is then the way in for ACL-family papers too, and the
fixture holds DBLP's record of one of them only (BERT, fixtures/venues/dblp-acl.bib), so online
the others are missed.

Scored against truth.tsv plus fixtures/venues/judged.tsv and acl-judged.tsv (judged by hand; a
later file's row overrides an earlier one's), in all and for the papers of acl-judged.tsv: a
published version found and right, a wrong upgrade (any upgrade of a paper whose answer is not
that record), a paper with no venue version left alone. A second run must change nothing; the
upgraded entries must compile with bibtex (plainnat) and biber without a warning (--tex).

With ``--derived-acl``, a supplement, not the measure: the loopback DBLP also serves a hit for
every Anthology record of acl-records.bib that DBLP's real records of the fixtures lack, made
from the Anthology's record in DBLP's form (DBLP takes its ACL records from the Anthology; the
key, short venue name and link layout are made up here, the title, authors, pages and DOI are
the Anthology's): the online path of ACL-family papers (a DBLP hit, the volume export, the
Anthology's record) on all of them rather than on BERT's alone.

    python benchmarks/published.py [--tex] [--show-wrong] [--derived-acl] [--volumes-only]
                                   [--padded-export N]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from anthology_export import padded_export  # noqa: E402

from bibtool.bibfile import read_bib  # noqa: E402
from bibtool.jobs import venues  # noqa: E402
from bibtool.jobs.anthology_bib import read_anthology_bib  # noqa: E402
from bibtool.jobs.session import Settings  # noqa: E402
from bibtool.jobs.store import store_import  # noqa: E402
from bibtool.jobs.update import update  # noqa: E402
from bibtool.model import Paper, VenueRecord  # noqa: E402
from bibtool.render import render_entry  # noqa: E402
from bibtool.store import Store  # noqa: E402
from bibtool.venues.anthology import anthology_id_of, volume_of  # noqa: E402
from tests.support.anthology_server import AnthologyServer, anthology_entries  # noqa: E402
from tests.support.crossref_server import CrossrefServer, crossref_items  # noqa: E402
from tests.support.dblp_records import (  # noqa: E402
    DblpBib,
    dblp_xml,
    judged,
    load_dblp_bib,
    record_exports,
    search_hits,
    venue_papers,
)
from tests.support.dblp_server import DblpServer  # noqa: E402
from tests.support.helpers import papers_by_id  # noqa: E402

VENUES = ROOT / "fixtures" / "venues"


TRUTH = ("truth.tsv", "judged.tsv", "acl-judged.tsv")


def truth(names: tuple[str, ...] = TRUTH) -> dict[str, tuple[str, str]]:
    """arXiv id -> (expected record key or "", relation), a later file overriding an earlier."""
    out: dict[str, tuple[str, str]] = {}
    for name in names:
        for arxiv_id, (key, relation) in judged(name).items():
            out[arxiv_id] = (key if relation == "published-version" else "", relation)
    return out


def write_bib(path: Path, ids: list[str], papers: dict[str, Paper]) -> None:
    texts = [render_entry(papers[i], f"p{i.replace('/', '_')}") for i in ids]
    path.write_text("\n".join(texts), encoding="utf-8")


def score(outcome: object, answers: dict[str, tuple[str, str]], show: bool) -> dict[str, int]:
    got = {c.arxiv_id: c for c in outcome.published}  # type: ignore[attr-defined]
    tally = {"published": 0, "right": 0, "wrong": 0, "missed": 0, "none": 0, "left alone": 0}
    for arxiv_id, (want, relation) in answers.items():
        choice = got.get(arxiv_id)
        chosen = choice.record if choice else None
        if want:
            tally["published"] += 1
            if chosen == want:
                tally["right"] += 1
            elif chosen:
                tally["wrong"] += 1
                if show:
                    print(f"  WRONG {arxiv_id}: {chosen} (want {want}): {choice.reason}")
            else:
                tally["missed"] += 1
                if show and choice:
                    print(f"  missed {arxiv_id} ({relation}): {choice.reason} {choice.declined}")
        else:
            tally["none"] += 1
            if chosen:
                tally["wrong"] += 1
                if show:
                    print(f"  WRONG {arxiv_id} ({relation}): upgraded to {chosen}: {choice.reason}")
            else:
                tally["left alone"] += 1
    return tally


def report(name: str, tally: dict[str, int], requests: int, entries: int) -> None:
    found = tally["right"] / tally["published"] if tally["published"] else 0.0
    print(
        f"{name}: published {tally['published']}, found and right {tally['right']} "
        f"({found:.1%}), wrong upgrades {tally['wrong']}, missed {tally['missed']}; "
        f"no venue version {tally['none']}, left alone {tally['left alone']}; "
        f"requests {requests} ({requests / entries:.3f} per entry)"
    )


def short_booktitles(bib: Path) -> int:
    """Upgraded entries whose booktitle is a DBLP short name (one word, no year)."""
    doc = read_bib(bib)
    return sum(
        1
        for e in doc.entries
        if "booktitle" in e.fields and len(e.fields["booktitle"].strip('{}" ').split()) <= 2
    )


def differing(bib: Path, other: Path) -> int:
    """Upgraded entries of ``bib`` whose booktitle or publisher is not that of the entry of
    ``other`` with its key (the offline upgrade, whose titles are the dump's proceedings')."""
    names = ("booktitle", "publisher")
    theirs = {e.key: [e.fields.get(n) for n in names] for e in read_bib(other).entries}
    return sum(
        1
        for e in read_bib(bib).entries
        if "booktitle" in e.fields and theirs.get(e.key) != [e.fields.get(n) for n in names]
    )


def compile_tex(bib: Path) -> None:
    work = bib.parent / f"tex-{bib.stem}"
    work.mkdir()
    shutil.copy(bib, work / "refs.bib")
    (work / "a.tex").write_text(
        "\\documentclass{article}\\usepackage[numbers]{natbib}\\begin{document}\\nocite{*}"
        "\\bibliographystyle{plainnat}\\bibliography{refs}\\end{document}\n"
    )
    (work / "b.tex").write_text(
        "\\documentclass{article}\\usepackage[backend=biber]{biblatex}\\addbibresource{refs.bib}"
        "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n"
    )
    run = {"cwd": work, "capture_output": True, "text": True}
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "a.tex"], **run)  # type: ignore
    out = subprocess.run(["bibtex", "a"], **run)  # type: ignore[call-overload]
    warnings = [x for x in out.stdout.splitlines() if x.startswith("Warning")]
    print(f"bibtex plainnat: {len(warnings)} warnings")
    for line in warnings[:10]:
        print("   ", line)
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "b.tex"], **run)  # type: ignore
    out = subprocess.run(["biber", "b"], **run)  # type: ignore[call-overload]
    warnings = [x for x in out.stdout.splitlines() if "WARN" in x or "ERROR" in x]
    print(f"biber: {len(warnings)} warnings")
    for line in warnings[:10]:
        print("   ", line)


def counts(server: DblpServer, crossref: CrossrefServer, acl: AnthologyServer) -> dict[str, int]:
    """The requests each loopback server has answered so far, by kind."""
    volumes = sum(1 for q in server.requests if "type:Editorship:" in q)
    return {
        "search": len(server.requests),
        "volumes": volumes,
        "export": len(server.record_requests),
        "crossref": len(crossref.requests),
        "anthology": sum(1 for p in acl.requests if p.startswith("/volumes/")),
        "anthology export": acl.requests.count("/anthology.bib.gz"),
    }


def anthology_gz(path: Path) -> None:
    """The Anthology records of the fixtures as the Anthology publishes its whole export."""
    path.write_bytes(gzip.compress((VENUES / "acl-records.bib").read_bytes()))


# The DBLP stream of an Anthology volume (its letter before 2020, its venue after).
_OLD_STREAMS = {"P": "acl", "N": "naacl", "D": "emnlp", "Q": "journals/tacl", "C": "coling",
                "E": "eacl", "K": "conll", "S": "semeval", "W": "wmt", "I": "ijcnlp"}  # fmt: skip


def derived_hits(held: list[DblpBib]) -> list[DblpBib]:
    """DBLP-form records of the Anthology's records of acl-records.bib whose paper ``held``
    lacks (same DOI): a supplement (see the module's note)."""
    dois = {r.fields["doi"].lower() for r in held if r.fields.get("doi")}
    out: list[DblpBib] = []
    seen: set[str] = set()
    for rec in read_anthology_bib(VENUES / "acl-records.bib"):
        paper_id = anthology_id_of(rec.url, rec.doi)
        if paper_id is None or (rec.doi and rec.doi.lower() in dois):
            continue
        out.append(_dblp_form(rec, volume_of(paper_id), seen))
    return out


def _dblp_form(rec: VenueRecord, volume: str, seen: set[str]) -> DblpBib:
    if "." in volume:  # 2020.acl-main, 2020.findings-emnlp, 2020.tacl-1
        venue = volume.split(".", 1)[1].split("-")
        stream = (
            "journals/tacl" if venue[0] == "tacl" else venue[-1 if venue[0] == "findings" else 0]
        )
    else:
        stream = _OLD_STREAMS.get(volume[0], "acl")
    stream = stream if stream.startswith("journals/") else f"conf/{stream}"
    surname = rec.authors[0].split()[-1] if rec.authors else "Anon"
    base = f"{stream}/{surname}{(rec.year or 0) % 100:02d}"
    key = next(base + s for s in ("", "a", "b", "c", "d", "e", "f", "g") if base + s not in seen)
    seen.add(key)
    article = stream.startswith("journals/")
    fields = {"title": rec.title, "year": str(rec.year or ""), "doi": rec.doi or "",
              "url": rec.url or "", "pages": rec.pages}  # fmt: skip
    fields["journal" if article else "booktitle"] = rec.venue
    if article:
        fields["volume"] = rec.volume
    fields = {k: v for k, v in fields.items() if v}
    kind = "article" if article else "inproceedings"
    return DblpBib(key, kind, fields, rec.authors)


def tallies(
    name: str, outcome: object, answers: dict[str, tuple[str, str]], args: argparse.Namespace,
    requests: int,
) -> None:  # fmt: skip
    """The figures for all of truth and for the papers of acl-judged.tsv."""
    acl = {i: answers[i] for i in truth(("acl-judged.tsv",)) if i in answers}
    report(name, score(outcome, answers, args.show_wrong), requests, len(answers))
    report("  ACL part", score(outcome, acl, False), requests, len(answers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tex", action="store_true", help="compile with bibtex and biber")
    parser.add_argument("--show-wrong", action="store_true", help="list wrong and missed")
    parser.add_argument(
        "--derived-acl", action="store_true",
        help="the loopback DBLP also serves hits made from the Anthology's records (supplement)",
    )  # fmt: skip
    parser.add_argument(
        "--volumes-only", action="store_true",
        help="never download the whole Anthology export: the per-volume path alone",
    )  # fmt: skip
    parser.add_argument(
        "--padded-export", type=int, default=0, metavar="N",
        help="the whole export also holds N near-copies of each record (supplement)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.volumes_only:
        venues.EXPORT_AT = sys.maxsize
    papers = {**papers_by_id(), **venue_papers()}
    answers = {i: a for i, a in truth().items() if i in papers}
    ids = list(answers)
    records = load_dblp_bib() + load_dblp_bib(
        VENUES / "dblp-acl.bib"
    )  # + DBLP's copies of ACL papers
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        dump = tmpdir / "dblp.xml"
        dump.write_bytes(dblp_xml(records))
        anthology = tmpdir / "anthology.bib.gz"
        anthology_gz(anthology)
        # offline: the dumps imported, the arXiv records in the store
        offline = Settings(cache_dir=tmpdir / "offline", offline=True)
        store_import(dump, settings=offline)
        store_import(anthology, settings=offline)
        with Store.in_dir(offline.cache_dir) as store:
            store.put_papers(papers[i] for i in ids)
        bib = offline_bib = tmpdir / "offline.bib"
        write_bib(bib, ids, papers)
        outcome = update(bib, settings=offline, published=True)
        tallies("offline (imported DBLP and Anthology dumps)", outcome, answers, args,
                outcome.requests)  # fmt: skip
        again = update(bib, settings=offline, published=True)
        print(f"second run: {'changes nothing' if not again.changed else 'CHANGES THE FILE'}")
        if args.tex:
            compile_tex(bib)
        # online: a loopback DBLP search
        served = records + (derived_hits(records) if args.derived_acl else [])
        export = None  # the fixture's records, gzipped, as the loopback Anthology's export
        if args.padded_export:
            real = "\n".join(anthology_entries().values()).encode()
            export = gzip.compress(real) + padded_export(args.padded_export)  # two gzip members
            print(f"online with an export padded by {args.padded_export} near-copies a record")
        if args.derived_acl:
            print(f"online with {len(served) - len(records)} DBLP hits derived from the Anthology")
        with (
            DblpServer(search_hits(served), record_exports(records)) as server,
            CrossrefServer(crossref_items()) as crossref,
            AnthologyServer(anthology_entries(), export=export) as acl,
        ):
            online = Settings(
                cache_dir=tmpdir / "online", dblp_url=server.url, dblp_delay=0.0,
                crossref_url=crossref.url, crossref_delay=0.0, anthology_url=acl.url,
                anthology_delay=0.0,
            )  # fmt: skip
            with Store.in_dir(online.cache_dir) as store:
                store.put_papers(papers[i] for i in ids)
            for run in ("cold store", "warm store, a new file"):
                bib = tmpdir / "online.bib"
                write_bib(bib, ids, papers)
                before = counts(server, crossref, acl)
                outcome = update(bib, settings=online, published=True)
                asked = {k: n - before[k] for k, n in counts(server, crossref, acl).items()}
                name = f"online, {run} (loopback DBLP, Crossref, Anthology)"
                total = sum(n for k, n in asked.items() if k != "volumes")
                show = argparse.Namespace(show_wrong=args.show_wrong and run == "cold store")
                tallies(name, outcome, answers, show, total)
                print(
                    f"  DBLP searches {asked['search']} (of which proceedings volumes "
                    f"{asked['volumes']}), record exports {asked['export']}, Crossref "
                    f"{asked['crossref']}, Anthology volume exports {asked['anthology']}, "
                    f"whole Anthology exports {asked['anthology export']}; "
                    f"booktitles still short: {short_booktitles(bib)}, "
                    f"unlike the offline upgrade's: {differing(bib, offline_bib)}"
                )
            again = update(bib, settings=online, published=True)
            print(f"second run: {'changes nothing' if not again.changed else 'CHANGES THE FILE'}")
            if args.tex:
                compile_tex(bib)


if __name__ == "__main__":
    main()
