"""The occurrence record: where each term occurs in a segment and how it was rendered.

One truth per (segment, glossary).

Every source occurrence of a term is one :class:`TermOccurrence`, nested and overlapping ones
included, with what the target holds for it. Issues, term accuracy, ``--by-term``,
``--occurrences``, scores and ``glossary candidates`` read this record; none of them matches
text again. It serialises by term id (:meth:`Occurrences.to_json`, :meth:`Occurrences.from_json`)
so a review project can keep it and read it back under the same glossary.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term
from mtreview.scoring.issues import Fix

# What the target holds for an occurrence.
KINDS = ("target", "variant", "forbidden", "doubtful", "wrong", "absent", "covered")
OK_KINDS = frozenset({"target", "variant", "doubtful", "covered"})


@dataclass(frozen=True, slots=True)
class TermOccurrence:
    """One source occurrence of a term and what the target made of it.

    ``kind`` is ``target`` or ``variant`` (an accepted rendering), ``doubtful`` (accepted only
    with inserted words: counted as rendered, reported for a look), ``forbidden``, ``wrong`` (a
    located span that is no accepted rendering), ``absent`` (nothing with evidence found) or
    ``covered`` (a nested term judged through the longer term it sits in). ``cover`` names the
    longer occurrence (term id, source span) this one is ``nested`` in or overlaps. ``extra``
    marks a further forbidden rendering reported against an occurrence already counted.
    ``fix`` replaces the rendering with the approved target, shaped to its place.
    """

    term: Term
    source_span: tuple[int, int]
    kind: str
    target_span: tuple[int, int] | None
    found: str | None
    rendering: str | None = None  # the glossary string that matched, for accepted/forbidden
    cover: tuple[str, tuple[int, int]] | None = None
    nested: bool = False
    fix: Fix | None = None
    extra: bool = False

    @property
    def ok(self) -> bool:
        """Whether the occurrence was rendered acceptably (term accuracy counts it)."""
        return self.kind in OK_KINDS

    @property
    def reported(self) -> bool:
        """Whether it raises an issue: a nested occurrence is reported under its cover."""
        return (not self.ok or self.kind == "doubtful") and not self.nested

    def to_json(self) -> dict[str, Any]:
        """The occurrence as JSON, its term by id."""
        return {
            "term": self.term.id,
            "source_span": list(self.source_span),
            "kind": self.kind,
            "ok": self.ok,
            "target_span": list(self.target_span) if self.target_span else None,
            "found": self.found,
            "rendering": self.rendering,
            "cover": (
                {"term": self.cover[0], "source_span": list(self.cover[1]), "nested": self.nested}
                if self.cover
                else None
            ),
            "fix": (
                {"target_span": list(self.fix.target_span), "replacement": self.fix.replacement}
                if self.fix
                else None
            ),
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], terms: Mapping[str, Term]) -> TermOccurrence:
        """Read :meth:`to_json` back, its term looked up by id."""
        term = terms.get(data["term"])
        if term is None:
            raise MtreviewError(f"stored occurrence of unknown term {data['term']!r}")
        cover, fix = data.get("cover"), data.get("fix")
        return cls(
            term,
            _span(data["source_span"]),
            data["kind"],
            _span(data["target_span"]) if data.get("target_span") else None,
            data.get("found"),
            data.get("rendering"),
            (cover["term"], _span(cover["source_span"])) if cover else None,
            bool(cover and cover.get("nested")),
            Fix(_span(fix["target_span"]), fix["replacement"]) if fix else None,
            bool(data.get("extra")),
        )


def _span(value: Any) -> tuple[int, int]:
    start, end = value
    return int(start), int(end)


@dataclass(frozen=True, slots=True)
class Occurrences:
    """The occurrence record of one segment: every term occurrence, in source order."""

    items: tuple[TermOccurrence, ...] = ()

    def __iter__(self) -> Iterator[TermOccurrence]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def counted(self) -> list[TermOccurrence]:
        """One entry per source occurrence (extra forbidden renderings left out)."""
        return [o for o in self.items if not o.extra]

    def of_term(self, term_id: str) -> list[TermOccurrence]:
        """The entries of one term (the review's term filter and fix-all read these)."""
        return [o for o in self.items if o.term.id == term_id]

    def to_json(self) -> list[dict[str, Any]]:
        """The record as JSON, terms by id."""
        return [o.to_json() for o in self.items]

    @classmethod
    def from_json(
        cls, data: list[dict[str, Any]], glossary: Glossary | Mapping[str, Term]
    ) -> Occurrences:
        """Read :meth:`to_json` back under ``glossary`` (or terms keyed by id)."""
        terms = glossary.by_id() if isinstance(glossary, Glossary) else glossary
        return cls(tuple(TermOccurrence.from_json(item, terms) for item in data))
