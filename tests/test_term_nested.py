"""Nested and overlapping terms: found, judged, and reported once (issue 10, item 1).

The phrases come from real documents: the HKMA's reports (金融市场基建, 离岸人民币市场) and
government work reports (中国内地经济).
"""

from __future__ import annotations

import pytest

from mtreview.corpus.model import Corpus, Segment
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Glossary, Term
from mtreview.scoring.engine import Checker

TERMS = (
    Term("fm", "金融市场", "financial market"),
    Term("fmi", "金融市场基建", "financial market infrastructure"),
    Term("rmb", "人民币", "RMB"),
    Term("cnh", "离岸人民币市场", "offshore RMB market"),
    Term("mainland", "中国内地", "Mainland China"),
    Term("mle", "内地经济", "mainland economy"),
    Term("mnr", "自然资源部", "Ministry of Natural Resources"),
    Term("nrd", "自然资源部门", "natural resources departments"),
    Term("land", "国土", "land"),
    Term("soil", "土地", "soil"),
    Term("ts", "国土空间", "territorial space"),
    Term("tsp", "国土空间规划", "territorial spatial planning"),
)
CHECKER = Checker(Glossary(TERMS))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (term, start, end, cover term or None, nested)
        ("推进金融市场基建", [("fm", 2, 6, "fmi", True), ("fmi", 2, 8, None, False)]),
        ("发展离岸人民币市场", [("cnh", 2, 9, None, False), ("rmb", 4, 7, "cnh", True)]),
        (
            "国土空间规划体系",
            [("land", 0, 2, "ts", True), ("ts", 0, 4, "tsp", True), ("tsp", 0, 6, None, False)],
        ),
        # two overlapping terms are both found; the later one names the earlier
        ("中国内地经济增长", [("mainland", 0, 4, None, False), ("mle", 2, 6, "mainland", False)]),
        # a shorter term whose cut costs a whole word is no occurrence
        ("自然资源部门", [("nrd", 0, 6, None, False)]),
        # an edge outside the longer word must be a cut of its own (全国 straddles 国土)
        ("全国土地", [("soil", 2, 4, None, False)]),
    ],
)
def test_find_all_keeps_nested_and_overlapping_terms(
    text: str, expected: list[tuple[str, int, int, str | None, bool]]
) -> None:
    found = [
        (m.term.id, m.start, m.end, m.cover.term.id if m.cover else None, m.nested)
        for m in CHECKER.index.find_all(text)
    ]
    assert found == expected


def test_find_keeps_the_outermost_occurrences() -> None:
    index = SourceIndex(TERMS)
    assert [m.term.id for m in index.find("推进金融市场基建和中国内地经济")] == ["fmi", "mainland"]


def kinds(source: str, target: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    result = CHECKER.check_segment(Segment("s", source, target))
    return (
        {o.term.id: o.kind for o in result.occurrences},
        [(i.check, i.term or "") for i in result.issues],
    )


@pytest.mark.parametrize(
    ("target", "occurrences", "issues"),
    [
        # the longer term is rendered: the nested one is covered
        (
            "promote financial market infrastructure",
            {"fm": "covered", "fmi": "target"},
            [],
        ),
        # the longer term is wrong but holds the nested term's rendering: covered, one issue
        (
            "promote the financial market facilities",
            {"fm": "covered", "fmi": "wrong"},
            [("term-missing", "fmi")],
        ),
        # the longer term is wrong and lacks it: unrendered, yet reported once, under the longer
        (
            "promote the infrastructure of markets",
            {"fm": "absent", "fmi": "wrong"},
            [("term-missing", "fmi")],
        ),
        ("promote the reform", {"fm": "absent", "fmi": "absent"}, [("term-missing", "fmi")]),
    ],
)
def test_nested_term_is_judged_through_its_cover(
    target: str, occurrences: dict[str, str], issues: list[tuple[str, str]]
) -> None:
    assert kinds("推进金融市场基建", target) == (occurrences, issues)


def test_overlapping_terms_are_both_judged() -> None:
    both = kinds("中国内地经济增长", "the mainland economy of Mainland China grew")
    assert both == ({"mainland": "target", "mle": "target"}, [])
    one = kinds("中国内地经济增长", "Mainland China grew fast")
    assert one[0] == {"mainland": "target", "mle": "absent"}
    assert one[1] == [("term-missing", "mle")]


def test_nested_occurrences_count_in_term_accuracy() -> None:
    corpus = Corpus(
        (
            Segment("a", "推进金融市场基建", "promote financial market infrastructure"),
            Segment("b", "推进金融市场基建", "promote the infrastructure of markets"),
        )
    )
    result = CHECKER.check_corpus(corpus)
    assert result.term_counts() == (4, 2)
    assert [i.check for i in result.issues if i.check.startswith("term")] == ["term-missing"]


def test_a_dictionary_word_made_of_terms_holds_them_all() -> None:
    # jieba's dictionary has 中华人民共和国中央军事委员会 as one word (the PRC Constitution,
    # article 93); both terms it is made of stand in it, and a word they do not tile is no help.
    index = SourceIndex(
        (
            Term("prc", "中华人民共和国", "People's Republic of China"),
            Term("cmc", "中央军事委员会", "Central Military Commission"),
            Term("mnr", "自然资源部", "Ministry of Natural Resources"),
        )
    )
    text = "第九十三条　中华人民共和国中央军事委员会领导全国武装力量。"
    assert [(m.term.id, m.start, m.end) for m in index.find_all(text)] == [
        ("prc", 6, 13),
        ("cmc", 13, 20),
    ]
    assert index.find_all("省级自然资源部门") == []


def test_an_overlap_jieba_would_not_cut_counts_only_when_rendered() -> None:
    # 这种冠状病毒传播性很强: 冠状病毒 + 传播性; 病毒传播 ("virus spreads") is no occurrence
    # there, unless the target renders it.
    checker = Checker(
        Glossary(
            (
                Term("coronavirus", "冠状病毒", "coronavirus"),
                Term("virus-spreads", "病毒传播", "virus spreads"),
            )
        )
    )
    source = "这种冠状病毒传播性很强"
    plain = checker.check_segment(Segment("s", source, "this coronavirus is highly transmissible"))
    assert [o.term.id for o in plain.occurrences] == ["coronavirus"]
    assert plain.issues == ()
    rendered = checker.check_segment(Segment("s", source, "this coronavirus: the virus spreads"))
    assert {o.term.id: o.kind for o in rendered.occurrences} == {
        "coronavirus": "target",
        "virus-spreads": "target",
    }
