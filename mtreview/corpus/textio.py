"""Reading text files the way users' files come: BOMs, UTF-16, CRLF."""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from mtreview.errors import MtreviewError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode file content: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Raises:
        MtreviewError: naming the line of the first byte that is not valid text.
    """
    encoding = _encoding_of(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # utf-8-sig counts from after its BOM
        at = exc.start + (len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
        raise _not_text(exc, encoding, path, data[:at].count(b"\n") + 1) from None


def _encoding_of(data: bytes) -> str:
    """The encoding a file's first bytes name by their BOM (UTF-8 without one)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return "utf-8"


def _not_text(exc: UnicodeDecodeError, encoding: str, path: str | Path, line: int) -> MtreviewError:
    return MtreviewError(f"not valid {encoding.upper()} text ({exc.reason})", path, line)


def read_text(path: str | Path) -> str:
    """Read a text file, decode it and normalise line ends to ``\\n``."""
    return text_of(read_bytes(path), path)


def text_of(data: bytes, path: str | Path) -> str:
    """:func:`read_text`'s text of bytes read from ``path``."""
    return _normalised(decode_bytes(data, path))


BLOCK = 1 << 22
"""Bytes read at a time by :func:`read_text_blocks`."""


def read_text_blocks(path: str | Path, size: int | None = None) -> Iterator[str]:
    """:func:`read_text`'s text in blocks, each ending after a line break but the last.

    Joined, they are ``read_text(path)``; a large file is not held whole (neither its bytes
    nor its text: decoding it whole held both, and more while widening to the text's
    characters) unless it has no ``\\n`` to cut at (lone CR line ends). ``size``: bytes read
    at a time (default :data:`BLOCK`). UTF-16 files (with a BOM) come as one block.

    Raises:
        MtreviewError: as :func:`read_text` does.
    """
    try:
        with Path(path).open("rb") as handle:
            yield from _blocks(handle, path, size or BLOCK)
    except OSError as exc:
        raise _read_error(exc, path) from None


def _blocks(handle: BinaryIO, path: str | Path, size: int) -> Iterator[str]:
    data = handle.read(max(size, 4))  # a BOM whole
    encoding = _encoding_of(data)
    if encoding == "utf-16":
        yield _normalised(decode_bytes(data + handle.read(), path))
        return
    skip = len(codecs.BOM_UTF8) if encoding != "utf-8" else 0
    line = 1
    while data:
        more = handle.read(size)
        cut = data.rfind(b"\n") + 1 if more else len(data)
        if cut == 0:  # no line break yet: read on
            data += more
            continue
        try:
            text = data[skip:cut].decode("utf-8")
        except UnicodeDecodeError as exc:
            line += data[: skip + exc.start].count(b"\n")
            raise _not_text(exc, encoding, path, line) from None
        line += data.count(b"\n", 0, cut)
        data, skip = data[cut:] + more, 0
        yield _normalised(text)


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file, and a failed write leaves the old file as it was.

    Raises:
        MtreviewError: one line naming ``path`` when it cannot be written (a missing or
            read-only directory, a directory at ``path``, a full disk…).
    """
    target = Path(path)
    if target.is_dir():
        raise MtreviewError("cannot write: is a directory, not a file", path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _write_error(exc, path, directory) from None
    try:
        # mkstemp makes the file private (0600): give it the mode a plain open() would, or keep
        # the mode of the file it replaces.
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, path, directory) from None
        raise


def _write_error(exc: OSError, path: str | Path, directory: Path) -> MtreviewError:
    if isinstance(exc, FileNotFoundError) and not directory.exists():
        return MtreviewError(f"cannot write: no such directory {str(directory)!r}", path)
    if isinstance(exc, NotADirectoryError):
        return MtreviewError(f"cannot write: {str(directory)!r} is not a directory", path)
    if isinstance(exc, IsADirectoryError):
        return MtreviewError("cannot write: is a directory, not a file", path)
    return MtreviewError(f"cannot write: {exc.strerror or exc}", path)


def read_bytes(path: str | Path) -> bytes:
    """Read a file's bytes, turning OS errors into one-line errors."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _read_error(exc, path) from None


def _read_error(exc: OSError, path: str | Path) -> MtreviewError:
    """One line for a file that cannot be read."""
    if isinstance(exc, FileNotFoundError):
        return MtreviewError("no such file", path)
    if isinstance(exc, IsADirectoryError):
        return MtreviewError("is a directory, not a file", path)
    return MtreviewError(f"cannot read: {exc.strerror}", path)
