"""A loopback stand-in for Crossref's works API (https://api.crossref.org/works), serving real
Crossref work items (fixtures/venues/crossref-works.jsonl; SOURCES.md).

    with CrossrefServer(crossref_items()) as server:
        CrossrefClient(base_url=server.url, delay=0).search("Max-Linear Regression Kim")
        server.requests  # the query.bibliographic strings asked

It answers ``GET ?query.bibliographic=...&rows=N[&mailto=...]`` as Crossref does, with a
ranking, never an empty list while anything shares a word: the items sharing the most words
with the query (title, authors, journal; case and accents ignored) come first, at most ``rows``,
in Crossref's ``work-list`` layout, so the client also meets near misses it must turn down.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.loopback import Loopback, QuietHandler

ITEMS = Path(__file__).resolve().parents[2] / "fixtures" / "venues" / "crossref-works.jsonl"


def crossref_items(path: Path = ITEMS) -> list[dict[str, Any]]:
    """The real Crossref work items of the fixture, one JSON object a line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return {w for w in "".join(c if c.isalnum() else " " for c in folded).split() if len(w) > 2}


def _item_words(item: dict[str, Any]) -> set[str]:
    texts = [*item.get("title", []), *item.get("container-title", [])]
    texts += [f"{a.get('given', '')} {a.get('family', a.get('name', ''))}" for a in
              item.get("author", [])]  # fmt: skip
    return set().union(*(_words(t) for t in texts)) if texts else set()


class CrossrefServer:
    """Serves ``items`` (Crossref work items) on 127.0.0.1 in a thread."""

    def __init__(self, items: Iterable[dict[str, Any]]) -> None:
        self.items = list(items)
        self._index = [_item_words(i) for i in self.items]
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802
                params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                server.requests.append(params)
                found = server.search(params.get("query.bibliographic", ""))
                found = found[: int(params.get("rows", "20"))]
                body = json.dumps({
                    "status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                    "message": {"facets": {}, "total-results": len(found), "items": found,
                                "items-per-page": len(found), "query": {"start-index": 0}},
                }).encode()  # fmt: skip
                self.answer_json(body)

        self._loopback = Loopback(Handler, "/works")
        self.url = self._loopback.url

    def search(self, query: str) -> list[dict[str, Any]]:
        terms = _words(query)
        scored = [(len(terms & words), n) for n, words in enumerate(self._index)]
        return [self.items[n] for score, n in sorted(scored, key=lambda s: (-s[0], s[1])) if score]

    def __enter__(self) -> CrossrefServer:
        self._loopback.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._loopback.stop()
