"""A loopback stand-in for Crossref's works API (https://api.crossref.org/works), serving real
Crossref work items (fixtures/venues/crossref-works.jsonl; SOURCES.md).

    with CrossrefServer(crossref_items()) as server:
        CrossrefClient(base_url=server.url, delay=0).search("Max-Linear Regression Kim")
        server.requests  # the query.bibliographic strings asked

It answers ``GET ?query.bibliographic=...&rows=N[&mailto=...]`` as Crossref does, with a
ranking, never an empty list while anything shares a word: the items sharing the most words
with the query (title, authors, journal; case and accents ignored) come first, at most ``rows``,
in Crossref's ``work-list`` layout, so the client also meets near misses it must turn down.

It reads ``filter=doi:A,doi:B`` as Crossref documents filters (https://github.com/CrossRef/
rest-api-doc, "Filters", "Multiple filters"): filters joined by commas, the same filter given
several times meaning any of its values; ``doi`` selects the work of that DOI (case ignored).
Another filter name is answered as Crossref answers one it does not know, HTTP 400 with a
``validation-failure`` message.
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


def _doi_filter(text: str | None) -> set[str] | str | None:
    """The DOIs a ``filter`` value selects (None: no filter), or the name of a filter this
    stand-in does not know."""
    if text is None:
        return None
    dois = set()
    for part in text.split(","):
        name, _, value = part.partition(":")
        if name != "doi":
            return name
        dois.add(value.lower())
    return dois


def _refusal(name: str) -> bytes:
    return json.dumps({
        "status": "failed", "message-type": "validation-failure",
        "message": [{"type": "filter-not-available", "value": name,
                     "message": f"Filter {name} specified but there is no such filter"}],
    }).encode()  # fmt: skip


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
                dois = _doi_filter(params.get("filter"))
                if isinstance(dois, str):
                    self.answer_json(_refusal(dois), status=400)
                    return
                found = server.search(params.get("query.bibliographic", ""), dois)
                found = found[: int(params.get("rows", "20"))]
                body = json.dumps({
                    "status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                    "message": {"facets": {}, "total-results": len(found), "items": found,
                                "items-per-page": len(found), "query": {"start-index": 0}},
                }).encode()  # fmt: skip
                self.answer_json(body)

        self._loopback = Loopback(Handler, "/works")
        self.url = self._loopback.url

    def search(self, query: str, dois: set[str] | None = None) -> list[dict[str, Any]]:
        """The items ranked for ``query`` (all, in order, without one) among those of ``dois``
        (all items without them)."""
        chosen = [n for n, item in enumerate(self.items)
                  if dois is None or str(item.get("DOI", "")).lower() in dois]  # fmt: skip
        if not query:
            return [self.items[n] for n in chosen]
        terms = _words(query)
        scored = [(len(terms & self._index[n]), n) for n in chosen]
        return [self.items[n] for score, n in sorted(scored, key=lambda s: (-s[0], s[1])) if score]

    def __enter__(self) -> CrossrefServer:
        self._loopback.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._loopback.stop()
