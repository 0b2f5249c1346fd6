"""The review app: opens the project in a worker, then shows the review screen."""

from __future__ import annotations

import gc
import select
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import App
from textual.reactive import var
from textual.worker import Worker, WorkerState

from mtreview.review import IdleCollections, MtreviewError, Progress, ReviewService
from mtreview.tui.commands import ReviewCommands, SegmentJump
from mtreview.tui.messages import (
    CheckerReady,
    GlossaryChanged,
    OpenProgressed,
    ProjectOpened,
    WorkerFailed,
)
from mtreview.tui.screens.glossary import GLOSSARY_BINDINGS
from mtreview.tui.screens.loading import LoadingScreen
from mtreview.tui.screens.main import MainScreen
from mtreview.tui.screens.review_keys import REVIEW_BINDINGS, SCORES_BINDINGS, load_keymap
from mtreview.tui.widgets.text import clean

Opener = Callable[[Progress], ReviewService]

HUNG_UP = 129
"""Exit status when the terminal went away: 128 + SIGHUP, as a shell reports a hang-up."""


def terminal_hung_up(fd: int) -> bool:
    """Whether the terminal on ``fd`` has hung up.

    Only POLLHUP counts: where poll() does not support terminals (older macOS answers POLLNVAL
    for any tty) the watch stays silent instead of ending a live session.
    """
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return any(event & select.POLLHUP for _, event in poller.poll(0))


IDLE_TEST = 0.5
"""Seconds between tests whether the review is idle (to run a due full collection)."""
IDLE_SHARE = 0.05
"""Idle: the process used less than this share of one core since the last test."""


class ReviewApp(App[None]):
    """Review a project; ``opener`` makes the service (it runs in a worker thread)."""

    CSS_PATH = "app.tcss"
    TITLE = "mtreview"
    COMMANDS = App.COMMANDS | {ReviewCommands, SegmentJump}

    checker_ready: var[bool] = var(False)
    """jieba is loaded: the review screen checks segments and runs actions."""

    def __init__(self, opener: Opener, title: str = "") -> None:
        super().__init__()
        # A bad config file: one line, exit 2, before any screen.
        self.keymap = load_keymap((REVIEW_BINDINGS, GLOSSARY_BINDINGS, SCORES_BINDINGS))
        self.set_keymap(self.keymap)
        self.opener = opener
        self.project_title = title
        self.service: ReviewService | None = None
        self._shown = threading.Event()
        self.error: str | None = None
        self._collections = IdleCollections()
        self._cpu = 0.0  # process CPU seconds at the last idle test

    def on_mount(self) -> None:
        if self.project_title:  # a file name: shown as text, its control characters visible
            self.title = f"mtreview — {clean(self.project_title)}"
        self.push_screen(LoadingScreen())
        self.open_project()
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self.set_interval(1.0, self._watch_terminal)

    def _watch_terminal(self) -> None:
        """Leave when the terminal is gone (every action is already saved in the project).

        A terminal that closes without sending SIGHUP (a pty whose other end was closed by a
        killed parent) leaves stdin readable at end of file for ever: Textual's input thread
        would spin on it at full CPU. Asked once a second, a poll costs a few microseconds.
        """
        if sys.__stdin__ is not None and terminal_hung_up(sys.__stdin__.fileno()):
            self.exit(return_code=HUNG_UP)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_project(self) -> None:
        """Open (or create and check) the project, away from the event loop."""

        def progress(done: int, total: int) -> None:
            self.post_message(OpenProgressed(done, total))

        service = self.opener(progress)
        self.post_message(ProjectOpened(service))
        # Let the review screen paint first: loading jieba's dictionary (about a second) holds
        # the GIL for long stretches and would otherwise delay the first frame until it is done.
        self._shown.wait(timeout=5)
        service.warm_up()
        self.post_message(CheckerReady())

    def on_open_progressed(self, message: OpenProgressed) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.progress(message.done, message.total)

    def on_project_opened(self, message: ProjectOpened) -> None:
        self.service = message.service
        self.switch_screen(MainScreen(message.service))
        self.call_after_refresh(self._shown.set)

    def on_checker_ready(self, message: CheckerReady) -> None:
        # The project, glossary and jieba's dictionary live as long as the review: left to the
        # collector, each full pass walks them all (170-190 ms at 100k segments, a stall every
        # 10 or so filter changes). Frozen, a pass walks only newer objects; and it runs when
        # the reviewer is not typing (35-55 ms at 100k: it made the slowest key presses).
        gc.freeze()
        self._collections.start()
        self._cpu = time.process_time()
        self.set_interval(IDLE_TEST, self._collect_when_idle)
        self.checker_ready = True

    def _collect_when_idle(self) -> None:
        """Run a due full collection when the last interval used little CPU (no key, no work)."""
        cpu = time.process_time()
        idle = cpu - self._cpu < IDLE_TEST * IDLE_SHARE
        self._collections.tick(idle)
        self._cpu = time.process_time()

    def on_glossary_changed(self, message: GlossaryChanged) -> None:
        """Pass a glossary change on to every screen: each refreshes what it shows."""
        for screen in self.screen_stack:
            screen.post_message(GlossaryChanged(message.change))

    @on(Worker.StateChanged)
    def _own_worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report_failure(event.worker)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        self.report_failure(message.worker)

    def report_failure(self, worker: Worker[Any]) -> None:
        """One place for worker failures: opening ends the app, others notify (one line)."""
        error = worker.error
        text = (
            str(error) if isinstance(error, MtreviewError) else f"{type(error).__name__}: {error}"
        )
        if worker.group == "open":
            self.error = text
            self.exit(return_code=2)
        else:
            self.notify(clean(text), severity="error", timeout=8, markup=False)

    def on_unmount(self) -> None:
        self._collections.stop()
        if self.service is not None:
            self.service.close()
