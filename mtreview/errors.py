"""The one error type the core raises for bad input or a failed operation."""

from __future__ import annotations

from pathlib import Path


class MtreviewError(Exception):
    """A user-facing error: one line, naming the file and line where known.

    The CLI prints ``str(error)`` on stderr and exits with status 2.
    """

    def __init__(
        self, message: str, path: str | Path | None = None, line: int | None = None
    ) -> None:
        self.message = " ".join(message.split())
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"
