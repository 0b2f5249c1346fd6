"""What a reviewer may change: never a locked segment, never a target's codes wrongly.

One rule (:func:`refusal`) that the service applies to every action and the edit box asks
before it closes, so both refuse with the same line.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtreview.corpus.model import InlineCode
from mtreview.corpus.tokens import code_error
from mtreview.review.models import SegmentState
from mtreview.review.store_records import SegmentNow


def refusal(
    seg_id: str,
    locked: bool,
    codes: Iterable[InlineCode],
    source: str,
    before: str,
    after: str | None = None,
    *,
    keep_order: bool = False,
) -> str | None:
    """Why segment ``seg_id`` may not be acted on (its target set to ``after``), or ``None``.

    A locked segment (``translate="no"``, a CAT tool's lock) refuses every action; a new
    target must keep the codes (:func:`~mtreview.corpus.tokens.code_error`; ``keep_order``
    for automatic fixes, which may not move a code either).
    """
    if locked:
        return f"segment {seg_id} is locked in the source file: it cannot be changed"
    if after is None:
        return None
    error = code_error(before, after, codes, source, keep_order=keep_order)
    return None if error is None else f"segment {seg_id}: {error}"


def edit_refusal(state: SegmentState, after: str | None = None) -> str | None:
    """:func:`refusal` for the segment a screen shows (``after``: the edited target)."""
    return refusal(state.id, state.locked, state.codes, state.source, state.target, after)


def stored_refusal(
    now: SegmentNow, after: str | None = None, *, keep_order: bool = False
) -> str | None:
    """:func:`refusal` for a segment as stored (``after``: the new target)."""
    seg = now.original
    return refusal(
        seg.id, seg.locked, seg.codes, seg.source, now.target, after, keep_order=keep_order
    )
