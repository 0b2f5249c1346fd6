"""The term model and the glossary that holds the terms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
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


def glossary_data(glossary: Glossary) -> dict[str, Any]:
    """A glossary as plain data (JSON and :mod:`marshal` take it, extras permitting).

    :func:`glossary_of` reads it back: a project's kept copy of its glossary and the cache of
    parsed glossary files both store this form.
    """

    def term(t: Term) -> dict[str, Any]:
        out = {name: getattr(t, name) for name in _TERM_FIELDS}
        return {**out, "extra": plain(t.extra)} if t.extra else out

    return {
        "source_lang": glossary.source_lang,
        "target_lang": glossary.target_lang,
        "path": glossary.path,
        "extra": plain(glossary.extra),
        "notices": list(glossary.notices),
        "terms": [term(t) for t in glossary.terms],
    }


def glossary_of(data: Mapping[str, Any]) -> Glossary:
    """The glossary :func:`glossary_data` gave (lists of a term's fields become tuples again).

    Raises:
        KeyError, TypeError: when ``data`` is not that form.
    """

    def term(raw: Mapping[str, Any]) -> Term:
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
        values["extra"] = raw.get("extra", {})
        return Term(**values)

    return Glossary(
        tuple(term(t) for t in data["terms"]),
        data["source_lang"],
        data["target_lang"],
        data["path"],
        data["extra"],
        tuple(data["notices"]),
    )


_TERM_FIELDS = tuple(f.name for f in fields(Term) if f.name != "extra")


def plain(value: Any) -> Any:
    """Extras as plain dicts and lists (the YAML loader's mappings remember their lines).

    The loader stores them so (:mod:`mtreview.glossary.rules`): a glossary saves them back, and
    read from the cache or parsed, small file or large, it holds the same types.
    """
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
