"""Scores of a review project: what ``score PROJECT``, ``report PROJECT`` and the TUI show.

Per-segment metric statistics are kept in the project, so each segment is scored once and
again only when its text changes; the run says how many segments it had to score. A read-only
project is scored all the same, its statistics computed afresh and not kept.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary
from mtreview.review import glossary_file
from mtreview.review.fixlog import recorded_fixes
from mtreview.review.glossary_snapshot import kept_or_read
from mtreview.review.inputs import review_config
from mtreview.review.notes import review_notes
from mtreview.review.project import open_store
from mtreview.review.store import Store
from mtreview.review.store_schema import decoding
from mtreview.scoring.check_summary import CheckSummary
from mtreview.scoring.consistency import TermUsage
from mtreview.scoring.engine import CheckConfig, Checker
from mtreview.scoring.metrics import METRIC_NAMES, MetricSet
from mtreview.scoring.mqm import DEFAULT_WEIGHTS
from mtreview.scoring.reports import MQM_MODEL, accuracy_text, mqm_text
from mtreview.scoring.review_data import ReviewedCorpus, ReviewedSegment
from mtreview.scoring.review_files import read_targets
from mtreview.scoring.score_rows import EntryTable, SegmentEntry
from mtreview.scoring.scores import ScoreReport, compute_scores
from mtreview.scoring.scores import SegmentRow as ScoreRow
from mtreview.scoring.segment_scores import Entries, Progress, SegmentScores

# What the TUI's score screen shows, from the one door.
__all__ = [
    "METRIC_NAMES",
    "MQM_MODEL",
    "ProjectScores",
    "ScoreReport",
    "ScoreRow",
    "TermUsage",
    "accuracy_text",
    "mqm_text",
    "score_project",
    "score_store",
]


@dataclass(frozen=True, slots=True)
class ProjectScores:
    """One scoring of a project.

    Attributes:
        report: The figures.
        recomputed: Segments whose metric statistics were computed in this run (the rest came
            from the project's cache).
        stored: Cache rows written or deleted.
    """

    report: ScoreReport
    recomputed: int
    stored: int


def project_glossary(store: Store) -> Glossary | None:
    """The glossary the project was reviewed with (None when it names none).

    Raises:
        MtreviewError: when the glossary file is gone or unreadable.
    """
    meta = store.meta()
    if not meta.get("glossary_path"):
        return None
    where = glossary_file.resolve(store.path, meta)
    return kept_or_read(where, meta).glossary


def reviewed_data(
    store: Store,
    glossary: Glossary | None,
    config: CheckConfig,
    reference: str | Path | None = None,
) -> ReviewedCorpus:
    """The scoring input of a project; ``reference`` replaces the stored references.

    ``config`` is the review's check configuration: a fix's severity is read as it sets it.
    """
    meta = store.meta()
    # An unreviewed target is the MT's own text, not a second copy of it (50 MB at 100k).
    segments = tuple(
        ReviewedSegment(i, s, mt, mt if t == mt else t, r) for i, s, mt, t, r in store.review_rows()
    )
    checker = Checker(glossary or Glossary((), "zh", "en"), config)
    with decoding(store.path):
        known = json.loads(meta.get("known", "{}"))
        checker.known = {term: set(found) for term, found in known.items()}
        actions = store.actions()
        fixes = recorded_fixes(actions, {s.id: s for s in segments}, checker)
        logged = review_notes(actions)
        corpus_meta = json.loads(meta.get("corpus_meta", "{}"))
    data = ReviewedCorpus(
        segments,
        tuple(fixes),
        meta.get("source_lang", "zh"),
        meta.get("target_lang", "en"),
        str(store.path),
        corpus_meta,
        frozenset(store.ignored()),
        logged,
    )
    if reference is None:
        return data
    refs = read_targets(reference, data.mt_corpus(), "reference")
    segs = tuple(replace(s, reference=refs.get(s.id)) for s in data.segments)
    return replace(data, segments=segs)


Older = set[tuple[str, str]]  # (pair, segment) of rows in an older version's form
PartReader = Callable[[str, str, str], str | None]  # see Store.check_summary_text


class _KeptChecks(Mapping[str, CheckSummary]):
    """The kept checks by side, each read when first asked for.

    A side whose head cannot be read has none kept; issues and usages are read when first
    shown. A project where nothing is reviewed yet reads only the MT side's.
    """

    def __init__(self, store: Store, texts: PartReader) -> None:
        self._raw = store.check_summaries()
        self._texts, self._path = texts, store.path
        self._read: dict[str, CheckSummary | None] = {}

    def __getitem__(self, side: str) -> CheckSummary:
        if side not in self._read:
            key, head = self._raw[side]
            parts = (_part(self._texts, side, key, p, self._path) for p in ("issues", "usages"))
            self._read[side] = CheckSummary.from_parts(key, head, *parts)
        summary = self._read[side]
        if summary is None:
            raise KeyError(side)
        return summary

    def __iter__(self) -> Iterator[str]:
        return (side for side in self._raw if side in self)

    def __len__(self) -> int:
        return sum(1 for _side in self)


def _part(texts: PartReader, side: str, key: str, part: str, path: Path) -> Callable[[], str]:
    def read() -> str:
        text = texts(side, key, part)
        if text is None:
            raise MtreviewError(
                "the project was scored again while this score was shown: score it again", path
            )
        return text

    return read


def _load_cache(store: Store, config: str) -> tuple[SegmentScores | None, Older]:
    """The kept statistics, each pair read as one table where its rows allow."""
    rows = store.score_rows(config)
    if not rows:
        return None, set()
    names = dict.fromkeys(row[0] for row in rows)  # mostly one: no reference pairs
    pairs: dict[str, Entries] = {}
    older: Older = set()
    with decoding(store.path):
        for pair in names:
            kept = rows if len(names) == 1 else [row for row in rows if row[0] == pair]
            _pairs, segments, keys, stats = (list(column) for column in zip(*kept, strict=True))
            table = None
            if all(isinstance(s, bytes) for s in stats):
                table = EntryTable.read(segments, keys, stats)
            if table is not None:
                pairs[pair] = table
                continue
            pairs[pair] = {
                segment: SegmentEntry.from_row(key, raw)
                for segment, key, raw in zip(segments, keys, stats, strict=True)
            }
            older.update(
                (pair, s) for s, raw in zip(segments, stats, strict=True) if isinstance(raw, str)
            )
    return SegmentScores(config, pairs), older


def _save_cache(
    store: Store,
    cache: SegmentScores,
    previous: SegmentScores | None,
    summaries: Mapping[str, tuple[str, str, str, str]],
    older: Older,
) -> int:
    """Store ``cache`` over ``previous`` and the checks made.

    Only rows that changed are written, and those kept in an older version's form.
    """
    old = previous.pairs if previous is not None else {}
    # A pair read back whole and kept whole (an EntryTable) has nothing to write.
    upserts = [
        (pair, seg_id, entry.key, entry.to_row())
        for pair, entries in cache.pairs.items()
        if entries is not old.get(pair)
        for seg_id, entry in entries.items()
        if (pair, seg_id) in older
        or ((was := old.get(pair, {}).get(seg_id)) is not entry and was != entry)
    ]
    deletes = [
        (pair, seg_id)
        for pair, entries in old.items()
        if entries is not cache.pairs.get(pair)
        for seg_id in entries
        if seg_id not in cache.pairs.get(pair, {})
    ]
    return store.save_score_rows(cache.config, upserts, deletes, summaries)


def score_store(
    store: Store,
    glossary: Glossary | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    reference: str | Path | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    texts: PartReader | None = None,
) -> ProjectScores:
    """Score an open project and keep its per-segment statistics in it (unless read-only).

    Args:
        store: The project.
        glossary: The glossary; default: the one the project was reviewed with.
        weights: MQM severity multipliers.
        reference: A reference file replacing the project's references.
        progress: Called with (done, total) work units.
        cancel: When set, scoring stops with an ``MtreviewError`` and stores nothing.
        texts: Reads a kept check's issues or usages when the report first shows them
            (default: from ``store``, which must then stay open).
    """
    terms = glossary if glossary is not None else project_glossary(store)
    # the review's own checks (its mtreview.toml), as `check` and the review screen run them
    checks = review_config(None, project=store.path, meta=store.meta())
    data = reviewed_data(store, terms, checks.config, reference)
    metrics = MetricSet(data.target_lang)
    previous, older = _load_cache(store, metrics.config_id)
    old = _KeptChecks(store, texts or store.check_summary_text)
    report = compute_scores(
        data, terms, weights, progress, cancel, previous, old, checks.config, checks.hash
    )
    stored = 0
    if not store.read_only:
        # A side whose kept check has the same key is not written again, nor the reviewed
        # side while it is the MT side (nothing reviewed yet: compute_scores checks only one).
        shared = report.checks["reviewed"] is report.checks["mt"]
        made = {
            s: (c.key, *c.parts())
            for s, c in report.checks.items()
            if not (shared and s == "reviewed") and (s not in old or old[s].key != c.key)
        }
        stored = _save_cache(store, report.cache, previous, made, older)
    return ProjectScores(report, len(report.cache.scored), stored)


def score_project(
    path: str | Path,
    glossary: Glossary | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    reference: str | Path | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ProjectScores:
    """Score the review project at ``path`` (see :func:`score_store`).

    Raises:
        MtreviewError: when the file is not a review project or holds no segments.
    """
    store = open_store(path)
    try:
        return score_store(store, glossary, weights, reference, progress, cancel, _later(path))
    finally:
        store.close()


def _later(path: str | Path) -> PartReader:
    """Read a kept check's part from the project at ``path`` once the scoring closed it."""

    def read(side: str, key: str, part: str) -> str | None:
        store = Store.open(path, read_only=True)
        try:
            return store.check_summary_text(side, key, part)
        finally:
            store.close()

    return read
