"""``python -m bibtool`` (the executable name clashes with Gerd Neugebauer's BibTool)."""

from bibtool.cli import main

main()
