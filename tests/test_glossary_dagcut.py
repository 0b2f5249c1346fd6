"""dagcut.cut gives jieba's words exactly: demo sources, ties, HMM runs, and random texts."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.corpus.formats import read_corpus
from mtreview.glossary import dagcut
from mtreview.glossary.segmenter import base_words, new_tokenizer
from mtreview.paths import demo_corpus


def tiny_tokenizer(freq: dict[str, int], total: int) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(freq)
    tokenizer.total = total
    tokenizer.initialized = True
    return tokenizer


@pytest.fixture(scope="module")
def tokenizer() -> jieba.Tokenizer:
    return new_tokenizer(["三区四带", "自然资源部", "国土空间规划"])


@pytest.mark.parametrize("hmm", [True, False])
def test_demo_sources_cut_as_jieba_cuts_them(tokenizer: jieba.Tokenizer, hmm: bool) -> None:
    sources = [s.source for s in read_corpus(demo_corpus()).segments]
    assert sources
    for source in sources:
        assert dagcut.cut(tokenizer, source, hmm) == tokenizer.lcut(source, HMM=hmm)


# Every route below scores 0 (total 1, each word frequency 1): jieba's max keeps the longest.
TIES = [
    ({"甲": 1, "乙": 1, "甲乙": 1}, "甲乙", ["甲乙"]),
    ({"甲": 1, "乙": 1, "丙": 1, "甲乙": 1, "乙丙": 1}, "甲乙丙", ["甲乙", "丙"]),
    ({"甲": 1, "乙": 1, "丙": 1, "甲乙": 1, "甲乙丙": 1}, "甲乙丙甲", ["甲乙丙", "甲"]),
]


@pytest.mark.parametrize(("freq", "text", "words"), TIES)
def test_ties_go_to_the_longer_word_as_in_jieba(
    freq: dict[str, int], text: str, words: list[str]
) -> None:
    tokenizer = tiny_tokenizer(freq, 1)
    assert tokenizer.lcut(text) == words
    assert dagcut.cut(tokenizer, text) == words


@pytest.mark.parametrize(
    "text",
    [
        "",
        "韩冰冰去了鄂尔多斯",  # a name the dictionary lacks: jieba's HMM joins its characters
        "PM2.5浓度 下降了 3.5% 与 covid-19",  # ASCII blocks, spaces, a decimal, a percentage
        "龥龦鿿鿕㐀𠀀字",  # beyond U+9FD5: jieba yields such characters one by one
        "国土空间规划和自然资源部门\r\n“三区四带”",
        "隨著經濟發展",
    ],
)
def test_edge_texts(tokenizer: jieba.Tokenizer, text: str) -> None:
    assert dagcut.cut(tokenizer, text) == tokenizer.lcut(text, HMM=True)
    assert dagcut.cut(tokenizer, text, hmm=False) == tokenizer.lcut(text, HMM=False)


_WORDS = sorted(w for w in base_words() if 2 <= len(w) <= 4)[::97]
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(list("的了和国土空间规划冰鄂龥鿿𠀀隨著 .-%aZ09，。")),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_random_texts_cut_as_jieba_cuts_them(tokenizer: jieba.Tokenizer, pieces: list[str]) -> None:
    text = "".join(pieces)
    assert dagcut.cut(tokenizer, text) == tokenizer.lcut(text, HMM=True)
    assert dagcut.cut(tokenizer, text, hmm=False) == tokenizer.lcut(text, HMM=False)
