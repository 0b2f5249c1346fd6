"""The registry of checks: each family registers the issue ids it can raise.

A check family is a function from a :class:`SegmentContext` to issues. The term family needs
the glossary, which reaches it through the context's term occurrences.
"""

from __future__ import annotations

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


def all_check_ids() -> dict[str, tuple[str, str]]:
    """Every known check id with its default severity and description."""
    _load_builtin()
    out: dict[str, tuple[str, str]] = {}
    for family in FAMILIES.values():
        out.update(family.ids)
    return out


def _load_builtin() -> None:
    # Importing the family modules registers them.
    from mtreview.scoring.checks import (  # noqa: F401
        mechanical,
        numbers,
        tags,
        term_family,
        untranslated,
    )
