"""Finding segments in a review: list filters, text search, issue counts for the filter menu."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from mtreview.errors import MtreviewError
from mtreview.review import CONFIRMED, TODO, Filter

if TYPE_CHECKING:
    from mtreview.service import ReviewService


def filtered(svc: ReviewService, flt: Filter) -> list[int]:
    """The positions the list shows under a filter."""
    n = len(svc.ids)
    if flt.kind == "all":
        return list(range(n))
    if flt.kind == "issues":
        return [p for p, count in enumerate(svc.open_counts) if count]
    if flt.kind in (TODO, CONFIRMED):
        return [p for p in range(n) if svc.status[p] == flt.kind]
    if flt.kind == "check":
        return [
            p
            for p in range(n)
            if any(k[1] == flt.value and k[0] not in svc.ignored for k in svc.issue_keys[p])
        ]
    if flt.kind == "term":
        term = svc.glossary.by_id().get(flt.value)
        if term is None:
            raise MtreviewError(f"no term {flt.value!r} in the glossary")
        sql = "SELECT pos FROM segments WHERE instr(source, ?) ORDER BY pos"
        return [r[0] for r in svc.project.db.execute(sql, (term.source,))]
    if flt.kind == "text":
        return _matching(svc, flt.value, -1, n)
    raise MtreviewError(f"unknown filter {flt.kind!r}")


def _matching(svc: ReviewService, text: str, after: int, limit: int) -> list[int]:
    needle = text.casefold()
    sql = (
        "SELECT pos, source, target FROM segments WHERE pos > ? AND"
        " (instr(source, ?) OR instr(lower(target), lower(?))) ORDER BY pos"
    )
    out = []
    for pos, source, target in svc.project.db.execute(sql, (after, text, text)):
        if needle in source.casefold() or needle in target.casefold():
            out.append(pos)
            if len(out) >= limit:
                break
    return out


def search(svc: ReviewService, text: str, after: int) -> int | None:
    """The first segment after ``after`` whose source or target contains ``text``.

    Case-insensitive; wraps round to the start.
    """
    if not text:
        return None
    found = _matching(svc, text, after, 1) or _matching(svc, text, -1, 1)
    return found[0] if found else None


def counts(svc: ReviewService) -> tuple[dict[str, int], dict[str, int]]:
    """Open issues per check and per term id, for the filter menu."""
    checks: Counter[str] = Counter()
    terms: Counter[str] = Counter()
    for keys in svc.issue_keys:
        for fingerprint, check, term in keys:
            if fingerprint not in svc.ignored:
                checks[check] += 1
                if term:
                    terms[term] += 1
    return dict(checks), dict(terms)
