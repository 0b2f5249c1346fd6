"""Export a review project: the reviewed text, a review table, or the corpus in any format."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.formats import write_corpus
from mtreview.corpus.model import Corpus, Segment
from mtreview.corpus.project import Project, codes_from_json
from mtreview.corpus.textio import write_text_atomic
from mtreview.corpus.tsv import format_tsv


def reviewed_corpus(project: Project) -> Corpus:
    """Rebuild the corpus from a project, its targets replaced by the reviewed ones."""
    meta = project.meta()
    rows = project.db.execute(
        "SELECT id, source, target, reference, line, codes FROM segments ORDER BY pos"
    )
    segments = tuple(Segment(r[0], r[1], r[2], r[3], r[4], codes_from_json(r[5])) for r in rows)
    return Corpus(
        segments,
        meta.get("corpus_path") or None,
        meta.get("source_lang", "zh"),
        meta.get("target_lang", "en"),
        json.loads(meta.get("corpus_meta", "{}")),
        meta.get("format", "tsv"),
        project.document(),
    )


def export_project(project: Project, path: str | Path) -> int:
    """Write the reviewed text to ``path`` (atomically) and return the number of segments.

    ``.txt``: the reviewed target, one paragraph a line, in corpus order. ``.tsv``: id, source,
    reviewed target and original MT. Other suffixes: the corpus format registry.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix == ".txt":
        rows = project.db.execute("SELECT target FROM segments ORDER BY pos").fetchall()
        text = "".join(" ".join(r[0].splitlines()) + "\n" for r in rows)
        write_text_atomic(out, text)
        return len(rows)
    if suffix == ".tsv":
        rows = project.db.execute(
            "SELECT id, source, target, mt FROM segments ORDER BY pos"
        ).fetchall()
        write_text_atomic(out, format_tsv(("id", "source", "target", "mt"), rows))
        return len(rows)
    corpus = reviewed_corpus(project)
    write_corpus(out, replace(corpus, path=str(out)))
    return len(corpus)
