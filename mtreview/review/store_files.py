"""A new project is written beside its final name and renamed into place only when complete.

The temporary file is ``.NAME.PID.creating`` in the project's folder. A creation killed half-way
leaves only such a file, which never blocks the next attempt; the next creation removes the
leftovers of processes that are gone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from mtreview.errors import MtreviewError

SUFFIX = ".creating"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    for side in ("", "-journal", "-wal", "-shm"):
        with suppress(OSError):
            Path(f"{path}{side}").unlink()


def _leftovers(path: Path) -> None:
    """Remove temporary files of earlier creations of ``path`` whose process is gone."""
    prefix = f".{path.name}."
    with suppress(OSError):
        for other in path.parent.iterdir():
            name = other.name
            if not (name.startswith(prefix) and name.endswith(SUFFIX)):
                continue
            pid = name[len(prefix) : -len(SUFFIX)]
            if pid.isdigit() and not _alive(int(pid)):
                _remove(other)


@contextmanager
def creating(path: Path) -> Iterator[Path]:
    """A temporary file to build the project ``path`` in; removed unless published.

    Raises:
        MtreviewError: when ``path`` exists already or its folder cannot be written.
    """
    if path.exists():
        raise MtreviewError("project already exists", path)
    if not path.parent.is_dir():
        raise MtreviewError("no such folder for the project", path.parent)
    _leftovers(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{SUFFIX}")
    _remove(tmp)
    try:
        yield tmp
    finally:
        _remove(tmp)


def publish(tmp: Path, path: Path) -> None:
    """Give the complete file ``tmp`` its final name, never replacing an existing file.

    Raises:
        MtreviewError: when a project appeared at ``path`` meanwhile or the rename failed.
    """
    try:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, path)
    except FileExistsError:
        raise MtreviewError("project already exists", path) from None
    except OSError as exc:
        if path.exists():
            raise MtreviewError(f"cannot create the project: {exc.strerror}", path) from None
        try:
            # A file system without hard links: a rename (the check above leaves a tiny race).
            os.rename(tmp, path)
        except OSError as again:
            raise MtreviewError(f"cannot create the project: {again.strerror}", path) from None
    with suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
