"""SVG snapshot of the scores screen on the demo (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import app_for, ready

from mtreview.tui.screens.scores import ScoresScreen

SIZE = (120, 36)


def test_scores_screen(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("f", "n", "n", "f")  # two fixes: p004 and p011
        await pilot.press("s")
        screen = pilot.app.screen
        assert isinstance(screen, ScoresScreen)
        for _ in range(1000):
            if screen.result is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause()

    # Nothing on the screen depends on the time: figures, cursor and list are fixed.
    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)
