"""English phrases that go with a Chinese expression across aligned segments.

For an expression seen in segments S, every English phrase (one to six words, not starting or
ending with a function word) and every quoted phrase of those targets is a candidate rendering,
scored by

    Dice × (1 + log2 co) + quoted + numerals + 0.05 × min(words, 4)

where ``co`` is the number of segments of S whose target holds the phrase, Dice is
``2·co / (|S| + df)`` with ``df`` the phrase's segment frequency in all targets, ``quoted`` counts
segments where the expression and the phrase both stand in quotation marks, and ``numerals`` is
the share of the expression's Chinese numerals (三, 两, 双…) whose English number word the phrase
holds. Document frequencies are counted in one Aho-Corasick pass over the targets for all the
phrases of all the expressions asked about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import log2

import ahocorasick_rs

from mtreview.glossary.render import fold

_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_QUOTED = re.compile(r"\"([^\"]{2,200})\"")
STOP_EN = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "its",
        "it",
        "their",
        "this",
        "that",
        "these",
        "those",
        "from",
        "into",
        "than",
        "such",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "not",
        "no",
        "but",
        "also",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "each",
        "more",
        "most",
        "other",
        "some",
        "so",
        "very",
        "our",
        "we",
        "they",
        "he",
        "she",
        "his",
        "her",
        "them",
        "us",
        "i",
        "you",
        "your",
    ]
)
_NUMBERS = {
    "一": ("one", "single", "first"),
    "二": ("two", "second", "dual", "double"),
    "两": ("two", "dual", "double", "both"),
    "双": ("two", "dual", "double", "twin"),
    "三": ("three", "third", "triple"),
    "四": ("four", "fourth"),
    "五": ("five", "fifth"),
    "六": ("six", "sixth"),
    "七": ("seven", "seventh"),
    "八": ("eight", "eighth"),
    "九": ("nine", "ninth"),
    "十": ("ten", "tenth"),
}
MAX_WORDS = 6
# A phrase ending in a number word ("three zones and four") is a rendering cut short.
_NUMBER_WORDS = frozenset({w for words in _NUMBERS.values() for w in words} - {"double", "dual"})


@dataclass(frozen=True, slots=True)
class Rendering:
    """An English phrase seen with a source expression, and how strongly."""

    text: str
    count: int  # segments holding both
    score: float


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text).lower())


def phrases(target: str) -> set[str]:
    """The candidate renderings of one target: word n-grams and quoted phrases (lower case)."""
    words = _words(target)
    out: set[str] = set()
    for i, first in enumerate(words):
        if first in STOP_EN or first.isdigit():
            continue
        for n in range(1, MAX_WORDS + 1):
            gram = words[i : i + n]
            if len(gram) < n:
                break
            if gram[-1] not in STOP_EN and gram[-1] not in _NUMBER_WORDS:
                out.add(" ".join(gram))
    out.update(" ".join(_words(q)) for q in _QUOTED.findall(fold(target)) if _words(q))
    return out


def quoted_phrases(target: str) -> list[str]:
    """The phrases of a target that stand in quotation marks (lower case), in text order."""
    return [" ".join(_words(q)) for q in _QUOTED.findall(fold(target)) if _words(q)]


def _numeral_share(source: str, phrase: str) -> float:
    wanted = [_NUMBERS[c] for c in source if c in _NUMBERS]
    if not wanted:
        return 0.0
    words = set(phrase.split())
    return sum(any(w in words for w in options) for options in wanted) / len(wanted)


class TargetPhrases:
    """Score English phrases against Chinese expressions over one corpus's targets."""

    def __init__(self, targets: Sequence[str]) -> None:
        self.targets = [" ".join(_words(t)) for t in targets]
        self.raw = list(targets)

    def document_frequency(self, grams: set[str]) -> Counter[str]:
        """In how many targets each phrase stands (on word boundaries)."""
        patterns = sorted(grams)
        df: Counter[str] = Counter()
        if not patterns:
            return df
        automaton = ahocorasick_rs.AhoCorasick(patterns)
        for text in self.targets:
            seen: set[int] = set()
            for index, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
                if (start == 0 or text[start - 1] == " ") and (
                    end == len(text) or text[end] == " "
                ):
                    seen.add(index)
            df.update(patterns[i] for i in seen)
        return df

    def rank(
        self,
        queries: Sequence[tuple[str, Sequence[int], Mapping[int, tuple[int, int]]]],
        limit: int = 3,
    ) -> list[tuple[Rendering, ...]]:
        """The best phrases for each expression.

        Each query is (expression, the rows it stands in, {row: (which quotation of the
        source it is, how many quotations the source has)} for the rows where it is quoted).
        """
        co_all: list[Counter[str]] = []
        coq_all: list[Counter[str]] = []
        for _source, rows, quoted_rows in queries:
            co: Counter[str] = Counter()
            coq: Counter[str] = Counter()
            for row in set(rows):
                co.update(phrases(self.raw[row]))
                if row in quoted_rows:
                    # The k-th quotation of the source is the k-th of the target when both
                    # quote as often; otherwise any quotation of the target may be it.
                    index, total = quoted_rows[row]
                    found = quoted_phrases(self.raw[row])
                    coq.update([found[index]] if len(found) == total else set(found))
            co_all.append(co)
            coq_all.append(coq)
        df = self.document_frequency({g for co in co_all for g in co})
        out: list[tuple[Rendering, ...]] = []
        for (source, rows, _q), co, coq in zip(queries, co_all, coq_all, strict=True):
            n = len(set(rows))
            scored = sorted(
                (
                    Rendering(
                        g,
                        c,
                        2 * c / (n + max(df[g], c)) * (1 + log2(c))
                        + coq[g]
                        + _numeral_share(source, g)
                        + 0.05 * min(len(g.split()), 4),
                    )
                    for g, c in co.items()
                ),
                key=lambda r: (-r.score, r.text),
            )
            chosen: list[Rendering] = []
            for r in scored:
                if len(chosen) >= limit:
                    break
                if not any(r.text in c.text or c.text in r.text for c in chosen):
                    chosen.append(r)
            out.append(tuple(chosen))
        return out
