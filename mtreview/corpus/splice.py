"""Write a patched document back by splicing: every byte the patch did not touch stays as it was.

lxml re-serialises a whole document its own way (attribute quotes, a start tag split over lines
joined, entities, line ends). Instead, the original text is scanned into element spans, and the
patched tree is compared with a record of the original one: an unchanged element is copied
from the original text; one whose attributes changed gets them edited in its original start tag;
one whose content changed is replaced by its new serialisation (taken from lxml's rendering of
the patched document, so namespaces stay declared where they were), in the document's own line
ends. When the text cannot be scanned into as many elements as the tree has, the caller falls
back to lxml's rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from mtreview.corpus.xmltree import XML_NS, escape_attr

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|</[^>]*>|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
_ATTR = re.compile(r"""(\s+)([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")

Span = tuple[int, int, int, int]  # start, end of start tag, start of end tag, end


def scan(text: str) -> list[Span] | None:
    """The spans of the elements of an XML text, in document order (``None`` if unbalanced)."""
    spans: list[list[int]] = []
    stack: list[int] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.startswith(("<!", "<?")):
            continue
        if token.startswith("</"):
            if not stack:
                return None
            span = spans[stack.pop()]
            span[2], span[3] = match.start(), match.end()
        elif token.endswith("/>"):
            spans.append([match.start(), match.end(), match.end(), match.end()])
        else:
            stack.append(len(spans))
            spans.append([match.start(), match.end(), -1, -1])
    if stack:
        return None
    return [(a, b, c, d) for a, b, c, d in spans]


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


@dataclass(frozen=True, slots=True)
class _Record:
    attrs: dict[str, str]
    text: str | None
    tail: str | None
    children: tuple[int, ...]  # ids of the child nodes, comments included


@dataclass(slots=True)
class Snapshot:
    """The original text's element spans and what each element held, taken before a patch."""

    text: str
    spans: dict[int, Span]
    records: dict[int, _Record]
    keep: list[etree._Element]  # holds the proxies, so their ids stay theirs

    @classmethod
    def take(cls, text: str, root: etree._Element) -> Snapshot | None:
        """Record ``root``'s elements and their spans in ``text`` (``None`` if they disagree)."""
        spans = scan(text)
        elements = _elements(root)
        if spans is None or len(spans) != len(elements):
            return None
        nodes = list(root.iter())
        records = {
            id(e): _Record(dict(e.attrib), e.text, e.tail, tuple(id(c) for c in e))
            for e in elements
        }
        return cls(text, {id(e): s for e, s in zip(elements, spans, strict=True)}, records, nodes)


def _unchanged(el: etree._Element, snap: Snapshot, memo: dict[int, bool]) -> bool:
    key = id(el)
    if key in memo:
        return memo[key]
    record = snap.records.get(key)
    same = (
        record is not None
        and record.attrs == dict(el.attrib)
        and record.text == el.text
        and record.children == tuple(id(c) for c in el)
        and all(c.tail == snap.records[id(c)].tail for c in el if id(c) in snap.records)
        and all(_unchanged(c, snap, memo) for c in el if isinstance(c.tag, str))
    )
    memo[key] = same
    return same


def _qualified(el: etree._Element, name: str) -> str:
    qname = etree.QName(name)
    if qname.namespace is None:
        return name
    if qname.namespace == XML_NS:
        return f"xml:{qname.localname}"
    prefix = next((p for p, uri in el.nsmap.items() if uri == qname.namespace and p), None)
    return f"{prefix}:{qname.localname}" if prefix else str(qname.localname)


def _start_tag(tag: str, old: dict[str, str], el: etree._Element) -> str:
    """The original start tag with its attributes edited in place, added ones at the end."""
    new = dict(el.attrib)
    by_written = {_qualified(el, k): k for k in (*old, *new)}
    out: list[str] = []
    pos = 0
    for match in _ATTR.finditer(tag):
        name = by_written.get(match.group(2))
        if name is None or name not in old:
            continue  # a namespace declaration, or not an attribute we know
        out.append(tag[pos : match.start()])
        if name in new and new[name] != old[name]:
            quote = match.group(3)[0]
            value = escape_attr(new[name])
            value = value if quote == '"' else value.replace("'", "&apos;")
            out.append(f"{match.group(1)}{match.group(2)}={quote}{value}{quote}")
        elif name in new:
            out.append(match.group())
        pos = match.end()
    rest = tag[pos:]
    close = 2 if rest.endswith("/>") else 1
    added = "".join(
        f' {_qualified(el, k)}="{escape_attr(v)}"' for k, v in new.items() if k not in old
    )
    out.append(rest[: len(rest) - close].rstrip() + added + rest[len(rest) - close :])
    return "".join(out)


def splice(snap: Snapshot, root: etree._Element, rendered: str, newline: str) -> str | None:
    """The original text with the patched tree's changes spliced in (``None``: cannot)."""
    after = scan(rendered)
    elements = _elements(root)
    if after is None or len(after) != len(elements):
        return None
    new_spans = {id(e): s for e, s in zip(elements, after, strict=True)}
    memo: dict[int, bool] = {}
    out: list[str] = []

    def fresh(el: etree._Element) -> str:
        a, _, _, d = new_spans[id(el)]
        piece = rendered[a:d]
        return piece.replace("\n", newline) if newline != "\n" else piece

    def emit(el: etree._Element) -> None:
        key = id(el)
        span = snap.spans.get(key)
        record = snap.records.get(key)
        if span is None or record is None:
            out.append(fresh(el))
            return
        a, b, _, d = span
        if _unchanged(el, snap, memo):
            out.append(snap.text[a:d])
            return
        same_shape = (
            record.text == el.text
            and record.children == tuple(id(ch) for ch in el)
            and all(ch.tail == snap.records[id(ch)].tail for ch in el if id(ch) in snap.records)
        )
        if not same_shape:
            out.append(fresh(el))
            return
        tag = snap.text[a:b]
        out.append(tag if record.attrs == dict(el.attrib) else _start_tag(tag, record.attrs, el))
        pos = b
        for child in el:
            child_span = snap.spans.get(id(child))
            if not isinstance(child.tag, str) or child_span is None:
                continue
            out.append(snap.text[pos : child_span[0]])
            emit(child)
            pos = child_span[3]
        out.append(snap.text[pos:d])

    a, _, _, d = snap.spans[id(root)]
    out.append(snap.text[:a])
    emit(root)
    out.append(snap.text[d:])
    return "".join(out)
