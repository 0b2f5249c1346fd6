"""The term checks: registered here, their issues read from the occurrence record.

The analysis itself lives in :mod:`.terms`.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtreview.corpus.model import Segment
from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.issues import Issue
from mtreview.scoring.occurrences import TermOccurrence


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


def _message(occ: TermOccurrence) -> tuple[str, str]:
    term = occ.term
    if occ.kind == "forbidden":
        return (
            "term-forbidden",
            f"{term.source}: {occ.found!r} is a forbidden rendering; use {term.target!r}",
        )
    if occ.kind == "doubtful":
        return "term-doubtful", (
            f"{term.source}: {occ.found!r} holds {occ.rendering!r} only with inserted words; "
            "check that it renders the term"
        )
    if occ.kind == "wrong":
        return "term-missing", f"{term.source}: rendered as {occ.found!r}, expected {term.target!r}"
    return (
        "term-missing",
        f"{term.source}: no rendering of the term in the target; expected {term.target!r}",
    )


def term_issues(segment: Segment, occurrences: Iterable[TermOccurrence]) -> list[Issue]:
    """Turn the occurrences not rendered acceptably (or only doubtfully) into issues.

    A nested occurrence is reported under the longer term it sits in, never on its own. An
    issue's ``found`` is the rendering found; its fix may replace a little more (an article
    that no longer fits: "a carbon peak" becomes "carbon peaking").
    """
    issues: list[Issue] = []
    for occ in occurrences:
        if not occ.reported:
            continue
        check, message = _message(occ)
        issues.append(
            Issue(
                segment=segment.id,
                check=check,
                severity="minor" if check == "term-doubtful" else occ.term.severity,
                message=message,
                term=occ.term.id,
                source_span=occ.source_span,
                target_span=occ.target_span,
                found=occ.found,
                expected=occ.term.target,
                fix=occ.fix,
            )
        )
    return issues
