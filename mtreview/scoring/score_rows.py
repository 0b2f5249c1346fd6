"""A segment's kept metric statistics for one pair, and a pair's kept rows read by column.

Each row is a run of little-endian doubles (:meth:`SegmentEntry.to_row`). Every row of one
metric setting has the same shape, so a pair's rows are read into one numpy table
(:class:`EntryTable`): a re-score with nothing changed sums its columns and never makes one
entry per segment (100,000 rows: 0.8 s unpacked one by one).
"""

from __future__ import annotations

import functools
import json
import struct
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mtreview.scoring.metrics import METRIC_NAMES, Stats

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SegmentEntry:
    """One segment's statistics and sentence scores for one pair, in ``METRIC_NAMES`` order."""

    key: str
    stats: tuple[Stats, ...]
    sentence: tuple[float, ...] = ()  # the sentence-level scores, once computed

    def to_row(self) -> bytes:
        """The stored form of the entry (its key apart).

        The number of metrics, each one's statistics count, the statistics and the sentence
        scores, as little-endian doubles: read back in C, not parsed.
        """
        values: list[float] = [len(self.stats), *map(len, self.stats)]
        for stats in self.stats:
            values.extend(stats)
        values.extend(self.sentence)
        return struct.pack(f"<{len(values)}d", *values)

    @classmethod
    def from_row(cls, key: str, raw: bytes | str) -> SegmentEntry:
        """Read :meth:`to_row` back.

        A row of an older version is JSON text: lists of statistics per metric, the sentence
        scores after them when kept.
        """
        if isinstance(raw, str):
            row = json.loads(raw)
            stats = tuple(tuple(map(float, s)) for s in row[: len(METRIC_NAMES)])
            sentence = tuple(map(float, row[len(METRIC_NAMES)])) if len(row) > len(stats) else ()
            return cls(key, stats, sentence)
        metrics = int(struct.unpack_from("<d", raw)[0])
        unpack, spans, end = _row_shape(raw[: 8 * (1 + metrics)], len(raw))
        values = unpack(raw)
        return cls(key, tuple(values[a:b] for a, b in spans), values[end:])


@functools.lru_cache(maxsize=64)
def _row_shape(counts: bytes, size: int) -> tuple[Callable[[bytes], Any], list[Span], int]:
    """How to read a row of ``size`` bytes starting with ``counts``.

    Its unpacker, the span of each metric's statistics and where the sentence scores start:
    every row of one metric setting has the same shape, so this is worked out once.
    """
    n, *lengths = (int(x) for x in struct.unpack(f"<{len(counts) // 8}d", counts))
    spans, at = [], 1 + n
    for length in lengths:
        spans.append((at, at + length))
        at += length
    if at > size // 8 or size % 8:
        raise ValueError("a statistics row shorter than its counts")
    return struct.Struct(f"<{size // 8}d").unpack, spans, at


class EntryTable(Mapping[str, SegmentEntry]):
    """A pair's kept rows as one table: segment id -> entry, an entry made when first read.

    Args:
        ids: The segments, in the order of the rows.
        keys: Each row's key.
        values: The rows (one per segment, all of one shape).
        spans: Where each metric's statistics stand in a row.
        sentence_at: Where the sentence scores start (the row's end: none kept).
    """

    __slots__ = ("_ids", "_index", "_keys", "_made", "_sentence_at", "_spans", "_values")

    def __init__(
        self,
        ids: list[str],
        keys: list[str],
        values: np.ndarray[Any, Any],
        spans: list[Span],
        sentence_at: int,
    ) -> None:
        self._ids, self._keys, self._values = ids, keys, values
        self._spans, self._sentence_at = spans, sentence_at
        self._index = dict(zip(ids, range(len(ids)), strict=True))
        self._made: dict[str, SegmentEntry] = {}

    @classmethod
    def read(cls, ids: list[str], keys: list[str], rows: Sequence[bytes]) -> EntryTable | None:
        """The table of stored rows (None when they are not all of one shape).

        Raises:
            ValueError: when the first row is shorter than its counts say.
        """
        if not rows:
            return None
        size = len(rows[0])
        if any(len(row) != size for row in rows):
            return None
        metrics = int(struct.unpack_from("<d", rows[0])[0])
        counts = 8 * (1 + metrics)
        _unpack, spans, end = _row_shape(rows[0][:counts], size)
        values = np.frombuffer(b"".join(rows), dtype="<f8").reshape(len(rows), size // 8)
        if not (values[:, : 1 + metrics] == values[0, : 1 + metrics]).all():
            return None
        return cls(ids, keys, values, spans, end)

    def __getitem__(self, seg_id: str) -> SegmentEntry:
        entry = self._made.get(seg_id)
        if entry is None:
            n = self._index[seg_id]
            row = self._values[n].tolist()
            stats = tuple(tuple(row[a:b]) for a, b in self._spans)
            entry = SegmentEntry(self._keys[n], stats, tuple(row[self._sentence_at :]))
            self._made[seg_id] = entry
        return entry

    def __contains__(self, seg_id: object) -> bool:
        return seg_id in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def sentences_kept(self) -> bool:
        """Whether the rows hold sentence scores (an older version kept none)."""
        return self._sentence_at < int(self._values.shape[1])

    def keys_of(self, order: Sequence[str]) -> list[str | None]:
        """The key of each segment's row (None for a segment with none), in ``order``."""
        index, keys = self._index, self._keys
        return [None if (n := index.get(seg_id)) is None else keys[n] for seg_id in order]

    def columns(self, order: Sequence[str]) -> list[np.ndarray[Any, Any]]:
        """Each metric's statistics, one row per segment of ``order`` it holds, in that order."""
        index = self._index
        table = self._values[[n for seg_id in order if (n := index.get(seg_id)) is not None]]
        return [table[:, a:b] for a, b in self._spans]
