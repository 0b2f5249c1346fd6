"""Any terminal: the review screen, glossary and scores laid out by width; counts as English."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import app_for, footer_line, ready

from mtreview.plural import counted
from mtreview.tui.widgets.fit_table import FitTable, fit_widths
from mtreview.tui.widgets.segment_list import SegmentList
from mtreview.tui.widgets.segment_view import SegmentView
from mtreview.tui.widgets.text import whitespace_fix

ESSENTIAL = [
    "n p Issue",
    "f Fix",
    "e Edit",
    "i Ignore",
    "c Confirm",
    "u r Undo/redo",
    "? Help",
    "q Quit",
]


@pytest.mark.parametrize(("width", "height"), [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_the_footer_keeps_the_essential_keys(demo_copy: Path, width, height) -> None:
    async with app_for(demo_copy).run_test(size=(width, height)) as pilot:
        await ready(pilot)
        footer = await footer_line(pilot)
        for entry in ESSENTIAL:
            assert f" {entry} " in f"{footer} ", (entry, footer)


@pytest.mark.parametrize(("width", "list_width"), [(80, 26), (120, 46), (200, 60)])
async def test_the_list_narrows_and_folds_away(demo_copy: Path, width, list_width) -> None:
    async with app_for(demo_copy).run_test(size=(width, 30)) as pilot:
        screen = await ready(pilot)
        segments, view = screen.query_one(SegmentList), screen.query_one(SegmentView)
        assert segments.outer_size.width == list_width
        assert view.outer_size.width == width - list_width
        await pilot.press("L")
        await pilot.pause()
        assert not segments.display and view.outer_size.width == width
        await pilot.press("j")  # the keys still walk the segments
        assert screen.state.id == "p005"
        await pilot.press("L")
        await pilot.pause()
        assert segments.display and segments.outer_size.width == list_width


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_glossary_table_uses_the_width_it_has(demo_copy: Path, width: int) -> None:
    async with app_for(demo_copy).run_test(size=(width, 30)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        table = pilot.app.screen.query_one(FitTable)
        used = table.virtual_size.width
        assert width - 12 <= used <= width, (used, width)
        assert table.row_count == 39


@pytest.mark.parametrize("width", [60, 80, 120, 200, 400])
def test_fit_widths_fills_the_room(width: int) -> None:
    columns = [("Source", 12), ("Target", 26), ("Variants", 22), ("Status", 8)]
    widths = fit_widths(columns, width, (0, 1, 2))
    assert widths[3] == 8
    assert all(w >= min(n, 10) for w, (_, n) in zip(widths, columns, strict=True))
    total = sum(widths) + 2 * len(columns) + 2
    assert total <= max(width, 8 + 30 + 8 + 2 + 2), (widths, width)
    if width >= 80:
        assert total >= width - 3  # no empty band on the right


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (0, "open issue", "0 open issues"),
        (1, "open issue", "1 open issue"),
        (2, "open issue", "2 open issues"),
        (1, "segment", "1 segment"),
        (1234, "segment", "1,234 segments"),
        (2, "suggested fix", "2 suggested fixes"),
        (3, "entry", "3 entries"),
        (2, "day", "2 days"),
    ],
)
def test_counted(n: int, noun: str, expected: str) -> None:
    assert counted(n, noun) == expected


@pytest.mark.parametrize(
    ("found", "replacement", "expected"),
    [
        ("  ", " ", "replace 2 spaces with 1 space"),
        (" ", "", "remove 1 space"),
        ("\t", "", "remove 1 tab"),
        (" \t", "", "remove 2 whitespace characters"),
        ("", " ", "insert 1 space"),
        ("\u3000", " ", "replace 1 ideographic space with 1 space"),
        ("carbon stamp", "carbon ticket", None),
        (" x", "x", None),
    ],
)
def test_whitespace_fix_in_words(found: str, replacement: str, expected: str | None) -> None:
    assert whitespace_fix(found, replacement) == expected
