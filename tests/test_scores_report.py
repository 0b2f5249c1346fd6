from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.yaml_io import load_glossary
from mtreview.scoring.engine import Checker
from mtreview.scoring.report_html import to_html
from mtreview.scoring.reports import to_csv, to_dict, to_text, write_report
from mtreview.scoring.review_data import RecordedFix, apply_suggested_fixes, from_corpus
from mtreview.scoring.scores import compute_scores
from tests.conftest import make_glossary

GLOSSARY = """
terms:
  - source: 碳票
    target: carbon ticket
    forbidden: [carbon stamp]
  - source: 双碳
    target: dual carbon
    forbidden: [double carbon]
"""


@pytest.fixture(scope="module")
def demo_review(demo_paths: tuple[Path, Path]):  # type: ignore[no-untyped-def]
    corpus_path, glossary_path = demo_paths
    glossary = load_glossary(glossary_path)
    data = from_corpus(read_corpus(corpus_path))
    issues = Checker(glossary).check_corpus(data.mt_corpus()).issues
    reviewed = apply_suggested_fixes(data, issues, "li", datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    return reviewed, glossary, compute_scores(reviewed, glossary)


def test_term_accuracy_before_and_after_come_from_the_check_engine(demo_review) -> None:  # type: ignore[no-untyped-def]
    data, glossary, report = demo_review
    before = Checker(glossary).check_corpus(data.mt_corpus()).term_counts()
    after = Checker(glossary).check_corpus(data.reviewed_corpus()).term_counts()
    assert (report.term_before.occurrences, report.term_before.rendered) == before
    assert (report.term_after.occurrences, report.term_after.rendered) == after
    assert report.term_after.value > report.term_before.value
    by_id = {row.term_id: row for row in report.terms}
    stamp = by_id.get("carbon-ticket")
    assert stamp is not None and not stamp.before.consistent and stamp.after.consistent


def test_mqm_counts_open_issues_and_hter_is_positive(demo_review) -> None:  # type: ignore[no-untyped-def]
    data, _, report = demo_review
    assert report.mqm_before.apt > report.mqm_after.apt
    assert report.mqm_after.apt == sum(report.weights[i.severity] for i in report.open_issues)
    assert 0 < report.corpus["mt-reviewed"]["TER"].score < 10
    assert report.changed == sum(1 for s in data.segments if s.changed) > 0
    assert "mt-reference" not in report.corpus


def test_worst_segments_first(demo_review) -> None:  # type: ignore[no-untyped-def]
    _, _, report = demo_review
    worst = report.worst(5)
    ters = [row.scores["mt-reviewed"]["TER"] for row in report.segments]
    assert [row.scores["mt-reviewed"]["TER"] for row in worst] == sorted(ters, reverse=True)[:5]
    assert all(row.changed for row in worst)
    chrf = report.worst(3, metric="chrF++")
    assert chrf[0].scores["mt-reviewed"]["chrF++"] == min(
        row.scores["mt-reviewed"]["chrF++"] for row in report.segments
    )
    assert report.worst(3, pair="mt-reference") == []


def test_unclassified_edits_do_not_count_and_classified_extra_fixes_do() -> None:
    glossary = make_glossary(GLOSSARY)
    corpus = Corpus((Segment("1", "双碳目标", "the double carbon goal", None),))
    when = datetime(2026, 1, 1, tzinfo=UTC)
    edit = RecordedFix("1", "edit", "the", "The", "li", when)
    extra = RecordedFix("1", "edit", "goal", "goals", "li", when, "minor")
    data = from_corpus(corpus, {"1": "The dual carbon goals"}, fixes=[edit, extra])
    report = compute_scores(data, glossary)
    assert report.mqm_before.errors == {"minor": 1, "major": 1, "critical": 0}
    assert report.mqm_after.apt == 0 and report.mqm_after.score == 100.0


def test_reference_pairs_and_progress(tmp_path: Path) -> None:
    corpus = Corpus(
        tuple(
            Segment(
                str(i), "源", f"the mine {i} is green", f"mine {i} is a green mine" if i % 2 else ""
            )
            for i in range(20)
        )
    )
    data = from_corpus(corpus, {"3": "the mine 3 is a green mine"})
    seen: list[tuple[int, int]] = []
    report = compute_scores(data, progress=lambda d, t: seen.append((d, t)))
    assert report.pair_segments == {"mt-reviewed": 20, "mt-reference": 10, "reviewed-reference": 10}
    assert (
        report.corpus["reviewed-reference"]["chrF++"].score
        > report.corpus["mt-reference"]["chrF++"].score
    )
    assert seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)
    assert report.term_before is None and report.terms == ()
    html = to_html(report, datetime(2026, 1, 1, tzinfo=UTC), "0")
    assert html.count("<svg") == 2
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(MtreviewError, match="cancelled"):
        compute_scores(data, cancel=cancel)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HOSTILE = '<script>alert("x")</script><img src=http://evil/>&amp;'


def test_html_escapes_text_from_files_and_needs_no_network() -> None:
    glossary = make_glossary(GLOSSARY)
    corpus = Corpus((Segment(HOSTILE, "碳票" + HOSTILE, "carbon stamp " + HOSTILE, None),), HOSTILE)
    fix = RecordedFix(
        HOSTILE, HOSTILE, "carbon stamp", "carbon ticket", HOSTILE, datetime(2026, 1, 1, tzinfo=UTC)
    )
    data = from_corpus(corpus, {HOSTILE: "carbon ticket " + HOSTILE}, fixes=[fix])
    html = to_html(compute_scores(data, glossary), datetime(2026, 1, 1, tzinfo=UTC), "0")
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(v and re.match(r"(https?:)?//", v) for k, v in parser.attrs if k != "xmlns")
    assert not {"src", "href"} & {k for k, _ in parser.attrs}
    assert HOSTILE in "".join(parser.text)  # shown as text, exactly
    assert "@media print" in html and "<style>" in html


def test_csv_and_json_carry_every_segment(demo_review) -> None:  # type: ignore[no-untyped-def]
    data, _, report = demo_review
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert [r["id"] for r in rows] == [s.id for s in data.segments]
    changed = [r for r in rows if r["changed"] == "1"]
    assert len(changed) == report.changed and all(float(r["mt-reviewed TER"]) > 0 for r in changed)
    doc = json.loads(json.dumps(to_dict(report)))
    assert doc["metrics"]["mt-reviewed"]["TER"]["signature"].startswith("nrefs:1|case:lc")
    assert len(doc["fixes"]) == len(data.fixes) and doc["fixes"][0]["time"].endswith("Z")
    assert "MQM 2.0" in doc["mqm"]["model"]
    assert "HTER" in to_text(report)


def test_write_report_checks_the_suffix_and_leaves_no_temporary_file(
    tmp_path: Path, demo_review
) -> None:  # type: ignore[no-untyped-def]
    _, _, report = demo_review
    with pytest.raises(MtreviewError, match=r"name the file \.html, \.json or \.csv"):
        write_report(report, str(tmp_path / "report.pdf"))
    assert list(tmp_path.iterdir()) == []
    for suffix in ("html", "json", "csv"):
        assert write_report(report, str(tmp_path / f"r.{suffix}")) == suffix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.html", "r.json"]


def test_cli_score_and_report(tmp_path: Path, demo_paths: tuple[Path, Path]) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["score", "--demo", "--apply-suggested", "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert (
        doc["changed"] > 0
        and doc["term_accuracy"]["after"]["accuracy"] > doc["term_accuracy"]["before"]["accuracy"]
    )
    target = tmp_path / "report.html"
    out = runner.invoke(main, ["report", "--demo", "--apply-suggested", "--to", str(target)])
    assert out.exit_code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    reviewed = tmp_path / "reviewed.txt"
    reviewed.write_text("only one line\n", encoding="utf-8")
    out = runner.invoke(main, ["score", str(demo_paths[0]), "--reviewed", str(reviewed)])
    assert out.exit_code == 2
    assert f"{reviewed}:2: has 1 lines but the corpus has 161 segments" in out.stderr
    out = runner.invoke(main, ["report", "--demo", "--to", str(tmp_path / "x.pdf")])
    assert out.exit_code == 2 and "x.pdf" in out.stderr
    out = runner.invoke(main, ["score", "--demo", "--weight", "fatal=9"])
    assert out.exit_code == 2 and "--weight takes" in out.stderr


@pytest.mark.parametrize("command", ["score", "report"])
def test_help_has_an_example(command: str) -> None:
    out = CliRunner().invoke(main, [command, "--help"])
    assert out.exit_code == 0
    # Each example on a line of its own (click's \b paragraph kept).
    assert re.search(
        rf"^\s+Examples:\n\s+mtreview {command} .*\n\s+mtreview {command} ", out.output, re.M
    )


def test_score_does_not_import_the_tui() -> None:
    code = (
        "import sys; from mtreview.cli import main\n"
        "try: main(['score', '--demo', '--format', 'json'])\n"
        "except SystemExit as exit: assert exit.code == 0, exit.code\n"
        "assert not any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules), 'tui loaded'"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout)["segments"] == 161


def test_cli_reads_reference_reviewed_and_fix_log(tmp_path: Path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "id\tsource\ttarget\n1\t双碳目标\tthe double carbon goal\n2\t碳票\ta carbon stamp\n",
        encoding="utf-8",
    )
    glossary = tmp_path / "g.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "ref.tsv").write_text("id\treference\n1\tthe dual carbon goals\n", encoding="utf-8")
    (tmp_path / "rev.txt").write_text("the dual carbon goal\na carbon ticket\n", encoding="utf-8")
    (tmp_path / "fixes.jsonl").write_text(
        '{"segment":"1","kind":"apply-fix","before":"double carbon","after":"dual carbon",'
        '"reviewer":"Wang <wang@example.org>","time":"2026-01-05T09:30:00Z","severity":"major"}\n',
        encoding="utf-8",
    )
    args = [str(corpus), "-g", str(glossary), "--ref", str(tmp_path / "ref.tsv")]
    args += ["--reviewed", str(tmp_path / "rev.txt"), "--fixes", str(tmp_path / "fixes.jsonl")]
    out = CliRunner().invoke(main, ["report", *args, "--to", str(tmp_path / "r.json")])
    assert out.exit_code == 0, out.output
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["metrics"]["mt-reference"]["segments"] == 1 and doc["changed"] == 2
    assert doc["term_accuracy"]["before"]["rendered"] == 0
    assert (
        doc["term_accuracy"]["after"]["rendered"]
        == doc["term_accuracy"]["after"]["occurrences"]
        == 2
    )
    assert doc["fixes"][0]["reviewer"] == "Wang <wang@example.org>"
    assert doc["mqm"]["after"]["apt"] == 0
    out = CliRunner().invoke(main, ["report", *args, "--to", str(tmp_path / "r.html")])
    assert out.exit_code == 0, out.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Wang &lt;wang@example.org&gt;" in html and "2026-01-05 09:30 UTC" in html
