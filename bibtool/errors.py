"""bibtool's exception tree; the CLI maps each root to an exit code.

BibtoolError                 any failure bibtool reports as one sentence
├── UsageError               bad flags or arguments (exit 2)
├── InputError               unreadable listing or .bib file (exit 2)
│   └── BibFileError         a .bib file bibtool will not write (parse error, changed on disk)
├── StoreError               the local SQLite store cannot be used (exit 2)
└── ServiceError             a web service could not answer (exit 3); carries url, status, attempts
    ├── ArxivError           the arXiv API could not answer
    │   ├── ArxivUnavailable network failure, timeout, 5xx/429 after retries
    │   ├── ArxivRejected    arXiv refused a query bibtool built (HTTP 400, an error entry)
    │   └── ArxivBadResponse an answer that is not arXiv's Atom (HTML, truncated XML, too large)
    └── VenueError           DBLP or Crossref could not answer
        ├── VenueUnavailable network failure, timeout, 5xx/429 after retries
        └── VenueBadResponse an answer that is not the service's JSON (HTML, too large, refused)

The messages say what failed and where, never which command-line flag to try: the CLI adds
that advice (``--offline``), since a program calling the library has no flags.
"""

from __future__ import annotations


class BibtoolError(Exception):
    """A failure bibtool reports to the user as one plain sentence."""

    exit_code = 2


class UsageError(BibtoolError):
    """The command line asks for something bibtool will not do."""


class InputError(BibtoolError):
    """An input file cannot be read or parsed."""


class BibFileError(InputError):
    """A .bib file bibtool refuses to write (not fully parsed, or changed on disk since read)."""


class StoreError(BibtoolError):
    """The local store cannot be opened or written."""


class ServiceError(BibtoolError):
    """A web service did not give a usable answer: ``url`` asked, last HTTP ``status`` (None when
    no answer came), and how many ``attempts`` were made."""

    exit_code = 3

    def __init__(
        self, message: str, *, url: str = "", status: int | None = None, attempts: int = 1
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.attempts = attempts


class ArxivError(ServiceError):
    """The arXiv API did not give a usable answer."""


class ArxivUnavailable(ArxivError):
    """The API could not be reached, or kept failing after retries."""


class ArxivRejected(ArxivError):
    """The API refused a query bibtool built: a bug in bibtool's query building, to report."""


class ArxivBadResponse(ArxivError):
    """The API answered with something that is not a valid Atom feed."""


class VenueError(ServiceError):
    """A bibliographic service (DBLP, Crossref) did not give a usable answer."""


class VenueUnavailable(VenueError):
    """The service could not be reached, or kept failing after retries."""


class VenueBadResponse(VenueError):
    """The service answered with something that is not its JSON."""
