"""The review screen laid out by the terminal's width (80×24 up to 200×60 and beyond).

Below 100 columns (``-narrow``) the segment list narrows so the segment gets the room, and
``L`` folds it away altogether; from 160 (``-wide``) it widens (widths in ``app.tcss``). Below
120 the footer is compact and leaves out the arrow keys, so the review loop's keys, help and
quit stay in view; the help screen and the palette list every key.
"""

from __future__ import annotations

from textual.binding import ActiveBinding
from textual.widgets import Footer

from mtreview.tui.screens.batch import BatchScreen
from mtreview.tui.widgets.segment_list import SegmentList

NARROW, WIDE = 100, 160
"""Below ``NARROW`` columns the list narrows; from ``WIDE`` on it widens."""
FULL_FOOTER = 120
"""Below this width the footer is compact and leaves out the arrow keys (help lists them)."""
NARROW_HIDDEN = frozenset({"review.next_segment", "review.prev_segment"})


class ByWidthScreen(BatchScreen):
    """The width rules of the review screen, which is built on this class."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-normal"), (WIDE, "-wide")]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The bindings the footer shows: below 120 columns, without the arrow keys."""
        shown = super().active_bindings
        if self.size.width >= FULL_FOOTER:
            return shown
        return {k: b for k, b in shown.items() if b.binding.id not in NARROW_HIDDEN}

    def on_resize(self) -> None:
        """Narrow: a compact footer without the palette hint (ctrl+p still opens it)."""
        narrow = self.size.width < FULL_FOOTER
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow
        self.refresh_bindings()

    def action_toggle_list(self) -> None:
        """Fold the segment list away (the segment gets the width), or show it again."""
        segments = self.query_one(SegmentList)
        segments.display = not segments.display
