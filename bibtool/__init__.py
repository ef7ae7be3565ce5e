"""bibtool: turn paper listings into complete arXiv BibTeX and merge it into a .bib file losslessly."""

from __future__ import annotations

__version__ = "0.1.0"
