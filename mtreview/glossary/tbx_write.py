"""Write a glossary as TBX: v2 (``<martif>``, the default) or v3 (``<tbx>``, DCA style).

One entry per concept: terms sharing ``x-tbx-concept`` (synonyms read from one entry) are
written back as one entry with several source terms. The target is ``preferredTerm-admn-sts``,
variants ``admittedTerm-admn-sts`` and forbidden renderings ``deprecatedTerm-admn-sts``, unless
the term kept its own status (``x-tbx-target-terms``). Every field is written at its level (see
:mod:`mtreview.glossary.tbx`) as the element its category uses.

v2 is TBX-Basic when every field fits TBX-Basic, else TBX-Default (``type="TBX"``), the dialect
files like IBM's sample use. v3 is always TBX-Basic: a field TBX-Basic has no place for is
written where it may stand and kept, with everything else TBX has no place for (severity, case
sensitivity, status, ids that are not XML names, non-text fields), as JSON in a
``<note>mtreview: …</note>`` that :mod:`mtreview.glossary.tbx` reads back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from mtreview.corpus.textio import write_bytes_atomic
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.tbx_dialects import STATUS_CATEGORIES, element, fits_basic, fits_core

MARKER = "mtreview: "
PREFIX = "x-tbx-"
ELEMENTS_KEY = f"{PREFIX}elements"
_XML = "http://www.w3.org/XML/1998/namespace"
_NS3 = "urn:iso:std:iso:30042:ed-2"
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")  # ASCII: every validator agrees
_CATEGORY = re.compile(r"^[A-Za-z][\w\-]*$")
_OTHER_LANGUAGE = re.compile(r"^x-term-([a-z]{2,3})$")
_STATUS = {
    "target": "preferredTerm-admn-sts",
    "variant": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}


def _texts(value: object) -> list[str] | None:
    """A field value as the texts TBX elements can hold, or ``None``."""
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and len(value) < 2:
        return None  # one element reads back as a text, not a list
    ok = items and all(isinstance(v, str) and v and v.strip() == v for v in items)
    return [str(v) for v in items] if ok and len(set(items)) == len(items) else None


@dataclass(slots=True)
class _Writer:
    """The state of one document being written."""

    glossary: Glossary
    version: int
    elements: dict[str, str]
    basic: bool = True  # whether everything written so far fits TBX-Basic
    ids: set[str] = field(default_factory=set)  # entry ids given so far (XML ids are unique)

    @property
    def v3(self) -> bool:
        return self.version == 3

    def tag(self, name: str) -> str:
        names = {"termEntry": "conceptEntry", "langSet": "langSec", "tig": "termSec"}
        return names.get(name, name) if self.v3 else name

    def place(self, parent: Any, level: str, category: str, value: str) -> bool:
        """Write one field; ``False`` when it may not stand there (the caller keeps it)."""
        if not _CATEGORY.match(category):
            return False
        kind = element(category, self.elements)
        if not fits_core(kind, level):
            return False
        if not fits_basic(kind, category, level, value, self.version):
            if self.v3:
                return False
            self.basic = False
        attrs = {} if kind == "note" else {"type": category}
        el = etree.Element(kind, attrs)
        _set_text(el, value)
        # Term-level notes follow the term; other data stands before the sections they head.
        anchor = next(
            (c for c in parent if c.tag in ("langSet", "langSec", "tig", "termSec")), None
        )
        if kind == "termNote":
            notes = [c for c in parent if c.tag == "termNote"]
            (notes[-1] if notes else parent[0]).addnext(el)
        elif anchor is not None:
            anchor.addprevious(el)
        else:
            parent.append(el)
        return True

    def mapping(self, parent: Any, level: str, data: object) -> bool:
        """Write a ``{category: value}`` field; ``False`` when some of it could not be."""
        if not isinstance(data, dict):
            return False
        complete = True
        for category, value in data.items():
            texts = _texts(value)
            if texts is None:
                complete = False
                continue
            for text in texts:
                complete = self.place(parent, level, str(category), text) and complete
        return complete


def _set_text(el: Any, text: str) -> None:
    """Set the exact text, without ``xml:space`` (the schemas do not declare it).

    The header's ``mtreview:`` note tells the reader that this file's texts are exact.
    """
    el.text = text


def _groups(terms: tuple[Term, ...]) -> list[list[Term]]:
    """Terms grouped by concept (``x-tbx-concept``), in first-appearance order."""
    groups: dict[str, list[Term]] = {}
    for term in terms:
        concept = term.extra.get(f"{PREFIX}concept")
        key = f"c:{concept}" if isinstance(concept, str) and concept else f"t:{term.id}"
        groups.setdefault(key, []).append(term)
    return list(groups.values())


def _status_of(data: object, role: str) -> tuple[tuple[str, str], dict[str, Any]]:
    """A term's status (its own, if it agrees with the role) and its other fields."""
    fields = dict(data) if isinstance(data, dict) else {}
    for category in STATUS_CATEGORIES:
        value = fields.get(category)
        if isinstance(value, str):
            forbidden = bool(
                re.search("deprecated|superseded|notrecommended|obsolete", value, re.I)
            )
            if forbidden == (role == "forbidden"):
                del fields[category]
                return (category, value), fields
    return ("administrativeStatus", _STATUS[role]), fields


def _term_section(w: _Writer, lang_el: Any, text: str, data: object, role: str) -> tuple[Any, bool]:
    """A term section with its status and fields; ``False`` when some could not be written."""
    tig = etree.SubElement(lang_el, w.tag("tig"))
    _set_text(etree.SubElement(tig, "term"), text)
    (category, value), own = _status_of(data, role)
    complete = w.place(tig, "term", category, value)
    if not complete:
        w.place(tig, "term", "administrativeStatus", _STATUS[role])
    return tig, w.mapping(tig, "term", own) and complete


def _marker(w: _Writer, parent: Any, level: str, fields: dict[str, Any]) -> None:
    if fields:
        text = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
        w.place(parent, level, "note", MARKER + text)


def _term_fields(term: Term, entry_id: str, index: int) -> dict[str, Any]:
    """What TBX has no place for: severity, case sensitivity, status, an id it cannot say."""
    fields: dict[str, Any] = {}
    if term.id != (entry_id if index == 0 else f"{entry_id}-{index + 1}"):
        fields["id"] = term.id
    if term.severity != "major":
        fields["severity"] = term.severity
    if term.case_sensitive:
        fields["case_sensitive"] = True
    if term.status != "approved":
        fields["status"] = term.status
    return fields


def _flat(w: _Writer, entry: Any, sides: tuple[Any, Any], key: str, value: object) -> bool:
    """An ``x-<category>`` field: entry level (older files: ``x-target-…`` and term notes)."""
    texts = _texts(value)
    if texts is None:
        return False
    category, parent, level = key[2:], entry, "entry"
    if category.startswith("target-"):
        category, parent, level = category[7:], sides[1], "lang"
    if element(category, w.elements) == "termNote":
        side = sides[1] if parent is not entry else sides[0]
        parent, level = next(c for c in side if c.tag in ("tig", "termSec")), "term"
    return all([w.place(parent, level, category, text) for text in texts])


def _entry(w: _Writer, body: Any, group: list[Term], number: int) -> None:
    """One concept entry holding the group's source terms and the first term's targets."""
    first, g = group[0], w.glossary
    concept = first.extra.get(f"{PREFIX}concept")
    entry_id = concept if isinstance(concept, str) and _NCNAME.match(concept) else first.id
    if not _NCNAME.match(entry_id) or entry_id in w.ids:
        entry_id = next(
            f"c{n}" for n in range(number, number + len(w.ids) + 2) if f"c{n}" not in w.ids
        )
    w.ids.add(entry_id)
    entry = etree.SubElement(body, w.tag("termEntry"), id=entry_id)
    lang = f"{{{_XML}}}lang"
    sides = (
        etree.SubElement(entry, w.tag("langSet"), {lang: g.source_lang}),
        etree.SubElement(entry, w.tag("langSet"), {lang: g.target_lang}),
    )
    lost: dict[str, Any] = {}
    if isinstance(concept, str) and concept != entry_id:
        lost[f"{PREFIX}concept"] = concept
    for index, term in enumerate(group):
        key = f"{PREFIX}source-term"
        tig, complete = _term_section(w, sides[0], term.source, term.extra.get(key), "target")
        fields = _term_fields(term, entry_id, index)
        own_lost = {} if complete else {key: term.extra[key]}
        own_lost |= {k: v for k, v in term.extra.items() if k not in first.extra and k != key}
        if own_lost:
            fields["extra"] = own_lost
        _marker(w, tig, "term", fields)
    per_term = first.extra.get(f"{PREFIX}target-terms")
    per_term = per_term if isinstance(per_term, dict) else {}
    roles = [("target", first.target), *(("variant", v) for v in first.variants)]
    roles += [("forbidden", f) for f in first.forbidden]
    for role, text in roles:
        if not _term_section(w, sides[1], text, per_term.get(text), role)[1]:
            lost[f"{PREFIX}target-terms"] = per_term
    if first.note:
        w.place(entry, "entry", "note", first.note)
    for key, value in first.extra.items():
        if key in (f"{PREFIX}source-term", f"{PREFIX}target-terms", f"{PREFIX}concept"):
            continue
        other = _OTHER_LANGUAGE.match(key)
        if key in (f"{PREFIX}source", f"{PREFIX}target"):
            complete = w.mapping(sides[key.endswith("target")], "lang", value)
        elif key.startswith(f"{PREFIX}lang-"):
            code = key[len(f"{PREFIX}lang-") :]
            complete = f"x-term-{code}" in first.extra  # written with the language's terms
        elif other and other.group(1) not in (g.source_lang, g.target_lang):
            texts = _texts(value)
            data = first.extra.get(f"{PREFIX}lang-{other.group(1)}")
            if texts is not None and not _other_language(w, entry, other.group(1), texts, data):
                lost[f"{PREFIX}lang-{other.group(1)}"] = data
            complete = texts is not None
        else:
            complete = _flat(w, entry, sides, key, value)
        if not complete:
            lost[key] = value
    _marker(w, entry, "entry", {"extra": lost} if lost else {})


def _other_language(w: _Writer, entry: Any, code: str, texts: list[str], data: object) -> bool:
    """Terms of a further language (``x-term-<lang>``) and their data (``x-tbx-lang-<lang>``).

    Returns whether the data could be written whole.
    """
    lang_el = etree.SubElement(entry, w.tag("langSet"), {f"{{{_XML}}}lang": code})
    data = data if isinstance(data, dict) else {}
    complete = w.mapping(lang_el, "lang", data.get("lang") or {})
    per_term = data.get("terms")
    per_term = per_term if isinstance(per_term, dict) else {}
    for text in texts:
        tig = etree.SubElement(lang_el, w.tag("tig"))
        _set_text(etree.SubElement(tig, "term"), text)
        complete = w.mapping(tig, "term", per_term.get(text) or {}) and complete
    return complete


def format_tbx(glossary: Glossary, version: int = 2) -> bytes:
    """Serialise a glossary as TBX bytes (UTF-8): v2 TBX-Basic or TBX-Default, v3 TBX-Basic."""
    known = glossary.extra.get(ELEMENTS_KEY)
    elements = {str(k): str(v) for k, v in known.items()} if isinstance(known, dict) else {}
    w = _Writer(glossary, version, elements)
    lang = {f"{{{_XML}}}lang": glossary.source_lang}
    if w.v3:
        root = etree.Element(
            f"{{{_NS3}}}tbx", {"type": "TBX-Basic", "style": "dca", **lang}, nsmap={None: _NS3}
        )
        header = etree.SubElement(root, "tbxHeader")
    else:
        root = etree.Element("martif", {"type": "TBX-Basic", **lang})
        header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    name = glossary.extra.get("name")
    if isinstance(name, str) and name:
        _set_text(etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title"), name)
    desc = etree.SubElement(file_desc, "sourceDesc")
    _set_text(etree.SubElement(desc, "p"), "written by mtreview")
    # Languages and the glossary's own fields (name, description, x-…), for mtreview to read back.
    fields = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang}
    data = json.dumps({**fields, "glossary": glossary.extra}, ensure_ascii=False, default=str)
    _set_text(etree.SubElement(desc, "p"), MARKER + data)
    xcs = None
    if not w.v3:
        xcs = etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI")
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    try:
        for number, group in enumerate(_groups(glossary.terms), start=1):
            _entry(w, body, group, number)
    except ValueError as exc:  # lxml refuses control characters, which XML cannot hold
        raise MtreviewError(f"cannot write TBX: {exc}", glossary.path) from None
    if xcs is not None:
        xcs.text = "TBXBasicXCSV02.xcs" if w.basic else "TBXXCSV02.xcs"
        root.set("type", "TBX-Basic" if w.basic else "TBX")
    if w.v3:
        for el in root.iter():  # children were created without a namespace: put them in TBX's
            if isinstance(el.tag, str) and not el.tag.startswith("{"):
                el.tag = f"{{{_NS3}}}{el.tag}"
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out


def write_tbx(glossary: Glossary, path: str | Path, version: int = 2) -> None:
    """Write a glossary as a TBX file atomically."""
    write_bytes_atomic(path, format_tbx(glossary, version))
