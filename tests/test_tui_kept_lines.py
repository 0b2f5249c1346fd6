"""A key finishes only the lines it changed: rows scrolled, re-listed or shown again are kept.

Each fast path is checked against the rule it stands for: the lines the kept-lines cache gives
are those Textual's own styles cache draws afresh, and a scroll bar left unpainted looks as a
freshly drawn one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from tui_helpers import app_for, ready, screen_lines

from mtreview.review import Filter
from mtreview.tui.screens.main import MainScreen
from mtreview.tui.widgets.kept_lines import KeptLines
from mtreview.tui.widgets.segment_list import SegmentList
from mtreview.tui.widgets.segment_view import SegmentView


def fresh(widget: SegmentList | SegmentView) -> list[Strip]:
    """``widget``'s lines drawn from nothing: its rows or blocks drawn anew, finished by
    Textual's own styles cache."""
    kept = (widget._styles_cache, widget._drawn)
    view = widget if isinstance(widget, SegmentView) else None
    lines = (view._lines, view._lines_key) if view else ([], None)
    widget._styles_cache, widget._drawn = StylesCache(), {}
    if view:
        view._lines_key = None  # wrapped again
    try:
        return widget.render_lines(Region(0, 0, *widget.region.size))
    finally:
        widget._styles_cache, widget._drawn = kept
        if view:
            view._lines, view._lines_key = lines


def shown(widget: Widget) -> list[Strip]:
    """``widget``'s lines as the screen draws them now (kept lines where it keeps them)."""
    return widget.render_lines(Region(0, 0, *widget.region.size))


def assert_as_drawn_afresh(screen: MainScreen) -> None:
    for widget in (screen.query_one(SegmentList), screen.query_one(SegmentView)):
        assert isinstance(widget._styles_cache, KeptLines)
        assert shown(widget) == fresh(widget), type(widget).__name__


@contextmanager
def finishing() -> Iterator[list[str]]:
    """The widgets whose lines Textual's styles cache finishes meanwhile, one name a line."""
    finished: list[str] = []
    real = StylesCache.render_line

    def counted(self: StylesCache, styles: Any, *args: Any) -> Strip:
        finished.append(styles.node.__class__.__name__)
        return real(self, styles, *args)

    StylesCache.render_line = counted  # type: ignore[method-assign]
    try:
        yield finished
    finally:
        StylesCache.render_line = real  # type: ignore[method-assign]


async def test_kept_lines_are_the_lines_drawn_afresh(demo_copy: Path) -> None:
    """Steps, pages, scrolls, filters, a confirmed row, a new theme: each line as if new."""
    app = app_for(demo_copy)
    async with app.run_test(size=(100, 20)) as pilot:  # short: the list and the view scroll
        screen = await ready(pilot)
        view = screen.query_one(SegmentView)
        steps: list[Any] = [
            *"jjjjj",
            "pagedown",
            *"jjj",
            "c",  # a row's status changes: its line is drawn again, not kept
            *"kkk",
            "pagedown",
            "pageup",
            *"nnnn",
            Filter("issues"),
            *"jj",
            Filter(),
            "scroll",
            *"kk",
            "border",  # the list's border in another colour, its rows the same
            "theme",  # other colours: nothing kept is given back
            *"jj",
            "tint",  # styles that change a line's own cells: finished Textual's way
            *"jk",
            "plain",
            *"jj",
            "opacity",  # the whole widget faded: finished Textual's way too
            *"jk",
            "plain",
            *"jj",
            Filter("issues"),
        ]
        for step in steps:
            if isinstance(step, Filter):
                screen.set_filter(step)
            elif step == "scroll":
                view.scroll_to(y=3, animate=False, immediate=True)
            elif step == "border":
                screen.query_one(SegmentList).styles.border_right = ("solid", "red")
            elif step == "tint":
                screen.query_one(SegmentList).styles.tint = "red 30%"
                view.styles.text_opacity = 0.5
                view.styles.outline_left = ("solid", "green")
            elif step == "opacity":
                screen.query_one(SegmentList).styles.opacity = 0.5
                view.styles.opacity = 0.5
            elif step == "plain":
                screen.query_one(SegmentList).styles.opacity = 1.0
                view.styles.opacity = 1.0
                screen.query_one(SegmentList).styles.tint = "red 0%"
                view.styles.text_opacity = 1.0
                view.styles.outline_left = ("none", "green")
            elif step == "theme":
                app.theme = "textual-light"
            else:
                await pilot.press(step)
            await pilot.pause()
            assert_as_drawn_afresh(screen)
        assert app.theme == "textual-light"


async def test_a_list_scrolled_one_line_finishes_only_the_new_line(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await ready(pilot)
        segments = screen.query_one(SegmentList)
        await pilot.press("pagedown")  # the cursor on the last line shown
        await pilot.pause()
        for _ in range(3):
            top = segments.scroll_offset.y
            with finishing() as finished:
                await pilot.press("j")  # the list scrolls a line
                await pilot.pause()
            assert segments.scroll_offset.y == top + 1
            # The new bottom line and the line the cursor left: not the 17 others.
            assert finished.count("SegmentList") <= 2, finished
        with finishing() as finished:
            screen.set_filter(Filter("issues"))
            await pilot.pause()
            screen.set_filter(Filter())  # every row shown a moment ago
            await pilot.pause()
        assert finished.count("SegmentList") <= segments.size.height + 1  # the first filter only


async def test_a_list_row_is_drawn_once_while_it_shows_the_same(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await ready(pilot)
        segments = screen.query_one(SegmentList)
        drawn: list[Any] = []
        real = segments._draw

        def counted(*args: Any) -> Strip:
            drawn.append(args[0])
            return real(*args)

        segments._draw = counted  # type: ignore[method-assign]
        await pilot.press("pagedown")
        await pilot.pause()
        drawn.clear()
        await pilot.press("pageup", "pagedown")  # back a page and forth: each row seen before
        await pilot.pause()
        # At most the rows the cursor came to or left (a page has 17): no other row drawn again.
        assert len(drawn) <= 4 < segments.size.height, drawn
        assert_as_drawn_afresh(screen)


async def test_a_scroll_bar_that_looks_the_same_is_not_painted(demo_copy: Path) -> None:
    """A filter of one row fewer leaves the thumb where it was: the bar is not painted again;
    one of 30 rows draws another thumb, and the bar shows it."""
    app = app_for(demo_copy)
    async with app.run_test(size=(80, 12)) as pilot:  # the issues' list scrolls too
        screen = await ready(pilot)
        segments = screen.query_one(SegmentList)
        bar = segments.vertical_scrollbar
        await pilot.press("c")  # one segment confirmed: "to do" lists one fewer
        await pilot.pause()

        def drawn() -> list[str]:
            lines = screen_lines(app)[bar.region.y : bar.region.bottom]
            return [line[bar.region.x : bar.region.right] for line in lines]

        repaints: list[object] = []
        real = bar.refresh

        def counted(*args: Any, **kwargs: Any) -> Any:
            repaints.append(args)
            return real(*args, **kwargs)

        bar.refresh = counted  # type: ignore[method-assign]
        shapes = set()
        for flt, painted in ((Filter("todo"), False), (Filter("issues"), True), (Filter(), True)):
            before = segments.virtual_size.height
            repaints.clear()
            screen.set_filter(flt)
            await pilot.pause()
            assert segments.virtual_size.height != before, flt
            assert bar.display and segments.scroll_offset.y == 0, flt  # no layout, no scroll
            assert bool(repaints) == painted, flt
            now = drawn()
            real()  # drawn afresh from its sizes and position: what it should show
            await pilot.pause()
            assert drawn() == now, flt
            shapes.add(tuple(now))
        assert len(shapes) == 2  # the thumb did change with the 30-row list
