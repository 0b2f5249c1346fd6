"""Inline codes shared by TMX and XLIFF: markup in, protected placeholders out, and back.

Reading turns an element's mixed content into text where each inline code stands as one
private-use character, with an :class:`~mtreview.corpus.model.InlineCode` holding the original
markup. Source and target of a segment share one :class:`CodeTable`, so the same code gets the
same character on both sides and a missing or extra code shows as a differing character.
Writing replaces each character by its markup and parses the result back into the element.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from lxml import etree

from mtreview.corpus.model import PUA_FIRST, PUA_LAST, InlineCode, Segment
from mtreview.corpus.xmlsafe import fragment
from mtreview.corpus.xmltree import end_tag, escape_text, local, outer_xml, start_tags
from mtreview.errors import MtreviewError

_PUA = re.compile(f"[{chr(PUA_FIRST)}-{chr(PUA_LAST)}]")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class RawCode:
    """A code as read, before it gets its placeholder character."""

    kind: str
    id: str
    markup: str
    key: str = ""  # the markup with sorted attributes: codes differing only in order are one
    tag: str = ""
    protected: bool = False


Piece = str | RawCode
Ident = Callable[[etree._Element, str, dict[str, str]], str]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Which inline elements of a format wrap content, open, close or stand alone."""

    paired: frozenset[str]
    opening: frozenset[str]
    closing: frozenset[str]
    ident: Ident
    skip: Callable[[etree._Element], bool] = lambda el: False  # descend without a code
    protect: Callable[[etree._Element], bool] = lambda el: False  # a span not to translate


def read_pieces(
    el: etree._Element, vocab: Vocabulary, state: dict[str, str] | None = None
) -> list[Piece]:
    """The mixed content of ``el`` as text and raw codes.

    XML comments and processing instructions are neither text nor codes: they are left out
    (a target rewritten on export loses them; an unchanged one keeps them).
    """
    state = {} if state is None else state
    out: list[Piece] = [el.text] if el.text else []
    for child in el:
        name = local(child)
        if not isinstance(child.tag, str):
            pass  # a comment or processing instruction
        elif name and vocab.skip(child):
            out.extend(read_pieces(child, vocab, state))
        elif name in vocab.paired:
            ident = vocab.ident(child, name, state)
            protect = vocab.protect(child)
            out.append(RawCode("open", ident, *start_tags(child), tag=name, protected=protect))
            out.extend(read_pieces(child, vocab, state))
            out.append(RawCode("close", ident, end_tag(child), tag=name, protected=protect))
        else:
            kind = "standalone"
            if name in vocab.opening or (name == "it" and child.get("pos") in ("begin", "open")):
                kind = "open"
            elif name in vocab.closing or (name == "it" and child.get("pos") in ("end", "close")):
                kind = "close"
            ident = vocab.ident(child, name, state)
            written, canonical = outer_xml(child)
            protect = vocab.protect(child)
            out.append(RawCode(kind, ident, written, canonical, name or "#", protect))
        if child.tail:
            out.append(child.tail)
    return out


class CodeTable:
    """Placeholder characters for one segment's codes, shared by its source and target."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.codes: list[InlineCode] = []
        self._by_key: dict[tuple[str, str, str, int], InlineCode] = {}
        self._reserved = set(_PUA.findall("".join(reserved)))
        self._next = PUA_FIRST

    def text(self, pieces: Iterable[Piece]) -> str:
        """Join pieces into text, giving each code its placeholder."""
        counts: Counter[tuple[str, str, str]] = Counter()
        out: list[str] = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            base = (piece.kind, piece.id, piece.key or piece.markup)
            key = (*base, counts[base])
            counts[base] += 1
            code = self._by_key.get(key)
            if code is None:
                code = self._new(piece)
                self._by_key[key] = code
            out.append(code.char)
        return "".join(out)

    def _new(self, piece: RawCode) -> InlineCode:
        while chr(self._next) in self._reserved:
            self._next += 1
        if self._next > PUA_LAST:
            raise MtreviewError("too many inline codes in one segment")
        char = chr(self._next)
        self._next += 1
        short = piece.id if 0 < len(piece.id) <= 6 else str(len(self.codes) + 1)
        label = _label(piece.kind, short)
        taken = {c.label for c in self.codes}
        n = 2
        while label in taken:  # two different codes never look alike
            label = _label(piece.kind, f"{short}.{n}")
            n += 1
        code = InlineCode(char, piece.kind, piece.id, piece.markup, label, piece.protected)
        self.codes.append(code)
        return code


def _label(kind: str, short: str) -> str:
    return {"open": f"<{short}>", "close": f"</{short}>"}.get(kind, f"<{short}/>")


def plain_text(pieces: Iterable[Piece]) -> str:
    """Only the text of pieces (to find private-use characters to keep clear of)."""
    return "".join(p for p in pieces if isinstance(p, str))


def to_markup(text: str, codes: Mapping[str, str], where: str) -> str:
    """Text with each code character replaced by its markup and the rest escaped.

    Raises:
        MtreviewError: for a character XML 1.0 cannot hold.
    """
    bad = _INVALID_XML.search(text)
    if bad:
        raise MtreviewError(f"{where}: character U+{ord(bad.group()):04X} cannot be written to XML")
    return "".join(codes[c] if c in codes else escape_text(c) for c in text)


def fill(el: etree._Element, text: str, codes: Mapping[str, str], where: str) -> None:
    """Replace the content of ``el`` (keeping its attributes and tail) by ``text`` with codes.

    Content that was one CDATA section stays one when the new text allows it.
    """
    was_cdata = (
        len(el) == 0 and bool(el.text) and b"<![CDATA[" in etree.tostring(el, with_tail=False)
    )
    wrap = fragment(to_markup(text, codes, where), dict(el.nsmap), where)
    for child in list(el):
        el.remove(child)
    el.text = wrap.text
    for child in list(wrap):
        el.append(child)
    if was_cdata and len(el) == 0 and el.text and "]]>" not in el.text and "\r" not in el.text:
        el.text = etree.CDATA(el.text)


def markup_for(codes: Iterable[InlineCode], native: bool, style: str) -> dict[str, str]:
    """Markup per placeholder: the original when ``native``, else ``style``'s generic codes.

    A corpus read from one format and written to another keeps its codes as the target
    format's isolated/placeholder elements (the original markup of a foreign format would
    not be valid there).
    """
    codes = list(codes)
    if native:
        return {c.char: c.markup for c in codes}
    numbers: dict[str, int] = {}
    out: dict[str, str] = {}
    for code in codes:
        n = numbers.setdefault(
            f"{code.kind != 'standalone'}:{code.id or code.char}", len(numbers) + 1
        )
        if style == "tmx":
            out[code.char] = {
                "open": f'<bpt i="{n}" x="{n}"/>',
                "close": f'<ept i="{n}"/>',
            }.get(code.kind, f'<ph x="{n}"/>')
        elif style == "xliff2":
            out[code.char] = {
                "open": f'<sc id="{n}"/>',
                "close": f'<ec startRef="{n}"/>',
            }.get(code.kind, f'<ph id="ph{n}"/>')
        else:
            out[code.char] = {
                "open": f'<bx id="{n}"/>',
                "close": f'<ex id="{n}e" rid="{n}"/>',
            }.get(code.kind, f'<x id="x{n}"/>')
    return out


def build_segment(
    seg_id: str,
    source: list[Piece],
    target: list[Piece] | None,
    line: int | None,
    locked: bool = False,
) -> Segment:
    """A segment from source and target pieces, with codes shared between both sides."""
    table = CodeTable(plain_text(source) + plain_text(target or []))
    src = table.text(source)
    tgt = table.text(target or [])
    return Segment(seg_id, src, tgt, None, line, tuple(table.codes), locked)


def unique_id(candidate: str, seen: set[str], scope: str) -> str:
    """``candidate``, or ``scope/candidate`` (then ``~n``) when it is taken already."""
    out = candidate
    if out in seen:
        out = f"{scope}/{candidate}"
    n = 2
    while out in seen:
        out = f"{scope}/{candidate}~{n}"
        n += 1
    seen.add(out)
    return out
