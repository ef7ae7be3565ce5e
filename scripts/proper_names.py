"""Write bibtool/text/propernames.txt, the proper names a title keeps capitalised, and
bibtool/text/englishwords.txt.gz, the common English words, both from SCOWL.

    apt-get install scowl && python scripts/proper_names.py

SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson, Debian package ``scowl``) files its
words by category and by size, 10 (the commonest) to 95 (the rarest). Taken: the categories
``proper-names`` and ``upper`` (words only ever written with a capital: Turing, Markov, Hilbert,
Gaussian, Hamiltonian, Bayesian, English, Atari) up to size ``NAMES_SIZE``, one capital then
lower case, three letters or more, no possessives; dropped: every name whose lower-case form is
a common English word up to size ``WORDS_SIZE`` (Hall/hall, Bell/bell, Brown/brown), since a
Title-Case title may use that word. The common words themselves (lower case, letters only, three
or more, up to size ``WORDS_SIZE``) are written too: a capital on one of them in a sentence-case
title that the paper's abstract says nothing of is more likely the authors' emphasis (`Quantum
Mechanics`) than a name. See bibtool/text/SOURCES.md for the licence.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

SCOWL = Path("/usr/share/dict/scowl")
TEXT = Path(__file__).resolve().parent.parent / "bibtool" / "text"
OUT = TEXT / "propernames.txt"
WORDS_OUT = TEXT / "englishwords.txt.gz"
NAMES_SIZE = 60
WORDS_SIZE = 50
NAME = re.compile(r"[A-Z][a-zà-öø-ÿ]{2,}")
WORD = re.compile(r"[a-z]{3,}")


def words(category: str, size: int) -> set[str]:
    found: set[str] = set()
    for path in SCOWL.glob(f"english-{category}.*"):
        if int(path.suffix[1:]) <= size:
            found |= set(path.read_text(encoding="latin-1").split())
    return found


def main() -> None:
    common = words("words", WORDS_SIZE)
    names = words("proper-names", NAMES_SIZE) | words("upper", NAMES_SIZE)
    kept = sorted(n for n in names if NAME.fullmatch(n) and n.lower() not in common)
    header = (
        f"# Proper names from SCOWL 2020.12.07 (proper-names and upper, size <= {NAMES_SIZE}),\n"
        f"# less those whose lower case is a common word (size <= {WORDS_SIZE}).\n"
        "# Written by scripts/proper_names.py; licence in SOURCES.md beside this file.\n"
    )
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} names -> {OUT}")
    plain = sorted(w for w in common if WORD.fullmatch(w))
    header = (
        f"# Common English words from SCOWL 2020.12.07 (words, size <= {WORDS_SIZE}), lower case.\n"
        "# Written by scripts/proper_names.py; licence in SOURCES.md beside this file.\n"
    )
    # mtime=0: the same words give the same bytes.
    data = gzip.compress((header + "\n".join(plain) + "\n").encode("utf-8"), mtime=0)
    WORDS_OUT.write_bytes(data)
    print(f"{len(plain)} words -> {WORDS_OUT}")


if __name__ == "__main__":
    main()
