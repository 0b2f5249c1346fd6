"""The term model and the glossary that holds the terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("minor", "major", "critical")
STATUSES = ("approved", "proposed", "deprecated")


def slugify(text: str) -> str:
    """Derive an id from a rendering: lower case, runs of other characters become ``-``."""
    slug = re.sub(r"[^\w]+", "-", text.lower()).strip("-")
    return slug or "term"


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry: a source term and its approved, accepted and forbidden renderings."""

    id: str
    source: str
    target: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    severity: str = "major"
    case_sensitive: bool = False
    status: str = "approved"
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def accepted(self) -> tuple[str, ...]:
        """The approved target followed by its variants."""
        return (self.target, *self.variants)

    @property
    def active(self) -> bool:
        """Whether the term is checked (deprecated terms are not)."""
        return self.status != "deprecated"


@dataclass(frozen=True, slots=True)
class Glossary:
    """A set of terms with their languages and where they came from."""

    terms: tuple[Term, ...]
    source_lang: str = "zh"
    target_lang: str = "en"
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # Warnings of the loader ("file:line: message"): what it merged rather than refused.
    notices: tuple[str, ...] = field(default=(), compare=False, hash=False)

    def __len__(self) -> int:
        return len(self.terms)

    def by_id(self) -> dict[str, Term]:
        """Return the terms keyed by id."""
        return {term.id: term for term in self.terms}

    @property
    def active_terms(self) -> tuple[Term, ...]:
        """The terms that are checked."""
        return tuple(term for term in self.terms if term.active)
