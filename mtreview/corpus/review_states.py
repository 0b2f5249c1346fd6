"""A review written back in each CAT tool's own terms: status, stale match data, notes.

What a review means in each tool (the tables below; docs/formats.md, "Review status"):

- edited, not confirmed: XLIFF 1.2 ``state="translated"``, XLIFF 2 ``translated``, memoQ
  ``PartiallyEdited``, Trados ``Draft``, Phrase ``m:confirmed="0"``;
- confirmed: XLIFF 1.2 ``signed-off`` (and ``approved="yes"``), XLIFF 2 ``reviewed``, memoQ
  ``Reviewer1Confirmed``, Trados ``ApprovedTranslation``, Phrase the job's ``m:level``.

A unit counts as confirmed when every one of its segments is; segments the review neither edited
nor confirmed keep their status. An edit also clears what described the old text: XLIFF 1.2
``approved`` and ``state-qualifier``, XLIFF 2 ``subState``, Trados match data (kept in
``sdl:prev-origin`` as Trados Studio does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from mtreview.corpus.model import ReviewRecord
from mtreview.corpus.xmltree import insert_after, local, same_ns

SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ_NS = "MQXliff"
PHRASE_NS = "http://www.memsource.com/mxlf/2.0"
XLIFF12 = {"edited": "translated", "confirmed": "signed-off"}
XLIFF2 = {"edited": "translated", "confirmed": "reviewed"}
MEMOQ = {"edited": "PartiallyEdited", "confirmed": "Reviewer1Confirmed"}
TRADOS = {"edited": "Draft", "confirmed": "ApprovedTranslation"}
_MATCH_DATA = ("origin", "origin-system", "percent", "text-match", "struct-match")
_TRUE = {"true", "yes", "1", "locked"}


@dataclass(frozen=True, slots=True)
class UnitReview:
    """What the review did to one unit, from its segments' records."""

    edited: bool
    confirmed: bool
    reviewer: str
    time: str
    comments: tuple[str, ...]

    @property
    def level(self) -> str | None:
        """``confirmed``, ``edited`` or ``None`` when the status is to be left alone."""
        return "confirmed" if self.confirmed else "edited" if self.edited else None


def unit_review(records: Iterable[ReviewRecord | None]) -> UnitReview | None:
    """Combine the records of a unit's segments (``None`` for a segment not reviewed)."""
    records = list(records)
    present = [r for r in records if r is not None and r.touched]
    if not present:
        return None
    last = max(present, key=lambda r: r.time)
    return UnitReview(
        edited=any(r.edited for r in present),
        confirmed=all(r is not None and r.status == "confirmed" for r in records),
        reviewer=last.reviewer,
        time=last.time,
        comments=tuple(c for r in present for c in r.comments),
    )


def parse_time(value: str) -> datetime:
    """A record's ISO 8601 time (now when empty or unreadable), in UTC."""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def is_locked_value(value: str | None) -> bool:
    """Whether a tool's lock attribute (``locked``, ``true``, ``1``…) says locked."""
    return value is not None and value.strip().lower() in _TRUE


def _attr(el: etree._Element, namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _mark_generic12(unit: etree._Element, target: etree._Element | None, r: UnitReview) -> None:
    level = r.level
    if target is not None and level is not None:
        target.set("state", XLIFF12[level])
    if r.edited and target is not None:
        target.attrib.pop("state-qualifier", None)
    if r.confirmed:
        unit.set("approved", "yes")
    elif r.edited:
        unit.attrib.pop("approved", None)


def _mark_memoq(unit: etree._Element, target: etree._Element | None, r: UnitReview) -> None:
    level = r.level
    if level is not None:
        unit.set(_attr(unit, MQ_NS, "status"), MEMOQ[level])
    stamp = parse_time(r.time).strftime("%Y-%m-%dT%H:%M:%SZ")
    if r.edited and unit.get(_attr(unit, MQ_NS, "lastchangedtimestamp")) is not None:
        unit.set(_attr(unit, MQ_NS, "lastchangedtimestamp"), stamp)
    if r.confirmed and unit.get(_attr(unit, MQ_NS, "reviewer1committimestamp")) is not None:
        unit.set(_attr(unit, MQ_NS, "reviewer1committimestamp"), stamp)


def _mark_phrase(unit: etree._Element, target: etree._Element | None, r: UnitReview) -> None:
    if r.level is None:
        return
    level = "1"
    for el in unit.iterancestors():
        level = el.get(_attr(el, PHRASE_NS, "level")) or level
    unit.set(_attr(unit, PHRASE_NS, "confirmed"), level if r.confirmed else "0")


def _mark_none(unit: etree._Element, target: etree._Element | None, r: UnitReview) -> None:
    """Trados keeps statuses per segment (:func:`mark_sdl_segment`), not on the unit."""


Marker = Callable[[etree._Element, etree._Element | None, UnitReview], None]
# First match wins: (does the unit belong to this tool, how to mark it).
DIALECTS12: list[tuple[Callable[[etree._Element], bool], Marker]] = [
    (lambda u: any(local(c) == "seg-defs" for c in u), _mark_none),
    (lambda u: _attr(u, MQ_NS, "status") in u.attrib or MQ_NS in u.nsmap.values(), _mark_memoq),
    (lambda u: PHRASE_NS in u.nsmap.values(), _mark_phrase),
    (lambda u: True, _mark_generic12),
]


def mark_unit12(unit: etree._Element, target: etree._Element | None, review: UnitReview) -> None:
    """Write a unit's review status the way its tool keeps it, and its comments as notes."""
    for belongs, mark in DIALECTS12:
        if belongs(unit):
            mark(unit, target, review)
            break
    for comment in review.comments:
        _note12(unit, comment, review.reviewer)


def mark_sdl_segment(unit: etree._Element, mid: str, record: ReviewRecord) -> None:
    """Trados Studio: the segment's confirmation level, and its match data once edited."""
    for seg_def in unit.iter(f"{{{SDL_NS}}}seg"):
        if seg_def.get("id") != mid:
            continue
        if record.status == "confirmed":
            seg_def.set("conf", TRADOS["confirmed"])
        elif record.edited:
            seg_def.set("conf", TRADOS["edited"])
        if record.edited:
            _sdl_interactive(seg_def)
        if record.edited or record.status == "confirmed":
            when = parse_time(record.time).strftime("%m/%d/%Y %H:%M:%S")
            _sdl_value(seg_def, "modified_on", when)
            if record.reviewer:
                _sdl_value(seg_def, "modified_by", record.reviewer)


def _sdl_interactive(seg_def: etree._Element) -> None:
    old = {k: seg_def.attrib.pop(k) for k in _MATCH_DATA if k in seg_def.attrib}
    if old.get("origin") == "interactive" and len(old) == 1:
        seg_def.set("origin", "interactive")
        return
    if old:
        prev = seg_def.makeelement(f"{{{SDL_NS}}}prev-origin", old)
        for child in [c for c in seg_def if local(c) == "prev-origin"]:
            prev.append(child)
        seg_def.insert(0, prev)
    seg_def.set("origin", "interactive")


def _sdl_value(seg_def: etree._Element, key: str, value: str) -> None:
    for el in seg_def.iterchildren(f"{{{SDL_NS}}}value"):
        if el.get("key") == key:
            el.text = value
            return
    el = etree.SubElement(seg_def, f"{{{SDL_NS}}}value", key=key)
    el.text = value


_UNIT_CONTENT12 = {"source", "seg-source", "target", "note", "alt-trans"}
_UNIT_CONTENT12 |= {"context-group", "count-group", "prop-group"}


def _note12(unit: etree._Element, text: str, reviewer: str) -> None:
    """``<note from="reviewer">``, after the unit's XLIFF content and before extensions."""
    namespace = etree.QName(unit).namespace
    own = [
        c
        for c in unit
        if isinstance(c.tag, str)
        and etree.QName(c).namespace == namespace
        and local(c) in _UNIT_CONTENT12
    ]
    if any(local(c) == "note" and c.text == text for c in own):
        return
    note = unit.makeelement(same_ns(unit, "note"), {"from": reviewer} if reviewer else {})
    note.text = text
    insert_after(own[-1], note)


def mark_segment2(segment: etree._Element, review: UnitReview) -> None:
    """XLIFF 2: the segment's ``state`` (``subState`` dropped: it described the old state)."""
    level = review.level
    if level is not None:
        segment.set("state", XLIFF2[level])
        segment.attrib.pop("subState", None)


def add_notes2(unit: etree._Element, comments: Iterable[str]) -> None:
    """XLIFF 2: reviewer comments as ``<note category="review" appliesTo="target">``."""
    comments = list(comments)
    if not comments:
        return
    notes = next((c for c in unit if local(c) == "notes"), None)
    if notes is None:
        notes = unit.makeelement(same_ns(unit, "notes"))
        anchor = next(c for c in unit if local(c) in ("originalData", "segment", "ignorable"))
        _before(anchor, notes)
    for text in comments:
        if any(n.text == text for n in notes):
            continue
        note = notes.makeelement(same_ns(unit, "note"), category="review", appliesTo="target")
        note.text = text
        notes.append(note)


def mark_tuv(tu: etree._Element, tuv: etree._Element, record: ReviewRecord) -> None:
    """TMX: ``changedate``/``changeid`` on an edited variant; comments as the unit's notes."""
    if record.edited:
        tuv.set("changedate", parse_time(record.time).strftime("%Y%m%dT%H%M%SZ"))
        if record.reviewer:
            tuv.set("changeid", record.reviewer)
    first_tuv = next((c for c in tu if local(c) == "tuv"), None)
    for text in record.comments:
        if any(local(c) == "note" and c.text == text for c in tu):
            continue
        note = tu.makeelement(same_ns(tu, "note"))
        note.text = text
        if first_tuv is not None:
            _before(first_tuv, note)
        else:
            tu.append(note)


def _before(anchor: etree._Element, new: etree._Element) -> None:
    """Put ``new`` right before ``anchor``, indented like it."""
    previous = anchor.getprevious()
    parent = anchor.getparent()
    indent = previous.tail if previous is not None else parent.text if parent is not None else None
    anchor.addprevious(new)
    new.tail = indent
