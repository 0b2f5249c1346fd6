"""What scoring needs to know about a review: the MT, the reviewed text, references, fixes.

The review project will produce a :class:`ReviewedCorpus`; until then (and for pipelines) it is
built from a corpus file plus an optional reviewed file and reference file
(:mod:`mtreview.scoring.review_files`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mtreview.corpus.model import Corpus, Segment
from mtreview.scoring.issues import Issue


@dataclass(frozen=True, slots=True)
class ReviewedSegment:
    """One segment as the review left it.

    Attributes:
        id: The segment id.
        source: The source text.
        mt: The machine translation as it was before review.
        reviewed: The reviewed target (equal to ``mt`` when nothing changed).
        reference: An independent reference translation, if any.
    """

    id: str
    source: str
    mt: str
    reviewed: str
    reference: str | None = None

    @property
    def changed(self) -> bool:
        """Whether the review changed the target."""
        return self.reviewed != self.mt


@dataclass(frozen=True, slots=True)
class RecordedFix:
    """One recorded change to a segment's target.

    Attributes:
        segment: The segment id.
        kind: What the reviewer did, e.g. ``apply-fix`` or ``edit``.
        before: The target text before the change (or the replaced span).
        after: The target text after the change (or the replacement).
        reviewer: Who made the change.
        time: When, in UTC.
        severity: The severity of the error it corrected (minor/major/critical), if classified.
        issue: The fingerprint of the issue it fixed, if any.
    """

    segment: str
    kind: str
    before: str
    after: str
    reviewer: str
    time: datetime
    severity: str | None = None
    issue: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """One act the review accounts for besides its fixes.

    A comment, an ignored issue (with the reviewer's reason), an issue taken back, a
    confirmation, a glossary change.

    Attributes:
        kind: ``comment``, ``ignore``, ``unignore``, ``confirm`` or ``glossary``.
        segment: The segment id (None for a glossary change).
        reviewer: Who did it.
        time: When, in UTC.
        text: The comment, the reason (may be empty), ``confirmed``/``to do``, or what
            changed in the glossary.
        issue: The fingerprint of the issue it is about, if any.
        check: That issue's check id, when known.
    """

    kind: str
    segment: str | None
    reviewer: str
    time: datetime
    text: str = ""
    issue: str | None = None
    check: str = ""


@dataclass(frozen=True, slots=True)
class ReviewedCorpus:
    """The input of scoring.

    Segments in corpus order, the recorded fixes, and the fingerprints of issues the reviewer
    dismissed as false positives (left out of the MQM score).
    """

    segments: tuple[ReviewedSegment, ...]
    fixes: tuple[RecordedFix, ...] = ()
    source_lang: str = "zh"
    target_lang: str = "en"
    path: str | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    ignored: frozenset[str] = frozenset()  # fingerprints of issues dismissed as false positives
    notes: tuple[ReviewNote, ...] = ()  # comments, ignores, confirmations, glossary changes

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def has_reference(self) -> bool:
        """Whether any segment has a non-empty reference."""
        return any(s.reference for s in self.segments)

    def mt_corpus(self) -> Corpus:
        """The segments with the MT as target (what the checks saw before review)."""
        return self._corpus(s.mt for s in self.segments)

    def reviewed_corpus(self) -> Corpus:
        """The segments with the reviewed text as target."""
        return self._corpus(s.reviewed for s in self.segments)

    def _corpus(self, targets: Iterable[str]) -> Corpus:
        segs = tuple(
            Segment(s.id, s.source, t, s.reference)
            for s, t in zip(self.segments, targets, strict=True)
        )
        return Corpus(segs, self.path, self.source_lang, self.target_lang)


def from_corpus(
    corpus: Corpus,
    reviewed: Mapping[str, str] | None = None,
    references: Mapping[str, str] | None = None,
    fixes: Iterable[RecordedFix] = (),
) -> ReviewedCorpus:
    """Build the scoring input from a corpus (its targets are the MT).

    Args:
        corpus: The corpus; ``target`` is the MT and ``reference`` the corpus's own reference.
        reviewed: Reviewed targets by segment id; a segment left out was not changed.
        references: References by segment id, replacing the corpus's own.
        fixes: Recorded fixes, in the order they were made.
    """
    reviewed = reviewed or {}
    segments = tuple(
        ReviewedSegment(
            s.id,
            s.source,
            s.target,
            reviewed.get(s.id, s.target),
            references.get(s.id) if references is not None else s.reference,
        )
        for s in corpus.segments
    )
    return ReviewedCorpus(
        segments, tuple(fixes), corpus.source_lang, corpus.target_lang, corpus.path, corpus.meta
    )


def apply_suggested_fixes(
    data: ReviewedCorpus, issues: Iterable[Issue], reviewer: str, time: datetime
) -> ReviewedCorpus:
    """Apply every issue's suggested fix to the reviewed text, recording each as a fix.

    Fixes within a segment are applied from the end backwards so earlier spans stay valid;
    a fix overlapping one already applied is skipped. Spans are offsets into ``reviewed``.
    """
    by_segment: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.fix is not None:
            by_segment.setdefault(issue.segment, []).append(issue)
    segments: list[ReviewedSegment] = []
    recorded: list[RecordedFix] = []
    for seg in data.segments:
        text = seg.reviewed
        done: list[tuple[int, int]] = []
        chosen = sorted(
            by_segment.get(seg.id, ()), key=lambda i: i.fix.target_span if i.fix else (0, 0)
        )
        for issue in reversed(chosen):
            assert issue.fix is not None
            start, end = issue.fix.target_span
            if any(start < e and s < end for s, e in done):
                continue
            before = text[start:end]
            text = issue.fix.apply(text)
            done.append((start, end))
            recorded.append(
                RecordedFix(
                    seg.id,
                    "apply-fix",
                    before,
                    issue.fix.replacement,
                    reviewer,
                    time,
                    issue.severity,
                    issue.fingerprint,
                )
            )
        segments.append(ReviewedSegment(seg.id, seg.source, seg.mt, text, seg.reference))
    return ReviewedCorpus(
        tuple(segments),
        (*data.fixes, *recorded),
        data.source_lang,
        data.target_lang,
        data.path,
        data.meta,
        data.ignored,
    )
