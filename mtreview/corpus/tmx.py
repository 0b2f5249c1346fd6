"""TMX 1.4b (and 1.1-1.3): read, and write by patching the original.

The source language is the header's ``srclang`` (or the first variant's language when it is
``*all*``); the target language is the first other language met. Each ``<tu>`` becomes a
segment with its ``tuid`` (or its 1-based position) as id; variants in other languages, props
and notes stay in the document untouched.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from mtreview.corpus.inline import (
    Vocabulary,
    build_segment,
    fill,
    markup_for,
    read_pieces,
    unique_id,
)
from mtreview.corpus.model import Corpus, ReviewRecord
from mtreview.corpus.review_states import mark_tuv
from mtreview.corpus.textio import read_bytes, write_bytes_atomic
from mtreview.corpus.xmlsafe import XmlDoc, new_tree, parse_xml, serialize, snapshot
from mtreview.corpus.xmltree import insert_after, local, same_ns
from mtreview.errors import MtreviewError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _ident(el: etree._Element, name: str, state: dict[str, str]) -> str:
    # bpt/ept pair by "i" within one variant; "x" matches codes across variants.
    if name == "bpt":
        ident = el.get("x") or f"i{el.get('i', '')}"
        state[f"i:{el.get('i')}"] = ident
        return ident
    if name == "ept":
        return state.get(f"i:{el.get('i')}") or f"i{el.get('i', '')}"
    return el.get("x") or ""


VOCAB = Vocabulary(
    paired=frozenset({"hi"}),
    opening=frozenset({"bpt"}),
    closing=frozenset({"ept"}),
    ident=_ident,
)


def lang_of(tuv: etree._Element) -> str:
    """A variant's language (``xml:lang``, or ``lang`` in TMX 1.1)."""
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _norm(lang: str) -> str:
    return lang.replace("_", "-").lower()


def _primary(lang: str) -> str:
    return _norm(lang).split("-")[0]


def _pick(tuvs: list[etree._Element], lang: str) -> etree._Element | None:
    wanted = _norm(lang)
    exact = next((t for t in tuvs if _norm(lang_of(t)) == wanted), None)
    if exact is not None:
        return exact
    return next((t for t in tuvs if _primary(lang_of(t)) == _primary(lang)), None)


def _seg(tuv: etree._Element | None) -> etree._Element | None:
    return None if tuv is None else next((c for c in tuv if local(c) == "seg"), None)


@dataclass(frozen=True, slots=True)
class Slot:
    """One translation unit with its source and target segments (target may be absent)."""

    id: str
    tu: etree._Element
    source: etree._Element | None
    target: etree._Element | None


def languages(root: etree._Element) -> tuple[str, str]:
    """The source and target languages of a TMX document."""
    header = next((h for h in root if local(h) == "header"), None)
    src = header.get("srclang", "") if header is not None else ""
    tuvs = (t for t in root.iter() if local(t) == "tuv")
    langs = [lang_of(t) for t in tuvs]
    if not src or src == "*all*":
        src = langs[0] if langs else ""
    tgt = next((lang for lang in langs if _primary(lang) != _primary(src)), None)
    tgt = tgt or next((lang for lang in langs if _norm(lang) != _norm(src)), None)
    return src, tgt or ""


def walk(root: etree._Element, src: str, tgt: str) -> Iterator[Slot]:
    """Every translation unit in document order, with stable unique ids."""
    seen: set[str] = set()
    units = list(root.iter(same_ns(root, "tu")))
    for n, tu in enumerate(units, start=1):
        tuvs = [t for t in tu if local(t) == "tuv"]
        uid = unique_id(tu.get("tuid") or str(n), seen, str(n))
        source = _pick(tuvs, src)
        target = _pick([t for t in tuvs if t is not source], tgt)
        yield Slot(uid, tu, _seg(source), _seg(target))


def read_document(data: bytes, path: str | Path, doc: XmlDoc | None = None) -> Corpus:
    """Build the corpus of a TMX document."""
    doc = doc or parse_xml(data, path)
    root = doc.tree.getroot()
    if local(root) != "tmx":
        raise MtreviewError(f"not a TMX file: the root element is <{local(root)}>", path, 1)
    src, tgt = languages(root)
    segments = []
    for slot in walk(root, src, tgt):
        source = read_pieces(slot.source, VOCAB) if slot.source is not None else []
        target = read_pieces(slot.target, VOCAB) if slot.target is not None else None
        segments.append(build_segment(slot.id, source, target, slot.tu.sourceline))
    meta = {"tmx-version": root.get("version") or ""}
    return Corpus(tuple(segments), str(path), src, tgt, meta, "tmx", data)


def read_tmx(path: str | Path) -> Corpus:
    """Read a TMX file.

    Raises:
        MtreviewError: for a malformed or unsafe document.
    """
    return read_document(read_bytes(path), path)


def _new_seg(slot: Slot, lang: str) -> etree._Element:
    tuvs = [t for t in slot.tu if local(t) == "tuv"]
    tuv = slot.tu.makeelement(same_ns(slot.tu, "tuv"), {XML_LANG: lang})
    if tuvs:
        insert_after(tuvs[-1], tuv)
    else:
        slot.tu.append(tuv)
    return etree.SubElement(tuv, same_ns(slot.tu, "seg"))


def patch(
    doc: XmlDoc, corpus: Corpus, path: str | Path, reviews: Mapping[str, ReviewRecord]
) -> None:
    """Write the corpus's changed targets into the original tree.

    An edited variant gets ``changedate`` (and ``changeid``, the reviewer); comments become
    the unit's ``<note>``s.
    """
    root = doc.tree.getroot()
    src, tgt = languages(root)
    wanted = corpus.by_id()
    for slot in walk(root, src, tgt):
        seg = wanted.pop(slot.id, None)
        if seg is None:
            continue
        source = read_pieces(slot.source, VOCAB) if slot.source is not None else []
        target = read_pieces(slot.target, VOCAB) if slot.target is not None else None
        before = build_segment(slot.id, source, target, None)
        changed = before.target != seg.target or before.codes != seg.codes
        record = reviews.get(seg.id) or ReviewRecord(seg.id, edited=changed)
        if changed:
            element = slot.target if slot.target is not None else _new_seg(slot, tgt)
            where = f"{path}: segment {seg.id}"
            fill(element, seg.target, markup_for(seg.codes, True, "tmx"), where)
        variant = slot.target.getparent() if slot.target is not None else None
        if variant is None and changed:
            variant = element.getparent()
        if variant is not None and (changed or record.comments):
            mark_tuv(slot.tu, variant, record)
    if wanted:
        raise MtreviewError(f"segment {next(iter(wanted))!r} is not in the original document", path)


def scratch(corpus: Corpus, path: str | Path, reviews: Mapping[str, ReviewRecord]) -> XmlDoc:
    """A new TMX 1.4 document holding the corpus (with the review's dates and notes)."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="mtreview",
        creationtoolversion="1",
        segtype="sentence",
        adminlang="en",
        srclang=corpus.source_lang,
        datatype="plaintext",
        attrib={"o-tmf": "mtreview"},
    )
    body = etree.SubElement(root, "body")
    cells = []
    for seg in corpus.segments:
        tu = etree.SubElement(body, "tu", tuid=seg.id)
        for lang, text in ((corpus.source_lang, seg.source), (corpus.target_lang, seg.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            cells.append((seg, text, etree.SubElement(tuv, "seg")))
    etree.indent(root, space="  ")
    native = corpus.format == "tmx"
    for seg, text, element in cells:
        codes = markup_for(seg.codes, native, "tmx")
        fill(element, text, codes, f"{path}: segment {seg.id}")
    for seg, _text, element in cells[1::2]:  # the target variants
        record = reviews.get(seg.id)
        variant = element.getparent()
        if record is not None and variant is not None and variant.getparent() is not None:
            mark_tuv(variant.getparent(), variant, record)
    return new_tree(root)


def write_tmx(
    path: str | Path, corpus: Corpus, reviews: Mapping[str, ReviewRecord] | None = None
) -> None:
    """Write TMX: the original document patched, or a new TMX 1.4 one for other corpora."""
    if corpus.document is not None and corpus.format == "tmx":
        doc = parse_xml(corpus.document, corpus.path or path)
        before = snapshot(doc)
        patch(doc, corpus, path, reviews or {})
    else:
        doc, before = scratch(corpus, path, reviews or {}), None
    write_bytes_atomic(path, serialize(doc, before))
