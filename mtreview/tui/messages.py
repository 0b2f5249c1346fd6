"""App-wide messages (past-tense events)."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.worker import Worker

from mtreview.review import GlossaryChange, ReviewService


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


class GlossaryChanged(Message, bubble=False):
    """A glossary change ended (``change`` is None when it failed and nothing was written).

    The screen that ran the change posts it to the app, which passes it on to every screen:
    each refreshes what it shows of the glossary and the issues.
    """

    def __init__(self, change: GlossaryChange | None) -> None:
        super().__init__()
        self.change = change


class WorkerFailed(Message):
    """A screen's worker ended with an error: it bubbles to the app, which reports it."""

    def __init__(self, worker: Worker[Any]) -> None:
        super().__init__()
        self.worker = worker
