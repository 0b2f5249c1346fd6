"""English variation on the target side (issue 10, items 3 and 4)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.render import find_phrase, find_renderings, fold, strict_names
from mtreview.glossary.spelling import us_spelling
from mtreview.scoring.engine import Checker


@pytest.mark.parametrize(
    ("phrase", "text", "match"),
    [
        # British and American spelling, either way round
        (
            "international organization",
            "international organisations",
            "international organisations",
        ),
        ("organise", "organized", "organized"),
        ("labour market", "labor markets", "labor markets"),
        ("colour", "color", "color"),
        ("city centre", "city centers", "city centers"),
        ("product catalog", "the product catalogue", "product catalogue"),
        ("labelled data", "labeled data", "labeled data"),
        ("travelling expenses", "traveling expenses", "traveling expenses"),
        ("development programme", "development program", "development program"),
        ("defence budget", "defense budget", "defense budget"),
        # but no two real words are merged
        ("filled", "filed", None),
        ("four zones", "for zones", None),
        ("tour", "tor", None),
        ("timber", "timbre", None),
        ("cadre", "cader", None),
        # a word in -us and its plural in -uses
        ("novel coronavirus", "the novel coronaviruses", "novel coronaviruses"),
        ("census", "two censuses", "censuses"),
        ("cause", "many causes", "causes"),
        # an acronym's plural
        ("API", "many APIs", "APIs"),
        ("AI", "two AIs", "AIs"),
        ("NGO", "the NGOs' role", "NGOs"),
        # verb forms of a single-word rendering
        ("develop", "they developed it", "developed"),
        ("regulate", "regulating banks", "regulating"),
        ("plan", "as planned", "planned"),
        ("apply", "it applied", "applied"),
        ("housing", "a house", None),  # not a bare verb: no folding
        ("mine", "ten min", None),  # too short once folded
    ],
)
def test_english_variation(phrase: str, text: str, match: str | None) -> None:
    spans = find_phrase(phrase, fold(text))
    assert [text[s:e] for s, e in spans] == ([match] if match else [])


@pytest.mark.parametrize(
    ("target", "text", "match"),
    [
        ("Su Yu", "Su Yu's book", "Su Yu's"),
        ("Su Yu", "SU YU", "SU YU"),
        ("Duke Qin", "Duke Qin arrived", "Duke Qin"),
        ("Duke of Zhou", "the Duke of Zhou's rites", "Duke of Zhou's"),
        ("Hao Ren", "the Hao Rens", None),
        ("Hao Ren", "Hao-ren came", None),
        ("Hao Ren", "Hao-Ren came", None),
        ("Hao Ren", "hao ren came", None),
        ("Su Yu", "Suyu said", None),
        # not names: tolerant as before (a single word may be a glossary's sentence case)
        ("green mine", "Green Mines", "Green Mines"),
        ("Host", "an intermediate host", "host"),
        ("API", "APIs", "APIs"),
        ("14th Five-Year Plan", "the 14th Five-Year Plans", "14th Five-Year Plans"),
    ],
)
def test_proper_names_are_strict(target: str, text: str, match: str | None) -> None:
    found = find_renderings(Term("t", "名", target), fold(text))
    assert [text[m.start : m.end] for m in found] == ([match] if match else [])


@pytest.mark.parametrize(
    ("phrase", "text", "match"),
    [
        # a coordination
        (
            "China Banking Regulatory Commission",
            "the China Banking and Insurance Regulatory Commission",
            "China Banking and Insurance Regulatory Commission",
        ),
        (
            "high-quality development",
            "high-quality economic and social development",
            "high-quality economic and social development",
        ),
        # function words
        ("carbon market", "carbon and the market", None),  # coordinator last: no coordination
        ("protection zone", "protection of the zone", "protection of the zone"),
        # never across a comma or a clause break
        ("net trade", "on a net basis, the trade fell", None),
        ("net trade", "net (gross) trade", None),
        # content words without a coordination
        (
            "China Banking Regulatory Commission",
            "the China Banking Insurance Regulatory Commission",
            None,
        ),
    ],
)
def test_inserted_words(phrase: str, text: str, match: str | None) -> None:
    spans = find_phrase(phrase, fold(text), gaps=True)
    assert [text[s:e] for s, e in spans] == ([match] if match else [])


def test_an_insertion_is_doubtful_and_shown_to_the_reviewer() -> None:
    glossary = Glossary(
        (Term("cbrc", "中国银行业监督管理委员会", "China Banking Regulatory Commission"),)
    )
    target = "the China Banking and Insurance Regulatory Commission issued rules"
    result = Checker(glossary).check_segment(
        Segment("s", "中国银行业监督管理委员会发布规则", target)
    )
    (occ,) = result.occurrences
    assert (occ.kind, occ.ok, occ.found) == (
        "doubtful",
        True,
        "China Banking and Insurance Regulatory Commission",
    )
    (issue,) = result.issues
    assert (issue.check, issue.severity, issue.fix) == ("term-doubtful", "minor", None)


def test_term_doubtful_is_a_listed_check() -> None:
    out = CliRunner().invoke(main, ["checks"]).output
    assert any(line.startswith("term-doubtful") and "minor" in line for line in out.splitlines())


def test_a_glossary_in_title_case_throughout_has_no_names() -> None:
    titled = [Term(f"t{n}", f"词{n}", f"Social Distancing Zone{n}") for n in range(20)]
    plain = [Term(f"p{n}", f"语{n}", f"social distancing zone{n}") for n in range(25)]
    names = [Term("su", "苏彧", "Su Yu"), Term("host", "宿主", "Host")]
    assert strict_names([*titled, *names]) == frozenset()
    assert strict_names([*titled, *plain, *names]) == frozenset({"su"}) | {t.id for t in titled}


@pytest.mark.parametrize(
    ("word", "spelled"),
    [
        ("analysed", "analyzed"),  # -ys- before the ending
        ("organisation", "organization"),  # -is-
        ("odour", "odor"),  # -our
        ("theatre", "theater"),  # -re
        ("centred", "centered"),  # -red
        ("catalogued", "cataloged"),  # -ogue
        ("fulfillment", "fulfilment"),  # -ll- before -ment
        ("skillful", "skilful"),  # -ll- before -ful
        ("travelled", "traveled"),  # a final -ll-
        ("modelling", "modeling"),
        ("bakodo", "bakodo"),  # no rule applies: the word itself
    ],
)
def test_each_spelling_rule_still_fires(word: str, spelled: str) -> None:
    # us_spelling skips the rules for a word lacking all they need: each rule's case must pass.
    assert us_spelling(word) == spelled
