"""The review index's counts follow its rule whatever is regrouped, ignored or updated."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.review.index import ReviewIndex
from mtreview.review.models import CONFIRMED, TODO
from mtreview.review.store_records import SharedIssue, regrouped_keys

FINGERPRINTS = [f"f{n}" for n in range(6)]
OWN = st.tuples(st.sampled_from(FINGERPRINTS), st.sampled_from(["terms", "numbers"]), st.just(""))
SHARED = st.builds(
    SharedIssue,
    st.sampled_from(FINGERPRINTS),
    st.sampled_from(["inconsistent-target", "inconsistent-source"]),
    st.just(""),
    st.none(),
    st.just("{}"),
)
SIZE = 5
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("regroup"), st.integers(0, SIZE - 1), st.lists(SHARED, max_size=3)),
        st.tuples(st.just("ignore"), st.integers(0, SIZE - 1), st.sampled_from(FINGERPRINTS)),
        st.tuples(st.just("unignore"), st.integers(0, SIZE - 1), st.sampled_from(FINGERPRINTS)),
        st.tuples(st.just("update"), st.integers(0, SIZE - 1), st.lists(OWN, max_size=3)),
    ),
    max_size=20,
)


def open_issues(keys: tuple[tuple[str, str, str], ...], ignored: set[str]) -> int:
    """The rule: a segment's issues not ignored."""
    return sum(1 for key in keys if key[0] not in ignored)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(OWN, max_size=3), min_size=SIZE, max_size=SIZE),
    st.sets(st.sampled_from(FINGERPRINTS)),
    STEPS,
)
def test_open_counts_follow_the_rule(own: list, ignored: set[str], steps: list) -> None:
    rows = [
        (pos, CONFIRMED if pos % 2 else TODO, "", json.dumps(keys), 0)
        for pos, keys in enumerate(own)
    ]
    index = ReviewIndex([f"s{n}" for n in range(SIZE)], rows, set(ignored))
    for kind, pos, value in steps:
        if kind == "regroup":
            index.relist({pos: regrouped_keys(index.keys[pos], tuple(value))})
        elif kind == "update":
            index.update(pos, keys=tuple(value))
        else:
            index.set_ignored(value, kind == "ignore", pos)
            index.recount()  # another segment may hold the same fingerprint
        counts = [open_issues(keys, index.ignored) for keys in index.keys]
        assert index.open_counts == counts
        assert index.open_total == sum(counts)
        assert index.with_issues == sum(1 for c in counts if c)
