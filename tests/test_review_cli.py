from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_helpers import ROOT

from mtreview.cli import main
from mtreview.review import ReviewService


@pytest.mark.parametrize("command", ["open", "demo", "export"])
def test_every_review_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and f"mtreview {command}" in result.output


def test_export_txt_has_one_reviewed_paragraph_a_line(demo_copy: Path, tmp_path: Path) -> None:
    service = ReviewService.open(demo_copy, "tester")
    pos = service.pos_of["p028"]
    service.apply_fix(pos, service.state(pos).issues[0].fingerprint)
    service.close()
    out = tmp_path / "corrected.txt"
    result = CliRunner().invoke(main, ["export", str(demo_copy), "--to", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 161
    assert "three zones and four belts" in lines[pos]
    assert "three zones and four zones" not in lines[pos]


def test_export_other_suffix_goes_through_the_format_registry(demo_copy, tmp_path) -> None:
    out = tmp_path / "corrected.tab"
    result = CliRunner().invoke(main, ["export", str(demo_copy), "--to", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("id\tsource\ttarget\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "missing.mtreview", "--to", "x.txt"], "no such project"),
        (["export", "{corpus}", "--to", "x.txt"], "not a review project"),
        (["export", "{project}", "--to", "x.unknown"], "unknown corpus format"),
        (["open", "missing.tsv", "-g", "g.yaml"], "no such file"),
        (["open", "{corpus}"], "no glossary"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message, demo_copy, tmp_path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text("id\tsource\ttarget\n1\t源\ttarget\n", encoding="utf-8")
    args = [a.format(corpus=corpus, project=demo_copy) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("x.*"))


def test_export_does_not_import_textual(demo_copy: Path, tmp_path: Path) -> None:
    code = (
        "import sys\nfrom mtreview.cli import main\n"
        "try:\n    main(['export', sys.argv[1], '--to', sys.argv[2]])\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules, 'TUI imported'\n"
        "print('clean')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(demo_copy), str(tmp_path / "o.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert out.stdout == "clean\n"
    assert (tmp_path / "o.txt").read_text(encoding="utf-8").count("\n") == 161


def test_service_does_not_import_textual() -> None:
    code = (
        "import sys, mtreview.review, mtreview.review.service\n"
        "assert not {m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_demo_reset_removes_the_project(tmp_path: Path, monkeypatch) -> None:
    from mtreview.commands import review

    monkeypatch.setattr(review, "user_data_dir", lambda: tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(review, "_run_tui", lambda opener, title: opened.append(title))
    project = review.demo_project()
    project.write_bytes(b"old")
    Path(f"{project}-wal").write_bytes(b"old")
    result = CliRunner().invoke(main, ["demo", "--reset"])
    assert result.exit_code == 0, result.output
    assert not project.exists() and not Path(f"{project}-wal").exists()
    assert opened == ["demo: green-dialectics"]


def test_open_creates_the_project_next_to_the_corpus_then_resumes(
    tmp_path: Path, monkeypatch, demo_paths
) -> None:
    from mtreview.commands import review

    corpus = tmp_path / "article.tsv"
    corpus.write_bytes(demo_paths[0].read_bytes())
    services: list[ReviewService] = []

    def run(opener, title) -> None:
        services.append(opener(None))
        services[-1].close()

    monkeypatch.setattr(review, "_run_tui", run)
    args = ["open", str(corpus), "-g", str(demo_paths[1]), "--reviewer", "ana"]
    assert CliRunner().invoke(main, args).exit_code == 0
    project = tmp_path / "article.tsv.mtreview"
    assert project.is_file() and len(services[0]) == 161
    assert CliRunner().invoke(main, ["open", str(project)]).exit_code == 0
    assert services[1].reviewer != "" and services[1].path == project


@pytest.mark.parametrize("suffix", [".xlf", ".tmx"])
def test_export_to_a_bilingual_format_carries_the_reviewed_targets(
    demo_copy: Path, tmp_path: Path, suffix: str
) -> None:
    from mtreview.corpus.formats import read_corpus

    service = ReviewService.open(demo_copy, "tester")
    pos = service.pos_of["p028"]
    service.apply_fix(pos, service.state(pos).issues[0].fingerprint)
    reviewed = service.target(pos)
    service.close()
    out = tmp_path / f"reviewed{suffix}"
    result = CliRunner().invoke(main, ["export", str(demo_copy), "--to", str(out)])
    assert result.exit_code == 0, result.output
    back = read_corpus(out).by_id()
    assert back["p028"].target == reviewed
    assert len(back) == 161
