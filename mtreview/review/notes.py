"""What a review accounts for besides its fixes, read from the action log.

Comments, ignores with reasons, confirmations and glossary changes in force (the one rule:
:func:`mtreview.review.history.in_force`, so an undone comment is gone).

A comment is a ``comment`` action on a segment (``fingerprint`` set when it is about one of
the segment's issues; ``info`` then names the issue's check); an ignore's optional reason and
an un-ignore's issue are in their actions' ``info`` the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from mtreview.review.fixlog import logged_time
from mtreview.review.history import in_force
from mtreview.review.store_records import Action
from mtreview.scoring.review_data import ReviewNote

SEGMENT_KINDS = ("comment", "ignore", "unignore", "confirm")
GLOSSARY_VERBS = {
    "glossary-add": "added",
    "glossary-edit": "edited",
    "glossary-delete": "deleted",
    "glossary-reload": "reloaded the glossary file",
    "glossary-repoint": "pointed the project at another glossary file",
}
NOTE_KINDS = (*SEGMENT_KINDS, *GLOSSARY_VERBS)
"""The kinds of action that make a note (:func:`note`; glossary changes touch no segment)."""


def _json(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _term(text: str | None) -> str:
    term = _json(text)
    return f"{term.get('source', '')} → {term.get('target', '')}" if term else ""


def _glossary_text(action: Action) -> str:
    verb = GLOSSARY_VERBS.get(action.kind, action.kind.removeprefix("glossary-"))
    if action.kind == "glossary-edit":
        return f"{verb} {_term(action.before)}, now {_term(action.after)}"
    if action.kind == "glossary-add":
        return f"{verb} {_term(action.after)}"
    if action.kind == "glossary-delete":
        return f"{verb} {_term(action.before)}"
    if action.kind == "glossary-repoint":
        return f"{verb}: {action.after or ''}"
    return verb


def note(action: Action) -> ReviewNote | None:
    """The note an action makes (None for actions the notes leave to the fix log)."""
    if action.kind.startswith("glossary-"):
        return ReviewNote(
            "glossary", None, action.reviewer, logged_time(action.at), _glossary_text(action)
        )
    if action.kind not in SEGMENT_KINDS:
        return None
    info = _json(action.info)
    if action.kind == "comment":
        text = action.after or ""
    elif action.kind == "confirm":
        text = "confirmed" if action.after == "confirmed" else "to do"
    else:
        text = str(info.get("reason", ""))
    check = str(info.get("check", ""))
    time = logged_time(action.at)
    return ReviewNote(
        action.kind, action.segment, action.reviewer, time, text, action.fingerprint, check
    )


def review_notes(actions: Sequence[Action]) -> tuple[ReviewNote, ...]:
    """The notes of every action in force, in log order."""
    return tuple(n for n in map(note, in_force(actions)) if n is not None)


def comment_text(n: ReviewNote) -> str:
    """A comment as a file's note: an issue's comment names its check."""
    return f"[{n.check or 'issue'}] {n.text}" if n.issue else n.text


def comments(notes: Iterable[ReviewNote]) -> dict[str, tuple[str, ...]]:
    """Each segment's comments (as :func:`comment_text` words them), oldest first."""
    out: dict[str, list[str]] = {}
    for n in notes:
        if n.kind == "comment" and n.segment is not None and n.text:
            out.setdefault(n.segment, []).append(comment_text(n))
    return {seg: tuple(texts) for seg, texts in out.items()}


def ignore_reasons(notes: Iterable[ReviewNote]) -> dict[str, ReviewNote]:
    """The latest ignore note of each issue (by fingerprint) still ignored."""
    out: dict[str, ReviewNote] = {}
    for n in notes:
        if n.issue is None:
            continue
        if n.kind == "ignore":
            out[n.issue] = n
        elif n.kind == "unignore":
            out.pop(n.issue, None)
    return out
