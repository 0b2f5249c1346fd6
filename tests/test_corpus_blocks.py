"""A TSV corpus is read a block at a time (never its whole bytes and text at once): the rows,
lines and errors are those of reading the whole text (issue 14: 100k segments peaked 440 MB)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtreview.corpus import textio, tsv
from mtreview.corpus.textio import read_text, read_text_blocks
from mtreview.corpus.tsv import file_rows, read_tsv, rows
from mtreview.errors import MtreviewError

PIECES = st.sampled_from(['"', '""', "\t", "\n", "\r\n", "\r", "a", "b ", "中文", "é", "\ufeff"])


def _outcome(read: object) -> object:
    try:
        return read()  # type: ignore[operator]
    except MtreviewError as exc:
        return ("error", str(exc))


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(PIECES, max_size=40).map("".join),
    bom=st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE]),
    bad=st.one_of(st.none(), st.integers(0, 200)),
    size=st.integers(1, 12),
)
def test_blocks_read_as_the_whole_text(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    bom: bytes,
    bad: int | None,
    size: int,
) -> None:
    data = bom + text.encode("utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-8")
    if bad is not None:  # a byte that is not UTF-8 somewhere
        at = min(bad, len(data))
        data = data[:at] + b"\xff" + data[at:]
    path = tmp_path / "c.tsv"
    path.write_bytes(data)
    monkeypatch.setattr(textio, "BLOCK", size)
    whole = _outcome(lambda: read_text(path))
    assert _outcome(lambda: "".join(read_text_blocks(path))) == whole
    assert _outcome(lambda: list(file_rows(path))) == _outcome(lambda: list(rows(read_text(path))))
    assert _outcome(lambda: read_tsv(path)) == _outcome(lambda: _whole_tsv(path, monkeypatch))


def _whole_tsv(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(textio, "BLOCK", 1 << 30)
        return read_tsv(path)


def test_a_quoted_cell_may_span_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.tsv"
    path.write_text('id\tsource\ttarget\ns1\t"a\nb\nc\td"\tx\ns2\t"y\tz\n', encoding="utf-8")
    monkeypatch.setattr(textio, "BLOCK", 4)
    assert list(file_rows(path)) == [
        (1, ["id", "source", "target"]),
        (2, ["s1", "a\nb\nc\td", "x"]),
        (5, ["s2", '"y', "z"]),
    ]


def test_a_bad_byte_after_a_bom_names_its_line(tmp_path: Path) -> None:
    """The line was counted from a position that left the BOM out: one line early."""
    path = tmp_path / "c.tsv"
    path.write_bytes(codecs.BOM_UTF8 + b"id\tsource\ttarget\n\xff\n")
    with pytest.raises(MtreviewError, match=":2: not valid UTF-8-SIG"):
        read_text(path)
    with pytest.raises(MtreviewError, match=":2: not valid UTF-8-SIG"):
        read_tsv(path)


def _cell_by_cell(text: str, line: int, final: bool):  # type: ignore[no-untyped-def]
    """:func:`rows` as it was: every row read cell by cell (the general rule)."""
    i = 0
    while i < len(text):
        try:
            cells, after, next_line = tsv._quoted_row(text, i, line, final)
        except tsv._More:
            return i, line
        yield line, cells
        i, line = after, next_line
    return i, line


def _all(gen) -> tuple[list[tuple[int, list[str]]], tuple[int, int]]:  # type: ignore[no-untyped-def]
    out = []
    while True:
        try:
            out.append(next(gen))
        except StopIteration as stop:
            return out, stop.value


@settings(max_examples=1500, deadline=None)
@given(
    text=st.lists(st.sampled_from(['"', '""', "\t", "\n", "a", "b c", "中"]), max_size=30).map(
        "".join
    ),
    line=st.integers(1, 9),
    final=st.booleans(),
)
def test_rows_without_quotes_read_as_cell_by_cell(text: str, line: int, final: bool) -> None:
    """A row with no quotation mark is split on tabs at once: rows and stop as cell by cell."""
    assert _all(rows(text, line, final)) == _all(_cell_by_cell(text, line, final))


@pytest.mark.parametrize(
    "text",
    ["", "\n", "a\tb", "a\tb\n", "a\n\nb\tc\n", 'x\t"q\tr"\n1\t2\n', '"open\nmore', 'a\t"b"\nc\n'],
)
@pytest.mark.parametrize("final", [True, False])
def test_rows_table(text: str, final: bool) -> None:
    assert _all(rows(text, 3, final)) == _all(_cell_by_cell(text, 3, final))
