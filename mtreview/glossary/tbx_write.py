"""Write a glossary as TBX-Basic: v2 (``<martif>``, the default) or v3 (``<tbx>``, DCA style).

The target is the ``preferredTerm-admn-sts`` term of the target language, variants are
``admittedTerm-admn-sts`` and forbidden renderings ``deprecatedTerm-admn-sts``. The note is a
``<note>``; ``x-<category>`` text fields become ``descrip``/``admin``/``termNote`` elements of
that category (``x-target-<category>`` on the target-language side). What TBX-Basic has no place
for travels as JSON in one ``<note>mtreview: …</note>`` that :mod:`mtreview.glossary.tbx` reads
back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lxml import etree

from mtreview.corpus.textio import write_text_atomic
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term

MARKER = "mtreview: "
_XML = "http://www.w3.org/XML/1998/namespace"
_NS3 = "urn:iso:std:iso:30042:ed-2"
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")
_CATEGORY = re.compile(r"^[A-Za-z][\w\-]*$")
_TERM_NOTES = {"partOfSpeech", "grammaticalGender", "grammaticalNumber", "termType", "usageNote"}
_TERM_NOTES |= {"geographicalUsage", "register", "termLocation", "termProvenance", "context"}
_ADMINS = {"source", "sourceIdentifier", "productSubset", "projectSubset", "customerSubset"}
_ADMINS |= {"responsibility", "subsetOwner", "entrySource"}
_OTHER_LANGUAGE = re.compile(r"^x-term-([a-z]{2,3})$")
_RESERVED = {"note", "definition", "administrativeStatus", "normativeAuthorization"}
_STATUS = {"target": "preferredTerm-admn-sts", "variant": "admittedTerm-admn-sts"}
_STATUS["forbidden"] = "deprecatedTerm-admn-sts"


def _text_el(parent: Any, tag: str, text: str, **attrs: str) -> Any:
    el = etree.SubElement(parent, tag, attrs)
    el.text = text
    if text != " ".join(text.split()):
        el.set(f"{{{_XML}}}space", "preserve")
    return el


def _portable(key: str, value: object) -> str | None:
    """The TBX category of an ``x-`` field that TBX can carry as elements, else ``None``."""
    category = key.removeprefix("x-target-") if key.startswith("x-target-") else key[2:]
    if not _CATEGORY.match(category) or category in _RESERVED:
        return None
    if isinstance(value, str):
        return category if value.strip() == value and value else None
    if isinstance(value, list) and len(value) > 1 and all(isinstance(v, str) for v in value):
        ok = len(set(value)) == len(value) and all(v and v.strip() == v for v in value)
        return category if ok else None
    return None


def _category_el(parent: Any, tig: Any, category: str, value: str) -> None:
    if category in _TERM_NOTES:
        _text_el(tig, "termNote", value, type=category)
        return
    el = _text_el(parent, "admin" if category in _ADMINS else "descrip", value, type=category)
    # Auxiliary data stands before the language or term sections, as the TBX schemas require.
    first = next((c for c in parent if c.tag in ("langSet", "langSec", "tig", "termSec")), None)
    if first is not None:
        first.addprevious(el)


def _entry(body: Any, term: Term, glossary: Glossary, number: int, v3: bool) -> None:
    fields: dict[str, Any] = {}
    valid_id = bool(_NCNAME.match(term.id))
    if not valid_id:
        fields["id"] = term.id
    if term.severity != "major":
        fields["severity"] = term.severity
    if term.case_sensitive:
        fields["case_sensitive"] = True
    if term.status != "approved":
        fields["status"] = term.status
    portable = {k: _portable(k, v) for k, v in term.extra.items()}
    rest = {k: v for k, v in term.extra.items() if portable[k] is None}
    if rest:
        fields["extra"] = rest
    entry = etree.SubElement(
        body, "conceptEntry" if v3 else "termEntry", id=term.id if valid_id else f"c{number}"
    )
    if term.note:
        _text_el(entry, "note", term.note)
    if fields:
        _text_el(
            entry,
            "note",
            MARKER + json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str),
        )
    sides: dict[int, Any] = {}
    for lang, renderings in (
        (glossary.source_lang, [("target", term.source)]),
        (glossary.target_lang, [("target", term.target)]),
    ):
        lang_el = etree.SubElement(entry, "langSec" if v3 else "langSet", {f"{{{_XML}}}lang": lang})
        sides[len(sides)] = lang_el
        for kind, text in renderings:
            _tig(lang_el, kind, text, v3)
    source_side, target_side = sides[0], sides[1]
    for variant in term.variants:
        _tig(target_side, "variant", variant, v3)
    for bad in term.forbidden:
        _tig(target_side, "forbidden", bad, v3)
    for key, value in term.extra.items():
        category = portable[key]
        if category is None:
            continue
        other = _OTHER_LANGUAGE.match(key)
        if other and other.group(1) not in (glossary.source_lang, glossary.target_lang):
            lang_el = etree.SubElement(
                entry, "langSec" if v3 else "langSet", {f"{{{_XML}}}lang": other.group(1)}
            )
            for item in value if isinstance(value, list) else [value]:
                tig = etree.SubElement(lang_el, "termSec" if v3 else "tig")
                _text_el(tig, "term", item)
            continue
        side = target_side if key.startswith("x-target-") else source_side
        parent = side if key.startswith("x-target-") else entry
        tig = side[0]
        for item in value if isinstance(value, list) else [value]:
            _category_el(parent, tig, category, item)


def _tig(lang_el: Any, kind: str, text: str, v3: bool) -> Any:
    tig = etree.SubElement(lang_el, "termSec" if v3 else "tig")
    _text_el(tig, "term", text)
    _text_el(tig, "termNote", _STATUS[kind], type="administrativeStatus")
    return tig


def format_tbx(glossary: Glossary, version: int = 2) -> bytes:
    """Serialise a glossary as TBX-Basic bytes (UTF-8), version 2 or 3."""
    v3 = version == 3
    lang = {f"{{{_XML}}}lang": glossary.source_lang}
    if v3:
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
        _text_el(etree.SubElement(file_desc, "titleStmt"), "title", name)
    desc = etree.SubElement(file_desc, "sourceDesc")
    _text_el(desc, "p", "written by mtreview")
    # Languages and the glossary's own fields (name, description, x-…), for mtreview to read back.
    fields = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang}
    _text_el(
        desc,
        "p",
        MARKER
        + json.dumps({**fields, "glossary": glossary.extra}, ensure_ascii=False, default=str),
    )
    if not v3:
        encoding = etree.SubElement(header, "encodingDesc")
        _text_el(encoding, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    try:
        for number, term in enumerate(glossary.terms, start=1):
            _entry(body, term, glossary, number, v3)
    except ValueError as exc:  # lxml refuses control characters, which XML cannot hold
        raise MtreviewError(f"cannot write TBX: {exc}", glossary.path) from None
    if v3:
        for el in root.iter():  # children were created without a namespace: put them in TBX's
            if isinstance(el.tag, str) and not el.tag.startswith("{"):
                el.tag = f"{{{_NS3}}}{el.tag}"
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def write_tbx(glossary: Glossary, path: str | Path, version: int = 2) -> None:
    """Write a glossary as a TBX file atomically."""
    write_text_atomic(path, format_tbx(glossary, version).decode("utf-8"))
