"""XLIFF 2.0/2.1/2.2: read, and write by patching the original.

Each ``<segment>`` of a ``<unit>`` becomes a segment: id ``unitid`` when the unit has one
segment, ``unitid#segid`` (or ``unitid#n``) when it has several. ``<ignorable>`` parts stay in
the document untouched. ``translate="no"`` on a unit, group or file (inherited, the nearest one
deciding) locks its segments; ``<mrk translate="no">`` and ``<sm translate="no"/>`` spans are
protected codes. Writing back changes only the changed targets, never a locked one, and sets
the segment's ``state`` from the review (:mod:`mtreview.corpus.review_states`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from mtreview.corpus.inline import (
    Piece,
    RawCode,
    Vocabulary,
    build_segment,
    fill,
    markup_for,
    read_pieces,
    unique_id,
)
from mtreview.corpus.model import Corpus, ReviewRecord
from mtreview.corpus.review_states import add_notes2, mark_segment2, unit_review
from mtreview.corpus.textio import read_bytes, write_bytes_atomic
from mtreview.corpus.tokens import protected_texts
from mtreview.corpus.xmlsafe import XmlDoc, new_tree, parse_xml, serialize, snapshot
from mtreview.corpus.xmltree import core, insert_after, local, qualified, same_ns
from mtreview.errors import MtreviewError

NS = "urn:oasis:names:tc:xliff:document:2.0"


def _ident(el: etree._Element, name: str, state: dict[str, str]) -> str:
    if name in ("ec", "em"):
        return el.get("startRef") or el.get("id") or ""
    return el.get("id") or ""


VOCAB = Vocabulary(
    paired=frozenset({"pc", "mrk"}),
    opening=frozenset({"sc", "sm"}),
    closing=frozenset({"ec", "em"}),
    ident=_ident,
    protect=lambda el: local(el) in ("mrk", "sm") and el.get("translate") == "no",
)


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one segment lives: its ``<segment>``, source and target elements."""

    id: str
    segment: etree._Element
    source: etree._Element
    target: etree._Element | None
    locked: bool = False
    carried: frozenset[str] = frozenset()  # protected <sm/> ids opened in an earlier segment


def _translate_no(el: etree._Element) -> bool:
    """``translate="no"`` on ``el`` or inherited from its group or file (nearest decides)."""
    for node in (el, *el.iterancestors()):
        value = node.get("translate")
        if value is not None:
            return bool(value == "no")
    return False


def _child(el: etree._Element, name: str) -> etree._Element | None:
    tag = el.tag
    return el.find(tag[: tag.rfind("}") + 1] + name)


def walk(root: etree._Element) -> Iterator[Slot]:
    """Every segment slot in document order, with stable unique ids."""
    seen: set[str] = set()
    ns = etree.QName(root).namespace
    files = [f for f in root if core(f, "file", ns)]
    for f_index, file_el in enumerate(files, start=1):
        scope = file_el.get("id") or str(f_index)
        units = list(file_el.iter(qualified("unit", ns)))
        for u_index, unit in enumerate(units, start=1):
            uid = unit.get("id") or f"{f_index}:{u_index}"
            locked = _translate_no(unit)
            parts = [s for s in unit if core(s, "segment", ns)]
            carried: set[str] = set()
            for n, part in enumerate(parts, start=1):
                source = _child(part, "source")
                if source is None:
                    continue
                sid = uid if len(parts) == 1 else f"{uid}#{part.get('id') or n}"
                target = _child(part, "target")
                closes = {em.get("startRef") for em in source.iter(qualified("em", ns))}
                inside = bool(carried) and not (carried & closes)  # wholly in a protected span
                yield Slot(
                    unique_id(sid, seen, scope),
                    part,
                    source,
                    target,
                    locked or inside,
                    frozenset(carried),
                )
                _markers(unit, part, ns, carried)


def _markers(unit: etree._Element, part: etree._Element, ns: str | None, open_: set[str]) -> None:
    """Update the protected ``<sm/>`` ids open after ``part`` and the ignorables following it."""
    started = False
    for child in unit:
        if child is part:
            started = True
        elif started and core(child, "segment", ns):
            break
        source = _child(child, "source") if started else None
        for el in source.iter() if source is not None else ():
            if local(el) == "sm" and el.get("translate") == "no":
                open_.add(el.get("id") or "")
            elif local(el) == "em":
                open_.discard(el.get("startRef") or "")


def _pieces(el: etree._Element, carried: frozenset[str]) -> list[Piece]:
    """Pieces of ``el``; an ``<em/>`` closing a protected span opened earlier is protected."""
    pieces = read_pieces(el, VOCAB)
    return [
        replace(p, protected=True)
        if isinstance(p, RawCode) and p.kind == "close" and p.id in carried
        else p
        for p in pieces
    ]


def read_document(data: bytes, path: str | Path, doc: XmlDoc | None = None) -> Corpus:
    """Build the corpus of an XLIFF 2 document."""
    doc = doc or parse_xml(data, path)
    root = doc.tree.getroot()
    segments = []
    for slot in walk(root):
        target = _pieces(slot.target, slot.carried) if slot.target is not None else None
        line = slot.segment.sourceline
        source = _pieces(slot.source, slot.carried)
        segments.append(build_segment(slot.id, source, target, line, slot.locked))
    src = root.get("srcLang") or ""
    tgt = root.get("trgLang") or ""
    meta = {"xliff-version": root.get("version") or "2.0"}
    return Corpus(tuple(segments), str(path), src, tgt, meta, "xliff2", data)


def read_xliff2(path: str | Path) -> Corpus:
    """Read an XLIFF 2 file.

    Raises:
        MtreviewError: for a malformed or unsafe document.
    """
    return read_document(read_bytes(path), path)


def patch(
    doc: XmlDoc, corpus: Corpus, path: str | Path, reviews: Mapping[str, ReviewRecord]
) -> None:
    """Write the corpus's changed targets and review states into the original tree.

    Raises:
        MtreviewError: for a segment not in the document, or a changed protected span.
    """
    wanted = corpus.by_id()
    comments: dict[etree._Element, list[str]] = {}
    for slot in walk(doc.tree.getroot()):
        seg = wanted.pop(slot.id, None)
        if seg is None or slot.locked:
            continue
        target_pieces = _pieces(slot.target, slot.carried) if slot.target is not None else None
        before = build_segment(slot.id, _pieces(slot.source, slot.carried), target_pieces, None)
        changed = before.target != seg.target or before.codes != seg.codes
        record = reviews.get(seg.id) or (ReviewRecord(seg.id, edited=True) if changed else None)
        if changed:
            where = f"{path}: segment {seg.id}"
            if protected_texts(before.target, seg.codes) != protected_texts(seg.target, seg.codes):
                raise MtreviewError(f"{where}: a protected span was changed; restore it first")
            target = slot.target
            if target is None:
                target = slot.segment.makeelement(same_ns(slot.source, "target"))
                insert_after(slot.source, target)
            fill(target, seg.target, markup_for(seg.codes, True, "xliff2"), where)
        review = unit_review([record])
        if review is not None:
            mark_segment2(slot.segment, review)
            unit = slot.segment.getparent()
            if unit is not None:
                comments.setdefault(unit, []).extend(review.comments)
    if wanted:
        raise MtreviewError(f"segment {next(iter(wanted))!r} is not in the original document", path)
    for unit, texts in comments.items():
        add_notes2(unit, texts)


def scratch(corpus: Corpus, path: str | Path, reviews: Mapping[str, ReviewRecord]) -> XmlDoc:
    """A new XLIFF 2.0 document holding the corpus (locked segments ``translate="no"``)."""
    q = f"{{{NS}}}"
    root = etree.Element(q + "xliff", nsmap={None: NS})
    root.set("version", "2.0")
    root.set("srcLang", corpus.source_lang)
    root.set("trgLang", corpus.target_lang)
    file_el = etree.SubElement(root, q + "file", id="f1")
    file_el.set("original", Path(corpus.path or path).name)
    cells = []
    for seg in corpus.segments:
        unit = etree.SubElement(file_el, q + "unit", id=seg.id)
        if seg.locked:
            unit.set("translate", "no")
        part = etree.SubElement(unit, q + "segment")
        cells.append(
            (seg, etree.SubElement(part, q + "source"), etree.SubElement(part, q + "target"))
        )
    etree.indent(root, space="  ")
    native = corpus.format == "xliff2"
    for seg, source, target in cells:
        codes = markup_for(seg.codes, native, "xliff2")
        fill(source, seg.source, codes, f"{path}: segment {seg.id}")
        fill(target, seg.target, codes, f"{path}: segment {seg.id}")
        review = None if seg.locked else unit_review([reviews.get(seg.id)])
        if review is not None:
            segment = target.getparent()
            mark_segment2(segment, review)
            add_notes2(segment.getparent(), review.comments)
    return new_tree(root)


def write_xliff2(
    path: str | Path, corpus: Corpus, reviews: Mapping[str, ReviewRecord] | None = None
) -> None:
    """Write XLIFF 2: the original document patched, or a new 2.0 one for other corpora.

    Args:
        path: Where to write (atomically).
        corpus: The segments with their reviewed targets.
        reviews: What the review did, by segment id (edited: ``translated``, confirmed:
            ``reviewed``); a changed target without a record counts as edited.
    """
    if corpus.document is not None and corpus.format == "xliff2":
        doc = parse_xml(corpus.document, corpus.path or path)
        before = snapshot(doc)
        patch(doc, corpus, path, reviews or {})
    else:
        doc, before = scratch(corpus, path, reviews or {}), None
    write_bytes_atomic(path, serialize(doc, before))
