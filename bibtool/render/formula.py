"""Key formulas in the style of Better BibTeX: `auth.lower + shorttitle(3,3) + year`.

Grammar (spaces around tokens are ignored)::

    formula     := alternative ( "|" alternative )*      the first with no empty term wins
    alternative := term ( "+" term )*                   the terms' texts, concatenated
    term        := quoted | function ( "." filter )*    a filter rewrites the text before it
    function    := NAME [ "(" [ arg ( "," arg )* ] ")" ]
    filter      := NAME [ "(" [ arg ( "," arg )* ] ")" ]
    arg         := INTEGER | quoted
    quoted      := "'" text "'" | '"' text '"'          literal text (key-safe characters only)

Functions: `auth(n=0, m=1)` the m-th author's surname, first n letters (0: all);
`authors(n=0)` the first n surnames joined, `EtAl` when there are more; `year`; `title`
every significant title word; `shorttitle(n=3, m=0)` and `veryshorttitle(n=1, m=0)` the first
n significant words, the first m of them capitalised; `id` the arXiv id with `_` for `./`.
Filters: `lower`, `upper`, `capitalize`, `substring(start, n)` (1-based), `select(start, n)`
(words), `abbr` (first letter of each word), `condense(sep)`, `nopunct`.

Text is folded to ASCII keeping case (`Błasiok` -> `Blasiok`); words stay apart until the end,
so `select` and `abbr` see them. Stop words are skipped in title words, as Better BibTeX does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NoReturn

from bibtool.model import Paper
from bibtool.render.fold import ascii_fold, paper_surnames
from bibtool.text.normalise import KEY_STOP_WORDS
from bibtool.text.tex import to_unicode

Arg = int | str
_TOKEN = re.compile(
    r"\s*(?:(?P<name>[A-Za-z]+)|(?P<int>-?\d+)|'(?P<sq>[^']*)'|\"(?P<dq>[^\"]*)\"|(?P<op>[+|.(),]))"
)
_LITERAL_OK = re.compile(r"[A-Za-z0-9_:.\-]*")


def fold_case(text: str) -> str:
    """ASCII letters and digits of text, case kept: `Błasiok` -> `Blasiok`, `GPT-4o` -> `GPT4o`."""
    return "".join(f.upper() if c.isupper() else f for c in text for f in [ascii_fold(c)] if f)


def _words(paper: Paper) -> list[str]:
    words = [fold_case(w) for w in to_unicode(paper.title).split()]
    words = [w for w in words if w]
    return [w for w in words if w.lower() not in KEY_STOP_WORDS] or words


def _cap(words: list[str], m: int) -> list[str]:
    return [w[:1].upper() + w[1:] if i < m else w for i, w in enumerate(words)]


def _auth(paper: Paper, n: int = 0, m: int = 1) -> list[str]:
    names = paper_surnames(paper)
    name = fold_case(names[m - 1]) if 0 < m <= len(names) else ""
    return [name[:n] if n > 0 else name]


def _authors(paper: Paper, n: int = 0) -> list[str]:
    names = [fold_case(s) for s in paper_surnames(paper)]
    shown = names[:n] if n > 0 else names
    return shown + (["EtAl"] if len(names) > len(shown) else [])


_FUNCTIONS: dict[str, Callable[..., list[str]]] = {
    "auth": _auth,
    "authors": _authors,
    "year": lambda p: [str(p.published.year)],
    "title": lambda p: _cap(_words(p), 10**6),
    "shorttitle": lambda p, n=3, m=0: _cap(_words(p)[:n], m),
    "veryshorttitle": lambda p, n=1, m=0: _cap(_words(p)[:n], m),
    "id": lambda p: [re.sub(r"[./]", "_", p.arxiv_id)],
}
_FILTERS: dict[str, Callable[..., list[str]]] = {
    "lower": lambda ws: [w.lower() for w in ws],
    "upper": lambda ws: [w.upper() for w in ws],
    "capitalize": lambda ws: _cap(ws, len(ws)),
    "substring": lambda ws, start=1, n=0: ["".join(ws)[start - 1 : start - 1 + n if n else None]],
    "select": lambda ws, start=1, n=0: ws[start - 1 : start - 1 + n if n else None],
    "abbr": lambda ws: [w[:1] for w in ws],
    "condense": lambda ws, sep="": [sep.join(ws)],
    "nopunct": lambda ws: [re.sub(r"[^A-Za-z0-9]", "", w) for w in ws],
}


class _Parser:
    """Recursive descent over the token list; ValueError names the formula and the position."""

    def __init__(self, formula: str) -> None:
        self.formula = formula
        self.tokens: list[tuple[str, str | int, int]] = []
        pos = 0
        while pos < len(formula.rstrip()):
            m = _TOKEN.match(formula, pos)
            if not m:
                self.fail(pos, "unexpected character")
            kind = m.lastgroup or ""
            value: str | int = int(m[kind]) if kind == "int" else m[kind]
            self.tokens.append(("str" if kind in ("sq", "dq") else kind, value, m.start(kind)))
            pos = m.end()
        self.i = 0

    def fail(self, pos: int, what: str) -> NoReturn:
        raise ValueError(f"key pattern {self.formula!r}, column {pos + 1}: {what}")

    def peek(self, value: str | None = None) -> bool:
        return self.i < len(self.tokens) and (value is None or self.tokens[self.i][1] == value)

    def take(self, kind: str) -> str | int:
        if not self.peek() or self.tokens[self.i][0] != kind:
            where = self.tokens[self.i][2] if self.peek() else len(self.formula)
            self.fail(where, f"expected {kind}")
        self.i += 1
        return self.tokens[self.i - 1][1]

    def call(self) -> tuple[str, list[Arg], int]:
        pos = self.tokens[self.i][2] if self.peek() else len(self.formula)
        name = str(self.take("name"))
        args: list[Arg] = []
        if self.peek("("):
            self.i += 1
            while not self.peek(")"):
                if not self.peek():
                    self.fail(len(self.formula), "')' expected")
                args.append(self.take("str" if self.tokens[self.i][0] == "str" else "int"))
                if not self.peek(")"):
                    self.take("op")
            self.i += 1
        return name, args, pos


Step = tuple[str, Sequence[Arg]]


def compile_formula(formula: str) -> list[list[list[Step]]]:
    """Alternatives of terms of steps; ValueError for syntax, unknown names or unsafe literals."""
    p = _Parser(formula)
    alternatives: list[list[list[Step]]] = [[]]
    while True:
        if p.peek() and p.tokens[p.i][0] == "str":
            text = str(p.take("str"))
            if not _LITERAL_OK.fullmatch(text):
                p.fail(p.tokens[p.i - 1][2], f"{text!r} has characters a key cannot hold")
            alternatives[-1].append([("'", [text])])
        else:
            name, args, pos = p.call()
            if name not in _FUNCTIONS:
                p.fail(pos, f"unknown function {name!r} (known: {', '.join(_FUNCTIONS)})")
            steps: list[Step] = [(name, args)]
            while p.peek("."):
                p.i += 1
                fname, fargs, fpos = p.call()
                if fname not in _FILTERS:
                    p.fail(fpos, f"unknown filter {fname!r} (known: {', '.join(_FILTERS)})")
                steps.append((fname, fargs))
            alternatives[-1].append(steps)
        if not p.peek():
            return alternatives
        op = p.take("op")
        if op == "|":
            alternatives.append([])
        elif op != "+":
            p.fail(p.tokens[p.i - 1][2], f"unexpected {op!r}")


def _run(steps: list[Step], paper: Paper) -> str:
    name, args = steps[0]
    if name == "'":
        return str(args[0])
    try:
        words = _FUNCTIONS[name](paper, *args)
        for fname, fargs in steps[1:]:
            words = _FILTERS[fname](words, *fargs)
    except TypeError as exc:  # wrong number or kind of arguments
        raise ValueError(f"key pattern: bad arguments to {name}: {exc}") from exc
    return re.sub(r"[^A-Za-z0-9_:.\-]", "", "".join(words))


def expand_formula(formula: str, paper: Paper) -> str:
    """The key text the formula gives for paper (may be empty); ValueError for a bad formula."""
    for terms in compile_formula(formula):
        pieces = [_run(steps, paper) for steps in terms]
        if all(pieces):  # an empty piece (no author, say) hands over to the next alternative
            return "".join(pieces)
    return ""
