"""The term analysis's fast paths give what the rules they replace give.

Each fast path is compared, on generated texts, with a plain implementation of its rule kept
here (the code it replaced), so a fast path that drifts fails.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.glossary import english
from mtreview.glossary.english import WORD, Token, gap_key, stem, tokens

# Words, capitals, apostrophes, elisions, digits, every kind of gap and clause punctuation.
_PIECES = st.sampled_from(
    [
        "the", "Party", "party's", "People's", "APIs", "l'", "d'Artagnan", "don't", "boundaries",
        "virus", "viruses", "organisation", "14th", "Su", "Yu", "x", "_", "é", "中国",
        " ", "  ", ", ", ". ", "; ", ": ", "! ", "? ", " (", ") ", '"', "'", " - ", "-", "/",
        "，", "。", "、", "\n", "\t", "[", "]",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)

_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]{}\"。；：！？（）]")
_COMMA = re.compile(r"[,，、]")
_SENTENCE_END = re.compile(r"[.!?:。！？]")


def _tokens_by_word(text: str) -> tuple[Token, ...]:
    """The tokeniser as it was: one regex match and one Python step per word."""
    out: list[Token] = []
    clause = phrase = 0
    pos = 0
    sentence_start = True
    for match in WORD.finditer(text):
        start, end = match.span()
        key = ""
        if start - pos != 1 or text[pos] != " ":
            gap = text[pos:start]
            breaks = len(_CLAUSE_BREAK.findall(gap))
            clause += breaks
            phrase += breaks + len(_COMMA.findall(gap))
            key = gap_key(gap)
            sentence_start = sentence_start or bool(_SENTENCE_END.search(gap))
        word = match.group()
        capital = not sentence_start and word[:1].isupper()
        out.append(Token(start, end, word, stem(word), key, clause, phrase, capital))
        sentence_start = False
        pos = end
    return tuple(out)


@settings(max_examples=400)
@given(_TEXTS)
def test_tokens_built_by_column_are_the_word_by_word_ones(text: str) -> None:
    assert tokens(text) == _tokens_by_word(text)


def test_tokens_table() -> None:
    # A capital after a sentence end opens a sentence; one after a comma is a capital.
    toks = tokens('The Party. Its "Blue" sky, Red; (Su) Yu\'s')
    assert [t.text for t in toks] == ["The", "Party", "Its", "Blue", "sky", "Red", "Su", "Yu's"]
    assert [t.capital for t in toks] == [False, True, False, True, False, True, True, True]
    assert [t.clause for t in toks] == [0, 0, 1, 2, 3, 3, 5, 6]
    assert [t.phrase for t in toks] == [0, 0, 1, 2, 3, 4, 6, 7]
    assert tokens("") == () and tokens(" , ") == ()


@given(st.lists(st.sampled_from(["APIs", "boundaries", "Party's", "virus", "colour", "x"])))
def test_the_stem_memo_is_the_rule_even_when_emptied(words: list[str]) -> None:
    memo = english._Memo(english._stem, 3)
    assert [memo[w] for w in words] == [english._stem(w) for w in words]
    assert len(memo) <= 3
