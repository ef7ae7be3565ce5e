"""The loopback arXiv server's search engine: text analysis, the query grammar, an inverted index.

It reproduces the traps of the live service on purpose, because bibtool must survive them:
words are stemmed and stop-words dropped even inside quoted phrases; an unquoted ``self-training``
means ``self ANDNOT training``; an unquoted ``Word:`` that is not a field prefix is a syntax error;
juxtaposed terms are ANDed, and only the first word after ``ti:`` is bound to the title.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

TEXT_FIELDS = ("ti", "au", "abs", "co", "jr")
ALL_FIELDS = ("ti", "au", "abs", "co")  # what ``all:`` (and a bare term) searches
KEYWORD_FIELDS = ("cat", "id", "rn")
DATE_FIELDS = {"submittedDate": "published", "lastUpdatedDate": "updated"}
FIELDS = frozenset((*TEXT_FIELDS, *KEYWORD_FIELDS, "all"))
WEIGHTS = {"ti": 3.0, "au": 2.0, "abs": 1.0, "co": 0.5, "jr": 0.5, "cat": 0.5, "id": 1.0}
OPERATORS = frozenset(("AND", "OR", "ANDNOT", "NOT"))

STOP_WORDS = frozenset(
    "a an and are as at be but by for from if in into is it its no not of on or such that the "
    "their then there these they this to via was we were will with".split()
)
_AUTHOR_GAP = 100  # position gap so that a phrase never spans two authors
_WORD = re.compile(r"[^\W_]+")
_FIELD = re.compile(r"([A-Za-z_]\w*):")
_UNFOLDABLE = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})


class QuerySyntaxError(ValueError):
    """A search_query the live API would answer with HTTP 400."""


# --- text analysis ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents (``Sébastien`` -> ``sebastien``)."""
    text = text.translate(_UNFOLDABLE)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text.casefold()


def analyze(text: str) -> list[str]:
    """The index terms of ``text``: folded words, stop-words dropped, each stemmed."""
    return [term for word in _WORD.findall(fold(text)) if (term := _term(word))]


@lru_cache(maxsize=300_000)
def _term(word: str) -> str:
    if word in STOP_WORDS:
        return ""
    return stem(word) if word.isascii() and word.isalpha() else word


def _cons(w: str, i: int) -> bool:
    if w[i] in "aeiou":
        return False
    return w[i] != "y" or i == 0 or not _cons(w, i - 1)


def _measure(w: str) -> int:
    m, prev_vowel = 0, False
    for i in range(len(w)):
        vowel = not _cons(w, i)
        m += int(prev_vowel and not vowel)
        prev_vowel = vowel
    return m


def _has_vowel(w: str) -> bool:
    return any(not _cons(w, i) for i in range(len(w)))


def _double(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _cons(w, len(w) - 1)


def _cvc(w: str) -> bool:
    n = len(w)
    return (
        n >= 3
        and _cons(w, n - 3)
        and not _cons(w, n - 2)
        and _cons(w, n - 1)
        and w[-1] not in "wxy"
    )


def _rules(spec: str) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """(all suffixes, (suffix, replacement) longest first) from ``"suffix=repl ..."``."""
    pairs = [rule.partition("=") for rule in spec.split()]
    rules = sorted(((suffix, repl) for suffix, _, repl in pairs), key=lambda r: -len(r[0]))
    return tuple(suffix for suffix, _ in rules), rules


_STEP2 = _rules(
    "ational=ate tional=tion enci=ence anci=ance izer=ize bli=ble alli=al entli=ent eli=e "
    "ousli=ous ization=ize ation=ate ator=ate alism=al iveness=ive fulness=ful ousness=ous "
    "aliti=al iviti=ive biliti=ble logi=log"
)
_STEP3 = _rules("icate=ic ative= alize=al iciti=ic ical=ic ful= ness=")
_STEP4 = sorted(
    "al ance ence er ic able ible ant ement ment ent ion ou ism ate iti ous ive ize".split(),
    key=len,
    reverse=True,
)


def _replace(w: str, step: tuple[tuple[str, ...], list[tuple[str, str]]], min_measure: int) -> str:
    endings, rules = step
    if not w.endswith(endings):
        return w
    for suffix, repl in rules:
        if w.endswith(suffix):
            root = w[: -len(suffix)]
            return root + repl if _measure(root) > min_measure else w
    return w


def stem(w: str) -> str:
    """Porter's (1980) stemmer for one lower-case ASCII word."""
    if len(w) <= 2:
        return w
    if w.endswith(("sses", "ies")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if w.endswith("eed"):
        w = w[:-1] if _measure(w[:-3]) > 0 else w
    elif (w.endswith("ed") and _has_vowel(w[:-2])) or (w.endswith("ing") and _has_vowel(w[:-3])):
        w = w[:-2] if w.endswith("ed") else w[:-3]
        if w.endswith(("at", "bl", "iz")):
            w += "e"
        elif _double(w) and w[-1] not in "lsz":
            w = w[:-1]
        elif _measure(w) == 1 and _cvc(w):
            w += "e"
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    w = _replace(w, _STEP2, 0)
    w = _replace(w, _STEP3, 0)
    for suffix in _STEP4:
        if w.endswith(suffix):
            root = w[: -len(suffix)]
            if _measure(root) > 1 and (suffix != "ion" or root.endswith(("s", "t"))):
                w = root
            break
    if w.endswith("e"):
        m = _measure(w[:-1])
        if m > 1 or (m == 1 and not _cvc(w[:-1])):
            w = w[:-1]
    if w.endswith("ll") and _measure(w) > 1:
        w = w[:-1]
    return w


# --- the query grammar -----------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """Terms of one text field (``all`` included); more than one term is a phrase."""

    field: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Keyword:
    """An exact ``cat:``/``id:`` value; a trailing ``*`` makes a category prefix."""

    field: str
    value: str


@dataclass(frozen=True)
class DateRange:
    """``submittedDate:[lo TO hi]`` with both bounds as YYYYMMDDHHMM digit strings."""

    field: str
    low: str
    high: str


@dataclass(frozen=True)
class Bool:
    """``left AND|OR|ANDNOT right``; a ``None`` side is a clause of stop-words only."""

    op: str
    left: Node | None
    right: Node | None


@dataclass(frozen=True)
class Not:
    """A clause negated by a leading hyphen or ``NOT``, waiting for what it is subtracted from."""

    inner: Node | None


Node = Terms | Keyword | DateRange | Bool | Not
_Token = tuple[str, str | None, str]  # (kind, field, text)


def _tokens(query: str) -> Iterator[_Token]:
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            yield (c, None, c)
            i += 1
        elif c == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError("unbalanced quotation marks")
            yield ("phrase", None, query[i + 1 : end])
            i = end + 1
        else:
            field: str | None = None
            m = _FIELD.match(query, i)
            if m:
                field, i = m.group(1), m.end()
                if field not in FIELDS and field not in DATE_FIELDS:
                    raise QuerySyntaxError(f"unknown field prefix {field}:")
                if i < n and query[i] in '"([':
                    close = {'"': '"', "(": "", "[": "]"}[query[i]]
                    if not close:
                        yield ("field", field, "")
                        continue
                    end = query.find(close, i + 1)
                    if end < 0:
                        raise QuerySyntaxError(f"unbalanced {query[i]} after {field}:")
                    yield ("phrase" if close == '"' else "range", field, query[i + 1 : end])
                    i = end + 1
                    continue
            j = i
            while j < n and not query[j].isspace() and query[j] not in "()":
                j += 1
            word, i = query[i:j], j
            if field is None and word in OPERATORS:
                yield ("op", None, word)
            elif ":" in word:
                raise QuerySyntaxError(f"unknown field prefix {word.split(':')[0]}:")
            elif not word:
                raise QuerySyntaxError(f"empty term after {field}:")
            else:
                yield ("word", field, word)


class _Parser:
    """Recursive descent: OR binds loosest; AND, ANDNOT and juxtaposition bind tighter."""

    def __init__(self, query: str) -> None:
        self.tokens = list(_tokens(query))
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise QuerySyntaxError("query ends where a term was expected")
        self.pos += 1
        return token

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.parse_or("all")
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.take()[2]!r}")
        return node

    def parse_or(self, default: str) -> Node | None:
        node = self.parse_and(default)
        while (token := self.peek()) is not None and token[:1] == ("op",) and token[2] == "OR":
            self.take()
            node = Bool("OR", node, self.parse_and(default))
        return node

    def parse_and(self, default: str) -> Node | None:
        node = self.parse_unary(default)
        while (token := self.peek()) is not None and token[0] != ")":
            op = "AND"
            if token[0] == "op":
                if token[2] == "OR":
                    break
                if token[2] != "NOT":
                    op = self.take()[2]
            right = self.parse_unary(default)
            if isinstance(right, Not):
                op, right = ("ANDNOT" if op == "AND" else op), right.inner
            if isinstance(node, Not) and op == "AND":  # "-a b" is "b ANDNOT a"
                negated = node.inner
                node, right, op = right, negated, "ANDNOT"
            node = Bool(op, node, right)
        return node

    def parse_unary(self, default: str) -> Node | None:
        kind, field, text = self.take()
        if kind == "(" or kind == "field":
            if kind == "field":
                default = field or default
                if self.take()[0] != "(":
                    raise QuerySyntaxError("expected ( after field prefix")
            node = self.parse_or(default)
            if self.take()[0] != ")":
                raise QuerySyntaxError("unbalanced parentheses")
            return node
        if kind == "op":
            if text != "NOT":
                raise QuerySyntaxError(f"operator {text} without a left operand")
            return Not(self.parse_unary(default))
        if kind == "range":
            return _date_range(field or "", text)
        if kind == "phrase":
            return _leaf(field or default, text)
        if kind == "word":
            return _word(field or default, text)
        raise QuerySyntaxError(f"unexpected {text!r}")


def _leaf(field: str, text: str) -> Node | None:
    if field in KEYWORD_FIELDS:
        return Keyword(field, text.strip().lower())
    if field in DATE_FIELDS:
        raise QuerySyntaxError(f"{field}: takes a range [YYYYMMDDHHMM TO YYYYMMDDHHMM]")
    terms = tuple(analyze(text))
    return Terms(field, terms) if terms else None


def _word(field: str, word: str) -> Node | None:
    """An unquoted word: the hyphen trap lives here (``a-b`` is ``a ANDNOT b``)."""
    if field in KEYWORD_FIELDS:
        return _leaf(field, word)
    first, *rest = word.split("-")
    negated = [_leaf(field, part) for part in rest if part]
    if not first:  # a leading hyphen subtracts the whole word from what precedes it
        either: Node | None = None
        for node in negated:
            either = node if either is None else Bool("OR", either, node)
        return Not(either) if negated else None
    result = _leaf(field, first)
    for node in negated:
        result = Bool("ANDNOT", result, node)
    return result


def _date_range(field: str, text: str) -> DateRange:
    m = re.fullmatch(r"\s*(\d{4,12})\s+TO\s+(\d{4,12})\s*", text)
    if field not in DATE_FIELDS or not m:
        raise QuerySyntaxError(f"bad range {field}:[{text}]")
    return DateRange(field, m.group(1).ljust(12, "0"), m.group(2).ljust(12, "9"))


def parse_query(query: str) -> Node | None:
    """The syntax tree of an arXiv ``search_query``; None when only stop-words remain."""
    return _Parser(query).parse()


# --- the index -------------------------------------------------------------------------------

Scores = dict[int, float]


class SearchIndex:
    """A positional inverted index over records (records.jsonl schema), answering search_query."""

    def __init__(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.size = len(records)
        self.postings: dict[str, dict[str, dict[int, list[int]]]] = {f: {} for f in TEXT_FIELDS}
        self.categories: dict[str, set[int]] = {}
        self.ids: dict[str, int] = {}
        self.dates: dict[str, list[str]] = {f: [] for f in DATE_FIELDS}
        for doc, record in enumerate(records):
            self._add(doc, record)

    def _add(self, doc: int, record: Mapping[str, Any]) -> None:
        texts = {
            "ti": record.get("title") or "",
            "abs": record.get("abstract") or "",
            "co": record.get("comment") or "",
            "jr": record.get("journal_ref") or "",
        }
        for field, text in texts.items():
            self._post(field, doc, enumerate(analyze(text)))
        author_terms = (
            (n * _AUTHOR_GAP + i, term)
            for n, name in enumerate(record.get("authors") or ())
            for i, term in enumerate(analyze(name))
        )
        self._post("au", doc, author_terms)
        for category in {record.get("primary_category") or "", *(record.get("categories") or ())}:
            if category:
                self.categories.setdefault(category.lower(), set()).add(doc)
        self.ids[str(record["id"]).lower()] = doc
        for query_field, key in DATE_FIELDS.items():
            digits = re.sub(r"\D", "", str(record.get(key) or record.get("published") or ""))
            self.dates[query_field].append(digits[:12].ljust(12, "0"))

    def _post(self, field: str, doc: int, positioned: Iterator[tuple[int, str]]) -> None:
        table = self.postings[field]
        for position, term in positioned:
            docs = table.get(term)
            if docs is None:
                table[term] = {doc: [position]}
            elif doc in docs:
                docs[doc].append(position)
            else:
                docs[doc] = [position]

    def search(self, query: str) -> Scores:
        """Documents matching ``query`` with their relevance; raises QuerySyntaxError."""
        node = parse_query(query)
        scores = self._eval(node) if node is not None else None
        return scores or {}

    def _eval(self, node: Node | None) -> Scores | None:
        if node is None:
            return None
        if isinstance(node, Terms):
            return self._terms(node)
        if isinstance(node, Keyword):
            return self._keyword(node)
        if isinstance(node, DateRange):
            dates = self.dates[node.field]
            return {d: 0.0 for d, value in enumerate(dates) if node.low <= value <= node.high}
        if isinstance(node, Not):
            return {}  # a purely negative query matches nothing, as in Lucene
        left, right = self._eval(node.left), self._eval(node.right)
        if node.op == "ANDNOT":
            if left is None or right is None:
                return {} if left is None else left
            return {d: s for d, s in left.items() if d not in right}
        if left is None or right is None:
            return left if right is None else right
        if node.op == "OR":
            merged = dict(left)
            for d, s in right.items():
                merged[d] = merged.get(d, 0.0) + s
            return merged
        small, large = sorted((left, right), key=len)
        return {d: s + large[d] for d, s in small.items() if d in large}

    def _keyword(self, node: Keyword) -> Scores:
        weight = WEIGHTS.get(node.field, 0.0)
        if node.field == "cat":
            value = node.value
            if value.endswith("*"):
                docs = {
                    d for c, ds in self.categories.items() if c.startswith(value[:-1]) for d in ds
                }
            else:
                docs = self.categories.get(value, set())
            return dict.fromkeys(docs, weight)
        if node.field == "id":
            doc = self.ids.get(re.sub(r"v\d+$", "", node.value))
            return {} if doc is None else {doc: weight}
        return {}  # rn: report numbers are not indexed

    def _terms(self, node: Terms) -> Scores:
        scores: Scores = {}
        for field in ALL_FIELDS if node.field == "all" else (node.field,):
            table = self.postings[field]
            lists = [table.get(term) for term in node.terms]
            if not all(lists):
                continue
            idf = sum(math.log(1.0 + self.size / len(p or ())) for p in lists)
            for doc, tf in _phrase_hits([p for p in lists if p]).items():
                bonus = WEIGHTS[field] * (1.0 + math.log(tf)) * idf
                scores[doc] = scores.get(doc, 0.0) + bonus
        return scores


def _phrase_hits(lists: list[dict[int, list[int]]]) -> dict[int, int]:
    """Per document, how often the terms occur at consecutive positions."""
    if len(lists) == 1:
        return {doc: len(positions) for doc, positions in lists[0].items()}
    smallest = min(lists, key=len)
    hits: dict[int, int] = {}
    for doc in smallest:
        if not all(doc in p for p in lists):
            continue
        later = [set(p[doc]) for p in lists[1:]]
        count = sum(all(start + k + 1 in s for k, s in enumerate(later)) for start in lists[0][doc])
        if count:
            hits[doc] = count
    return hits
