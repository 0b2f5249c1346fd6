"""Hostile files outside the TUI: formula cells, YAML alias bombs, unwritable export targets."""

from __future__ import annotations

import csv
import errno
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mtreview.cli import main
from mtreview.glossary.exchange import read_any
from mtreview.glossary.yaml_io import load_glossary
from mtreview.textsafe import FORMULA_START, csv_cell, csv_value

FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /c calc'!A1",
    "\t=1",
    "'=1",
    "''@x",
]


@given(st.text())
def test_csv_cell_is_never_a_formula_and_reads_back(value: str) -> None:
    cell = csv_cell(value)
    assert not cell.startswith(FORMULA_START)
    assert csv_value(cell) == value


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("-- a dash", "'-- a dash"),
        ("'=1", "''=1"),
        ("'tis", "'tis"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_cell_examples(value: str, cell: str) -> None:
    assert csv_cell(value) == cell
    assert csv_value(cell) == value


def _cells(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))


def _no_formula(rows: list[list[str]]) -> None:
    bad = [c for row in rows for c in row if c.startswith(FORMULA_START)]
    assert bad == []


def _hostile_corpus(tmp_path: Path) -> tuple[Path, Path]:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "terms:\n  - source: 碳票\n    target: carbon ticket\n    forbidden: ['@SUM(A1)']\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "c.tsv"
    rows = [(f, "推行碳票制度。", "@SUM(A1) is here.") for f in FORMULAS if "\t" not in f]
    corpus.write_text(
        "id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, s, t in rows),
        encoding="utf-8",
    )
    return corpus, glossary


def test_check_csv_guards_every_text_cell(tmp_path: Path) -> None:
    corpus, glossary = _hostile_corpus(tmp_path)
    result = CliRunner().invoke(
        main, ["check", str(corpus), "-g", str(glossary), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output  # forbidden renderings are major: no failure
    rows = _cells(result.stdout)
    _no_formula(rows)
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert {csv_value(r["segment"]) for r in body} == {f for f in FORMULAS if "\t" not in f}
    assert len(body) == len(rows) - 1 == 7 and all(r["check"] == "term-forbidden" for r in body)


def test_report_csv_guards_segment_ids(tmp_path: Path) -> None:
    from review_helpers import GLOSSARY, small_project

    segments = [(f, "推行碳票制度。", "carbon stamp") for f in FORMULAS if "\t" not in f]
    project = small_project(tmp_path / "r.mtreview", segments, GLOSSARY)
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["report", str(project), "--to", str(out)])
    assert result.exit_code == 0, result.output
    rows = _cells(out.read_text(encoding="utf-8"))
    _no_formula(rows)
    assert [csv_value(r[0]) for r in rows[1:]] == [s[0] for s in segments]


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_glossary_table_export_is_guarded_and_round_trips(tmp_path: Path, suffix: str) -> None:
    terms = "".join(
        f"  - source: 词{n}\n    target: {f!r}\n    note: {f!r}\n    x-origin: {f!r}\n"
        for n, f in enumerate(FORMULAS)
    )
    source = tmp_path / "g.yaml"
    source.write_text("source_lang: zh\ntarget_lang: en\nterms:\n" + terms, encoding="utf-8")
    table = tmp_path / f"g{suffix}"
    result = CliRunner().invoke(main, ["glossary", "convert", str(source), str(table)])
    assert result.exit_code == 0, result.output
    text = table.read_text(encoding="utf-8-sig")
    rows = _cells(text, "\t") if suffix == ".tsv" else _cells(text)
    if suffix == ".tsv":  # a TSV cell is raw: split on tabs, as a spreadsheet does
        rows = [line.split("\t") for line in text.splitlines()]
    _no_formula(rows)
    back = read_any(table).glossary
    want = load_glossary(source)
    assert [(t.target, t.note, t.extra) for t in back.terms] == [
        (t.target, t.note, t.extra) for t in want.terms
    ]


def _bomb(levels: int) -> str:
    lines = ["source_lang: zh", "target_lang: en", "x-a: &a [" + ", ".join(["lol"] * 9) + "]"]
    previous = "a"
    for n in range(levels):
        name = f"l{n}"
        lines.append(f"x-{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines += ["terms:", "  - source: 碳票", "    target: carbon ticket"]
    return "\n".join(lines) + "\n"


def _limit_memory() -> None:
    gigabyte = 1 << 30
    resource.setrlimit(resource.RLIMIT_AS, (gigabyte, gigabyte))


@pytest.mark.parametrize("command", ["convert", "lint"])
def test_an_alias_bomb_is_refused_in_bounded_memory_and_time(tmp_path: Path, command: str) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_bomb(8), encoding="utf-8")  # 9**9 nodes once expanded
    args = [str(bomb)] + ([str(tmp_path / "out.tbx")] if command == "convert" else [])
    proc = subprocess.run(
        [sys.executable, "-m", "mtreview", "glossary", command, *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert "alias bomb" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert proc.returncode == (2 if command == "convert" else 1), proc.stderr  # lint: a critical
    if command == "convert":
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and "bomb.yaml:" in proc.stderr
        assert not (tmp_path / "out.tbx").exists()


def test_aliases_a_glossary_really_uses_still_load(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    terms = "".join(
        f"  - source: 词{n}\n    target: word {n}\n    note: *shared\n" for n in range(2000)
    )
    path.write_text(
        "x-notes: {shared: &shared 'see the style guide'}\nterms:\n" + terms, encoding="utf-8"
    )
    glossary = load_glossary(path)
    assert len(glossary.terms) == 2000
    assert {t.note for t in glossary.terms} == {"see the style guide"}


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "a-dir.txt").mkdir()
    return tmp_path


def _refuse(code: int):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("to", "patch", "message"),
    [
        ("missing/x.txt", None, "cannot write: no such directory 'missing'"),
        ("a-file/x.txt", None, "cannot write: 'a-file' is not a directory"),
        ("a-dir.txt", None, "cannot write: is a directory, not a file"),
        ("a-dir.txt/", None, "cannot write: is a directory, not a file"),
        ("out.txt", ("tempfile.mkstemp", errno.EACCES), "cannot write: Permission denied"),
        ("out.txt", ("tempfile.mkstemp", errno.EROFS), "cannot write: Read-only file system"),
        ("out.tmx", ("os.fsync", errno.ENOSPC), "cannot write: No space left on device"),
        ("out.tsv", ("os.replace", errno.EACCES), "cannot write: Permission denied"),
    ],
)
def test_export_write_errors_are_one_line_exit_2(
    demo_copy: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch, to: str, patch, message: str
) -> None:
    if patch is not None:  # root writes into read-only directories: simulate the OS refusing
        monkeypatch.setattr(patch[0], _refuse(patch[1]))
    before = sorted(p.name for p in cwd.iterdir())
    result = CliRunner().invoke(main, ["export", str(demo_copy), "--to", to])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"mtreview: error: {to.rstrip('/')}: {message}"]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in cwd.iterdir()) == before  # no temporary file left behind


def test_candidate_csv_guards_corpus_text() -> None:
    from mtreview.glossary.cooccur import Rendering
    from mtreview.glossary.extract import Candidate
    from mtreview.glossary.extract_report import to_csv
    from mtreview.glossary.variants import VariantSuggestion

    candidate = Candidate("=词", 1.0, 2, 0, ("s1",), (Rendering("-word", 2, 0.5),))
    variant = VariantSuggestion("t", "@源", "+target", "=cmd|' /c calc'!A1", 2, ("s1",), 80.0)
    rows = _cells(to_csv([candidate], [variant]))
    _no_formula(rows)
    assert [csv_value(c) for c in rows[1][2:5]] == ["=词", "", "-word"]
    assert [csv_value(c) for c in rows[2][2:5]] == ["@源", "+target", "=cmd|' /c calc'!A1"]
