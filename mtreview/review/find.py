"""Finding segments in a review: list filters, text search, issue counts for the filter menu.

The term filter reads the term index the check stored (the engine's boundary-aware
occurrences): 自然资源部门 is not an occurrence of 自然资源部, so it is not listed under it.
"""

from __future__ import annotations

from collections import Counter

from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary
from mtreview.review.index import ReviewIndex
from mtreview.review.models import CONFIRMED, TODO, Filter
from mtreview.review.store import Store


def filtered(index: ReviewIndex, store: Store, glossary: Glossary, flt: Filter) -> list[int]:
    """The positions the list shows under a filter."""
    n = len(index)
    if flt.kind == "all":
        return list(range(n))
    if flt.kind == "issues":
        return [p for p, count in enumerate(index.open_counts) if count]
    if flt.kind in (TODO, CONFIRMED):
        return [p for p in range(n) if index.status[p] == flt.kind]
    if flt.kind == "check":
        return [
            p
            for p in range(n)
            if any(k[1] == flt.value and k[0] not in index.ignored for k in index.keys[p])
        ]
    if flt.kind == "term":
        if flt.value not in glossary.by_id():
            raise MtreviewError(f"no term {flt.value!r} in the glossary")
        return store.term_positions(flt.value)
    if flt.kind == "text":
        return store.search(flt.value, -1, n) if flt.value else []
    raise MtreviewError(f"unknown filter {flt.kind!r}")


def search(store: Store, text: str, after: int) -> int | None:
    """The first segment after ``after`` whose source or target contains ``text``.

    Case-insensitive; wraps round to the start.
    """
    if not text:
        return None
    found = store.search(text, after, 1) or store.search(text, -1, 1)
    return found[0] if found else None


def counts(index: ReviewIndex) -> tuple[dict[str, int], dict[str, int]]:
    """Open issues per check and per term id, for the filter menu."""
    checks: Counter[str] = Counter()
    terms: Counter[str] = Counter()
    for keys in index.keys:
        for fingerprint, check, term in keys:
            if fingerprint not in index.ignored:
                checks[check] += 1
                if term:
                    terms[term] += 1
    return dict(checks), dict(terms)
