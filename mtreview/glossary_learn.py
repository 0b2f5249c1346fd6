"""Learning from a fix: the wrong rendering an edit replaced, and the same fix everywhere.

When an edit replaces the found span of a ``term-missing`` or ``term-forbidden`` issue, the text
it replaced is a wrong rendering of that term (:func:`learnable`): it can be recorded as
``forbidden``, and the same replacement applied to every segment whose source holds the term
(:func:`preview_fix_all`, :func:`fix_all`) as ONE ``fix-all`` action that undo reverts whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from mtreview.errors import MtreviewError
from mtreview.glossary.render import find_phrase, fold
from mtreview.glossary.rules import norm
from mtreview.review import SegmentState, issue_keys, issues_json
from mtreview.service import ReviewService

TERM_CHECKS = ("term-missing", "term-forbidden")


@dataclass(frozen=True, slots=True)
class Learnable:
    """A wrong rendering of a term that an edit replaced by ``right``."""

    term: str
    source: str
    target: str
    wrong: str
    right: str
    already_forbidden: bool


@dataclass(frozen=True, slots=True)
class SegmentChange:
    """One segment a corpus-wide fix would change."""

    pos: int
    id: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class FixPreview:
    """Every change replacing ``wrong`` by ``right`` where the term's source occurs."""

    term: str
    wrong: str
    right: str
    changes: tuple[SegmentChange, ...]


def _edited_region(before: str, after: str) -> tuple[int, int, int]:
    """Start, and end in ``before`` and in ``after``, of the one region an edit changed."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return start, len(before) - end, len(after) - end


def _written(accepted: tuple[str, ...], text: str, start: int, end: int) -> tuple[int, int]:
    """The span of an accepted rendering in ``text`` that overlaps ``[start, end)``."""
    folded = fold(text)
    for rendering in accepted:
        for a, b in find_phrase(rendering, folded, False, False):
            if a < end and b > start:
                return a, b
    return 0, 0


def learnable(review: ReviewService, state: SegmentState, new_target: str) -> tuple[Learnable, ...]:
    """The term renderings the edit from ``state.target`` to ``new_target`` replaced."""
    old = state.target
    if old == new_target:
        return ()
    start, end_old, end_new = _edited_region(old, new_target)
    delta = len(new_target) - len(old)
    terms = review.glossary.by_id()
    out: dict[tuple[str, str], Learnable] = {}
    for issue in state.issues:
        term = terms.get(issue.term or "")
        if issue.check not in TERM_CHECKS or term is None:
            continue
        if issue.target_span is not None:
            a, b = issue.target_span
        else:
            # Not located: the accepted rendering the edit wrote marks the replaced words.
            a, b = _written(term.accepted, new_target, start, end_new)
            if a >= b:
                continue
            b -= delta
        if a >= b or b < start or a > end_old:
            continue
        lo, hi = min(a, start), max(b, end_old)
        wrong, right = old[lo:hi].strip(), new_target[lo : hi + delta].strip()
        if not wrong or norm(wrong) == norm(right):
            continue
        if norm(wrong) in {norm(r) for r in term.accepted}:
            continue
        forbidden = norm(wrong) in {norm(f) for f in term.forbidden}
        out[(term.id, wrong)] = Learnable(
            term.id, term.source, term.target, wrong, right, forbidden
        )
    return tuple(out.values())


def _replace_all(text: str, wrong: str, right: str) -> str:
    spans = find_phrase(wrong, fold(text), False, False)
    out, last = [], 0
    for a, b in sorted(spans):
        if a < last:
            continue
        piece = right
        if text[a].isupper() and right[:1].islower():
            piece = right[0].upper() + right[1:]
        out += [text[last:a], piece]
        last = b
    return "".join([*out, text[last:]])


def preview_fix_all(review: ReviewService, term_id: str, wrong: str, right: str) -> FixPreview:
    """The segments whose source holds the term and whose target holds ``wrong``, fixed."""
    term = review.glossary.by_id().get(term_id)
    if term is None:
        raise MtreviewError(f"no term {term_id!r} in the glossary")
    rows = review.project.db.execute(
        "SELECT pos, id, target FROM segments WHERE instr(source, ?) ORDER BY pos", (term.source,)
    )
    changes = []
    for pos, seg_id, target in rows:
        fixed = _replace_all(target, wrong, right)
        if fixed != target:
            changes.append(SegmentChange(pos, seg_id, target, fixed))
    return FixPreview(term_id, wrong, right, tuple(changes))


def write_targets(
    review: ReviewService,
    targets: dict[str, str],
    kind: str,
    fingerprint: str | None,
    before: str,
    after: str,
    ref: int | None = None,
) -> SegmentState | None:
    """Set many segments' targets and log ONE action, in one transaction; re-checks them."""
    rows = []
    results = {}
    for seg_id, text in targets.items():
        pos = review.pos_of[seg_id]
        result = review.checker.check_segment(replace(review.project.segment(pos), target=text))
        results[pos] = result
        rows.append((text, issues_json(result.issues), pos))
    with review.project.transaction() as db:
        db.executemany("UPDATE segments SET target = ?, issues = ? WHERE pos = ?", rows)
        action = review.project.log(
            db, review.reviewer, None, kind, fingerprint, before, after, ref
        )
    for text, _issues, pos in rows:
        review.previews[pos] = text[:100]
        review._recount(pos, issue_keys(results[pos].issues))
    review._track(action)
    return review.state(min(results)) if results else None


def fix_all(review: ReviewService, preview: FixPreview) -> SegmentState | None:
    """Apply a previewed corpus-wide fix as one ``fix-all`` action.

    Raises:
        MtreviewError: when a segment changed since the preview (nothing is written).
    """
    for change in preview.changes:
        if review.target(change.pos) != change.before:
            raise MtreviewError(f"segment {change.id} changed since the preview: preview again")
    if not preview.changes:
        return None
    head = {"term": preview.term, "wrong": preview.wrong, "right": preview.right}
    before = json.dumps({**head, "segments": {c.id: c.before for c in preview.changes}})
    after = json.dumps({**head, "segments": {c.id: c.after for c in preview.changes}})
    targets = {c.id: c.after for c in preview.changes}
    return write_targets(review, targets, "fix-all", preview.term, before, after)


def replay_fix_all(
    review: ReviewService, action_before: str, action_after: str, kind: str, ref: int, forward: bool
) -> SegmentState | None:
    """Undo (restore every segment's ``before``) or redo a ``fix-all`` action."""
    value = json.loads(action_after if forward else action_before)
    return write_targets(
        review, value["segments"], kind, value.get("term"), action_before, action_after, ref
    )
