"""XLIFF 1.2 (and 1.0/1.1, SDLXLIFF, memoQ MQXLIFF): read, and write by patching the original.

Every ``<trans-unit>`` becomes a segment with the unit's id; a unit segmented with
``<mrk mtype="seg">`` in ``<seg-source>`` becomes one segment per mark, ids ``unitid#mid``.
A unit marked ``translate="no"`` (itself or an enclosing ``<group>``), locked by memoQ
(``mq:locked``), Phrase (``m:locked``) or Trados (``sdl:seg locked="true"``) gives locked
segments; ``<mrk mtype="protected">`` spans are protected codes. Writing back changes only
the targets whose text changed, never a locked one, and records the review in the tool's own
status (:mod:`mtreview.corpus.review_states`).
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
from mtreview.corpus.model import Corpus, ReviewRecord
from mtreview.corpus.review_states import (
    SDL_NS,
    is_locked_value,
    mark_sdl_segment,
    mark_unit12,
    unit_review,
)
from mtreview.corpus.textio import read_bytes, write_bytes_atomic
from mtreview.corpus.tokens import protected_texts
from mtreview.corpus.xmlsafe import XmlDoc, new_tree, parse_xml, serialize, snapshot
from mtreview.corpus.xmltree import insert_after, local, qualified, same_ns
from mtreview.errors import MtreviewError

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _ident(el: etree._Element, name: str, state: dict[str, str]) -> str:
    if name in ("bx", "ex"):
        return el.get("rid") or el.get("id") or ""
    return el.get("id") or ""


VOCAB = Vocabulary(
    paired=frozenset({"g", "mrk"}),
    opening=frozenset({"bx", "bpt"}),
    closing=frozenset({"ex", "ept"}),
    ident=_ident,
    protect=lambda el: local(el) == "mrk" and el.get("mtype") == "protected",
)


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one segment lives: its unit, source element and target element (if any)."""

    id: str
    unit: etree._Element
    source: etree._Element
    target: etree._Element | None
    mid: str | None
    locked: bool = False


def _child(el: etree._Element, name: str) -> etree._Element | None:
    tag = el.tag
    return el.find(tag[: tag.rfind("}") + 1] + name)


def _is_seg(el: etree._Element) -> bool:
    return local(el) == "mrk" and el.get("mtype") == "seg"


def _marks(el: etree._Element | None) -> list[etree._Element]:
    return [] if el is None else [m for m in el.iter() if _is_seg(m)]


def _unit_locked(unit: etree._Element) -> bool:
    """``translate="no"`` on the unit or the nearest group saying, or a tool's lock."""
    for el in (unit, *unit.iterancestors()):
        if local(el) == "file":
            break
        if el.get("translate") is not None:
            if el.get("translate") == "no":
                return True
            break
    return any(
        etree.QName(name).localname == "locked" and is_locked_value(value)
        for name, value in unit.attrib.items()
        if name.startswith("{")
    )


def _sdl_locked(unit: etree._Element, mid: str) -> bool:
    return any(
        seg.get("id") == mid and is_locked_value(seg.get("locked"))
        for seg in unit.iter(f"{{{SDL_NS}}}seg")
    )


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
            locked = _unit_locked(unit)
            source = _child(unit, "source")
            target = _child(unit, "target")
            marks = _marks(_child(unit, "seg-source"))
            # A target left unsegmented (some tools segment only the source) keeps the unit whole.
            if marks and (target is None or _marks(target)):
                by_mid = {m.get("mid"): m for m in _marks(target)}
                for n, mark in enumerate(marks, start=1):
                    mid = mark.get("mid") or str(n)
                    sid = unique_id(f"{uid}#{mid}", seen, scope)
                    lock = locked or _sdl_locked(unit, mid)
                    yield Slot(sid, unit, mark, by_mid.get(mid), mid, lock)
            elif source is not None:
                mid = next((m.get("id") for m in unit.iter(f"{{{SDL_NS}}}seg")), None)
                yield Slot(uid, unit, source, target, None, locked or _sdl_locked(unit, mid or ""))


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
        source = read_pieces(slot.source, VOCAB)
        segments.append(build_segment(slot.id, source, target, slot.unit.sourceline, slot.locked))
    src, tgt = languages(root)
    meta = {"xliff-version": root.get("version") or "1.2"}
    return Corpus(tuple(segments), str(path), src or "", tgt or "", meta, "xliff12", data)


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


def _slot_segment(slot: Slot) -> tuple[str, tuple[object, ...]]:
    before = build_segment(
        slot.id,
        read_pieces(slot.source, VOCAB),
        read_pieces(slot.target, VOCAB) if slot.target is not None else None,
        None,
    )
    return before.target, before.codes


def patch(
    doc: XmlDoc, corpus: Corpus, path: str | Path, reviews: Mapping[str, ReviewRecord]
) -> None:
    """Write the corpus's changed targets and the review's statuses into the original tree.

    Locked segments are left exactly as they are.

    Raises:
        MtreviewError: for a segment not in the document, or a changed protected span.
    """
    wanted = corpus.by_id()
    units: dict[etree._Element, list[tuple[Slot, ReviewRecord | None]]] = {}
    for slot in walk(doc.tree.getroot()):
        seg = wanted.pop(slot.id, None)
        if seg is None or slot.locked:
            units.setdefault(slot.unit, []).append((slot, None))
            continue
        old_target, old_codes = _slot_segment(slot)
        changed = old_target != seg.target or old_codes != seg.codes
        record = reviews.get(seg.id)
        if record is None and changed:
            record = ReviewRecord(seg.id, edited=True)
        units.setdefault(slot.unit, []).append((slot, record))
        if not changed:
            continue
        where = f"{path}: segment {seg.id}"
        if protected_texts(old_target, seg.codes) != protected_texts(seg.target, seg.codes):
            raise MtreviewError(f"{where}: a protected span was changed; restore it first")
        target = slot.target if slot.target is not None else _new_target(slot)
        fill(target, seg.target, markup_for(seg.codes, True, "xliff12"), where)
    if wanted:
        raise MtreviewError(f"segment {next(iter(wanted))!r} is not in the original document", path)
    for unit, slots in units.items():
        review = unit_review(record for _, record in slots)
        if review is None:
            continue
        mark_unit12(unit, _child(unit, "target"), review)
        for slot, record in slots:
            if record is not None and record.touched:
                mark_sdl_segment(unit, slot.mid or _first_sdl_id(unit), record)


def _first_sdl_id(unit: etree._Element) -> str:
    return next((m.get("id") or "" for m in unit.iter(f"{{{SDL_NS}}}seg")), "")


def scratch(corpus: Corpus, path: str | Path, reviews: Mapping[str, ReviewRecord]) -> XmlDoc:
    """A new XLIFF 1.2 document holding the corpus (locked segments ``translate="no"``)."""
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
        if seg.locked:
            unit.set("translate", "no")
        cells.append(
            (seg, etree.SubElement(unit, q + "source"), etree.SubElement(unit, q + "target"))
        )
    etree.indent(root, space="  ")
    native = corpus.format == "xliff12"
    for seg, source, target in cells:
        codes = markup_for(seg.codes, native, "xliff12")
        fill(source, seg.source, codes, f"{path}: segment {seg.id}")
        fill(target, seg.target, codes, f"{path}: segment {seg.id}")
        review = None if seg.locked else unit_review([reviews.get(seg.id)])
        if review is not None:
            mark_unit12(target.getparent(), target, review)
    return new_tree(root)


def write_xliff12(
    path: str | Path, corpus: Corpus, reviews: Mapping[str, ReviewRecord] | None = None
) -> None:
    """Write XLIFF 1.2: the original document patched, or a new one for other corpora.

    Args:
        path: Where to write (atomically).
        corpus: The segments with their reviewed targets.
        reviews: What the review did, by segment id; a changed target without a record counts
            as edited.
    """
    if corpus.document is not None and corpus.format == "xliff12":
        doc = parse_xml(corpus.document, corpus.path or path)
        before = snapshot(doc)
        patch(doc, corpus, path, reviews or {})
    else:
        doc, before = scratch(corpus, path, reviews or {}), None
    write_bytes_atomic(path, serialize(doc, before))
