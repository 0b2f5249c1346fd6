"""Text from files as safe rich ``Text``: control characters made visible, terms highlighted.

Inline codes show as their tokens (``<1>``, ``</1>``, ``<2/>``: :mod:`mtreview.corpus.tokens`,
the one rule), styled apart from the text; spans into the raw text are moved onto the
rendered text by :meth:`~mtreview.corpus.tokens.Rendered.span`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from mtreview.review import InlineCode, TermOccurrence, counted, tokens

# C0 controls become their Control Pictures (U+2400…), one character for one, so offsets into
# the text stay valid; C1 controls become U+FFFD.
_CLEAN = (
    {c: 0x2400 + c for c in range(32)} | {0x7F: 0x2421} | {c: 0xFFFD for c in range(0x80, 0xA0)}
)
_CLEAN[0x09] = 0x20
# In the edit box tabs and line breaks are text the reviewer edits; other controls are shown.
_EDITABLE = {c: r for c, r in _CLEAN.items() if c not in (0x09, 0x0A)}

OK_STYLE = "bold green underline"
BAD_STYLE = "bold white on dark_red"
DOUBT_STYLE = "bold black on yellow"
CURRENT_STYLE = "reverse"
TOKEN_STYLE = "bold magenta"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def clean(text: str) -> str:
    """Replace control characters by visible stand-ins of the same length."""
    return text.translate(_CLEAN)


def typed(value: str, original: str) -> str:
    """What a one-line input box that showed ``clean(original)`` holds: ``original`` if untouched.

    Control characters are shown as visible stand-ins (a raw ESC would reach the terminal);
    a box left as it was gives back the original text exactly.
    """
    return original if value == clean(original) else value


def editable(text: str) -> str:
    """``text`` for the edit box: tabs and line breaks kept, other controls made visible."""
    return text.translate(_EDITABLE)


def restored(edited: str, original: str) -> str:
    """The edit box's text with the control characters of ``original`` put back.

    Unchanged text gives ``original`` exactly. Otherwise a visible stand-in becomes a control
    character again only when ``original`` held that control (and no other control with the
    same stand-in).
    """
    if edited == editable(original):
        return original
    held: dict[int, set[int]] = {}
    for code in {ord(c) for c in original if ord(c) in _EDITABLE}:
        held.setdefault(_EDITABLE[code], set()).add(code)
    back = {shown: codes.pop() for shown, codes in held.items() if len(codes) == 1}
    return edited.translate(back) if back else edited


def plain(text: str, style: str = "", codes: Iterable[InlineCode] = ()) -> Text:
    """File text as ``Text`` (never parsed as markup), its inline codes shown as tokens."""
    return _coded(text, codes, style)[0]


def _coded(text: str, codes: Iterable[InlineCode], style: str = "") -> tuple[Text, tokens.Rendered]:
    shown = tokens.rendered(text, codes)
    out = Text(clean(shown.text), style=style)
    for start, end in shown.tokens:
        out.stylize(TOKEN_STYLE, start, end)
    return out, shown


def marker(number: int) -> str:
    """The superscript number that pairs a source term with its rendering."""
    return str(number).translate(SUPERSCRIPT)


def numbered(occurrences: tuple[TermOccurrence, ...]) -> list[tuple[int, TermOccurrence]]:
    """Number occurrences by source position; extra renderings of one source span share it."""
    numbers: dict[tuple[str, tuple[int, int]], int] = {}
    out = []
    for occ in sorted(occurrences, key=lambda o: o.source_span):
        key = (occ.term.id, occ.source_span)
        numbers.setdefault(key, len(numbers) + 1)
        out.append((numbers[key], occ))
    return out


def highlighted(
    text: str,
    spans: list[tuple[int, int, str, int]],
    current: tuple[int, int] | None = None,
    codes: Iterable[InlineCode] = (),
) -> Text:
    """``text`` with each (start, end, style, number) span styled and followed by its number.

    Spans are offsets into the raw ``text``; its inline ``codes`` show as tokens. Overlapping
    spans after the first are left out; ``current`` is shown reversed.
    """
    out, shown = _coded(text, codes)
    if current is not None:
        out.stylize(CURRENT_STYLE, *shown.span(current))
    cuts: list[tuple[int, str, str]] = []
    last = 0
    for raw_start, raw_end, style, number in sorted(spans):
        if raw_start < last:
            continue
        start, end = shown.span((raw_start, raw_end))
        out.stylize(style, start, end)
        cuts.append((end, marker(number), style))
        last = raw_end
    if not cuts:
        return out
    pieces = out.divide(end for end, _, _ in cuts)
    result = Text()
    for piece, (_, label, style) in zip(pieces, cuts, strict=False):
        result.append_text(piece)
        result.append(label, style=style.replace("underline", "").strip())
    for piece in list(pieces)[len(cuts) :]:
        result.append_text(piece)
    return result


def term_spans(
    occurrences: tuple[TermOccurrence, ...],
) -> tuple[list[tuple[int, int, str, int]], list[tuple[int, int, str, int]]]:
    """Source and target highlight spans of a segment's term occurrences, paired by number."""
    source: list[tuple[int, int, str, int]] = []
    target: list[tuple[int, int, str, int]] = []
    seen: set[int] = set()
    for number, occ in numbered(occurrences):
        if occ.nested:
            continue  # judged through the longer term it sits in, which is highlighted
        style = DOUBT_STYLE if occ.kind == "doubtful" else OK_STYLE if occ.ok else BAD_STYLE
        if number not in seen:
            source.append((*occ.source_span, style, number))
            seen.add(number)
        if occ.target_span is not None:
            target.append((*occ.target_span, style, number))
    return source, target


# Whitespace shown as a sign when it is what a fix changes ("fix: ·· → ·").
_SPACE_SIGNS = str.maketrans({" ": "·", "\t": "⇥", "\u00a0": "⍽", "\u3000": "□", "\n": "↵"})
_SPACE_NAMES = {
    " ": "space",
    "\t": "tab",
    "\u00a0": "no-break space",
    "\u3000": "ideographic space",
}


def spaced(text: str, style: str = "") -> Text:
    """``text`` with its whitespace shown as signs (· space, ⇥ tab, ⍽ no-break, □ ideographic)."""
    return Text(clean(text.translate(_SPACE_SIGNS)), style=style)


def _spaces(text: str) -> str:
    kinds = set(text)
    name = _SPACE_NAMES.get(text[0], "whitespace character") if len(kinds) == 1 else None
    return counted(len(text), name or "whitespace character")


def whitespace_fix(found: str, replacement: str) -> str | None:
    """A fix between whitespace in words ("replace 2 spaces with 1 space"); None otherwise."""
    if not (found or replacement) or (found + replacement).strip():
        return None
    if not replacement:
        return f"remove {_spaces(found)}"
    if not found:
        return f"insert {_spaces(replacement)}"
    return f"replace {_spaces(found)} with {_spaces(replacement)}"
