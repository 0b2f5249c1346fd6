from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.tsv import read_parallel, read_tsv, write_tsv
from mtreview.errors import MtreviewError


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_reads_header_and_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path, "c.tsv", "id\tsource\ttarget\np1\t双碳\tdual carbon\np2\t两山\ttwo mountains\n"
    )
    corpus = read_tsv(path)
    assert [s.id for s in corpus.segments] == ["p1", "p2"]
    assert corpus.segments[0].source == "双碳"
    assert corpus.segments[1].line == 3
    assert not corpus.has_reference


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "id\tsource\ttarget\r\np1\t双碳\tdual carbon\r\n".encode(),
        codecs.BOM_UTF16_LE + "id\tsource\ttarget\np1\t双碳\tdual carbon\n".encode("utf-16-le"),
        "id\tsource\ttarget\np1\t双碳\tdual carbon".encode(),
    ],
    ids=["utf8-bom-crlf", "utf16-bom", "no-final-newline"],
)
def test_encodings_and_line_ends(tmp_path: Path, data: bytes) -> None:
    corpus = read_tsv(write(tmp_path, "c.tsv", data))
    assert corpus.segments[0].target == "dual carbon"


def test_reference_column_and_any_order(tmp_path: Path) -> None:
    path = write(tmp_path, "c.tsv", "source\tid\treference\ttarget\n双碳\tp1\tref\tmt\n")
    seg = read_tsv(path).segments[0]
    assert (seg.id, seg.source, seg.target, seg.reference) == ("p1", "双碳", "mt", "ref")


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("p1\t双碳\tdual carbon\n", 1, "missing header"),
        ("id\tsource\tmt\np1\t双碳\tdual carbon\n", 1, "target"),
        ("id\tsource\ttarget\np1\t双碳\tdual carbon\np1\t两山\ttwo\n", 3, "duplicate id"),
        ("id\tsource\ttarget\np1\t双碳\n", 2, "expected 3"),
        ("id\tsource\ttarget\np1\t双碳\ta\tb\n", 2, "found 4"),
        ("id\tsource\ttarget\n\t双碳\tdual\n", 2, "empty id"),
        ("", 1, "empty file"),
    ],
)
def test_bad_tsv_names_file_and_line(
    tmp_path: Path, content: str, line: int, fragment: str
) -> None:
    path = write(tmp_path, "bad.tsv", content)
    with pytest.raises(MtreviewError) as info:
        read_tsv(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: ")
    assert fragment in message
    assert "\n" not in message


def test_invalid_utf8_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.tsv", b"id\tsource\ttarget\np1\t\xff\tx\n")
    with pytest.raises(MtreviewError, match=r"bad\.tsv:2: not valid UTF-8"):
        read_tsv(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MtreviewError, match="no such file"):
        read_corpus(tmp_path / "nope.tsv")


def test_parallel_files(tmp_path: Path) -> None:
    src = write(tmp_path, "a.zh.txt", "双碳\n两山\n")
    tgt = write(tmp_path, "a.en.txt", "dual carbon\r\ntwo mountains\r\n")
    corpus = read_parallel(src, tgt)
    assert [(s.id, s.source, s.target) for s in corpus.segments] == [
        ("1", "双碳", "dual carbon"),
        ("2", "两山", "two mountains"),
    ]


def test_parallel_line_count_mismatch(tmp_path: Path) -> None:
    src = write(tmp_path, "a.zh.txt", "双碳\n两山\n三生\n")
    tgt = write(tmp_path, "a.en.txt", "dual carbon\ntwo mountains\n")
    with pytest.raises(MtreviewError) as info:
        read_parallel(src, tgt)
    assert str(info.value).startswith(f"{tgt}:3: ends after 2 lines")


def test_write_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path, "c.tsv", "id\tsource\ttarget\treference\np1\t双碳\t“dual” carbon\tr\n")
    corpus = read_tsv(path)
    out = tmp_path / "out.tsv"
    write_tsv(out, corpus)
    assert read_tsv(out).segments[0].target == corpus.segments[0].target
    assert read_tsv(out).segments[0].reference == "r"


def test_atomic_write_gives_ordinary_permissions(tmp_path: Path) -> None:
    import os

    from mtreview.corpus.textio import write_text_atomic

    out = tmp_path / "report.txt"
    write_text_atomic(out, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    out.chmod(0o640)
    write_text_atomic(out, "y")
    assert out.stat().st_mode & 0o777 == 0o640
    assert out.read_text() == "y"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_atomic_byte_writes_get_ordinary_permissions_too(tmp_path: Path) -> None:
    import os

    from mtreview.corpus.textio import write_bytes_atomic

    out = tmp_path / "job.xlf"
    write_bytes_atomic(out, b"<xliff/>")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
