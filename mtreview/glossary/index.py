"""The source-side term index: every glossary term in a Chinese paragraph, on word boundaries.

Candidates come from one Aho-Corasick automaton over all term sources (as fast as ``grep -F``);
jieba is consulted only for a candidate whose edge a dictionary word could straddle. Among
overlapping occurrences the longest wins: 国土空间规划 consumes its 国土空间.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick_rs

from mtreview.glossary.model import Term
from mtreview.glossary.script import fold_source
from mtreview.glossary.segmenter import Boundaries


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """One occurrence of a term in a source text (code-point offsets)."""

    term: Term
    start: int
    end: int


class SourceIndex:
    """Find glossary terms in source paragraphs."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = tuple(t for t in terms if t.active)
        self.boundaries = Boundaries(fold_source(t.source) for t in self.terms)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(
                [fold_source(t.source) for t in self.terms],
                matchkind=ahocorasick_rs.MatchKind.Standard,
            )
            if self.terms
            else None
        )

    def candidates(self, text: str) -> list[tuple[int, int, int]]:
        """Return every raw (term index, start, end) hit, overlapping ones included."""
        if self._automaton is None or not text:
            return []
        hits: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(
            fold_source(text), overlapping=True
        )
        return hits

    def find(self, text: str) -> list[SourceMatch]:
        """Return the term occurrences of ``text``, non-overlapping, in text order."""
        hits = self.candidates(text)
        if not hits:
            return []
        text = fold_source(text)
        # Longest first, then leftmost: a longer term consumes the shorter ones inside it.
        hits.sort(key=lambda h: (h[1] - h[2], h[1]))
        taken: list[tuple[int, int]] = []
        found: list[SourceMatch] = []
        for index, start, end in hits:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if not self.boundaries.is_word_span(text, start, end):
                continue
            taken.append((start, end))
            found.append(SourceMatch(self.terms[index], start, end))
        found.sort(key=lambda m: m.start)
        return found
