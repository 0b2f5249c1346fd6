"""Shown while the project opens (reading the corpus, loading jieba, the full check)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator, ProgressBar


class LoadingScreen(Screen[None]):
    """A progress bar over the opening worker."""

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label("Opening the review project…", id="loading-label")
            yield ProgressBar(id="loading-bar", show_eta=False)
            yield LoadingIndicator()

    def progress(self, done: int, total: int) -> None:
        """Advance the bar."""
        self.query_one(ProgressBar).update(total=total, progress=done)
