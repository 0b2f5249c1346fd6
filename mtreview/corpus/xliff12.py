"""XLIFF 1.2 (and 1.0/1.1, SDLXLIFF, memoQ MQXLIFF): read, and write by patching the original.

Every ``<trans-unit>`` becomes a segment with the unit's id; a unit segmented with
``<mrk mtype="seg">`` in ``<seg-source>`` becomes one segment per mark, ids ``unitid#mid``.
Writing back changes only the targets whose text changed and their ``state``.
"""

from __future__ import annotations

import copy
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
from mtreview.corpus.model import Corpus
from mtreview.corpus.textio import read_bytes, write_bytes_atomic
from mtreview.corpus.xmlsafe import XmlDoc, new_tree, parse_xml, render, serialize
from mtreview.corpus.xmltree import insert_after, local, qualified, same_ns
from mtreview.errors import MtreviewError

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_STATE = "translated"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
# XLIFF 1.2 states -> Trados Studio confirmation levels.
SDL_CONF = {
    "new": "Draft",
    "needs-translation": "Draft",
    "needs-review-translation": "Draft",
    "translated": "Translated",
    "signed-off": "ApprovedSignOff",
    "final": "ApprovedSignOff",
}


def _ident(el: etree._Element, name: str, state: dict[str, str]) -> str:
    if name in ("bx", "ex"):
        return el.get("rid") or el.get("id") or ""
    return el.get("id") or ""


VOCAB = Vocabulary(
    paired=frozenset({"g", "mrk"}),
    opening=frozenset({"bx", "bpt"}),
    closing=frozenset({"ex", "ept"}),
    ident=_ident,
)


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one segment lives: its unit, source element and target element (if any)."""

    id: str
    unit: etree._Element
    source: etree._Element
    target: etree._Element | None
    mid: str | None


def _child(el: etree._Element, name: str) -> etree._Element | None:
    tag = el.tag
    return el.find(tag[: tag.rfind("}") + 1] + name)


def _is_seg(el: etree._Element) -> bool:
    return local(el) == "mrk" and el.get("mtype") == "seg"


def _marks(el: etree._Element | None) -> list[etree._Element]:
    return [] if el is None else [m for m in el.iter() if _is_seg(m)]


def walk(root: etree._Element) -> Iterator[Slot]:
    """Every segment slot of the document, in document order, with stable unique ids."""
    seen: set[str] = set()
    ns = etree.QName(root).namespace
    files = list(root.iter(qualified("file", ns)))
    for f_index, file_el in enumerate(files, start=1):
        scope = file_el.get("original") or str(f_index)
        units = list(file_el.iter(qualified("trans-unit", ns)))
        for u_index, unit in enumerate(units, start=1):
            uid = unique_id(unit.get("id") or f"{f_index}:{u_index}", seen, scope)
            source = _child(unit, "source")
            target = _child(unit, "target")
            marks = _marks(_child(unit, "seg-source"))
            # A target left unsegmented (some tools segment only the source) keeps the unit whole.
            if marks and (target is None or _marks(target)):
                by_mid = {m.get("mid"): m for m in _marks(target)}
                for n, mark in enumerate(marks, start=1):
                    mid = mark.get("mid") or str(n)
                    yield Slot(
                        unique_id(f"{uid}#{mid}", seen, scope), unit, mark, by_mid.get(mid), mid
                    )
            elif source is not None:
                yield Slot(uid, unit, source, target, None)


def languages(root: etree._Element) -> tuple[str | None, str | None]:
    """The source and target languages of the first ``<file>`` (or of its first unit)."""
    file_el = next((f for f in root.iter() if local(f) == "file"), None)
    src = file_el.get("source-language") if file_el is not None else None
    tgt = file_el.get("target-language") if file_el is not None else None
    if not tgt:
        tgt = next((t.get(XML_LANG) for t in root.iter() if local(t) == "target"), None)
    return src, tgt


def read_document(data: bytes, path: str | Path, doc: XmlDoc | None = None) -> Corpus:
    """Build the corpus of an XLIFF 1.x document."""
    doc = doc or parse_xml(data, path)
    root = doc.tree.getroot()
    segments = []
    for slot in walk(root):
        target = read_pieces(slot.target, VOCAB) if slot.target is not None else None
        segments.append(
            build_segment(slot.id, read_pieces(slot.source, VOCAB), target, slot.unit.sourceline)
        )
    src, tgt = languages(root)
    meta = {"xliff-version": root.get("version") or "1.2"}
    return Corpus(tuple(segments), str(path), src or "zh", tgt or "en", meta, "xliff12", data)


def read_xliff12(path: str | Path) -> Corpus:
    """Read an XLIFF 1.x file.

    Raises:
        MtreviewError: for a malformed or unsafe document.
    """
    return read_document(read_bytes(path), path)


def _new_target(slot: Slot) -> etree._Element:
    """Create the target a slot lacks, after the unit's source (or seg-source)."""
    unit = slot.unit
    after = _child(unit, "seg-source")
    if after is None:
        after = _child(unit, "source")
    assert after is not None
    whole = _child(unit, "target")
    if whole is None:
        tag = same_ns(after, "target")
        if slot.mid is None:
            whole = unit.makeelement(tag)
        else:
            whole = copy.deepcopy(after)
            whole.tag = tag
            whole.attrib.clear()
            for mark in _marks(whole):
                for child in list(mark):
                    mark.remove(child)
                mark.text = None
        insert_after(after, whole)
    if slot.mid is None:
        return whole
    mark = next((m for m in _marks(whole) if m.get("mid") == slot.mid), None)
    if mark is None:
        mark = etree.SubElement(whole, slot.source.tag, dict(slot.source.attrib))
    return mark


def _sdl_confirm(unit: etree._Element, mid: str, state: str) -> None:
    """Trados Studio keeps a segment's status in ``sdl:seg/@conf``: keep it in step."""
    for seg_def in unit.iter(f"{{{SDL_NS}}}seg"):
        if seg_def.get("id") == mid:
            seg_def.set("conf", SDL_CONF.get(state, "Translated"))


def patch(doc: XmlDoc, corpus: Corpus, path: str | Path, states: Mapping[str, str]) -> None:
    """Write the corpus's changed targets (and their state) into the original tree."""
    wanted = corpus.by_id()
    for slot in walk(doc.tree.getroot()):
        seg = wanted.pop(slot.id, None)
        if seg is None:
            continue
        before = build_segment(
            slot.id,
            read_pieces(slot.source, VOCAB),
            read_pieces(slot.target, VOCAB) if slot.target is not None else None,
            None,
        )
        if before.target == seg.target and before.codes == seg.codes and seg.id not in states:
            continue
        target = slot.target if slot.target is not None else _new_target(slot)
        fill(
            target, seg.target, markup_for(seg.codes, True, "xliff12"), f"{path}: segment {seg.id}"
        )
        whole = target if slot.mid is None else _child(slot.unit, "target")
        state = states.get(seg.id, DEFAULT_STATE)
        if whole is not None:
            whole.set("state", state)
        if slot.mid is not None:
            _sdl_confirm(slot.unit, slot.mid, state)
    if wanted:
        raise MtreviewError(f"segment {next(iter(wanted))!r} is not in the original document", path)


def scratch(corpus: Corpus, path: str | Path) -> XmlDoc:
    """A new XLIFF 1.2 document holding the corpus."""
    q = f"{{{NS}}}"
    root = etree.Element(q + "xliff", nsmap={None: NS})
    root.set("version", "1.2")
    file_el = etree.SubElement(root, q + "file")
    file_el.set("original", Path(corpus.path or path).name)
    file_el.set("source-language", corpus.source_lang)
    file_el.set("target-language", corpus.target_lang)
    file_el.set("datatype", "plaintext")
    body = etree.SubElement(file_el, q + "body")
    cells = []
    for seg in corpus.segments:
        unit = etree.SubElement(body, q + "trans-unit", id=seg.id)
        cells.append(
            (seg, etree.SubElement(unit, q + "source"), etree.SubElement(unit, q + "target"))
        )
    etree.indent(root, space="  ")
    native = corpus.format == "xliff12"
    for seg, source, target in cells:
        codes = markup_for(seg.codes, native, "xliff12")
        fill(source, seg.source, codes, f"{path}: segment {seg.id}")
        fill(target, seg.target, codes, f"{path}: segment {seg.id}")
    return new_tree(root)


def write_xliff12(
    path: str | Path, corpus: Corpus, states: Mapping[str, str] | None = None
) -> None:
    """Write XLIFF 1.2: the original document patched, or a new one for other corpora.

    Args:
        path: Where to write (atomically).
        corpus: The segments with their reviewed targets.
        states: Explicit ``state`` values by segment id; a changed target without one gets
            ``translated``.
    """
    if corpus.document is not None and corpus.format == "xliff12":
        doc = parse_xml(corpus.document, corpus.path or path)
        before = render(doc)
        patch(doc, corpus, path, states or {})
    else:
        doc, before = scratch(corpus, path), None
    write_bytes_atomic(path, serialize(doc, before))
