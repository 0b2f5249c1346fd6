"""The registry of checks: each family registers the issue ids it can raise.

A check family is a function from a :class:`SegmentContext` to issues. The term family needs
the glossary, which reaches it through the context's term occurrences. A corpus family is a
function from a :class:`CorpusContext` (every segment, once, after the per-segment passes) to
issues: the inconsistency checks compare segments with each other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mtreview.corpus.model import Segment
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.issues import Issue


@dataclass(frozen=True, slots=True)
class SegmentContext:
    """What a check may look at: the segment and the term occurrences found in it."""

    segment: Segment
    occurrences: tuple[TermOccurrence, ...] = ()
    source_lang: str = "zh"
    target_lang: str = "en"


CheckFn = Callable[[SegmentContext], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class CheckFamily:
    """A function and the check ids (with default severities and descriptions) it raises."""

    name: str
    ids: dict[str, tuple[str, str]]  # id -> (default severity, description)
    run: CheckFn
    uses_terms: bool = False  # needs SegmentContext.occurrences (known only after pass two)


FAMILIES: dict[str, CheckFamily] = {}


def register(
    name: str, ids: dict[str, tuple[str, str]], uses_terms: bool = False
) -> Callable[[CheckFn], CheckFn]:
    """Register a check family under ``name`` raising ``ids``.

    ``uses_terms`` marks a family that reads the term occurrences of its context; the others
    run without them, in the first (parallel) pass of a corpus check.
    """

    def decorate(fn: CheckFn) -> CheckFn:
        FAMILIES[name] = CheckFamily(name, ids, fn, uses_terms)
        return fn

    return decorate


@dataclass(frozen=True, slots=True)
class CorpusContext:
    """What a corpus-level check may look at: every segment, in corpus order."""

    segments: tuple[Segment, ...]
    source_lang: str = "zh"
    target_lang: str = "en"


CorpusCheckFn = Callable[[CorpusContext], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class CorpusFamily:
    """A check that sees the whole corpus once, and the check ids it raises."""

    name: str
    ids: dict[str, tuple[str, str]]  # id -> (default severity, description)
    run: CorpusCheckFn


CORPUS_FAMILIES: dict[str, CorpusFamily] = {}


def register_corpus(
    name: str, ids: dict[str, tuple[str, str]]
) -> Callable[[CorpusCheckFn], CorpusCheckFn]:
    """Register a corpus-level family under ``name`` raising ``ids``."""

    def decorate(fn: CorpusCheckFn) -> CorpusCheckFn:
        CORPUS_FAMILIES[name] = CorpusFamily(name, ids, fn)
        return fn

    return decorate


def all_check_ids() -> dict[str, tuple[str, str]]:
    """Every built-in check id with its default severity and description."""
    _load_builtin()
    out: dict[str, tuple[str, str]] = {}
    families: tuple[CheckFamily | CorpusFamily, ...] = (
        *FAMILIES.values(),
        *CORPUS_FAMILIES.values(),
    )
    for family in families:
        out.update(family.ids)
    return out


def check_rows(custom: Iterable[CheckFamily] = ()) -> list[tuple[str, str, str, str]]:
    """(id, default severity, family, description) of every check, custom ones last."""
    _load_builtin()
    families: tuple[CheckFamily | CorpusFamily, ...] = (
        *FAMILIES.values(),
        *CORPUS_FAMILIES.values(),
        *custom,
    )
    return [
        (check, severity, family.name, description)
        for family in families
        for check, (severity, description) in family.ids.items()
    ]


def _load_builtin() -> None:
    # Importing the family modules registers them, in this order (the order `checks` lists).
    for name in _BUILTIN:
        importlib.import_module(f"mtreview.scoring.checks.{name}")


_BUILTIN = (
    "mechanical",
    "numbers",
    "tags",
    "term_family",
    "untranslated",
    "fullwidth",
    "placeholders",
    "inconsistency",
)
