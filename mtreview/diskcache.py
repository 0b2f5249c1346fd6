"""Values that take long to make, kept on disk between runs and never trusted blindly.

Preparing jieba's dictionary for mtreview (reading it, and the folded and variant forms of its
words through OpenCC) takes some two seconds that every ``check`` and every new project would
pay again; the result depends only on the dictionary, OpenCC and this code, so it is kept in the
user's cache folder. Each entry is one file holding a digest of what the value was made from
(its *key*), a digest of its own bytes and the value (:mod:`marshal`): a file made from anything
else, cut short, or altered is not used, but made again and replaced. Writes are atomic (a
temporary file and a rename) and never fail the caller; an unreadable or unwritable folder only
means the value is made every time.

An entry's file is named by the value's name and the start of its key, so two installs that
share the cache folder (another jieba, another mtreview) keep one entry each instead of
replacing each other's on every run; the :data:`KEEP` entries of a name used last are kept, the
others deleted when a new one is written.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from mtreview.paths import user_cache_dir

T = TypeVar("T")
_MAGIC = b"mtreview-cache 1\n"
_DIGEST = 32  # bytes of a SHA-256 digest
KEEP = 3
"""Entries kept per name (those used last): a few installs side by side, each keeping its own."""


def digest(parts: Iterable[bytes | str]) -> bytes:
    """The key of a value: a SHA-256 of the parts it is made from, each length-prefixed."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


def derived(base: bytes, parts: Iterable[bytes | str]) -> bytes:
    """The key of a value made from what ``base`` keys and from ``parts``.

    Empty, so that nothing is kept, when ``base`` is (what it keys could not be read).
    """
    return digest([base, *parts]) if base else b""


def file_digest(path: str | Path) -> bytes:
    """SHA-256 of a file's bytes."""
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def cached(name: str, key: bytes, make: Callable[[], T]) -> T:
    """The value stored as ``name`` under ``key``, else ``make()`` (then stored for next time).

    The value must be :mod:`marshal`-able (dicts, lists, tuples, str, int …); it comes back as
    ``make()`` gave it, dict order included. An empty ``key`` (what the value is made from
    could not be read) keeps nothing.
    """
    if not key:
        return make()
    path = entry(name, key)
    found = _read(path, key)
    if found is not None:
        with suppress(OSError):
            os.utime(path)  # used: kept when entries of other keys are pruned
        value: T = found[0]
        return value
    value = make()
    if _write(path, key, value):
        _prune(name, path)
    return value


def entry(name: str, key: bytes) -> Path:
    """The file of the entry ``name`` made under ``key``."""
    return user_cache_dir() / f"{name}-{key.hex()[:16]}.marshal"


def _prune(name: str, written: Path) -> None:
    """Delete the entries of ``name`` but ``written`` and the :data:`KEEP` - 1 others used last.

    ``written`` is never deleted, whatever the clock said of the others' times. The single file
    per name the first version of this cache wrote goes too.
    """
    folder = user_cache_dir()
    pattern = f"{name}-{'[0-9a-f]' * 16}.marshal"
    try:
        found = [
            (p.stat().st_mtime, p) for p in folder.glob(pattern) if p.is_file() and p != written
        ]
    except OSError:
        return
    found.sort(reverse=True)
    for _, path in found[KEEP - 1 :]:
        with suppress(OSError):
            path.unlink()
    with suppress(OSError):
        (folder / f"{name}.marshal").unlink()


def _read(path: Path, key: bytes) -> tuple[Any] | None:
    """The value of the entry at ``path`` if it was made under ``key`` and is whole."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if not data.startswith(_MAGIC) or data[head : head + _DIGEST] != key:
        return None  # another format, or made from something else (stale)
    body = data[head + 2 * _DIGEST :]
    if hashlib.sha256(body).digest() != data[head + _DIGEST : head + 2 * _DIGEST]:
        return None  # cut short or altered
    try:
        return (marshal.loads(body),)
    except (EOFError, ValueError, TypeError):  # pragma: no cover - the digest matched
        return None


def _write(path: Path, key: bytes, value: Any) -> bool:
    """Store ``value`` at ``path`` atomically; False (nothing changed) when it could not."""
    try:
        body = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + key + hashlib.sha256(body).digest() + body)
        os.replace(tmp, path)
    except BaseException as exc:  # a full disk, or Ctrl-C: no temporary file left behind
        with suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
        return False
    return True
