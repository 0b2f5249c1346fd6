from __future__ import annotations

import textwrap

import pytest

from mtreview.corpus.model import Corpus, Segment
from mtreview.glossary.yaml_io import parse_glossary
from mtreview.scoring.engine import CheckConfig, Checker

GLOSSARY = parse_glossary(
    textwrap.dedent(
        """
        terms:
          - id: szsd
            source: 三区四带
            target: three zones and four belts
            forbidden: [three zones and four zones]
          - id: dual-carbon
            source: 双碳
            target: dual carbon
            variants: [carbon peaking and carbon neutrality]
          - id: two-mountains
            source: 两山
            target: two mountains
          - id: mnr
            source: 自然资源部
            target: Ministry of Natural Resources
            case_sensitive: true
            severity: critical
          - id: green-mine
            source: 绿色矿山
            target: green mine
          - id: udb
            source: 城镇开发边界
            target: urban development boundary
          - id: red-line
            source: 生态保护红线
            target: ecological protection red line
        """
    ),
    "g.yaml",
)


def check(source: str, target: str):
    return Checker(GLOSSARY).check_segment(Segment("s1", source, target)).issues


def test_forbidden_rendering_with_fix() -> None:
    target = 'Build the "three zones and four zones" pattern.'
    (issue,) = check("构建“三区四带”格局。", target)
    assert issue.check == "term-forbidden"
    assert issue.term == "szsd"
    assert issue.source_span == (3, 7)
    assert target[slice(*issue.target_span)] == "three zones and four zones"
    assert issue.fix is not None and issue.fix.replacement == "three zones and four belts"
    assert issue.fix.apply(target) == 'Build the "three zones and four belts" pattern.'


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        (
            "构建三区四带格局",
            "build the pattern of three regions and four zones",
            "three regions and four zones",
        ),
        ("实现双碳目标", "achieve the double carbon goal", "double carbon"),
        (
            "严守生态保护红线",
            "strictly observe the red line for ecological protection",
            "red line for ecological protection",
        ),
    ],
)
def test_missing_term_locates_wrong_rendering(source: str, target: str, found: str) -> None:
    (issue,) = check(source, target)
    assert issue.check == "term-missing"
    assert issue.found == found
    assert target[slice(*issue.target_span)] == found
    assert issue.fix is not None


def test_missing_term_without_similar_span_has_no_span() -> None:
    (issue,) = check("实现双碳目标", "The weather is nice today.")
    assert issue.check == "term-missing"
    assert issue.target_span is None and issue.fix is None and issue.found is None


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("2022年，自然资源部门围绕学习", "In 2022, natural resources departments focused on study"),
        ("建设绿色矿山", "building green mines"),
        ("践行两山理念", "practising the Two Mountains concept"),
        ("划定城镇开发边界", "delimiting urban development boundaries"),
        ("实现双碳目标", "achieve carbon peaking and carbon neutrality"),
        ("自然资源部印发", "the Ministry of Natural Resources issued"),
        ("实现“双碳”目标", "achieve the “dual carbon” goals"),
    ],
)
def test_traps_raise_nothing(source: str, target: str) -> None:
    assert check(source, target) == ()


def test_counts_matter() -> None:
    issues = check("双碳目标与双碳路径", "the dual carbon goal and its path")
    assert [i.check for i in issues] == ["term-missing"]
    assert issues[0].source_span == (5, 7)


def test_case_sensitive_term_gets_fix_with_capitals() -> None:
    target = "the ministry of natural resources issued"
    (issue,) = check("自然资源部印发", target)
    assert issue.severity == "critical"
    assert issue.found == "ministry of natural resources"
    assert issue.fix.replacement == "Ministry of Natural Resources"


def test_fix_keeps_sentence_capital() -> None:
    (issue,) = check("双碳目标", "Double carbon goals are set.")
    assert issue.fix.replacement == "Dual carbon"


def test_fingerprints_are_stable_across_runs_and_edits() -> None:
    first = check("构建三区四带格局", "build three zones and four zones now")
    again = check("构建三区四带格局", "Today we build three zones and four zones now")
    assert first[0].fingerprint == again[0].fingerprint
    other = check("构建三区四带格局", "build three zones and four zones")
    assert len({i.fingerprint for i in (*first, *other)}) == 1


def test_two_identical_issues_get_distinct_fingerprints() -> None:
    issues = check(
        "三区四带和三区四带", "three zones and four zones and three zones and four zones"
    )
    assert len(issues) == 2 and issues[0].fingerprint != issues[1].fingerprint


def test_corpus_learns_wrong_renderings() -> None:
    corpus = Corpus(
        (
            Segment("a", "“碳票”村", 'the "carbon stamp" village'),
            Segment("b", "首批林业碳票分红", "the first forestry carbon stamp dividends"),
        )
    )
    glossary = parse_glossary("terms:\n  - {source: 碳票, target: carbon ticket}\n", "g.yaml")
    result = Checker(glossary).check_corpus(corpus)
    assert [i.found for i in result.issues] == ["carbon stamp", "carbon stamp"]


def test_disable_and_reweight() -> None:
    segment = Segment("s", "构建三区四带格局", "build three zones and four zones")
    checker = Checker(GLOSSARY, CheckConfig(severity={"term-forbidden": "minor"}))
    assert checker.check_segment(segment).issues[0].severity == "minor"
    checker = Checker(GLOSSARY, CheckConfig(disabled=frozenset({"term-forbidden"})))
    assert checker.check_segment(segment).issues == ()
