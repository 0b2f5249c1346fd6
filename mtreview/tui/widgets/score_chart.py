"""A bar chart of per-segment scores, drawn with block characters (no plotting library).

Each column is one segment, or — when there are more segments than columns — a run of
neighbouring segments whose bar is the worst of them, so one heavily edited segment is not
averaged away (the HTML report, made for reading, draws means). ``←``/``→`` move the
cursor, ``enter`` (or a click) selects the cursor's segment: the worst one of its run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from mtreview.tui.widgets.text import clean

BLOCKS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class ChartSeries:
    """Per-segment values (None = not scored) of one metric, with how to read them."""

    title: str
    ids: tuple[str, ...]
    values: tuple[float | None, ...]
    higher_is_worse: bool
    ymax: float = 100.0
    ymin: float = 0.0


def nice_range(values: Sequence[float | None], higher_is_worse: bool) -> tuple[float, float]:
    """The scale (bottom, top) that shows differences among the values.

    Higher-is-worse scores (TER) start at 0 and top out at the smallest of 10, 25, 50, 100
    above them; higher-is-better scores (0–100) end at 100 and start at the largest of 90,
    75, 50, 0 below them, so a corpus of near-perfect segments is not a solid wall.
    """
    present = [v for v in values if v is not None] or [0.0]
    if higher_is_worse:
        return 0.0, next((m for m in (10.0, 25.0, 50.0) if max(present) <= m), 100.0)
    return next((m for m in (90.0, 75.0, 50.0) if min(present) >= m), 0.0), 100.0


class ScoreChart(Widget, can_focus=True):
    """Vertical bars of one series, with a cursor on a column."""

    BINDINGS = [
        Binding("left,h", "move(-1)", "Previous bar", show=False),
        Binding("right,l", "move(1)", "Next bar", show=False),
        Binding("home", "move(-100000)", "First bar", show=False),
        Binding("end", "move(100000)", "Last bar", show=False),
        Binding("enter", "select", "Go to segment", show=False),
    ]
    DEFAULT_CSS = """
    ScoreChart { height: 11; }
    """

    cursor = reactive(0)

    class SegmentSelected(Message):
        """The reviewer chose segment ``index`` (its position in the series)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: ChartSeries | None = None

    def show(self, series: ChartSeries) -> None:
        """Draw ``series`` (the cursor stays where it was, within bounds)."""
        self.series = series
        self.cursor = min(self.cursor, max(0, len(self.bins()) - 1))
        self.refresh()

    def bins(self) -> list[tuple[int, int]]:
        """(start, end) segment ranges of each column for the current width."""
        n = len(self.series.ids) if self.series else 0
        width = max(1, self.content_size.width - 7)
        size = max(1, -(-n // width))
        return [(i, min(n, i + size)) for i in range(0, n, size)]

    def _value(self, start: int, end: int) -> float | None:
        assert self.series is not None
        return self.series.values[self.worst_in(start, end)]

    def worst_in(self, start: int, end: int) -> int:
        """The index of the worst-scoring segment in ``start:end``."""
        assert self.series is not None
        sign = 1.0 if self.series.higher_is_worse else -1.0
        scored = [i for i in range(start, end) if self.series.values[i] is not None]
        if not scored:
            return start
        values = self.series.values
        return max(scored, key=lambda i: sign * (values[i] or 0.0))

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(len(self.bins()) - 1, self.cursor + step))

    def on_resize(self) -> None:
        # Fewer columns may mean fewer bins: keep the cursor on one.
        self.cursor = max(0, min(len(self.bins()) - 1, self.cursor))

    def action_select(self) -> None:
        bins = self.bins()
        if self.series is not None and bins:
            cursor = min(self.cursor, len(bins) - 1)
            self.post_message(self.SegmentSelected(self.worst_in(*bins[cursor])))

    def on_click(self, event: events.Click) -> None:
        column = event.x - 6
        if 0 <= column < len(self.bins()):
            self.cursor = column
            self.action_select()

    def render(self) -> Text:
        series = self.series
        if series is None or not series.ids:
            return Text("No per-segment scores yet.", style="dim")
        bins = self.bins()
        cursor = max(0, min(self.cursor, len(bins) - 1))
        height = max(2, self.content_size.height - 3)
        values = [self._value(s, e) for s, e in bins]
        bar_style = "red" if series.higher_is_worse else "green"
        out = Text(no_wrap=True, overflow="crop")
        out.append(clean(series.title) + "\n", style="bold")
        span = series.ymax - series.ymin
        for row in range(height, 0, -1):
            label = f"{series.ymax:5g} " if row == height else "      "
            out.append(label + "│", style="dim")
            for col, value in enumerate(values):
                clipped = 0.0 if value is None else min(max(value, series.ymin), series.ymax)
                scaled = (clipped - series.ymin) / span
                level = max(0, min(8, round(8 * height * scaled) - 8 * (row - 1)))
                style = "bold yellow" if col == cursor else bar_style
                out.append(BLOCKS[level], style=style)
            out.append("\n")
        out.append(f"{series.ymin:5g} └", style="dim")
        out.append("─" * cursor, style="dim")
        out.append("▲" if values else "", style="bold yellow")
        out.append("─" * max(0, len(values) - cursor - 1) + "\n", style="dim")
        start, end = bins[cursor] if bins else (0, 0)
        value = values[cursor] if bins else None
        worst = series.ids[self.worst_in(start, end)] if bins else ""
        run = f" (worst of {series.ids[start]}–{series.ids[end - 1]})" if end - start > 1 else ""
        shown = "not scored" if value is None else f"{value:.1f}"
        out.append(f"       {clean(worst)}: {shown}{clean(run)}", style="bold")
        out.append("   ←/→ move · enter: go to segment", style="dim")
        return out


def series_values(
    rows: Sequence[dict[str, dict[str, float]]], pair: str, metric: str
) -> tuple[float | None, ...]:
    """One metric's per-segment values for ``pair`` (None where a segment is not scored)."""
    return tuple(row.get(pair, {}).get(metric) for row in rows)
