"""Per-term consistency: every distinct rendering of each term across the corpus."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mtreview.glossary.english import stem
from mtreview.glossary.model import Glossary
from mtreview.scoring.occurrences import KINDS, TermOccurrence

_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Rendering:
    """One way a term came out, how often and where."""

    text: str  # as found (first spelling seen); "" when absent
    kind: str  # target | variant | forbidden | doubtful | wrong | absent | covered
    count: int
    segments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TermUsage:
    """A term's occurrences in the corpus and its distinct renderings."""

    term_id: str
    source: str
    target: str
    occurrences: int
    accepted: int
    renderings: tuple[Rendering, ...]

    @property
    def consistent(self) -> bool:
        """Whether the term came out one accepted way only.

        Occurrences inside a longer term (``covered``) are judged through it and left out.
        """
        own = [r for r in self.renderings if r.kind != "covered"]
        return len(own) <= 1 and all(r.kind in ("target", "variant") for r in own)


def by_term(
    glossary: Glossary, occurrences: Iterable[tuple[str, TermOccurrence]]
) -> list[TermUsage]:
    """Group occurrences by term and by normalised rendering, terms in glossary order."""
    groups: dict[str, dict[tuple[str, str], list[str]]] = {}
    spelled: dict[tuple[str, str, str], str] = {}
    counted: dict[str, set[tuple[str, tuple[int, int]]]] = {}
    accepted: dict[str, int] = {}
    for seg_id, occ in occurrences:
        # Accepted and forbidden renderings group by the glossary string they matched
        # ("green mines" is "green mine"); located wrong ones by their stemmed words.
        if occ.rendering is not None:
            key = (occ.kind, occ.rendering)
            shown = occ.rendering
        else:
            key = (occ.kind, " ".join(stem(w) for w in (occ.found or "").split()))
            shown = occ.found or ""
        groups.setdefault(occ.term.id, {}).setdefault(key, []).append(seg_id)
        spelled.setdefault((occ.term.id, *key), shown)
        counted.setdefault(occ.term.id, set()).add((seg_id, occ.source_span))
        if occ.ok:
            accepted[occ.term.id] = accepted.get(occ.term.id, 0) + 1
    usages: list[TermUsage] = []
    for term in glossary.terms:
        if term.id not in groups:
            continue
        renderings = [
            Rendering(spelled[(term.id, kind, text)], kind, len(segs), tuple(dict.fromkeys(segs)))
            for (kind, text), segs in groups[term.id].items()
        ]
        renderings.sort(key=lambda r: (_KIND_ORDER.get(r.kind, 9), -r.count, r.text))
        usages.append(
            TermUsage(
                term.id,
                term.source,
                term.target,
                len(counted[term.id]),
                accepted.get(term.id, 0),
                tuple(renderings),
            )
        )
    return usages
