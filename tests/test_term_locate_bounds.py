"""The locator's shortcut: a span that cannot reach the threshold is not aligned word by word.

``_alignment_bounds`` gives an upper bound of :func:`word_alignment` for every span of a text at
once; :func:`similarity` with that bound must give exactly what it gives without one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.glossary.locate import (
    THRESHOLD,
    _alignment_bounds,
    candidates,
    similarity,
    word_alignment,
)

# Words close to one another in spelling, and function words, so that bounds are tight.
WORDS = ["carbon", "carbons", "market", "markets", "marker", "peak", "peaking", "the", "of", "and"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)
references = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(words, references)
def test_bound_holds_and_changes_no_score(text: list[str], ref: list[str]) -> None:
    lengths = range(1, len(ref) + 3)
    bounds = _alignment_bounds(text, ref, lengths)
    for length in lengths:
        for i in range(len(text) - length + 1):
            span = text[i : i + length]
            most = bounds[length][i]
            assert word_alignment(span, ref) <= most
            for cutoff in (0.0, THRESHOLD, 80.0):
                assert similarity(span, ref, cutoff, most) == similarity(span, ref, cutoff)


def test_a_tight_bound_skips_only_spans_below_the_cutoff() -> None:
    # Nothing of "carbon market" in "the of and": the bound says so and the score is 0.
    bounds = _alignment_bounds(["the", "of", "and"], ["carbon", "market"], [3])
    assert bounds[3][0] < 0.01
    assert similarity(["the", "of", "and"], ["carbon", "market"], THRESHOLD, bounds[3][0]) == 0.0
    # A span that reaches the cutoff keeps its full score.
    bounds = _alignment_bounds(["carbon", "markets"], ["carbon", "market"], [2])
    score = similarity(["carbon", "markets"], ["carbon", "market"], THRESHOLD, bounds[2][0])
    assert score == similarity(["carbon", "markets"], ["carbon", "market"], THRESHOLD) > THRESHOLD


def test_locator_still_finds_a_near_rendering() -> None:
    text = "they set up the carbon markt last year"
    found = candidates(text, ["carbon market"])
    assert [text[c.start : c.end] for c in found[:1]] == ["carbon markt"]
