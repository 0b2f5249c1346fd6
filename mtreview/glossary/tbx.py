"""TBX term bases: read TBX v2 (``<martif>``) and TBX v3 (``<tbx>``, DCA or DCT style), write both.

Reading is safe: no DTD is loaded, no entity is resolved, nothing is fetched from the network, and
a document that declares entities is refused. One entry (``termEntry``/``conceptEntry``) gives one
term per source-language term (synonyms share the entry: ``x-tbx-concept`` names it, so they are
written back as one entry). The target-language term marked preferred (or else the first that is
not forbidden) is the target, the other admitted ones are variants, and those marked
``deprecatedTerm``/``supersededTerm``/``notRecommended``/``obsolete`` are forbidden renderings.

Every data category is kept apart, at its level: the entry's ``note`` is the term's note; other
entry-level categories (``subjectField``, ``definition``…) are ``x-<category>`` fields; the
source language section's are ``x-tbx-source: {category: value}``, the source term's
``x-tbx-source-term``, the target language section's ``x-tbx-target``, and each target-language
term's (the target, variants and forbidden ones, with a status other than their role's usual
one) ``x-tbx-target-terms: {term: {category: value}}``. Terms in further languages are
``x-term-<lang>`` (their data ``x-tbx-lang-<lang>``). The glossary remembers which element each
category was written as (``x-tbx-elements``). What TBX-Basic has no place for (severity, case
sensitivity, status, an id that is not an XML name, fields that are not text) travels in a
``<note>mtreview: {json}</note>``.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from mtreview.corpus.xmlsafe import check_declaration
from mtreview.errors import MtreviewError
from mtreview.glossary.langs import base_language
from mtreview.glossary.merge import Entry, Imported, build
from mtreview.glossary.tbx_dialects import STATUS_CATEGORIES
from mtreview.glossary.tbx_write import ELEMENTS_KEY, MARKER, PREFIX, format_tbx, write_tbx

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
_STATUS = set(STATUS_CATEGORIES)
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_FORBIDDEN = re.compile(r"deprecated|superseded|notrecommended|obsolete|forbidden", re.IGNORECASE)
_PREFERRED = re.compile(r"preferred", re.IGNORECASE)
# The status a term of each role is written with when it has no other (tbx_write).
DEFAULT_STATUS = {
    "source": "preferredTerm-admn-sts",
    "target": "preferredTerm-admn-sts",
    "variant": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el: Any, exact: bool = False) -> str:
    """Element text; XML whitespace collapsed unless ``exact`` or ``xml:space="preserve"``.

    Term bases are pretty-printed, line breaks inside a definition included; a file mtreview
    wrote (``exact``) holds every text as it is, whitespace included.
    """
    text = "".join(el.itertext())
    if exact:
        return text
    for node in (el, *el.iterancestors()):
        space = node.get(XML_SPACE)
        if space is not None:
            if space == "preserve":
                return text
            break
    return _XML_SPACE.sub(" ", text).strip(" \t\r\n")


@dataclass(slots=True)
class _Section:
    """A term section (``tig``/``ntig``/``termSec``): its term, status and data."""

    lang: str
    term: str
    status: str
    line: int | None
    data: list[tuple[str, str]] = field(default_factory=list)
    status_category: str = ""


@dataclass(slots=True)
class _Concept:
    """One TBX entry, its data categories sorted by where they stand."""

    id: str
    line: int | None
    sections: list[_Section] = field(default_factory=list)
    entry_data: list[tuple[str, str]] = field(default_factory=list)
    lang_data: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    count: int = 0
    elements: dict[str, str] = field(default_factory=dict)  # category -> element written


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


def _concept(entry: Any, exact: bool) -> _Concept:
    concept = _Concept(entry.get("id") or "", entry.sourceline)
    sections: dict[Any, _Section] = {}
    for el in entry.iter():
        name = _local(el)
        if name in _TERM_SECTION:
            lang_el = next((a for a in el.iterancestors() if _local(a) in _LANG), None)
            lang = base_language(lang_el.get(XML_LANG, "")) if lang_el is not None else ""
            term_el = next((t for t in el.iter() if _local(t) == "term"), None)
            text = _text(term_el, exact) if term_el is not None else ""
            line = term_el.sourceline if term_el is not None else el.sourceline
            sections[el] = _Section(lang, text, "", line)
            concept.sections.append(sections[el])
            continue
        category = _category(el)
        if category is None or any(_category(a) for a in el.iterancestors() if a is not entry):
            continue
        value = _text(el, exact)
        owner = next((a for a in el.iterancestors() if _local(a) in _TERM_SECTION | _LANG), None)
        if category in _STATUS:
            if owner is not None and owner in sections:
                sections[owner].status = value
                sections[owner].status_category = category
            continue
        if not value:
            continue
        name = _local(el)
        if name in ("descrip", "admin", "termNote") and category != "note":
            concept.elements.setdefault(category, name)
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
    check_declaration(data, path)
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


def _fields(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Categories as a mapping; a category met several times gets the list of its values."""
    out: dict[str, Any] = {}
    for category, value in pairs:
        old = out.get(category)
        if old is None:
            out[category] = value
        elif isinstance(old, list):
            if value not in old:
                old.append(value)
        elif old != value:
            out[category] = [old, value]
    return out


def _status(section: _Section, role: str) -> list[tuple[str, str]]:
    """The section's status as data, unless it is its role's usual one."""
    if not section.status:
        return []
    category = section.status_category or "administrativeStatus"
    if category == "administrativeStatus" and section.status == DEFAULT_STATUS[role]:
        return []
    return [(category, section.status)]


def _marked(notes: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Plain notes, and the fields of mtreview's own ``mtreview: {json}`` notes among them."""
    plain: list[str] = []
    fields: dict[str, Any] = {}
    for note in notes:
        if note.startswith(MARKER):
            try:
                data = json.loads(note[len(MARKER) :])
            except ValueError:
                data = None
            if isinstance(data, dict):
                fields.update(data)
                continue
        plain.append(note)
    return plain, fields


def _entries(concept: _Concept, src: str, tgt: str) -> Iterator[Entry]:
    sources = [s for s in concept.sections if s.lang == src and s.term]
    targets = [s for s in concept.sections if s.lang == tgt and s.term]
    allowed = [t for t in targets if not _FORBIDDEN.search(t.status)]
    preferred = [t for t in allowed if _PREFERRED.search(t.status)]
    ranked = preferred or allowed
    chosen = ranked[0] if ranked else None
    variants = tuple(t.term for t in allowed if t is not chosen)
    forbidden = tuple(t.term for t in targets if _FORBIDDEN.search(t.status))
    shared: dict[str, Any] = {}
    entry_notes = [v for c, v in concept.entry_data if c == "note"]
    entry_notes, entry_marked = _marked(entry_notes)
    shared.update(
        {f"x-{c}": v for c, v in _fields([p for p in concept.entry_data if p[0] != "note"]).items()}
    )
    for key, lang in ((f"{PREFIX}source", src), (f"{PREFIX}target", tgt)):
        if concept.lang_data.get(lang):
            shared[key] = _fields(concept.lang_data[lang])
    target_terms: dict[str, Any] = {}
    for section in targets:
        role = "target" if section is chosen else "forbidden" if section.term in forbidden else ""
        pairs = _status(section, role or "variant") + section.data
        if pairs:
            target_terms[section.term] = _fields(pairs)
    if target_terms:
        shared[f"{PREFIX}target-terms"] = target_terms
    for lang in dict.fromkeys(s.lang for s in concept.sections if s.lang not in (src, tgt)):
        terms = [s for s in concept.sections if s.lang == lang and s.term]
        if terms:
            shared[f"x-term-{lang}"] = terms[0].term if len(terms) == 1 else [s.term for s in terms]
        data: dict[str, Any] = {}
        if concept.lang_data.get(lang):
            data["lang"] = _fields(concept.lang_data[lang])
        per_term = {s.term: _fields(s.data) for s in terms if s.data}
        if per_term:
            data["terms"] = per_term
        if data:
            shared[f"{PREFIX}lang-{lang}"] = data
    if not sources:
        yield Entry("", chosen.term if chosen else "", line=concept.line)
    for index, section in enumerate(sources):
        extra = copy.deepcopy(shared)  # synonyms share the entry's fields, not the objects
        if len(sources) > 1:
            extra[f"{PREFIX}concept"] = concept.id or f"line-{concept.line}"
        term_notes, term_marked = _marked([v for c, v in section.data if c == "note"])
        own = _status(section, "source") + [p for p in section.data if p[0] != "note"]
        own += [("note", note) for note in term_notes]
        if own:
            extra[f"{PREFIX}source-term"] = _fields(own)
        fields = {**entry_marked, **term_marked}
        for marked in (entry_marked, term_marked):  # the entry's kept fields, then the term's
            kept = marked.get("extra")
            extra.update(kept if isinstance(kept, dict) else {})
        term_id = str(fields.get("id") or concept.id)
        yield Entry(
            source=section.term,
            target=chosen.term if chosen else "",
            variants=variants,
            forbidden=forbidden,
            note="\n".join(dict.fromkeys(entry_notes)),
            id=term_id if index == 0 or not term_id or "id" in fields else f"{term_id}-{index + 1}",
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
    header = _header(root)
    exact = "source_lang" in header  # written by mtreview: texts are exact
    concepts = [_concept(el, exact) for el in root.iter() if _local(el) in _ENTRY]
    src, tgt = _languages(root, concepts, source_lang, target_lang, header)
    entries = [entry for c in concepts for entry in _entries(c, src, tgt)]
    extra = header.get("glossary")
    extra = dict(extra) if isinstance(extra, dict) else {}
    elements = {k: v for c in concepts for k, v in c.elements.items()}
    if elements and "source_lang" not in header:  # a file mtreview did not write
        extra[ELEMENTS_KEY] = dict(sorted(elements.items()))
    return build(entries, path, src, tgt, sum(c.count for c in concepts), extra)


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
