"""Command palette providers: every review binding, and jumping to a segment.

The palette reads a plain string prompt or help text as markup: everything shown here is a
``Text`` or ``Content``, and file text never goes into ``help``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from mtreview.tui.screens.review_keys import key_label, keymap_of
from mtreview.tui.widgets.text import clean

if TYPE_CHECKING:
    from mtreview.tui.screens.main import MainScreen


def _main_screen(provider: Provider) -> MainScreen | None:
    from mtreview.tui.screens.main import MainScreen

    screen = provider.screen
    return screen if isinstance(screen, MainScreen) else None


class BindingCommands(Provider):
    """A screen's bindings in the palette, calling the same ``action_*`` methods as the keys.

    Subclasses say which bindings (``bindings``) and on which screen (``target_screen``).
    """

    def bindings(self) -> list[Binding]:
        return []

    def target_screen(self) -> Screen[Any] | None:
        return self.screen

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        screen = self.target_screen()
        if screen is None:
            return
        for binding in self.bindings():
            key = key_label(binding, keymap_of(self.app))
            action = binding.action
            target = self.app if action.startswith("app.") else screen
            callback = partial(target.run_action, action.removeprefix("app."))
            yield binding.tooltip or binding.description, f"key {key} · {binding.id}", callback

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


class ReviewCommands(BindingCommands):
    """The review screen's bindings."""

    def bindings(self) -> list[Binding]:
        from mtreview.tui.screens.review_keys import REVIEW_BINDINGS

        return REVIEW_BINDINGS

    def target_screen(self) -> Screen[Any] | None:
        return _main_screen(self)


class SegmentJump(Provider):
    """Go to a segment by id; each hit shows the start of its target under the id."""

    LIMIT = 40

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        query = query.strip()
        if screen is None or not query:
            return
        service = screen.service
        needle = query.casefold()
        found = 0
        for pos, seg_id in enumerate(service.ids):
            if needle in seg_id.casefold():
                score = 1.0 if seg_id.casefold() == needle else 0.8
                prompt = Text(f"Go to {clean(seg_id)}\n")
                prompt.append(clean(service.row(pos).preview[:60]), style="dim")
                yield Hit(score, prompt, partial(screen.goto, pos), text=f"Go to {seg_id}")
                found += 1
                if found >= self.LIMIT:
                    return
