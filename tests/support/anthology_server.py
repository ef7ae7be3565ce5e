"""A loopback stand-in for the ACL Anthology's BibTeX exports (https://aclanthology.org),
serving the real Anthology records of fixtures/venues/acl-records.bib (SOURCES.md).

    with AnthologyServer(anthology_entries()) as server:
        AnthologyClient(base_url=server.url, delay=0).volume_bib("2020.acl-main")
        server.requests  # the paths asked

It answers ``GET /volumes/VOLUME.bib`` with the records of that volume, one after another as the
Anthology writes them (404 for a volume it holds nothing of), and ``GET /anthology.bib.gz`` with
all of them gzip-compressed. The real volume files hold every paper of the volume; this one holds
the fixture's papers of it only.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from bibtool.venues.anthology import anthology_id_of, volume_of
from tests.support.loopback import Loopback, QuietHandler

RECORDS = Path(__file__).resolve().parents[2] / "fixtures" / "venues" / "acl-records.bib"
_URL = re.compile(r'^\s*url = "([^"]+)"', re.M)


def anthology_entries(path: Path = RECORDS) -> dict[str, str]:
    """Anthology identifier -> the record's text as exported (the fixture's text, verbatim,
    without the ``% source:`` line before it)."""
    text = path.read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=@)", text):
        if not block.startswith("@"):
            continue
        entry = block[: block.index("\n}") + 2] + "\n"
        url = _URL.search(entry)
        paper = anthology_id_of(url[1]) if url else None
        if paper:
            found[paper] = entry
    return found


class AnthologyServer:
    """Serves ``entries`` (Anthology identifier -> BibTeX record) on 127.0.0.1 in a thread."""

    def __init__(
        self, entries: dict[str, str] | Iterable[tuple[str, str]], export: bytes | None = None
    ) -> None:
        """``export``: the body of ``/anthology.bib.gz`` when not the entries gzipped (a broken
        or hostile one)."""
        self.entries = dict(entries)
        self.export = export
        self.requests: list[str] = []
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                server.requests.append(path)
                if path == "/anthology.bib.gz":
                    body = server.export
                    if body is None:
                        body = gzip.compress("\n".join(server.entries.values()).encode())
                    self.answer(200, body, "application/gzip")
                    return
                volume = path.removeprefix("/volumes/").removesuffix(".bib")
                texts = [t for k, t in server.entries.items() if volume_of(k) == volume]
                if not path.startswith("/volumes/") or not texts:
                    self.answer(404, b"Not Found\n", "text/plain")
                    return
                self.answer(200, "\n".join(texts).encode(), "text/x-bibtex; charset=utf-8")

            def answer(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._loopback = Loopback(Handler, "")
        self.url = self._loopback.url

    def __enter__(self) -> AnthologyServer:
        self._loopback.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._loopback.stop()
