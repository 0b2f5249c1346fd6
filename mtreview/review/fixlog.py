"""The fix log of a review: the target changes of the action log that are in force.

In force is :func:`mtreview.review.history.in_force`'s rule (an undone change is left out, a
redone one counts). Each fix carries who, when and the changed words before → after. A fix made
with the ``f`` key records the issue it fixed: its severity and span (older projects: re-checking
the text it was applied to recovers them; when that fails, the glossary changed since, it gets
:data:`DEFAULT_FIX_SEVERITY`). A ``fix-all`` gives one fix per segment it changed, classified with
the term's severity. A hand edit stays unclassified (it counts in the edit effort, not in the
MQM score).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from mtreview.corpus.model import Segment
from mtreview.review.history import in_force
from mtreview.review.store_records import Action
from mtreview.scoring.engine import Checker
from mtreview.scoring.review_data import RecordedFix, ReviewedSegment

DEFAULT_FIX_SEVERITY = "major"
TARGET_KINDS = ("fix", "edit", "fix-all")


def _word(char: str) -> bool:
    return char.isalnum() or char in "'’-"


def _mid_word(text: str, i: int) -> bool:
    """Whether offset ``i`` falls inside a word of ``text``."""
    return 0 < i < len(text) and _word(text[i - 1]) and _word(text[i])


def changed_span(before: str, after: str) -> tuple[str, str]:
    """The changed words: common leading and trailing text removed, cut at word boundaries."""
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    while start > 0 and (_mid_word(before, start) or _mid_word(after, start)):
        start -= 1
    while end > 0 and (_mid_word(before, len(before) - end) or _mid_word(after, len(after) - end)):
        end -= 1
    return before[start : len(before) - end].strip(), after[start : len(after) - end].strip()


def logged_time(at: str) -> datetime:
    """When an action was logged, in UTC (the log's times without a zone are UTC)."""
    when = datetime.fromisoformat(at)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _info(action: Action) -> dict[str, Any]:
    try:
        value = json.loads(action.info or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _recovered(action: Action, seg: ReviewedSegment, checker: Checker) -> tuple[str, str, str]:
    """(severity, before, after) of a fix, from what it recorded or by re-checking."""
    before, after = action.before or "", action.after or ""
    info = _info(action)
    if "severity" in info and "span" in info and "fix" in info:
        start, end = info["span"]
        if before[:start] + info["fix"] + before[end:] == after:
            return str(info["severity"]), before[start:end], str(info["fix"])
        return str(info["severity"]), *changed_span(before, after)
    result = checker.check_segment(Segment(seg.id, seg.source, before, seg.reference))
    issue = next((i for i in result.issues if i.fingerprint == action.fingerprint), None)
    if issue is None:
        return DEFAULT_FIX_SEVERITY, *changed_span(before, after)
    if issue.fix is not None and issue.fix.apply(before) == after:
        start, end = issue.fix.target_span
        return issue.severity, before[start:end], issue.fix.replacement
    return issue.severity, *changed_span(before, after)


def recorded_fixes(
    actions: Sequence[Action], segments: dict[str, ReviewedSegment], checker: Checker
) -> list[RecordedFix]:
    """The target changes in force, as fixes (see the module docstring for severities)."""
    out: list[RecordedFix] = []
    for action in in_force(actions):
        if action.kind not in TARGET_KINDS:
            continue
        when = logged_time(action.at)
        if action.kind == "fix-all":
            info = _info(action)
            classed = str(info.get("severity") or DEFAULT_FIX_SEVERITY)
            issues = info.get("issues") or {}
            before = json.loads(action.before or "{}").get("segments", {})
            after = json.loads(action.after or "{}").get("segments", {})
            for seg_id, text in after.items():
                if seg_id in segments:
                    old, new = changed_span(before.get(seg_id, ""), text)
                    issue = issues.get(seg_id)
                    fix = RecordedFix(
                        seg_id, "fix-all", old, new, action.reviewer, when, classed, issue
                    )
                    out.append(fix)
            continue
        seg = segments.get(action.segment or "")
        if seg is None:
            continue
        severity: str | None = None
        old, new = changed_span(action.before or "", action.after or "")
        if action.kind == "fix":
            severity, old, new = _recovered(action, seg, checker)
        fix = RecordedFix(
            seg.id, action.kind, old, new, action.reviewer, when, severity, action.fingerprint
        )
        out.append(fix)
    return out
