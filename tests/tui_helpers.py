"""Helpers for driving the review TUI in tests."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from mtreview.review import ReviewService
from mtreview.tui.app import ReviewApp
from mtreview.tui.screens.main import MainScreen


def app_for(path: Path, reviewer: str = "tester") -> ReviewApp:
    """The review app on an existing project."""
    return ReviewApp(lambda progress: ReviewService.open(path, reviewer, progress), title="test")


async def ready(pilot: Pilot) -> MainScreen:
    """Wait until the review screen shows and the checker is ready."""
    for _ in range(500):
        screen = pilot.app.screen
        if isinstance(screen, MainScreen) and screen.is_mounted and screen.ready:
            await pilot.pause()
            return screen
        await pilot.pause(0.01)
    raise AssertionError(f"review screen never came: {pilot.app.screen!r}")
