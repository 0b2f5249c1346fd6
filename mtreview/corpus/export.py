"""Export a review project: the reviewed text, a review table, or the corpus in any format.

Everything an export needs from the project is read by :func:`review_data`, in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from mtreview.corpus.formats import write_corpus
from mtreview.corpus.model import Corpus, ReviewRecord, Segment
from mtreview.corpus.project import Project, codes_from_json
from mtreview.corpus.textio import write_text_atomic
from mtreview.corpus.tokens import native_text
from mtreview.corpus.tsv import format_tsv

COMMENT = "comment"  # the action kind whose ``after`` is a reviewer's comment


@dataclass(frozen=True, slots=True)
class ReviewData:
    """A project as exports see it: the reviewed corpus, the MT, and what the review did."""

    corpus: Corpus  # targets are the reviewed ones
    mt: dict[str, str]  # the machine translation by segment id
    reviews: dict[str, ReviewRecord]


def review_data(project: Project) -> ReviewData:
    """Read the reviewed corpus and a :class:`ReviewRecord` per segment from a project.

    The record's reviewer and time are those of the segment's latest action; its comments
    are the ``comment`` actions, oldest first.
    """
    meta = project.meta()
    rows = project.db.execute(
        "SELECT id, source, target, reference, line, codes, mt, status FROM segments ORDER BY pos"
    ).fetchall()
    last: dict[str, tuple[str, str]] = {}
    comments: dict[str, list[str]] = {}
    for segment, reviewer, at, kind, after in project.db.execute(
        "SELECT segment, reviewer, at, kind, after FROM actions"
        " WHERE segment IS NOT NULL ORDER BY id"
    ):
        last[segment] = (reviewer, at)
        if kind == COMMENT and after:
            comments.setdefault(segment, []).append(after)
    segments = tuple(Segment(r[0], r[1], r[2], r[3], r[4], codes_from_json(r[5])) for r in rows)
    reviews = {
        r[0]: ReviewRecord(
            r[0], r[7], r[2] != r[6], *last.get(r[0], ("", "")), tuple(comments.get(r[0], ()))
        )
        for r in rows
    }
    corpus = Corpus(
        segments,
        meta.get("corpus_path") or None,
        meta.get("source_lang", "zh"),
        meta.get("target_lang", "en"),
        json.loads(meta.get("corpus_meta", "{}")),
        meta.get("format", "tsv"),
        project.document(),
    )
    return ReviewData(corpus, {r[0]: r[6] for r in rows}, reviews)


def reviewed_corpus(project: Project) -> Corpus:
    """Rebuild the corpus from a project, its targets replaced by the reviewed ones."""
    return review_data(project).corpus


def export_project(project: Project, path: str | Path) -> int:
    """Write the reviewed text to ``path`` (atomically) and return the number of segments.

    ``.txt``: the reviewed target, one paragraph a line, in corpus order. ``.tsv``: id, source,
    reviewed target and original MT, quoted as spreadsheets and Python's
    ``csv`` (``excel-tab``) read them. In both, inline codes become their native text (a tab,
    a line break) or nothing; a line break inside a ``.txt`` paragraph becomes a space. Other
    suffixes: the corpus format registry, with the review's statuses and comments.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    data = review_data(project)
    segments = data.corpus.segments
    if suffix == ".txt":
        lines = (" ".join(native_text(s.target, s.codes).splitlines()) for s in segments)
        write_text_atomic(out, "".join(line + "\n" for line in lines))
        return len(segments)
    if suffix == ".tsv":
        body = (
            (
                s.id,
                native_text(s.source, s.codes),
                native_text(s.target, s.codes),
                native_text(data.mt[s.id], s.codes),
            )
            for s in segments
        )
        write_text_atomic(out, format_tsv(("id", "source", "target", "mt"), body))
        return len(segments)
    write_corpus(out, replace(data.corpus, path=str(out)), reviews=data.reviews)
    return len(segments)
