from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.glossary.exchange import read_any
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_glossary
from mtreview.plural import counted

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("command", ["lint", "candidates", "convert"])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(main, ["glossary", command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and f"mtreview glossary {command}" in result.output
    assert "\\b" not in result.output  # click's no-rewrap marker worked
    assert f"\n    mtreview glossary {command} " in result.output  # one example a line


def test_group_help_lists_the_commands() -> None:
    result = CliRunner().invoke(main, ["glossary", "--help"])
    assert result.exit_code == 0, result.output
    assert all(name in result.output for name in ("lint", "candidates", "convert"))


# sample file -> (terms, notes and fields) imported
SAMPLES = [
    ("tbx/okapi-ibm_tbx.tbx", 6, 42),
    ("tbx/okapi-test01.tbx", 1, 4),
    ("tbx/okapi-test02_win1254.tbx", 1, 0),
    ("glossary-tables/okapi-test01.csv", 3, 0),
    ("glossary-tables/okapi-test02_utf16be.tsv", 2, 0),
    ("glossary-tables/tico19-google-zh-CN_en.csv", 50, 0),
]


@pytest.mark.parametrize(("sample", "terms", "notes"), SAMPLES)
def test_convert_samples_to_yaml(tmp_path: Path, sample: str, terms: int, notes: int) -> None:
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(main, ["glossary", "convert", str(DATA / sample), str(out)])
    assert result.exit_code == 0, result.output
    assert f"{counted(terms, 'term')} (" in result.output
    assert f"{counted(notes, 'note or field', 'notes and fields')}," in result.output
    assert len(load_glossary(out)) == terms  # what convert writes, the loader takes


@pytest.mark.parametrize("suffix", [".tbx", ".csv", ".tsv", ".yml"])
def test_convert_demo_both_ways(tmp_path: Path, suffix: str) -> None:
    middle, back = tmp_path / f"g{suffix}", tmp_path / "back.yaml"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["glossary", "convert", str(demo_glossary()), str(middle)]).exit_code
        == 0
    )
    assert runner.invoke(main, ["glossary", "convert", str(middle), str(back)]).exit_code == 0
    original, again = load_glossary(demo_glossary()), load_glossary(back)
    assert [
        (t.id, t.source, t.target, t.variants, t.forbidden, t.note, t.severity) for t in again.terms
    ] == [
        (t.id, t.source, t.target, t.variants, t.forbidden, t.note, t.severity)
        for t in original.terms
    ]


def test_convert_tbx_version_3(tmp_path: Path) -> None:
    out = tmp_path / "g.tbx"
    args = ["glossary", "convert", str(demo_glossary()), str(out), "--tbx-version", "3"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert b"urn:iso:std:iso:30042:ed-2" in out.read_bytes()
    assert len(read_any(out).glossary) == 39


def test_convert_reports_merges_on_stderr(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("两山,two mountains\n两山,Two Hills\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["glossary", "convert", str(table), str(tmp_path / "o.yaml")])
    assert result.exit_code == 0
    assert f"{table}:2: source 两山 has a second target 'Two Hills'" in result.output
    assert load_glossary(tmp_path / "o.yaml").terms[0].variants == ("Two Hills",)


@pytest.mark.parametrize(
    ("infile", "outfile", "message"),
    [
        ("g.yaml", "g.docx", "unknown glossary format '.docx'"),
        ("g.pdf", "g.yaml", "unknown glossary format '.pdf'"),
        ("missing.tbx", "g.yaml", "missing.tbx: no such file"),
        ("g.yaml", "no/such/dir/g.tbx", "g.tbx: cannot write: no such directory"),
    ],
)
def test_convert_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path, infile: str, outfile: str, message: str
) -> None:
    (tmp_path / "g.yaml").write_text("terms: []\n", encoding="utf-8")
    (tmp_path / "g.pdf").write_text("x", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(
        main, ["glossary", "convert", str(tmp_path / infile), str(tmp_path / outfile)]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_cli_import_does_not_load_the_glossary_tools() -> None:
    import subprocess
    import sys

    code = (
        "import sys, mtreview.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'lxml', 'jieba', 'rapidfuzz'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
