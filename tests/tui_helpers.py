"""Helpers for driving the review TUI in tests."""

from __future__ import annotations

import io
from pathlib import Path

from rich.cells import cell_len as cell_width
from rich.console import Console
from textual.app import App
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Static

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


def screen_lines(app: App[object]) -> list[str]:
    """The characters the current screen shows, one string a line (what a terminal would show)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def footer_line(pilot: Pilot[object]) -> str:
    """The screen's last line (its footer) once drawn: a new screen may take a few frames."""
    for _ in range(200):
        line = screen_lines(pilot.app)[-1]
        if line.strip():
            return line
        await pilot.pause(0.01)
    raise AssertionError("the footer was never drawn")


def find_text(app: App[object], needle: str) -> tuple[int, int] | None:
    """Screen (x, y) of the first cell showing ``needle``, or None."""
    for y, line in enumerate(screen_lines(app)):
        x = line.find(needle)
        if x >= 0:
            return cell_width(line[:x]), y
    return None


def help_lines(app: App[object]) -> list[str]:
    """The help screen's table of keys as text, one line a binding (the whole table, unscrolled)."""
    from mtreview.tui.screens.help import HelpScreen

    assert isinstance(app.screen, HelpScreen)
    console = Console(width=100, record=True, file=io.StringIO())
    for static in app.screen.query(Static):
        console.print(static.content)
    return console.export_text().splitlines()


def key_of(binding: Binding) -> str:
    """How a binding's key is shown (footer, help, palette)."""
    return binding.key_display or binding.key.split(",")[0]


def assert_help_lists(app: App[object], bindings: list[Binding]) -> None:
    """Every binding has a line of the help screen: its key, its description and its id."""
    lines = help_lines(app)
    for binding in bindings:
        words = [key_of(binding), binding.tooltip or binding.description, binding.id or ""]
        assert any(
            line.split()[:1] == [words[0]] and words[1] in line and line.rstrip().endswith(words[2])
            for line in lines
            if line.strip()
        ), (binding, lines)
