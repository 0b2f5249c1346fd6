"""Each distinct (hypothesis, reference) pair is scored once, and a text against itself without
comparing: the statistics stay those sacrebleu computes (issue 14, goal 3)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.corpus.model import Corpus, Segment
from mtreview.scoring.metrics import METRIC_NAMES, MetricSet
from mtreview.scoring.review_data import ReviewedCorpus, from_corpus
from mtreview.scoring.segment_scores import PAIRS, cache_key, pair_texts, score_segments

TEXTS = [
    "",
    " ",
    "a",
    "Hello, world!",
    "The (hi) test.  x",
    "三区三线 and 两山",
    "don't stop-me now ...",
    "a a a a a",
    "é É ß ﬁ",
    "  leading and trailing  ",
    "绿色矿山建设取得新进展。",
]


@pytest.mark.parametrize("lang", ["en", "zh", "fr"])
def test_identity_statistics_equal_sacrebleu_on_samples(lang: str) -> None:
    metrics = MetricSet(lang)
    for name in METRIC_NAMES:
        assert metrics.identity_stats(name, TEXTS) == metrics.stats_for(name, TEXTS, TEXTS), name


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=60), max_size=8))
def test_identity_statistics_equal_sacrebleu(texts: list[str]) -> None:
    metrics = MetricSet("en")
    for name in METRIC_NAMES:
        assert metrics.identity_stats(name, texts) == metrics.stats_for(name, texts, texts)


def _data(n: int) -> ReviewedCorpus:
    segments = tuple(
        Segment(f"s{i}", f"源{i}", f"the green mine {i} was built in {i % 5} years", f"mine {i}")
        for i in range(n)
    )
    reviewed = {f"s{i}": f"the green mine {i} has been built" for i in range(0, n, 4)}
    return from_corpus(Corpus(segments), reviewed)


def _straight(data: ReviewedCorpus, metrics: MetricSet) -> dict[str, dict[str, tuple]]:  # type: ignore[type-arg]
    """Every pair of every segment scored by sacrebleu, one at a time."""
    out: dict[str, dict[str, tuple]] = {}  # type: ignore[type-arg]
    for pair in PAIRS:
        for seg in data.segments:
            texts = pair_texts(seg, pair)
            if texts is not None:
                stats = tuple(metrics.stats_for(n, [texts[0]], [texts[1]])[0] for n in METRIC_NAMES)
                out.setdefault(pair, {})[seg.id] = stats
    return out


def test_each_distinct_pair_is_scored_once_and_results_stay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _data(40)
    metrics = MetricSet("en")
    expected = _straight(data, metrics)
    asked: list[tuple[str, str]] = []
    original = MetricSet.stats_for

    def counting(self: MetricSet, name: str, hyps, refs):  # type: ignore[no-untyped-def]
        if name == "BLEU":
            asked.extend(zip(hyps, refs, strict=True))
        return original(self, name, hyps, refs)

    monkeypatch.setattr(MetricSet, "stats_for", counting)
    cache = score_segments(data, metrics)
    got = {p: {sid: e.stats for sid, e in entries.items()} for p, entries in cache.pairs.items()}
    assert got == expected
    # 40 MT-reference pairs, 10 reviewed-reference and 10 MT-reviewed pairs that differ; the
    # 30 unchanged segments' reviewed-reference pairs are their MT-reference pairs again, and
    # their MT-reviewed pairs compare a text with itself.
    assert len(asked) == len(set(asked)) == 60
    assert all(hyp != ref for hyp, ref in asked)
    for pair, entries in cache.pairs.items():
        for seg in data.segments:
            texts = pair_texts(seg, pair)
            if texts is not None:
                assert entries[seg.id].key == cache_key(metrics.config_id, *texts)


def test_a_pair_repeated_across_segments_is_scored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    base = _data(1)
    segments = tuple(replace(base.segments[0], id=f"r{i}") for i in range(5))
    data = replace(base, segments=segments)
    calls: list[int] = []
    original = MetricSet.stats_for

    def counting(self: MetricSet, name: str, hyps, refs):  # type: ignore[no-untyped-def]
        calls.append(len(hyps))
        return original(self, name, hyps, refs)

    monkeypatch.setattr(MetricSet, "stats_for", counting)
    cache = score_segments(data, MetricSet("en"))
    # Three distinct pairs (the segment was post-edited), once per metric, for five copies.
    assert sum(calls) == 3 * len(METRIC_NAMES)
    assert len({e.stats for e in cache.pairs["mt-reference"].values()}) == 1
    assert len(cache.pairs["mt-reference"]) == 5
