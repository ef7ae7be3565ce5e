"""The arXiv identifier grammar: parse one identifier in any written form, or find them in text.

Accepted forms: ``2107.13163``, ``2107.13163v2``, ``arXiv:2107.13163``, ``https://arxiv.org/abs/…``,
``…/pdf/2107.13163v2(.pdf)``, ``10.48550/arXiv.2107.13163``, DBLP's ``abs/2107.13163``, and the
old scheme ``hep-th/9901001`` / ``math.GT/0309136`` (canonical form drops the subject class).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Archives that used the pre-2007 "archive/YYMMNNN" scheme.
OLD_ARCHIVES = [
    "acc-phys",
    "adap-org",
    "alg-geom",
    "ao-sci",
    "astro-ph",
    "atom-ph",
    "bayes-an",
    "chao-dyn",
    "chem-ph",
    "cmp-lg",
    "comp-gas",
    "cond-mat",
    "cs",
    "dg-ga",
    "funct-an",
    "gr-qc",
    "hep-ex",
    "hep-lat",
    "hep-ph",
    "hep-th",
    "math",
    "math-ph",
    "mtrl-th",
    "nlin",
    "nucl-ex",
    "nucl-th",
    "patt-sol",
    "physics",
    "plasm-ph",
    "q-alg",
    "q-bio",
    "quant-ph",
    "solv-int",
    "supr-con",
]

_ARCHIVE = "|".join(sorted((re.escape(a) for a in OLD_ARCHIVES), key=len, reverse=True))
_NEW = r"(?P<new>(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5}))"
_OLD = (
    rf"(?P<old>(?P<arch>{_ARCHIVE})(?:\.(?P<subj>[A-Za-z]{{2}}(?:-[A-Za-z]{{2}})?))?"
    r"/(?P<oyymm>\d{4})(?P<onum>\d{3}))"
)
_VERSION = r"(?:v(?P<version>\d+))?"
_CORE = rf"(?:{_NEW}|{_OLD}){_VERSION}"

_PREFIXED = re.compile(
    r"(?:arxiv\s*:\s*|arxiv\.org/(?:abs|pdf|html|format)/|10\.48550/arxiv\.|(?<![\w.])abs/)"
    + _CORE
    + r"(?![\w.]*\d)",
    re.IGNORECASE,
)
_BARE = re.compile(r"(?<![\w./-])" + _CORE + r"(?![\w/]|\.\d)", re.IGNORECASE)
_WHOLE = re.compile(
    r"\s*(?:arxiv\s*:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"|(?:https?://)?(?:dx\.)?(?:doi\.org/)?10\.48550/arxiv\.)?" + _CORE + r"(?:\.pdf)?/?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class ArxivRef:
    """A validated arXiv identifier: ``id`` never carries a version."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def yymm(self) -> tuple[int, int]:
        """(year, month) the identifier was assigned: a free check against a listing's date."""
        digits = self.id.split("/")[-1][:4]
        yy, mm = int(digits[:2]), int(digits[2:])
        return (1900 + yy if yy >= 91 else 2000 + yy), mm


def _from_match(m: re.Match[str]) -> ArxivRef | None:
    version = int(m["version"]) if m["version"] else None
    if m["new"]:
        yy, mm, num = int(m["yy"]), int(m["mm"]), m["num"]
        if not 1 <= mm <= 12 or (yy, mm) < (7, 4):
            return None
        if len(num) == 5 and yy < 15:  # five-digit numbers began in 1501
            return None
        if len(num) == 4 and yy >= 15:
            return None
        return ArxivRef(m["new"], version)
    oyy, omm = int(m["oyymm"][:2]), int(m["oyymm"][2:])
    if not 1 <= omm <= 12 or (7 < oyy < 91) or (oyy == 7 and omm > 3):
        return None
    return ArxivRef(f"{m['arch'].lower()}/{m['oyymm']}{m['onum']}", version)


def parse_arxiv_id(text: str) -> ArxivRef | None:
    """The identifier if ``text`` is exactly one arXiv identifier in an accepted form, else None."""
    m = _WHOLE.fullmatch(text)
    return _from_match(m) if m else None


def find_arxiv_ids(text: str, *, bare: bool = False) -> list[ArxivRef]:
    """Every arXiv identifier in free text, in order, without repeats.

    Only prefixed forms (``arXiv:``, arxiv.org links, the arXiv DOI, ``abs/``) count unless ``bare``
    is set, because a bare ``1234.5678`` in a note or page range is usually not an identifier.
    """
    found: dict[str, ArxivRef] = {}
    patterns = (_PREFIXED, _BARE) if bare else (_PREFIXED,)
    hits: list[tuple[int, ArxivRef]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            ref = _from_match(m)
            if ref is not None:
                hits.append((m.start(), ref))
    for _, ref in sorted(hits):
        found.setdefault(ref.id, ref)
    return list(found.values())


def id_is_valid(arxiv_id: str) -> bool:
    """True when ``arxiv_id`` (no prefix) is a well-formed identifier, with or without version."""
    m = re.fullmatch(_CORE, arxiv_id, re.IGNORECASE)
    return bool(m and _from_match(m))
