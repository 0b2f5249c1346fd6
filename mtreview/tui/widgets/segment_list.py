"""The segment list: one line per segment, rendering only the lines on screen.

A ``DataTable`` with a row per segment takes seconds to build for 100,000 segments; this
``ScrollView`` asks for the rows it draws, so its cost does not grow with the corpus.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mtreview.review import CONFIRMED, SegmentRow
from mtreview.tui.widgets.kept_lines import LIMIT, KeptLines
from mtreview.tui.widgets.text import clean
from mtreview.tui.widgets.virtual import move_thumb, set_virtual_size


class SegmentList(ScrollView, can_focus=False):
    """The (filtered) segments: status, open issues and the start of the target.

    ``positions`` (the segments shown) and ``current`` (the segment under the cursor) are
    reactive: the review screen binds them to its own.
    """

    COMPONENT_CLASSES = {
        "segment-list--cursor",
        "segment-list--issues",
        "segment-list--confirmed",
        "segment-list--todo",
    }
    DEFAULT_CSS = """
    SegmentList { width: 46; }
    SegmentList > .segment-list--cursor { background: $accent 40%; text-style: bold; }
    SegmentList > .segment-list--issues { color: $warning; }
    SegmentList > .segment-list--confirmed { color: $success; }
    SegmentList > .segment-list--todo { color: $foreground; }
    """

    class SegmentSelected(Message):
        """The reviewer clicked a segment."""

        def __init__(self, pos: int) -> None:
            super().__init__()
            self.pos = pos

    positions: var[list[int]] = var(list)
    """The segment positions shown, sorted (corpus order)."""
    current: var[int | None] = var(None)
    """The segment under the cursor, when the list shows it."""

    def __init__(
        self,
        row: Callable[[int], SegmentRow],
        id_width: int = 6,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._row = row
        self.id_width = min(max(id_width, 3), 12)
        self.cursor = 0
        self._styles: dict[tuple[str, bool], Style] = {}
        self._styles_key: object = None
        self._frame: tuple[int, int, dict[tuple[str, bool], Style]] | None = None
        # A row's line, by what it shows (the same strip object: finished once, see KeptLines).
        self._drawn: dict[tuple[SegmentRow, bool], Strip] = {}
        self._drawn_width = 0
        self._styles_cache = KeptLines()

    def watch_positions(self, positions: list[int]) -> None:
        index = None if self.current is None else self.index_of(self.current)
        self.cursor = index if index is not None else min(self.cursor, max(0, len(positions) - 1))
        # Lines are cut to the view's width: it never scrolls sideways (a virtual width wider
        # than the lines' brought a horizontal scroll bar over the last line).
        set_virtual_size(self, Size(0, len(positions)))  # no layout: quick
        self.refresh()
        if index is not None:
            self.move_to(self.positions[index])

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # As ScrollView does, but the scroll bar is repainted only when its thumb moves.
        move_thumb(self, new_value)
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    def watch_current(self, pos: int | None) -> None:
        if pos is not None:
            self.move_to(pos)

    def __contains__(self, pos: object) -> bool:
        return isinstance(pos, int) and self.index_of(pos) is not None

    def index_of(self, pos: int) -> int | None:
        """The line showing segment ``pos``, if the filter shows it."""
        i = bisect_left(self.positions, pos)
        return i if i < len(self.positions) and self.positions[i] == pos else None

    def neighbour(self, pos: int, step: int) -> int | None:
        """The segment ``step`` lines from ``pos`` (or the nearest shown one if ``pos`` is not)."""
        index = self.index_of(pos)
        if index is None:
            nearer = [p for p in self.positions if (p - pos) * step > 0]
            return (nearer[0] if step > 0 else nearer[-1]) if nearer else None
        i = index + step
        return self.positions[i] if 0 <= i < len(self.positions) else None

    def next_where(self, pos: int, wanted: Callable[[int], bool]) -> int | None:
        """The first segment after ``pos`` in list order that is ``wanted``, wrapping round."""
        start = bisect_left(self.positions, pos + 1)
        order = self.positions[start:] + self.positions[:start]
        return next((p for p in order if p != pos and wanted(p)), None)

    def refresh_segment(self, pos: int) -> None:
        """Repaint the line of segment ``pos`` (its status or issue count changed)."""
        index = self.index_of(pos)
        if index is not None:
            self.refresh_line(index)

    def refresh_segments(self, positions: Iterable[int]) -> None:
        """Repaint the lines on screen of the segments at ``positions`` (a group of 600 changed).

        Lines off screen are drawn afresh when scrolled to.
        """
        top, changed = round(self.scroll_offset.y), set(positions)
        for index, pos in enumerate(self.positions[top : top + self.size.height], top):
            if pos in changed:
                self.refresh_line(index)

    def move_to(self, pos: int) -> None:
        """Put the cursor on segment ``pos`` and scroll it into view."""
        index = self.index_of(pos)
        if index is None:
            return
        old, self.cursor = self.cursor, index
        top, height = round(self.scroll_offset.y), max(1, self.scrollable_content_region.height)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
            self.refresh()
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)
            self.refresh()
        else:
            # Only the two cursor lines changed: repainting them keeps a keystroke cheap.
            self.refresh_line(old)
            self.refresh_line(index)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The width, top line and styles are the same for every line of one pass: asked once,
        # not for each line (Textual's region and style lookups cost more than a line's text).
        self._frame = self._pass()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        width, top, styles = self._frame or self._pass()
        index = top + y
        positions = self.positions
        if index >= len(positions):
            return Strip.blank(width, self.rich_style)
        if width != self._drawn_width or len(self._drawn) >= LIMIT:
            self._drawn, self._drawn_width = {}, width
        key = (self._row(positions[index]), index == self.cursor)
        line = self._drawn.get(key)
        if line is None:
            line = self._drawn[key] = self._draw(*key, width, styles)
        return line

    def _draw(
        self, row: SegmentRow, cursor: bool, width: int, styles: dict[tuple[str, bool], Style]
    ) -> Strip:
        """The line of ``row`` (under the cursor or not) at ``width`` cells."""
        if row.locked:
            kind, mark = "todo", "🔒 "
        elif row.status == CONFIRMED:
            kind, mark = "confirmed", " ✓ "
        elif row.open_issues:
            kind = "issues"
            mark = f"{row.open_issues:>2} " if row.open_issues < 100 else "99+"
        else:
            kind, mark = "todo", " · "
        ident = clean(row.id)[: self.id_width].ljust(self.id_width)
        text = f"{'▸' if cursor else ' '}{ident} {mark} {clean(row.preview)}"
        line = set_cell_size(text, width)  # cut or padded
        return Strip([Segment(line, styles[(kind, cursor)])], width)

    def _pass(self) -> tuple[int, int, dict[tuple[str, bool], Style]]:
        """What every line of one drawing shares: the width, the top line, the styles."""
        return (
            self.scrollable_content_region.width,
            round(self.scroll_offset.y),
            self._line_styles(),
        )

    def _line_styles(self) -> dict[tuple[str, bool], Style]:
        """Line styles, computed once per theme: resolving CSS styles per line is slow."""
        key = (self.app.theme, self.app.current_theme.dark)
        if self._styles_key != key:
            base = self.rich_style
            cursor = self.get_component_rich_style("segment-list--cursor")
            self._styles = {}
            for kind in ("confirmed", "issues", "todo"):
                style = base + self.get_component_rich_style(f"segment-list--{kind}")
                self._styles[(kind, False)] = style
                self._styles[(kind, True)] = style + cursor
            self._styles_key = key
            self._drawn = {}
        return self._styles

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.positions):
            self.post_message(self.SegmentSelected(self.positions[index]))
