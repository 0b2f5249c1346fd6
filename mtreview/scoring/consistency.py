"""Per-term consistency: every distinct rendering of each term across the corpus."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

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


class TermTally:
    """:func:`by_term`'s groups, built one segment at a time (what the by-term view keeps).

    Per term and rendering the ids of the segments it came from, and per term how many source
    occurrences and accepted ones: not the occurrences.
    """

    def __init__(self) -> None:
        self._groups: dict[str, dict[tuple[str, str], list[str]]] = {}
        self._spelled: dict[tuple[str, str, str], str] = {}
        self._counted: dict[str, int] = {}
        self._accepted: dict[str, int] = {}

    def add(self, seg_id: str, occurrences: Iterable[TermOccurrence]) -> None:
        """Count one segment's occurrences (an extra rendering of a counted one adds none)."""
        seen: set[tuple[str, tuple[int, int]]] = set()
        for occ in occurrences:
            term_id = occ.term.id
            # Accepted and forbidden renderings group by the glossary string they matched
            # ("green mines" is "green mine"); located wrong ones by their stemmed words.
            if occ.rendering is not None:
                key = (occ.kind, occ.rendering)
                shown = occ.rendering
            else:
                key = (occ.kind, " ".join(stem(w) for w in (occ.found or "").split()))
                shown = occ.found or ""
            self._groups.setdefault(term_id, {}).setdefault(key, []).append(seg_id)
            self._spelled.setdefault((term_id, *key), shown)
            if (term_id, occ.source_span) not in seen:
                seen.add((term_id, occ.source_span))
                self._counted[term_id] = self._counted.get(term_id, 0) + 1
            if occ.ok:
                self._accepted[term_id] = self._accepted.get(term_id, 0) + 1

    def usages(self, glossary: Glossary) -> list[TermUsage]:
        """Every term counted, in glossary order, with its renderings."""
        usages: list[TermUsage] = []
        for term in glossary.terms:
            groups = self._groups.get(term.id)
            if groups is None:
                continue
            renderings = [
                Rendering(
                    self._spelled[(term.id, kind, text)],
                    kind,
                    len(segs),
                    tuple(dict.fromkeys(segs)),
                )
                for (kind, text), segs in groups.items()
            ]
            renderings.sort(key=lambda r: (_KIND_ORDER.get(r.kind, 9), -r.count, r.text))
            usages.append(
                TermUsage(
                    term.id,
                    term.source,
                    term.target,
                    self._counted[term.id],
                    self._accepted.get(term.id, 0),
                    tuple(renderings),
                )
            )
        return usages


def by_term(
    glossary: Glossary, occurrences: Iterable[tuple[str, TermOccurrence]]
) -> list[TermUsage]:
    """Group occurrences by term and by normalised rendering, terms in glossary order.

    A segment's occurrences come together (as a check gives them).
    """
    tally = TermTally()
    for seg_id, group in groupby(occurrences, key=itemgetter(0)):
        tally.add(seg_id, (occ for _, occ in group))
    return tally.usages(glossary)
