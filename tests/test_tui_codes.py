"""Inline codes and locked segments in the review TUI.

Codes show as numbered tokens (``<1>…</1>``, ``<2/>``), styled apart and never read as markup;
term highlights and the current issue stay on the right characters; the edit box edits tokens
and refuses, staying open, a text whose codes would break; a locked segment is marked in the
list and every action on it is refused with one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from review_helpers import query_in_new_process
from textual.widgets import Label, TextArea
from tui_helpers import app_for, ready, screen_lines

from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.glossary.load import load_glossary
from mtreview.review import ReviewService
from mtreview.tui.screens.modals import EditScreen
from mtreview.tui.widgets.text import (
    BAD_STYLE,
    CURRENT_STYLE,
    TOKEN_STYLE,
    highlighted,
    plain,
)

SIZE = (120, 36)
CODES = (
    InlineCode("\ue000", "open", "1", '<g id="1">', "<1>"),
    InlineCode("\ue001", "close", "1", "</g>", "</1>"),
    InlineCode("\ue002", "standalone", "2", '<x id="2"/>', "<2/>"),
)
GLOSSARY = """\
source_lang: zh
target_lang: en
terms:
  - source: 碳票
    target: carbon ticket
    forbidden: [carbon stamp]
"""
SOURCE = "点击\ue000碳票\ue001按钮\ue002"
TARGET = "Click \ue000the carbon stamp\ue001 button\ue002"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    segments = (
        Segment("coded", SOURCE, TARGET, codes=CODES),
        Segment("locked", "碳票", "carbon stamp", locked=True),
    )
    path = tmp_path / "p.mtreview"
    corpus = Corpus(segments, "c.jsonl", "zh", "en", format="jsonl")
    ReviewService.create(path, corpus, load_glossary(tmp_path / "g.yaml"), "ana").close()
    return path


def _styled(text, style: str) -> list[str]:
    """The pieces of ``text`` in ``style`` (the superscript pair numbers left out)."""
    pieces = [text.plain[s.start : s.end] for s in text.spans if str(s.style) == style]
    return [p for p in pieces if p.strip("⁰¹²³⁴⁵⁶⁷⁸⁹")]


@pytest.mark.parametrize(
    ("raw", "spans", "current", "shown", "bad", "reversed_"),
    [
        # a term between codes, the current issue on it
        (
            TARGET,
            [(11, 23, BAD_STYLE, 1)],
            (11, 23),
            "Click <1>the carbon stamp¹</1> button<2/>",
            ["carbon stamp"],
            ["carbon stamp"],
        ),
        # a span that holds a code shows the whole token
        (
            TARGET,
            [(6, 10, BAD_STYLE, 1)],
            (23, 24),
            "Click <1>the¹ carbon stamp</1> button<2/>",
            ["<1>the"],
            ["</1>"],
        ),
        # literal text that reads like a token is escaped, offsets still right
        ("a <1> b \ue002 c", [(8, 9, BAD_STYLE, 2)], None, "a \\<1> b <2/>² c", ["<2/>"], []),
    ],
    ids=["between-codes", "holding-a-code", "literal-token"],
)
def test_highlights_follow_the_tokens(raw, spans, current, shown, bad, reversed_) -> None:
    text = highlighted(raw, spans, current, CODES)
    assert text.plain == shown
    assert _styled(text, BAD_STYLE) == bad
    assert _styled(text, CURRENT_STYLE) == reversed_
    tokens = _styled(text, TOKEN_STYLE)
    assert tokens == [t for t in ("<1>", "</1>", "<2/>") if t in shown.replace("\\<1>", "")]


def test_tokens_are_data_not_markup() -> None:
    text = plain("[bold]x[/bold] \ue002", codes=CODES)
    assert text.plain == "[bold]x[/bold] <2/>"
    assert _styled(text, TOKEN_STYLE) == ["<2/>"]


async def test_the_segment_shows_tokens_and_the_edit_box_round_trips(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.state.id == "coded"
        lines = "\n".join(screen_lines(app))
        assert "Click <1>the carbon stamp¹</1> button<2/>" in lines
        assert "\ue000" not in lines and "\ue002" not in lines
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        editor = app.screen.query_one(TextArea)
        assert editor.text == "Click <1>the carbon stamp</1> button<2/>"
        editor.text = "Click <2/>the <1>carbon ticket</1> button"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.state.target == "Click \ue002the \ue000carbon ticket\ue001 button"
    assert query_in_new_process(project, "SELECT kind, after FROM actions") == [
        ["edit", "Click \ue002the \ue000carbon ticket\ue001 button"]
    ]


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("Click the carbon ticket</1> button<2/>", "code <1> is missing"),
        ("Click <1>the <1>carbon ticket</1> button<2/>", "code <1> appears 2 times"),
        ("Click </1>the carbon ticket<1> button<2/>", "code </1> comes before its opening"),
    ],
    ids=["lost", "doubled", "reversed"],
)
async def test_a_save_that_breaks_codes_keeps_the_box_open(
    project: Path, typed: str, says: str
) -> None:
    app = app_for(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("e")
        app.screen.query_one(TextArea).text = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        error = str(app.screen.query_one("#edit-error", Label).content)
        assert error == f"segment coded: {says}" or error.startswith(f"segment coded: {says}")
        assert "\n" not in error
        assert app.screen.query_one(TextArea).text == typed  # nothing the reviewer typed is lost
        await pilot.press("escape")
        assert screen.state.target == TARGET
    assert query_in_new_process(project, "SELECT COUNT(*) FROM actions") == [[0]]


async def test_a_locked_segment_is_marked_and_every_action_refused(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await ready(pilot)
        await pilot.press("down")
        assert screen.state.id == "locked"
        assert any("locked" in line and "🔒" in line for line in screen_lines(app))
        for key in ("e", "c", "f", "i"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, EditScreen)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and all("is locked in the source file" in e for e in errors)
        assert screen.state.status == "todo"
    assert query_in_new_process(project, "SELECT COUNT(*) FROM actions") == [[0]]
