"""Per-segment metric statistics, cached by text, and the corpus scores summed from them.

Three comparisons (pairs) are scored: the MT against the reviewed text (edit effort; HTER when
the review is a post-edit) and, where a segment has a reference, the MT and the reviewed text
against it. Each segment's statistics are stored under a key hashing the metric settings and
both texts, so a re-score after an edit recomputes only the segments that changed.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

from mtreview.errors import MtreviewError
from mtreview.scoring.metrics import METRIC_NAMES, MetricSet, Score, Stats
from mtreview.scoring.review_data import ReviewedCorpus, ReviewedSegment
from mtreview.scoring.score_rows import EntryTable
from mtreview.scoring.score_rows import SegmentEntry as SegmentEntry  # its home before

Progress = Callable[[int, int], None]
Entries = Mapping[str, SegmentEntry]  # segment id -> entry: a dict, or an EntryTable read back
CHUNK = 250

# pair name -> (hypothesis side, reference side)
PAIRS: dict[str, tuple[str, str]] = {
    "mt-reviewed": ("mt", "reviewed"),
    "mt-reference": ("mt", "reference"),
    "reviewed-reference": ("reviewed", "reference"),
}


def cache_key(config: str, hyp: str, ref: str) -> str:
    """The cache key of one comparison: metric settings, hypothesis and reference."""
    return _keyer(config)(hyp, ref)


def _keyer(config: str) -> Callable[[str, str], str]:
    """:func:`cache_key` for one ``config``: its settings hashed once, each pair after them."""
    head = hashlib.sha1(f"{config}\x1f".encode())

    def key(hyp: str, ref: str) -> str:
        digest = head.copy()
        digest.update(f"{hyp}\x1f{ref}".encode())
        return digest.hexdigest()[:20]

    return key


def pair_texts(seg: ReviewedSegment, pair: str) -> tuple[str, str] | None:
    """(hypothesis, reference) of ``pair`` for one segment; None without a reference."""
    rows = pair_rows((seg,), pair)
    return rows[0][1:] if rows else None


def pair_rows(segments: Sequence[ReviewedSegment], pair: str) -> list[tuple[str, str, str]]:
    """(segment id, hypothesis, reference) of each segment ``pair`` compares, in order.

    A reference pair skips segments without a reference.
    """
    hyp_side, ref_side = PAIRS[pair]
    hyp_of, ref_of = attrgetter(hyp_side), attrgetter(ref_side)
    optional = ref_side == "reference"
    return [(seg.id, hyp_of(seg), ref) for seg in segments if (ref := ref_of(seg)) or not optional]


@dataclass(frozen=True, slots=True)
class SegmentScores:
    """Cached statistics: pair -> segment id -> entry, for one metric configuration.

    ``scored``: the segments whose statistics the run that made it computed (not kept).
    """

    config: str
    pairs: dict[str, Entries]
    scored: frozenset[str] = field(default=frozenset(), compare=False)

    def corpus(self, metrics: MetricSet, data: ReviewedCorpus) -> dict[str, dict[str, Score]]:
        """Corpus scores per pair and metric, summed in corpus order (as sacrebleu sums)."""
        out: dict[str, dict[str, Score]] = {}
        for pair, entries in self.pairs.items():
            if isinstance(entries, EntryTable):
                columns: list[Any] = entries.columns([s.id for s in data.segments])
            else:
                order = [s.id for s in data.segments if s.id in entries]
                rows = [entries[seg_id].stats for seg_id in order]
                columns = [[r[i] for r in rows] for i in range(len(METRIC_NAMES))]
            scores = {}
            for name, stats in zip(METRIC_NAMES, columns, strict=True):
                score = metrics.corpus_score(name, stats)
                if score is not None:
                    scores[name] = score
            if scores:
                out[pair] = scores
        return out

    def sentence(self, metrics: MetricSet, pair: str, seg_id: str) -> dict[str, float] | None:
        """Sentence-level scores of one segment for ``pair`` (None when not scored)."""
        entry = self.pairs.get(pair, {}).get(seg_id)
        if entry is None:
            return None
        scores = entry.sentence or sentence_scores(metrics, entry.stats)
        return dict(zip(METRIC_NAMES, scores, strict=True))

    def to_json(self) -> dict[str, Any]:
        """A JSON form, for storing the cache in a project."""
        return {
            "config": self.config,
            "pairs": {
                p: {
                    sid: [e.key, [list(s) for s in e.stats], list(e.sentence)]
                    for sid, e in entries.items()
                }
                for p, entries in self.pairs.items()
            },
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> SegmentScores:
        """The inverse of :meth:`to_json`."""
        return cls(
            doc["config"],
            {
                p: {
                    sid: SegmentEntry(
                        row[0],
                        tuple(tuple(float(x) for x in s) for s in row[1]),
                        tuple(float(x) for x in row[2]) if len(row) > 2 else (),
                    )
                    for sid, row in entries.items()
                }
                for p, entries in doc["pairs"].items()
            },
        )


def sentence_scores(metrics: MetricSet, stats: tuple[Stats, ...]) -> tuple[float, ...]:
    """The sentence-level scores of one segment's statistics, in ``METRIC_NAMES`` order."""
    return tuple(metrics.sentence_score(n, stats[i]) for i, n in enumerate(METRIC_NAMES))


def score_segments(
    data: ReviewedCorpus,
    metrics: MetricSet,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    previous: SegmentScores | None = None,
) -> SegmentScores:
    """Compute the statistics of every segment and pair.

    Entries of ``previous`` whose key (metric settings + both texts) still matches are reused.

    Raises:
        MtreviewError: when ``cancel`` is set (checked between chunks of 250 segments).
    """
    return _compute(data, metrics, None, previous, progress, cancel)


def update_segment_scores(
    previous: SegmentScores,
    data: ReviewedCorpus,
    changed: Collection[str],
    metrics: MetricSet,
    cancel: threading.Event | None = None,
) -> SegmentScores:
    """Recompute only the ``changed`` segments (and any not in ``previous``)."""
    return _compute(data, metrics, set(changed), previous, None, cancel)


def stale(previous: SegmentScores, data: ReviewedCorpus, metrics: MetricSet) -> set[str]:
    """Ids of segments whose cached entries no longer match their texts."""
    out: set[str] = set()
    key = _keyer(metrics.config_id)
    for seg in data.segments:
        for pair in PAIRS:
            texts = pair_texts(seg, pair)
            entry = previous.pairs.get(pair, {}).get(seg.id)
            if (texts is None) != (entry is None) or (
                texts is not None and entry is not None and entry.key != key(*texts)
            ):
                out.add(seg.id)
    return out


def _all_kept(
    table: EntryTable,
    rows: list[tuple[str, str, str]],
    keyed: Callable[[str, str], str],
    changed: set[str] | None,
    keys: dict[str, str],
) -> bool:
    """Whether ``table`` holds, with sentence scores, exactly the entries of ``rows``.

    ``rows``: :func:`pair_rows` of a pair. The keys worked out are left in ``keys`` when it
    does not.
    """
    if not table.sentences_kept or len(rows) != len(table):
        return False
    ids = [seg_id for seg_id, _hyp, _ref in rows]
    if changed is not None:
        return all(seg_id in table for seg_id in ids) and changed.isdisjoint(ids)
    made = [keyed(hyp, ref) for _id, hyp, ref in rows]
    if table.keys_of(ids) == made:
        return True
    keys.update(zip(ids, made, strict=True))
    return False


def _compute(
    data: ReviewedCorpus,
    metrics: MetricSet,
    changed: set[str] | None,
    previous: SegmentScores | None,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> SegmentScores:
    config = metrics.config_id
    if previous is not None and previous.config != config:
        previous, changed = None, None
    todo: dict[str, list[tuple[str, str, str, str]]] = {}
    pairs: dict[str, Entries] = {}
    made: dict[str, dict[str, SegmentEntry]] = {}
    keyed = _keyer(config)
    for pair in PAIRS:
        old = previous.pairs.get(pair, {}) if previous is not None else {}
        rows = pair_rows(data.segments, pair)
        keys: dict[str, str] = {}
        if isinstance(old, EntryTable) and _all_kept(old, rows, keyed, changed, keys):
            pairs[pair] = old  # read back whole: no entry made, no row written
            continue
        kept = made[pair] = {}
        for seg_id, hyp, ref in rows:
            entry = old.get(seg_id)
            key = keys.get(seg_id, "")
            if entry is not None and (
                seg_id not in changed
                if changed is not None
                else entry.key == (key := key or keyed(hyp, ref))
            ):
                if not entry.sentence:  # kept by an older version
                    entry = replace(entry, sentence=sentence_scores(metrics, entry.stats))
                kept[seg_id] = entry
                continue
            todo.setdefault(pair, []).append((seg_id, key or keyed(hyp, ref), hyp, ref))
        pairs[pair] = kept
    # Each distinct (hypothesis, reference) once: the reviewed text of an unchanged segment
    # is the MT, so "reviewed vs reference" repeats "MT vs reference", and "MT vs reviewed"
    # compares a text with itself (statistics without comparing: MetricSet.identity_stats).
    distinct = list(dict.fromkeys((hyp, ref) for rows in todo.values() for *_k, hyp, ref in rows))
    computed: dict[tuple[str, str], list[Stats]] = {pair: [] for pair in distinct}
    total = len(distinct) * len(METRIC_NAMES)
    done = 0
    for name in METRIC_NAMES:
        for start in range(0, len(distinct), CHUNK):
            if cancel is not None and cancel.is_set():
                raise MtreviewError("scoring cancelled")
            chunk = distinct[start : start + CHUNK]
            alike = [hyp for hyp, ref in chunk if hyp == ref]
            other = [(hyp, ref) for hyp, ref in chunk if hyp != ref]
            for text, row_stats in zip(alike, metrics.identity_stats(name, alike), strict=True):
                computed[text, text].append(row_stats)
            found = metrics.stats_for(name, [h for h, _r in other], [r for _h, r in other])
            for texts_pair, row_stats in zip(other, found, strict=True):
                computed[texts_pair].append(row_stats)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    scored = {
        texts: (tuple(st), sentence_scores(metrics, tuple(st))) for texts, st in computed.items()
    }
    for pair, new in todo.items():
        for seg_id, key, hyp, ref in new:
            made[pair][seg_id] = SegmentEntry(key, *scored[hyp, ref])
    # Keep corpus order within each pair, whatever was recomputed.
    order = {s.id: n for n, s in enumerate(data.segments)}
    ordered = {
        p: entries if p not in todo else dict(sorted(entries.items(), key=lambda kv: order[kv[0]]))
        for p, entries in pairs.items()
        if entries
    }
    fresh = frozenset(seg_id for rows in todo.values() for seg_id, *_rest in rows)
    return SegmentScores(config, ordered, fresh)
