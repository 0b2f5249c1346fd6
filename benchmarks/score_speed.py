"""Speed of the corpus metrics and of an incremental re-score.

Generates 10,000 English segment pairs (MT and a post-edit of it, plus a reference), then
prints seconds for: sacrebleu's public corpus_score per metric (the baseline), mtreview's
per-segment statistics per metric, the three pairs together, and re-scoring after 10 segments
change (update_segment_scores + corpus sums). Run from the repository root:
``python -m benchmarks.score_speed [N]``.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import replace

from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from mtreview.corpus.model import Corpus, Segment
from mtreview.scoring.metrics import METRIC_NAMES, MetricSet
from mtreview.scoring.review_data import ReviewedCorpus, from_corpus
from mtreview.scoring.segment_scores import score_segments, stale, update_segment_scores

WORDS = (
    "the green mine ecological protection red line territorial spatial planning carbon sink "
    "ministry of natural resources land consolidation high-quality development a an in on for "
    "with and to was has been built restored plan policy county province national park marine "
    "ranch offshore wind power three zones four belts dual carbon ticket"
).split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))) + "."


def _post_edit(rng: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(rng.randint(0, 4)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def make_data(n: int, seed: int = 7) -> ReviewedCorpus:
    rng = random.Random(seed)
    segments = []
    reviewed = {}
    for i in range(n):
        mt = _sentence(rng)
        segments.append(Segment(f"s{i:06d}", "源", mt, _post_edit(rng, mt)))
        reviewed[f"s{i:06d}"] = _post_edit(rng, mt)
    return from_corpus(Corpus(tuple(segments)), reviewed)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = make_data(n)
    hyps = [s.mt for s in data.segments]
    refs = [s.reviewed for s in data.segments]
    print(f"{n:,} segment pairs, {sum(len(h.split()) for h in hyps):,} MT words")
    public = {"BLEU": BLEU(), "chrF++": CHRF(word_order=2), "TER": TER()}
    for name, metric in public.items():
        timed(
            f"sacrebleu corpus_score {name} (baseline)",
            lambda m=metric: m.corpus_score(hyps, [refs]),
        )
    metrics = MetricSet("en")
    for name in METRIC_NAMES:
        timed(
            f"mtreview per-segment stats {name}", lambda nm=name: metrics.stats_for(nm, hyps, refs)
        )
    mt_only = replace(data, segments=tuple(replace(s, reference=None) for s in data.segments))
    timed("score_segments, MT vs reviewed (3 metrics)", lambda: score_segments(mt_only, metrics))
    cache = timed(
        "score_segments, 3 pairs incl. reference (3 metrics)",
        lambda: score_segments(data, metrics),
    )
    timed("corpus scores summed from the cache (3 pairs)", lambda: cache.corpus(metrics, data))
    rng = random.Random(1)
    picked = rng.sample(data.segments, 10)
    # A reviewer's edit (a few words) and a worst case (the whole segment rewritten: TER's
    # shift search is slowest on unrelated texts).
    edits = {
        "10 segments edited": lambda s: _post_edit(rng, s.reviewed),
        "10 segments rewritten": lambda s: _sentence(rng),
    }
    for label, new_text in edits.items():
        changed = {s.id: new_text(s) for s in picked}
        edited = replace(
            data,
            segments=tuple(
                replace(s, reviewed=changed[s.id]) if s.id in changed else s for s in data.segments
            ),
        )

        def incremental(edited=edited, changed=changed):  # type: ignore[no-untyped-def]
            updated = update_segment_scores(cache, edited, changed.keys(), metrics)
            return updated, updated.corpus(metrics, edited)

        updated, _ = timed(f"{label}: update + corpus sums (3 pairs)", incremental)
        assert updated == score_segments(edited, MetricSet("en")), "differs from a full run"
    timed("find stale segments by cache key (hash every text)", lambda: stale(cache, data, metrics))
    print("incremental results equal full recomputes: yes")


if __name__ == "__main__":
    main()
