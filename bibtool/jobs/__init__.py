"""One function per command, each readable on one screen: the library's public jobs.

``resolve`` and ``fetch`` (listings or ids in, entries out), ``add`` (resolve and merge into a
.bib file), ``merge`` and ``dedupe`` (.bib files into one, duplicates out of one), ``update``
(refresh the arXiv entries of a file), ``check`` (findings and safe fixes), ``store_import`` and
``store_info`` (the local store). Each takes plain values, returns a frozen outcome, prints
nothing and never exits; failures raise ``bibtool.errors`` exceptions with one plain sentence.
"""

from __future__ import annotations

from bibtool.jobs.add import Added, add
from bibtool.jobs.check import Checked, FileReport, check
from bibtool.jobs.merge import FileOutcome, dedupe, merge
from bibtool.jobs.resolve import Fetched, Resolved, RunResult, fetch, resolve
from bibtool.jobs.session import Session, Settings
from bibtool.jobs.store import ImportResult, store_import, store_info
from bibtool.jobs.update import UpdateOutcome, update

__all__ = [
    "Added",
    "Checked",
    "Fetched",
    "FileOutcome",
    "FileReport",
    "ImportResult",
    "Resolved",
    "RunResult",
    "Session",
    "Settings",
    "UpdateOutcome",
    "add",
    "check",
    "dedupe",
    "fetch",
    "merge",
    "resolve",
    "store_import",
    "store_info",
    "update",
]
