r"""Glossaries as CSV or TSV tables: two bare columns, or a header as Xbench and memoQ write it.

Reading: UTF-8 (BOM or not) or UTF-16 with a BOM. Without a header, the columns are source,
target and an optional note. A header is recognised when it names a source and a target column,
by role (``source``/``target``, ``term``/``translation``, ``sourceString``/``targetString``…) or
by language (``zh-CN``, ``en_US``, ``Chinese_PRC``, ``English``…); ``note``, ``description``,
``definition`` or ``comment`` columns give the note, memoQ's ``<language>_Def`` the definitions,
and every other column is kept as an ``x-<name>`` field.

Writing: a header ``source, target, variants, forbidden, note, id, severity, case_sensitive,
status, source_lang, target_lang`` and one ``x-`` column per extension field; lists are joined
with `` | `` (a literal ``|`` written ``\\|``). TSV cells escape tab, line break and backslash
with a backslash, and are never quoted, so quotation marks in terms stay as they are. A cell a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…) gets a leading apostrophe,
which reading takes off again (:func:`mtreview.textsafe.csv_cell`).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from mtreview.corpus.textio import decode_bytes, write_text_atomic
from mtreview.errors import MtreviewError
from mtreview.glossary.langs import base_language, column_language
from mtreview.glossary.merge import Entry, Imported, build
from mtreview.glossary.model import Glossary, Term
from mtreview.textsafe import csv_cell, csv_value

COLUMNS: tuple[str, ...] = ("source", "target", "variants", "forbidden", "note", "id")
COLUMNS += ("severity", "case_sensitive", "status", "source_lang", "target_lang")
_ROLES = {
    "source": ("source", "sourceterm", "sourcestring", "sourcetext", "src", "term", "原文"),
    "target": ("target", "targetterm", "targetstring", "targettext", "tgt", "translation", "译文"),
    "note": (
        "note",
        "notes",
        "comment",
        "comments",
        "description",
        "remark",
        "remarks",
        "备注",
        "注释",
        "说明",
    ),
    # memoQ's entry-level note
    "entry_note": ("entrynote", "entrycomment"),
    "definition": ("definition", "def"),
    "id": ("id", "termid", "entryid", "stringid", "conceptid"),
    "variants": ("variants", "variant", "synonyms", "alternatives"),
    "forbidden": ("forbidden", "forbiddenterms", "deprecated", "donotuse"),
    "severity": ("severity",),
    "case_sensitive": ("casesensitive", "matchcase"),
    "status": ("status", "termstatus"),
    "source_lang": ("sourcelang", "sourcelanguage", "srclang"),
    "target_lang": ("targetlang", "targetlanguage", "tgtlang"),
}
_ROLE_OF = {alias: role for role, aliases in _ROLES.items() for alias in aliases}
_TRUE = {"true", "yes", "1", "y", "x"}
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_TABLE = str.maketrans(_TSV_ESCAPES)
_TSV_UNESCAPE = re.compile(r"\\([\\tnr])")


def _key(name: str) -> str:
    return re.sub(r"[\W_]", "", name.lower())


def split_list(cell: str) -> tuple[str, ...]:
    r"""Split a list cell on ``|`` (``\\|`` is a literal bar)."""
    parts = re.split(r"(?<!\\)\|", cell)
    return tuple(p.replace("\\|", "|").strip() for p in parts if p.strip())


def join_list(items: tuple[str, ...]) -> str:
    """Join a list for one cell, escaping literal bars."""
    return " | ".join(item.replace("|", "\\|") for item in items)


def _tsv_cell(text: str) -> str:
    cell = text.translate(_TSV_TABLE)
    # A cell the reader would take for an Excel-quoted one is written Excel-quoted itself.
    return '"' + cell.replace('"', '""') + '"' if _unquote(cell) != cell else cell


def _unquote(cell: str) -> str:
    # Excel's "Unicode text" export quotes a TSV cell holding a quotation mark, doubling it.
    if len(cell) >= 2 and cell[0] == cell[-1] == '"' and '"' not in cell[1:-1].replace('""', ""):
        return cell[1:-1].replace('""', '"')
    return cell


def _rows(text: str, tsv: bool) -> list[tuple[int, list[str]]]:
    if tsv:
        out = []
        for number, line in enumerate(text.split("\n"), start=1):
            cells = [_unquote(c) for c in line.split("\t")]
            out.append((number, [csv_value(_TSV_UNESCAPE.sub(_tsv_char, c)) for c in cells]))
        return out
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, [csv_value(c) for c in cells]))
    except csv.Error as exc:
        raise MtreviewError(f"not a valid CSV table: {exc}", None, reader.line_num) from None
    return rows


def _tsv_char(match: re.Match[str]) -> str:
    return {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[match.group(1)]


def _header(
    cells: list[str], source_lang: str | None, target_lang: str | None
) -> tuple[dict[str, int], str | None, str | None, dict[str, list[int]]] | None:
    """Roles to column indexes, languages named by the header and synonym columns, or ``None``.

    memoQ and other tools write one column per term: a language named by several columns
    gives synonyms, read as variants (target side) or further source terms (source side).
    """
    roles: dict[str, int] = {}
    lang_cols: list[tuple[str, int, bool]] = []
    for index, cell in enumerate(cells):
        role = _ROLE_OF.get(_key(cell))
        if role and role not in roles:
            roles[role] = index
            continue
        lang = column_language(cell)
        if lang is not None:
            lang_cols.append((lang[0], index, lang[1]))
    src_lang = tgt_lang = None
    synonyms: dict[str, list[int]] = {"source": [], "target": []}
    term_cols = [(code, index) for code, index, is_def in lang_cols if not is_def]
    if "source" not in roles and "target" not in roles and len(term_cols) >= 2:
        codes = [code for code, _ in term_cols]
        want = base_language(source_lang) if source_lang else ("zh" if "zh" in codes else codes[0])
        src = next(((c, i) for c, i in term_cols if c == want), None)
        want_tgt = base_language(target_lang) if target_lang else None
        tgt = next(
            ((c, i) for c, i in term_cols if src and c != src[0] and want_tgt in (None, c)), None
        )
        if src and tgt:
            roles["source"], roles["target"] = src[1], tgt[1]
            src_lang, tgt_lang = src[0], tgt[0]
            for side, (code, first) in (("source", src), ("target", tgt)):
                synonyms[side] = [i for c, i in term_cols if c == code and i != first]
            for code, index, is_def in lang_cols:
                if is_def and code == src_lang:
                    roles.setdefault("definition", index)
                elif is_def and code == tgt_lang:
                    roles.setdefault("target_definition", index)
    if "source" in roles and "target" in roles:
        return roles, src_lang, tgt_lang, synonyms
    return None


def _extension_name(name: str, index: int) -> str:
    clean = "-".join(name.split()) or f"column-{index + 1}"
    return clean if clean.startswith("x-") else f"x-{clean}"


def _decode(path: str | Path) -> tuple[str, str]:
    """The table's text, and a notice when it was not UTF-8 or UTF-16 with a BOM.

    Spreadsheets save UTF-16 without a BOM, and Excel on Chinese Windows saves CSV as GBK:
    both are recognised rather than refused.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise MtreviewError("no such file", path) from None
    except OSError as exc:
        raise MtreviewError(f"cannot read: {exc.strerror}", path) from None
    head = data[:4000]
    if not head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if head[1::2].count(0) > len(head) // 4:
            return data.decode("utf-16-le", "replace"), f"{path}: read as UTF-16 LE (no BOM)"
        if head[0::2].count(0) > len(head) // 4:
            return data.decode("utf-16-be", "replace"), f"{path}: read as UTF-16 BE (no BOM)"
    try:
        text, notice = decode_bytes(data, path), ""
    except MtreviewError as error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise error from None
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            raise error from None
        notice = f"{path}: not UTF-8: read as GB18030 (GBK)"
    return text.replace("\r\n", "\n").replace("\r", "\n"), notice


def read_delimited(
    path: str | Path, source_lang: str | None = None, target_lang: str | None = None
) -> Imported:
    """Read a CSV or TSV glossary table (TSV for ``.tsv``/``.tab``/``.txt``).

    Raises:
        MtreviewError: when the file cannot be read or decoded, or is not a valid table.
    """
    text, notice = _decode(path)
    tsv = Path(path).suffix.lower() in (".tsv", ".tab", ".txt")
    try:
        rows = [(n, cells) for n, cells in _rows(text, tsv) if any(c.strip() for c in cells)]
    except MtreviewError as exc:
        raise MtreviewError(exc.message, path, exc.line) from None
    if not rows:
        raise MtreviewError("empty table: no terms", path, 1)
    header = _header(rows[0][1], source_lang, target_lang)
    synonyms: dict[str, list[int]] = {"source": [], "target": []}
    if header is not None:
        roles, header_src, header_tgt, synonyms = header
        names = rows[0][1]
        body = rows[1:]
    else:
        roles, header_src, header_tgt = {"source": 0, "target": 1, "note": 2}, None, None
        names = []
        body = rows
    used = set(roles.values()) | {i for columns in synonyms.values() for i in columns}
    entries: list[Entry] = []
    notes = 0
    langs: dict[str, str] = {}
    for number, cells in body:

        def cell(role: str, cells: list[str] = cells) -> str:
            index = roles.get(role)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        note = "\n".join(
            dict.fromkeys(
                c
                for role in ("entry_note", "note", "definition", "target_definition")
                if (c := cell(role))
            )
        )
        extra: dict[str, Any] = {}
        for index, value in enumerate(cells):
            if index not in used and value.strip():
                name = names[index] if index < len(names) else ""
                extra[_extension_name(name, index)] = value.strip()
        notes += len(note.split("\n")) if note else 0
        notes += len(extra)
        for key in ("source_lang", "target_lang"):
            if cell(key):
                langs.setdefault(key, base_language(cell(key)))
        more = {
            side: [cells[i].strip() for i in columns if i < len(cells) and cells[i].strip()]
            for side, columns in synonyms.items()
        }
        target = cell("target") or next(iter(more["target"]), "")
        variants = [*split_list(cell("variants")), *(t for t in more["target"] if t != target)]
        for source in [c for c in (cell("source"), *more["source"]) if c] or [""]:
            entries.append(
                Entry(
                    source=source,
                    target=target,
                    variants=tuple(variants),
                    forbidden=split_list(cell("forbidden")),
                    note=note,
                    id=cell("id"),
                    severity=cell("severity").lower(),
                    case_sensitive=cell("case_sensitive").lower() in _TRUE,
                    status=cell("status").lower(),
                    line=number,
                    extra=extra,
                )
            )
    src = source_lang or header_src or langs.get("source_lang") or "zh"
    tgt = target_lang or header_tgt or langs.get("target_lang") or "en"
    imported = build(entries, str(path), base_language(src), base_language(tgt), notes)
    return replace(imported, notices=(notice, *imported.notices)) if notice else imported


def _extension_cell(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _term_row(term: Term, glossary: Glossary, keys: list[str]) -> list[str]:
    return [
        term.source,
        term.target,
        join_list(term.variants),
        join_list(term.forbidden),
        term.note,
        term.id,
        term.severity,
        "true" if term.case_sensitive else "",
        term.status,
        glossary.source_lang,
        glossary.target_lang,
        *(_extension_cell(term.extra[k]) if k in term.extra else "" for k in keys),
    ]


def format_delimited(glossary: Glossary, tsv: bool = False) -> str:
    """The glossary as CSV (or TSV) text with a header row.

    Every cell is guarded against formula injection (:func:`~mtreview.textsafe.csv_cell`);
    :func:`read_delimited` takes the guard off again, so a round trip keeps every value.
    """
    keys = list(dict.fromkeys(k for term in glossary.terms for k in term.extra))
    table = [[*COLUMNS, *keys], *(_term_row(t, glossary, keys) for t in glossary.terms)]
    rows = [[csv_cell(c) for c in row] for row in table]
    if tsv:
        return "".join("\t".join(_tsv_cell(c) for c in row) + "\n" for row in rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write_delimited(glossary: Glossary, path: str | Path) -> None:
    """Write a CSV or TSV glossary (by suffix) atomically, UTF-8 with a BOM for spreadsheets."""
    tsv = Path(path).suffix.lower() in (".tsv", ".tab", ".txt")
    write_text_atomic(path, format_delimited(glossary, tsv), encoding="utf-8-sig")
