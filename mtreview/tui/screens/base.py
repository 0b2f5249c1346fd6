"""The screens' common base: their workers' failures reach the app's one handler.

A worker's ``StateChanged`` event does not bubble: without this, an error in a screen's worker
(an export into a missing directory, a scoring failure) would vanish without a word.
"""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from mtreview.tui.messages import WorkerFailed

ResultType = TypeVar("ResultType")


class ReviewScreen(Screen[ResultType]):
    """A screen whose failed workers are reported by the app (:class:`WorkerFailed`)."""

    @on(Worker.StateChanged)
    def _report_failed_worker(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))
