"""Rules that let the term checks find planted errors without new false alarms (issue 10)."""

from __future__ import annotations

import pytest

from mtreview.glossary.english import WORD, tokens
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.locate import is_slip, near_spelling
from mtreview.glossary.model import Term
from mtreview.glossary.render import find_phrase


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("b'Coronaviruses are", ["b", "Coronaviruses", "are"]),
        ("l'épidémie", ["l", "épidémie"]),
        ("People's Republic", ["People's", "Republic"]),
        ("don't, I'll, we're, it's", ["don't", "I'll", "we're", "it's"]),
    ],
)
def test_an_elided_letter_stands_alone(text: str, words: list[str]) -> None:
    assert WORD.findall(text) == words


def test_a_word_after_an_elided_letter_is_found() -> None:
    assert find_phrase("coronavirus", "b'Coronaviruses are a group") == [(2, 15)]


@pytest.mark.parametrize(
    ("span", "rendering", "slip"),
    [
        ("inefcted", "infect", True),  # a misspelt verb form
        ("lugns", "lungs", True),
        ("Suyo", "Su Yu", True),  # across a word join
        ("Suyu", "Su Yu", False),  # joined, not misspelt
        ("pressure blood", "blood pressure", True),  # its words in another order
        ("spraed", "spread", True),
        ("spreader", "spread", False),  # another word made of it
        ("contagion", "infection", False),
        ("infected", "infect", False),  # a form, not a slip
    ],
)
def test_slips(span: str, rendering: str, slip: bool) -> None:
    assert is_slip(tokens(span), [rendering]) is slip


def test_a_derived_word_is_no_near_spelling() -> None:
    assert near_spelling("spraed", "spread")
    assert not near_spelling("spreader", "spread")


# Terms inside a longer jieba word: a clear part of it (an occurrence), a part the target must
# confirm (tentative), or none (the word is cut elsewhere).
@pytest.mark.parametrize(
    ("term", "text", "tentative"),
    [
        ("湖北", "湖北省卫生健康委员会", False),  # + a place suffix
        ("肺", "攻击肺部", False),  # + a part
        ("呼吸", "呼吸系统疾病", False),  # + a dictionary word
        ("基督", "耶穌基督的名", False),  # Traditional text, a dictionary word before it
        ("流行病", "流行病学调查", True),  # 学 makes another word
        ("传播", "病毒传播者", False),  # + a person
        ("肺", "肺泡", True),  # 泡 names another thing (alveoli)
        ("三生", "三生有幸", True),  # an idiom: far likelier whole than cut
    ],
)
def test_a_term_inside_a_longer_word(term: str, text: str, tentative: bool) -> None:
    (hit,) = SourceIndex([Term("t", term, "x")]).find_all(text)
    assert hit.tentative is tentative


def test_a_term_across_a_word_boundary_is_none() -> None:
    assert SourceIndex([Term("t", "自然资源部", "x")]).find_all("省级自然资源部门") == []
