"""bibtool: paper listings in, complete arXiv BibTeX out, merged losslessly into a .bib file.

The Python API, for the programs that embed bibtool (notebooks, editors, build tools): one
function per command, each taking plain values and returning a frozen outcome; nothing is
printed, nothing exits, and failures raise the ``BibtoolError`` tree of ``bibtool.errors``.

    import bibtool

    settings = bibtool.Settings(offline=False)           # arXiv's API, the user's cache
    result = bibtool.resolve(["listing.txt"], settings=settings)
    print(result.text())                                  # BibTeX of every matched paper
    added = bibtool.add("listing.txt", "refs.bib", dry_run=True)
    print(added.diff)

Names are loaded on first use, so ``import bibtool`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    # the jobs: one per command
    "resolve": "bibtool.jobs.resolve",
    "fetch": "bibtool.jobs.resolve",
    "add": "bibtool.jobs.add",
    "merge": "bibtool.jobs.merge",
    "dedupe": "bibtool.jobs.merge",
    "update": "bibtool.jobs.update",
    "check": "bibtool.jobs.check",
    "store_import": "bibtool.jobs.store",
    "store_info": "bibtool.jobs.store",
    # what they take and give
    "Settings": "bibtool.jobs.session",
    "Style": "bibtool.render.papers",
    "Rendered": "bibtool.render.papers",
    "Resolved": "bibtool.jobs.resolve",
    "RunResult": "bibtool.jobs.resolve",
    "Fetched": "bibtool.jobs.resolve",
    "Added": "bibtool.jobs.add",
    "FileOutcome": "bibtool.jobs.merge",
    "UpdateOutcome": "bibtool.jobs.update",
    "Checked": "bibtool.jobs.check",
    "FileReport": "bibtool.jobs.check",
    "ImportResult": "bibtool.jobs.store",
    "parse_listing": "bibtool.listing",
    "read_bib": "bibtool.bibfile",
    "Listing": "bibtool.model",
    "ListingEntry": "bibtool.model",
    "ListingForm": "bibtool.model",
    "Match": "bibtool.model",
    "MatchStatus": "bibtool.model",
    "Paper": "bibtool.model",
    "Author": "bibtool.model",
    "Finding": "bibtool.lint.finding",
    # what they raise
    "BibtoolError": "bibtool.errors",
    "UsageError": "bibtool.errors",
    "InputError": "bibtool.errors",
    "BibFileError": "bibtool.errors",
    "StoreError": "bibtool.errors",
    "ArxivError": "bibtool.errors",
    "ArxivUnavailable": "bibtool.errors",
    "ArxivRejected": "bibtool.errors",
    "ArxivBadResponse": "bibtool.errors",
}

__all__ = [
    "__version__",
    "Added",
    "ArxivBadResponse",
    "ArxivError",
    "ArxivRejected",
    "ArxivUnavailable",
    "Author",
    "BibFileError",
    "BibtoolError",
    "Checked",
    "Fetched",
    "FileOutcome",
    "FileReport",
    "Finding",
    "ImportResult",
    "InputError",
    "Listing",
    "ListingEntry",
    "ListingForm",
    "Match",
    "MatchStatus",
    "Paper",
    "Rendered",
    "Resolved",
    "RunResult",
    "Settings",
    "StoreError",
    "Style",
    "UpdateOutcome",
    "UsageError",
    "add",
    "check",
    "dedupe",
    "fetch",
    "merge",
    "parse_listing",
    "read_bib",
    "resolve",
    "store_import",
    "store_info",
    "update",
]  # every name of _EXPORTS (tests/api checks they agree)

if TYPE_CHECKING:
    from bibtool.bibfile import read_bib
    from bibtool.errors import (
        ArxivBadResponse,
        ArxivError,
        ArxivRejected,
        ArxivUnavailable,
        BibFileError,
        BibtoolError,
        InputError,
        StoreError,
        UsageError,
    )
    from bibtool.jobs.add import Added, add
    from bibtool.jobs.check import Checked, FileReport, check
    from bibtool.jobs.merge import FileOutcome, dedupe, merge
    from bibtool.jobs.resolve import Fetched, Resolved, RunResult, fetch, resolve
    from bibtool.jobs.session import Settings
    from bibtool.jobs.store import ImportResult, store_import, store_info
    from bibtool.jobs.update import UpdateOutcome, update
    from bibtool.lint.finding import Finding
    from bibtool.listing import parse_listing
    from bibtool.model import (
        Author,
        Listing,
        ListingEntry,
        ListingForm,
        Match,
        MatchStatus,
        Paper,
    )
    from bibtool.render.papers import Rendered, Style


def __getattr__(name: str) -> Any:
    """Load a public name from the module that owns it, on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bibtool' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
