"""The candidate extraction's shared-out passes against plain loops, in one and two processes."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.corpus.formats import read_corpus
from mtreview.glossary import forked, ngrams
from mtreview.glossary.cooccur import TargetPhrases, _words
from mtreview.glossary.extract import _counts
from mtreview.glossary.phrase_counts import count_phrases
from mtreview.glossary.segmenter import new_tokenizer
from mtreview.paths import demo_corpus


def _scaled(part: tuple[int, int]) -> list[int]:
    return [n * forked.shared("factor") for n in range(*part)]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_forked_map_keeps_the_order_of_the_parts_and_forgets_the_state(jobs: int) -> None:
    parts = forked.ranges(10, 3)
    assert parts == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert list(forked.forked_map(_scaled, parts, jobs, factor=7)) == [
        [0, 7, 14],
        [21, 28, 35],
        [42, 49, 56],
        [63],
    ]
    with pytest.raises(KeyError):
        forked.shared("factor")


def reference_counts(pool: list[str], texts: list[str]) -> list[int]:
    """Overlapping occurrences of each expression, found with str.find one by one."""
    out = []
    for expr in pool:
        total = 0
        for text in texts:
            at = text.find(expr)
            while at >= 0:
                total += 1
                at = text.find(expr, at + 1)
        out.append(total)
    return out


ALPHABET = "国土空间规划三区四带\x00\x01\n“”"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12),
    st.lists(st.text(alphabet=ALPHABET, max_size=30), max_size=40),
)
def test_counts_equal_counting_each_expression_alone(pool: list[str], texts: list[str]) -> None:
    # Expressions holding \x00, \x01 or \n leave the texts to be joined by another character,
    # or searched one by one.
    pool = sorted(set(pool))
    assert _counts(pool, texts) == reference_counts(pool, texts)


@pytest.mark.parametrize("glued", ["", "\x00", "\x00\x01\n"])
def test_counts_in_two_processes_equal_counts_in_one(glued: str) -> None:
    rng = random.Random(len(glued))
    texts = ["".join(rng.choice("国土空间规划三区四带\n") for _ in range(60)) for _ in range(1200)]
    pool = sorted({t[i : i + rng.randint(2, 4)] for t in texts[:50] for i in (0, 9)} | {glued})
    pool = [p for p in pool if p]
    expected = reference_counts(pool, texts)
    assert _counts(pool, texts, jobs=1) == expected
    assert _counts(pool, texts, jobs=2) == expected


def reference_document_frequency(targets: list[str], grams: set[str]) -> Counter[str]:
    """In how many targets each phrase's words stand one after the other."""
    df: Counter[str] = Counter()
    for target in targets:
        words = _words(target)
        for gram in grams:
            need = gram.split(" ")
            if any(words[i : i + len(need)] == need for i in range(len(words))):
                df[gram] += 1
    return df


@pytest.mark.parametrize("jobs", [1, 2])
def test_document_frequency_shared_out_equals_the_plain_loop(jobs: int) -> None:
    rng = random.Random(5)
    words = "three zones and four belts the green mine two-way carbon’s red line".split()
    targets = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(300)]
    targets[7] = "Three “zones” — and FOUR belts."
    grams = {"three zones", "four belts", "green", "mine two-way", "red line the", "absent"}
    table = TargetPhrases(targets, jobs=jobs)
    expected = reference_document_frequency(targets, grams)
    assert expected["three zones"] > 0 and "absent" not in expected
    assert table.document_frequency(grams) == expected


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60))
def test_best_first_with_a_limit_is_the_head_of_the_whole_order(seed: int, limit: int) -> None:
    rng = random.Random(seed)
    words = "a green mine of two red lines carbon ticket zones belts".split()
    rows = [[rng.choice(words) for _ in range(rng.randint(0, 9))] for _ in range(30)]
    table = TargetPhrases([])
    counts = count_phrases(table.vocabulary, rows, [[] for _ in rows])
    # Few distinct bounds: many ties at the cut, which the limited order must settle alike.
    bound = counts.rows.astype(np.float64) // 3
    whole = counts.best_first(bound, table.vocabulary)
    assert counts.best_first(bound, table.vocabulary, limit).tolist() == whole[:limit].tolist()


def test_recurring_grams_in_two_processes_equal_one(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [s.source for s in read_corpus(demo_corpus()).segments]
    tokenizer = new_tokenizer(["三区四带"])
    monkeypatch.setattr(ngrams, "CHUNK", 7)  # many chunks, shared out between the workers
    one = ngrams.recurring_grams(texts, tokenizer, jobs=1)
    assert len(one) > 300
    assert ngrams.recurring_grams(texts, tokenizer, jobs=2) == one


@pytest.mark.parametrize("limit", [1, 3])
def test_rank_in_two_processes_equals_one(limit: int) -> None:
    rng = random.Random(limit)
    words = "three zones and four belts the green mine of two carbon ticket red line".split()
    words += [
        "".join(rng.choice("bdklmnrstv") + rng.choice("aeiou") for _ in range(3))
        for _ in range(500)
    ]
    targets = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 25))) for _ in range(600)]
    queries = []
    for source in ("三区四带", "两山", "碳票", "双碳目标", "两个"):
        rows = sorted(rng.sample(range(len(targets)), rng.randint(1, 400)))
        queries.append((source, rows, {}))
    one = TargetPhrases(targets).rank(queries, limit)
    assert all(one)
    assert TargetPhrases(targets, jobs=2).rank(queries, limit) == one
