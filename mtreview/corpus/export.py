"""Export a review: the reviewed text, a review table, or the corpus in any format.

The one place where a review's export meets the writers; the review store gives it the
reviewed corpus, the MT and what the review did to each segment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.formats import write_corpus
from mtreview.corpus.model import Corpus, ReviewRecord
from mtreview.corpus.textio import write_text_atomic
from mtreview.corpus.tokens import native_text
from mtreview.corpus.tsv import format_tsv


def write_review(
    path: str | Path,
    corpus: Corpus,
    mt: Sequence[str],
    reviews: Mapping[str, ReviewRecord] | None = None,
) -> int:
    """Write the reviewed text to ``path`` (atomically) and return the number of segments.

    ``.txt``: the reviewed target, one paragraph a line, in corpus order. ``.tsv``: id, source,
    reviewed target and original MT, quoted as spreadsheets and Python's ``csv`` (``excel-tab``)
    read them. In both, inline codes become their native text (a tab, a line break) or nothing;
    a line break inside a ``.txt`` paragraph becomes a space. Other suffixes: the corpus format
    registry, with the review's statuses and comments (``reviews``, by segment id).

    Args:
        path: The output file.
        corpus: The corpus with the reviewed targets.
        mt: Each segment's original MT, in corpus order.
        reviews: What the review did to each segment, for formats that record it.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    segments = corpus.segments
    if suffix == ".txt":
        lines = (" ".join(native_text(s.target, s.codes).splitlines()) for s in segments)
        write_text_atomic(out, "".join(line + "\n" for line in lines))
        return len(segments)
    if suffix == ".tsv":
        rows = (
            (
                s.id,
                native_text(s.source, s.codes),
                native_text(s.target, s.codes),
                native_text(m, s.codes),
            )
            for s, m in zip(segments, mt, strict=True)
        )
        write_text_atomic(out, format_tsv(("id", "source", "target", "mt"), rows))
        return len(segments)
    write_corpus(out, replace(corpus, path=str(out)), reviews=reviews)
    return len(segments)
