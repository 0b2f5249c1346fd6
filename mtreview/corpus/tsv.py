"""Bilingual TSV (``id  source  target  [reference]``) and parallel plain-text files.

TSV is written the way spreadsheets and Python's ``csv`` (``excel-tab``) write it: a cell
holding a tab, a line break or a quotation mark is quoted, quotes doubled, so every cell reads
back exactly. Reading takes such quoted cells (even spanning lines) and plain ones; a cell
quoted where csv would not quote it (``"We will …"``, no tab, line break or doubled quote
inside) is text, quotation marks included. Optional ``source_lang``/``target_lang``
columns name the languages; without them the corpus's languages are unknown (``""``) and the
caller fills them in (a flag or the glossary).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterable, Iterator
from itertools import chain
from pathlib import Path

from mtreview.corpus.model import Corpus, Segment
from mtreview.corpus.textio import read_text, read_text_blocks, write_text_atomic
from mtreview.corpus.tokens import native_text
from mtreview.errors import MtreviewError

REQUIRED_COLUMNS = ("id", "source", "target")


class _More(Exception):
    """A quoted cell may close beyond the text read so far."""


def rows(
    text: str, line: int = 1, final: bool = True
) -> Generator[tuple[int, list[str]], None, tuple[int, int]]:
    """The rows of TSV text with their 1-based first line, quoted cells unquoted.

    ``text`` may be a part of a file's text (``final`` False: more follows) starting at
    ``line``; then the rows stop short of a row a later part may change (a quoted cell whose
    closing quote is not in this part), and the value returned says where: (offset in
    ``text``, its line). Read part after part this way, the rows are those of the whole text.
    """
    i, n = 0, len(text)
    quote = -1  # the next quotation mark at or after i (n: none)
    while i < n:
        if quote < i:
            quote = text.find('"', i) % (n + 1)  # find's -1 (none) becomes n
        end = text.find("\n", i) % (n + 1)
        if quote >= end:
            # No quotation mark in the row: its cells are its tab-separated parts, as
            # _quoted_row would read them one by one.
            yield line, text[i:end].split("\t")
            if end == n:
                return n, line
            i, line = end + 1, line + 1
            continue
        try:
            cells, next_i, next_line = _quoted_row(text, i, line, final)
        except _More:
            return i, line
        yield line, cells
        i, line = next_i, next_line
    return i, line


def _quoted_row(text: str, i: int, line: int, final: bool) -> tuple[list[str], int, int]:
    """The row from ``i`` cell by cell (quoted ones unquoted), and where the next one starts.

    Raises:
        _More: when a quoted cell may close beyond ``text`` (``final`` False).
    """
    n = len(text)
    cells: list[str] = []
    while True:
        cell, i, line = _cell(text, i, line, final)
        cells.append(cell)
        if i < n and text[i] == "\t":
            i += 1
            continue
        break
    if i < n and text[i] == "\n":
        i += 1
        line += 1
    return cells, i, line


def file_rows(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """:func:`rows` of a file's text, read a block at a time (never held whole)."""
    blocks = read_text_blocks(path)
    text, line = next(blocks, ""), 1
    for following in chain(blocks, [None]):
        stop, line = yield from rows(text, line, final=following is None)
        if following is not None:
            text = text[stop:] + following


def _cell(text: str, i: int, line: int, final: bool = True) -> tuple[str, int, int]:
    """One cell from ``i``: quoted when it opens with a quote that closes before a tab or end."""
    if i < len(text) and text[i] == '"':
        j, parts = i + 1, []
        while True:
            k = text.find('"', j)
            if k < 0:
                if not final:
                    raise _More
                break
            parts.append(text[j:k])
            if text.startswith('""', k):
                parts.append('"')
                j = k + 2
                continue
            if k + 1 == len(text) or text[k + 1] in "\t\n":
                raw = text[i + 1 : k]
                # Quoted as csv quotes (a tab, line break or doubled quote inside), or else a
                # cell that merely starts and ends with quotation marks: "We will …" is text.
                if '""' in raw or any(c in raw for c in "\t\n\r"):
                    return "".join(parts), k + 1, line + text.count("\n", i, k)
            break
    end = len(text)
    for stop in ("\t", "\n"):
        found = text.find(stop, i)
        if 0 <= found < end:
            end = found
    return text[i:end], end, line


def _split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_tsv(path: str | Path) -> Corpus:
    """Read a corpus TSV with a header naming at least ``id``, ``source`` and ``target``.

    Raises:
        MtreviewError: for a missing file, header or column, a duplicate or empty id, or a
            row whose column count differs from the header's; the message names the line.
    """
    # A row of blank cells is skipped (most show one that is not in their first cell).
    table = [
        (n, cells)
        for n, cells in file_rows(path)
        if cells[0].strip() or any(c.strip() for c in cells)
    ]
    if not table:
        raise MtreviewError(
            "empty file: expected a header line 'id<TAB>source<TAB>target'", path, 1
        )
    header = [name.strip().lower() for name in table[0][1]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        if len(header) >= 3 and not any(name in header for name in REQUIRED_COLUMNS):
            raise MtreviewError(
                "missing header line: expected 'id<TAB>source<TAB>target[<TAB>reference]'", path, 1
            )
        raise MtreviewError(f"header lacks the column(s): {', '.join(missing)}", path, 1)
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        raise MtreviewError(f"header names column(s) twice: {', '.join(duplicated)}", path, 1)
    col = {name: header.index(name) for name in header}
    ref_col = col.get("reference")
    segments: list[Segment] = []
    seen: dict[str, int] = {}
    langs = {"source_lang": "", "target_lang": ""}
    lang_cols = [key for key in langs if key in col]
    for number, cells in table[1:]:
        if len(cells) != len(header):
            raise MtreviewError(
                f"expected {len(header)} tab-separated columns, found {len(cells)}", path, number
            )
        seg_id = cells[col["id"]].strip()
        if not seg_id:
            raise MtreviewError("empty id", path, number)
        if seg_id in seen:
            raise MtreviewError(
                f"duplicate id {seg_id!r} (first on line {seen[seg_id]})", path, number
            )
        seen[seg_id] = number
        for key in lang_cols:
            if not langs[key]:
                langs[key] = cells[col[key]].strip()
        reference = cells[ref_col] if ref_col is not None else None
        segments.append(
            Segment(seg_id, cells[col["source"]], cells[col["target"]], reference, number)
        )
    return Corpus(tuple(segments), str(path), langs["source_lang"], langs["target_lang"])


def read_parallel(source_path: str | Path, target_path: str | Path) -> Corpus:
    """Read two parallel plain-text files, one segment per line; ids are line numbers.

    Raises:
        MtreviewError: when a file is missing or the two files differ in line count.
    """
    sources = _split_lines(read_text(source_path))
    targets = _split_lines(read_text(target_path))
    if len(sources) != len(targets):
        shorter, longer = (
            (source_path, target_path)
            if len(sources) < len(targets)
            else (target_path, source_path)
        )
        n = min(len(sources), len(targets))
        raise MtreviewError(
            f"ends after {n} lines but {longer} has {max(len(sources), len(targets))}: "
            "parallel files need one segment per line in both",
            shorter,
            n + 1,
        )
    width = len(str(len(sources)))
    segments = tuple(
        Segment(str(i).zfill(width), src, tgt, None, i)
        for i, (src, tgt) in enumerate(zip(sources, targets, strict=True), start=1)
    )
    return Corpus(segments, str(source_path), "", "")


def format_tsv(header: Iterable[str], body: Iterable[Iterable[str]]) -> str:
    """Rows as TSV text in Python's ``excel-tab`` dialect (quoted where needed, CRLF ends)."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab")
    writer.writerow(list(header))
    writer.writerows(list(row) for row in body)
    return out.getvalue()


def write_tsv(path: str | Path, corpus: Corpus) -> None:
    """Write a corpus as TSV (atomically), with a ``reference`` column when any segment has one.

    Inline codes are written as their native text (:func:`mtreview.corpus.tokens.native_text`).
    """
    header = ["id", "source", "target"]
    with_ref = corpus.has_reference
    if with_ref:
        header.append("reference")
    body = (
        [
            s.id,
            native_text(s.source, s.codes),
            native_text(s.target, s.codes),
            *([s.reference or ""] if with_ref else []),
        ]
        for s in corpus.segments
    )
    write_text_atomic(path, format_tsv(header, body))
