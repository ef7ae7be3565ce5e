"""Atomic, locked writes of a .bib file: compare, temp file, fsync, replace, fsync the directory.

Only a regular file is replaced (a device or FIFO named as the .bib is refused, where replacing
``/dev/null`` as root would have replaced the system's null device), never one with several
hard links (a rename would split them), and the new file keeps the old one's owner, group and
mode. The lock is a sidecar opened without following a symbolic link, so a link planted in its
place cannot send bibtool's open anywhere. ``WRITES`` records every file replaced, so the command
line can say so when Ctrl-C comes after.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bibtool.errors import BibFileError


def write_atomic(
    path: Path | str,
    data: bytes,
    *,
    expected: bytes | None,
    backup: bool = False,
    lock_timeout: float = 30.0,
) -> bool:
    """Replace the file behind ``path`` with ``data`` if it still holds ``expected``.

    ``expected`` is what was read (None: the file must not exist yet). A symlink is followed
    and its target replaced, so the link stays a link. Under the lock: compare, write a temp
    file in the same directory, fsync, copy the permission bits, ``os.replace``, fsync the
    directory. Returns False (and touches nothing else) when the file already holds ``data``.
    Temp files that a killed run left beside the file are removed: under the lock no other
    run can be writing them.
    """
    real = Path(os.path.realpath(path))
    with bib_lock(real, timeout=lock_timeout):
        _remove_stale_temps(real)
        current = _read_current(real)
        if current != expected:
            what = "appeared" if expected is None else "changed or vanished"
            raise BibFileError(
                f"{path} {what} on disk since it was read — not written; run the command "
                "again (what it fetched is in the local store)"
            )
        if current == data:
            return False
        owner = _replaceable(path, real.stat()) if current is not None else None
        if backup and current is not None:
            _replace_with(real.with_name(real.name + ".bak"), current, owner)
        _replace_with(real, data, owner)
    WRITES.append(str(path))
    return True


def check_writable(path: Path | str) -> None:
    """Raise BibFileError when ``write_atomic`` could not write ``path``, before work is done.

    A read-only file is refused although its directory would let a rename replace it: the
    user made it read-only. The file itself need not exist yet; its directory must.
    """
    real = Path(os.path.realpath(path))
    if not real.parent.is_dir():
        raise BibFileError(f"cannot write {path}: no directory {real.parent}")
    if not os.access(real.parent, os.W_OK | os.X_OK):
        raise BibFileError(f"cannot write {path}: its directory {real.parent} is not writable")
    with contextlib.suppress(FileNotFoundError):
        _replaceable(path, real.stat())


WRITES: list[str] = []  # every file write_atomic replaced in this process, in order


def replace_file(path: Path | str, data: bytes) -> None:
    """Write ``data`` to the regular file at ``path`` atomically (an output such as a report:
    no lock, no comparison), keeping its owner and mode; BibFileError when it cannot be."""
    real = Path(os.path.realpath(path))
    try:
        owner = _replaceable(path, real.stat())
    except FileNotFoundError:
        owner = None
    _replace_with(real, data, owner)


@dataclass(frozen=True)
class _Owner:
    """What the replaced file's successor keeps: permission bits, owner and group."""

    mode: int
    uid: int
    gid: int


def _replaceable(path: Path | str, st: os.stat_result) -> _Owner:
    """The file's owner and mode, or BibFileError when replacing it would be wrong."""
    if not stat.S_ISREG(st.st_mode):
        raise BibFileError(
            f"{path} is not a regular file (a device, a FIFO or a directory) — not written"
        )
    if st.st_nlink > 1:
        raise BibFileError(
            f"{path} has {st.st_nlink} hard links, which replacing it would split — not "
            "written (give it a file of its own, or write to the link you use)"
        )
    owner = _Owner(stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
    if _read_only(Path(os.path.realpath(path)), owner.mode):
        raise BibFileError(f"{path} is read-only — not written")
    return owner


def _read_only(real: Path, mode: int) -> bool:
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # os.access says yes to root for any file
        return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return not os.access(real, os.W_OK)


@contextlib.contextmanager
def bib_lock(path: Path | str, *, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on the sidecar ``.NAME.lock`` beside the (resolved) file.

    A sidecar, not the file itself: ``os.replace`` puts a new inode at the path, so a lock on
    the old inode would let a run that opens the new file proceed at once. The sidecar is never
    replaced or deleted (deleting it would reintroduce the same race).
    """
    real = Path(os.path.realpath(path))
    lock_path = real.with_name(f".{real.name}.lock")
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lock_path, flags, 0o666)
    except OSError as exc:
        why = "it is a symbolic link" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        raise BibFileError(
            f"cannot write {path}: its lock file {lock_path} cannot be used ({why})"
        ) from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise BibFileError(f"cannot write {path}: its lock file {lock_path} is not a file")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BibFileError(f"{path} is locked by another bibtool run") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _read_current(real: Path) -> bytes | None:
    try:
        return real.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BibFileError(f"cannot read {real}: {exc.strerror or exc}") from exc


def _replace_with(target: Path, data: bytes, owner: _Owner | None) -> None:
    """Write ``data`` to a temp file beside ``target`` and rename it over; no temp file stays.

    ``owner`` None (a new file) keeps the creation mode, 0o666 less the umask, as any editor's;
    otherwise the new file takes the old one's mode, and its owner and group where the process
    may give them (root always may: a run as root leaves a user's file theirs).
    """
    fd, tmp = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as out:
            if owner is not None:
                os.fchmod(out.fileno(), owner.mode)  # before any data is in it
                with contextlib.suppress(PermissionError):  # another user's file, not as root
                    os.fchown(out.fileno(), owner.uid, owner.gid)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise BibFileError(f"could not write {target}: {exc.strerror or exc}") from exc
        raise
    _fsync_dir(target.parent)


def _remove_stale_temps(real: Path) -> None:
    """Delete what ``_create_temp`` made for ``real`` or its backup and a killed run left."""
    mine = re.compile(rf"\.{re.escape(real.name)}(?:\.bak)?\.[0-9a-f]{{8}}\.tmp")
    with contextlib.suppress(OSError):
        for stale in real.parent.iterdir():
            if mine.fullmatch(stale.name):
                with contextlib.suppress(OSError):
                    stale.unlink()


def _create_temp(target: Path) -> tuple[int, Path]:
    # Not tempfile.mkstemp: its 0o600 would need the umask to restore, and reading the umask
    # means setting it, which races with other threads.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise BibFileError(f"could not write {target}: {exc.strerror or exc}") from exc


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; some filesystems refuse to fsync a directory.
    with contextlib.suppress(OSError):
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
