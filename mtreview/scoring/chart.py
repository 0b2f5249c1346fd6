"""A small inline SVG bar chart of per-segment scores, for the HTML report (no script, no network).

Past :data:`MAX_BARS` segments the bars are averages over runs of neighbouring segments, so a
100,000-segment corpus still makes a light page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

MAX_BARS = 240
WIDTH, HEIGHT = 900, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 34


@dataclass(frozen=True, slots=True)
class Series:
    """One row of values (None = not scored) drawn in one colour."""

    label: str
    values: tuple[float | None, ...]
    colour: str


def _bins(n: int) -> list[tuple[int, int]]:
    size = max(1, -(-n // MAX_BARS))
    return [(i, min(n, i + size)) for i in range(0, n, size)]


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def bar_chart(title: str, ids: Sequence[str], series: Sequence[Series], ymax: float = 100.0) -> str:
    """An SVG bar chart: one group of bars per segment (or run of segments), one bar per series."""
    bins = _bins(len(ids))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(1, len(bins))
    bar_w = max(0.6, group_w * 0.8 / max(1, len(series)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="chart" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        y = TOP + plot_h * (1 - tick / 100)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" '
            f'text-anchor="end">{ymax * tick / 100:g}</text>'
        )
    for b, (start, end) in enumerate(bins):
        label = ids[start] if end - start == 1 else f"{ids[start]}–{ids[end - 1]}"
        for k, s in enumerate(series):
            value = _mean(s.values[start:end])
            if value is None:
                continue
            h = plot_h * min(max(value, 0.0), ymax) / ymax
            x = LEFT + b * group_w + group_w * 0.1 + k * bar_w
            parts.append(
                f'<rect x="{x:.2f}" y="{TOP + plot_h - h:.2f}" width="{bar_w:.2f}" '
                f'height="{h:.2f}" fill="{s.colour}"><title>{escape(label)} · '
                f"{escape(s.label)}: {value:.1f}</title></rect>"
            )
    step = max(1, len(bins) // 8)
    for b in range(0, len(bins), step):
        x = LEFT + (b + 0.5) * group_w
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" class="tick" '
            f'text-anchor="middle">{escape(ids[bins[b][0]])}</text>'
        )
    for k, s in enumerate(series):
        x = LEFT + 8 + k * 260
        parts.append(
            f'<rect x="{x}" y="{HEIGHT - 12}" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{x + 14}" y="{HEIGHT - 3}" class="tick">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
