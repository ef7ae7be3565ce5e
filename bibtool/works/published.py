"""Which venue record, if any, is the published version of a preprint: the accept rule.

A wrong venue is worse than none, so a record is accepted only when it is plainly the same work
and no other record competes with it:

- it is a publication (a conference paper, an article, a chapter): never a CoRR record, a
  proceedings volume or a thesis;
- the same work by ``works.same.compare`` (title at least 0.90 alike with no significant word and
  no number of difference, the same first author, a preprint's years), or, for a title the venue
  changed (GPTQ became "OPTQ", "REALM:" dropped), every author the same in the same order and
  the titles the same but for the name before a colon and a word or two dropped, numbered alike
  (Part 3.1 is not Part 3.2; ``_renamed``);
- its authors are mostly the preprint's (``AUTHOR_BAR`` of the union of surnames): a venue
  version with many authors added or lost is another paper, or a wrong record;
- it is not older than the preprint: a conference paper published the year before the preprint
  appeared is the paper a journal extension extends (VLT, ICCV 2021 / TPAMI 2022); arXiv's own
  journal reference is exempt, since the authors name it as this paper (an old article put on
  arXiv years later);
- it is the only such record, but for workshop versions: a workshop paper and a main-conference
  paper under one title and one author list are one work shown twice (Dataset Distillation by
  Matching Training Trajectories at CVPR 2022 and its Workshops), and the main conference is
  the version to cite; a conference paper and its journal version, or two main-track papers,
  are declined, since either may be the one meant;
- one publication listed by two services is one version: the ACL Anthology's record of an ACL
  paper is kept, DBLP's copy of it (the same Anthology page or DOI) dropped, since the
  Anthology's is the publisher's (full booktitle, publisher, pages).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bibtool.bibfile.values import split_names
from bibtool.model import Paper, VenueRecord
from bibtool.text.names import is_et_al, surname_key
from bibtool.text.normalise import STOP_WORDS, normalise
from bibtool.text.similarity import numbers_as_digits, title_marks
from bibtool.venues.anthology import anthology_id_of
from bibtool.works.facts import work_facts
from bibtool.works.same import compare

__all__ = [
    "AUTHOR_BAR",
    "Published",
    "Verdict",
    "choose_published",
    "is_workshop",
    "with_venue",
]

AUTHOR_BAR = 0.6
NAME_WORDS = 4  # words before a colon that name the work ("Tensor Programs V:")
DROPPED_WORDS = 2  # words a venue may drop from (or add to) a title ("Even Faster" / "Faster")
MIN_RENAMED_WORDS = 3
_DIGITS = re.compile(r"\d+")
PUBLICATIONS = frozenset({"inproceedings", "article", "incollection"})
LATE_YEARS = 5  # a venue version this many years after the preprint is not looked for


class Verdict(str, enum.Enum):
    """What the rule decided for one entry."""

    PUBLISHED = "published"  # one venue version, accepted
    AMBIGUOUS = "ambiguous"  # several venue versions plausible: declined
    NONE = "none"  # no venue version among the records


@dataclass(frozen=True)
class Published:
    """The decision for one entry: the chosen record, why, and why each other was turned down."""

    verdict: Verdict
    record: VenueRecord | None
    reason: str
    declined: tuple[tuple[str, str], ...] = ()  # (record key, why not)


@dataclass(frozen=True)
class _Preprint:
    titles: tuple[str, ...]
    surnames: tuple[str, ...]
    truncated: bool
    year: int | None
    arxiv_id: str | None


def _preprint(fields: Mapping[str, str], paper: Paper | None) -> _Preprint:
    titles = [fields.get("title", "")]
    if paper is not None:
        titles.append(paper.title)
        names = [a.name for a in paper.authors]
        truncated = False
    else:
        names = split_names(fields.get("author", ""))
        truncated = bool(names) and is_et_al(names[-1])
        names = [n for n in names if not is_et_al(n)]
    year = paper.published.year if paper is not None else _year(fields.get("year", ""))
    return _Preprint(
        tuple(t for t in titles if t), tuple(surname_key(n) for n in names), truncated, year,
        paper.arxiv_id if paper else None,
    )  # fmt: skip


def _year(value: str) -> int | None:
    digits = "".join(c for c in value if c.isdigit())
    return int(digits[:4]) if len(digits) >= 4 else None


def _record_fields(record: VenueRecord) -> dict[str, str]:
    where = "journal" if record.kind == "article" else "booktitle"
    fields = {
        "title": "{" + record.title + "}",
        "author": "{" + " and ".join(record.authors) + "}",
        where: "{" + (record.venue or "venue") + "}",
    }
    if record.year:
        fields["year"] = str(record.year)
    return fields


def _surnames(record: VenueRecord) -> tuple[str, ...]:
    """The surname keys of ``record``'s authors, in order (as ``_Preprint.surnames``)."""
    return tuple(surname_key(a) for a in record.authors)


def _author_share(pre: _Preprint, record: VenueRecord) -> float:
    mine = set(pre.surnames)
    theirs = _surnames(record)
    if pre.truncated:  # "and others": the names listed must all be there
        theirs_set = set(theirs)
        return len(mine & theirs_set) / len(mine) if mine else 0.0
    union = mine | set(theirs)
    return len(mine & set(theirs)) / len(union) if union else 0.0


def _why_not(pre: _Preprint, fields: Mapping[str, str], record: VenueRecord) -> str:
    """Why ``record`` is not the preprint's published version, or "" when it is."""
    if record.kind not in PUBLICATIONS:
        return f"a {record.kind} record, not a publication"
    if record.year is not None and pre.year is not None:
        if record.year < pre.year and record.source != "arxiv":
            return f"published in {record.year}, before the preprint ({pre.year}): an earlier paper"
        if record.year > pre.year + LATE_YEARS:
            return f"published in {record.year}, {record.year - pre.year} years after the preprint"
    share = _author_share(pre, record)
    if share < AUTHOR_BAR:
        return f"only {share:.0%} of the authors are the preprint's"
    mine_title = "{" + pre.titles[0] + "}"
    mine = work_facts("preprint", {**fields, "title": mine_title})
    theirs = work_facts(record.key, _record_fields(record), entry_type=record.kind)
    decision = compare(mine, theirs)
    if decision.same:
        return ""
    if decision.rule == "author-differs" and _reordered(pre, record):
        # the same authors in another order (XLM: "Lample, Conneau" on arXiv, "Conneau, Lample"
        # at NeurIPS): the rest of the comparison decides, as if the first author were one
        ordered = {**fields, "title": mine_title, "author": _record_fields(record)["author"]}
        if compare(work_facts("preprint", ordered), theirs).same:
            return ""
    for title in pre.titles[1:]:  # arXiv's latest title, when the entry has an older one
        again = compare(work_facts("arxiv", {**fields, "title": "{" + title + "}"}), theirs)
        if again.same:
            return ""
    renamed = _renamed(pre, record)
    return f"{decision.reason}; {renamed}" if renamed else ""


def _reordered(pre: _Preprint, record: VenueRecord) -> bool:
    """Whether ``record`` lists exactly the preprint's authors (two or more, none left out by
    "and others") in another order."""
    theirs = _surnames(record)
    return (
        not pre.truncated
        and len(theirs) >= 2
        and theirs != pre.surnames
        and sorted(theirs) == sorted(pre.surnames)
    )


def _named_parts(title: str) -> tuple[str, list[str]]:
    """A title's name before a colon (up to ``NAME_WORDS`` words: "GPTQ", "Tensor Programs V")
    and the significant words of the rest, normalised, numbers as digits."""
    head, colon, tail = title.partition(":")
    if not colon or len(head.split()) > NAME_WORDS:
        head, tail = "", title
    rest = numbers_as_digits(normalise(tail)).split()
    return normalise(head), [w for w in rest if w not in STOP_WORDS]


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    words = iter(long)
    return all(any(w == x for x in words) for w in short)


def _renamed(pre: _Preprint, record: VenueRecord) -> str:
    """ "" when ``record`` is the preprint under a title the venue changed, else why not.

    Every author the same, in order, and the titles alike but for the name before a colon
    (GPTQ / OPTQ, "REALM:" dropped, "M3:" added) and up to ``DROPPED_WORDS`` words one title
    adds, the rest in the same order ("Even Faster SVRG" / "Faster SVRG"). A word changed
    ("Hierarchical" / "Multimodal Memory Modelling") or words moved ("Learning to Prompt" /
    "Conditional Prompt Learning") is another paper of the same authors.
    """
    theirs = _surnames(record)
    if pre.truncated or theirs != pre.surnames or len(theirs) < 2:
        return "the author lists are not the same"
    name_b, rest_b = _named_parts(record.title)
    for title in pre.titles:
        name_a, rest_a = _named_parts(title)
        if title_marks(" ".join(rest_a)) != title_marks(" ".join(rest_b)):
            continue
        same_name = _DIGITS.sub("", name_a) == _DIGITS.sub("", name_b)
        if name_a and name_b and same_name and title_marks(name_a) != title_marks(name_b):
            continue  # "Tensor Programs IV" / "V", "Part 1" / "Part 2"
        short, long = sorted((rest_a, rest_b), key=len)
        near = len(short) >= MIN_RENAMED_WORDS and len(long) - len(short) <= DROPPED_WORDS
        if near and _is_subsequence(short, long):
            return ""
    return "the titles differ beyond a renamed name or a dropped word"


def choose_published(
    fields: Mapping[str, str], paper: Paper | None, records: Iterable[VenueRecord]
) -> Published:
    """The published version of the preprint with entry ``fields`` (raw, lower-case names) and
    arXiv record ``paper`` (when known) among ``records``."""
    pre = _preprint(fields, paper)
    unique = {r.key: r for r in records}
    if not pre.titles:
        return Published(Verdict.NONE, None, "the entry has no title")
    accepted: list[VenueRecord] = []
    declined: list[tuple[str, str]] = []
    for record in unique.values():
        why = _why_not(pre, fields, record)
        if why:
            declined.append((record.key, why))
        else:
            accepted.append(record)
    if not accepted:
        why = "no venue record is this work" if declined else "no venue record found"
        return Published(Verdict.NONE, None, why, tuple(declined))
    if len(accepted) > 1:
        accepted = _one_version(accepted)
    if len(accepted) > 1:
        main = _without_workshops(accepted)
        why_not = "a workshop version of the main-conference paper, which is cited"
        declined += [(r.key, why_not) for r in accepted if r not in main]
        accepted = main
    if len(accepted) > 1:
        keys = ", ".join(r.key for r in accepted)
        why = f"{len(accepted)} venue versions fit ({keys}): which one is meant is not clear"
        return Published(Verdict.AMBIGUOUS, None, why, tuple(declined))
    record = accepted[0]
    return Published(Verdict.PUBLISHED, record, _reason(pre, record), tuple(declined))


def _one_version(records: list[VenueRecord]) -> list[VenueRecord]:
    """``records`` without the second telling of one version: arXiv's own reference where a
    service's record agrees with it (the same DOI, or the same year where one has none), and a
    DBLP (or Crossref) copy of an ACL Anthology paper (``_same_publication``), since the
    Anthology's record is the publisher's. A record that disagrees stays, and the choice is
    declined."""
    others = [r for r in records if r.source != "arxiv"]

    def agrees(ref: VenueRecord) -> bool:
        return any(
            (r.doi.lower() == ref.doi.lower()) if r.doi and ref.doi else r.year == ref.year
            for r in others
        )

    kept = [r for r in records if r.source != "arxiv" or not agrees(r)]
    acl = [r for r in kept if r.source == "acl"]
    return [r for r in kept if r.source == "acl" or not any(_same_publication(a, r) for a in acl)]


def _same_publication(acl: VenueRecord, other: VenueRecord) -> bool:
    """Whether ``other`` (DBLP's, Crossref's) lists the Anthology paper ``acl``: it names the
    same Anthology page or DOI, or, naming neither, has its title, year and authors in order
    (WiNLP's abstract of an ICML paper, of the same title and year, lists its authors in
    another order: two publications)."""
    own = anthology_id_of(acl.url, acl.doi) or acl.key.removeprefix("acl:")
    theirs = anthology_id_of(other.url, other.doi)
    if theirs is not None:
        return theirs == own
    if other.doi and acl.doi:
        return other.doi.lower() == acl.doi.lower()
    return (
        other.year == acl.year
        and normalise(other.title) == normalise(acl.title)
        and _surnames(other) == _surnames(acl)
    )


_WORKSHOP = re.compile(r"(?i:\bworkshops?\b)|^[A-Z]{3,5}W\b")


def is_workshop(record: VenueRecord) -> bool:
    """A workshop's paper: DBLP names the venue "CVPR Workshops", "ICCVW", or a proceedings
    title "... Workshops, CVPR Workshops 2022"; the Anthology "Proceedings of the 2019 Workshop
    on Widening NLP"."""
    return record.venue != "WWW" and bool(_WORKSHOP.search(record.venue or ""))


def _without_workshops(records: list[VenueRecord]) -> list[VenueRecord]:
    """The one main-conference record among ``records`` when every other is a workshop version
    of it (the same title and authors, in any order: WiNLP's abstract of an ICML paper lists
    them otherwise); else ``records`` as they are."""
    main = [r for r in records if not is_workshop(r)]
    if len(main) != 1 or len(main) == len(records):
        return records
    same = all(
        normalise(r.title) == normalise(main[0].title)
        and sorted(_surnames(r)) == sorted(_surnames(main[0]))
        for r in records
    )
    return main if same else records


def _reason(pre: _Preprint, record: VenueRecord) -> str:
    same = any(normalise(t) == normalise(record.title) for t in pre.titles)
    title = "same title" if same else f"title changed at the venue ('{record.title}')"
    return f"{record.key}: {title}, same authors, {_where(record)}"


def _where(record: VenueRecord) -> str:
    """The venue and year a reason names, its last words: ``ICML 2019``, or the full
    proceedings title once it is known."""
    where = record.venue or record.key
    if record.year and str(record.year) not in where:
        where += f" {record.year}"
    return where


def with_venue(decision: Published, record: VenueRecord) -> Published:
    """``decision`` with ``record`` in place of its own: the same publication, its venue now
    named in full (a DBLP search hit's ``ICML`` become its proceedings' title), and the reason
    naming the venue as the entry will."""
    reason, short = decision.reason, decision.record and _where(decision.record)
    if short and reason.endswith(short):
        reason = reason[: -len(short)] + _where(record)
    return dataclasses.replace(decision, record=record, reason=reason)


def venue_records(records: Sequence[VenueRecord], preprint_of: str | None) -> list[VenueRecord]:
    """``records`` without the CoRR record of the paper itself (it is the preprint)."""
    return [r for r in records if not (r.arxiv_id and r.arxiv_id == preprint_of)]
