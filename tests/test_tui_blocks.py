"""The segment view's Line-API widget draws what a column of ``Static`` widgets drew.

Each case is drawn twice in one app, at the same width: by :class:`BlockView` and by the
``Static`` widgets it replaced (same padding, background and margins). Every cell (character
and style) must match, so a dropped highlight, a mis-wrapped CJK line or a long word cut
differently fails here; explicit checks name what each case is about.
"""

from __future__ import annotations

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from mtreview.review import InlineCode
from mtreview.tui.widgets.blocks import Block, BlockView
from mtreview.tui.widgets.text import BAD_STYLE, OK_STYLE, highlighted, plain

CODES = (
    InlineCode("\ue000", "open", "1", '<g id="1">', "<1>"),
    InlineCode("\ue001", "close", "1", "</g>", "</1>"),
)
WIDTH = 30  # each column, padding included
CSS = """
Horizontal > * { width: 30; height: 1fr; padding: 0 1; }
.box { margin-bottom: 1; padding: 0 1; background: $boost; }
.heading { text-style: bold; color: $accent; }
.gap { margin-bottom: 1; }
"""

CASES: list[tuple[str, Text, str]] = [
    # (name, text, a line of text the case must show, whole, in the view)
    ("CJK wraps by cell width", Text("生态文明建设和绿色发展" * 4), "生态文明建设和绿色发展生态"),
    ("long word folds", Text("x" * 60 + " tail"), "x" * 26),
    ("wide and narrow mixed", Text("A中B文" * 12), "A中B文A中B文A中B文A中B文A中B"),
    (
        "inline codes as tokens",
        plain("see \ue000bold\ue001 text", "", CODES),
        "see <1>bold</1> text",
    ),
    ("controls shown", plain("red \x1b[31m bell \x07 tab\tend"), "red ␛[31m bell ␇ tab end"),
    ("markup is text", plain("[bold]not bold[/] [link=x]y[/]"), "[bold]not bold[/]"),
    ("line breaks kept", Text("one\ntwo\n\nfour"), "two"),
    (
        "terms and the current issue",
        highlighted(
            "the carbon peak and green growth",
            [(4, 15, OK_STYLE, 1), (20, 25, BAD_STYLE, 2)],
            current=(26, 32),
        ),
        "the carbon peak¹ and green²",
    ),
]


def blocks_of(text: Text) -> list[Block]:
    """The case's text in each kind of block the segment view uses."""
    return [
        Block(Text("title"), margin=1),
        Block(text, "box", pad=1, margin=1),
        Block(Text("Heading"), "heading"),
        Block(text, margin=1),
        Block(Text("end")),
    ]


class Columns(App[None]):
    CSS = CSS

    def __init__(self, text: Text) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Horizontal():
            with VerticalScroll():
                yield Static(Text("title"), classes="gap")
                yield Static(self.text, classes="box")
                yield Static(Text("Heading"), classes="heading")
                yield Static(self.text, classes="gap")
                yield Static(Text("end"))
            yield BlockView()

    def on_mount(self) -> None:
        self.query_one(BlockView).set_blocks(blocks_of(self.text))


def cells(app: App[object], x0: int, x1: int) -> list[list[tuple[str, Style]]]:
    """Screen cells in columns x0..x1: character and style (offsets for selection left out)."""
    out = []
    for strip in app.screen._compositor.render_strips():
        row: list[tuple[str, Style]] = []
        for segment in strip.crop(x0, x1):
            bare = (segment.style or Style()).clear_meta_and_links()
            row.extend((ch, bare) for ch in segment.text)
        out.append(row)
    return out


@pytest.mark.parametrize(("name", "text", "line"), CASES, ids=[c[0] for c in CASES])
async def test_the_view_draws_what_statics_drew(name: str, text: Text, line: str) -> None:
    app = Columns(text)
    async with app.run_test(size=(2 * WIDTH, 50)) as pilot:
        await pilot.pause()
        view = app.query_one(BlockView)
        drawn = [strip.text.strip() for strip in view.lines]
        assert line in drawn, (name, drawn)
        assert all(strip.cell_length == WIDTH - 2 for strip in view.lines), name
        assert "\x1b" not in "".join(drawn) and "\x07" not in "".join(drawn)
        assert cells(app, WIDTH, 2 * WIDTH) == cells(app, 0, WIDTH), name


async def test_highlights_keep_their_styles() -> None:
    text = highlighted("the carbon peak and green growth", [(20, 25, BAD_STYLE, 2)], (4, 10))
    app = Columns(text)
    async with app.run_test(size=(2 * WIDTH, 50)) as pilot:
        await pilot.pause()
        line = app.query_one(BlockView).lines[2]  # the box's first line
        chars = [(ch, seg.style or Style()) for seg in line for ch in seg.text]
        shown = "".join(ch for ch, _ in chars)

        def style_of(word: str) -> Style:
            return chars[shown.index(word)][1]

        assert style_of("green").bold and style_of("green").bgcolor != style_of("and").bgcolor
        assert style_of("²").bold and not style_of("²").underline
        assert style_of("carbon").reverse
        assert not style_of("and").bold and not style_of("and").reverse


async def test_a_selection_spans_blocks_and_gives_their_text() -> None:
    app = Columns(Text("生态文明建设和绿色发展" * 4))
    async with app.run_test(size=(2 * WIDTH, 50)) as pilot:
        await pilot.pause()
        view = app.query_one(BlockView)
        # Every drawn character carries its offset into the view's text: wrapped lines too.
        lines = view.text.splitlines()
        for strip in view.lines:
            for segment in strip:
                offset = segment.style.meta.get("offset") if segment.style else None
                if offset is not None and segment.text.strip():
                    x, y = offset
                    assert lines[y][x : x + len(segment.text)] == segment.text
        from textual.geometry import Offset
        from textual.selection import Selection

        chosen = view.get_selection(Selection(Offset(2, 1), Offset(6, 1)))
        assert chosen == ("文明建设", "\n")


@pytest.mark.parametrize("current", [(4, 10), (11, 15), None])
async def test_a_redraw_shows_the_new_highlight_not_a_kept_one(current) -> None:
    text = "the carbon peak and green growth"
    app = Columns(highlighted(text, [], (20, 25)))
    async with app.run_test(size=(2 * WIDTH, 50)) as pilot:
        await pilot.pause()
        view = app.query_one(BlockView)
        view.set_blocks(blocks_of(highlighted(text, [], current)))  # same text, spans moved
        await pilot.pause()
        expected = "" if current is None else text[slice(*current)]
        line = view.lines[2]
        drawn = "".join(ch for seg in line for ch in seg.text if seg.style and seg.style.reverse)
        on_screen = "".join(ch for ch, style in cells(app, WIDTH, 2 * WIDTH)[2] if style.reverse)
        assert drawn == on_screen == expected
