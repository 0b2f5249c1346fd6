"""The one matcher behind `/`, the concordance and the search/regex list filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from review_helpers import GLOSSARY, small_project

from mtreview.review import Filter, MtreviewError, Query, ReviewService
from mtreview.review.find import fold, matcher

SEGMENTS = [
    ("s1", "推进碳票试点", "Promote the carbon stamp pilot. CARBON again."),
    ("s2", "三区四带ＡＢＣ１２３", "The three zones and four zones, ABC123."),
    ("s3", "碳票，碳汇", "Carbon tickets, carbon sinks: Straße."),
    ("s4", "没有", "Nothing here."),
]


@pytest.fixture
def service(tmp_path: Path) -> ReviewService:
    svc = ReviewService.open(small_project(tmp_path / "f.mtreview", SEGMENTS, GLOSSARY), "ana")
    yield svc
    svc.close()


@pytest.mark.parametrize(
    ("query", "text", "spans"),
    [
        (Query("carbon"), "Carbon, CARBON and carbon", [(0, 6), (8, 14), (19, 25)]),
        (Query("ＡＢＣ"), "abc ABC ａｂｃ", [(0, 3), (4, 7), (8, 11)]),  # full width = half
        (Query("abc１"), "ＡＢＣ1", [(0, 4)]),
        (Query("，"), "碳票,碳汇，", [(2, 3), (5, 6)]),  # full-width comma = comma
        (Query("strasse"), "Die Straße.", [(4, 10)]),  # casefold grows ß: offsets mapped back
        (Query("ss"), "Maß und Masse", [(2, 3), (10, 12)]),
        (Query("碳"), "碳票碳汇", [(0, 1), (2, 3)]),
        (Query("aa"), "aaaa", [(0, 2), (2, 4)]),  # non-overlapping
        (Query(r"carbon \w+", regex=True), "Carbon stamp, carbon sinks", [(0, 12), (14, 26)]),
        (Query(r"\p{Han}+", regex=True), "ab碳票c", [(2, 4)]),
        (Query(r"x*", regex=True), "abc", []),  # empty matches are no hits
        (Query(r"ＡＢ", regex=True), "ab", [(0, 2)]),
    ],
)
def test_matcher(query: Query, text: str, spans: list[tuple[int, int]]) -> None:
    assert matcher(query)(text) == spans


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Query(""), "query is empty"),
        (Query("(unclosed", regex=True), "bad regular expression"),
    ],
)
def test_bad_queries_are_one_line_errors(query: Query, message: str) -> None:
    with pytest.raises(MtreviewError, match=message):
        matcher(query)


def test_a_runaway_regex_gives_up() -> None:
    find = matcher(Query(r"(a|aa)+$", regex=True))
    with pytest.raises(MtreviewError, match="gave up"):
        find("a" * 60 + "b")


@given(st.text(max_size=30), st.text(min_size=1, max_size=4))
def test_every_plain_hit_folds_to_the_needle(text: str, needle: str) -> None:
    for start, end in matcher(Query(needle))(text):
        assert 0 <= start < end <= len(text)
        assert fold(needle)[0] in fold(text[start:end])[0]


@given(st.text(max_size=30))
def test_fold_keeps_or_maps_every_offset(text: str) -> None:
    folded, starts = fold(text)
    if starts is None:
        assert len(folded) == len(text)
    else:
        assert len(starts) == len(folded) + 1 and starts == sorted(starts)


def test_concordance_counts_hits_and_segments(service: ReviewService) -> None:
    found = service.concordance("carbon")
    assert (found.count, found.segments, found.positions) == (4, 2, (0, 2))
    assert [(h.segment, h.side, h.text[h.start : h.end]) for h in found.hits[:2]] == [
        ("s1", "target", "carbon"),
        ("s1", "target", "CARBON"),
    ]
    assert [(h.segment, h.side) for h in service.concordance("碳票").hits] == [
        ("s1", "source"),
        ("s3", "source"),
    ]
    regex = service.concordance(r"carbon (stamp|sinks)", regex=True)
    assert (regex.count, regex.segments) == (2, 2)


def test_concordance_reads_the_reviewed_target(service: ReviewService) -> None:
    service.edit(3, "Carbon at last.")
    assert service.concordance("carbon").positions == (0, 2, 3)


def test_search_goes_on_after_the_segment_and_wraps(service: ReviewService) -> None:
    assert service.search("carbon", -1) == 0
    assert service.search("carbon", 0) == 2
    assert service.search("carbon", 2) == 0  # wraps round
    assert service.search("abc１２３", 3) == 1  # width-insensitive, source and target
    assert service.search("nowhere", 0) is None


@pytest.mark.parametrize(
    ("flt", "positions", "label"),
    [
        (Filter("search", "CARBON"), [0, 2], "search: CARBON"),
        (Filter("text", "碳"), [0, 2], "text: 碳"),
        (Filter("regex", r"zones?\b.*zones"), [1], r"regex: zones?\b.*zones"),
        (Query("ｓｔａｍｐ").filter, [0], "search: ｓｔａｍｐ"),
        (Query("sinks?", regex=True).filter, [2], "regex: sinks?"),
    ],
)
def test_search_filters(
    service: ReviewService, flt: Filter, positions: list[int], label: str
) -> None:
    assert service.filtered(flt) == positions
    assert flt.label == label


def test_ignored_filter_lists_segments_with_ignored_issues(service: ReviewService) -> None:
    assert service.filtered(Filter("ignored")) == []
    issue = service.state(1).issues[0]
    service.ignore(1, issue.fingerprint)
    assert service.filtered(Filter("ignored")) == [1]
    service.unignore(1, issue.fingerprint)
    assert service.filtered(Filter("ignored")) == []
