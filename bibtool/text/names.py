"""People's names: BibTeX's parts of a name, surnames, suffixes, particles and "et al.".

One home for what every stage knows about names: listings (``listing.names`` judges tokens with
the same particles and suffixes), matching (``surname_key`` compares author lists), works
(first authors), rendering (``render.names`` writes ``von Last, Jr, First``) and ``check``.

arXiv author lists are split from free text, so they carry debris: a lone ``:`` after a
collaboration, ``and C. A. Kuntscher``, ``Gibor Basri;``, ``A & B`` in one entry, ``Jr.`` as its
own entry, ``A.N.Aleshaev`` without spaces. ``clean_author_names`` repairs the list.

Particles count only when written in lower case, which is BibTeX's own rule for the von part:
a capitalised ``De`` or ``Van`` is often a given or middle name (Vietnamese ``Van``), so guessing
would misfile more names than it saves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bibtool.text.normalise import normalise
from bibtool.text.tex import to_text, to_unicode

# Lower-case words that open a surname (BibTeX's von part), in the languages of arXiv's authors.
PARTICLES = frozenset(
    "van von der den de del della delle dei degli des di da dos das do du la las le les lo los "
    "ter ten het 't t op zu zum zur vom af av y e al el bin binti ibn ul ur st.".split()
)

_GLUED_PARTICLE = re.compile(r"(d|l|dell|dall|all)['’](?=\w)")  # d'Ascoli, dall'Oglio

# Particles some families write with a capital ("Luc Van Gool", "Sandra Le Coz", "M. De
# Gruttola"): part of the surname when they run from inside the name to its last word. BibTeX
# puts a capitalised word of "First von Last" into First ("L. V. Gool"); arXiv lists them so.
_CAPITAL_PARTICLES = frozenset(
    "Van Von Der Den De Del Della Delle Dei Degli Des Di Da Dal Dalla Das Dos Du La Le Ter "
    "Ten Vander Vanden".split()
)
# Vietnamese middle names (Van, Thi) and Chinese given syllables (Da, Di, De, Du, Le) look like
# those particles: before or after these common surnames, they stay given names ("Hieu Van
# Nguyen", "Nguyen Van Khue").
_EAST_ASIAN_SURNAMES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan trinh "
    "truong lam luu wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin "
    "gao luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai "
    "jiang yu du ye cheng wei su lu ding ren shen yao jin fu".split()
)

_ORG_WORDS = re.compile(
    r"\b(?i:collaborations?|consortium|team|group|project|inc|ltd|llc|gmbh|corp|corporation|"
    r"company|labs?|laborator(?:y|ies)|institute|university|foundation|committee|council|"
    r"society|association|initiative|organi[sz]ation|network|alliance|experiment|observatory|"
    r"centre|center|department|agency|research|deepmind|contributors|partners)\b|\bAI\b"
)

_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.-?)+|[A-Z]")  # J.  S.K.  Yu.  J.-F.  A

_GLUED_INITIALS = re.compile(r"((?:\w{1,2}\.-?)+)([^\W\d_][^.]+)")  # A.N.Aleshaev

# A list element that is no author but marks the list as cut: "others", "et al.", "etc.".
_ET_AL_NAME = re.compile(r"et\.?\s*al\.?|others|etc\.?", re.IGNORECASE)
_ET_AL_END = re.compile(r"\s+et\.?\s*al\.?$", re.IGNORECASE)  # "A. Abulencia et al."
# The same mark at the end of an author list in free text ("…, and others", "… et al.", APA's
# "…", "+ 3 more"): listings cut it off and remember that the list was cut.
ET_AL_TAIL = re.compile(
    r"[\s,;]*(?:(?:and|&)\s+)?"  # "T. K. Pedlar and et al."
    r"(?:\bet\.?\s*al\b\.?|\band\s+others\b\.?|…|\.\.\.|"
    r"\+\s*\d+(?:\s+(?:more|others|authors?))?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Name:
    """A personal name in BibTeX's parts, or a literal that BibTeX must take whole."""

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    literal: str | None = None  # corporate or one-word names, kept as written

    @property
    def von_last(self) -> str:
        """The surname with its particles, as written: ``van der Tak``, ``d'Ascoli``."""
        if not self.von:
            return self.last
        return self.von + ("" if self.von.endswith(("'", "’")) else " ") + self.last

    @property
    def in_order(self) -> str:
        """The name as it is said: ``Ludwig van Beethoven``, ``Robert L. Logan IV``."""
        if self.literal is not None:
            return self.literal
        return " ".join(p for p in (self.first, self.von_last, self.jr) if p)


def _mask(s: str) -> str:
    """s with the inside of every brace group blanked, so patterns only see depth 0.

    Braces are counted literally, backslash or not, because that is how BibTeX counts them.
    """
    if "{" not in s:
        return s
    out: list[str] = []
    depth = 0
    for c in s:
        depth -= c == "}" and depth > 0
        out.append(c if depth == 0 or c in "{}" else "\0")
        depth += c == "{"
    return "".join(out)


def _split0(s: str, pattern: str) -> list[str]:
    """Split s at matches of pattern that lie outside braces; empty pieces are dropped."""
    pieces: list[str] = []
    last = 0
    for m in re.finditer(pattern, _mask(s)):
        pieces.append(s[last : m.start()])
        last = m.end()
    pieces.append(s[last:])
    return [p.strip() for p in pieces if p.strip()]


def wholly_braced(s: str) -> bool:
    return s.startswith("{") and _mask(s).find("}") == len(s) - 1


def _visible(s: str) -> str:
    return re.sub(r"\\[A-Za-z]+|\\.|[{}$]", "", s)


def is_corporate(name: str) -> bool:
    """An organisation rather than a person: `The ATLAS Collaboration`, `Google DeepMind`.

    Signs: a leading article, an organisation word, or capitals only with a word of two or more
    letters (`CERN`, `ATLAS CMS`) unless it reads as initials and a surname (`S.K. OH`).
    """
    name = name.strip()
    if re.match(r"(?i)the\s", name) or _ORG_WORDS.search(_mask(name)):
        return True
    if any(c.islower() for c in _visible(name)):
        return False
    tokens = name.split()
    acronym = any(sum(c.isalpha() for c in _visible(t)) > 1 for t in tokens)
    return acronym and not (len(tokens) > 1 and all(_INITIALS.fullmatch(t) for t in tokens[:-1]))


def _tokens(s: str) -> list[str]:
    out: list[str] = []
    for tok in _split0(s, r"\s+"):
        m = _GLUED_INITIALS.fullmatch(tok)
        out.extend(m.groups() if m else (tok,))
    return out


def _particle_start(tokens: list[str]) -> int:
    """Index where the surname (with its particles) begins: never the first token."""
    for i in range(1, len(tokens)):
        particle = tokens[i] in PARTICLES and i < len(tokens) - 1
        if particle or _GLUED_PARTICLE.match(tokens[i]) or _capital_particles(tokens, i):
            return i
    return len(tokens) - 1


def _capital_particles(tokens: list[str], i: int) -> bool:
    """Whether tokens[i:-1] are particles written with a capital, leading to the last word."""
    run = tokens[i:-1]
    return (
        bool(run)
        and all(t in _CAPITAL_PARTICLES for t in run)
        and normalise(tokens[0]) not in _EAST_ASIAN_SURNAMES  # "Nguyen Van Khue": family first
        and normalise(tokens[-1]) not in _EAST_ASIAN_SURNAMES
    )


def _split_von(rest: list[str]) -> tuple[str, str]:
    """(von, last) of the surname tokens: `van der` + `Tak`, `d'` + `Ascoli`."""
    von: list[str] = []
    while len(rest) > 1 and rest[0] in PARTICLES:
        von.append(rest.pop(0))
    glued = _GLUED_PARTICLE.match(rest[0])
    if glued:
        von.append(glued.group(0))
        rest = [rest[0][glued.end() :], *rest[1:]]
    return " ".join(von), " ".join(rest)


def _parse_commas(s: str) -> Name:
    """A name already written `Last, First` or `Last, Jr, First`."""
    parts = [p.strip() for p in _split0(s, ",")]
    if len(parts) == 1 or len(parts) > 3 or (len(parts) == 3 and not parts[2]):
        return Name(literal=" ".join(parts))
    last_tokens = _tokens(parts[0])
    start = next((i for i, t in enumerate(last_tokens) if t not in PARTICLES), 0)
    von = " ".join(last_tokens[:start])
    jr = parts[1] if len(parts) == 3 else ""
    return Name(first=parts[-1], von=von, last=" ".join(last_tokens[start:]), jr=jr)


def parse_name(name: str) -> Name:
    """Split one name into BibTeX's parts; TeX accents are decoded to Unicode."""
    s = re.sub(r"\s+", " ", to_unicode(name)).strip()
    if wholly_braced(s) or is_corporate(s):
        return Name(literal=s)
    aside = re.search(r"\([^()]*\)", _mask(s))  # "Rai (Michael Pokorny)": a nickname or alias
    bare = (s[: aside.start()] + s[aside.end() :]).strip() if aside else s
    if "," in _mask(bare):
        return _parse_commas(bare)
    tokens = _tokens(bare)
    if len(tokens) < 2 or (len(tokens) == 2 and is_suffix(tokens[-1])):
        return Name(literal=s)
    jr = tokens.pop() if is_suffix(tokens[-1]) else ""
    start = _particle_start(tokens)
    first = " ".join(tokens[:start] + ([s[aside.start() : aside.end()]] if aside else []))
    von, last = _split_von(tokens[start:])
    return Name(first=first, von=von, last=last, jr=jr)


def surname(name: str) -> str:
    """The name a person sorts under, without particles or suffix (`d'Ascoli` -> `Ascoli`).

    For an organisation: its distinctive words (`The ATLAS Collaboration` -> `ATLAS`).
    """
    n = parse_name(name)
    if n.literal is None:
        return n.last
    words = re.sub(r"\([^()]*\)|[{}]", " ", n.literal).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    core = [w for w in words if not _ORG_WORDS.fullmatch(w)]
    return " ".join(core or words)


# What split_joined may split at or strip; most names hold none of it and skip the splitting.
_JOINERS = re.compile(r"[:;,&]|\b(?:and|for)\b", re.IGNORECASE)


def split_joined(name: str) -> list[str]:
    """Split an entry that holds several names: `CLEO Collaboration: T. K. Pedlar`, `A & B`."""
    if not _JOINERS.search(name):
        return [name.strip()] if name.strip() else []
    out: list[str] = []
    for piece in _split0(name, r"\s*[:;]\s*"):
        piece = re.sub(r"(?i)^(?:(?:and|&)\s+|for\s+(?=the\s))+", "", piece).strip()
        if is_corporate(piece):  # "Procter & Gamble Company" is one name
            out.append(piece)
            continue
        for person in _split0(piece, r"(?i)(?:^|\s+)(?:and|&)(?:\s+|$)|\s*&\s*"):
            out.extend(_split_commas(person))
    return out


def _split_commas(name: str) -> list[str]:
    """`Webber, Jr.` and `Smith, John` are one name; `A, B, C` is a list."""
    parts = _split0(name, ",")
    if len(parts) == 2 and is_suffix(parts[1]):
        return [f"{parts[0]} {parts[1]}"]
    if len(parts) <= 2 or (len(parts) == 3 and is_suffix(parts[1])):
        return [", ".join(parts)]
    return parts


def clean_author_names(names: Iterable[str]) -> list[str]:
    """The real authors in an arXiv list, in order, TeX accents decoded to Unicode.

    Drops entries without a letter (`:`, `\\`), `others` and `et al.` (a truncation marker,
    not an author); splits joined names; attaches a lone `Jr.` to the name before it.
    """
    out: list[str] = []
    for raw in names:
        for piece in split_joined(to_unicode(raw)):
            piece = piece.strip(" ,;:")
            if not any(c.isalpha() for c in _visible(piece)) or is_et_al(piece):
                continue
            piece = without_et_al(piece) or piece
            if is_suffix(piece):
                if out and not is_corporate(out[-1]):
                    out[-1] = f"{out[-1]} {piece}"
                continue
            out.append(piece)
    return out


def is_suffix(token: str) -> bool:
    """A generational suffix: ``Jr``/``Sr`` with or without the dot, in any case; ``II``,
    ``III``, ``IV`` in capitals only (``Iv`` is a surname)."""
    bare = token.removesuffix(".")
    return bare.lower() in ("jr", "sr") or (bare == token and bare in ("II", "III", "IV"))


def is_et_al(name: str) -> bool:
    """One element of an author list that marks it as cut: ``others``, ``{others}``,
    ``et al.``, ``etc.``."""
    return bool(_ET_AL_NAME.fullmatch(to_text(name).strip()))


def without_et_al(name: str) -> str | None:
    """A name that ends in ``et al.`` (arXiv has ``A. Abulencia et al.`` as one author) without
    it, or None when it does not end so: the person is real, the list behind them is cut."""
    m = _ET_AL_END.search(name)
    return name[: m.start()] if m and m.start() > 0 else None


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """The folded last word of the name a person sorts under, for comparing author lists:
    ``Vaswani, Ashish`` and ``Ashish Vaswani`` -> ``vaswani``, ``Robert W. Heath, Jr.`` ->
    ``heath``, ``Koz{\\l}owski, Jan`` -> ``kozlowski``, ``The ATLAS Collaboration`` -> ``atlas``.
    """
    last, comma, _ = name.partition(",")
    last = last.strip()
    if comma and last and " " not in last and "{" not in last and "\\" not in last:
        words = normalise(last).split()  # "Vaswani, Ashish": the common case, no full parse
    else:
        words = normalise(surname(name)).split()
    return words[-1] if words else ""
