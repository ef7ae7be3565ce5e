"""The command line: thin typer commands over the library; the only place that prints or exits.

Each module below registers its commands on the shared ``app`` when imported.
"""

from __future__ import annotations

import errno
import io
import os
import sys

try:
    from bibtool.cli import (
        check,  # noqa: F401  (registers check)
        main_job,  # noqa: F401  (registers resolve, add, fetch)
        merge,  # noqa: F401  (registers merge, dedupe)
        store,  # noqa: F401  (registers store import, store info)
        update,  # noqa: F401  (registers update)
    )
    from bibtool.cli.common import app
except KeyboardInterrupt:  # Ctrl-C in the first half second, while Python loads the modules
    sys.stderr.write("bibtool: interrupted\n")
    raise SystemExit(130) from None

__all__ = ["app", "main"]

INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in bibtool, not bad input


class _ClosedOutput(io.TextIOBase):
    """Standard output that the shell closed (``>&-``): writing to it is an error to report."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")


def main() -> None:
    """Console-script entry point: no traceback reaches the user unless BIBTOOL_DEBUG is set."""
    if sys.stdout is None:  # Python's stand-in for a closed descriptor 1
        sys.stdout = _ClosedOutput()
    try:
        app(prog_name="bibtool")
    except KeyboardInterrupt:  # outside a command's own handler (which says what was kept)
        sys.stderr.write("bibtool: interrupted\n")
        raise SystemExit(130) from None
    except BrokenPipeError:  # `bibtool resolve … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        raise SystemExit(141) from None
    except OSError as exc:  # standard output full (/dev/full) or gone, or a file system's limit
        where = exc.filename or "standard output"
        sys.stderr.write(f"bibtool: error: {where}: {exc.strerror or exc}\n")
        raise SystemExit(2) from None
    except Exception as exc:
        if os.environ.get("BIBTOOL_DEBUG"):
            raise
        what = f"{type(exc).__name__}: {exc}"
        sys.stderr.write(
            f"bibtool: internal error, a bug to report (BIBTOOL_DEBUG=1 shows the traceback): "
            f"{what if len(what) <= 300 else what[:300] + '…'}\n"
        )
        raise SystemExit(INTERNAL_ERROR) from None
