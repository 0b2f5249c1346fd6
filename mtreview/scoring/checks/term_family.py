"""Registers the term checks (the analysis itself lives in :mod:`.terms`)."""

from __future__ import annotations

from collections.abc import Iterable

from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.checks.terms import term_issues
from mtreview.scoring.issues import Issue


@register(
    "terms",
    {
        "term-forbidden": ("major", "a forbidden rendering of a glossary term is in the target"),
        "term-missing": ("major", "a glossary term in the source has no accepted rendering"),
        "term-doubtful": (
            "minor",
            "a term's rendering stands only with inserted words (function words or a coordination)",
        ),
    },
    uses_terms=True,
)
def check_terms(ctx: SegmentContext) -> Iterable[Issue]:
    """Issues for term occurrences not rendered acceptably.

    The severity is the term's own; a doubtful rendering is minor.
    """
    return term_issues(ctx.segment, ctx.occurrences)
