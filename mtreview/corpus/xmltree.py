"""Element-level XML helpers for the interchange formats: names, markup as written, insertion.

Markup is rebuilt from the tree (lxml keeps no source text): attributes in document order, own
namespace declarations included, so a code's markup can be parsed back in its original context.
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

XML_NS = "http://www.w3.org/XML/1998/namespace"


def local(el: etree._Element) -> str:
    """The local name of an element ('' for comments and processing instructions)."""
    tag = el.tag
    return tag[tag.rfind("}") + 1 :] if isinstance(tag, str) else ""


def _prefixed(name: str, nsmap: Mapping[str | None, str]) -> str:
    qname = etree.QName(name)
    name = str(qname.localname)
    if qname.namespace is None:
        return name
    if qname.namespace == XML_NS:
        return f"xml:{name}"
    for prefix, uri in nsmap.items():
        if uri == qname.namespace and prefix is not None:
            return f"{prefix}:{name}"
    return name


def escape_text(text: str) -> str:
    """Escape character data (carriage returns as references so they survive parsing)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def escape_attr(value: str) -> str:
    """Escape an attribute value for double quotes."""
    out = escape_text(value).replace('"', "&quot;")
    return out.replace("\t", "&#9;").replace("\n", "&#10;")


def start_tags(el: etree._Element, close: bool = False) -> tuple[str, str]:
    """The element's start tag as written, and with sorted attributes (for comparing codes).

    Namespace declarations the element makes itself are included.
    """
    nsmap = el.nsmap
    parent = el.getparent()
    inherited = parent.nsmap if parent is not None else {}
    head = [_prefixed(el.tag, nsmap) if el.prefix else local(el)]
    for prefix, uri in nsmap.items():
        if inherited.get(prefix) != uri:
            head.append(f'xmlns="{uri}"' if prefix is None else f'xmlns:{prefix}="{uri}"')
    attrs = [
        f'{_prefixed(k, nsmap) if k[0] == "{" else k}="{escape_attr(v)}"'
        for k, v in el.attrib.items()
    ]
    end = "/>" if close else ">"
    as_written = "<" + " ".join(head + attrs) + end
    return as_written, "<" + " ".join(head + sorted(attrs)) + end if len(attrs) > 1 else as_written


def end_tag(el: etree._Element) -> str:
    """The element's end tag."""
    return f"</{_prefixed(el.tag, el.nsmap) if el.prefix else local(el)}>"


def outer_xml(el: etree._Element) -> tuple[str, str]:
    """The element with its content but not its tail, as written and with sorted attributes."""
    if isinstance(el, etree._Comment):
        return (f"<!--{el.text or ''}-->",) * 2
    if isinstance(el, etree._ProcessingInstruction):
        return (f"<?{el.target} {el.text or ''}?>",) * 2
    if not isinstance(el.tag, str):
        return "", ""
    if not el.text and len(el) == 0:
        return start_tags(el, close=True)
    written, canonical = start_tags(el)
    inner = [escape_text(el.text or "")]
    inner_sorted = list(inner)
    for child in el:
        a, b = outer_xml(child)
        tail = escape_text(child.tail or "")
        inner.append(a + tail)
        inner_sorted.append(b + tail)
    end = end_tag(el)
    return written + "".join(inner) + end, canonical + "".join(inner_sorted) + end


def same_ns(el: etree._Element, name: str) -> str:
    """The tag ``name`` in ``el``'s namespace."""
    namespace = etree.QName(el).namespace
    return f"{{{namespace}}}{name}" if namespace else name


def core(el: etree._Element, name: str, namespace: str | None) -> bool:
    """Whether ``el`` is the format's own element ``name`` (in the root's namespace)."""
    return bool(el.tag == qualified(name, namespace))


def qualified(name: str, namespace: str | None) -> str:
    """``{namespace}name``, or ``name`` without a namespace."""
    return f"{{{namespace}}}{name}" if namespace else name


def insert_after(anchor: etree._Element, new: etree._Element) -> None:
    """Put ``new`` right after ``anchor``, indented like it."""
    last = anchor.getnext() is None
    anchor.addnext(new)
    new.tail = anchor.tail
    if last:
        # anchor's tail was the parent's closing indentation: give anchor a sibling's instead.
        before = anchor.getprevious()
        parent = anchor.getparent()
        anchor.tail = (
            before.tail if before is not None else parent.text if parent is not None else None
        )
