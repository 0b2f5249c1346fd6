"""Bilingual TSV (``id  source  target  [reference]``) and parallel plain-text files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mtreview.corpus.model import Corpus, Segment
from mtreview.corpus.textio import read_text, write_text_atomic
from mtreview.errors import MtreviewError

REQUIRED_COLUMNS = ("id", "source", "target")


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
    lines = _split_lines(read_text(path))
    if not lines:
        raise MtreviewError(
            "empty file: expected a header line 'id<TAB>source<TAB>target'", path, 1
        )
    header = [name.strip().lower() for name in lines[0].split("\t")]
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
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
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
        reference = cells[ref_col] if ref_col is not None else None
        segments.append(
            Segment(seg_id, cells[col["source"]], cells[col["target"]], reference, number)
        )
    return Corpus(tuple(segments), str(path))


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
    return Corpus(segments, str(source_path))


def _clean_cell(text: str) -> str:
    # A tab or line break inside a cell would break the row structure: keep it readable instead.
    return text.replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def format_tsv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """Format rows as TSV text, replacing tabs and line breaks inside cells by spaces."""
    out = ["\t".join(header)]
    out.extend("\t".join(_clean_cell(cell) for cell in row) for row in rows)
    return "\n".join(out) + "\n"


def write_tsv(path: str | Path, corpus: Corpus) -> None:
    """Write a corpus as TSV (atomically), with a ``reference`` column when any segment has one."""
    header = ["id", "source", "target"]
    with_ref = corpus.has_reference
    if with_ref:
        header.append("reference")
    rows = (
        [s.id, s.source, s.target, *([s.reference or ""] if with_ref else [])]
        for s in corpus.segments
    )
    write_text_atomic(path, format_tsv(header, rows))
