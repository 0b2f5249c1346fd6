"""Full-width punctuation left in an English target: ，。：；！？（）、《》【】 and the like.

The fix converts a run of such characters to half-width and re-spaces it the English way: no
space before , . ; : ! ? and closing brackets, one after them; one before an opening bracket and
none inside it; none inside a number (1，000 → 1,000; 16：56 → 16:56). Curly quotes “” ‘’ and …
are English punctuation too and are left alone, and so are full-width marks next to Chinese
characters (a quoted Chinese phrase: `untranslated` reports it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.checks.mechanical import HAN
from mtreview.scoring.issues import Fix, Issue

CHECK = "fullwidth-punctuation"
_FW = r"\u3000-\u3003\u3008-\u301f\ufe10-\ufe19\ufe30-\ufe4f\ufe50-\ufe6b\uff01-\uff64"
_FW_CHAR = re.compile(f"[{_FW}]")
_RUN = re.compile(rf"[{_FW}](?:[ \t]*[{_FW}])*")
# Half-width forms that NFKC does not give (or gives in the Chinese sense).
_SPECIAL = {
    "、": ",",
    "。": ".",
    "｡": ".",
    "､": ",",
    "〜": "~",
    "\u3000": " ",
    **dict.fromkeys("【〔〖〘〚", "["),
    **dict.fromkeys("】〕〗〙〛", "]"),
}
_OPEN_QUOTES = "《「『〈〝﹁﹃"
_CLOSE_QUOTES = "》」』〉〞〟﹂﹄"
STOPS = ",.;:!?"
# What follows a full-width mark that stands inside a number (after a digit).
_NUMBER_AFTER = {"，": re.compile(r"\d{3}(?!\d)"), "．": re.compile(r"\d"), "：": re.compile(r"\d")}
OPENERS = "([{“‘"
CLOSERS = ")]}”’"


def halfwidth(char: str, curly: bool) -> str:
    """The English (half-width) form of one full-width character."""
    if char in _OPEN_QUOTES:
        return "“" if curly else '"'
    if char in _CLOSE_QUOTES:
        return "”" if curly else '"'
    return _SPECIAL.get(char) or unicodedata.normalize("NFKC", char)


def _kind(char: str) -> str:
    if char in STOPS:
        return "stop"
    if char in OPENERS:
        return "open"
    return "close" if char in CLOSERS else "plain"


def _in_number(target: str, i: int) -> bool:
    """Whether the full-width mark at ``i`` sits inside a number: 1，000, 3．5, 16：56."""
    after = _NUMBER_AFTER.get(target[i])
    return bool(after and i and target[i - 1].isdigit() and after.match(target, i + 1))


def _gap(left: str, right: str, in_number: bool, original: str) -> str:
    """The space English wants between ``left`` and ``right`` ("" at either edge)."""
    if not left or not right:
        return ""
    lk, rk = _kind(left), _kind(right)
    if rk in ("stop", "close") or lk == "open":
        return ""
    if lk == "stop":
        return "" if in_number else " "
    if lk == "close" or (rk == "open" and left.isalnum()):
        return " "
    return " " if original else ""


def respace(target: str, start: int, end: int, curly: bool) -> tuple[tuple[int, int], str]:
    """The span around ``target[start:end]`` (with its spaces) and its half-width rewrite.

    ``curly``: whether book-title marks become curly quotes (else straight ones).
    """
    while start and target[start - 1] in " \t":
        start -= 1
    while end < len(target) and target[end] in " \t":
        end += 1
    out: list[str] = []
    prev, in_number, pending = target[start - 1 : start], False, ""
    for i in range(start, end):
        ch = target[i]
        new = halfwidth(ch, curly) if _FW_CHAR.match(ch) else ch
        if new.isspace():
            pending += new
            continue
        out.append(_gap(prev, new, in_number, pending) + new)
        prev, in_number, pending = new[-1], _in_number(target, i), ""
    out.append(_gap(prev, target[end : end + 1], in_number, pending))
    return (start, end), "".join(out)


def _near_chinese(target: str, start: int, end: int) -> bool:
    """Whether the run touches a Chinese character (spaces between them aside)."""
    while start and target[start - 1].isspace():
        start -= 1
    while end < len(target) and target[end].isspace():
        end += 1
    return bool(HAN.match(target, start - 1) if start else False) or bool(HAN.match(target, end))


@register(CHECK, {CHECK: ("minor", "full-width punctuation (，。：（）) in an English target")})
def check_fullwidth(ctx: SegmentContext) -> Iterable[Issue]:
    """One issue per run of full-width characters in an English target, with a fix."""
    if not ctx.target_lang.lower().startswith("en"):
        return
    target = ctx.segment.target
    curly = "“" in target or '"' not in target
    for m in () if target.isascii() else _RUN.finditer(target):  # every run starts wide
        if _near_chinese(target, *m.span()):
            continue
        span, replacement = respace(target, *m.span(), curly)
        shown = " ".join(ch for ch in m.group()[:12] if not ch.isspace()) or "ideographic space"
        half = f": {replacement.strip()!r}" if replacement.strip() else ""
        yield Issue(
            ctx.segment.id,
            CHECK,
            "minor",
            f"full-width {shown} in the English target{half}",
            target_span=span,
            found=target[span[0] : span[1]],
            fix=Fix(span, replacement),
        )
