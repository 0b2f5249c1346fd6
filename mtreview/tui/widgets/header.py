"""The review screen's header: a new title or progress line repaints one line, no layout.

It lands in the frame of the key that changed it: Textual's header takes a new title on the
next message (a second screen update for an action that changes the progress line).
"""

from __future__ import annotations

from contextlib import suppress

from textual.app import ComposeResult
from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class _Title(HeaderTitle):
    """The title line: full width and one line, whatever its text, so never laid out again.

    The same text again repaints nothing (Textual's header sets it a second time).
    """

    _shown: object = None

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        # Content compares its text alone: the styles too here.
        shown = (content.plain, tuple(content.spans)) if isinstance(content, Content) else content
        if shown == self._shown:
            return
        self._shown = shown
        super().update(content, layout=False)


class ReviewHeader(Header):
    """Textual's header; a title update (progress, the filter's name) lays nothing out."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield _Title() if type(widget) is HeaderTitle else widget

    def on_mount(self, _: Mount) -> None:
        # At once, not on the next message as Textual's own watchers (they follow: the
        # same text, nothing repainted).
        def set_title() -> None:
            with suppress(NoMatches, NoScreen):
                self.query_one(_Title).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
