"""A loopback stand-in for DBLP's publication search (https://dblp.org/search/publ/api).

    with DblpServer(search_hit(r) for r in load_dblp_bib()) as server:
        DblpClient(base_url=server.url, delay=0).search("frantar quantization")
        server.requests  # the query strings asked

It answers ``GET ?q=...&format=json&h=N`` as DBLP does: a hit is a record every query word of
which begins a word of its title or of an author's name (case and accents ignored), at most
``h`` of them, in DBLP's JSON layout (tests/support/dblp_records.py). ``faults`` scripts answers
(an HTTP status with headers) served before the real ones.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections import deque
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

try:
    from .dblp_records import search_answer
except ImportError:
    from dblp_records import search_answer  # type: ignore


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c if c.isalnum() else " " for c in folded).split()


class DblpServer:
    """Serves ``hits`` (DBLP search hits) on 127.0.0.1 in a thread."""

    def __init__(self, hits: Iterable[dict[str, Any]]) -> None:
        self.hits = list(hits)
        self._index = [
            set(_words(h["info"]["title"])) | {w for a in _authors(h) for w in _words(a)}
            for h in self.hits
        ]
        self.requests: list[str] = []
        self.faults: deque[tuple[int, dict[str, str]]] = deque()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                params = parse_qs(urlsplit(self.path).query)
                query = params.get("q", [""])[0]
                server.requests.append(query)
                if server.faults:
                    status, headers = server.faults.popleft()
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    return
                limit = int(params.get("h", ["30"])[0])
                body = search_answer(server.search(query)[:limit], query)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/search/publ/api"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def search(self, query: str) -> list[dict[str, Any]]:
        terms = _words(query)
        return [
            hit
            for hit, words in zip(self.hits, self._index, strict=True)
            if terms and all(any(w.startswith(t) for w in words) for t in terms)
        ]

    def __enter__(self) -> DblpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _authors(hit: dict[str, Any]) -> list[str]:
    found = hit["info"].get("authors", {}).get("author", [])
    found = found if isinstance(found, list) else [found]
    return [a["text"] if isinstance(a, dict) else str(a) for a in found]


if __name__ == "__main__":  # serve the fixture records by hand
    from dblp_records import load_dblp_bib, search_hit  # type: ignore

    with DblpServer(search_hit(r) for r in load_dblp_bib()) as s:
        print(s.url, json.dumps(len(s.hits)))
        threading.Event().wait()
