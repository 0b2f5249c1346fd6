"""Batch actions and their previews: confirm every clean segment, apply every fix of a check/term.

A preview says what the action would change (nothing is written); the action then writes exactly
that through :meth:`~mtreview.review.actions.Actions.write_targets`, the one path that writes
many segments as ONE action undo reverts whole (refused whole when a segment changed since).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtreview.errors import MtreviewError
from mtreview.review.learn import SegmentChange
from mtreview.review.models import CONFIRMED, TODO, Filter
from mtreview.review.store_records import detail_from_json
from mtreview.review.store_schema import decoding
from mtreview.scoring.issues import Fix, Issue

if TYPE_CHECKING:
    from mtreview.review.session import Session

CONFIRM_ALL, FIX_ALL = "confirm-all", "fix-all"
BATCH_KINDS = (FIX_ALL, CONFIRM_ALL)
"""Actions that change many segments (their before/after are JSON maps by segment id)."""


@dataclass(frozen=True, slots=True)
class BatchPreview:
    """What a batch action would change.

    ``kind`` is ``confirm-all`` (``before``/``after`` of each change are statuses) or ``fix-all``
    (targets); ``scope`` the check or term whose fixes are applied; ``fixes`` how many issues
    the changes fix (one segment may hold several); ``severity`` the gravest of them.
    """

    kind: str
    scope: Filter
    changes: tuple[SegmentChange, ...]
    fixes: int = 0
    severity: str | None = None


def preview_confirm_all(session: Session) -> BatchPreview:
    """Every segment still to do with no open issue, to be confirmed."""
    index = session.index
    changes = tuple(
        SegmentChange(pos, index.ids[pos], TODO, CONFIRMED)
        for pos in range(len(index))
        if index.status[pos] == TODO and not index.open_counts[pos]
    )
    return BatchPreview(CONFIRM_ALL, Filter(TODO), changes)


def with_fixes(target: str, fixes: list[Fix]) -> tuple[str, int]:
    """``target`` with its fixes applied, left to right; a fix overlapping an earlier one is left.

    Returns:
        The fixed text and how many fixes were applied.
    """
    kept: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: f.target_span):
        last = kept[-1].target_span if kept else None
        if last and (fix.target_span[0] < last[1] or fix.target_span == last):
            continue
        kept.append(fix)
    out = target
    for fix in reversed(kept):
        out = fix.apply(out)
    return out, len(kept)


_SEVERITY_RANK = {"critical": 3, "major": 2, "minor": 1}


def preview_fixes(session: Session, scope: Filter) -> BatchPreview:
    """Every open issue of a check (``scope`` kind ``check``) or term (``term``) with a fix.

    Raises:
        MtreviewError: for any other kind of scope.
    """
    if scope.kind not in ("check", "term") or not scope.value:
        raise MtreviewError("apply fixes by check or by term only")

    def wanted(issue: Issue) -> bool:
        value = issue.check if scope.kind == "check" else issue.term
        return value == scope.value and issue.fix is not None

    changes, fixes, severities = [], 0, []
    for pos in session.filtered(scope):
        if not any(
            (k[1] if scope.kind == "check" else k[2]) == scope.value
            for k in session.index.keys[pos]
        ):
            continue
        now = session.store.segment_now(pos)
        if now.detail is None:
            continue
        with decoding(session.path):
            issues = detail_from_json(now, session.terms)[0]
        chosen = [i for i in issues if wanted(i) and i.fingerprint not in session.index.ignored]
        fixed, applied = with_fixes(now.target, [i.fix for i in chosen if i.fix is not None])
        if fixed != now.target:
            fixes += applied
            severities += [i.severity for i in chosen]
            first = chosen[0].fingerprint
            changes.append(SegmentChange(pos, now.original.id, now.target, fixed, first))
    severity = max(severities, key=lambda s: _SEVERITY_RANK.get(s, 0), default=None)
    return BatchPreview(FIX_ALL, scope, tuple(changes), fixes, severity)
