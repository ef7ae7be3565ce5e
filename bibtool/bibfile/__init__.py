"""The one place that reads and writes .bib files: lossless parsing, splicing and atomic writes.

Modules: ``model`` (the document), ``parse`` (reading), ``plain`` (plainly written entries,
read as bibtexparser reads them but faster), ``grammar`` (BibTeX's rules where bibtexparser is
lenient), ``fields`` (where each field sits inside an entry), ``edit`` (splicing),
``rewrite`` (the read-change-diff-write transaction every command uses), ``write`` (atomic
locked writes).

A .bib file is never re-serialised. bibtexparser 2.x (with an empty parse stack, so ``@string``
macros stay unexpanded and values keep their braces) only tells us where each entry is; every byte
bibtool does not add is copied from the original. Problems are data (``BibDocument.failed``); the
ones that make a write unsafe are raised by ``require_clean`` before anything is spliced.

Policy for problems (``BibProblem.kind``):

- blocking: ``syntax`` (a block bibtexparser gave up on), ``unclosed`` (an entry that never closes
  or runs into the next one), ``value`` (a field value that is not BibTeX, e.g. a missing comma
  that made bibtexparser swallow the next field). Writing after such a block could put the new
  entries inside it for some reader, and the user should fix it first.
- findings only: ``duplicate-key`` (also when keys differ only in case, which BibTeX treats as
  the same key), ``empty-key``, ``duplicate-field``, ``duplicate-string``, ``comment`` (an
  ``@comment`` with unbalanced braces that a later block closes), and ``commented-entry`` (an
  ``@type{`` on a line starting with ``%``: biber skips it, BibTeX and bibtexparser read it;
  its fields are not checked, and merge ignores its identity). bibtool only appends or replaces
  one uniquely keyed entry, so these parts of the file are copied byte for byte, exactly as broken
  or as fine as before; refusing would block users of real libraries (Mendeley exports are full
  of duplicate keys) for no gain. ``replace_entry`` refuses a key that is duplicated.
"""

from __future__ import annotations

from bibtool.bibfile.edit import (
    Edit,
    append_entries,
    apply_edits,
    encode_text,
    entry_text,
    insert_entries,
    remove_entry,
    replace_entry,
)
from bibtool.bibfile.model import BLOCKING_KINDS, BibDocument, BibEntry, BibProblem
from bibtool.bibfile.parse import parse_bib, read_bib
from bibtool.bibfile.rewrite import Rewritten, commit, open_for_rewrite, unified_diff
from bibtool.bibfile.write import bib_lock, check_writable, write_atomic

__all__ = [
    "BLOCKING_KINDS",
    "BibDocument",
    "BibEntry",
    "BibProblem",
    "Edit",
    "append_entries",
    "apply_edits",
    "bib_lock",
    "check_writable",
    "encode_text",
    "entry_text",
    "insert_entries",
    "parse_bib",
    "read_bib",
    "Rewritten",
    "commit",
    "open_for_rewrite",
    "remove_entry",
    "replace_entry",
    "unified_diff",
    "write_atomic",
]
