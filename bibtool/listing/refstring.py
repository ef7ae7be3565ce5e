"""One reference string as people paste it from a paper's bibliography: authors, title, year, ids.

Three layouts cover what bibliographies print:

* quoted title (IEEE): ``C. Wei, Y. Chen and T. Ma, "Statistically meaningful…," in NeurIPS, 2022.``
* year in brackets after the authors (APA): ``Wei, C., Chen, Y., & Ma, T. (2021). Title. Venue.``
* sentences (natbib, ACL): ``C. Wei, Y. Chen, and T. Ma. Title. arXiv preprint arXiv:…, 2021.``,
  with the year as its own sentence after the authors in ACL style (``… Ma. 2021. Title.``).

In the sentence layout the authors end at the *first* full stop before which everything reads as a
list of personal names (:func:`bibtool.listing.authors.read_authors`): ``T. Ma.`` ends the list,
``T.`` alone does not.  The title is the next sentence; a ``?`` or ``!`` ends it only when a venue
follows (``…In-Context? In NeurIPS``), since titles ask questions mid-way too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bibtool.ids.arxiv import ArxivRef, find_arxiv_ids
from bibtool.listing.authors import Authors, read_authors
from bibtool.listing.header import MONTH_NAME
from bibtool.listing.identifiers import find_doi
from bibtool.listing.text import squash, strip_list_marker
from bibtool.model import ListingEntry, ListingForm

# A year, not the start of an identifier ("2012.01234") or a page or DOI number.
_YEAR = re.compile(r"(?<![\d./:-])(?P<year>(?:19|20)\d{2})[a-z]?(?![\d]|\.\d)")
# A TeX umlaut (K\"uhn) is no quotation mark.
_QUOTED = re.compile(r"(?<!\\)[\"“”](?P<title>(?:[^\"“”]|(?<=\\)\"){8,}?)(?<!\\)[\"“”]")
# "(2021)", "(2021a)", "(2021, May 3)", biblatex's "(Nov. 2007)", and "(n.d.)" for no date.
_APA = re.compile(
    rf"(?P<authors>.+?)\s*\(\s*(?:(?:{MONTH_NAME})\.?\s+(?:\d{{1,2}},?\s+)?)?"
    r"(?:(?P<year>(?:19|20)\d{2})[a-z]?(?:\s*,[^)]*)?|n\.\s?d\.)\s*\)\s*\.?\s+(?P<rest>.+)"
)
# A date a style prints right after an unquoted title: "…Agent Models, December 2022", ", 2019".
_TITLE_DATE = re.compile(
    rf"[,.]?\s*\(?(?:(?:{MONTH_NAME})\.?\s+(?:\d{{1,2}},?\s+)?)?(?P<year>(?:19|20)\d{{2}})[a-z]?\)?$"
)
# IEEE without quotes (biblatex-ieee's @misc): "J. Geiping and T. Goldstein, Cramming: …, 2022."
_COMMA = re.compile(r",\s+(?=[^\W\d_])")
_COMMA_TITLE_END = re.compile(
    r",\s+(?:(?:19|20)\d{2}|in\s|In\s|arXiv|ArXiv|CoRR|Preprint|preprint|vol\.|pp\.)"
)
_FULL_STOP = re.compile(r"\.(?=\s|$)")
_VENUE_CUE = (
    r"(?:In\b|in\b|arXiv|ArXiv|CoRR|Proc|Advances|Journal|Trans|International|Conference|IEEE"
    r"|ACM|Nature|Science|preprint|Preprint|Annals|(?:19|20)\d{2})"
)
# A question ends the title before a venue, or before an abbreviated word ("? Phys. Rev. D").
# What may follow a title's full stop in lower case: a venue cue or a link ("arxiv.org/abs/…").
_VENUE_AFTER = re.compile(_VENUE_CUE + r"|arxiv\.org|https?:|www\.|doi\b")
_QUESTION_END = re.compile(r"[?!](?=\s+(?:" + _VENUE_CUE + r"|[A-Z][^\W\d_]*\u00ad?[^\W\d_]*\.\s))")
_INITIAL_STOP = re.compile(r"(?:^|[\s.-])[A-Z]\.$")
# A list item that is nothing but initials, the last of two letters: "Ph." of "Ph. Podsiadlowski",
# "J.-Cl." of "J.-Cl. Falmagne" (where "T. Ma." and "Wei C." end a list).
_SHORT_INITIAL = re.compile(r"(?:^|,|\band|&)\s*(?:[A-Z]\.-?)*[A-Z][a-z]?\.$")
_VANCOUVER_NAME = re.compile(r"[A-Z]{1,3} \S")
_ABBREVIATIONS = frozenset("vs v.s e.g i.e etc cf al vol no pt fig eq approx resp".split())
_ROMAN = re.compile(r"[IVX]{1,5}")
_ROMAN_STOP = re.compile(r"[IVX]{1,5}\.\s")  # "Clouds. IX. The Serpens"
_YEAR_SENTENCE = re.compile(r"\(?(?P<year>(?:19|20)\d{2})[a-z]?\)?\.\s+")
_TITLE_TRIM = " \t,;:.\"'“”‘’*_"
MAX_TITLE_WORDS = 60
# What follows a title, never a title itself: a wrapped line such as "Perplexity Estimation.
# arXiv preprint arXiv:2212.04037." must not read as an author "Perplexity Estimation" and a
# title "arXiv preprint arXiv:…", or it splits the reference it ends in two.
VENUE_ONLY = re.compile(
    r"(?:arXiv\s*(?:preprint\b|e-prints\b|:)|CoRR\b|Preprint\b"
    r"|In\s+(?:Proc(?:eedings\b|\.)|Advances\s+in\b|International\s+Conference\b))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    """What one reference string says; ``title`` and ``authors`` are always there."""

    title: str
    authors: Authors
    year: int | None = None
    arxiv: ArxivRef | None = None
    doi: str | None = None

    def entry(self, line: int, source: str, form: ListingForm) -> ListingEntry:
        """The listing entry this reference is, read at ``line`` from ``source``."""
        return ListingEntry(
            line=line,
            source=source,
            form=form,
            title=self.title,
            authors=self.authors.names,
            authors_truncated=self.authors.truncated,
            year=self.year,
            arxiv_id=self.arxiv.id if self.arxiv else None,
            arxiv_version=self.arxiv.version if self.arxiv else None,
            doi=self.doi,
        )


@functools.lru_cache(maxsize=4096)  # detection and item splitting ask about the same text
def read_reference(text: str) -> Reference | None:
    """The reference ``text`` is, or None when it does not read as authors then a title."""
    core = squash(strip_list_marker(text))
    read = _quoted(core) or _apa(core) or _sentences(core) or _comma(core)
    if read is None:
        return None
    authors, title, year = read
    title = title.strip(_TITLE_TRIM)
    dated = _TITLE_DATE.search(title)
    if dated is not None and len(title[: dated.start()].split()) >= 2:
        title = title[: dated.start()].strip(_TITLE_TRIM)
        year = year or int(dated["year"])
    words = title.split()
    if not any(c.isalpha() for c in title) or len(words) > MAX_TITLE_WORDS:
        return None
    if VENUE_ONLY.match(title):
        return None
    refs = find_arxiv_ids(core)
    if not refs and "arxiv" in core.lower():  # "arXiv preprint 2107.13163"
        refs = find_arxiv_ids(core, bare=True)
    return Reference(
        title=title,
        authors=authors,
        year=year if year is not None else _last_year(core),
        arxiv=refs[0] if len(refs) == 1 else None,
        doi=find_doi(core),
    )


def _quoted(text: str) -> tuple[Authors, str, int | None] | None:
    """IEEE: a quoted title after the authors: three words or more, or fewer with the comma
    IEEE puts inside the quotes (``"Text Infilling,"``), which a quoted nickname lacks."""
    m = _QUOTED.search(text)
    if m is None or (len(m["title"].split()) < 3 and not m["title"].endswith(",")):
        return None
    head = text[: m.start()].rstrip(" “‘\"'")  # “"bertscore: …",”: quotes nest
    authors = read_authors(re.sub(r"(?<=[a-z])\.$", "", head))  # MLA: "…, and Tengyu Ma. "
    return (authors, m["title"], None) if authors else None


def _apa(text: str) -> tuple[Authors, str, int | None] | None:
    """APA: ``Authors (2021). Title. Venue.``"""
    m = _APA.fullmatch(text)
    if m is None:
        return None
    authors = read_authors(m["authors"])
    year = int(m["year"]) if m["year"] else None
    return (authors, _title_at(m["rest"]), year) if authors else None


def _comma(text: str) -> tuple[Authors, str, int | None] | None:
    """IEEE without quotes: the longest run of names before a comma, then the title up to a
    comma before a year, ``in``, or an arXiv or page mark (or its first full stop).  The last
    name must have two words or more: a title's first word alone reads as a name too."""
    best: tuple[Authors, int] | None = None
    for m in _COMMA.finditer(text):
        authors = read_authors(text[: m.start()])
        if authors is None:
            if best is not None:
                break
            continue
        if len(authors.names[-1].split()) >= 2:
            best = (authors, m.end())
    if best is None or re.match(r"(?:and|&)\s", text[best[1] :]):
        return None  # a list cut short of its last name ("…, and Sang goo Lee")
    rest = text[best[1] :]
    end = _COMMA_TITLE_END.search(rest)
    title = _first_sentence(rest[: end.start()] if end else rest)
    if len(title.split()) < 3 or read_authors(title) is not None:
        return None  # more names ("A.Ya.Tzalenchuk, Healey J"), not a title
    return best[0], title, None


def _sentences(text: str) -> tuple[Authors, str, int | None] | None:
    """natbib / ACL: the first full stop after a list of names ends the authors."""
    for stop in _FULL_STOP.finditer(text):
        authors = read_authors(text[: stop.start()]) or read_authors(text[: stop.end()])
        if authors is None or (
            (
                _INITIAL_STOP.search(text, 0, stop.end())
                or _SHORT_INITIAL.search(text, 0, stop.end())
            )
            and not _vancouver(authors)
        ):
            continue  # "Markus N. Rabe", "Ph. Podsiadlowski": an initial, not the list's end
        return _after_authors(authors, text[stop.end() :])
    # Nothing read so: a lone Vancouver author ("Wright P. Title.") also ends in an initial.
    first = _FULL_STOP.search(text)
    lone = read_authors(text[: first.start()]) if first else None
    if first and lone and len(lone.names) == 1 and _VANCOUVER_NAME.match(lone.names[0]):
        return _after_authors(lone, text[first.end() :])
    return None


def _after_authors(authors: Authors, rest: str) -> tuple[Authors, str, int | None]:
    rest = rest.lstrip()
    acl = _YEAR_SENTENCE.match(rest)  # ACL and Chicago put the year between authors and title
    if acl is not None:
        return authors, _title_at(rest[acl.end() :].lstrip()), int(acl["year"])
    return authors, _title_at(rest), None


def _title_at(text: str) -> str:
    """The title ``text`` starts with: quoted (biblatex's “How can we know…?” In: …, Chicago's
    "Statistically Meaningful…." Advances in …), or its first sentence."""
    quoted = _QUOTED.match(text)
    return quoted["title"] if quoted else _first_sentence(text)


def _vancouver(authors: Authors) -> bool:
    """True for ``Wei C, Chen Y, Ma T``, whose list does end in an initial and a full stop."""
    names = authors.names
    return len(names) >= 2 and all(_VANCOUVER_NAME.match(name) for name in names)


def _first_sentence(text: str) -> str:
    """``text`` up to the full stop that ends it (or a ``?``/``!`` that a venue follows).

    Titles hold full stops of their own: ``… Nets v.s. their Kernel``, ``… Clouds. IX. The
    Serpens …``.  A stop after an abbreviation or a Roman numeral, or before a lower-case word
    (but ``arXiv``, ``in``) or a Roman numeral, does not end the title.
    """
    text = text.strip()
    stop = next((m for m in _FULL_STOP.finditer(text) if _ends_title(text, m.start())), None)
    question = _QUESTION_END.search(text)
    ends = [m.start() for m in (stop,) if m] + [m.end() for m in (question,) if m]
    return text[: min(ends)] if ends else text


def _ends_title(text: str, i: int) -> bool:
    """True when the full stop at ``text[i]`` ends the title rather than sits inside it."""
    before = text[:i].split()[-1].lower() if text[:i].split() else ""
    after = text[i + 1 :].lstrip()
    if before.rstrip(".") in _ABBREVIATIONS or _ROMAN.fullmatch(before.upper()):
        return False
    if _ROMAN_STOP.match(after):
        return False
    return not after[:1].islower() or _VENUE_AFTER.match(after) is not None


def _last_year(text: str) -> int | None:
    years = [int(m["year"]) for m in _YEAR.finditer(text)]
    return years[-1] if years else None
