"""English words as the target-side matchers see them: tokens with stems, offsets and context.

Tolerance comes from comparing stems, not from patterns: ``stem`` folds case, plural -s/-es/-ies
and possessive endings, so "boundaries" is "boundary" and "Party's" is "party"; hyphens, dashes
and spaces between words count alike. Offsets are code points into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter
from typing import NamedTuple

from mtreview.glossary.spelling import us_spelling, verb_key

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

# A word, apostrophes inside it included ("People's", "don't"); a lone letter elided before a word
# stands alone ("l'épidémie", "d'Artagnan", a stray "b'Coronaviruses"), so the word is found.
WORD = re.compile(r"(?<!\w)[^\W\d_](?='(?!(?:ll|re|ve)\b)[^\W\d_]{2})|\w+(?:'\w+)*")
_ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z0-9]*[A-Z]s$")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]{}\"。；：！？（）]")
_COMMA = re.compile(r"[,，、]")
_SENTENCE_END = re.compile(r"[.!?:。！？]")
_FLEX_GAP = re.compile(r"^[\s\-/]*$")

STOPWORDS = frozenset(
    "a an the of and or to in on for with by at as is are was were be been its it their this "
    "that these those from into than such".split()
)
# Words that carry no meaning of a term's own: a located span must share more than these.
FUNCTION_WORDS = STOPWORDS | frozenset(
    "has have had having will would can could should may might must shall do does did not no "
    "which who whom whose what when where how all any some each every other also but if so then "
    "there here we our they them he she his her you your i me my us up out over under about "
    "after before between through during via within without upon among being per".split()
)
COORDINATORS = frozenset({"and", "or"})


def fold(text: str) -> str:
    """Map curly quotes, dashes and odd spaces to plain ones, keeping every offset."""
    if text.isascii() and "`" not in text:
        return text  # nothing to map (the backtick is the one ASCII character folded)
    return text.translate(_FOLD)


class _Memo(dict[str, str]):
    """Results of a function of one string, emptied when full: a hit is one lookup in C."""

    def __init__(self, compute: Callable[[str], str], bound: int) -> None:
        super().__init__()
        self._compute = compute
        self._bound = bound

    def __missing__(self, key: str) -> str:
        if len(self) >= self._bound:
            self.clear()
        value = self[key] = self._compute(key)
        return value


def stem(word: str) -> str:
    """Lower-case a word, strip possessive and plural endings, and spell it the American way.

    An acronym's plural is its acronym: "APIs" and "AIs" stem as "api" and "ai"; a word in -us
    and its plural in -uses stem alike ("coronaviruse").
    """
    return _STEMS[word]


def _stem(word: str) -> str:
    w = word[:-2] if word[-2:].lower() == "'s" else word
    w = w.rstrip("'")
    if _ACRONYM_PLURAL.match(w):
        return w[:-1].lower()
    w = w.lower()
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("us"):
        w += "e"  # "virus" and "viruses" alike (the plural stems as "viruse")
    return us_spelling(w)


_STEMS = _Memo(_stem, 262144)


def gap_key(gap: str) -> str:
    """What separates two words, as matching compares it.

    Spaces, hyphens, slashes and quotation marks count as nothing ("" ): quoting a term or not
    does not change it. Other punctuation (a comma, a full stop) must be matched.
    """
    if gap == " ":
        return ""
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


_WORD_SPLIT = re.compile(f"({WORD.pattern})")  # text split into gap, word, gap, ..., gap
_PLAIN_SPLIT = re.compile(r"(\w+)")  # the same split where no apostrophe stands: WORD is \w+


@lru_cache(maxsize=4096)
def _gap(gap: str) -> tuple[str, int, int, bool]:
    """What the text between two words adds: gap key, clause and phrase breaks, sentence end."""
    breaks = len(_CLAUSE_BREAK.findall(gap))
    commas = len(_COMMA.findall(gap))
    return gap_key(gap), breaks, breaks + commas, bool(_SENTENCE_END.search(gap))


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """Tokenise a (folded) English text.

    Built column by column from one split of the text (words and the gaps between them): the
    per-word work runs in C, a gap is judged once per distinct gap string.
    """
    parts = (_WORD_SPLIT if "'" in text else _PLAIN_SPLIT).split(text)
    if len(parts) == 1:
        return ()
    words = parts[1::2]
    offsets = list(accumulate(map(len, parts)))
    gaps = list(map(_gap, parts[0:-1:2]))
    keys = map(itemgetter(0), gaps)
    clauses = accumulate(map(itemgetter(1), gaps))
    phrases = accumulate(map(itemgetter(2), gaps))
    # A word opens a sentence when it is the first or a sentence end stands before it.
    capitals = [not g[3] and w[:1].isupper() for g, w in zip(gaps, words, strict=True)]
    capitals[0] = False
    make = tuple.__new__  # Token's own __new__ is a Python function: one call less per word
    stems = map(_STEMS.__getitem__, words)
    starts, ends = offsets[0:-1:2], offsets[1::2]
    columns = zip(starts, ends, words, stems, keys, clauses, phrases, capitals, strict=True)
    return tuple(map(make, repeat(Token), columns))


@lru_cache(maxsize=512)
def stem_index(text: str) -> dict[str, tuple[int, ...]]:
    """Token positions of each stem in a (folded) text: where a phrase may start."""
    index: dict[str, list[int]] = {}
    for i, token in enumerate(tokens(text)):
        index.setdefault(token.stem, []).append(i)
    return {key: tuple(value) for key, value in index.items()}


@lru_cache(maxsize=64)
def verb_index(text: str) -> dict[str, tuple[int, ...]]:
    """Token positions of each verb key (see :func:`~mtreview.glossary.spelling.verb_key`)."""
    index: dict[str, list[int]] = {}
    for i, token in enumerate(tokens(text)):
        index.setdefault(verb_key(token.stem), []).append(i)
    return {key: tuple(value) for key, value in index.items()}


@lru_cache(maxsize=65536)
def is_name(phrase: str) -> bool:
    """Whether a rendering is a proper name: every content word capitalised, one in title case.

    "Su Yu", "Duke of Zhou" and "CPC Central Committee" are names; "API" (an acronym, which
    takes a plural) and "14th Five-Year Plan" are not. A single word is not taken for a name:
    glossaries often capitalise every entry ("Host", "Fever").
    """
    words = [w for w in WORD.findall(phrase) if w.lower() not in STOPWORDS]
    return (
        len(WORD.findall(phrase)) > 1
        and bool(words)
        and all(w[:1].isupper() for w in words)
        and any(any(c.islower() for c in w) for w in words)
    )
