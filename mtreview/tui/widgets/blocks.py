"""A scrollable column of wrapped text blocks, drawn with Textual's Line API.

One widget instead of a container of ``Static`` widgets: new text is wrapped once and only
the lines that changed are repainted, with no layout of the screen (a ``Static`` update
lays out its container, and the whole screen when a height changes: most of a keystroke's
time). Wrapping is Textual's own (:class:`~textual.content.Content`, as a ``Static`` wraps:
CJK by cell width, long words folded) and every character carries its offset into the
view's text, so the reviewer can select text across blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style

from mtreview.tui.widgets.kept_lines import KeptLines
from mtreview.tui.widgets.virtual import set_virtual_size


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of text, wrapped to the view's width."""

    text: Text
    """Rich text (never markup: text from files stays data)."""
    part: str = ""
    """The component style it takes (``box``, ``heading``), or the view's own."""
    pad: int = 0
    """Blank cells left and right of the text, in the block's style."""
    margin: int = 0
    """Blank lines below the block, in the view's style."""


def _shifted(selection: Selection, lines: int) -> Selection:
    """``selection`` seen from a block that starts ``lines`` lines into the view's text."""
    up = Offset(0, lines)
    return Selection(
        None if selection.start is None else selection.start - up,
        None if selection.end is None else selection.end - up,
    )


class BlockView(ScrollView, can_focus=False):
    """Shows :class:`Block` s one under another, scrolling when they are taller than the view."""

    COMPONENT_CLASSES = {"blocks--box", "blocks--heading"}
    DEFAULT_CSS = """
    BlockView { overflow-x: hidden; }
    BlockView > .blocks--box { background: $boost; }
    BlockView > .blocks--heading { color: $accent; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._blocks: tuple[Block, ...] = ()
        self._lines: list[Strip] = []
        self._lines_key: object = None
        self._drawn: dict[object, list[Strip]] = {}  # a block's lines, by its text and place
        self._drawn_context: object = None
        self._frame: tuple[list[Strip], int, int] | None = None  # one drawing's lines, top, width
        self._styles_cache = KeptLines()  # a line scrolled to another row is not finished again

    @property
    def text(self) -> str:
        """The blocks' plain text, a line break between blocks (what a selection indexes)."""
        return "\n".join(block.text.plain for block in self._blocks)

    @property
    def lines(self) -> list[Strip]:
        """Every line of the blocks as drawn at the view's width (not just those on screen)."""
        key = self._key(self.scrollable_content_region.width)
        if key != self._lines_key:
            self._lines = self.wrap(key[0])
            self._lines_key = key
        return self._lines

    def _key(self, width: int) -> tuple[int, object, object]:
        return (width, self.text_selection, self.app.theme)

    def set_blocks(self, blocks: Iterable[Block], *, home: bool = False) -> None:
        """Show ``blocks``; ``home`` scrolls back to the top. Only changed lines are repainted."""
        self._blocks = tuple(blocks)
        self._lines_key = None
        if home and self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)
        if not self.is_mounted or not self.size:
            return
        bar = self.styles.scrollbar_size_vertical
        width, height = self.scrollable_content_region.size
        if self.show_vertical_scrollbar:
            width += bar  # the width with no scroll bar
        lines = self.wrap(width)
        scrolls = len(lines) > height
        if scrolls:
            width -= bar
            lines = self.wrap(width)
        before, top = self._lines, round(self.scroll_offset.y)
        self._lines, self._lines_key = lines, self._key(width)
        if not set_virtual_size(self, Size(width, len(lines))) or top != self.scroll_offset.y:
            self.refresh()  # laid out again (a scroll bar came or went) or scrolled
            return
        # Repaint only the lines on screen that differ, in runs.
        changed = [
            y - top
            for y in range(top, top + height)
            if (lines[y] if y < len(lines) else None) != (before[y] if y < len(before) else None)
        ]
        runs = [(y, 1) for y in changed]
        for i in range(len(runs) - 1, 0, -1):
            if runs[i - 1][0] + runs[i - 1][1] == runs[i][0]:
                runs[i - 1] = (runs[i - 1][0], runs[i - 1][1] + runs[i][1])
                del runs[i]
        if runs:
            self.refresh(*(Region(0, y, self.size.width, n) for y, n in runs))

    def wrap(self, width: int) -> list[Strip]:
        """The blocks' lines at ``width`` cells (a block drawn before is not drawn again)."""
        selection = self.text_selection
        base = self.visual_style
        context = (selection, base, self.app.theme)
        if context != self._drawn_context or len(self._drawn) > 64:
            self._drawn, self._drawn_context = {}, context
        styles = {"": base}
        out: list[Strip] = []
        row = 0  # the line of the view's text a block starts on
        for block in self._blocks:
            text = block.text
            key = (block.part, block.pad, block.margin, width, row, text.plain, *text.spans)
            key += (str(text.style),)
            lines = self._drawn.get(key)
            if lines is None:
                style = styles.get(block.part)
                if style is None:
                    style = styles[block.part] = self._part_style(base, block.part)
                lines = self._drawn[key] = self._draw_block(block, style, width, row)
            out.extend(lines)
            row += text.plain.count("\n") + 1
        return out

    def _draw_block(self, block: Block, style: Style, width: int, row: int) -> list[Strip]:
        """``block``'s lines, its first line being line ``row`` of the view's text."""
        selection = self.text_selection
        selection_style = None
        if selection is not None:
            selection_style = Style.from_styles(
                self.screen.get_component_styles("screen--selection")
            )
        rich = Style(background=style.background).rich_style  # blank cells: no colour
        side = Segment(" " * block.pad, rich)
        content = Content.from_rich_text(block.text, console=self.app.console)
        formatted = content._wrap_and_format(
            max(1, width - 2 * block.pad),
            selection=None if selection is None else _shifted(selection, row),
            selection_style=selection_style,
            get_style=self._get_style,
        )
        out = []
        for line in formatted:
            line.y += row  # offsets into the view's text, for selection
            segments, _ = line.to_strip(style)
            if block.pad:
                segments = [side, *segments]
            strip = Strip(segments).extend_cell_length(width - block.pad, rich)
            out.append(Strip.join([strip, Strip([side], block.pad)]) if block.pad else strip)
        blank = Strip.blank(width, Style(background=self.visual_style.background).rich_style)
        return out + [blank] * block.margin

    def _part_style(self, base: Style, part: str) -> Style:
        """``base`` with the rules a part's component class sets (a ``Static`` takes them so)."""
        styles = self.get_component_styles(f"blocks--{part}")
        has, text = styles.has_rule, styles.text_style
        return base + Style(
            background=styles.background if has("background") else None,
            foreground=styles.color if has("color") else None,
            bold=text.bold,
            dim=text.dim,
            italic=text.italic,
            underline=text.underline,
            reverse=text.reverse,
            strike=text.strike,
        )

    def _frame_now(self) -> tuple[list[Strip], int, int]:
        """The lines, the top line shown and the width, as they are now."""
        return self.lines, round(self.scroll_offset.y), self.scrollable_content_region.width

    def render_lines(self, crop: Region) -> list[Strip]:
        # The lines, top line and width are the same for every line of one drawing: asked once.
        self._frame = self._frame_now()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        lines, top, width = self._frame or self._frame_now()
        index = top + y
        if index < len(lines):
            return lines[index]
        background = Style(background=self.visual_style.background).rich_style
        return Strip.blank(width, background)

    def on_resize(self, event: events.Resize) -> None:
        self.set_blocks(self._blocks)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self.text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
