"""The mechanical checks every QA tool has.

Repeated words, empty or copied targets, unbalanced quotes and brackets, double spaces and
whitespace at the edges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import eq

from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.ennum import letter_words
from mtreview.scoring.issues import Fix, Issue

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# A copied target is right when it is a file name, a link or an address: 图片18.jpg.
NAME_LIKE = re.compile(r"\S+\.[A-Za-z][A-Za-z0-9]{1,4}|\w+://\S+|\S+@\S+\.\S+")
_REPEAT = re.compile(r"\b([A-Za-z]+(?:'[A-Za-z]+)?)([ \t]+)(\1)\b", re.IGNORECASE)
# Doubled words that are good English.
GOOD_REPEATS = {"that", "had", "is", "bye", "so", "very", "no", "yes"}
_SPACES = re.compile(r"(?<=\S)( {2,})(?=\S)")
PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "「": "」", "『": "』", "《": "》"}
_FOLD = str.maketrans("（）【】「」『』《》", "()[]{}{}<>")
_CLOSERS = {v: k for k, v in PAIRS.items()}
_BRACKETS = "".join(PAIRS) + "".join(_CLOSERS)
_BRACKET = re.compile("[" + re.escape(_BRACKETS) + "]")
_CURLY = re.compile("[“”]")


@register(
    "mechanical",
    {
        "empty-target": ("critical", "the target is empty while the source is not"),
        "target-equals-source": ("major", "the target is a copy of the Chinese source"),
        "repeated-word": ("major", "the same word twice in a row (through through)"),
        "unbalanced-quotes": ("minor", "a quotation mark without its pair in the target"),
        "unbalanced-brackets": ("minor", "a bracket without its pair in the target"),
        "double-space": ("minor", "two or more spaces between words"),
        "leading-trailing-whitespace": ("minor", "whitespace at the start or end of the target"),
    },
)
def check_mechanical(ctx: SegmentContext) -> Iterable[Issue]:
    """Issues of form rather than meaning, with a fix where one is safe."""
    seg = ctx.segment
    source, target = seg.source, seg.target
    if not target.strip():
        if source.strip():
            yield Issue(seg.id, "empty-target", "critical", "the target is empty")
        return
    if copied(source, target):
        yield Issue(
            seg.id,
            "target-equals-source",
            "major",
            "the target is the untranslated source",
            target_span=(0, len(target)),
        )
    yield from repeated_words(seg.id, target)
    yield from unbalanced(seg.id, source, target)
    for m in _SPACES.finditer(target) if "  " in target else ():
        yield Issue(
            seg.id,
            "double-space",
            "minor",
            f"{len(m.group(1))} spaces in a row",
            target_span=m.span(1),
            found=m.group(1),
            fix=Fix(m.span(1), " "),
        )
    yield from edges(seg.id, source, target)


def copied(source: str, target: str) -> bool:
    """A target that repeats a source with Chinese in it, unless it is a file name or link."""
    text = target.strip()
    return text == source.strip() and bool(HAN.search(text)) and not NAME_LIKE.fullmatch(text)


def repeated_words(segment: str, target: str) -> Iterable[Issue]:
    """Words said twice ("through through"); the fix keeps one."""
    if not _may_repeat(target):
        return
    for m in _REPEAT.finditer(target):
        word = m.group(1)
        if word.lower() in GOOD_REPEATS or word.isdigit():
            continue
        span = (m.start(1), m.end(3))
        yield Issue(
            segment,
            "repeated-word",
            "major",
            f"{word!r} twice in a row",
            target_span=span,
            found=m.group(),
            expected=word,
            fix=Fix(span, word),
        )


def _may_repeat(target: str) -> bool:
    """Whether :data:`_REPEAT` may find a word said twice (False: it surely finds none).

    In an ASCII text without an apostrophe the pattern's words are runs of letters with only
    spaces between: when no run equals the next (case aside), it finds nothing. A test in C.
    """
    if not target.isascii() or "'" in target:
        return True
    words = letter_words(target)[1]
    return any(map(eq, words, words[1:]))


def _imbalance(text: str) -> list[tuple[str, int]]:
    """Brackets left open or closed without a pair, with their offsets."""
    if not any(ch in text for ch in _BRACKETS):
        return []  # the usual text: a few scans in C, where the pattern's takes far longer
    stack: list[tuple[str, int]] = []
    stray: list[tuple[str, int]] = []
    for m in _BRACKET.finditer(text):  # only the brackets: a text without any costs one scan
        ch, i = m.group(), m.start()
        if ch in PAIRS:
            stack.append((ch, i))
        elif stack and stack[-1][0] == _CLOSERS[ch]:
            stack.pop()
        else:
            stray.append((ch, i))
    return stray + stack


def _quote_trouble(text: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    straight = text.count('"')
    if straight % 2:
        out.append(('"', text.rindex('"')))
    depth, last = 0, -1
    for m in () if text.isascii() else _CURLY.finditer(text):  # curly quotes are not ASCII
        depth, last = depth + (1 if m.group() == "“" else -1), m.start()
    if depth:
        out.append(("“" if depth > 0 else "”", last))
    return out


def unbalanced(segment: str, source: str, target: str) -> Iterable[Issue]:
    """Brackets and quotes without a pair in the target, unless the source lacks it too."""
    target_brackets = _imbalance(target)  # the source is only read when the target has some
    if target_brackets and sorted(ch.translate(_FOLD) for ch, _ in target_brackets) != sorted(
        ch.translate(_FOLD) for ch, _ in _imbalance(source)
    ):
        for ch, i in target_brackets:
            yield Issue(
                segment,
                "unbalanced-brackets",
                "minor",
                f"{ch!r} has no matching bracket",
                target_span=(i, i + 1),
                found=ch,
            )
    quotes = _quote_trouble(target)
    if quotes and _quote_trouble(source):
        return  # a quotation that runs on from the previous segment
    for ch, i in quotes:
        yield Issue(
            segment,
            "unbalanced-quotes",
            "minor",
            f"{ch!r} has no matching quotation mark",
            target_span=(i, i + 1),
            found=ch,
        )


def edges(segment: str, source: str, target: str) -> Iterable[Issue]:
    """Whitespace at either end of the target that the source does not have."""
    lead = len(target) - len(target.lstrip())
    trail = len(target) - len(target.rstrip())
    if lead and source[:1] not in (" ", "\t", "\u3000"):
        span = (0, lead)
        yield Issue(
            segment,
            "leading-trailing-whitespace",
            "minor",
            "whitespace at the start of the target",
            target_span=span,
            found=target[:lead],
            fix=Fix(span, ""),
        )
    if trail and source[-1:] not in (" ", "\t", "\u3000"):
        span = (len(target) - trail, len(target))
        yield Issue(
            segment,
            "leading-trailing-whitespace",
            "minor",
            "whitespace at the end of the target",
            target_span=span,
            found=target[span[0] :],
            fix=Fix(span, ""),
        )
