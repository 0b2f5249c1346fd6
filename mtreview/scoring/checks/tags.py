"""The tag-mismatch check: a target's inline codes must be the source's.

A code missing from the target, one the source does not have, or a paired code whose close now
comes before its open (or crosses another pair the source nests) is flagged. Standalone codes
may move freely: translation reorders text.

A missing code comes with a fix only where its place is plain (:func:`_place`): at the start
or end of the text as in the source, or beside a code it touches in the source; a pair missing
altogether is put back around the text it wraps. The engine drops any fix that would break
the codes (:func:`mtreview.corpus.tokens.code_error`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from mtreview.corpus.model import InlineCode, Segment
from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.issues import Fix, Issue

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


def _place(segment: Segment, char: str, codes: dict[str, InlineCode]) -> int | None:
    """Where in the target a code missing from it goes, when that is plain; else ``None``."""
    src, tgt = segment.source, segment.target
    at = src.index(char)
    text_before = "".join(c for c in src[:at] if c not in codes)
    text_after = "".join(c for c in src[at + 1 :] if c not in codes)
    if not text_before.strip():
        return len(tgt) - len(tgt.lstrip())
    if not text_after.strip():
        return len(tgt.rstrip())
    if src[at - 1] in codes and src[at - 1] in tgt:
        return tgt.index(src[at - 1]) + 1
    if at + 1 < len(src) and src[at + 1] in codes and src[at + 1] in tgt:
        return tgt.index(src[at + 1])
    return None


def _missing_fix(
    segment: Segment, code: InlineCode, codes: dict[str, InlineCode], missing: set[str]
) -> Fix | None:
    """The fix putting back a code missing once (with its partner, when that is missing too)."""
    at = _place(segment, code.char, codes)
    partner = next(
        (c for c in codes.values() if c.id == code.id and c.kind != code.kind and code.id), None
    )
    if at is None or partner is None or code.kind == "standalone" or partner.char not in missing:
        return None if at is None else Fix((at, at), code.char)
    other = _place(segment, partner.char, codes)
    opening, closing = (at, other) if code.kind == "open" else (other, at)
    if other is None or opening is None or closing is None or opening > closing:
        return None
    tgt = segment.target
    first, last = (code, partner) if code.kind == "open" else (partner, code)
    return Fix((opening, closing), first.char + tgt[opening:closing] + last.char)


def tag_issues(segment: Segment) -> list[Issue]:
    """Issues for a target whose inline codes differ from its source's."""
    if not segment.codes or not segment.target.strip():
        return []
    codes = {c.char: c for c in segment.codes}
    source = _positions(segment.source, codes)
    target = _positions(segment.target, codes)
    issues: list[Issue] = []
    missing = Counter(c.char for _, c in source) - Counter(c.char for _, c in target)
    once = {char for char, n in missing.items() if n == 1}
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
                fix=_missing_fix(segment, code, codes, once) if n == 1 else None,
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
