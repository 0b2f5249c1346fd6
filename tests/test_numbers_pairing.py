"""Pairing source and target numbers: a largest matching, in text order, linear in the count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.scoring.checks.numbers import fits, pair
from mtreview.scoring.ennum import TargetNumber
from mtreview.scoring.zhnum import SourceNumber

KINDS = ("cardinal", "percent", "fraction", "month", "id")


def _source(i: int, value: float, kind: str) -> SourceNumber:
    return SourceNumber((i, i + 1), f"{value:g}", value, kind, None)


def _target(i: int, values: tuple[float, ...], kind: str, precision: float) -> TargetNumber:
    return TargetNumber((i, i + 1), f"{values[0]:g}", values, kind, precision, False)


def _largest(sources: list[SourceNumber], targets: list[TargetNumber]) -> int:
    """The size of a largest matching, by plain augmenting paths over every pair."""
    owner: dict[int, int] = {}

    def augment(s: int, seen: set[int]) -> bool:
        for t, tgt in enumerate(targets):
            if t not in seen and fits(sources[s], tgt):
                seen.add(t)
                if t not in owner or augment(owner[t], seen):
                    owner[t] = s
                    return True
        return False

    return sum(augment(s, set()) for s in range(len(sources)))


VALUES = st.sampled_from([1.0, 2.0, 5.0, 50.0, 0.5, 12.0, 1200.0, 1250.0, 1e6])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(VALUES, st.sampled_from(KINDS)), max_size=12),
    st.lists(
        st.tuples(
            st.lists(VALUES, min_size=1, max_size=2),
            st.sampled_from(("digits", "word", "month")),
            st.sampled_from((0.0, 0.5, 50.0)),
        ),
        max_size=12,
    ),
)
def test_pairing_is_a_largest_matching_of_fitting_numbers(raw_sources, raw_targets) -> None:
    sources = [_source(i, v, k) for i, (v, k) in enumerate(raw_sources)]
    targets = [_target(i, tuple(v), k, p) for i, (v, k, p) in enumerate(raw_targets)]
    matched = pair(sources, targets)
    assert len(set(matched.values())) == len(matched)
    assert all(fits(sources[s], targets[t]) for s, t in matched.items())
    assert len(matched) == _largest(sources, targets)


def test_repeated_numbers_pair_in_text_order() -> None:
    sources = [_source(i, 2023.0, "cardinal") for i in range(400)]
    targets = [_target(i, (2023.0,), "digits", 0.0) for i in range(300)]
    assert pair(sources, targets) == {i: i for i in range(300)}
