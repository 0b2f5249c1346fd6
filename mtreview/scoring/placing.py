"""Where things stand in one segment: claimed target spans and expected target positions.

Helpers of the term analysis (:mod:`mtreview.scoring.checks.terms`). A target span, once given
to a source occurrence, is *claimed*: no other occurrence takes it, unless their source spans
overlap (中国内地 and 内地经济 in 中国内地经济 may share "mainland"). Claims are bucketed by
offset, so a check costs the same in a 2 MB segment as in a sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

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
