"""Safe XML parsing and faithful re-serialisation for the interchange formats.

lxml is hardened: no entity substitution, no DTD loading, no network. A document whose DTD
declares entities is refused outright, which also refuses entity-expansion bombs and external
entities. Writing back keeps the original XML declaration, BOM, encoding, line ends and trailing
text, so an unchanged document comes back XML-equivalent (usually byte-identical apart from
attribute quoting and escaping, which lxml normalises).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from mtreview.corpus.splice import Snapshot, splice
from mtreview.errors import MtreviewError

_DECL = re.compile(r"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[>]*(\[.*?\]\s*)?>", re.S)
_LOCATION = re.compile(r",? line \d+, column \d+$")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        strip_cdata=False,
        remove_blank_text=False,
    )


def detect_encoding(data: bytes) -> tuple[str, bytes]:
    """Return (Python codec name, BOM bytes) from the BOM, the byte pattern or the declaration."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return name, bom
    if data.startswith(b"<\x00"):
        return "utf-16-le", b""
    if data.startswith(b"\x00<"):
        return "utf-16-be", b""
    match = _DECL.match(data[:200].decode("ascii", "replace"))
    if match:
        try:
            return codecs.lookup(match.group(1)).name, b""
        except LookupError:
            return match.group(1), b""
    return "utf-8", b""


def _family(name: str) -> str:
    name = name.lower().replace("_", "-")
    return (
        "utf-16" if name.startswith("utf-16") else "utf-32" if name.startswith("utf-32") else name
    )


def check_declaration(data: bytes, path: str | Path) -> None:
    """Refuse a document whose XML declaration names an encoding its bytes are not in.

    A UTF-8 file declared ISO-8859-1 (or any single-byte encoding) would otherwise decode
    without error into mojibake; a byte order mark disagreeing with the declaration, or a
    UTF-16 declaration on 8-bit bytes, is refused too.

    Raises:
        MtreviewError: naming the declared and the actual encoding, line 1.
    """
    match = _DECL.match(head_text_raw(data))
    if match is None:
        return
    try:
        declared = codecs.lookup(match.group(1)).name
    except LookupError:
        return  # parse_xml reports an unknown encoding
    actual, bom = detect_encoding(data)
    wrong = None
    if bom and _family(actual) != _family(declared) and declared != "utf-8-sig":
        wrong = f"the byte order mark says {actual.upper()}"
    elif not bom and _family(declared) in ("utf-16", "utf-32") and b"\x00" not in data[:4]:
        wrong = "the bytes are 8-bit"
    elif not bom and not _family(declared).startswith("utf") and _utf8_beyond_ascii(data):
        wrong = "the bytes are UTF-8"
    if wrong:
        raise MtreviewError(
            f"the XML declaration says encoding={match.group(1)!r} but {wrong}: "
            "fix the declaration, nothing was read",
            path,
            1,
        )


def _utf8_beyond_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def head_text_raw(data: bytes) -> str:
    """The first bytes as ASCII text, for reading an XML declaration (never raises)."""
    start = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:2] in (
        b"<\x00",
        b"\x00<",
    ):
        encoding, bom = detect_encoding(data)
        return data[len(bom) : 400].decode(encoding, "replace")
    return start[:200].decode("ascii", "replace")


def head_text(data: bytes) -> str:
    """The start of a document decoded for sniffing (never raises)."""
    encoding, bom = detect_encoding(data)
    try:
        return data[len(bom) :].decode(encoding, "replace").lstrip()
    except LookupError:
        return data.decode("utf-8", "replace")


def root_name(data: bytes) -> str:
    """The local name of the root element, found by a cheap scan of the document's start."""
    match = re.search(
        r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]", _skip_prolog(head_text(data))
    )
    return match.group(2) if match else ""


def _skip_prolog(text: str) -> str:
    return re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b[^\[>]*(\[.*?\])?\s*>", "", text, flags=re.S)


@dataclass(frozen=True, slots=True)
class XmlDoc:
    """A parsed document and what is needed to write it back as it came."""

    tree: etree._ElementTree
    encoding: str
    bom: bytes
    declaration: str  # the XML declaration with what follows it up to the first markup
    tail: str  # text after the root element's end
    crlf: bool
    text: str = ""  # the document as decoded, for minimal-change writing


def parse_xml(data: bytes, path: str | Path) -> XmlDoc:
    """Parse XML bytes safely.

    Raises:
        MtreviewError: for an empty or malformed document, an unknown encoding, or a DTD that
            declares entities (the message names the line).
    """
    if not data.strip():
        raise MtreviewError("empty file: expected an XML document", path)
    check_declaration(data, path)
    encoding, bom = detect_encoding(data)
    try:
        text = data[len(bom) :].decode(encoding)
    except LookupError:
        raise MtreviewError(
            f"unknown encoding {encoding!r} in the XML declaration", path, 1
        ) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MtreviewError(
            f"not valid {encoding.upper()} text ({exc.reason})", path, line
        ) from None
    doctype = _DOCTYPE.search(text)
    if doctype and doctype.group(1) and "<!ENTITY" in doctype.group(1):
        line = text[: doctype.start()].count("\n") + 1
        raise MtreviewError(
            "the DTD declares XML entities (<!ENTITY>): refused for safety (entity expansion "
            "and external entities are never processed)",
            path,
            line,
        )
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        message = _LOCATION.sub("", str(exc.msg or exc))
        if "amplification" in message or ("entity" in message.lower() and "loop" in message):
            message = "entity expansion refused for safety"
        bad_char = re.search(r"invalid Char value (\d+)", message)
        if bad_char:
            message = f"character U+{int(bad_char.group(1)):04X} is not allowed in XML 1.0"
        raise MtreviewError(f"not well-formed XML: {message}", path, exc.lineno) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise MtreviewError("the DTD declares XML entities: refused for safety", path, 1)
    declaration = ""
    if text.startswith("<?xml"):
        end = text.index("?>") + 2
        following = re.match(r"\s*", text[end:])
        declaration = text[: end + (following.end() if following else 0)]
    stripped = text.rstrip()
    tail = text[len(stripped) :]
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    return XmlDoc(tree, encoding, bom, declaration, tail, crlf, text)


def render(doc: XmlDoc) -> str:
    """The document as text with its original declaration, trailing text and line ends."""
    text = doc.declaration + str(etree.tostring(doc.tree, encoding="unicode")) + doc.tail
    if doc.crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


def snapshot(doc: XmlDoc) -> Snapshot | None:
    """What :func:`serialize` needs to splice a patch into the original text (take it first)."""
    return Snapshot.take(doc.text, doc.tree.getroot()) if doc.text else None


def _newline(text: str) -> str:
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def serialize(doc: XmlDoc, before: Snapshot | None = None) -> bytes:
    """The document as bytes in its original encoding, declaration, BOM and line ends.

    Args:
        doc: The (patched) document.
        before: :func:`snapshot` taken before patching: everything the patch did not change is
            then written exactly as it was in the original file (:mod:`mtreview.corpus.splice`).
    """
    text = None
    if before is not None:
        rendered = str(etree.tostring(doc.tree, encoding="unicode"))
        text = splice(before, doc.tree.getroot(), rendered, _newline(doc.text))
    if text is None:
        text = render(doc)
    return doc.bom + text.encode(doc.encoding, errors="xmlcharrefreplace")


def fragment(xml: str, nsmap: dict[str | None, str], where: str) -> etree._Element:
    """Parse an inline-content fragment inside a wrapper declaring ``nsmap``.

    Raises:
        MtreviewError: when the fragment is not well-formed (inline codes out of order).
    """
    decls = "".join(
        f' xmlns="{uri}"' if prefix is None else f' xmlns:{prefix}="{uri}"'
        for prefix, uri in nsmap.items()
        if prefix != "xml"
    )
    try:
        return etree.fromstring(f"<mtreview-wrap{decls}>{xml}</mtreview-wrap>", _parser())
    except etree.XMLSyntaxError as exc:
        message = _LOCATION.sub("", str(exc.msg or exc))
        raise MtreviewError(
            f"{where}: the target's inline codes do not nest properly, so the file cannot be "
            f"written ({message}); restore the codes' order first"
        ) from None


def new_tree(root: etree._Element) -> XmlDoc:
    """A fresh UTF-8 document around ``root`` (for writing a corpus from scratch)."""
    return XmlDoc(
        root.getroottree(), "utf-8", b"", '<?xml version="1.0" encoding="UTF-8"?>\n', "\n", False
    )
