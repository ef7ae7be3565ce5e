"""Keys of merged entries: renaming a new entry whose key is taken, and comparing entry texts."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["fresh_key", "rekey", "same_text"]

_HEAD = re.compile(r"(\s*@\s*\w+\s*[{(]\s*)([^,\s{}()]*)")


def fresh_key(key: str, taken: Mapping[str, str]) -> str:
    """``key`` plus the first suffix (b, c, ..., z, ba, ...) not in ``taken`` (lower-cased keys)."""
    n = 1
    while True:
        candidate = key + _letters(n)
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _letters(n: int) -> str:
    out = ""
    while n:
        n, digit = divmod(n, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[digit] + out
    return out or "a"


def rekey(text: str, key: str) -> str:
    """The entry ``text`` with its key replaced by ``key``."""
    return _HEAD.sub(lambda m: m[1] + key, text, count=1)


def same_text(a: str, b: str) -> bool:
    """Whether two entry texts are the same but for line endings and trailing blanks."""

    def norm(text: str) -> list[str]:
        return [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]

    return norm(a) == norm(b)
