from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Term
from mtreview.glossary.segmenter import new_tokenizer
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_glossary


@pytest.fixture(scope="module")
def index() -> SourceIndex:
    return SourceIndex(load_glossary(demo_glossary()).terms)


def found(index: SourceIndex, text: str) -> list[tuple[str, int, int]]:
    return [(m.term.source, m.start, m.end) for m in index.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a real term at a word boundary
        ("自然资源部印发通知", [("自然资源部", 0, 5)]),
        ("2022年，自然资源部推动", [("自然资源部", 6, 11)]),
        # the characters of a term inside a longer word are not the term
        ("2022年，自然资源部门围绕学习", []),
        ("省级自然资源部门", []),
        ("标准地图", []),
        ("三生有幸", []),
        # a term inside a compound that jieba cuts around it
        ("推进全域土地综合整治试点", [("土地综合整治", 4, 10)]),
        ("耕地保护", [("耕地", 0, 2)]),
        ("林业碳汇", [("碳汇", 2, 4)]),
        # longest term wins
        ("国土空间规划体系", [("国土空间规划", 0, 6)]),
        ("绿水青山就是金山银山理念", [("绿水青山就是金山银山", 0, 10)]),
        ("保护绿水青山", [("绿水青山", 2, 6)]),
        # shorter terms still match beside the longer one
        ("国土空间规划和国土空间", [("国土空间规划", 0, 6), ("国土空间", 7, 11)]),
        # counts
        ("“双碳”目标和双碳战略", [("双碳", 1, 3), ("双碳", 7, 9)]),
        # offsets are code points, not bytes or UTF-16 units
        ("😀😀两山理论", [("两山", 2, 4)]),
        # non-Han neighbours never need jieba
        ("ABC双碳123", [("双碳", 3, 5)]),
    ],
)
def test_source_matches(
    index: SourceIndex, text: str, expected: list[tuple[str, int, int]]
) -> None:
    assert found(index, text) == expected


def test_adding_terms_to_jieba_creates_no_false_cut() -> None:
    terms = [t.source for t in load_glossary(demo_glossary()).terms]
    tokenizer = new_tokenizer(terms)
    assert list(tokenizer.cut("自然资源部门", HMM=False)) == ["自然资源", "部门"]
    assert next(iter(tokenizer.cut("自然资源部印发", HMM=False))) == "自然资源部"
    # a term is kept whole against its own pieces
    assert "三区四带" in list(tokenizer.cut("构建三区四带格局", HMM=False))


def test_jieba_is_spent_only_where_a_boundary_is_in_doubt() -> None:
    index = SourceIndex([Term("t", "三区四带", "three zones and four belts")])
    index.find("“三区四带”。")
    index.find("构建三区四带格局")
    assert index.boundaries.jieba_calls == 0
    index.find("自然资源部门")  # no term: no call either
    assert index.boundaries.jieba_calls == 0


def test_deprecated_terms_are_not_matched() -> None:
    index = SourceIndex([Term("t", "双碳", "dual carbon", status="deprecated")])
    assert index.find("双碳目标") == []


@pytest.mark.parametrize(
    ("text", "hits"),
    [("建设5G基站", 1), ("建设15G网络", 0), ("5G", 1), ("a5Gb", 0), ("“5G”", 1)],
)
def test_latin_terms_respect_alphanumeric_boundaries(text: str, hits: int) -> None:
    index = SourceIndex([Term("t", "5G", "5G")])
    assert len(index.find(text)) == hits


@pytest.mark.parametrize(
    "text",
    ["坚持“三错开”原则", '坚持"三错开"原则', "坚持「三错开」原则", "坚持＂三错开＂原则"],
)
def test_quote_styles_and_full_width_forms_fold(text: str) -> None:
    index = SourceIndex([Term("t", '"三错开"原则', '"Three staggered" principle')])
    (match,) = index.find(text)
    assert (match.start, match.end) == (2, 9)


def test_full_width_latin_and_case_fold() -> None:
    index = SourceIndex([Term("t", "PM2.5", "PM2.5")])
    assert [(m.start, m.end) for m in index.find("降低ＰＭ２．５浓度，pm2.5")] == [(2, 7), (10, 15)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("林明说道", ["林明"]),  # 林/明说: the break leaves one character of the name
        ("他看着林明说", ["林明"]),
        ("全国土地", []),  # 全国/土地 breaks 国土 at both edges
        ("自然资源部门", []),  # 自然资源/部门 leaves a whole word behind
        ("标准地图", []),
        ("推进标准地改革", ["标准地"]),
    ],
)
def test_a_break_at_one_edge_leaving_one_character_still_matches(
    text: str, found: list[str]
) -> None:
    index = SourceIndex(
        [
            Term("a", "林明", "Lin Ming"),
            Term("b", "国土", "land"),
            Term("c", "自然资源部", "MNR"),
            Term("d", "标准地", "standard land"),
        ]
    )
    assert [m.term.source for m in index.find(text)] == found


def _walk_straddled(freq: dict[str, int], text: str, pos: int, lo: int, hi: int) -> bool:
    # The plain definition: walk every fragment from every start before pos.
    for start in range(max(lo, pos - 11), pos):
        for end in range(start + 1, min(hi, start + 12) + 1):
            count = freq.get(text[start:end])
            if count is None:
                break
            if end > pos and count:
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中华人民共和国国土空间规划自然资源部门全地", min_size=2, max_size=24))
def test_straddle_test_is_the_dictionary_walk(index: SourceIndex, text: str) -> None:
    # The walk that starts only where a word could cross the position finds what every walk does.
    boundaries = index.boundaries
    freq = boundaries.tokenizer.FREQ
    for pos in range(1, len(text)):
        lo, hi = boundaries._run(text, pos, pos)
        assert boundaries._straddled(text, pos, lo, hi) == _walk_straddled(freq, text, pos, lo, hi)
