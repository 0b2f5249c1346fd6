"""A review project as scoring input: the MT, the reviewed text, references and the fixes.

The MT is each segment's original target, the reviewed text its current one. The fixes are the
target changes of the action log that are still in force (an undone change is left out, a
redone one counts), each with who, when and the changed words before → after. A fix made with
the ``f`` key names the issue it fixed; re-checking the text it was applied to recovers that
issue's severity and span. When it cannot be recovered (the glossary changed since), the fix
gets :data:`DEFAULT_FIX_SEVERITY`, the glossary's default severity; a hand edit stays
unclassified (it counts in the edit effort, not in the MQM score).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from mtreview.corpus.model import Segment
from mtreview.corpus.project import Action, Project
from mtreview.scoring.engine import Checker
from mtreview.scoring.review_data import RecordedFix, ReviewedCorpus, ReviewedSegment

DEFAULT_FIX_SEVERITY = "major"
TARGET_KINDS = ("fix", "edit")


def actions_in_force(actions: Sequence[Action]) -> list[Action]:
    """The original actions not undone, in order (the review service's undo stack)."""
    done: list[Action] = []
    undone: list[Action] = []
    for action in actions:
        if action.kind == "undo":
            if done:
                undone.append(done.pop())
        elif action.kind == "redo":
            if undone:
                done.append(undone.pop())
        else:
            done.append(action)
            undone.clear()
    return done


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


def _time(at: str) -> datetime:
    when = datetime.fromisoformat(at)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def recorded_fixes(
    actions: Sequence[Action], segments: dict[str, ReviewedSegment], checker: Checker
) -> list[RecordedFix]:
    """The target changes in force, as fixes (see the module docstring for severities)."""
    out: list[RecordedFix] = []
    for action in actions_in_force(actions):
        seg = segments.get(action.segment or "")
        if action.kind not in TARGET_KINDS or seg is None:
            continue
        before, after = action.before or "", action.after or ""
        severity: str | None = None
        old, new = changed_span(before, after)
        if action.kind == "fix":
            severity = DEFAULT_FIX_SEVERITY
            result = checker.check_segment(Segment(seg.id, seg.source, before, seg.reference))
            issue = next((i for i in result.issues if i.fingerprint == action.fingerprint), None)
            if issue is not None:
                severity = issue.severity
                if issue.fix is not None and issue.fix.apply(before) == after:
                    start, end = issue.fix.target_span
                    old, new = before[start:end], issue.fix.replacement
        out.append(
            RecordedFix(
                seg.id,
                action.kind,
                old,
                new,
                action.reviewer,
                _time(action.at),
                severity,
                action.fingerprint,
            )
        )
    return out


def reviewed_from_project(project: Project, checker: Checker) -> ReviewedCorpus:
    """Build the scoring input from an open project.

    Args:
        project: The review project.
        checker: A checker on the project's glossary, to recover the severity of fixes.
    """
    meta = project.meta()
    rows = project.db.execute(
        "SELECT id, source, mt, target, reference FROM segments ORDER BY pos"
    ).fetchall()
    segments = tuple(ReviewedSegment(r[0], r[1], r[2], r[3], r[4]) for r in rows)
    known = json.loads(meta.get("known", "{}"))
    checker.known = {term: set(found) for term, found in known.items()}
    fixes = recorded_fixes(project.actions(), {s.id: s for s in segments}, checker)
    return ReviewedCorpus(
        segments,
        tuple(fixes),
        meta.get("source_lang", "zh"),
        meta.get("target_lang", "en"),
        str(project.path),
        json.loads(meta.get("corpus_meta", "{}")),
        frozenset(project.ignored()),
    )
