from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.corpus.tsv import read_tsv
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demo_json() -> dict:
    code, out, _ = run("check", "--demo", "--format", "json")
    assert code == 1  # the demo has a critical issue (p117: "the Ministry")
    return json.loads(out)


def test_json_contract(demo_json: dict) -> None:
    assert demo_json["segments"] == 161
    assert set(demo_json["summary"]) >= {"by_check", "term_accuracy"}
    issue = next(i for i in demo_json["issues"] if i["check"] == "term-forbidden")
    assert set(issue) >= {
        "segment", "check", "severity", "term", "source_span", "target_span",
        "found", "expected", "message", "fix",
    }  # fmt: skip
    assert issue["fix"]["target_span"] == issue["target_span"]


def test_json_spans_are_code_point_offsets(demo_json: dict, demo_paths) -> None:
    from mtreview.corpus.tsv import read_tsv

    segments = read_tsv(demo_paths[0]).by_id()
    assert demo_json["issues"]
    for issue in demo_json["issues"]:
        seg = segments[issue["segment"]]
        if issue["source_span"]:
            start, end = issue["source_span"]
            assert len(seg.source[start:end]) == end - start > 0
        if issue["target_span"]:
            start, end = issue["target_span"]
            assert seg.target[start:end] == issue["found"]


def test_demo_traps_are_quiet(demo_json: dict) -> None:
    by_segment: dict[str, set[str]] = {}
    for issue in demo_json["issues"]:
        by_segment.setdefault(issue["segment"], set()).add(issue["term"])
    # p004: 自然资源部门 is not the Ministry
    assert "ministry-of-natural-resources" not in by_segment.get("p004", set())
    flagged = {term for terms in by_segment.values() for term in terms}
    for quiet in ("green-mine", "two-mountains", "urban-development-boundary"):
        assert quiet not in flagged
    assert {"three-zones-four-belts", "three-zones-three-lines", "dual-carbon"} <= flagged


def test_text_output_groups_by_segment() -> None:
    code, out, _ = run("check", "--demo", "--fail-on", "critical")
    assert code == 1
    assert "p028" in out and "three zones and four zones" in out
    assert out.strip().splitlines()[-1].startswith("161 segments, ")
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_csv_output() -> None:
    code, out, _ = run("check", "--demo", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and rows and rows[0]["segment"]
    assert any(r["replacement"] == "three zones and four belts" for r in rows)


def test_by_term_lists_every_rendering() -> None:
    _, out, _ = run("check", "--demo", "--by-term")
    block = out.split("三区四带", 1)[1].split("\n两山", 1)[0]
    for rendering in (
        "three zones and four belts",
        "three zones and four zones",
        "three regions and four zones",
    ):
        assert rendering in block
    _, out, _ = run("check", "--demo", "--by-term", "--format", "json")
    terms = {t["source"]: t for t in json.loads(out)["terms"]}
    assert len(terms["三区四带"]["renderings"]) == 3


@pytest.mark.parametrize(
    ("severity", "fail_on", "code"),
    [
        ("minor", "critical", 0),
        ("minor", "major", 0),
        ("minor", "minor", 1),
        ("major", "critical", 0),
        ("major", "major", 1),
        ("critical", "critical", 1),
    ],
)
def test_fail_on(tmp_path: Path, severity: str, fail_on: str, code: int) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "id\tsource\ttarget\n1\t实现双碳目标\tachieve double carbon\n2\t两山\ttwo mountains\n"
    )
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        f"terms:\n  - {{source: 双碳, target: dual carbon, severity: {severity}}}\n"
    )
    args = ("check", str(corpus), "-g", str(glossary), "--fail-on", fail_on)
    assert run(*args)[0] == code


def test_clean_corpus_exits_0(tmp_path: Path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text("id\tsource\ttarget\n1\t实现双碳目标\tachieve dual carbon\n")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("terms:\n  - {source: 双碳, target: dual carbon, severity: critical}\n")
    code, out, _ = run("check", str(corpus), "-g", str(glossary), "--fail-on", "minor")
    assert code == 0 and out.strip() == "1 segment, 0 issues; term accuracy 100.0%"


def test_critical_issue_fails_by_default(tmp_path: Path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "id\tsource\ttarget\n1\t自然资源部印发\tthe ministry of natural resources issued\n"
    )
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "terms:\n  - {source: 自然资源部, target: Ministry of Natural Resources, "
        "case_sensitive: true, severity: critical}\n"
    )
    code, out, _ = run("check", str(corpus), "-g", str(glossary))
    assert code == 1 and "term-missing" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "missing.tsv", "-g", "g.yaml"], "missing.tsv: no such file"),
        (["check", "c.tsv"], "no glossary"),
        (["check", "c.tsv", "-g", "bad.yaml"], "bad.yaml:3: unknown key 'colour'"),
        (["check", "dup.tsv", "-g", "g.yaml"], "dup.tsv:3: duplicate id"),
        (["check", "--source", "a.txt", "-g", "g.yaml"], "--source and --target go together"),
        (
            ["check", "--source", "a.txt", "--target", "b.txt", "-g", "g.yaml"],
            "b.txt:2: ends after 1 lines",
        ),
        (["check", "--demo", "--severity", "term-missing=huge"], "--severity takes"),
        (["check", "--demo", "--disable", "no-such-check"], "unknown check"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], fragment: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.tsv").write_text("id\tsource\ttarget\n1\t双碳\tdual carbon\n")
    Path("dup.tsv").write_text("id\tsource\ttarget\n1\t双碳\tx\n1\t双碳\ty\n")
    Path("g.yaml").write_text("terms:\n  - {source: 双碳, target: dual carbon}\n")
    Path("bad.yaml").write_text("terms:\n  - source: 双碳\n    colour: red\n    target: x\n")
    Path("a.txt").write_text("双碳\n两山\n")
    Path("b.txt").write_text("dual carbon\n")
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err


def test_parallel_input(tmp_path: Path) -> None:
    (tmp_path / "a.zh.txt").write_text("实现双碳目标\n")
    (tmp_path / "a.en.txt").write_text("achieve the double carbon goal\n")
    (tmp_path / "g.yaml").write_text("terms:\n  - {source: 双碳, target: dual carbon}\n")
    code, out, _ = run(
        "check", "--source", str(tmp_path / "a.zh.txt"), "--target", str(tmp_path / "a.en.txt"),
        "-g", str(tmp_path / "g.yaml"), "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["issues"][0]["found"] == "double carbon"


def test_control_characters_are_not_sent_to_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "c.tsv").write_text("id\tsource\ttarget\n1\t双碳\t\x1b[31mdouble carbon\x1b[0m\n")
    (tmp_path / "g.yaml").write_text("terms:\n  - {source: 双碳, target: dual carbon}\n")
    _, out, _ = run("check", str(tmp_path / "c.tsv"), "-g", str(tmp_path / "g.yaml"))
    assert "\x1b" not in out and "\\x1b" in out


@pytest.mark.parametrize("by_term", [False, True], ids=["issues", "by-term"])
def test_ids_and_terms_from_files_are_not_sent_to_the_terminal(
    tmp_path: Path, by_term: bool
) -> None:
    # a segment id and a glossary source carrying an escape sequence (TSV ids are not filtered)
    (tmp_path / "c.tsv").write_text("id\tsource\ttarget\ns\x1b[2J1\t双\x1b[31m碳\tdouble carbon\n")
    (tmp_path / "g.yaml").write_text('terms:\n  - {source: "双\\e[31m碳", target: dual carbon}\n')
    args = ("--by-term",) if by_term else ()
    code, out, _ = run("check", str(tmp_path / "c.tsv"), "-g", str(tmp_path / "g.yaml"), *args)
    assert code == 0
    assert "\x1b" not in out
    assert "s\\x1b[2J1" in out  # the id: in the issue's head line, or the rendering's ids
    assert "双\\x1b[31m碳" in out or not by_term  # the term as the by-term list shows it


def all_commands(group, prefix=()):
    import click

    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("command", [(), *all_commands(main)], ids=lambda c: " ".join(c) or "main")
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Usage:" in out


def test_check_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import mtreview.corpus.formats, mtreview.glossary.yaml_io, mtreview.scoring.engine, mtreview.review\n"
        "from mtreview.cli import main\n"
        "result = CliRunner().invoke(main, ['check', '--demo', '--format', 'json'])\n"
        "assert result.exit_code == 1 and result.stdout.startswith('{'), result.output\n"
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules, sorted(m for m in sys.modules if m.startswith(('textual', 'rich')))\n"
        "print('checked, no TUI')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "checked, no TUI\n"


def test_occurrences_give_term_success_rate(demo_json: dict) -> None:
    _, out, _ = run("check", "--demo", "--format", "json", "--occurrences")
    doc = json.loads(out)
    counted = {(o["segment"], o["term"], tuple(o["source_span"])) for o in doc["occurrences"]}
    ok = {(o["segment"], o["term"], tuple(o["source_span"])) for o in doc["occurrences"] if o["ok"]}
    assert len(counted) == doc["summary"]["term_occurrences"]
    assert len(ok) == doc["summary"]["term_rendered"]
    assert abs(len(ok) / len(counted) - doc["summary"]["term_accuracy"]) < 1e-3


@pytest.mark.parametrize("size", [0, 1, 161], ids=["empty", "one", "demo"])
@pytest.mark.parametrize("terms", [False, True], ids=["", "terms"])
@pytest.mark.parametrize("occurrences", [False, True], ids=["", "occurrences"])
def test_the_streamed_json_is_the_document_json_dumps_writes(
    size: int, terms: bool, occurrences: bool
) -> None:
    """The JSON written a list item at a time has the bytes of the whole document dumped once."""
    from mtreview.scoring.engine import Checker
    from mtreview.scoring.render_check import to_json

    glossary = load_glossary(demo_glossary())
    corpus = read_tsv(demo_corpus()).segments[:size]
    result = Checker(glossary).check_corpus(corpus, jobs=1)
    text = to_json(result, glossary, terms=terms, occurrences=occurrences)
    document = json.loads(text)
    assert document["segments"] == size and len(document["issues"]) == len(result.issues)
    assert ("terms" in document, "occurrences" in document) == (terms, occurrences)
    if size == 161:
        assert document["issues"] and (document.get("terms") or not terms)
        assert document.get("occurrences") or not occurrences
    assert text == json.dumps(document, ensure_ascii=False, indent=2)


def test_a_reader_that_stops_early_gets_141_and_no_traceback(tmp_path: Path) -> None:
    """``mtreview check … | head``: the closed pipe ends the run with 128 + SIGPIPE, like grep,
    not click's 1 (which would say an issue reached --fail-on), and nothing on stderr."""
    lines = demo_corpus().read_text(encoding="utf-8").splitlines()
    rows = [f"{n}-{line}" for n in range(40) for line in lines[1:]]
    corpus = tmp_path / "big.tsv"
    corpus.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "mtreview", "check", str(corpus), "-g", str(demo_glossary())]
    for fmt in ("text", "json", "csv"):
        proc = subprocess.Popen(
            [*command, "--format", fmt, "--fail-on", "minor"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "MTREVIEW_JOBS": "1"},
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert len(proc.stdout.read(200)) == 200
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert (proc.wait(timeout=120), err) == (141, ""), fmt


def test_an_interrupt_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during a check: 128 + SIGINT and one line, not click's "Aborted!" and 1."""
    from mtreview.scoring import engine

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine.Checker, "corpus_results", interrupted)
    code, out, err = run("check", "--demo", "--format", "json")
    assert (code, out, err) == (130, "", "mtreview: interrupted\n")
