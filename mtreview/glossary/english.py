"""English words as the target-side matchers see them: tokens with stems, offsets and context.

Tolerance comes from comparing stems, not from patterns: ``stem`` folds case, plural -s/-es/-ies
and possessive endings, so "boundaries" is "boundary" and "Party's" is "party"; hyphens, dashes
and spaces between words count alike. Offsets are code points into the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# One character to one character, so offsets in the folded text are offsets in the original.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u0060": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
        "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
        "\u3000": " ", "\u00ad": "-",
    }
)  # fmt: skip

WORD = re.compile(r"\w+(?:'\w+)*")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]{}\"。；：！？（）]")
_COMMA = re.compile(r"[,，、]")
_SENTENCE_END = re.compile(r"[.!?:。！？]")
_FLEX_GAP = re.compile(r"^[\s\-/]*$")

STOPWORDS = frozenset(
    "a an the of and or to in on for with by at as is are was were be been its it their this "
    "that these those from into than such".split()
)


def fold(text: str) -> str:
    """Map curly quotes, dashes and odd spaces to plain ones, keeping every offset."""
    return text.translate(_FOLD)


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """Lower-case a word and strip possessive and plural endings."""
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def gap_key(gap: str) -> str:
    """What separates two words, as matching compares it.

    Spaces, hyphens, slashes and quotation marks count as nothing ("" ): quoting a term or not
    does not change it. Other punctuation (a comma, a full stop) must be matched.
    """
    gap = gap.replace('"', " ").replace("'", " ")
    if _FLEX_GAP.match(gap):
        return ""
    return "".join(gap.split()).strip("-")


class Token(NamedTuple):
    """One word of a text.

    ``gap`` is :func:`gap_key` of the text before the word; ``clause`` and ``phrase`` count
    the sentence/bracket breaks (and, for ``phrase``, commas too) before it; ``capital`` marks a
    capitalised word that does not open a sentence.
    """

    start: int
    end: int
    text: str
    stem: str
    gap: str
    clause: int
    phrase: int
    capital: bool


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """Tokenise a (folded) English text."""
    out: list[Token] = []
    clause = phrase = 0
    pos = 0
    sentence_start = True
    for match in WORD.finditer(text):
        start, end = match.span()
        gap = text[pos:start]
        key = ""
        if gap != " ":  # the common case needs none of this
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


@lru_cache(maxsize=512)
def stem_index(text: str) -> dict[str, tuple[int, ...]]:
    """Token positions of each stem in a (folded) text: where a phrase may start."""
    index: dict[str, list[int]] = {}
    for i, token in enumerate(tokens(text)):
        index.setdefault(token.stem, []).append(i)
    return {key: tuple(value) for key, value in index.items()}
