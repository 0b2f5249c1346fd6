"""TBX term bases: read TBX v2 (``<martif>``) and TBX v3 (``<tbx>``, DCA or DCT style), write both.

Reading is safe: no DTD is loaded, no entity is resolved, nothing is fetched from the network, and
a document that declares entities is refused. One entry (``termEntry``/``conceptEntry``) gives one
term per source-language term: the target-language term marked preferred (or else the first
that is not deprecated) is the target, the other admitted ones are variants, and those marked
``deprecatedTerm``/``supersededTerm``/``notRecommended`` (``administrativeStatus`` or
``normativeAuthorization``) are forbidden renderings. Every ``note`` and ``definition`` becomes
the term's note; every other data category (``subjectField``, ``context``, ``partOfSpeech``, …)
is kept as an ``x-<category>`` field, or ``x-target-<category>`` when it describes the
target-language side. What TBX-Basic has no place for (severity, case sensitivity, status, an id
that is not an XML name, fields that are not text) travels in one ``<note>mtreview: {json}</note>``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from mtreview.errors import MtreviewError
from mtreview.glossary.langs import base_language
from mtreview.glossary.merge import Entry, Imported, build
from mtreview.glossary.tbx_write import MARKER, format_tbx, write_tbx

__all__ = ["format_tbx", "parse_tbx", "read_tbx", "write_tbx"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
_ENTRY = {"termEntry", "conceptEntry"}
_LANG = {"langSet", "langSec"}
_TERM_SECTION = {"tig", "ntig", "termSec"}
_CATEGORY_ELEMENTS = {"descrip", "admin", "termNote", "note", "descripNote", "adminNote"}
_STRUCTURE = _ENTRY | _LANG | _TERM_SECTION | {"termGrp", "descripGrp", "adminGrp", "termNoteGrp"}
_SKIPPED = {"transacGrp", "transac", "transacNote", "date", "ref", "xref", "hi", "foreign", "ph"}
_STATUS = {"administrativeStatus", "normativeAuthorization"}
_NOTE_CATEGORIES = {"note", "definition"}
_FORBIDDEN = re.compile(r"deprecated|superseded|notrecommended|obsolete|forbidden", re.IGNORECASE)
_PREFERRED = re.compile(r"preferred", re.IGNORECASE)


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el: Any) -> str:
    """Element text; whitespace collapsed unless ``xml:space="preserve"`` is in effect."""
    text = "".join(el.itertext())
    for node in (el, *el.iterancestors()):
        space = node.get(XML_SPACE)
        if space is not None:
            if space == "preserve":
                return text
            break
    return " ".join(text.split())


@dataclass(slots=True)
class _Section:
    """A term section (``tig``/``ntig``/``termSec``): its term, status and data."""

    lang: str
    term: str
    status: str
    line: int | None
    data: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Concept:
    """One TBX entry, its data categories sorted by where they stand."""

    id: str
    line: int | None
    sections: list[_Section] = field(default_factory=list)
    entry_data: list[tuple[str, str]] = field(default_factory=list)
    lang_data: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    count: int = 0


def _category(el: Any) -> str | None:
    name = _local(el)
    if name in _STRUCTURE or name in _SKIPPED or name in ("term", ""):
        return None
    if name in _CATEGORY_ELEMENTS:
        return "note" if name == "note" else el.get("type") or name
    namespace = etree.QName(el).namespace
    if namespace not in (None, TBX3_NS):  # DCT style: the element name is the data category
        return name
    return None


def _concept(entry: Any) -> _Concept:
    concept = _Concept(entry.get("id") or "", entry.sourceline)
    sections: dict[Any, _Section] = {}
    for el in entry.iter():
        name = _local(el)
        if name in _TERM_SECTION:
            lang_el = next((a for a in el.iterancestors() if _local(a) in _LANG), None)
            lang = base_language(lang_el.get(XML_LANG, "")) if lang_el is not None else ""
            term_el = next((t for t in el.iter() if _local(t) == "term"), None)
            text = _text(term_el) if term_el is not None else ""
            line = term_el.sourceline if term_el is not None else el.sourceline
            sections[el] = _Section(lang, text, "", line)
            concept.sections.append(sections[el])
            continue
        category = _category(el)
        if category is None or any(_category(a) for a in el.iterancestors() if a is not entry):
            continue
        value = _text(el)
        owner = next((a for a in el.iterancestors() if _local(a) in _TERM_SECTION | _LANG), None)
        if category in _STATUS:
            if owner is not None and owner in sections:
                sections[owner].status = value
            continue
        if not value:
            continue
        concept.count += 1
        if owner is None:
            concept.entry_data.append((category, value))
        elif owner in sections:
            sections[owner].data.append((category, value))
        else:
            lang = base_language(owner.get(XML_LANG, ""))
            concept.lang_data.setdefault(lang, []).append((category, value))
    return concept


def _parse_xml(data: bytes, path: str) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise MtreviewError(f"not well-formed XML: {exc.msg}", path, line) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise MtreviewError("declares XML entities, which are refused for safety", path, 1)
    if _local(root) not in ("martif", "tbx"):
        raise MtreviewError(f"not a TBX file: the root element is <{_local(root)}>", path, 1)
    return root


def _languages(
    root: Any,
    concepts: list[_Concept],
    source_lang: str | None,
    target_lang: str | None,
    written: dict[str, Any],
) -> tuple[str, str]:
    seen = Counter(s.lang for c in concepts for s in c.sections if s.lang and s.term)
    order = list(seen)
    root_lang = base_language(root.get(XML_LANG, ""))
    # A file mtreview wrote says which side is which.
    src = base_language(source_lang or str(written.get("source_lang", "")))
    if not src:
        src = "zh" if "zh" in seen else root_lang if root_lang in seen else (order or ["zh"])[0]
    tgt = base_language(target_lang or str(written.get("target_lang", "")))
    if not tgt:
        others = [lang for lang, _ in seen.most_common() if lang != src]
        tgt = "en" if "en" in others else (others or ["en"])[0]
    return src, tgt


def _header(root: Any) -> dict[str, Any]:
    """What the header says: mtreview's own JSON, or else the title as the glossary's name."""
    title = ""
    for header in root:
        if _local(header) not in ("martifHeader", "tbxHeader"):
            continue
        for el in header.iter():
            name = _local(el)
            text = _text(el) if name in ("p", "title") else ""
            if name == "title" and text and not title:
                title = text
            if name == "p" and text.startswith(MARKER):
                try:
                    data = json.loads(text[len(MARKER) :])
                except ValueError:
                    continue
                if isinstance(data, dict):
                    return data
    return {"glossary": {"name": title}} if title else {}


def _values(pairs: list[tuple[str, str]], prefix: str, out: dict[str, Any]) -> list[str]:
    """Put non-note categories in ``out`` under ``prefix + category``; return the notes."""
    notes: list[str] = []
    for category, value in pairs:
        if category in _NOTE_CATEGORIES:
            notes.append(value)
            continue
        key = f"{prefix}{category}"
        old = out.get(key)
        if old is None:
            out[key] = value
        elif isinstance(old, list):
            if value not in old:
                old.append(value)
        elif old != value:
            out[key] = [old, value]
    return notes


def _entries(concept: _Concept, src: str, tgt: str) -> Iterator[Entry]:
    sources = [s for s in concept.sections if s.lang == src and s.term]
    targets = [s for s in concept.sections if s.lang == tgt and s.term]
    allowed = [t for t in targets if not _FORBIDDEN.search(t.status)]
    preferred = [t for t in allowed if _PREFERRED.search(t.status)]
    ranked = preferred or allowed
    chosen = ranked[0] if ranked else None
    variants = tuple(t.term for t in allowed if t is not chosen)
    forbidden = tuple(t.term for t in targets if _FORBIDDEN.search(t.status))
    target_extra: dict[str, Any] = {}
    target_notes = _values(concept.lang_data.get(tgt, []), "x-target-", target_extra)
    for section in targets:
        target_notes += _values(section.data, "x-target-", target_extra)
    # Terms in further languages are kept too, as x-term-<lang> (written back as their langSet).
    others = [(f"term-{s.lang}", s.term) for s in concept.sections if s.lang not in (src, tgt)]
    target_notes += _values(others, "x-", target_extra)
    for lang, pairs in concept.lang_data.items():
        if lang not in (src, tgt):
            target_notes += [value for category, value in pairs if category in _NOTE_CATEGORIES]
    for section in concept.sections:
        if section.lang not in (src, tgt):
            target_notes += [v for category, v in section.data if category in _NOTE_CATEGORIES]
    if not sources:
        yield Entry("", chosen.term if chosen else "", line=concept.line)
    for index, section in enumerate(sources):
        extra: dict[str, Any] = {}
        notes = _values(concept.entry_data, "x-", extra)
        notes += _values(concept.lang_data.get(src, []), "x-", extra)
        notes += _values(section.data, "x-", extra)
        fields: dict[str, Any] = {}
        plain: list[str] = []
        for note in [*notes, *target_notes]:
            if note.startswith(MARKER):
                try:
                    fields.update(json.loads(note[len(MARKER) :]))
                    continue
                except (ValueError, TypeError):
                    pass
            plain.append(note)
        extra.update(target_extra)
        extra.update(fields.get("extra") or {})
        term_id = str(fields.get("id") or concept.id)
        yield Entry(
            source=section.term,
            target=chosen.term if chosen else "",
            variants=variants,
            forbidden=forbidden,
            note="\n".join(dict.fromkeys(plain)),
            id=term_id if index == 0 or not term_id else f"{term_id}-{index + 1}",
            severity=str(fields.get("severity") or ""),
            case_sensitive=fields.get("case_sensitive") is True,
            status=str(fields.get("status") or ""),
            line=section.line,
            extra=extra,
        )


def parse_tbx(
    data: bytes, path: str = "<tbx>", source_lang: str | None = None, target_lang: str | None = None
) -> Imported:
    """Read TBX bytes (any encoding its XML declaration names) into a glossary.

    Raises:
        MtreviewError: for XML that is not well-formed, declares entities, or is not TBX.
    """
    root = _parse_xml(data, path)
    concepts = [_concept(el) for el in root.iter() if _local(el) in _ENTRY]
    header = _header(root)
    src, tgt = _languages(root, concepts, source_lang, target_lang, header)
    entries = [entry for c in concepts for entry in _entries(c, src, tgt)]
    extra = header.get("glossary")
    return build(
        entries,
        path,
        src,
        tgt,
        sum(c.count for c in concepts),
        extra if isinstance(extra, dict) else {},
    )


def read_tbx(
    path: str | Path, source_lang: str | None = None, target_lang: str | None = None
) -> Imported:
    """Read a TBX file (v2 ``martif`` or v3 ``tbx``) into a glossary."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise MtreviewError("no such file", path) from None
    except OSError as exc:
        raise MtreviewError(f"cannot read: {exc.strerror}", path) from None
    return parse_tbx(data, str(path), source_lang, target_lang)
