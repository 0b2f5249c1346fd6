"""Scores of a review: metrics, term accuracy and consistency, MQM, before and after.

:func:`compute_scores` is the one entry point; it takes a plain
:class:`~mtreview.scoring.review_data.ReviewedCorpus`, reports progress, can be cancelled, and
reuses cached per-segment statistics.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from mtreview.glossary.model import Glossary
from mtreview.scoring.check_summary import CheckSummary, summarise, summary_key
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
    segments: tuple[SegmentRow, ...]
    pair_segments: dict[str, int]
    term_before: TermAccuracy | None
    term_after: TermAccuracy | None
    terms: tuple[TermRow, ...]
    mqm_before: MqmScore
    mqm_after: MqmScore
    open_issues: tuple[Issue, ...]
    weights: Mapping[str, float]
    cache: SegmentScores
    checks: dict[str, CheckSummary]

    @property
    def changed(self) -> int:
        """How many segments the review changed."""
        return sum(1 for s in self.segments if s.changed)

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
    checks: tuple[CheckConfig | None, str],
) -> CheckSummary:
    """One side's check: ``kept`` when made from the same texts, glossary and checks."""
    corpus = data.reviewed_corpus() if reviewed else data.mt_corpus()
    config, config_hash = checks
    key = summary_key(glossary, corpus.segments, config_hash)
    if kept is not None and kept.key == key:
        if progress is not None:
            progress(len(corpus), len(corpus))
        return kept
    result = Checker(glossary, config).check_corpus(corpus, progress=progress, cancel=cancel)
    return summarise(key, glossary, result)


def _accuracy(result: CheckSummary) -> TermAccuracy:
    return TermAccuracy(result.occurrences, result.rendered)


def _open(result: CheckSummary, ignored: frozenset[str]) -> list[Issue]:
    return [i for i in result.issues if i.fingerprint not in ignored]


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
    checks = (config, config_hash)
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
    raised = {i.fingerprint for i in mt_open}
    extra = [f.severity for f in data.fixes if f.severity and f.issue not in raised]
    mt_words, reviewed_words = before.words, after.words
    open_before = _per_segment(mt_open)
    open_after = _per_segment(still_open)
    rows = tuple(
        SegmentRow(
            s.id,
            s.changed,
            open_before.get(s.id, 0),
            open_after.get(s.id, 0),
            {p: sc for p in PAIRS if (sc := cache.sentence(metrics, p, s.id)) is not None},
        )
        for s in data.segments
    )
    return ScoreReport(
        data,
        cache.corpus(metrics, data),
        metrics.signatures(sentence=True),
        rows,
        {p: len(entries) for p, entries in cache.pairs.items()},
        _accuracy(before) if glossary is not None else None,
        _accuracy(after) if glossary is not None else None,
        _term_rows(terms, before, after),
        mqm_score([*(i.severity for i in mt_open), *extra], mt_words, weights),
        mqm_score((i.severity for i in still_open), reviewed_words, weights),
        tuple(still_open),
        dict(weights),
        cache,
        {"mt": before, "reviewed": after},
    )


def _per_segment(issues: list[Issue]) -> dict[str, int]:
    out: dict[str, int] = {}
    for issue in issues:
        out[issue.segment] = out.get(issue.segment, 0) + 1
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
