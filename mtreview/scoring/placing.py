"""Where things stand in one segment: the term analysis's state, claims and positions.

The state holds the verdicts so far, the claimed target spans and expected target positions.

Helpers of the term analysis (:mod:`mtreview.scoring.checks.terms`). A target span, once given
to a source occurrence, is *claimed*: no other occurrence takes it, unless their source spans
overlap (中国内地 and 内地经济 in 中国内地经济 may share "mainland"). Claims are bucketed by
offset, so a check costs the same in a 2 MB segment as in a sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from mtreview.corpus.model import Segment
from mtreview.glossary.english import WORD, Token, stem, tokens
from mtreview.glossary.index import SourceMatch
from mtreview.glossary.model import Term
from mtreview.glossary.render import TargetMatch, find_renderings, fold

Span = tuple[int, int]
_BUCKET = 64
_NOBODY: Span = (-1, -1)


class Claims:
    """Target spans given to source occurrences."""

    def __init__(self) -> None:
        self._buckets: dict[int, list[tuple[int, int, Span]]] = {}
        self._longest = 0

    def add(self, span: Span, owner: Span = _NOBODY) -> None:
        """Claim ``span`` for the occurrence at source span ``owner``."""
        self._buckets.setdefault(span[0] // _BUCKET, []).append((*span, owner))
        self._longest = max(self._longest, span[1] - span[0])

    def owners(self, span: Span) -> list[Span]:
        """The source spans of the claims overlapping ``span``."""
        if not self._buckets:
            return []
        start, end = span
        out: list[Span] = []
        for bucket in range((start - self._longest) // _BUCKET, (end - 1) // _BUCKET + 1):
            out.extend(o for s, e, o in self._buckets.get(bucket, ()) if s < end and start < e)
        return out

    def blocks(self, span: Span, source: Span | None = None) -> bool:
        """Whether ``span`` overlaps a claim (one whose owner does not overlap ``source``)."""
        return any(
            source is None or not (o[0] < source[1] and source[0] < o[1]) for o in self.owners(span)
        )


class Anchors:
    """Source-to-target position pairs of the renderings found, to predict where others stand.

    A source offset between two anchors maps linearly between their target offsets; outside
    them, by the length ratio of the texts.
    """

    def __init__(self, source_len: int, target_len: int, pairs: Sequence[tuple[float, float]]):
        self.ratio = max(1, target_len) / max(1, source_len)
        ordered = sorted(pairs)
        self._source = [s for s, _ in ordered]
        self._target = [t for _, t in ordered]

    def target_of(self, source: float) -> float:
        """The expected target offset of a source offset."""
        if not self._source:
            return source * self.ratio
        i = bisect_right(self._source, source)
        if i == 0:
            return self._target[0] - (self._source[0] - source) * self.ratio
        if i == len(self._source):
            return self._target[-1] + (source - self._source[-1]) * self.ratio
        s0, s1 = self._source[i - 1], self._source[i]
        t0, t1 = self._target[i - 1], self._target[i]
        share = (source - s0) / (s1 - s0) if s1 > s0 else 0.0
        return t0 + share * (t1 - t0)


def word_windows(
    starts: Sequence[int], centres: Sequence[float], reach: int
) -> list[tuple[int, int]] | None:
    """Merged ranges of word positions within ``reach`` words of each centre (target offsets).

    None when the text is short enough to search whole.
    """
    if len(starts) <= 2 * reach + reach // 2:
        return None
    ranges = sorted(
        (max(0, i - reach), min(len(starts), i + reach + 1))
        for i in (bisect_left(starts, round(c)) for c in centres)
    )
    merged: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def middle(span: Span) -> float:
    """The middle offset of a span."""
    return (span[0] + span[1]) / 2


Key = tuple[str, int, int]  # term id, source span


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the target holds for one occurrence: a kind and the target span, if any."""

    kind: str
    span: Span | None
    rendering: str | None = None


def key_of(hit: SourceMatch) -> Key:
    """An occurrence's key: its term id and source span."""
    return hit.term.id, hit.start, hit.end


class Analysis:
    """The state of one segment's analysis: positions, claims and verdicts so far."""

    def __init__(self, segment: Segment, names: frozenset[str]) -> None:
        self.segment = segment
        self.names = names  # the terms whose renderings are proper names
        self.plain: dict[str, list[TargetMatch]] = {}  # each term's renderings, found once
        self.target = fold(segment.target)
        self.source_len = max(1, len(segment.source))
        self.target_len = max(1, len(self.target))
        self.claims = Claims()
        self.verdicts: dict[Key, Verdict] = {}
        self.extras: list[tuple[SourceMatch, Verdict]] = []

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The target's words (tokenised only when a rendering is located or fixed)."""
        return tokens(self.target)

    def tokens_to_widen(self, span: Span, rendering: str) -> Sequence[Token]:
        """The tokens :func:`~mtreview.glossary.rewrite.widen` needs to widen ``span``.

        None are needed when the span (on word edges) holds no word of ``rendering``: widen
        then keeps the span. A target not tokenised yet is not tokenised for it.
        """
        if "tokens" in self.__dict__ or not _on_word_edges(self.target, span):
            return self.tokens
        ref = {stem(w) for w in WORD.findall(rendering)}
        if any(stem(w) in ref for w in WORD.findall(self.target[span[0] : span[1]])):
            return self.tokens
        return ()

    def where(self, hit: SourceMatch) -> float:
        """An occurrence's relative position in the source."""
        return (hit.start + hit.end) / 2 / self.source_len

    def there(self, span: Span) -> float:
        """A target span's relative position in the target."""
        return middle(span) / self.target_len

    def give(self, hit: SourceMatch, verdict: Verdict) -> None:
        """Record an occurrence's verdict and claim its target span."""
        self.verdicts[key_of(hit)] = verdict
        if verdict.span is not None:
            self.claims.add(verdict.span, (hit.start, hit.end))

    def wanting(self, hits: Sequence[SourceMatch]) -> dict[str, list[SourceMatch]]:
        """The occurrences without a verdict yet, by term id."""
        out: dict[str, list[SourceMatch]] = {}
        for hit in hits:
            if key_of(hit) not in self.verdicts:
                out.setdefault(hit.term.id, []).append(hit)
        return out


def _on_word_edges(text: str, span: Span) -> bool:
    """Whether no word (nor an apostrophe, which may join words) runs on across a span's edges.

    The words inside such a span are then the text's tokens inside it.
    """
    start, end = span
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_'" or after.isalnum() or after in "_'")


def renderings_of(an: Analysis, term: Term, gaps: bool = False) -> list[TargetMatch]:
    """The term's renderings in the segment's target (plain ones found once per segment)."""
    if gaps:
        return find_renderings(term, an.target, True, term.id in an.names)
    found = an.plain.get(term.id)
    if found is None:
        found = an.plain[term.id] = find_renderings(term, an.target, False, term.id in an.names)
    return found
