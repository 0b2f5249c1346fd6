"""Renderings of known terms that the glossary does not list: unlisted variants, or wrong ones.

The checker locates, for a term occurrence with no accepted rendering, the target span that
renders it (kind ``wrong``). Grouped across the corpus and ranked by how often they occur and
how close they stand to the approved target, these are what a maintainer adds as ``variants``
(if right) or ``forbidden`` (if wrong).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from mtreview.glossary.model import Term
from mtreview.glossary.render import fold


@dataclass(frozen=True, slots=True)
class VariantSuggestion:
    """One unlisted rendering of a known term, as often as it was found."""

    term: str  # term id
    source: str
    target: str
    rendering: str  # its most frequent spelling in the corpus
    count: int
    segments: tuple[str, ...]
    similarity: float  # 0-100, token-set similarity to the approved target


def _key(text: str) -> str:
    return " ".join(fold(text).casefold().split())


def suggest_variants(found: Iterable[tuple[Term, str, str]]) -> list[VariantSuggestion]:
    """Group (term, rendering found, segment id) triples into ranked suggestions.

    Renderings that only differ in case, quotes or spacing are one suggestion; the most
    frequent spelling stands for them. Most frequent first, then most similar to the target.
    """
    groups: dict[tuple[str, str], tuple[Term, dict[str, int], list[str]]] = {}
    for term, rendering, segment in found:
        text = rendering.strip()
        if not text:
            continue
        _term, spellings, segments = groups.setdefault((term.id, _key(text)), (term, {}, []))
        spellings[text] = spellings.get(text, 0) + 1
        if segment not in segments:
            segments.append(segment)
    out = []
    for (_id, key), (term, spellings, segments) in groups.items():
        spelling = max(spellings, key=lambda s: (spellings[s], s))
        out.append(
            VariantSuggestion(
                term.id,
                term.source,
                term.target,
                spelling,
                sum(spellings.values()),
                tuple(segments),
                round(fuzz.token_set_ratio(key, _key(term.target)), 1),
            )
        )
    out.sort(key=lambda v: (-v.count, -v.similarity, v.source, v.rendering))
    return out
