"""Script-insensitive checks: Simplified and Traditional corpora and glossaries in every pairing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

import opencc
import pytest

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.engine import Checker

Pick = Callable[[int], bool]
PICK: dict[str, Pick] = {"S": lambda n: False, "T": lambda n: True, "M": lambda n: n % 2 == 1}


@lru_cache(maxsize=4)
def _converter(config: str) -> Callable[[str], str]:
    convert: Callable[[str], str] = opencc.OpenCC(f"{config}.json").convert
    return convert


def _to(config: str, text: str) -> str:
    out = _converter(config)(text)
    assert len(out) == len(text)
    return out


def _issues(glossary: Glossary, segments: list[Segment]) -> list[tuple[object, ...]]:
    result = Checker(glossary).check_corpus(segments, jobs=1)
    return sorted(
        (i.segment, i.check, i.term, i.source_span, i.target_span, i.fingerprint, i.found)
        for i in result.issues
    )


@lru_cache(maxsize=1)
def _demo() -> tuple[Glossary, tuple[Segment, ...], tuple[tuple[object, ...], ...]]:
    glossary = load_glossary(demo_glossary())
    segments = read_corpus(demo_corpus()).segments
    return glossary, segments, tuple(_issues(glossary, list(segments)))


@pytest.mark.parametrize(
    ("config", "corpus", "terms"),
    [
        *[("s2t", c, g) for c in "STM" for g in "STM" if (c, g) != ("S", "S")],
        ("s2tw", "T", "S"),
        ("s2tw", "T", "T"),
        ("s2hk", "T", "S"),
        ("s2hk", "S", "T"),
        ("s2hk", "M", "M"),
    ],
)
def test_the_demo_in_traditional_gives_the_same_issues(
    config: str, corpus: str, terms: str
) -> None:
    glossary, segments, expected = _demo()
    converted = replace(
        glossary,
        terms=tuple(
            replace(t, source=_to(config, t.source)) if PICK[terms](n) else t
            for n, t in enumerate(glossary.terms)
        ),
    )
    texts = [
        replace(s, source=_to(config, s.source)) if PICK[corpus](n) else s
        for n, s in enumerate(segments)
    ]
    changed_segments = sum(s.source != o.source for s, o in zip(texts, segments, strict=True))
    changed_terms = sum(
        t.source != o.source for t, o in zip(converted.terms, glossary.terms, strict=True)
    )
    assert (changed_segments > 60) == (corpus != "S")
    assert (changed_terms > 10) == (terms != "S")
    got = _issues(converted, texts)
    assert len([i for i in expected if str(i[1]).startswith("term")]) == 29
    assert got == list(expected)


# Hong Kong Yearbook 2006, chapter 4, "Banking Sector / Main Features", first two paragraphs
# (www.yearbook.gov.hk/2006/tc/04_03.htm and /en/04_03.htm), quoted as a test of real
# Traditional text; the English is the published human translation.
HK_TC = [
    "香港實行接受存款機構三級制：分別是持牌銀行、有限制牌照銀行及接受存款公司。根據《銀行業條例》，"
    "這三類機構統稱為認可機構。香港金融管理局是這三類認可機構的發牌機關。",
    "只有持牌銀行才可從事全面的銀行業務，特別是往來與儲蓄帳戶業務，以及接受不限數額及存款期的存款。"
    "有限制牌照銀行可接受50萬元或以上的存款，存款期不限。接受存款公司只可接受十萬元或以上的存款，"
    "最初的存款期至少為三個月。不少接受存款公司都是由持牌銀行擁有或與持牌銀行有聯繫。",
]
HK_EN = [
    "Hong Kong maintains a three-tier system of deposit-taking institutions — licensed banks, "
    "restricted licence banks and deposit-taking companies. They are collectively known as AIs "
    "under the Banking Ordinance. The HKMA is the licensing authority for all three types of AIs.",
    "Only licensed banks may conduct full banking services, including in particular the provision "
    "of current and savings accounts and acceptance of deposits of any size and maturity. "
    "Restricted licence banks may take deposits of any maturity of $500,000 or above. "
    "Deposit-taking companies may take deposits of $100,000 or above with an original maturity "
    "of at least three months. Many deposit-taking companies are owned by, or otherwise "
    "associated with, licensed banks.",
]
# (Traditional source, Simplified source, target, variants)
HK_TERMS = [
    ("持牌銀行", "持牌银行", "licensed bank", ()),
    ("有限制牌照銀行", "有限制牌照银行", "restricted licence bank", ()),
    ("接受存款公司", "接受存款公司", "deposit-taking company", ()),
    ("認可機構", "认可机构", "authorized institution", ("AIs", "AI")),
    ("銀行業條例", "银行业条例", "Banking Ordinance", ()),
    ("香港金融管理局", "香港金融管理局", "Hong Kong Monetary Authority", ("HKMA",)),
    ("存款期", "存款期", "maturity", ()),
]
# Counted by hand in the two paragraphs: (paragraph, term, occurrences)
HK_COUNTS = {
    (0, "licensed-bank"): 1,
    (0, "restricted-licence-bank"): 1,
    (0, "deposit-taking-company"): 1,
    (0, "banking-ordinance"): 1,
    (0, "authorized-institution"): 2,
    (0, "hong-kong-monetary-authority"): 1,
    (1, "licensed-bank"): 3,
    (1, "restricted-licence-bank"): 1,
    (1, "deposit-taking-company"): 2,
    (1, "maturity"): 3,
}


def _hk_glossary(script: str) -> Glossary:
    terms = []
    for n, (tc, sc, target, variants) in enumerate(HK_TERMS):
        source = {"T": tc, "S": sc, "M": tc if n % 2 else sc}[script]
        terms.append(Term(target.lower().replace(" ", "-"), source, target, variants=variants))
    return Glossary(tuple(terms))


@pytest.mark.parametrize("script", ["T", "S", "M"])
def test_real_hong_kong_text_finds_every_term(script: str) -> None:
    index = SourceIndex(_hk_glossary(script).terms)
    counts: dict[tuple[int, str], int] = {}
    for n, text in enumerate(HK_TC):
        for match in index.find(text):
            tc = next(t for t, *_ in HK_TERMS if match.term.source in (t, _simplified_of(t)))
            assert text[match.start : match.end] == tc
            counts[n, match.term.id] = counts.get((n, match.term.id), 0) + 1
    assert counts == HK_COUNTS


def _simplified_of(tc: str) -> str:
    return next(sc for t, sc, *_ in HK_TERMS if t == tc)


def test_real_hong_kong_text_and_its_human_translation_raise_the_same_issues_in_any_script() -> (
    None
):
    segments = [
        Segment(f"p{n}", tc, en) for n, (tc, en) in enumerate(zip(HK_TC, HK_EN, strict=True))
    ]
    results = {script: _issues(_hk_glossary(script), segments) for script in "TSM"}
    assert results["T"] == results["S"] == results["M"]
    occurrences = Checker(_hk_glossary("S")).check_corpus(segments, jobs=1).term_counts()[0]
    assert occurrences == sum(HK_COUNTS.values())


# Taiwan writes the particle 着 as 著: the boundaries around it must hold as in Simplified.
TW_CASES = [
    ("隨著數位經濟發展，數位經濟已成為重要產業", "数位经济", 2),
    ("接著推動顯著的數位轉型", "数位转型", 1),
    ("顯著性檢定", "显著性", 1),
]


@pytest.mark.parametrize(("text", "source", "count"), TW_CASES)
def test_taiwan_text_with_the_particle_zhu(text: str, source: str, count: int) -> None:
    index = SourceIndex([Term("t", source, "x")])
    assert len(index.find(text)) == count
    tw_source = _to("s2tw", source)
    assert len(SourceIndex([Term("t", tw_source, "x")]).find(text)) == count


def test_candidates_of_a_traditional_corpus_are_those_of_its_simplified_original() -> None:
    from mtreview.glossary.extract import extract_candidates
    from mtreview.glossary.script import simplified

    _, segments, _ = _demo()
    simplified_run = extract_candidates(list(segments), None, top=30)
    traditional = [replace(s, source=_to("s2t", s.source)) for s in segments]
    traditional_run = extract_candidates(traditional, None, top=30)
    assert all(any(c.source in _to("s2t", s.source) for s in segments) for c in traditional_run)
    shared = {c.source for c in simplified_run} & {simplified(c.source) for c in traditional_run}
    assert len(shared) >= 27
