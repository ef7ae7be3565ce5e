"""Listings of every form bibtool reads, written from real arXiv records the way people write them.

Each generator takes records and a seeded ``random.Random`` and returns a :class:`Generated`: the
listing text and, for every entry, the line it starts on and the arXiv id it names.  Lines that
name no paper (an abstract listing's name line, a Markdown topic bullet) are in the text but not
in the truth: an entry read there is "extra".  Used by ``benchmarks/synthetic.py``.

What is varied, and why (each is a way real listings were seen to differ):

* author pages: the category suffix (``LG``, ``TH`` of hep-th, or the full category when its
  suffix is no 2-3 capitals, ``cond-mat.mes-hall``), a trending score, a ``Code`` label, a date
  without its year for recent papers, ``· affiliation`` or none, "et al." after three names or
  the whole list;
* titles: lower-cased, sentence-cased, punctuation dropped, TeX maths and accents written as
  Unicode or as plain letters (``$\\epsilon$`` -> ``ε``, ``CeAg$_2$Ge$_2$`` -> ``CeAg2Ge2``);
* references: natbib, ACL, APA, IEEE and Vancouver layouts, with an arXiv id or with a venue,
  long author lists cut with "et al.", numbered ``[1]`` / ``1.`` or not, wrapped over lines as a
  PDF copy wraps them (continuation lines indented or not, words hyphenated across the break);
* Markdown: links to arXiv abstracts and PDFs, links to other sites (the title must do),
  emphasised titles with authors after a dash, topic bullets with the papers nested under them.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tests.support.helpers import record_published

Record = dict[str, Any]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
AFFILIATIONS = ("openai", "Stanford University", "Google DeepMind", "MIT", "CNRS", "Tsinghua")
VENUES = (
    "In Advances in Neural Information Processing Systems",
    "In International Conference on Learning Representations",
    "In Proceedings of the 40th International Conference on Machine Learning",
    "Physical Review D",
    "Journal of Mathematical Physics",
    "Transactions of the Association for Computational Linguistics",
)
TOPICS = ("Language models", "Theory", "Optimization", "Physics", "Surveys and overviews")
RECENT = dt.timedelta(days=150)  # front-ends drop the year of dates this recent


@dataclass(frozen=True)
class Generated:
    """A listing and its truth: start line (1-based) -> arXiv id of the entry starting there."""

    text: str
    truth: dict[int, str]


@dataclass(frozen=True)
class Item:
    """Lines of the listing, and the arXiv id of the entry they start (None: not an entry)."""

    lines: tuple[str, ...]
    arxiv_id: str | None = None


def assemble(items: Sequence[Item], *, gap: bool = False) -> Generated:
    """The listing of ``items`` in order (a blank line between items when ``gap``)."""
    lines: list[str] = []
    truth: dict[int, str] = {}
    for item in items:
        if gap and lines:
            lines.append("")
        if item.arxiv_id is not None:
            truth[len(lines) + 1] = item.arxiv_id
        lines.extend(item.lines)
    return Generated("\n".join(lines) + "\n", truth)


def concatenate(parts: Sequence[Generated]) -> Generated:
    """Listings one after the other, a blank line between them, truth lines shifted to match."""
    text, truth = "", {}
    for part in parts:
        offset = text.count("\n") + (1 if text else 0)
        text += ("\n" if text else "") + part.text
        truth.update({line + offset: i for line, i in part.truth.items()})
    return Generated(text, truth)


# --- names --------------------------------------------------------------------------------------

_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "dos"}
_SUFFIXES = {"Jr.", "Jr", "Sr.", "II", "III", "IV"}
_ORGANISATION = re.compile(r"Collaboration|Team|Group|Consortium|Project|Survey", re.IGNORECASE)


def person_names(rec: Record) -> list[str]:
    """The record's authors as a bibliography would list them: without the stray ``:`` and
    ``et al`` entries arXiv's metadata sometimes holds, nor the ``and`` it glues to the last
    name (``and Salim Ciraci``), which rendered as initials gave ``Ciraci aS`` and ``E. al``."""
    names = [re.sub(r"^(?:and|&)\s+", "", n.strip()) for n in rec["authors"]]
    return [n for n in names if n.strip(" :") and n.lower().rstrip(".") not in _NOT_PEOPLE]


_NOT_PEOPLE = ("et al", "others")


def split_name(name: str) -> tuple[list[str], str] | None:
    """(given names, surname with particles and suffix), or None for an organisation."""
    words = name.split()
    if len(words) < 2 or _ORGANISATION.search(name) or name.isupper():
        return None
    suffix = f" {words.pop()}" if words[-1] in _SUFFIXES and len(words) > 2 else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return words[:start], " ".join(words[start:]) + suffix


def initials(given: Sequence[str], *, dots: bool = True) -> str:
    """``Colin Yining`` -> ``C. Y.``; ``Jean-Pierre`` -> ``J.-P.``; TeX-spelled names kept whole."""
    out = []
    for word in given:
        if "\\" in word or "{" in word or not word[0].isalpha():
            out.append(word)
        elif dots:
            out.append("-".join(f"{part[0].upper()}." for part in word.split("-") if part))
        else:
            out.append(word[0])
    return (" " if dots else "").join(out)


def name_as(name: str, style: str) -> str:
    """One author as a style writes it: ``full``, ``initials`` (C. Wei), ``apa``, ``vancouver``."""
    parts = split_name(name)
    if parts is None or style == "full":
        return name
    given, last = parts
    if style == "initials":
        return f"{initials(given)} {last}"
    if style == "apa":
        return f"{last}, {initials(given)}"
    return f"{last} {initials(given, dots=False)}"  # vancouver


def author_list(names: Sequence[str], style: str, *, last_sep: str, cut: int | None) -> str:
    """Authors joined as a style joins them, cut to ``cut`` names and "et al." when longer."""
    shown = [name_as(n, style) for n in names]
    if cut is not None and len(shown) > cut:
        return ", ".join(shown[:cut]) + (", et al." if cut > 1 else " et al.")
    if len(shown) == 1:
        return shown[0]
    if len(shown) == 2 and style != "apa":  # "C. Wei and T. Ma", but "Wei C, Ma T"
        return shown[0] + (last_sep.lstrip(",") if last_sep.strip(", ") else last_sep) + shown[1]
    return ", ".join(shown[:-1]) + last_sep + shown[-1]


# --- titles -------------------------------------------------------------------------------------

_TEX_ACCENT = re.compile(r"\\([`'^\"~])\s*\{?([A-Za-z])\}?")
_COMBINING = {"`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303"}
_MATH = re.compile(r"\$([^$]*)\$")
_COMMAND = re.compile(r"\\([A-Za-z]+)")


_SYMBOLS = {"forall": "∀", "exists": "∃", "infty": "∞", "to": "→", "rightarrow": "→", "pm": "±",
            "sqrt": "√", "times": "×", "hbar": "ħ", "ell": "ℓ", "prime": "′"}  # fmt: skip


def _symbol(command: str) -> str:
    """``epsilon`` -> ``ε``, ``Lambda`` -> ``Λ``, ``forall`` -> ``∀``; other commands vanish."""
    case = "CAPITAL" if command[0].isupper() else "SMALL"
    name = command.upper().replace("LAMBDA", "LAMDA")  # Unicode's spelling
    try:
        return unicodedata.lookup(f"GREEK {case} LETTER {name}")
    except KeyError:
        return _SYMBOLS.get(command, "")


def plain_title(title: str) -> str:
    """The title as one types it: TeX accents and Greek as Unicode, maths as plain characters."""
    title = _TEX_ACCENT.sub(lambda m: unicodedata.normalize("NFC", m[2] + _COMBINING[m[1]]), title)

    def maths(m: re.Match[str]) -> str:
        inner = _COMMAND.sub(lambda c: _symbol(c[1]), m[1])
        return re.sub(r"[{}^_\\]", "", inner)

    return " ".join(_MATH.sub(maths, title).split())


def sentence_case(title: str) -> str:
    """First word kept, later words lower-cased unless they hold another capital (``GPT-4``)."""
    words = title.split()
    return " ".join(
        [words[0]] + [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words[1:]]
    )


def perturb_title(title: str, rng: random.Random) -> str:
    """The title as a human re-types it (see the module docstring); sometimes left alone."""
    if ("$" in title or "\\" in title) and rng.random() < 0.8:
        title = plain_title(title)
    roll = rng.random()
    if roll < 0.25:
        title = title.lower()
    elif roll < 0.5:
        title = sentence_case(title)
    if rng.random() < 0.3:
        title = re.sub(r"[:,;?!]", "", title)
    return " ".join(title.split())


# --- forms --------------------------------------------------------------------------------------


def first_date(rec: Record) -> dt.date:
    return dt.date.fromisoformat(record_published(rec)[:10])


def category_label(category: str) -> str:
    """What a front-end prints for a category: its 2-3 capital suffix, else the category."""
    suffix = re.split(r"[.-]", category)[-1].upper()
    return suffix if re.fullmatch(r"[A-Z]{2,3}", suffix) else category


def author_page(recs: Sequence[Record], rng: random.Random, today: dt.date) -> Generated:
    """Header, title glued to authors, abstract; header and byline varied per entry."""
    items = []
    for rec in recs:
        day = first_date(rec)
        score = f"{rng.uniform(50, 99):.1f}" if rng.random() < 0.3 else ""
        date = f"{MONTHS[day.month - 1]} {day.day}"
        if not (today - day <= RECENT and rng.random() < 0.7):
            date += f", {day.year}"
        code = "Code" if rng.random() < 0.2 else ""
        header = f"{score}{category_label(rec['primary_category'])}{date}{code}"
        names = person_names(rec)
        cut = 3 if rng.random() < 0.8 else len(names)
        shown = ", ".join(names[:cut]) + (" et al." if len(names) > cut else "")
        byline = rec["title"] + shown
        if rng.random() < 0.3:
            byline += " · " + ", ".join(rng.sample(AFFILIATIONS, rng.randint(1, 2)))
        items.append(Item((header, byline, rec["abstract"]), rec["id"]))
    return assemble(items)


def title_list(recs: Sequence[Record], rng: random.Random) -> Generated:
    return assemble([Item((perturb_title(r["title"], rng),), r["id"]) for r in recs])


def abstract_list(recs: Sequence[Record], rng: random.Random) -> Generated:
    items = [Item(("Someone",))]
    for rec in recs:
        words = rec["abstract"].split()
        if rng.random() < 0.5 and len(words) > 40:  # another "version": a sentence dropped
            cut = rng.randrange(10, len(words) - 20)
            words = words[:cut] + words[cut + 15 :]
        items.append(Item(("Abstract:" + " ".join(words),), rec["id"]))
    return assemble(items)


def id_list(recs: Sequence[Record], rng: random.Random) -> Generated:
    shapes = (
        "{id}", "arXiv:{id}", "arXiv:{id}v1", "https://arxiv.org/abs/{id}",
        "https://arxiv.org/pdf/{id}v2.pdf", "10.48550/arXiv.{id}", "https://doi.org/10.48550/arXiv.{id}",
    )  # fmt: skip
    return assemble([Item((rng.choice(shapes).format(id=r["id"]),), r["id"]) for r in recs])


def _venue(rec: Record, rng: random.Random, *, with_id: bool) -> tuple[str, int]:
    """Where a reference says the paper is, and the year it gives."""
    year = first_date(rec).year
    if with_id:
        return rng.choice((f"arXiv preprint arXiv:{rec['id']}", f"arXiv:{rec['id']}")), year
    return rng.choice((*VENUES, "arXiv preprint", "Preprint")), year + rng.choice((0, 0, 1))


def reference(rec: Record, rng: random.Random, style: str, *, with_id: bool) -> str:
    """One reference string in ``style``: natbib, acl, apa, ieee or vancouver."""
    names = person_names(rec) or ["Anonymous"]
    title = perturb_title(rec["title"], rng) if rng.random() < 0.5 else plain_title(rec["title"])
    venue, year = _venue(rec, rng, with_id=with_id)
    cut = rng.choice((1, 3, None)) if len(names) > 3 else None
    if style == "natbib":
        authors = author_list(names, "initials", last_sep=", and ", cut=cut)
        return f"{stop(authors)} {title}. {venue}, {year}."
    if style == "acl":
        authors = author_list(names, "full", last_sep=", and ", cut=cut)
        return f"{stop(authors)} {year}. {title}. {venue}."
    if style == "apa":
        authors = author_list(names, "apa", last_sep=", & ", cut=cut)
        return f"{authors} ({year}). {title}. {venue.removeprefix('In ')}."
    if style == "ieee":
        authors = author_list(names, "initials", last_sep=" and ", cut=cut)
        venue = venue if with_id else f"in {venue.removeprefix('In ')}"
        return f'{authors}, "{title}," {venue}, {year}.'
    authors = author_list(names, "vancouver", last_sep=", ", cut=6 if cut else None)
    return f"{stop(authors)} {title}. {venue.removeprefix('In ')}. {year}."


def stop(text: str) -> str:
    """``text`` ended by one full stop (``et al.`` keeps its own)."""
    return text if text.endswith(".") else f"{text}."


def wrap(text: str, rng: random.Random, *, indent: str) -> list[str]:
    """``text`` wrapped as a PDF copy wraps it, sometimes with a word hyphenated at the break."""
    lines = textwrap.wrap(text, width=rng.randint(60, 90), break_on_hyphens=False)
    for i in range(len(lines) - 1):
        head, _, last = lines[i].rpartition(" ")
        if rng.random() < 0.2 and len(last) > 7 and last.isalpha() and last.islower():
            lines[i], lines[i + 1] = f"{head} {last[:4]}-", f"{last[4:]} {lines[i + 1]}"
    return [lines[0]] + [indent + line for line in lines[1:]]


def references(recs: Sequence[Record], rng: random.Random) -> Generated:
    """Blocks of up to 10 references, each block in one style, numbering and wrapping."""
    parts = []
    for start in range(0, len(recs), 10):
        style = rng.choice(("natbib", "acl", "apa", "ieee", "vancouver"))
        numbering = rng.choice(("[{n}] ", "{n}. ", ""))
        wrapped, indent = rng.random() < 0.6, rng.choice(("", "    "))
        items = []
        for n, rec in enumerate(recs[start : start + 10], start=1):
            text = numbering.format(n=n) + reference(rec, rng, style, with_id=rng.random() < 0.5)
            lines = wrap(text, rng, indent=indent) if wrapped else [text]
            items.append(Item(tuple(lines), rec["id"]))
        parts.append(assemble(items))
    return concatenate(parts)


def markdown(recs: Sequence[Record], rng: random.Random) -> Generated:
    """Reading-list items of four shapes, some nested under topic bullets."""
    items: list[Item] = []
    nested = False
    for n, rec in enumerate(recs, start=1):
        if rng.random() < 0.1:
            nested = not nested
            if nested:
                items.append(Item((f"- {rng.choice(TOPICS)}",)))
        title = plain_title(rec["title"])
        title = perturb_title(title, rng) if rng.random() < 0.3 else title
        names = person_names(rec)
        authors = ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")
        year = first_date(rec).year
        shape = rng.randrange(4)
        if shape == 0:
            url = rng.choice(("https://arxiv.org/abs/{}", "https://arxiv.org/pdf/{}v1"))
            line = f"- [{title}]({url.format(rec['id'])})"
        elif shape == 1:
            line = f"* [{title}](https://openreview.net/forum?id=X{rng.randrange(10**6)})"
        elif shape == 2:
            line = f"{n}. **{title}** — {authors} ({year})"
        else:
            line = f"- [{title}](https://github.com/example/repo{n}) by {authors}"
        items.append(Item((("  " if nested else "") + line,), rec["id"]))
    return assemble(items)


def mixed(blocks: Sequence[Callable[[Sequence[Record]], Generated]], recs: Sequence[Record],
          rng: random.Random) -> Generated:  # fmt: skip
    """Blocks of 3-8 entries, each of a form drawn at random, one after another."""
    parts, start = [], 0
    while start < len(recs):
        size = rng.randint(3, 8)
        parts.append(rng.choice(blocks)(recs[start : start + size]))
        start += size
    return concatenate(parts)
