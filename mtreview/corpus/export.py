"""Export a review: the reviewed text, a review table, or the corpus in any format.

The one place where a review's export meets the writers; the review service gives it the
reviewed corpus (and the MT), read from the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.formats import write_corpus
from mtreview.corpus.model import Corpus
from mtreview.corpus.textio import write_text_atomic
from mtreview.corpus.tsv import format_tsv


def write_review(path: str | Path, corpus: Corpus, mt: Sequence[str]) -> int:
    """Write the reviewed text to ``path`` (atomically) and return the number of segments.

    ``.txt``: the reviewed target, one paragraph a line, in corpus order. ``.tsv``: id, source,
    reviewed target and original MT. Other suffixes: the corpus format registry.

    Args:
        path: The output file.
        corpus: The corpus with the reviewed targets.
        mt: Each segment's original MT, in corpus order.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    segments = corpus.segments
    if suffix == ".txt":
        text = "".join(" ".join(s.target.splitlines()) + "\n" for s in segments)
        write_text_atomic(out, text)
        return len(segments)
    if suffix == ".tsv":
        rows = [(s.id, s.source, s.target, m) for s, m in zip(segments, mt, strict=True)]
        write_text_atomic(out, format_tsv(("id", "source", "target", "mt"), rows))
        return len(rows)
    write_corpus(out, replace(corpus, path=str(out)))
    return len(corpus)
