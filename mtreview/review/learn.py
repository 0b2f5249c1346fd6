"""Learning from a fix: the wrong rendering an edit replaced, and the same fix everywhere.

When an edit replaces the found span of a ``term-missing`` or ``term-forbidden`` issue, the text
it replaced is a wrong rendering of that term (:func:`learnable`): it can be recorded as
``forbidden``, and the same replacement applied wherever the check found it rendering the term
(:func:`preview_fix_all`, :func:`fix_all`) as ONE ``fix-all`` action that undo reverts whole.

Which segments hold the term and which target spans render it wrongly come from the stored
term occurrences (the engine's, boundary-aware): 自然资源部门 is not 自然资源部, and a "carbon
stamp" that renders no 碳票 of the source is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from mtreview.errors import MtreviewError
from mtreview.glossary.model import Term
from mtreview.glossary.render import find_phrase, fold
from mtreview.glossary.rules import norm
from mtreview.review.guard import stored_refusal
from mtreview.review.models import SegmentState
from mtreview.review.store_records import detail_from_json
from mtreview.review.store_schema import decoding
from mtreview.scoring.checks.terms import TermOccurrence

if TYPE_CHECKING:
    from mtreview.review.service import ReviewService

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
    issue: str | None = None  # the fingerprint of the term's issue the change fixes


@dataclass(frozen=True, slots=True)
class FixPreview:
    """Every change replacing ``wrong`` by ``right`` where the term's source occurs."""

    term: str
    wrong: str
    right: str
    changes: tuple[SegmentChange, ...]


_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Change:
    """One changed stretch of an edit: ``old[a:b]`` became ``new[c:d]``."""

    a: int
    b: int
    c: int
    d: int


def word_changes(old: str, new: str) -> list[Change]:
    """The stretches a word-level diff finds changed between two targets."""
    ot, nt = list(_TOKEN.finditer(old)), list(_TOKEN.finditer(new))

    def at(tokens: list[re.Match[str]], i: int, j: int, text: str) -> tuple[int, int]:
        if i == j:
            pos = tokens[i].start() if i < len(tokens) else len(text)
            return pos, pos
        return tokens[i].start(), tokens[j - 1].end()

    matcher = SequenceMatcher(None, [m[0] for m in ot], [m[0] for m in nt], autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.append(Change(*at(ot, i1, i2, old), *at(nt, j1, j2, new)))
    return out


def _written(accepted: tuple[str, ...], text: str, changes: list[Change]) -> tuple[int, int]:
    """The span of an accepted rendering in ``text`` that a change wrote."""
    folded = fold(text)
    for rendering in accepted:
        for a, b in find_phrase(rendering, folded, False, False):
            if any(c.c < b and c.d > a for c in changes):
                return a, b
    return 0, 0


def _around(
    old: str, new: str, changes: list[Change], span: tuple[int, int], side: int
) -> tuple[str, str]:
    """The text of ``span`` before and after the changes touching it.

    ``span`` is an offset range in the old text (``side`` 0) or in the new one (``side`` 1); the
    result widens it to the whole of each change it touches.
    """
    a, b = span

    def edges(c: Change) -> tuple[int, int]:
        return (c.a, c.b) if side == 0 else (c.c, c.d)

    touching = [c for c in changes if edges(c)[0] <= b and edges(c)[1] >= a]
    if not touching:
        return "", ""
    first, last = touching[0], touching[-1]
    if side == 0:
        lo, hi = min(a, first.a), max(b, last.b)
        return old[lo:hi], old[lo : first.a] + new[first.c : last.d] + old[last.b : hi]
    lo, hi = min(a, first.c), max(b, last.d)
    return new[lo : first.c] + old[first.a : last.b] + new[last.d : hi], new[lo:hi]


def learnable(
    terms: Mapping[str, Term], state: SegmentState, new_target: str
) -> tuple[Learnable, ...]:
    """The term renderings the edit from ``state.target`` to ``new_target`` replaced."""
    old = state.target
    changes = word_changes(old, new_target)
    out: dict[tuple[str, str], Learnable] = {}
    for issue in state.issues:
        term = terms.get(issue.term or "")
        if issue.check not in TERM_CHECKS or term is None or not changes:
            continue
        # The accepted rendering the edit wrote, if any, is the right text.
        span = _written(term.accepted, new_target, changes)
        if issue.target_span is not None:
            wrong, right = _around(old, new_target, changes, issue.target_span, 0)
        else:
            # Not located: the written rendering marks the replaced words.
            wrong, right = _around(old, new_target, changes, span, 1) if span[1] else ("", "")
        if span[1]:
            right = new_target[span[0] : span[1]]
        wrong, right = wrong.strip(), right.strip()
        if not wrong or norm(wrong) == norm(right):
            continue
        if norm(wrong) in {norm(r) for r in term.accepted}:
            continue
        if not span[1] and _deleted(wrong, right):
            continue  # words only taken out: no rendering written
        forbidden = norm(wrong) in {norm(f) for f in term.forbidden}
        out[(term.id, wrong)] = Learnable(
            term.id, term.source, term.target, wrong, right, forbidden
        )
    return tuple(out.values())


def _deleted(wrong: str, right: str) -> bool:
    """Whether ``right`` is ``wrong`` with some of its words taken out."""
    kept = norm(right).split()
    words = iter(norm(wrong).split())
    return all(any(w == k for w in words) for k in kept)


def _replace_within(text: str, spans: list[tuple[int, int]], wrong: str, right: str) -> str:
    """``text`` with ``wrong`` replaced by ``right`` where it stands inside one of ``spans``."""
    folded = fold(text)
    hits = sorted(
        (a, b)
        for a, b in find_phrase(wrong, folded, False, False)
        if any(a < end and start < b for start, end in spans)
    )
    out, last = [], 0
    for a, b in hits:
        if a < last:
            continue
        piece = right
        if text[a].isupper() and right[:1].islower():
            piece = right[0].upper() + right[1:]
        out += [text[last:a], piece]
        last = b
    return "".join([*out, text[last:]])


def preview_fix_all(review: ReviewService, term_id: str, wrong: str, right: str) -> FixPreview:
    """The segments where the check finds ``wrong`` rendering the term, with it fixed.

    Segments whose stored occurrences of the term are unrendered but not located at ``wrong``
    are checked again by the engine, which now knows ``wrong`` as a rendering seen elsewhere.
    """
    term = review.terms.get(term_id)
    if term is None:
        raise MtreviewError(f"no term {term_id!r} in the glossary")
    review.checker.learn([(term_id, wrong)])
    changes = []
    for now in review.store.segments_holding(term_id):
        if now.detail is None:
            continue
        with decoding(review.path):
            issues, occurrences = detail_from_json(now, review.terms)
        wanting = [o for o in occurrences if o.term.id == term_id and not o.ok]
        fixed = _replace_within(now.target, _spans(wanting), wrong, right)
        if fixed == now.target and wanting:
            again = review.checker.check_segment(replace(now.original, target=now.target))
            wanting = [o for o in again.occurrences if o.term.id == term_id and not o.ok]
            fixed = _replace_within(now.target, _spans(wanting), wrong, right)
        if fixed != now.target and stored_refusal(now, fixed, keep_order=True) is None:
            issue = next((i.fingerprint for i in issues if i.term == term_id), None)
            changes.append(SegmentChange(now.pos, now.original.id, now.target, fixed, issue))
    return FixPreview(term_id, wrong, right, tuple(changes))


def _spans(occurrences: list[TermOccurrence]) -> list[tuple[int, int]]:
    return [o.target_span for o in occurrences if o.target_span is not None]


def fix_all(review: ReviewService, preview: FixPreview) -> SegmentState | None:
    """Apply a previewed corpus-wide fix as one ``fix-all`` action.

    Raises:
        MtreviewError: when a segment changed since the preview (nothing is written).
    """
    term = review.terms.get(preview.term)
    head = {"term": preview.term, "wrong": preview.wrong, "right": preview.right}
    severity = term.severity if term is not None else None
    return review.write_batch("fix-all", preview.changes, head, severity)
