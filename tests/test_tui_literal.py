from __future__ import annotations

from pathlib import Path

import pytest
from review_helpers import GLOSSARY, small_project
from tui_helpers import app_for, ready

from mtreview.tui.widgets.segment_list import SegmentList
from mtreview.tui.widgets.segment_view import SegmentView
from mtreview.tui.widgets.text import clean, editable, restored, typed

TRICKY = [
    ("m1", "[bold]测试[/]三区四带", "[bold]x[/] and three zones and four zones [link=x]y[/link]"),
    ("m2", "颜色\x1b[31m红", "colour \x1b[31mred\x1b[0m and \x07bell"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\x1b[31mb", "a␛[31mb"), ("tab\there", "tab here"), ("\x00\x7f\x9b", "␀␡\ufffd")],
)
def test_clean_keeps_length_and_shows_controls(text: str, expected: str) -> None:
    assert clean(text) == expected
    assert len(clean(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "shown", "after_edit"),
    [
        ("a\tb\nc \x1b[31m", "a\tb\nc ␛[31m", "a\tb\nc \x1b[31m!"),
        ("x\r\ny", "x␍\ny", "x\r\ny!"),
        # A picture the text held literally cannot be told from its control once edited.
        ("bell\x07 ␇", "bell␇ ␇", "bell\x07 \x07!"),
        # Two C1 controls share one stand-in: not put back.
        ("\x9b\x85", "\ufffd\ufffd", "\ufffd\ufffd!"),
    ],
)
def test_edit_box_text_round_trips(text: str, shown: str, after_edit: str) -> None:
    assert editable(text) == shown
    assert restored(shown, text) == text  # unchanged: exactly the original
    assert restored(shown + "!", text) == after_edit


@pytest.mark.parametrize(
    ("value", "original", "result"),
    [
        ("a␛b", "a\x1bb", "a\x1bb"),  # untouched: the original
        ("a␛bc", "a\x1bb", "a␛bc"),  # edited: as typed
        ("plain", "plain", "plain"),
    ],
)
def test_one_line_boxes_give_back_untouched_text(value: str, original: str, result: str) -> None:
    assert typed(value, original) == result


async def test_markup_and_escapes_are_displayed_literally(tmp_path: Path) -> None:
    path = small_project(tmp_path / "m.mtreview", TRICKY, GLOSSARY)
    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        screen.goto(0)
        await pilot.pause()
        view = screen.query_one(SegmentView)
        shown = "\n".join(line.text for line in view.lines)
        assert "[bold]x[/]" in shown and "[link=x]y[/link]" in shown
        assert "[bold]测试[/]" in shown
        markup = [seg for line in view.lines for seg in line if "[bold]" in seg.text]
        assert markup and not any(seg.style and seg.style.bold for seg in markup)
        screen.goto(1)
        await pilot.pause()
        shown = "\n".join(line.text for line in view.lines)
        assert "␛[31mred␛[0m" in shown and "\x1b" not in shown and "␇bell" in shown
        assert "\x1b" not in screen.query_one(SegmentList).render_line(1).text
        line = screen.query_one(SegmentList).render_line(0)  # m1, not under the cursor
        assert "[bold]x[/]" in line.text
        assert not any(seg.style and seg.style.bold for seg in line)
        svg = app.export_screenshot()
        assert "[bold]x[/]" in svg.replace("&#160;", " ")
