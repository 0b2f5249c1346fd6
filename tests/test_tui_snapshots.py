"""SVG snapshots of the review screens on the demo (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import app_for, ready

SIZE = (120, 36)


def test_main_screen(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


def test_main_screen_on_three_zones_four_belts(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        screen = await ready(pilot)
        screen.goto(screen.service.pos_of["p028"])
        await pilot.pause()

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


def test_main_screen_after_fix(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        screen = await ready(pilot)
        screen.goto(screen.service.pos_of["p028"])
        await pilot.press("f")

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


def test_filter_screen(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("l")

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


def test_glossary_screen(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("t", "down", "down")

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


def test_term_form(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("t", "down", "down", "e")
        await pilot.pause()

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


def test_concordance_screen(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("o", *"carbon", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_for(demo_copy), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_by_width(snap_compare, demo_copy: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        screen = await ready(pilot)
        screen.goto(screen.service.pos_of["p028"])
        await pilot.pause()

    assert snap_compare(app_for(demo_copy), terminal_size=size, run_before=run_before)


def test_main_screen_list_folded_at_80(snap_compare, demo_copy: Path) -> None:
    async def run_before(pilot) -> None:
        screen = await ready(pilot)
        screen.goto(screen.service.pos_of["p028"])
        await pilot.press("L")

    assert snap_compare(app_for(demo_copy), terminal_size=(80, 24), run_before=run_before)
