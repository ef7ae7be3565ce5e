"""The command line: thin typer commands over the library; the only place that prints or exits.

Each module below registers its commands on the shared ``app`` when imported.
"""

from __future__ import annotations

from bibtool.cli import (
    check,  # noqa: F401  (registers check)
    main_job,  # noqa: F401  (registers resolve, add, fetch)
    merge,  # noqa: F401  (registers merge, dedupe)
    store,  # noqa: F401  (registers store import, store info)
    update,  # noqa: F401  (registers update)
)
from bibtool.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app(prog_name="bibtool")
