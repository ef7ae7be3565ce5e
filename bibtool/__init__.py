"""bibtool: paper listings in, complete arXiv BibTeX out, merged losslessly into a .bib file."""

from __future__ import annotations

__version__ = "0.1.0"
