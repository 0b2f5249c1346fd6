"""The tag-mismatch check: a target's inline codes must be the source's.

A code missing from the target, one the source does not have, or a paired code whose close now
comes before its open (or crosses another pair the source nests) is flagged. Standalone codes
may move freely: translation reorders text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from mtreview.corpus.model import InlineCode, Segment
from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.issues import Issue

CHECK = "tag-mismatch"


def _positions(text: str, codes: dict[str, InlineCode]) -> list[tuple[int, InlineCode]]:
    return [(i, codes[c]) for i, c in enumerate(text) if c in codes]


def _order_errors(
    target: list[tuple[int, InlineCode]], paired: set[str]
) -> Iterable[tuple[int, InlineCode, str]]:
    """Closes before their open, and pairs that cross, among pairs the source closes."""
    stack: list[InlineCode] = []
    opened: set[str] = set()
    for pos, code in target:
        if code.id not in paired:
            continue
        if code.kind == "open":
            stack.append(code)
            opened.add(code.id)
        elif code.kind == "close":
            if code.id not in opened:
                yield pos, code, f"{code.label} comes before its opening code"
            elif stack and stack[-1].id == code.id:
                stack.pop()
            else:
                yield pos, code, f"{code.label} closes across another pair of codes"
                stack = [c for c in stack if c.id != code.id]


def _nested(source: list[tuple[int, InlineCode]], ids: set[str]) -> bool:
    stack: list[str] = []
    for _, code in source:
        if code.id not in ids:
            continue
        if code.kind == "open":
            stack.append(code.id)
        elif code.kind == "close":
            if not stack or stack[-1] != code.id:
                return False
            stack.pop()
    return True


def tag_issues(segment: Segment) -> list[Issue]:
    """Issues for a target whose inline codes differ from its source's."""
    if not segment.codes or not segment.target.strip():
        return []
    codes = {c.char: c for c in segment.codes}
    source = _positions(segment.source, codes)
    target = _positions(segment.target, codes)
    issues: list[Issue] = []
    missing = Counter(c.char for _, c in source) - Counter(c.char for _, c in target)
    for char, n in missing.items():
        code = codes[char]
        times = f" ({n} times)" if n > 1 else ""
        issues.append(
            Issue(
                segment.id,
                CHECK,
                "major",
                f"inline code {code.label} is missing from the target{times}",
                expected=code.label,
            )
        )
    extra = Counter(c.char for _, c in target) - Counter(c.char for _, c in source)
    seen: Counter[str] = Counter()
    for pos, code in target:
        seen[code.char] += 1
        if extra[code.char] and seen[code.char] > Counter(c.char for _, c in source)[code.char]:
            issues.append(
                Issue(
                    segment.id,
                    CHECK,
                    "major",
                    f"inline code {code.label} is not in the source",
                    target_span=(pos, pos + 1),
                    found=code.label,
                )
            )
    kinds = {(c.id, c.kind) for _, c in source}
    paired = {i for i, kind in kinds if i and kind == "open" and (i, "close") in kinds}
    if _nested(source, paired):
        for pos, code, message in _order_errors(target, paired):
            issues.append(
                Issue(
                    segment.id,
                    CHECK,
                    "major",
                    message,
                    target_span=(pos, pos + 1),
                    found=code.label,
                )
            )
    return issues


@register(CHECK, {CHECK: ("major", "the target's inline codes (tags) differ from the source's")})
def check_tags(ctx: SegmentContext) -> Iterable[Issue]:
    """Tag-mismatch issues of one segment."""
    return tag_issues(ctx.segment)
