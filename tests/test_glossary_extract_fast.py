"""The fast candidate extraction against straightforward reference implementations.

The reference functions below are the plain loops the vectorised code replaced (issue 14):
every gram counted in a dictionary, every phrase of every row counted, every phrase scored.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.corpus.formats import read_corpus
from mtreview.glossary import hashing
from mtreview.glossary.cooccur import (
    STOP_EN,
    Rendering,
    TargetPhrases,
    distinct_best,
    phrase_score,
    phrases,
    quoted_phrases,
)
from mtreview.glossary.extract import chinese_first, extract_candidates
from mtreview.glossary.ngrams import STOP, han_count, recurring_grams, termlike
from mtreview.glossary.segmenter import is_han, new_tokenizer
from mtreview.paths import demo_corpus


def reference_grams(texts: list[str], tokenizer: object) -> Counter[str]:
    found: Counter[str] = Counter()
    for text in texts:
        for run in re.findall(r"[\u3400-\u9fff\U00020000-\U0002ebef]+", text):
            words = tokenizer.lcut(run, HMM=True)  # type: ignore[attr-defined]
            for i in range(len(words)):
                for n in range(1, 5):
                    gram = words[i : i + n]
                    if len(gram) < n or gram[0] in STOP or gram[-1] in STOP:
                        continue
                    if any(w in ("的", "之", "和", "与") for w in gram):
                        break
                    expr = "".join(gram)
                    if 2 <= len(expr) <= 10 and termlike(expr):
                        found[expr] += 1
    return found


def reference_rank(
    targets: Sequence[str],
    queries: Sequence[tuple[str, Sequence[int], Mapping[int, tuple[int, int]]]],
    limit: int,
) -> list[tuple[Rendering, ...]]:
    table = TargetPhrases(targets)
    out = []
    for source, rows, quoted_rows in queries:
        co: Counter[str] = Counter()
        coq: Counter[str] = Counter()
        for row in set(rows):
            co.update(phrases(targets[row]))
            if row in quoted_rows:
                index, total = quoted_rows[row]
                found = quoted_phrases(targets[row])
                coq.update([found[index]] if len(found) == total else set(found))
        df = table.document_frequency(set(co))
        n = len(set(rows))
        scored = [
            Rendering(g, c, phrase_score(source, g, c, n, df[g], coq[g])) for g, c in co.items()
        ]
        chosen = distinct_best(scored, limit)
        out.append(tuple(chosen))
    return out


@pytest.fixture(scope="module")
def demo_segments():  # type: ignore[no-untyped-def]
    return read_corpus(demo_corpus()).segments


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    return new_tokenizer(["三区四带", "两山"])


def _frequent(counts: Counter[str]) -> dict[str, int]:
    return {e: n for e, n in counts.items() if n >= 2}


def test_recurring_grams_equal_the_plain_count_on_the_demo(demo_segments, tokenizer) -> None:  # type: ignore[no-untyped-def]
    texts = [s.source for s in demo_segments]
    expected = _frequent(reference_grams(texts, tokenizer))
    assert len(expected) > 300
    assert _frequent(recurring_grams(texts, tokenizer)) == expected


HAN = "国土空间规划生态保护修复绿色矿山碳汇没有一是的和与之三区四带两山两个第十年月"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=HAN + "，。“”5G a", min_size=0, max_size=40), max_size=30))
def test_recurring_grams_equal_the_plain_count(tokenizer, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _frequent(recurring_grams(texts, tokenizer)) == _frequent(
        reference_grams(texts, tokenizer)
    )


def test_colliding_fingerprints_change_no_count(monkeypatch, demo_segments, tokenizer) -> None:  # type: ignore[no-untyped-def]
    texts = [s.source for s in demo_segments]
    expected = _frequent(reference_grams(texts, tokenizer))
    # Only 4 distinct fingerprints: nearly every gram "seen twice", recounted by its text.
    monkeypatch.setattr(
        "mtreview.glossary.ngrams.fingerprints",
        lambda h: (h % np.uint64(4)).astype(np.uint32),
    )
    assert _frequent(recurring_grams(texts, tokenizer)) == expected


def test_han_count_agrees_with_is_han() -> None:
    chars = "".join(chr(c) for c in range(0x2F00, 0xFB00)) + "".join(
        chr(c) for c in range(0x1FFF0, 0x2F000, 7)
    )
    assert han_count(chars) == sum(is_han(c) for c in chars)


def _random_targets(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    words = ["three", "zones", "and", "four", "belts", "the", "green", "mine", "of", "two"]
    words += ["mountains", "carbon", "ticket", "2022", "a", "red", "line", "is", "double"]
    if seed % 2:  # many rare words: phrases seen once, whose scores tie
        words += [
            "".join(rng.choice("bdklmnrstv") + rng.choice("aeiou") for _ in range(3))
            for _ in range(3000)
        ]
    out = []
    for _ in range(n):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.3:
            text += f' said "{rng.choice(words)} {rng.choice(words)}" and "{rng.choice(words)}"'
        out.append(text.capitalize() + ".")
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("limit", [1, 3, 8])
def test_rank_equals_scoring_every_phrase(seed: int, limit: int) -> None:
    targets = _random_targets(seed, 400)
    rng = random.Random(seed)
    queries = []
    for source in ("三区四带", "两山", "碳票", "双碳目标"):
        rows = sorted(rng.sample(range(len(targets)), rng.randint(1, 300)))
        quoted = {r: (0, 2) for r in rows if '"' in targets[r] and rng.random() < 0.5}
        queries.append((source, rows, quoted))
    assert TargetPhrases(targets).rank(queries, limit) == reference_rank(targets, queries, limit)


def test_phrase_hash_collisions_change_no_ranking(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    targets = _random_targets(11, 80)
    queries = [("三区四带", list(range(0, 80, 2)), {}), ("两山", list(range(40)), {})]
    expected = reference_rank(targets, queries, 3)
    spans = hashing.SpanHasher.spans
    monkeypatch.setattr(
        hashing.SpanHasher, "spans", lambda self, a, b: spans(self, a, b) % np.uint64(5)
    )
    assert TargetPhrases(targets).rank(queries, 3) == expected


def test_phrases_rule_is_the_reference_one() -> None:
    # The vectorised enumeration takes the start and end rules from STOP_EN: keep them one.
    assert "the" in STOP_EN and "the green" not in phrases("the green mine")


def test_one_or_two_processes_give_the_same_candidates(demo_segments) -> None:  # type: ignore[no-untyped-def]
    segments = [s for _ in range(15) for s in demo_segments]  # above 2,000 texts: two chunks
    one = extract_candidates(segments, None, top=40, jobs=1)
    two = extract_candidates(segments, None, top=40, jobs=2)
    assert one == two and len(one) == 40


def test_chinese_first_counts_han_as_before() -> None:
    from mtreview.corpus.model import Segment

    rows = [Segment("a", "Implement 河长制", "落实河长制和三区四带。")]
    assert chinese_first(rows)[1] is False  # 3 Han in the source, 10 in the target: not 4x


def test_spans_counted_exactly_when_their_hashes_collide() -> None:
    from mtreview.glossary.ngrams import _spelled

    text = "国土空间国土规划国土空间"
    starts = np.array([0, 4, 8, 0, 2, 4], dtype=np.int64)
    ends = np.array([4, 6, 12, 2, 4, 8], dtype=np.int64)
    expected = Counter(text[a:b] for a, b in zip(starts, ends, strict=True))
    assert expected == {"国土空间": 2, "国土": 2, "空间": 1, "国土规划": 1}
    honest = np.array([1, 2, 1, 2, 3, 4], dtype=np.uint64)
    assert _spelled(text, starts, ends, honest) == expected
    # 空间 and 国土规划 share the hash of 国土空间 here: still counted apart.
    colliding = np.array([1, 2, 1, 2, 1, 1], dtype=np.uint64)
    assert _spelled(text, starts, ends, colliding) == expected
