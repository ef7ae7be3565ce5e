"""Settings for ``bibtool check`` from ``[tool.bibtool]`` or ``.bibtool.toml``, env and flags.

``distinct`` (pairs of keys that are different works, e.g. ``distinct = [["smith2020a",
"smith2020b"]]``) is read by ``merge`` and ``dedupe`` too; it has no environment variable.

The file is found by searching upward from the checked file's directory: in each directory
``.bibtool.toml``, then ``bibtool.toml`` (both read whole), then ``pyproject.toml`` (only if it
has a ``[tool.bibtool]`` table). The search stops at the repository root (a directory holding
``.git``) or the filesystem root. Precedence: command-line flags > ``BIBTOOL_*`` environment >
file > defaults. Keys may be written with ``-`` or ``_`` (``fail-level``, ``key_pattern``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from bibtool.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAMES = (".bibtool.toml", "bibtool.toml", "pyproject.toml")
TARGETS = ("bibtex", "biblatex")
LEVELS = ("info", "warning", "error")
_LISTS = ("select", "ignore", "macros")


@dataclass(frozen=True)
class CheckConfig:
    """Everything ``check`` reads from configuration; ``source`` is the file, if any."""

    select: tuple[str, ...] | None = None  # None: every offline rule
    ignore: tuple[str, ...] = ()
    fail_level: str = "warning"
    target: str = "bibtex"
    key_pattern: str | None = None
    macros: tuple[str, ...] = ()  # @string names defined in another file
    distinct: tuple[frozenset[str], ...] = ()  # key sets never to be merged as one work
    source: Path | None = None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` (a directory) and its bibtool table."""
    directory = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            path = directory / name
            if path.is_file():
                table = _table(path)
                if table is not None:
                    return path, table
        if (directory / ".git").exists() or directory.parent == directory:
            return None
        directory = directory.parent


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from exc
    if path.name != "pyproject.toml":
        return data
    table = data.get("tool", {}).get("bibtool")
    return table if isinstance(table, dict) else None


def load_config(
    start: Path,
    *,
    env: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> CheckConfig:
    """The settings for files under ``start``: file, then ``env`` (BIBTOOL_*), then ``flags``.

    ``flags`` holds only what the user gave (None values are skipped). UsageError, naming the
    file or variable, for a value of the wrong kind.
    """
    config = CheckConfig()
    found = find_config(start)
    if found is not None:
        path, table = found
        config = _apply(config, _normalised(table), str(path))
        config = replace(config, source=path)
    config = _apply(config, _from_env(os.environ if env is None else env), "the environment")
    given = {k: v for k, v in (flags or {}).items() if v is not None}
    return _apply(config, given, "the command line")


def _normalised(table: Mapping[str, Any]) -> dict[str, Any]:
    # Other commands may keep their own settings in [tool.bibtool]: unknown keys are theirs.
    known = {f.name for f in fields(CheckConfig)} - {"source"}
    return {k.replace("-", "_"): v for k, v in table.items() if k.replace("-", "_") in known}


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("select", "ignore", "fail_level", "target", "key_pattern", "macros"):
        value = env.get(f"BIBTOOL_{name.upper()}")
        if value is not None and value.strip():
            out[name] = value.replace(",", " ").split() if name in _LISTS else value
    return out


def _apply(config: CheckConfig, values: Mapping[str, Any], where: str) -> CheckConfig:
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name == "distinct":
            changes[name] = _key_sets(value, where)
        elif name in _LISTS:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
                raise UsageError(f"{where}: {name} must be a list of strings")
            changes[name] = tuple(s for v in items for s in v.replace(",", " ").split())
            if name == "select" and not changes[name]:
                # An empty CI variable (--select "$RULES") would silently check nothing.
                raise UsageError(f"{where}: select names no rule (ALL selects every rule)")
        elif not isinstance(value, str):
            raise UsageError(f"{where}: {name} must be a string")
        else:
            changes[name] = value
    config = replace(config, **changes)
    _validate(config, where)
    return config


def _key_sets(value: Any, where: str) -> tuple[frozenset[str], ...]:
    """``[["a", "b"], "c d"]``: each item a list of keys or one string of keys, two or more."""
    if not isinstance(value, list | tuple):
        raise UsageError(f"{where}: distinct must be a list of key lists")
    sets = []
    for item in value:
        keys = item.replace(",", " ").split() if isinstance(item, str) else item
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise UsageError(f"{where}: distinct must be a list of key lists")
        if len(set(keys)) < 2:
            raise UsageError(f"{where}: each distinct set needs two keys or more: {item!r}")
        sets.append(frozenset(keys))
    return tuple(sets)


def _validate(config: CheckConfig, where: str) -> None:
    if config.target not in TARGETS:
        raise UsageError(f"{where}: target must be one of {', '.join(TARGETS)}")
    if config.fail_level not in LEVELS:
        raise UsageError(f"{where}: fail-level must be one of {', '.join(LEVELS)}")
