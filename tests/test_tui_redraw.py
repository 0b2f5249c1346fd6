"""Redrawn without a layout: what the header and the segment view show still follows each step."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import ProgressBar
from tui_helpers import app_for, ready, screen_lines

from mtreview.review import Filter, ReviewService
from mtreview.tui.app import ReviewApp
from mtreview.tui.screens import loading
from mtreview.tui.widgets.header import _Title
from mtreview.tui.widgets.segment_list import SegmentList
from mtreview.tui.widgets.segment_view import SegmentView


def screen_updates(app: ReviewApp) -> list[object]:
    """The screen updates the app sends to the terminal from now on (a list that grows)."""
    updates: list[object] = []
    real = app._display

    def display(screen: object, renderable: object) -> None:
        if renderable is not None:
            updates.append(renderable)
        real(screen, renderable)  # type: ignore[arg-type]

    app._display = display  # type: ignore[method-assign]
    return updates


async def test_the_header_line_follows_the_filter_and_progress(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await ready(pilot)
        assert "0/161 confirmed" in screen_lines(app)[0]
        assert screen_lines(app)[0].rstrip().endswith("list: all")
        screen.set_filter(Filter("issues"))
        await pilot.pause()
        assert screen_lines(app)[0].rstrip().endswith(f"list: {Filter('issues').label}")
        await pilot.press("c")
        await pilot.pause()
        assert "1/161 confirmed" in screen_lines(app)[0]


async def test_an_action_changing_the_progress_is_one_screen_update(demo_copy: Path) -> None:
    """The header's new progress line lands in the frame of the key (not a second one after)."""
    app = app_for(demo_copy)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()
        updates = screen_updates(app)
        title = app.screen.query_one(_Title)
        repaints: list[object] = []
        refresh = title.refresh

        def counted(*args: Any, **kwargs: Any) -> Any:
            repaints.append(args)
            return refresh(*args, **kwargs)

        title.refresh = counted  # type: ignore[method-assign]
        for key, confirmed in (("c", "1/161 confirmed"), ("u", "0/161 confirmed")):
            updates.clear()
            repaints.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert confirmed in screen_lines(app)[0]
            assert len(updates) == 1, key
            # Textual's own watchers set the same title after ours: it is not painted again.
            assert len(repaints) == 1, key


async def test_each_step_shows_its_segment_from_the_top(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=(80, 16)) as pilot:  # short: a long segment scrolls
        screen = await ready(pilot)
        view = screen.query_one(SegmentView)
        for _ in range(4):
            await pilot.press("j")
            await pilot.pause()
            title = screen_lines(app)[1][view.region.x :]
            assert screen.state.id in title, (screen.state.id, title)
            assert view.virtual_size.height == len(view.lines)
            view.scroll_to(y=3, animate=False, immediate=True)  # the reviewer scrolled down
            await pilot.pause()


async def test_a_filter_change_brings_no_sideways_scroll_bar(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        segments = screen.query_one(SegmentList)
        height = segments.scrollable_content_region.height
        for flt in (Filter("issues"), Filter(), Filter("issues"), Filter()):
            screen.set_filter(flt)
            await pilot.pause()
            assert not segments.show_horizontal_scrollbar, flt
            assert segments.scrollable_content_region.height == height, flt


@pytest.mark.parametrize("size", [(80, 24), (120, 12)])
async def test_the_list_scroll_bar_follows_every_scroll(
    demo_copy: Path, size: tuple[int, int]
) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        segments = screen.query_one(SegmentList)
        bar = segments.vertical_scrollbar
        column = segments.region.right - 2

        def drawn() -> list[str]:
            lines = screen_lines(app)[segments.region.y : segments.region.bottom]
            return [line[column:] for line in lines]

        seen = set()
        for y in [1, 2, 3, 10, 11, 40, 41, 80, 79, 160, 0, 5, 6]:
            segments.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            shown = drawn()
            bar.refresh()  # drawn afresh from its position: what it should show
            await pilot.pause()
            assert drawn() == shown, y
            seen.add(tuple(shown))
        assert len(seen) > 3  # the thumb did move


async def test_a_group_larger_than_the_list_repaints_only_its_lines_on_screen(
    tmp_path: Path,
) -> None:
    """Another session splits a group of 80 copies: the list's lines follow, no whole repaint."""
    from review_helpers import small_project
    from test_review_regroup import GLOSSARY, SOURCE, WRONG

    from mtreview.review import ReviewService

    segments = [(f"s{n:02d}", SOURCE, WRONG) for n in range(80)]
    path = small_project(tmp_path / "p.mtreview", segments, GLOSSARY)
    app = app_for(path)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        segments_list = screen.query_one(SegmentList)
        lines = segments_list.region
        other = ReviewService.open(path, "bo")
        try:
            fix = next(i for i in other.state(79).issues if i.fix)
            other.apply_fix(79, fix.fingerprint)  # s00-s78 now inconsistent
        finally:
            other.close()
        repaints: list[object] = []
        real = segments_list.refresh

        def refresh(*regions: object, **kwargs: object) -> object:
            repaints.append(regions)
            return real(*regions, **kwargs)  # type: ignore[arg-type]

        segments_list.refresh = refresh  # type: ignore[method-assign]
        screen.poll_changes()
        await pilot.pause()
        assert repaints and all(regions for regions in repaints)  # lines, never all of it
        assert len(repaints) <= lines.height + 1  # and the current segment's, shown again
        rows = [row[lines.x : lines.right] for row in screen_lines(app)[lines.y : lines.bottom]]
        assert len(rows) > 20 and all(row[1:7] == f"s{n:02d}  2" for n, row in enumerate(rows))


async def test_the_loading_screen_stays_still_while_a_short_open_runs(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is drawn while the project opens (an animation beside it slowed re-opening 100k
    segments by 0.15-0.25 s), until it takes long or reports progress: then a bar shows."""
    monkeypatch.setattr(loading, "STILL_FOR", 1.5)
    go, finish, progressed = threading.Event(), threading.Event(), threading.Event()

    def opener(progress: Callable[[int, int], None]) -> ReviewService:
        go.wait(10)
        progress(1, 4)  # as a check does
        progressed.set()
        finish.wait(10)
        return ReviewService.open(demo_copy, "tester", progress)

    app = ReviewApp(opener, title="t")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, loading.LoadingScreen)
        updates = screen_updates(app)
        await pilot.pause(0.4)
        assert updates == []  # still: no bar, no spinner
        assert not screen.query(ProgressBar)
        await pilot.pause(1.2)  # longer than STILL_FOR: the bar shows that opening goes on
        assert screen.query(ProgressBar) and updates
        go.set()
        assert progressed.wait(5)
        await pilot.pause(0.1)
        assert screen.query_one(ProgressBar).total == 4
        finish.set()
        await ready(pilot)
