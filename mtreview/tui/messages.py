"""App-wide messages (past-tense events)."""

from __future__ import annotations

from textual.message import Message

from mtreview.review import ReviewService


class ProjectOpened(Message):
    """The opening worker has the project ready."""

    def __init__(self, service: ReviewService) -> None:
        super().__init__()
        self.service = service


class OpenProgressed(Message):
    """The opening worker checked ``done`` of ``total`` segments."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ExportFinished(Message):
    """The export worker wrote ``count`` segments to ``path``."""

    def __init__(self, path: str, count: int) -> None:
        super().__init__()
        self.path = path
        self.count = count


class CheckerReady(Message):
    """The word segmenter is loaded: segments can be checked without a pause."""
