"""The arXiv category suffixes an author page shows (``LG``, ``CL``), read as full categories.

An author page prints only the part after the dot (``cs.LG`` -> ``LG``), and several archives share
a suffix (``CV`` is cs.CV and math.CV, ``ST`` is math.ST and q-fin.ST).  The front-ends that print
these pages serve machine learning, so each suffix maps to its most common reading there, in this
order of preference: cs, stat, eess, math, q-bio, q-fin, econ, astro-ph.  Where arXiv keeps two
names for one category the canonical name wins: ``ST`` and ``TH`` are math.ST (stat.TH is its
alias), ``SY`` is eess.SY (cs.SY), ``NA`` is math.NA (cs.NA), ``IT`` is cs.IT (math.IT).

A suffix not in the table is kept as written: the matcher can still compare it with the end of a
paper's category, and a wrong guess would be worse than no guess.
"""

from __future__ import annotations

_TABLE = {
    "cs": (
        "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NE NI OH "
        "OS PF PL RO SC SD SE SI"
    ),
    "stat": "AP CO ME ML OT",
    "eess": "AS IV SP SY",
    "math": "AC AG AT CA CT DG FA GM GN HO KT MG MP NA NT OA OC PR QA RA RT SG ST",
    "q-bio": "BM CB MN NC PE QM TO",
    "q-fin": "CP EC MF PM RM TR",
    "econ": "EM",
    "nlin": "AO CD PS",
    "astro-ph": "EP GA HE IM SR",
}

SUFFIX_TO_CATEGORY: dict[str, str] = {
    suffix: f"{archive}.{suffix}"
    for archive, suffixes in _TABLE.items()
    for suffix in suffixes.split()
}
SUFFIX_TO_CATEGORY["TH"] = "math.ST"  # stat.TH is an alias of math.ST; econ.TH is far rarer here


def full_category(shown: str) -> str:
    """The full arXiv category for what a listing shows: a suffix from the table, or ``shown``."""
    shown = shown.strip()
    return SUFFIX_TO_CATEGORY.get(shown, shown)
