"""The command line: thin typer commands over the library; the only place that prints or exits.

Each module below registers its commands on the shared ``app`` when imported.
"""

from __future__ import annotations

from bibtool.cli import main_job  # noqa: F401  (registers resolve, add, fetch)
from bibtool.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app(prog_name="bibtool")
