"""The segment model: one source paragraph and its machine translation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of the corpus.

    Attributes:
        id: Unique id within the corpus.
        source: The source text (Chinese).
        target: The machine-translated target text (English).
        reference: An optional human reference translation.
        line: The 1-based line of the input file the segment came from, if any.
    """

    id: str
    source: str
    target: str
    reference: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Corpus:
    """An ordered collection of segments read from one place."""

    segments: tuple[Segment, ...]
    path: str | None = None
    source_lang: str = "zh"
    target_lang: str = "en"
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    def __len__(self) -> int:
        return len(self.segments)

    def by_id(self) -> dict[str, Segment]:
        """Return the segments keyed by id."""
        return {seg.id: seg for seg in self.segments}

    @property
    def has_reference(self) -> bool:
        """Whether any segment carries a reference translation."""
        return any(seg.reference is not None for seg in self.segments)
