"""Shown while the project opens (reading the corpus, loading jieba, the full check)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, ProgressBar

STILL_FOR = 1.0
"""Seconds the screen stays still before a bar shows that opening goes on (unless progress is
reported sooner). Re-opening a 100,000-segment project takes less; an animation drawn beside it
held the GIL often enough to make it slower (a spinner: 0.88–1.0 s instead of 0.73–0.76 s)."""


class LoadingScreen(Screen[None]):
    """A still line while the project opens, then a progress bar over the opening worker."""

    def __init__(self) -> None:
        super().__init__()
        self._bar: ProgressBar | None = None

    def compose(self) -> ComposeResult:
        with Middle(), Center(id="loading-box"):
            yield Label("Opening the review project…", id="loading-label")

    def on_mount(self) -> None:
        self.set_timer(STILL_FOR, self.bar)

    def bar(self) -> ProgressBar:
        """The progress bar, shown from now on (moving to and fro until progress is known)."""
        if self._bar is None:
            self._bar = ProgressBar(id="loading-bar", show_eta=False)
            self.query_one("#loading-box").mount(self._bar)
        return self._bar

    def progress(self, done: int, total: int) -> None:
        """Advance the bar."""
        self.bar().update(total=total, progress=done)
