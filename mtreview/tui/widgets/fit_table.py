"""A table whose text columns share the width it has: narrow terminals fit, wide ones use it.

Each column has a natural width; the flexible ones shrink (never below their heading) or grow
in proportion to it, so a table at 80 columns needs no sideways scrolling and one at 200 shows
more of each rendering instead of an empty band on the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widgets import DataTable

PADDING = 2
"""Cells a DataTable adds to each column (one each side)."""
SCROLLBAR = 2
MIN_WIDTH = 10
"""A flexible column is not narrowed below this (a four-character Chinese term is 8 cells)."""


def fit_widths(
    columns: Sequence[tuple[str, int]], width: int, flexible: Sequence[int]
) -> list[int]:
    """Column widths for a table ``width`` cells wide.

    The columns at ``flexible`` share what the others leave, in proportion to their natural
    widths; none goes below its heading's length or ``MIN_WIDTH`` (a short column keeps its own).
    """
    widths = [w for _, w in columns]
    room = width - PADDING * len(columns) - SCROLLBAR
    room -= sum(w for i, w in enumerate(widths) if i not in flexible)
    natural = sum(widths[i] for i in flexible)
    if natural <= 0:
        return widths
    for i in flexible:
        floor = max(len(columns[i][0]), min(widths[i], MIN_WIDTH))
        widths[i] = max(floor, widths[i] * room // natural)
    over = sum(widths[i] for i in flexible) - room
    while over > 0:  # the floors took more than the room: narrow the widest flexible column
        widest = max(flexible, key=lambda i: widths[i])
        if widths[widest] <= MIN_WIDTH:
            break
        widths[widest] -= 1
        over -= 1
    return widths


class FitTable(DataTable[Text]):
    """A row-cursor table of ``Text`` cells whose ``flexible`` columns fit its width."""

    def __init__(
        self, columns: Sequence[tuple[str, int]], flexible: Sequence[int], *, id: str | None = None
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.specs = list(columns)
        self.flexible = tuple(flexible)
        self.widths: list[int] = []

    def on_mount(self) -> None:
        self.fit(self.size.width or 80)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    def fit(self, width: int) -> None:
        """Lay the columns out for ``width`` cells (rows and cursor kept)."""
        widths = fit_widths(self.specs, width, self.flexible)
        if widths == self.widths:
            return
        rows = [(row.key.value, self.get_row(row.key)) for row in self.ordered_rows]
        cursor = self.cursor_row
        self.clear(columns=True)
        self.widths = widths
        for (label, _), w in zip(self.specs, widths, strict=True):
            self.add_column(label, width=w)
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))
