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
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import log2

import ahocorasick_rs
import numpy as np
import numpy.typing as npt

from mtreview.glossary.forked import forked_map, forked_sum, shared
from mtreview.glossary.phrase_counts import PhraseCounts, Vocabulary, count_phrases
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


_KEPT = 4096  # candidate phrases kept per expression between rounds


class TargetPhrases:
    """Score English phrases against Chinese expressions over one corpus's targets."""

    def __init__(self, targets: Sequence[str], jobs: int = 1) -> None:
        self.raw = list(targets)
        self.vocabulary = Vocabulary(STOP_EN, STOP_EN | _NUMBER_WORDS)
        self.jobs = jobs  # processes that share the targets out to count phrases in

    def normal(self, row: int) -> str:
        """A target's words, lower case, joined by single spaces (what phrases are matched in)."""
        return " ".join(_words(self.raw[row]))

    def document_frequency(self, grams: set[str]) -> Counter[str]:
        """In how many targets each phrase stands (on word boundaries).

        The targets are shared out between :attr:`jobs` forked processes.
        """
        patterns = sorted(grams)
        if not patterns:
            return Counter()
        held = forked_sum(
            _held_in, len(self.raw), len(patterns), self.jobs, patterns=patterns, targets=self
        )
        return Counter({p: n for p, n in zip(patterns, held, strict=True) if n})

    def rank(
        self,
        queries: Sequence[tuple[str, Sequence[int], Mapping[int, tuple[int, int]]]],
        limit: int = 3,
    ) -> list[tuple[Rendering, ...]]:
        """The best phrases for each expression.

        Each query is (expression, the rows it stands in, {row: (which quotation of the
        source it is, how many quotations the source has)} for the rows where it is quoted).

        A phrase's score is bounded by taking its document frequency as low as can be (its
        co-occurrence count): phrases are scored exactly, best bound first, until the
        ``limit`` chosen ones beat the bound of every phrase not yet scored.
        """
        jobs = [_Query(self, source, rows, quoted) for source, rows, quoted in queries]
        if limit <= 0:
            return [() for _ in jobs]
        # Each query's phrases are first counted in the workers, one query at a time.
        firsts = forked_map(_first_kept, range(len(jobs)), self.jobs, queries=jobs)
        for job, first in zip(jobs, firsts, strict=True):
            job.use(first)
        want = {id(job): 16 * limit + 48 for job in jobs}
        done: dict[int, tuple[Rendering, ...]] = {}
        df: Counter[str] = Counter()
        while len(done) < len(jobs):
            todo = [job for job in jobs if id(job) not in done]
            needed = {g for job in todo for g in job.phrases(want[id(job)])} - df.keys()
            df.update(self.document_frequency(needed))
            df.update({g: 0 for g in needed if g not in df})
            for job in todo:
                chosen = job.choose(want[id(job)], df, limit)
                if chosen is None:
                    want[id(job)] *= 4
                else:
                    done[id(job)] = chosen
        return [done[id(job)] for job in jobs]


def _held_in(part: tuple[int, int]) -> npt.NDArray[np.int64]:
    """In how many of the targets of ``part`` (a range of rows) each shared pattern stands."""
    patterns: list[str] = shared("patterns")
    targets: TargetPhrases = shared("targets")
    find = ahocorasick_rs.AhoCorasick(patterns).find_matches_as_indexes
    hits = array("q")  # each pattern once per target holding it
    # Each target's words are joined afresh: kept for a whole corpus they take 50 MB.
    for text in map(targets.normal, range(*part)):
        seen: set[int] = set()
        for index, start, end in find(text, overlapping=True):
            if (start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " "):
                seen.add(index)
        hits.extend(seen)
    return np.bincount(np.frombuffer(hits, dtype=np.int64), minlength=len(patterns))


def phrase_score(source: str, phrase: str, rows: int, n: int, df: int, quoted: int) -> float:
    """The score of ``phrase`` as a rendering of ``source`` (see the module docstring).

    ``rows`` of the ``n`` rows of the source hold the phrase, ``df`` of all targets do, and
    ``quoted`` rows quote both.
    """
    return (
        2 * rows / (n + max(df, rows)) * (1 + log2(rows))
        + quoted
        + _numeral_share(source, phrase)
        + 0.05 * min(len(phrase.split()), 4)
    )


def distinct_best(renderings: Iterable[Rendering], limit: int) -> list[Rendering]:
    """The best ``limit`` renderings (score, then text), skipping one inside a chosen one."""
    chosen: list[Rendering] = []
    for r in sorted(renderings, key=lambda r: (-r.score, r.text)):
        if len(chosen) >= limit:
            break
        if not any(r.text in c.text or c.text in r.text for c in chosen):
            chosen.append(r)
    return chosen


# What a query keeps between rounds: how many phrases there are, how many are kept, and the
# kept ones' texts, co-occurrence counts and bounds.
_Kept = tuple[int, int, list[str], list[int], list[float]]


def _first_kept(query: int) -> _Kept:
    """The first :data:`_KEPT` phrases of one of the shared ``queries``."""
    job: _Query = shared("queries")[query]
    return job.counted(_KEPT)


class _Query:
    """One expression's candidate phrases, best bound first, with co-occurrence counts.

    Only the :data:`_KEPT` phrases of best bound are kept (as text) between rounds; a query
    that needs more counts its rows again.
    """

    def __init__(
        self,
        targets: TargetPhrases,
        source: str,
        rows: Sequence[int],
        quoted_rows: Mapping[int, tuple[int, int]],
    ) -> None:
        self.source = source
        self.targets = targets
        self.rows = sorted(set(rows))
        self.n = len(self.rows)
        coq: Counter[str] = Counter()
        held = set(self.rows)
        for row, (index, total) in quoted_rows.items():
            if row in held:
                # The k-th quotation of the source is the k-th of the target when both
                # quote as often; otherwise any quotation of the target may be it.
                found = quoted_phrases(targets.raw[row])
                coq.update([found[index]] if len(found) == total else set(found))
        self.coq = coq
        self.kept = -1  # nothing counted yet: see use()

    def counted(self, kept: int) -> _Kept:
        """Count the phrases, bound their scores: the ``kept`` best (and one more)."""
        targets, vocabulary, n = self.targets, self.targets.vocabulary, self.n
        counts = count_phrases(
            vocabulary,
            [_words(targets.raw[r]) for r in self.rows],
            [
                [_words(q) for q in _QUOTED.findall(fold(targets.raw[r])) if _words(q)]
                for r in self.rows
            ],
        )
        c = counts.rows
        logs = np.array([0.0, *(1 + log2(k) for k in range(1, n + 1))])
        quoted = np.zeros(len(c), dtype=np.float64)
        for phrase, times in self.coq.items():
            at = counts.find([vocabulary[w] for w in phrase.split()])
            if at is not None:
                quoted[at] = times
        numerals = _numeral_shares(self.source, counts, vocabulary)
        # The score with the document frequency at its least (the co-occurrence count).
        bound = 2 * c / (n + c) * logs[c] + quoted + numerals + 0.05 * np.minimum(counts.lengths, 4)
        best = counts.best_first(bound, vocabulary, kept + 1)
        texts = [vocabulary.text(counts.words(i)) for i in best.tolist()]
        return len(bound), kept, texts, c[best].tolist(), bound[best].tolist()

    def use(self, state: _Kept) -> None:
        """Keep what :meth:`counted` gave (here or in a worker process)."""
        self.total, self.kept, self.texts, self.counts, self.bounds = state

    def phrases(self, k: int) -> list[str]:
        """The ``k`` phrases of best bound, as text."""
        if k > self.kept + 1 and self.total > self.kept + 1:
            self.use(self.counted(max(k, 4 * self.kept)))
        return self.texts[:k]

    def choose(self, k: int, df: Mapping[str, int], limit: int) -> tuple[Rendering, ...] | None:
        """The chosen phrases when the ``k`` best bounds decide them, else None."""
        texts = self.phrases(k)
        n = self.n
        chosen = distinct_best(
            (
                Rendering(g, c, phrase_score(self.source, g, c, n, df[g], self.coq[g]))
                for g, c in zip(texts, self.counts, strict=False)
            ),
            limit,
        )
        if len(texts) == self.total:
            return tuple(chosen)
        if len(chosen) == limit:
            # Every phrase not scored yet sorts at or after the first of them by its bound.
            following = self.phrases(len(texts) + 1)[-1]
            if (-chosen[-1].score, chosen[-1].text) < (-self.bounds[len(texts)], following):
                return tuple(chosen)
        return None


def _numeral_shares(
    source: str, counts: PhraseCounts, vocabulary: Vocabulary
) -> npt.NDArray[np.float64]:
    """:func:`_numeral_share` of every phrase at once."""
    wanted = [_NUMBERS[c] for c in source if c in _NUMBERS]
    if not wanted:
        return np.zeros(len(counts.rows), dtype=np.float64)
    options = sorted(set(wanted))
    weight = np.array([wanted.count(o) for o in options], dtype=np.int64)
    masks = np.zeros(len(vocabulary.words), dtype=np.int64)
    for bit, words in enumerate(options):
        for word in words:
            if word in vocabulary:
                masks[vocabulary[word]] |= 1 << bit
    held = np.zeros(len(counts.rows), dtype=np.int64)
    for k in range(int(counts.lengths.max(initial=0))):
        inside = k < counts.lengths
        held[inside] |= masks[counts.ids[counts.starts[inside] + k]]
    total = sum(((held >> bit) & 1) * int(w) for bit, w in enumerate(weight.tolist()))
    return np.asarray(total, dtype=np.int64) / len(wanted)
