"""The source-side term index: every glossary term in a Chinese paragraph, on word boundaries.

Candidates come from one Aho-Corasick automaton over all term sources (as fast as ``grep -F``);
jieba is consulted only for a candidate whose edge a dictionary word could straddle.
:meth:`SourceIndex.find_all` keeps every occurrence, a shorter term inside a longer one
(国土空间 in 国土空间规划, *nested*) or overlapping it (内地经济 beside 中国内地 in 中国内地经济)
included, each with the longer occurrence that covers it; :meth:`SourceIndex.find` keeps the
outermost ones, where the longest wins. Cost is linear in the text's length.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import ahocorasick_rs

from mtreview.glossary.model import Term
from mtreview.glossary.render import strict_names
from mtreview.glossary.script import fold_source, keys_of
from mtreview.glossary.segmenter import Boundaries


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """One occurrence of a term in a source text (code-point offsets).

    ``cover`` is the longer occurrence it sits in (``nested``) or overlaps, if any.
    ``tentative`` marks an overlapping occurrence jieba would not cut out itself (中国内地
    beside 内地经济 in 中国内地经济, but also 病毒传播 beside 冠状病毒 in 冠状病毒传播性), or a
    part of a longer word that may name something else (流行病 in 流行病学): the target decides
    whether it is one (see :func:`~mtreview.scoring.checks.terms.analyse_terms`).
    """

    term: Term
    start: int
    end: int
    cover: SourceMatch | None = None
    nested: bool = False
    tentative: bool = False


_BUCKET = 32


class _Spans:
    """Spans bucketed by start, so an overlap query looks only nearby (linear overall)."""

    def __init__(self) -> None:
        self._buckets: dict[int, list[SourceMatch]] = {}
        self._longest = 0

    def add(self, match: SourceMatch) -> None:
        self._buckets.setdefault(match.start // _BUCKET, []).append(match)
        self._longest = max(self._longest, match.end - match.start)

    def overlapping(self, start: int, end: int) -> list[SourceMatch]:
        out: list[SourceMatch] = []
        for bucket in range((start - self._longest) // _BUCKET, (end - 1) // _BUCKET + 1):
            out.extend(m for m in self._buckets.get(bucket, ()) if m.start < end and start < m.end)
        return out


class SourceIndex:
    """Find glossary terms in source paragraphs."""

    def __init__(self, terms: Sequence[Term], like: SourceIndex | None = None) -> None:
        self.terms = tuple(t for t in terms if t.active)
        # Each term under every folded form of its source (see script.source_keys).
        sources = [t.source for t in self.terms]
        keys = [(key, i) for i, found in enumerate(keys_of(sources)) for key in found]
        self._term_of = [i for _, i in keys]
        # jieba's boundaries depend on these words alone: an index of the same sources (a
        # glossary change of targets only) shares ``like``'s, tokenizer and cached cuts.
        self._words = tuple(key for key, _ in keys)
        same = like is not None and like._words == self._words
        self.boundaries: Boundaries = like.boundaries if like and same else Boundaries(self._words)
        self.names = strict_names(self.terms)  # target side: whose renderings are names
        self._automaton = (
            ahocorasick_rs.AhoCorasick(
                [key for key, _ in keys], matchkind=ahocorasick_rs.MatchKind.Standard
            )
            if self.terms
            else None
        )
        self._ahead: dict[str, list[tuple[int, int, int]]] = {}

    def prefetch(self, texts: Iterable[str]) -> None:
        """Run the automaton over the texts about to be searched, all at once.

        Their :meth:`candidates` are then ready (until the next prefetch): one text after the
        other, the automaton stays in the processor's cache, where a search between other work
        finds it evicted and takes several times as long.
        """
        if self._automaton is None:
            return
        folded = {text: fold_source(text) for text in texts if text}
        find = self._automaton.find_matches_as_indexes
        self._ahead = {text: find(copy, overlapping=True) for text, copy in folded.items()}

    def candidates(self, text: str) -> list[tuple[int, int, int]]:
        """Return every raw (term index, start, end) hit, overlapping ones included."""
        if self._automaton is None or not text:
            return []
        hits = self._ahead.get(text)
        if hits is None:
            hits = self._automaton.find_matches_as_indexes(fold_source(text), overlapping=True)
        return [(self._term_of[k], start, end) for k, start, end in hits]

    def find_all(self, text: str) -> list[SourceMatch]:
        """Every term occurrence of ``text`` in text order, nested and overlapping ones included.

        Longer occurrences are judged first; a shorter one that jieba does not cut out of the
        text on its own still counts when it stands once the longer term it sits in or overlaps
        is not taken whole (see :meth:`Boundaries.stands_without`).
        """
        hits = self.candidates(text)
        if not hits:
            return []
        folded = fold_source(text)
        # Longest first, then leftmost (then glossary order): covers come before what they cover.
        hits.sort(key=lambda h: (h[1] - h[2], h[1], h[0]))
        plain = [SourceMatch(self.terms[i], start, end) for i, start, end in hits]
        direct = [self.boundaries.is_word_span(folded, m.start, m.end) for m in plain]
        if all(direct) and _apart(plain):
            return sorted(plain, key=lambda m: (m.start, m.end, m.term.id))
        words = _Spans()  # what may be taken whole instead of a shorter occurrence
        for match, ok in zip(plain, direct, strict=True):
            if ok:
                words.add(match)
        ends: dict[int, set[int]] = {}
        for match in plain:
            ends.setdefault(match.start, set()).add(match.end)
        accepted = _Spans()
        found: list[SourceMatch] = []
        for match, ok in zip(plain, direct, strict=True):
            start, end = match.start, match.end
            part: bool | None = True
            if not ok:
                longer = [
                    (m.start, m.end)
                    for m in words.overlapping(start, end)
                    if m.end - m.start >= end - start and (m.start, m.end) != (start, end)
                ]
                if longer:
                    part = self.boundaries.stands_without(folded, start, end, longer) or None
                elif not self._in_compound(folded, start, end, ends):
                    # Inside one word: a clear part of it, tentative (False) or none (None).
                    part = self.boundaries.part_of_word(folded, start, end)
                if part is None:
                    continue
                words.add(match)
            cover, nested = _cover(accepted.overlapping(start, end), start, end)
            tentative = not ok and ((cover is not None and not nested) or part is False)
            kept = SourceMatch(match.term, start, end, cover, nested, tentative)
            accepted.add(kept)
            found.append(kept)
        found.sort(key=lambda m: (m.start, m.end, m.term.id))
        return found

    def _in_compound(self, text: str, start: int, end: int, ends: dict[int, set[int]]) -> bool:
        """Whether the jieba word around a span is glossary terms end to end, this one among them.

        jieba's dictionary holds 中华人民共和国中央军事委员会 whole: both terms it is made of
        stand there.
        """
        word = self.boundaries.word_around(text, start, end)
        if word is None:
            return False

        def reaches(a: int, b: int) -> bool:
            todo, seen = [a], {a}
            while todo:
                at = todo.pop()
                if at == b:
                    return True
                for nxt in ends.get(at, ()):
                    if nxt <= b and nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            return False

        return reaches(word[0], start) and reaches(end, word[1])

    def find(self, text: str) -> list[SourceMatch]:
        """Return the outermost sure term occurrences of ``text``, non-overlapping, in text order.

        A tentative one (which only the target can confirm) is left out.
        """
        return [m for m in self.find_all(text) if m.cover is None and not m.tentative]


def _apart(matches: Sequence[SourceMatch]) -> bool:
    """Whether no two of the matches overlap."""
    spans = sorted((m.start, m.end) for m in matches)
    return all(a[1] <= b[0] for a, b in pairwise(spans))


def _cover(over: Sequence[SourceMatch], start: int, end: int) -> tuple[SourceMatch | None, bool]:
    """The occurrence covering ``[start, end)``, and whether it holds it.

    That is the smallest occurrence holding it, else the longest overlapping it (leftmost on a
    tie).
    """
    length = end - start
    holding = [m for m in over if m.start <= start and end <= m.end and m.end - m.start > length]
    if holding:
        return min(holding, key=lambda m: (m.end - m.start, m.start, m.term.id)), True
    if over:
        return min(over, key=lambda m: (m.start - m.end, m.start, m.term.id)), False
    return None, False
