"""The review screen's header: a new title or progress line repaints one line, no layout."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class _Title(HeaderTitle):
    """The title line: full width and one line, whatever its text, so never laid out again."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=False)


class ReviewHeader(Header):
    """Textual's header; a title update (progress, the filter's name) lays nothing out."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield _Title() if type(widget) is HeaderTitle else widget
