"""The one way a command changes a .bib file: read, refuse if unclean, change, diff, write.

``add``, ``merge``, ``dedupe``, ``update`` and ``check --fix`` all go through here, so they refuse
the same files with the same sentence, name a file the same way in a diff, and write it the same
way (atomically, under the lock, only if it still holds what was read; see ``write``).

    doc = open_for_rewrite(path, dry_run=dry_run)       # refused now, before any request
    outcome = commit(doc, path, new_bytes, dry_run=dry_run, backup=backup)
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from bibtool.bibfile.model import BibDocument
from bibtool.bibfile.parse import read_bib
from bibtool.bibfile.write import check_writable, write_atomic

__all__ = ["Rewrote", "Rewritten", "commit", "diff_name", "open_for_rewrite", "unified_diff"]


@dataclass(frozen=True)
class Rewritten:
    """What a rewrite did to one file: whether it changes, whether it was written, the diff."""

    path: Path
    changed: bool  # the new bytes differ from the ones read
    written: bool  # the file on disk was replaced (never on a dry run)
    diff: str = ""  # the unified diff, on a dry run


class Rewrote:
    """What an outcome that carries a ``rewrite`` says of it (``Added``, ``UpdateOutcome``...)."""

    rewrite: Rewritten

    @property
    def diff(self) -> str:
        """The unified diff of the change (dry runs only)."""
        return self.rewrite.diff

    @property
    def written(self) -> bool:
        """Whether the file on disk was replaced."""
        return self.rewrite.written

    @property
    def changed(self) -> bool:
        """Whether the change alters the file (written, or would be on a dry run)."""
        return self.rewrite.changed


def open_for_rewrite(
    path: Path | str, *, dry_run: bool = False, missing_ok: bool = False
) -> BibDocument:
    """The file at ``path``, read; BibFileError now if it could not be rewritten later.

    Refused: a file with a blocking parse problem (its line is named) and, unless ``dry_run``,
    one that cannot be written (read-only, or in a directory that is not writable).
    ``missing_ok``: a file that does not exist yet reads as empty (``add`` creates it).
    """
    doc = read_bib(path, missing_ok=missing_ok)
    doc.require_clean()
    if not dry_run:
        check_writable(path)
    return doc


def commit(
    doc: BibDocument,
    path: Path | str,
    data: bytes,
    *,
    dry_run: bool = False,
    backup: bool = False,
) -> Rewritten:
    """Replace ``doc``'s file with ``data`` (or, on a dry run, only diff them)."""
    changed = data != doc.data
    if dry_run:
        return Rewritten(Path(path), changed, False, unified_diff(doc, data, str(path)))
    written = changed and write_atomic(path, data, expected=doc.on_disk, backup=backup)
    return Rewritten(Path(path), changed, written)


def unified_diff(doc: BibDocument, new: bytes, name: str) -> str:
    """A unified diff from the file as read to ``new``, headed ``a/NAME`` and ``b/NAME``."""
    before = doc.data.decode(doc.encoding, errors="replace").splitlines(keepends=True)
    after = new.decode(doc.encoding, errors="replace").splitlines(keepends=True)
    name = diff_name(name)
    return "".join(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))


def diff_name(name: str) -> str:
    """A path as git names it after ``a/``: ``/home/me/refs.bib`` and ``./refs.bib`` lose their
    leading ``/`` and ``./`` (``a/home/me/refs.bib``, ``a/refs.bib``)."""
    while name.startswith(("./", "/")):
        name = name[2:] if name.startswith("./") else name[1:]
    return name
