"""Scores of a review: metrics, term accuracy and consistency, MQM, before and after.

:func:`compute_scores` is the one entry point; it takes a plain
:class:`~mtreview.scoring.review_data.ReviewedCorpus`, reports progress, can be cancelled, and
reuses cached per-segment statistics.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mtreview.glossary.model import Glossary
from mtreview.scoring.check_summary import (
    CheckSummary,
    Mark,
    key_head,
    rows_key,
    segment_row,
    summarise,
)
from mtreview.scoring.consistency import TermUsage
from mtreview.scoring.engine import CheckConfig, Checker
from mtreview.scoring.issues import Issue
from mtreview.scoring.metrics import MetricSet, Score
from mtreview.scoring.mqm import DEFAULT_WEIGHTS, MqmScore, mqm_score
from mtreview.scoring.review_data import ReviewedCorpus
from mtreview.scoring.segment_scores import PAIRS, Progress, SegmentScores, score_segments


@dataclass(frozen=True, slots=True)
class TermAccuracy:
    """Source-term occurrences and how many were rendered acceptably."""

    occurrences: int
    rendered: int

    @property
    def value(self) -> float | None:
        """The share rendered acceptably (None without occurrences)."""
        return self.rendered / self.occurrences if self.occurrences else None


@dataclass(frozen=True, slots=True)
class TermRow:
    """One term before (MT) and after review."""

    term_id: str
    source: str
    target: str
    before: TermUsage | None
    after: TermUsage | None


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One segment's figures: sentence scores per pair and open issues before and after."""

    id: str
    changed: bool
    mt_issues: int
    reviewed_issues: int
    scores: dict[str, dict[str, float]]


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Everything ``score`` prints and ``report`` renders."""

    data: ReviewedCorpus
    corpus: dict[str, dict[str, Score]]
    sentence_signatures: dict[str, str]
    pair_segments: dict[str, int]
    term_before: TermAccuracy | None
    term_after: TermAccuracy | None
    glossary: Glossary
    mqm_before: MqmScore
    mqm_after: MqmScore
    weights: Mapping[str, float]
    cache: SegmentScores
    checks: dict[str, CheckSummary]
    _terms: list[tuple[TermRow, ...]] = field(default_factory=list, compare=False, repr=False)
    _rows: list[tuple[SegmentRow, ...]] = field(default_factory=list, compare=False, repr=False)

    @property
    def terms(self) -> tuple[TermRow, ...]:
        """Each glossary term used on either side, before and after (made when first read)."""
        if not self._terms:
            before, after = self.checks["mt"], self.checks["reviewed"]
            self._terms.append(_term_rows(self.glossary, before, after))
        return self._terms[0]

    @property
    def segments(self) -> tuple[SegmentRow, ...]:
        """Each segment's open issues before/after and sentence scores (made when first read).

        ``score`` as text prints none of them: an unchanged re-score of 100k segments saves
        300k sentence-score lookups.
        """
        if not self._rows:
            self._rows.append(_segment_rows(self))
        return self._rows[0]

    @property
    def open_issues(self) -> tuple[Issue, ...]:
        """The reviewed text's issues that are not ignored (parsed when first read)."""
        ignored = self.data.ignored
        return tuple(i for i in self.checks["reviewed"].issues if i.fingerprint not in ignored)

    @property
    def changed(self) -> int:
        """How many segments the review changed."""
        return sum(1 for s in self.data.segments if s.changed)

    def worst(
        self, n: int = 10, pair: str = "mt-reviewed", metric: str = "TER"
    ) -> list[SegmentRow]:
        """The ``n`` segments scoring worst on ``metric`` for ``pair``.

        Worst is highest TER or lowest BLEU/chrF++; ties keep corpus order, and segments not
        scored for ``pair`` are left out.
        """
        sign = -1.0 if metric == "TER" else 1.0
        scored = [row for row in self.segments if pair in row.scores]
        return sorted(scored, key=lambda row: sign * row.scores[pair][metric])[:n]


def _check(
    glossary: Glossary,
    data: ReviewedCorpus,
    reviewed: bool,
    progress: Progress | None,
    cancel: threading.Event | None,
    kept: CheckSummary | None,
    checks: tuple[CheckConfig | None, Any],
) -> CheckSummary:
    """One side's check: ``kept`` when made from the same texts, glossary and checks.

    ``checks``: the configuration and :func:`key_head` of the glossary and configuration.
    """
    config, head = checks
    # The side's corpus (ReviewedCorpus: no inline codes, nothing locked) is made only when
    # it is checked; its key reads the texts (a test holds it to summary_key of the corpus).
    targets = (s.reviewed if reviewed else s.mt for s in data.segments)
    key = rows_key(
        head, (segment_row(s.id, s.source, t) for s, t in zip(data.segments, targets, strict=True))
    )
    if kept is not None and kept.key == key:
        if progress is not None:
            progress(len(data), len(data))
        return kept
    corpus = data.reviewed_corpus() if reviewed else data.mt_corpus()
    result = Checker(glossary, config).check_corpus(corpus, progress=progress, cancel=cancel)
    return summarise(key, glossary, result)


def _accuracy(result: CheckSummary) -> TermAccuracy:
    return TermAccuracy(result.occurrences, result.rendered)


def _open(result: CheckSummary, ignored: frozenset[str]) -> list[Mark]:
    return [m for m in result.marks if m[0] not in ignored]


def compute_scores(
    data: ReviewedCorpus,
    glossary: Glossary | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    previous: SegmentScores | None = None,
    checked: Mapping[str, CheckSummary] | None = None,
    config: CheckConfig | None = None,
    config_hash: str = "",
) -> ScoreReport:
    """Score a review.

    Args:
        data: The MT, reviewed text, references and recorded fixes.
        glossary: Terms for term accuracy, consistency and the term checks; without one,
            only the checks that need no glossary count towards the MQM score.
        weights: MQM severity multipliers.
        progress: Called with (done, total) work units as scoring advances.
        cancel: When set, scoring stops with an ``MtreviewError``.
        previous: Cached per-segment statistics; entries whose texts did not change are reused.
        checked: Kept checks of each side (``mt``, ``reviewed``), reused when made from the
            same texts, glossary and checks (:attr:`ScoreReport.checks` gives them).
        config: The checks to run and their severities (a review's own; default: all, at
            their default severity).
        config_hash: The hash of ``config``'s file (part of a kept check's key).
    """
    metrics = MetricSet(data.target_lang)
    n = len(data)
    base = {"total": 0}

    def metric_progress(done: int, total: int) -> None:
        base["total"] = total
        if progress is not None:
            progress(done, total + 2 * n)

    def check_progress(offset: int) -> Progress | None:
        if progress is None:
            return None
        report = progress

        def update(done: int, _total: int) -> None:
            report(base["total"] + offset + done, base["total"] + 2 * n)

        return update

    cache = score_segments(data, metrics, metric_progress, cancel, previous)
    terms = glossary or Glossary((), data.source_lang, data.target_lang)
    kept = checked or {}
    checks = (config, key_head(terms, config_hash))
    before = _check(terms, data, False, check_progress(0), cancel, kept.get("mt"), checks)
    if any(s.reviewed != s.mt for s in data.segments):
        after = _check(terms, data, True, check_progress(n), cancel, kept.get("reviewed"), checks)
    else:  # nothing reviewed yet: the reviewed text is the MT, checked already
        after = before
        if (report := check_progress(n)) is not None:
            report(n, n)
    mt_open, still_open = _open(before, data.ignored), _open(after, data.ignored)
    # The MT's errors: those the checks find in it, plus classified fixes of errors the
    # checks did not raise (a fix of a raised issue is that issue, not a second error).
    raised = {m[0] for m in mt_open}
    extra = [f.severity for f in data.fixes if f.severity and f.issue not in raised]
    mt_words, reviewed_words = before.words, after.words
    return ScoreReport(
        data,
        cache.corpus(metrics, data),
        metrics.signatures(sentence=True),
        {p: len(entries) for p, entries in cache.pairs.items()},
        _accuracy(before) if glossary is not None else None,
        _accuracy(after) if glossary is not None else None,
        terms,
        mqm_score([*(m[2] for m in mt_open), *extra], mt_words, weights),
        mqm_score((m[2] for m in still_open), reviewed_words, weights),
        dict(weights),
        cache,
        {"mt": before, "reviewed": after},
    )


def _segment_rows(report: ScoreReport) -> tuple[SegmentRow, ...]:
    metrics = MetricSet(report.data.target_lang)
    ignored, cache = report.data.ignored, report.cache
    open_before = _per_segment(_open(report.checks["mt"], ignored))
    open_after = _per_segment(_open(report.checks["reviewed"], ignored))
    return tuple(
        SegmentRow(
            s.id,
            s.changed,
            open_before.get(s.id, 0),
            open_after.get(s.id, 0),
            {p: sc for p in PAIRS if (sc := cache.sentence(metrics, p, s.id)) is not None},
        )
        for s in report.data.segments
    )


def _per_segment(marks: list[Mark]) -> dict[str, int]:
    out: dict[str, int] = {}
    for _fingerprint, segment, _severity in marks:
        out[segment] = out.get(segment, 0) + 1
    return out


def _term_rows(
    glossary: Glossary, before: CheckSummary, after: CheckSummary
) -> tuple[TermRow, ...]:
    old = {u.term_id: u for u in before.usages}
    new = {u.term_id: u for u in after.usages}
    return tuple(
        TermRow(t.id, t.source, t.target, old.get(t.id), new.get(t.id))
        for t in glossary.terms
        if t.id in old or t.id in new
    )
