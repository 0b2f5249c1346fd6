"""A TSV corpus is read a block at a time (never its whole bytes and text at once): the rows,
lines and errors are those of reading the whole text (issue 14: 100k segments peaked 440 MB)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtreview.corpus import textio
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
