"""Textual's styles cache for Line-API views, remembering each finished line by what it shows.

Textual keeps a widget's finished lines (its content line with the widget's border, padding,
tint and opacity) by their place on screen: once a list scrolls a line, every place shows
another line and each is finished again through the styles, though the list drew all but one
of them a moment ago. A line of content (not a border, padding or outline row) is finished the
same wherever it stands, so :class:`KeptLines` keeps the finished strip of each content strip
the view hands it (the same object when it shows the same thing) and gives it back, with the
line filters and crops the strip already holds. What is kept is dropped when anything else a
finished line depends on changes (size, colours, styles, theme). A new content line gets the
cells Textual's own :meth:`StylesCache.render_line` puts around a probe line of the same
styles (padding, side borders: found once); styles that change a line's own cells (tint,
opacity, hatch, side outlines) have every line finished by Textual's method itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.css.styles import StylesBase
from textual.filter import LineFilter
from textual.geometry import Size, Spacing
from textual.strip import Strip

Sides = tuple[list[Segment], list[Segment], RichStyle]
RowArguments = tuple[StylesBase, int, Size, Size, Spacing, Color, Color]
"""The arguments of :meth:`StylesCache.render_line` before the content line's callable."""
"""The cells before and after a content line, and the style that pads it to its width."""

LIMIT = 1024
"""Finished lines kept at most (then all are dropped: the lines on screen come back at once)."""


class KeptLines(StylesCache):
    """A styles cache that finishes each content strip once (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict[int, tuple[Strip, Strip]] = {}  # id(content) -> (content, finished)
        self._context: object = None
        self._rows = (0, 0, 0)  # first and last + 1 rows of content lines, the top gutter
        # What Textual puts before and after a content line (padding, side borders), when it
        # only adds cells around it; None: found out at the next line, False: it does more.
        self._sides: Sides | Literal[False] | None = None

    def render(  # type: ignore[override]
        self,
        styles: StylesBase,
        size: Size,
        base_background: Color,
        background: Color,
        render_content_line: Callable[[int], Strip],
        filters: Sequence[LineFilter],
        border_title: Any,
        border_subtitle: Any,
        **options: Any,
    ) -> list[Strip]:
        content_size = options.get("content_size") or size
        gutter = styles.gutter
        hatch = styles.hatch if styles.has_rule("hatch") else None
        context = (
            size,
            content_size,
            options.get("padding"),
            options.get("opacity", 1.0),
            id(options.get("ansi_theme")),
            options.get("native_ansi"),
            base_background,
            background,
            gutter,
            styles.border,
            styles.outline,
            styles.tint,
            styles.text_opacity,
            hatch,
        )
        if context != self._context:
            self._kept, self._context, self._sides = {}, context, None
        (top, _), _, (bottom, _), _ = styles.outline
        first = max(gutter.top, 1 if top else 0)
        last = min(
            size.height - gutter.bottom,
            size.height - 1 if bottom else size.height,
            gutter.top + content_size.height,
        )
        self._rows = (first, last, gutter.top)
        return super().render(
            styles,
            size,
            base_background,
            background,
            render_content_line,
            filters,
            border_title,
            border_subtitle,
            **options,
        )

    def render_line(
        self,
        styles: StylesBase,
        y: int,
        size: Size,
        content_size: Size,
        padding: Spacing,
        base_background: Color,
        background: Color,
        render_content_line: Callable[[int], Strip],
        *rest: Any,
    ) -> Strip:
        head = (styles, y, size, content_size, padding, base_background, background)
        first, last, top = self._rows
        if not first <= y < last:  # a border, padding or outline row
            return super().render_line(*head, render_content_line, *rest)
        content = render_content_line(y - top)
        kept = self._kept.get(id(content))
        if kept is not None and kept[0] is content:
            return kept[1]
        if self._sides is None:
            self._sides = self._find_sides(head, rest)
        if self._sides:
            before, after, inner = self._sides
            line = content.adjust_cell_length(content_size.width, inner)
            finished = Strip([*before, *line, *after], size.width)
        else:
            finished = super().render_line(*head, lambda _: content, *rest)
        if len(self._kept) >= LIMIT:
            self._kept = {}
        self._kept[id(content)] = (content, finished)
        return finished

    def _find_sides(self, head: RowArguments, rest: tuple[Any, ...]) -> Sides | Literal[False]:
        """What Textual's own finishing puts before and after a content line of row ``y``.

        A probe line is finished by :meth:`StylesCache.render_line`; when its one segment comes
        back as it went in, with cells only before and after it, any content line of these
        styles is finished the same: those cells, the line (cut or padded to the content's
        width in the inner background, as Textual does), those cells. False otherwise: styles
        that change the line's own cells (tint, text opacity, opacity, hatch, side outlines)
        give back new segments, and every line is finished Textual's way.
        """
        styles, _, size, content_size, _, base_background, background = head
        if content_size.width <= 0 or styles.opacity < 1:
            # a faded widget changes every cell (and Textual's fading needs styled segments)
            return False
        probe = Segment(" " * content_size.width)
        probe_line = Strip([probe], content_size.width)
        finished = super().render_line(*head, lambda _: probe_line, *rest)
        segments = list(finished)
        at = [i for i, segment in enumerate(segments) if segment is probe]
        if len(at) != 1 or finished.cell_length != size.width:
            return False
        inner = self.get_inner_outer(base_background, background)[0].rich_style
        return segments[: at[0]], segments[at[0] + 1 :], inner
