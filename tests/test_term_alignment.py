"""Renderings are given to source occurrences by position (issue 10, item 2)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.corpus.model import Segment
from mtreview.glossary.align import align
from mtreview.glossary.model import Glossary, Term
from mtreview.scoring.engine import Checker

positions = st.lists(st.floats(0, 1, allow_nan=False), max_size=12).map(sorted)


def _pairs(result: list[int | None]) -> list[tuple[int, int]]:
    return [(i, j) for i, j in enumerate(result) if j is not None]


@given(positions, positions)
def test_alignment_of_one_term_is_monotone_and_complete(
    left: list[float], right: list[float]
) -> None:
    result = align(left, right)
    pairs = _pairs(result)
    assert len(result) == len(left)
    assert len(pairs) == min(
        len(left), len(right)
    )  # every occurrence gets one, if there are enough
    assert [j for _, j in pairs] == sorted({j for _, j in pairs})  # monotone, no span twice
    assert align(left, right) == result  # deterministic


@given(positions, positions, st.integers(0, 2**32 - 1))
def test_alignment_with_constraints_respects_them(
    left: list[float], right: list[float], seed: int
) -> None:
    rng = random.Random(seed)
    allowed = {(i, j) for i in range(len(left)) for j in range(len(right)) if rng.random() < 0.6}
    result = align(left, right, lambda i, j: (i, j) in allowed)
    pairs = _pairs(result)
    assert all(p in allowed for p in pairs)
    assert len({j for _, j in pairs}) == len(pairs)  # a span satisfies one occurrence only
    # Maximal: no free occurrence could still take a free compatible span.
    free = set(range(len(right))) - {j for _, j in pairs}
    assert not any((i, j) in allowed for i, j0 in enumerate(result) if j0 is None for j in free)
    assert align(left, right, lambda i, j: (i, j) in allowed) == result


def test_alignment_prefers_the_preferred_and_the_near() -> None:
    # one occurrence, a forbidden rendering beside it, an accepted one far away: accepted wins
    assert align([0.1], [0.1, 0.9], preferred=[False, True]) == [1]
    # all alike: the nearest
    assert align([0.8], [0.1, 0.5, 0.75]) == [2]
    # more occurrences than renderings: the renderings go to the nearest occurrences, in order
    assert align([0.1, 0.5, 0.9], [0.45, 0.95]) == [None, 0, 1]


GLOSSARY = Glossary(
    (
        Term("dual-carbon", "双碳", "dual carbon", ("carbon peaking and carbon neutrality",)),
        Term("peak-neutral", "碳达峰碳中和", "carbon peaking and carbon neutrality"),
        Term("szsd", "三区四带", "three zones and four belts"),
        Term("red-line", "生态保护红线", "ecological protection red line"),
    )
)
FILLER_ZH = "推进各项工作并取得明显成效，" * 20
FILLER_EN = "work in every field was pushed forward with clear results, " * 20


def check(source: str, target: str, glossary: Glossary = GLOSSARY):  # type: ignore[no-untyped-def]
    return Checker(glossary).check_segment(Segment("s", source, target))


def test_the_unrendered_occurrence_is_the_one_reported() -> None:
    # The only rendering stands at the end: it renders the second occurrence, not the first.
    source = "构建三区四带格局。" + FILLER_ZH + "完善三区四带。"
    target = "Build the new pattern. " + FILLER_EN + "Improve the three zones and four belts."
    (issue,) = check(source, target).issues
    assert issue.source_span == (2, 6)


def test_two_terms_sharing_a_rendering_share_it_by_proximity() -> None:
    source = "实现碳达峰碳中和。" + FILLER_ZH + "落实双碳战略。"
    target = (
        "Achieve the goals. "
        + FILLER_EN
        + "Carry out the carbon peaking and carbon neutrality strategy."
    )
    result = check(source, target)
    assert {o.term.id: o.kind for o in result.occurrences} == {
        "peak-neutral": "absent",
        "dual-carbon": "variant",
    }
    assert [i.term for i in result.issues] == ["peak-neutral"]


def test_a_target_span_satisfies_one_occurrence_only() -> None:
    result = check("双碳目标与双碳路径", "the dual carbon goal and its path")
    assert [o.kind for o in result.occurrences] == ["target", "absent"]


def test_renderings_follow_their_occurrences_in_order() -> None:
    source = "双碳目标，" + FILLER_ZH + "三区四带，" + FILLER_ZH + "双碳路径"
    target = (
        "the dual carbon goal, " + FILLER_EN + "the three zones and four belts, " + FILLER_EN
        + "the path of dual carbon"
    )  # fmt: skip
    spans = [o.target_span for o in check(source, target).occurrences]
    assert spans == sorted(spans)  # type: ignore[type-var]


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(GLOSSARY.terms))))
def test_result_does_not_depend_on_glossary_order(order: list[int]) -> None:
    shuffled = Glossary(tuple(GLOSSARY.terms[i] for i in order))
    source = "实现碳达峰碳中和与双碳目标，严守生态保护红线，构建三区四带格局。"
    target = (
        "achieve carbon peaking and carbon neutrality and the carbon peaking and carbon "
        "neutrality goals, observe the red line for ecological protection, build the three "
        "zones and four zones"
    )
    expected = check(source, target)
    got = check(source, target, shuffled)
    assert got.record.to_json() == expected.record.to_json()
    assert [i.to_json() for i in got.issues] == [i.to_json() for i in expected.issues]
