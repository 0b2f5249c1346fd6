"""Inline codes as the reviewer sees and types them: ``<1>…</1>``, ``<2/>``.

In a segment's text each code is one private-use placeholder character
(:class:`~mtreview.corpus.model.InlineCode`). :func:`render` shows it as its label; :func:`parse`
turns labels typed by a reviewer back into placeholders; :func:`nesting_error` says in one line
why codes cannot be written back; :func:`protected_spans` gives the spans a reviewer may not
change (between a protected open code and its close, codes included).

Text that happens to read like a label (a literal ``<1>``) is written ``\\<1>`` by
:func:`render`, and a backslash run right before a label is doubled, so
``parse(render(text)) == text`` for every text.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from mtreview.corpus.model import InlineCode


def _labels(codes: Iterable[InlineCode]) -> dict[str, InlineCode]:
    return {code.label: code for code in codes if code.label}


def _label_pattern(labels: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(labels, key=len, reverse=True)  # the longest label wins
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def render(text: str, codes: Iterable[InlineCode]) -> str:
    """``text`` with each placeholder shown as its code's label (``<1>``, ``</1>``, ``<2/>``).

    Literal text that reads like one of the labels is escaped with a backslash, and a run of
    backslashes just before a label is doubled, so :func:`parse` gives ``text`` back.
    """
    return "".join(_pieces(text, codes))


@dataclass(frozen=True, slots=True)
class Rendered:
    """A text as :func:`render` shows it, with where each raw offset went.

    Attributes:
        text: The rendered text.
        offsets: ``offsets[i]`` is where raw character ``i`` starts in ``text``;
            ``offsets[len(raw)]`` is ``len(text)``.
        tokens: The (start, end) spans of ``text`` that show a code (to style them).
    """

    text: str
    offsets: tuple[int, ...]
    tokens: tuple[tuple[int, int], ...]

    def span(self, raw: tuple[int, int]) -> tuple[int, int]:
        """A raw (start, end) span as a span of the rendered text (a code shown whole)."""
        last = len(self.offsets) - 1
        return self.offsets[min(max(raw[0], 0), last)], self.offsets[min(max(raw[1], 0), last)]


def rendered(text: str, codes: Iterable[InlineCode]) -> Rendered:
    """``text`` rendered (:func:`render`) with the map of raw offsets to rendered ones."""
    codes = tuple(codes)
    if not codes:  # no label to show or escape: each character shows as itself (most text)
        return Rendered(text, tuple(range(len(text) + 1)), ())
    chars = {c.char for c in codes}
    pieces = _pieces(text, codes)
    offsets = [0]
    tokens = []
    for char, piece in zip(text, pieces, strict=True):
        if char in chars:
            tokens.append((offsets[-1], offsets[-1] + len(piece)))
        offsets.append(offsets[-1] + len(piece))
    return Rendered("".join(pieces), tuple(offsets), tuple(tokens))


def _pieces(text: str, codes: Iterable[InlineCode]) -> list[str]:
    """What each raw character of ``text`` is shown as (the one rule of :func:`render`)."""
    codes = tuple(codes)
    by_char = {c.char: c for c in codes}
    pattern = _label_pattern(_labels(codes))
    pieces = list(text)
    run_start = 0  # the plain text since the last label

    def escape(at: int, literal_label: bool) -> None:
        j = at
        while j > run_start and text[j - 1] == "\\":
            j -= 1
        for k in range(j, at):
            pieces[k] = "\\\\"
        if literal_label:
            pieces[at] = "\\" + pieces[at]

    i = 0
    while i < len(text):
        code = by_char.get(text[i])
        if code is not None:
            escape(i, False)
            pieces[i] = code.label or "<?>"
            i += 1
            run_start = i
            continue
        match = pattern.match(text, i) if pattern is not None else None
        if match is not None:
            escape(i, True)
            i = run_start = match.end()
            continue
        i += 1
    return pieces


def parse(shown: str, codes: Iterable[InlineCode]) -> str:
    """Text typed with labels back as text with placeholders (the inverse of :func:`render`).

    Only the labels of ``codes`` are codes; anything else, ``<b>`` or ``<9/>``, is text.
    """
    labels = _labels(codes)
    pattern = _label_pattern(labels)
    if pattern is None:
        return shown
    out: list[str] = []
    i = 0
    while i < len(shown):
        j = i
        while j < len(shown) and shown[j] == "\\":
            j += 1
        match = pattern.match(shown, j)
        if match is None:
            out.append(shown[i : j + 1] if j > i else shown[i])
            i = j + 1 if j > i else i + 1
            continue
        slashes = j - i
        out.append("\\" * (slashes // 2))
        out.append(match.group() if slashes % 2 else labels[match.group()].char)
        i = match.end()
    return "".join(out)


def nesting_error(text: str, codes: Iterable[InlineCode], source: str | None = None) -> str | None:
    """Why the codes in ``text`` cannot be written back, in one line, or ``None``.

    A code used twice, a close before its open, an open left unclosed (or a close without
    its open) and pairs that cross are errors. Pairs are the ids with both an open and a close
    code among ``codes`` (in ``source`` when given); a code missing altogether is not an
    error here (the ``tag-mismatch`` check reports it).
    """
    codes = tuple(codes)
    by_char = {c.char: c for c in codes}
    placed = [by_char[ch] for ch in text if ch in by_char]
    twice = [c for c, n in Counter(placed).items() if n > 1]
    if twice:
        return f"code {twice[0].label} appears {Counter(placed)[twice[0]]} times"
    pool = [by_char[ch] for ch in source if ch in by_char] if source is not None else codes
    kinds = {(c.id, c.kind) for c in pool}
    paired = {i for i, kind in kinds if kind == "open" and (i, "close") in kinds}
    stack: list[InlineCode] = []
    present = {(c.id, c.kind) for c in placed}
    for code in placed:
        if code.id not in paired:
            continue
        if code.kind == "open":
            if (code.id, "close") not in present:
                return f"{code.label} is opened but never closed"
            stack.append(code)
        elif code.kind == "close":
            if not any(c.id == code.id for c in stack):
                if (code.id, "open") in present:
                    return f"{code.label} comes before its opening code"
                return f"{code.label} closes a code that is not opened"
            if stack[-1].id != code.id:
                return f"{code.label} closes across {stack[-1].label}"
            stack.pop()
    return None


def _label(code: InlineCode) -> str:
    return code.label or "<?>"


def _replaced(before: str, after: str) -> str:
    """What ``after`` no longer holds of ``before`` between their common start and end."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return before[start : len(before) - end]


def code_error(
    before: str,
    after: str,
    codes: Iterable[InlineCode],
    source: str | None = None,
    *,
    keep_order: bool = False,
) -> str | None:
    """Why ``after`` may not replace the target ``before``: one line naming the code, or ``None``.

    The one rule for every change of a target that holds inline codes: a code of ``before``
    (and of ``source``, when given) that ``after`` lacks (lost), a code used twice, a code
    neither ``before`` nor ``source`` holds (invented), changed protected content
    (:func:`protected_spans`) and codes that do not nest (:func:`nesting_error`). A reviewer
    may add a code of the source the target lacked, and move codes; with ``keep_order``
    (automatic fixes) the text a change replaces may hold no code, so none moves (a fix may
    still add a code the source has and the target lacks).
    """
    codes = tuple(codes)
    by_char = {c.char: c for c in codes}
    if not by_char:
        return None
    was = [ch for ch in before if ch in by_char]
    now = [ch for ch in after if ch in by_char]
    in_source = {ch for ch in source or "" if ch in by_char}
    for ch in dict.fromkeys(was):
        if ch not in now and (source is None or ch in in_source):
            return f"code {_label(by_char[ch])} is missing: put it back"
    allowed = set(was) | in_source
    for ch in now:
        if ch not in allowed:
            return f"code {_label(by_char[ch])} is not in the source or the target"
    if keep_order:
        touched = next((ch for ch in _replaced(before, after) if ch in by_char), None)
        if touched is not None:
            return f"code {_label(by_char[touched])} would move"
    old, new = protected_texts(before, codes), protected_texts(after, codes)
    if old != new:
        changed = next((a for a, b in zip(old, new, strict=False) if a != b), (old or new)[-1])
        first = next((by_char[ch] for ch in changed if ch in by_char), None)
        where = f" of {_label(first)}" if first is not None else ""
        return f"the protected content{where} may not change"
    error = nesting_error(after, codes, source)
    return None if error is None else error if error.startswith("code ") else f"code {error}"


@dataclass(frozen=True, slots=True)
class Shield:
    """The protected spans of a segment's source and target (half-open, codes included)."""

    source: tuple[tuple[int, int], ...] = ()
    target: tuple[tuple[int, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.source or self.target)

    def covers(
        self, source_span: tuple[int, int] | None, target_span: tuple[int, int] | None
    ) -> bool:
        """Whether a source or target span lies inside a protected span of its side."""
        return _inside(source_span, self.source) or _inside(target_span, self.target)


def _inside(span: tuple[int, int] | None, spans: tuple[tuple[int, int], ...]) -> bool:
    return span is not None and any(a <= span[0] and span[1] <= b for a, b in spans)


def protected_spans(text: str, codes: Iterable[InlineCode]) -> tuple[tuple[int, int], ...]:
    """The spans of ``text`` from a protected open code to its close (both included).

    A protected standalone code is a span of its own character; an open code whose close is
    missing protects to the end of the text, a protected close without its open (the span
    began in an earlier segment) from the start.
    """
    by_char = {c.char: c for c in codes}
    if not any(c.protected for c in by_char.values()):
        return ()
    spans: list[tuple[int, int]] = []
    open_at: dict[str, int] = {}
    for pos, char in enumerate(text):
        code = by_char.get(char)
        if code is None:
            continue
        if code.kind == "open" and code.protected:
            open_at.setdefault(code.id, pos)
        elif code.kind == "close" and code.id in open_at:  # <em/> of a protected <sm/>
            spans.append((open_at.pop(code.id), pos + 1))
        elif code.kind == "close" and code.protected:  # opened in an earlier segment
            spans.append((0, pos + 1))
        elif code.kind == "standalone" and code.protected:
            spans.append((pos, pos + 1))
    spans.extend((start, len(text)) for start in open_at.values())
    return tuple(sorted(spans))


def shield(source: str, target: str, codes: Iterable[InlineCode]) -> Shield:
    """The protected spans of a segment's source and target."""
    codes = tuple(codes)
    return Shield(protected_spans(source, codes), protected_spans(target, codes))


def protected_texts(text: str, codes: Iterable[InlineCode]) -> list[str]:
    """The content of each protected span of ``text``, in order (to compare two versions)."""
    return [text[a:b] for a, b in protected_spans(text, codes)]


_BREAKS = {"lb", "x-lb", "xlf:lb", "linebreak", "x-linebreak", "x-newline", "x-br"}
_TABS = {"x-tab", "tab", "xlf:tab"}
_ATTR = re.compile(r'\b(ctype|type|subType|hex)="([^"]*)"')
_MEMOQ_CHAR = re.compile(r"<mq:ch\s+val=\"([^\"]*)\"")
_BR = re.compile(r"^\s*<br\s*/?>\s*$", re.IGNORECASE)


def code_text(code: InlineCode) -> str:
    """The character a code stands for in the original document, or ``""``.

    Line breaks (``ctype="lb"``, XLIFF 2 ``subType="xlf:lb"``, an HTML ``<br>``), tabs
    (``ctype="x-tab"``, memoQ ``<mq:ch val="&#9;"/>``) and XLIFF 2 ``<cp hex="…"/>`` have
    one; formatting codes (bold, links…) have none.
    """
    head = code.markup.split(">", 1)[0]
    attrs = dict(_ATTR.findall(head))
    if "hex" in attrs:
        try:
            return chr(int(attrs["hex"], 16))
        except (ValueError, OverflowError):
            return ""
    kinds = {attrs.get("ctype", ""), attrs.get("type", ""), attrs.get("subType", "")}
    if kinds & _BREAKS:
        return "\n"
    if kinds & _TABS:
        return "\t"
    content = html.unescape(re.sub(r"<[^>]*>", "", code.markup.split(">", 1)[-1]))
    memoq = _MEMOQ_CHAR.search(content)
    if memoq:
        return html.unescape(memoq.group(1))
    return "\n" if _BR.match(content) else ""


def native_text(text: str, codes: Iterable[InlineCode]) -> str:
    """``text`` for plain-text exports: each code replaced by :func:`code_text` (or dropped)."""
    table = {c.char: code_text(c) for c in codes}
    if not table:
        return text
    return "".join(table.get(ch, ch) for ch in text)
