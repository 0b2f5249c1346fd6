"""Text, JSON and CSV output of ``mtreview glossary candidates``."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict

from mtreview.glossary.extract import Candidate
from mtreview.glossary.variants import VariantSuggestion
from mtreview.textsafe import csv_cell, printable


def _width(text: str) -> int:
    """Terminal columns of ``text``: wide (Han) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def to_text(candidates: Sequence[Candidate], variants: Sequence[VariantSuggestion]) -> str:
    """A ranked list of candidates, then the unlisted renderings of known terms."""
    lines = ["Term candidates not in the glossary, best first:"] if candidates else []
    width = min(16, max((_width(c.source) for c in candidates), default=0))
    for rank, c in enumerate(candidates, start=1):
        quoted = f", {c.quoted} quoted" if c.quoted else ""
        pairs = "; ".join(f"{r.text} ({r.count})" for r in c.renderings)
        pad = " " * max(0, width - _width(c.source))
        lines.append(
            printable(f"{rank:3}. {c.source}{pad}  {c.score:7.2f}  {c.count}×{quoted}  → {pairs}")
        )
    if variants:
        if lines:
            lines.append("")
        lines.append(
            "Renderings of known terms the glossary does not list (variant or forbidden?):"
        )
        for v in variants:
            where = ", ".join(v.segments[:4]) + (" …" if len(v.segments) > 4 else "")
            lines.append(
                printable(
                    f"  {v.source} ({v.target}): {v.rendering!r} {v.count}× "
                    f"[similarity {v.similarity:.0f}] in {where}"
                )
            )
    if not lines:
        lines.append("No term candidates found.")
    return "\n".join(lines)


def to_json(candidates: Sequence[Candidate], variants: Sequence[VariantSuggestion]) -> str:
    """``{"candidates": [...], "variants": [...]}``, candidates with their rank."""
    return json.dumps(
        {
            "candidates": [{"rank": i, **asdict(c)} for i, c in enumerate(candidates, start=1)],
            "variants": [asdict(v) for v in variants],
        },
        ensure_ascii=False,
        indent=2,
    )


def to_csv(candidates: Sequence[Candidate], variants: Sequence[VariantSuggestion]) -> str:
    """One row per candidate (kind ``candidate``) and per unlisted rendering (``variant``).

    Text cells come from the corpus: guarded against formula injection (:func:`csv_cell`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "rank", "source", "target", "renderings", "count", "quoted", "score"])
    for rank, c in enumerate(candidates, start=1):
        renderings = csv_cell(" | ".join(r.text for r in c.renderings))
        source = csv_cell(c.source)
        writer.writerow(["candidate", rank, source, "", renderings, c.count, c.quoted, c.score])
    for v in variants:
        text = [csv_cell(t) for t in (v.source, v.target, v.rendering)]
        writer.writerow(["variant", "", *text, v.count, "", v.similarity])
    return out.getvalue()
