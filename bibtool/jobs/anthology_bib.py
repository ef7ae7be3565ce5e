"""The ACL Anthology's BibTeX read as venue records: its full export and its volume exports.

The Anthology writes every paper alike (``anthology.bib.gz``, ``/volumes/VOLUME.bib``):

    @inproceedings{lewis-etal-2020-bart,
        title = "{BART}: Denoising Sequence-to-Sequence Pre-training for ...",
        author = "Lewis, Mike  and
          Liu, Yinhan  and ...",
        booktitle = "Proceedings of the 58th Annual Meeting of the Association for ...",
        month = jul,
        year = "2020",
        address = "Online",
        publisher = "Association for Computational Linguistics",
        url = "https://aclanthology.org/2020.acl-main.703",
        doi = "10.18653/v1/2020.acl-main.703",
        pages = "7871--7880",
    }

A record is keyed by its Anthology identifier (``acl:2020.acl-main.703``, from its ``url``): the
same key whichever file it came from. Proceedings volumes (``@proceedings``) and entries that
name no Anthology page are skipped. The full export (about 100,000 entries) is read in slices
of whole entries, so memory stays flat; the file may be gzip-compressed. BibTeX is read by
``bibfile`` alone, which the ``venues`` layer may not import: hence this module in ``jobs``.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from bibtool.bibfile import BibEntry, parse_bib
from bibtool.bibfile.values import field_text, split_names
from bibtool.errors import InputError
from bibtool.ids.doi import parse_doi
from bibtool.model import VenueRecord
from bibtool.text.names import parse_name
from bibtool.venues.anthology import anthology_id_of

__all__ = [
    "EXPORT_QUERY",
    "anthology_records",
    "looks_like_anthology",
    "read_anthology_bib",
    "read_anthology_export",
]

SLICE = 2000  # entries parsed at a time
# noted in the store (as an answered query) once it holds the Anthology's whole export
EXPORT_QUERY = "acl-anthology export"
MAX_SLICE = 64 * 2**20  # characters in one slice: 2,000 entries with abstracts are about 4 MB
MAX_UNPACKED = 2**30  # bytes a download may unpack to (a gzip bomb); 104,000 records: 58 MiB
_KINDS = {"inproceedings": "inproceedings", "article": "article", "incollection": "incollection"}


def record_of(entry: BibEntry) -> VenueRecord | None:
    """The venue record of one Anthology entry, or None (a volume, or no Anthology page)."""
    kind = _KINDS.get(entry.entry_type)
    doi = parse_doi(field_text(entry.fields, "doi")) if "doi" in entry.fields else None
    paper = anthology_id_of(field_text(entry.fields, "url"), doi)
    if kind is None or paper is None:
        return None
    year = field_text(entry.fields, "year")
    return VenueRecord(
        key=f"acl:{paper}",
        kind=kind,
        title=field_text(entry.fields, "title"),
        authors=tuple(parse_name(n).in_order for n in split_names(entry.fields.get("author", ""))),
        year=int(year) if year.isdigit() else None,
        venue=field_text(entry.fields, "journal" if kind == "article" else "booktitle"),
        volume=field_text(entry.fields, "volume"),
        number=field_text(entry.fields, "number"),
        pages=field_text(entry.fields, "pages"),
        publisher=field_text(entry.fields, "publisher"),
        doi=doi,
        url=field_text(entry.fields, "url") or None,
    )


def anthology_records(text: str, *, name: str) -> list[VenueRecord]:
    """The paper records of Anthology BibTeX ``text`` (a volume's export, or a slice of the full
    one); ``name`` names the text in messages."""
    doc = parse_bib(text, name=name)
    return [r for r in (record_of(e) for e in doc.entries) if r is not None]


def _open(path: Path) -> IO[str]:
    with path.open("rb") as handle:
        packed = handle.read(2) == b"\x1f\x8b"
    raw: IO[bytes] = gzip.GzipFile(path, "rb") if packed else path.open("rb")  # type: ignore[assignment]
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


class _Capped(io.RawIOBase):
    """A byte stream that refuses to give more than ``limit`` bytes (a gzip bomb)."""

    def __init__(self, raw: IO[bytes], limit: int, name: str) -> None:
        self._raw, self._left, self._name = raw, limit, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise InputError(f"{self._name} unpacks to more than an Anthology export may")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def looks_like_anthology(path: Path) -> bool:
    """Whether ``path`` (gzip-compressed or not) begins as BibTeX whose first entry names an
    Anthology page: the Anthology's export rather than somebody's bibliography."""
    try:
        with _open(path) as handle:
            head = handle.read(1 << 16)
    except (OSError, EOFError):
        return False
    first = head.find("\n@")
    if not head.lstrip().startswith("@") and first == -1:
        return False
    return "aclanthology.org/" in head or "aclweb.org/anthology/" in head


def _slices(handle: IO[str], size: int) -> Iterator[str]:
    """The text in slices of about ``size`` whole entries: an entry of the export begins with
    ``@`` at the start of a line, so a slice ends just before one."""
    lines: list[str] = []
    entries = held = 0
    for line in handle:
        if line.startswith("@"):
            entries += 1
            if entries > size:
                yield "".join(lines)
                lines, entries, held = [], 1, 0
        lines.append(line)
        held += len(line)
        if held > MAX_SLICE:
            limit = MAX_SLICE // 2**20
            raise InputError(f"{size} entries run over {limit} MiB: not the Anthology's export")
    if lines:
        yield "".join(lines)


def read_anthology_bib(path: Path | str, *, size: int = SLICE) -> Iterator[VenueRecord]:
    """Every paper record of the Anthology's BibTeX export at ``path`` (``anthology.bib.gz``,
    with or without abstracts, gzip-compressed or not), in file order.

    InputError for a file that cannot be read.
    """
    path = Path(path)
    try:
        with _open(path) as handle:
            for n, text in enumerate(_slices(handle, size)):
                yield from anthology_records(text, name=f"{path} (slice {n + 1})")
    except (OSError, EOFError) as exc:
        raise InputError(f"could not read {path}: {exc}") from exc


def read_anthology_export(
    body: bytes,
    *,
    name: str,
    size: int = SLICE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[VenueRecord]:
    """Every paper record of the Anthology's export as downloaded (``body``, gzip-compressed or
    not; ``name`` its address, for messages), in order; ``progress`` is given the bytes of
    ``body`` read since it was last called, after each slice. InputError for a body that is not
    the export: one that cannot be unpacked, unpacks to more than ``MAX_UNPACKED``, holds
    ``size`` entries in more than ``MAX_SLICE``, or holds no record (a maintenance page)."""
    packed = io.BytesIO(body)
    raw: IO[bytes] = packed
    if body[:2] == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=packed, mode="rb")  # type: ignore[assignment]
    capped = io.BufferedReader(_Capped(raw, MAX_UNPACKED, name))
    read = shown = 0
    try:
        with io.TextIOWrapper(capped, encoding="utf-8", errors="replace", newline="") as handle:
            for n, text in enumerate(_slices(handle, size)):
                for record in anthology_records(text, name=f"{name} (slice {n + 1})"):
                    read += 1
                    yield record
                if progress is not None:
                    progress(packed.tell() - shown)
                    shown = packed.tell()
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"could not read {name}: {exc}") from exc
    if not read:
        raise InputError(f"{name} holds no Anthology record")
    if progress is not None and shown < len(body):
        progress(len(body) - shown)
