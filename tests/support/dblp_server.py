"""A loopback stand-in for DBLP's publication search (https://dblp.org/search/publ/api).

    with DblpServer(search_hit(r) for r in load_dblp_bib()) as server:
        DblpClient(base_url=server.url, delay=0).search("frantar quantization")
        server.requests  # the query strings asked

It answers ``GET ?q=...&format=json&h=N[&f=F]`` as DBLP does, reading ``q`` in the grammar of
DBLP's search help (https://dblp.org/search: "case-insensitive prefix search: default; exact
word search: append dollar sign ($) to word; boolean and: separate words by space; boolean or:
connect words by pipe symbol (|)") with the constraint words DBLP's faceted search adds
(``type:Editorship:``, ``type:Journal_Articles:``, ``streamid:conf/iclr:``, ``year:2023:``,
``venue:ICLR:``): a hit is a record every query term of which it satisfies, a word when it
begins (or, with ``$``, is) a word of its title or of an author's name (case and accents
ignored), a constraint when the record has that type, stream, year or venue. It sends ``h`` of
them (at most 1000, DBLP's cap) from the ``f``-th, with ``@total`` counting all, in DBLP's JSON
layout (tests/support/dblp_records.py). ``faults`` scripts answers
(an HTTP status with headers) served before the real ones. Given ``exports`` (key -> DBLP's
BibTeX export of the record, ``dblp_records.record_exports``), it also answers
``GET /rec/KEY.bib`` as https://dblp.org/rec/KEY.bib does (404 for a key it does not hold);
``record_requests`` are the keys asked. ``refuse_either_constraint`` makes it answer HTTP 400 to
an either-or of constraint words (``streamid:a:|streamid:b:``), a grammar DBLP's help does not
document: what the client does should DBLP refuse it.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

try:
    from .dblp_records import search_answer
    from .loopback import Loopback, QuietHandler
except ImportError:
    from dblp_records import search_answer  # type: ignore
    from loopback import Loopback, QuietHandler  # type: ignore


MAX_HITS = 1000
_CONSTRAINT = re.compile(r"(type|streamid|year|venue):(.+):")
_EITHER_CONSTRAINT = re.compile(r":\|[a-z]+:")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c if c.isalnum() else " " for c in folded).split()


class DblpServer:
    """Serves ``hits`` (DBLP search hits) on 127.0.0.1 in a thread."""

    def __init__(
        self, hits: Iterable[dict[str, Any]], exports: Mapping[str, str] | None = None
    ) -> None:
        self.hits: list[dict[str, Any]] = []
        self._index: list[set[str]] = []
        self.add(hits)
        self.exports = dict(exports or {})
        self.record_requests: list[str] = []
        self.requests: list[str] = []
        self.faults: deque[tuple[int, dict[str, str]]] = deque()
        self.refuse_either_constraint = False
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                if path.startswith("/rec/") and path.endswith(".bib"):
                    self.answer_export(path.removeprefix("/rec/").removesuffix(".bib"))
                    return
                params = parse_qs(urlsplit(self.path).query)
                query = params.get("q", [""])[0]
                server.requests.append(query)
                refused = server.refuse_either_constraint and _EITHER_CONSTRAINT.search(query)
                if refused:
                    server.faults.appendleft((400, {}))
                if server.faults:
                    status, headers = server.faults.popleft()
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    return
                limit = min(int(params.get("h", ["30"])[0]), MAX_HITS)
                first = int(params.get("f", ["0"])[0])
                found = server.search(query)
                sent = found[first : first + limit]
                self.answer_json(search_answer(sent, query, total=len(found), first=first))

            def answer_export(self, key: str) -> None:
                server.record_requests.append(key)
                text = server.exports.get(key)
                body = (text or f"no record {key}\n").encode()
                self.send_response(200 if text is not None else 404)
                self.send_header("Content-Type", "text/x-bibtex; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._loopback = Loopback(Handler, "/search/publ/api")
        self.url = self._loopback.url

    def add(self, hits: Iterable[dict[str, Any]]) -> None:
        """Serve ``hits`` too, from the next request on (DBLP listing a new volume)."""
        for hit in hits:
            words = set(_words(hit["info"]["title"]))
            self._index.append(words | {w for a in _authors(hit) for w in _words(a)})
            self.hits.append(hit)

    def search(self, query: str) -> list[dict[str, Any]]:
        terms = [term.split("|") for term in query.split()]
        return [
            hit
            for hit, words in zip(self.hits, self._index, strict=True)
            if terms and all(any(_satisfies(hit, words, a) for a in term) for term in terms)
        ]

    def __enter__(self) -> DblpServer:
        self._loopback.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._loopback.stop()


def _facets(hit: dict[str, Any]) -> dict[str, str]:
    info = hit["info"]
    values = {
        "type": info.get("type", ""),
        "streamid": "/".join(str(info["key"]).split("/")[:2]),
        "year": info.get("year", ""),
        "venue": info.get("venue", ""),
    }
    return {name: str(value).replace(" ", "_") for name, value in values.items()}


def _satisfies(hit: dict[str, Any], words: set[str], alternative: str) -> bool:
    """Whether a hit satisfies one alternative of a query term: a constraint word
    (``streamid:conf/iclr:``), an exact word (``graph$``) or a prefix (``sig``)."""
    constraint = _CONSTRAINT.fullmatch(alternative)
    if constraint is not None:
        return _facets(hit).get(constraint[1]) == constraint[2]
    exact = alternative.endswith("$")
    parts = _words(alternative.rstrip("$"))
    if exact:
        return bool(parts) and all(p in words for p in parts)
    return bool(parts) and all(any(w.startswith(p) for w in words) for p in parts)


def _authors(hit: dict[str, Any]) -> list[str]:
    found = hit["info"].get("authors", {}).get("author", [])
    found = found if isinstance(found, list) else [found]
    return [a["text"] if isinstance(a, dict) else str(a) for a in found]


if __name__ == "__main__":  # serve the fixture records by hand
    from dblp_records import load_dblp_bib, search_hits  # type: ignore

    with DblpServer(search_hits(load_dblp_bib())) as s:
        print(s.url, json.dumps(len(s.hits)))
        threading.Event().wait()
