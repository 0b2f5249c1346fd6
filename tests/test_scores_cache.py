from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest

from mtreview.corpus.model import Corpus, Segment
from mtreview.errors import MtreviewError
from mtreview.scoring.metrics import MetricSet
from mtreview.scoring.review_data import ReviewedCorpus, from_corpus
from mtreview.scoring.segment_scores import (
    CHUNK,
    SegmentScores,
    score_segments,
    stale,
    update_segment_scores,
)


def _data(n: int, with_ref: bool = True) -> ReviewedCorpus:
    segs = tuple(
        Segment(
            f"s{i:04d}",
            f"源{i}",
            f"the green mine number {i} was built in {i % 7} years",
            f"green mine {i} was built within {i % 7} years" if with_ref and i % 3 else None,
        )
        for i in range(n)
    )
    reviewed = {s.id: s.target.replace("was built", "has been built") for s in segs[::2]}
    return from_corpus(Corpus(segs), reviewed)


def _edit(data: ReviewedCorpus, changes: dict[str, str]) -> ReviewedCorpus:
    segments = tuple(
        replace(s, reviewed=changes[s.id]) if s.id in changes else s for s in data.segments
    )
    return replace(data, segments=segments)


class Counting(MetricSet):
    def __init__(self) -> None:
        super().__init__("en")
        self.scored = 0

    def stats_for(self, name, hyps, refs):  # type: ignore[no-untyped-def]
        self.scored += len(hyps)
        return super().stats_for(name, hyps, refs)


def test_pairs_cover_reference_segments_only() -> None:
    data = _data(30)
    metrics = MetricSet()
    cache = score_segments(data, metrics)
    with_ref = sum(1 for s in data.segments if s.reference)
    assert len(cache.pairs["mt-reviewed"]) == 30
    assert len(cache.pairs["mt-reference"]) == len(cache.pairs["reviewed-reference"]) == with_ref
    assert "mt-reference" not in score_segments(_data(5, with_ref=False), metrics).pairs


def test_update_recomputes_only_the_changed_segments_and_matches_a_full_run() -> None:
    data = _data(60)
    metrics = Counting()
    cache = score_segments(data, metrics)
    changes = {"s0003": "a new text entirely", "s0010": "green mine 10 was built in 3 years"}
    edited = _edit(data, changes)
    metrics.scored = 0
    updated = update_segment_scores(cache, edited, changes.keys(), metrics)
    # Each changed segment is scored once per metric for each pair it is in (here 3 pairs
    # for s0010, which has a reference, and s0003 has none: 1 pair).
    assert metrics.scored == 3 * (1 + 3)
    full = score_segments(edited, MetricSet())
    assert updated == full
    assert updated.corpus(metrics, edited) == full.corpus(metrics, edited)
    assert updated.corpus(metrics, edited) != cache.corpus(metrics, data)


def test_keys_find_stale_entries_and_reuse_the_rest() -> None:
    data = _data(40)
    metrics = Counting()
    cache = score_segments(data, metrics)
    edited = _edit(data, {"s0007": "something else"})
    assert stale(cache, edited, metrics) == {"s0007"}
    assert stale(cache, data, metrics) == set()
    metrics.scored = 0
    again = score_segments(edited, metrics, previous=cache)
    # Only the reviewed text changed: MT-vs-reference is still cached, two pairs are redone.
    assert metrics.scored == 3 * 2
    assert again == score_segments(edited, MetricSet())


def test_cache_survives_json() -> None:
    data = _data(12)
    metrics = MetricSet()
    cache = score_segments(data, metrics)
    back = SegmentScores.from_json(json.loads(json.dumps(cache.to_json())))
    assert back == cache
    assert back.corpus(metrics, data) == cache.corpus(metrics, data)


def test_other_metric_settings_invalidate_the_cache() -> None:
    data = _data(10)
    cache = score_segments(data, MetricSet("en"))
    assert MetricSet("en").config_id == cache.config
    other = MetricSet("zh")
    assert other.config_id != cache.config
    assert update_segment_scores(cache, data, set(), other).config == other.config_id


def test_progress_reaches_the_total_and_cancel_stops() -> None:
    data = _data(CHUNK + 10, with_ref=False)
    seen: list[tuple[int, int]] = []
    score_segments(data, MetricSet(), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3 * len(data), 3 * len(data))
    assert len(seen) == 3 * 2  # two chunks per metric
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(MtreviewError, match="cancelled"):
        score_segments(data, MetricSet(), cancel=cancel)


def test_a_chunk_of_identical_pairs_leaves_the_signatures_as_they_were() -> None:
    # Every segment unreviewed: each chunk compares texts with themselves only, and the
    # signatures a fresh run prints are those a run from the cache prints (nrefs:1).
    data = from_corpus(_data(CHUNK + 5, with_ref=False).mt_corpus())
    metrics = MetricSet("en")
    before = metrics.signatures(sentence=True)
    cache = score_segments(data, metrics)
    assert metrics.signatures(sentence=True) == before
    assert all("nrefs:1" in s for s in before.values())
    assert all(
        "nrefs:1" in s.signature for s in cache.corpus(metrics, data)["mt-reviewed"].values()
    )
