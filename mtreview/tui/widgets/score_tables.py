"""The scores screen's text: corpus figures, worst-segment lines, term consistency rows.

Everything from files (ids, terms, renderings, previews) goes through ``Text``, never markup.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mtreview.review.scores import (
    METRIC_NAMES,
    MQM_MODEL,
    ScoreReport,
    TermUsage,
    accuracy_text,
    mqm_text,
)
from mtreview.review.scores import ScoreRow as SegmentRow
from mtreview.tui.widgets.text import clean

PAIR_LABELS = {
    "mt-reviewed": "MT → reviewed (edit effort)",
    "mt-reference": "MT vs reference",
    "reviewed-reference": "Reviewed vs reference",
}
HIGHER_IS_WORSE = {"TER"}


def figures(report: ScoreReport) -> Group:
    """Corpus metrics per comparison, term accuracy and MQM before/after, signatures."""
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    table.add_column("Comparison", style="bold", no_wrap=True)
    table.add_column("Segments", justify="right")
    for name in METRIC_NAMES:
        table.add_column(name, justify="right", min_width=7)
    for pair, scores in report.corpus.items():
        cells = [f"{scores[m].score:.2f}" if m in scores else "—" for m in METRIC_NAMES]
        table.add_row(PAIR_LABELS[pair], f"{report.pair_segments.get(pair, 0):,}", *cells)
    lines = Text()
    lines.append("Term accuracy  ", style="bold")
    lines.append(f"MT {accuracy_text(report.term_before)}  →  reviewed ")
    lines.append(accuracy_text(report.term_after) + "\n", style="bold")
    lines.append("MQM score      ", style="bold")
    lines.append(f"MT {mqm_text(report.mqm_before)}  →  reviewed ")
    lines.append(mqm_text(report.mqm_after) + "\n", style="bold")
    weights = ", ".join(f"{k} {v:g}" for k, v in report.weights.items())
    lines.append(f"({MQM_MODEL}; {weights})\n", style="dim")
    sigs = {m: s.signature for scores in report.corpus.values() for m, s in scores.items()}
    for name, signature in sigs.items():
        lines.append(f"{name:<7} {signature}\n", style="dim")
    lines.rstrip()
    return Group(table, lines)


def worst_line(row: SegmentRow, pair: str, metric: str, preview: str) -> Text:
    """One line of the worst-segments list."""
    value = row.scores[pair][metric]
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{clean(row.id):<8} ", style="bold")
    line.append(f"{metric} {value:6.1f}  ")
    issues = row.reviewed_issues
    line.append(f"{issues} open  " if issues else "        ", style="red" if issues else "")
    line.append(clean(preview), style="dim")
    return line


def worst_rows(report: ScoreReport, pair: str, metric: str, n: int = 50) -> list[SegmentRow]:
    """The worst ``n`` segments on ``metric`` for ``pair``, perfect scores left out."""
    perfect = 0.0 if metric in HIGHER_IS_WORSE else 100.0
    return [
        r for r in report.worst(n, pair, metric) if abs(r.scores[pair][metric] - perfect) > 1e-9
    ]


def renderings(usage: TermUsage | None) -> Text:
    """A term's renderings on one side: accepted ones green, others red, with counts."""
    if usage is None:
        return Text("—", style="dim")
    out = Text(no_wrap=True, overflow="ellipsis")
    for n, r in enumerate(usage.renderings):
        if n:
            out.append("; ", style="dim")
        ok = r.kind in ("target", "variant")
        out.append(clean(r.text or "(none found)"), style="green" if ok else "red")
        out.append(f" ×{r.count}", style="dim")
    return out


# (label, width): None sizes a column to its content.
TERM_COLUMNS: list[tuple[str, int]] = [
    ("Term", 14),
    ("Target", 22),
    ("MT", 5),
    ("MT renderings", 34),
    ("Rev.", 5),
    ("Reviewed renderings", 34),
]


def _accepted(usage: TermUsage | None) -> Text:
    if usage is None:
        return Text("—", style="dim")
    good = usage.accepted == usage.occurrences and len(usage.renderings) <= 1
    return Text(f"{usage.accepted}/{usage.occurrences}", style="green" if good else "red")


def term_cells(report: ScoreReport) -> list[tuple[Text, ...]]:
    """Rows of the term consistency table: term, target, accepted/occurrences and renderings.

    A count is green when every occurrence came out one accepted way (consistent), else red.
    """
    return [
        (
            Text(clean(row.source), no_wrap=True, overflow="ellipsis"),
            Text(clean(row.target), no_wrap=True, overflow="ellipsis"),
            _accepted(row.before),
            renderings(row.before),
            _accepted(row.after),
            renderings(row.after),
        )
        for row in report.terms
    ]
