"""Termbases as they come: every command's -g reads YAML, TBX, CSV and TSV, several at once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.glossary.exchange import read_any
from mtreview.glossary.load import load_glossaries, load_glossary
from mtreview.glossary.tbx import format_tbx
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import ReviewService

DATA = Path(__file__).parent / "data"


@pytest.fixture
def glossaries(tmp_path: Path) -> dict[str, Path]:
    """The demo glossary in every format, and one without a suffix (read by its content)."""
    demo = read_any(demo_glossary()).glossary
    out = {"yaml": demo_glossary()}
    (tmp_path / "g.tbx").write_bytes(format_tbx(demo, 3))
    out["tbx"] = tmp_path / "g.tbx"
    for suffix in ("csv", "tsv"):
        from mtreview.glossary.exchange import write_any

        write_any(demo, tmp_path / f"g.{suffix}")
        out[suffix] = tmp_path / f"g.{suffix}"
    shutil.copy(tmp_path / "g.tbx", tmp_path / "termbase")
    out["no-suffix"] = tmp_path / "termbase"
    return out


@pytest.mark.parametrize("kind", ["yaml", "tbx", "csv", "tsv", "no-suffix"])
def test_check_takes_any_glossary_format(glossaries: dict[str, Path], kind: str) -> None:
    runner = CliRunner()
    args = ["check", str(demo_corpus()), "--format", "json"]
    expected = json.loads(runner.invoke(main, [*args, "-g", str(glossaries["yaml"])]).stdout)
    result = runner.invoke(main, [*args, "-g", str(glossaries[kind])])
    assert result.exit_code in (0, 1), result.stderr
    assert "invalid YAML" not in result.stderr
    got = json.loads(result.stdout)
    assert [(i["segment"], i["check"]) for i in got["issues"]] == [
        (i["segment"], i["check"]) for i in expected["issues"]
    ]


def test_real_tbx_sample_as_glossary() -> None:
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(DATA / "formats/xliff12/okapi-trados-TS09-12-Test01.xlf"),
            "-g",
            str(DATA / "tbx/okapi-ibm_tbx.tbx"),
        ],
    )
    assert result.exit_code in (0, 1) and "error" not in result.stderr
    # languages differ (the IBM termbase is en -> fr, the job en -> de): said, not hidden
    assert "target language is 'de' but the glossary's is 'fr'" in result.stderr


CLIENT = """source_lang: zh
target_lang: en
terms:
  - {source: 双碳, target: dual carbon, forbidden: [double carbon]}
  - {source: 碳票, target: carbon ticket}
"""
PROJECT = (
    "zh,en\n碳票,carbon stamp\n两山,two mountains\n双碳,double carbon\n绿水青山,green mountains\n"
)


def test_several_glossaries_first_wins_and_conflicts_are_told(tmp_path: Path) -> None:
    (tmp_path / "client.yaml").write_text(CLIENT, encoding="utf-8")
    (tmp_path / "project.csv").write_text(PROJECT, encoding="utf-8")
    imported = load_glossaries([tmp_path / "client.yaml", tmp_path / "project.csv"])
    g = imported.glossary
    assert {t.source: t.target for t in g.terms} == {
        "双碳": "dual carbon",
        "碳票": "carbon ticket",
        "两山": "two mountains",
        "绿水青山": "green mountains",
    }
    client, project = tmp_path / "client.yaml", tmp_path / "project.csv"
    assert imported.notices == (
        f"{project}:2: conflict: 碳票: target 'carbon stamp' differs from 'carbon ticket' "
        f"({client}:5 wins)",
        f"{project}:4: conflict: 双碳: target 'double carbon' differs from 'dual carbon' "
        f"({client}:4 wins)",
    )
    # the other order: the project wins
    other = load_glossaries([project, client]).glossary
    assert {t.source: t.target for t in other.terms}["碳票"] == "carbon stamp"


def test_several_g_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "client.yaml").write_text(CLIENT, encoding="utf-8")
    (tmp_path / "project.csv").write_text(PROJECT, encoding="utf-8")
    corpus = tmp_path / "c.tsv"
    corpus.write_text("id\tsource\ttarget\np1\t两山\tthe two mountains\n", encoding="utf-8")
    gs = ["-g", str(tmp_path / "client.yaml"), "-g", str(tmp_path / "project.csv")]
    runner = CliRunner()
    for command in (
        ["check", str(corpus)],
        ["score", str(corpus)],
        ["report", str(corpus), "--to", str(tmp_path / "r.json")],
        ["glossary", "candidates", str(corpus)],
    ):
        result = runner.invoke(main, [*command, *gs])
        assert result.exit_code in (0, 1), (command, result.stderr)
        conflicts = [line for line in result.stderr.splitlines() if "conflict" in line]
        assert len(conflicts) == 2, command
        assert all(line.startswith(f"mtreview: {tmp_path / 'project.csv'}:") for line in conflicts)


def test_languages_must_agree(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(CLIENT, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--demo",
            "-g",
            str(tmp_path / "a.yaml"),
            "-g",
            str(DATA / "tbx/okapi-ibm_tbx.tbx"),
        ],
    )
    assert result.exit_code == 2
    assert "okapi-ibm_tbx.tbx: source language 'en' differs from 'zh'" in result.stderr


def test_lint_reads_any_format_and_finds_conflicts(tmp_path: Path) -> None:
    (tmp_path / "client.yaml").write_text(CLIENT, encoding="utf-8")
    (tmp_path / "project.csv").write_text(PROJECT, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["glossary", "lint", str(tmp_path / "client.yaml"), str(tmp_path / "project.csv")]
    )
    assert result.exit_code == 1  # conflicts are major
    assert f"{tmp_path / 'project.csv'}:2: major: conflict: 碳票" in result.stdout
    one = CliRunner().invoke(main, ["glossary", "lint", str(DATA / "tbx/okapi-ibm_tbx.tbx")])
    assert one.exit_code in (0, 1) and "6 terms" in one.stdout


def test_a_review_project_can_use_a_tbx_glossary(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    tbx.write_bytes(format_tbx(read_any(demo_glossary()).glossary, 2))
    corpus = tmp_path / "demo.tsv"
    shutil.copy(demo_corpus(), corpus)
    service = ReviewService.open_or_create(tmp_path / "p.mtreview", corpus, tbx, "ana")
    issues = service.progress()
    service.close()
    again = ReviewService.open(tmp_path / "p.mtreview", "ana")  # reloads the TBX
    assert again.progress() == issues
    assert len(again.glossary) == len(load_glossary(demo_glossary()))
    again.close()


def test_a_review_never_writes_its_tbx_glossary_as_yaml(tmp_path: Path) -> None:
    from mtreview.errors import MtreviewError
    from mtreview.review import GlossaryService

    tbx = tmp_path / "g.tbx"
    tbx.write_bytes(format_tbx(read_any(demo_glossary()).glossary, 2))
    before = tbx.read_bytes()
    corpus = tmp_path / "demo.tsv"
    shutil.copy(demo_corpus(), corpus)
    service = ReviewService.open_or_create(tmp_path / "p.mtreview", corpus, tbx, "ana")
    actions = len(service.store.actions())
    with pytest.raises(MtreviewError, match=r"saved to YAML glossaries only.*glossary convert"):
        GlossaryService(service).add({"source": "碳票", "target": "carbon ticket"})
    assert tbx.read_bytes() == before  # the TBX is left as it was
    assert len(service.store.actions()) == actions  # and nothing is logged
    service.close()
