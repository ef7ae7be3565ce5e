"""The jobs ``store import`` and ``store info``: metadata in bulk into the local store.

The formats are the OAI/Kaggle snapshot and arXiv Atom files (papers), DBLP's XML dump
(``dblp.xml.gz``: venue records, read by ``venues.dblp_xml``) and the ACL Anthology's BibTeX
export (``anthology.bib.gz``: venue records, read by ``jobs.anthology_bib``).

The snapshot (``arxiv-metadata-oai-snapshot.json``, one JSON object a line, ~2.8 million lines)
is streamed, never loaded whole, and committed in chunks, each with a note of how far the file
was read: an interrupted import keeps every chunk it finished, and running it again on the same
file goes on from there. A finished import forgets its note, so a second one refreshes all. A
line that is not a usable record is skipped and reported with its number; a file with no usable
record at all is refused as not being arXiv metadata.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import itertools
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal

from bibtool.arxiv.atom import normalise_space, parse_feed
from bibtool.errors import ArxivBadResponse, InputError
from bibtool.ids.arxiv import id_is_valid
from bibtool.jobs.anthology_bib import EXPORT_QUERY, looks_like_anthology, read_anthology_bib
from bibtool.jobs.session import Settings
from bibtool.model import Paper, VenueRecord
from bibtool.store import Store, StoreInfo
from bibtool.store.codec import Stored, paper_from_dict, stored_from_dict
from bibtool.text.tex import decode_accents
from bibtool.venues.dblp_xml import read_dblp_xml

Format = Literal["kaggle", "atom", "dblp", "anthology"]
CHUNK = 5000  # records per transaction: large enough to be fast, small enough to lose little
MAX_ATOM_BYTES = 256 * 2**20
MAX_REPORTED = 20  # skipped lines listed one by one; the rest are only counted
REFUSE_AFTER = 3  # this many unusable lines in a row from the start: the wrong file
PARALLEL_FROM = 32 * 2**20  # bytes to read from which lines are parsed in another process
WORKERS = max(1, min(4, os.cpu_count() or 1))  # parsing costs three times what writing does
AHEAD = 2  # chunks per worker parsed ahead of the store at most (memory stays bounded)
_UTC = frozenset(["GMT", "UT", "UTC", "+0000", "-0000"])
_MONTHS = {m: n for n, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


@dataclass(frozen=True)
class Skipped:
    """A line of the import file that was not a usable record."""

    line: int
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """What an import did: papers stored, and the lines it skipped (the first few, with why)."""

    path: str
    imported: int
    skipped: int
    examples: tuple[Skipped, ...]
    what: str = "papers"  # "venue records" for a DBLP dump
    resumed_at: int = 0  # the line an interrupted import went on from (0: from the start)


def store_import(
    path: Path | str,
    *,
    settings: Settings | None = None,
    form: Format | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> ImportResult:
    """Load a snapshot or Atom file into the store of ``settings`` (``progress``: bytes read)."""
    with Store.in_dir((settings or Settings()).cache_dir) as store:
        return import_file(store, Path(path), form=form, progress=progress)


def store_info(*, settings: Settings | None = None) -> StoreInfo:
    """Where the store of ``settings`` is, how many papers and queries it holds, its size."""
    with Store.in_dir((settings or Settings()).cache_dir) as store:
        return store.info()


def detect_format(path: Path) -> Format:
    """``dblp`` for DBLP's XML dump (gzipped or not), ``anthology`` for the ACL Anthology's
    BibTeX (gzipped or not), ``atom`` for other XML (by its first bytes), ``kaggle`` for
    anything else."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as unpacked:
                head = unpacked.read(512)
        except (OSError, EOFError):
            return "kaggle"  # refused as gzip-compressed, below
    head = head.lstrip()
    if b"<dblp" in head or b"DOCTYPE dblp" in head:
        return "dblp"
    if head.startswith((b"@", b"%")) and looks_like_anthology(path):
        return "anthology"
    return "atom" if head.startswith((b"<?xml", b"<feed")) else "kaggle"


def import_file(
    store: Store,
    path: Path,
    *,
    form: Format | None = None,
    progress: Callable[[int], None] = lambda n: None,
    chunk: int = CHUNK,
) -> ImportResult:
    """Load a snapshot or Atom file into ``store``; ``progress`` gets bytes read as they go."""
    try:
        form = form or detect_format(path)
        if form == "dblp":
            return _import_venues(store, path, read_dblp_xml(path), progress, chunk, "DBLP")
        if form == "anthology":
            records = read_anthology_bib(path)
            result = _import_venues(store, path, records, progress, chunk, "ACL Anthology")
            store.put_query(EXPORT_QUERY, [], result.imported)  # update asks for it no more
            return result
        _refuse_packed(path)
        if form == "atom":
            return _import_atom(store, path, progress)
        return _import_snapshot(store, path, progress, chunk)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


_PACKED = {
    b"\x1f\x8b": "gzip-compressed; decompress it first (gunzip)",
    b"PK\x03\x04": "a zip archive; unzip it first",
    b"BZh": "bzip2-compressed; decompress it first (bunzip2)",
    b"\xfd7zXZ\x00": "xz-compressed; decompress it first (unxz)",
    b"\xff\xfe": "UTF-16 text; save it as UTF-8",
    b"\xfe\xff": "UTF-16 text; save it as UTF-8",
}


def _refuse_packed(path: Path) -> None:
    """A compressed or UTF-16 file is named as such (not 'line 1: not JSON')."""
    with path.open("rb") as handle:
        head = handle.read(8)
    for magic, what in _PACKED.items():
        if head.startswith(magic):
            raise InputError(f"{path} is {what}")


def _import_venues(
    store: Store,
    path: Path,
    records: Iterable[VenueRecord],
    progress: Callable[[int], None],
    chunk: int,
    what: str,
) -> ImportResult:
    """Venue records streamed from a dump (DBLP's XML, the Anthology's BibTeX) into the
    store's venue tables."""
    batch: list[VenueRecord] = []
    imported = 0
    for record in records:
        batch.append(record)
        if len(batch) >= chunk:
            imported += store.put_venues(batch)
            batch.clear()
    imported += store.put_venues(batch)
    if imported == 0:
        raise InputError(f"{path} holds no {what} record")
    progress(path.stat().st_size)
    store.compact()
    return ImportResult(str(path), imported, 0, (), what="venue records")


@dataclass(frozen=True)
class _Place:
    """How far an import of one file got: noted in the store with every chunk it commits."""

    size: int
    mtime_ns: int
    offset: int = 0
    line: int = 0
    imported: int = 0
    skipped: int = 0

    @staticmethod
    def name(path: Path) -> str:
        return f"import:{path.resolve()}"

    @classmethod
    def resumed(cls, store: Store, path: Path) -> _Place:
        """Where an interrupted import of this very file (same size and time) stopped."""
        stat = path.stat()
        fresh = cls(stat.st_size, stat.st_mtime_ns)
        noted = store.note(cls.name(path))
        if noted is None:
            return fresh
        try:
            place = cls(**json.loads(noted))
        except (ValueError, TypeError):
            return fresh
        same = (place.size, place.mtime_ns) == (fresh.size, fresh.mtime_ns)
        return place if same and place.offset <= place.size else fresh


def _import_snapshot(
    store: Store, path: Path, progress: Callable[[int], None], chunk: int
) -> ImportResult:
    start = _Place.resumed(store, path)
    imported, skipped, offset = start.imported, start.skipped, start.offset
    examples: list[Skipped] = []
    store.prepare_bulk()
    progress(offset)
    parallel = path.stat().st_size - offset >= PARALLEL_FROM
    for first, lines, outcomes in _parsed(_chunks(path, start, chunk), parallel=parallel):
        batch: list[Stored] = []
        for line, (raw, outcome) in enumerate(zip(lines, outcomes, strict=True), start=first):
            offset += len(raw)
            if isinstance(outcome, Stored):
                batch.append(outcome)
            else:
                skipped += 1
                examples += [Skipped(line, outcome)][: MAX_REPORTED - len(examples)]
                if skipped == line == REFUSE_AFTER:  # the first lines all fail: not a snapshot
                    _refuse(path, examples)
            progress(len(raw))
        place = replace(start, offset=offset, line=first + len(lines) - 1,
                        imported=imported + len(batch), skipped=skipped)  # fmt: skip
        imported += store.put_stored(batch, mark=(_Place.name(path), json.dumps(asdict(place))))
    if imported == 0 and examples:
        _refuse(path, examples)
    store.compact()
    store.forget(_Place.name(path))
    return ImportResult(str(path), imported, skipped, tuple(examples), resumed_at=start.line)


def _chunks(path: Path, start: _Place, size: int) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, the lines) in groups of ``size``, from where ``start`` says."""
    with path.open("rb") as handle:
        handle.seek(start.offset)
        line = start.line + 1
        while lines := list(itertools.islice(handle, size)):
            yield line, lines
            line += len(lines)


def _parsed(
    chunks: Iterator[tuple[int, list[bytes]]], *, parallel: bool
) -> Iterator[tuple[int, list[bytes], list[Stored | str]]]:
    """Each chunk with its lines parsed, in order: by worker processes when ``parallel`` (the
    store writes one chunk while the next ones are parsed), a few chunks ahead at most."""
    if not parallel:
        for first, lines in chunks:
            yield first, lines, _parse(lines)
        return
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        ahead: deque[tuple[int, list[bytes], Future[list[Stored | str]]]] = deque()
        try:
            for first, lines in chunks:
                ahead.append((first, lines, pool.submit(_parse, lines)))
                if len(ahead) > AHEAD * WORKERS:
                    first, lines, parsed = ahead.popleft()
                    yield first, lines, parsed.result()
            while ahead:
                first, lines, parsed = ahead.popleft()
                yield first, lines, parsed.result()
        finally:
            pool.shutdown(cancel_futures=True)


def _parse(lines: list[bytes]) -> list[Stored | str]:
    """Each line's stored paper, or why the line is skipped."""
    return [_parse_line(raw) for raw in lines]


def _parse_line(raw: bytes) -> Stored | str:
    if not raw.strip():
        return "blank line"
    try:
        return stored_from_dict(snapshot_dict(json.loads(raw)))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        return _why(exc)


def _refuse(path: Path, examples: list[Skipped]) -> None:
    first = examples[0]
    raise InputError(
        f"{path}, line {first.line}: not an arXiv metadata record ({first.reason}); expected the "
        "OAI/Kaggle snapshot (JSON lines) or an arXiv Atom file"
    )


def _why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg})"
    if isinstance(exc, KeyError):
        return f"no {exc.args[0]!r} field"
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to be a record"
    return str(exc) or type(exc).__name__


def paper_from_snapshot(record: dict[str, Any]) -> Paper:
    """A Paper from one snapshot record; a record without a valid id, title or date raises."""
    return paper_from_dict(snapshot_dict(record))


def snapshot_dict(record: dict[str, Any]) -> dict[str, Any]:
    """One snapshot record as ``codec.paper_to_dict`` writes a Paper (what the import stores),
    checked as ``paper_from_snapshot`` checks it."""
    arxiv_id = str(record["id"]).strip()
    if not id_is_valid(arxiv_id) or "v" in arxiv_id.rsplit("/", 1)[-1]:
        raise ValueError(f"not an arXiv identifier without version: {arxiv_id!r}")
    title = normalise_space(record["title"])
    if not title:
        raise ValueError(f"{arxiv_id} has no title")
    versions = record.get("versions") or []
    if not versions:
        raise ValueError(f"{arxiv_id} has no versions")
    categories = str(record.get("categories") or "").split()
    return {
        "id": arxiv_id,
        "version": int(str(versions[-1]["version"]).lstrip("v")),
        "title": title,
        "authors": [[name, []] for name in _authors(record)],
        "abstract": normalise_space(record.get("abstract")),
        "published": _date(versions[0]["created"]).isoformat(),
        "updated": _date(versions[-1]["created"]).isoformat(),
        "primary_category": categories[0] if categories else "",
        "categories": categories,
        "doi": str(record["doi"]).split()[0] if record.get("doi") else None,
        "journal_ref": normalise_space(record.get("journal-ref")) or None,
        "comment": normalise_space(record.get("comments")) or None,
    }


def _authors(record: dict[str, Any]) -> list[str]:
    """ "First Last Suffix" names from ``authors_parsed`` ([last, first, suffix]), TeX decoded."""
    names = []
    for parts in record.get("authors_parsed") or ():
        last, first, suffix = (list(parts) + ["", "", ""])[:3]
        name = normalise_space(f"{first} {last} {suffix}")
        if name:
            names.append(decode_accents(name) if "\\" in name or "{" in name else name)
    return names


def _date(text: str) -> dt.date:
    """The date of a snapshot version (``Mon, 2 Apr 2007 19:18:42 GMT``)."""
    parts = text.split() if isinstance(text, str) else ()
    if len(parts) == 6 and parts[5] in _UTC and parts[2] in _MONTHS:  # every line: read fast
        with contextlib.suppress(ValueError):
            return dt.date(int(parts[3]), _MONTHS[parts[2]], int(parts[1]))
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"unreadable version date {text!r}") from exc


def _import_atom(store: Store, path: Path, progress: Callable[[int], None]) -> ImportResult:
    size = path.stat().st_size
    if size > MAX_ATOM_BYTES:
        raise InputError(f"{path}: {size // 2**20} MiB is more than any arXiv Atom answer; refused")
    data = path.read_bytes()
    try:
        feed = parse_feed(data, url=str(path))
    except ArxivBadResponse as exc:
        raise InputError(f"{path}: not an arXiv Atom feed ({exc})") from exc
    if feed.error:
        raise InputError(f"{path}: an arXiv error answer ({feed.error}), with no papers in it")
    imported = store.put_papers(feed.papers)
    progress(size)
    return ImportResult(str(path), imported, 0, ())
