from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_helpers import GLOSSARY, legacy_project, query_in_new_process, small_project

from mtreview.cli import main
from mtreview.review import ReviewService, is_project
from mtreview.review.fixlog import DEFAULT_FIX_SEVERITY, changed_span, recorded_fixes
from mtreview.review.history import in_force
from mtreview.review.scores import score_project
from mtreview.review.store import Store
from mtreview.review.store_records import Action
from mtreview.review.store_schema import SCHEMA_VERSION
from mtreview.scoring.engine import Checker
from mtreview.scoring.metrics import MetricSet
from mtreview.scoring.review_data import ReviewedSegment
from mtreview.scoring.review_files import format_fixes

WITH_REF = [
    ("1", "双碳目标", "the double carbon goal", "the dual carbon goals"),
    ("2", "碳票", "a carbon stamp was issued", None),
    ("3", "三区四带", "three zones and four zones", "the three zones and four belts"),
    ("4", "其他", "nothing to see here", "nothing to see"),
]


def _review(service: ReviewService) -> None:
    """A review: every first fixable issue of the first 30 segments fixed, one edit, one undo."""
    for pos in range(min(30, len(service))):
        fixable = [i for i in service.state(pos).issues if i.fix is not None]
        if fixable:
            service.apply_fix(pos, fixable[0].fingerprint)
    service.edit(1, service.target(1) + " (edited)")
    service.edit(2, "an edit that is undone")
    service.undo()


def _reviewed_project(path: Path) -> Path:
    service = ReviewService.open(path, "ana")
    _review(service)
    service.close()
    return path


def _corpus_side(tmp_path: Path, project: Path) -> list[str]:
    """The same review as plain files: the corpus, the reviewed text and the fix log."""
    db = Store.open(project)
    rows = db.review_rows()
    meta = db.meta()
    db.close()
    has_ref = any(r[4] for r in rows)
    head = "id\tsource\ttarget" + ("\treference" if has_ref else "")
    corpus = tmp_path / "corpus.tsv"
    corpus.write_text(
        head
        + "\n"
        + "".join(
            "\t".join([r[0], r[1], r[2], *([r[4] or ""] if has_ref else [])]) + "\n" for r in rows
        ),
        encoding="utf-8",
    )
    (tmp_path / "reviewed.tsv").write_text(
        "id\treviewed\n" + "".join(f"{r[0]}\t{r[3]}\n" for r in rows), encoding="utf-8"
    )
    fixes = score_project(project).report.data.fixes
    (tmp_path / "fixes.jsonl").write_text(format_fixes(fixes), encoding="utf-8")
    return [
        str(corpus),
        "-g",
        meta["glossary_abs"],
        "--reviewed",
        str(tmp_path / "reviewed.tsv"),
        "--fixes",
        str(tmp_path / "fixes.jsonl"),
    ]


def _figures(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("corpus",)}


@pytest.mark.parametrize("kind", ["demo", "with-reference"])
def test_project_figures_equal_the_corpus_figures(
    tmp_path: Path, demo_copy: Path, kind: str
) -> None:
    if kind == "demo":
        project = _reviewed_project(demo_copy)
    else:
        project = tmp_path / "ref.mtreview"
        gloss = project.with_suffix(".yaml")
        gloss.write_text(GLOSSARY + "  - source: 双碳\n    target: dual carbon\n", "utf-8")
        from mtreview.corpus.model import Corpus, Segment
        from mtreview.glossary.yaml_io import load_glossary

        corpus = Corpus(tuple(Segment(*row) for row in WITH_REF), str(project))
        ReviewService.create(project, corpus, load_glossary(gloss), "ana").close()
        _reviewed_project(project)
    files = tmp_path / "files"
    files.mkdir()
    corpus_args = _corpus_side(files, project)
    runner = CliRunner()
    by_project = runner.invoke(main, ["score", str(project), "--format", "json"])
    by_corpus = runner.invoke(main, ["score", *corpus_args, "--format", "json"])
    assert by_project.exit_code == 0, by_project.output
    assert by_corpus.exit_code == 0, by_corpus.output
    a, b = json.loads(by_project.stdout), json.loads(by_corpus.stdout)
    assert a["changed"] > 0 and a["fixes"]
    if kind == "with-reference":
        assert set(a["metrics"]) == {"mt-reviewed", "mt-reference", "reviewed-reference"}
    assert _figures(a) == _figures(b)
    # The second run reads the cache from the project: the same figures.
    again = runner.invoke(main, ["score", str(project), "--format", "json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == a


def test_fixes_come_from_the_log_with_severity_undo_left_out(demo_copy: Path) -> None:
    project = _reviewed_project(demo_copy)
    fixes = score_project(project).report.data.fixes
    kinds = [f.kind for f in fixes]
    assert kinds.count("edit") == 1 and kinds.count("fix") >= 3
    assert all(f.reviewer == "ana" and f.time.tzinfo is not None for f in fixes)
    assert all(f.severity in ("minor", "major", "critical") for f in fixes if f.kind == "fix")
    assert all(f.severity is None for f in fixes if f.kind == "edit")
    p004 = next(f for f in fixes if f.segment == "p004")
    # The fixed issue's own span and replacement, not the whole segment.
    assert (p004.before, p004.after, p004.severity) == (
        "Party's 20 National Guidelines",
        "20th CPC National Congress",
        "critical",
    )
    assert not any(f.after == "an edit that is undone" for f in fixes)


def test_an_issue_that_cannot_be_recovered_gets_the_default_severity() -> None:
    seg = ReviewedSegment("s1", "碳票", "a carbon stamp", "a carbon ticket")
    action = Action(
        1, "2026-01-05T09:30:00+00:00", "li", "s1", "fix", "gone", seg.mt, seg.reviewed, None
    )
    from mtreview.glossary.yaml_io import parse_glossary

    checker = Checker(parse_glossary(GLOSSARY, "g.yaml"))
    (fix,) = recorded_fixes([action], {"s1": seg}, checker)
    assert (fix.severity, fix.before, fix.after) == (DEFAULT_FIX_SEVERITY, "stamp", "ticket")


def _action(n: int, kind: str) -> Action:
    return Action(n, "2026-01-05T09:30:00+00:00", "li", "s", kind, None, "a", "b", None)


@pytest.mark.parametrize(
    ("kinds", "kept"),
    [
        (["edit", "fix"], [1, 2]),
        (["edit", "fix", "undo"], [1]),
        (["edit", "fix", "undo", "undo", "redo"], [1]),
        (["edit", "fix", "undo", "redo"], [1, 2]),
        (["edit", "undo", "fix", "redo"], [3]),  # a new action clears the redo stack
        (["undo", "redo", "edit"], [3]),
    ],
)
def test_actions_in_force(kinds: list[str], kept: list[int]) -> None:
    actions = [_action(n, k) for n, k in enumerate(kinds, start=1)]
    assert [a.id for a in in_force(actions)] == kept


@pytest.mark.parametrize(
    ("before", "after", "span"),
    [
        ("three zones and four zones", "three zones and four belts", ("zones", "belts")),
        ("a carbon stamp", "a carbon ticket", ("stamp", "ticket")),
        ("the mine", "the green mine", ("", "green")),
        ("Its goal.", "Its goals.", ("goal", "goals")),
        ("same", "same", ("", "")),
        ("双碳目标", "碳达峰目标", ("双碳目标", "碳达峰目标")),
    ],
)
def test_changed_span(before: str, after: str, span: tuple[str, str]) -> None:
    assert changed_span(before, after) == span


class _Counting:
    """Counts the segments scored, per metric call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scored = 0
        original = MetricSet.stats_for

        def counting(metrics: MetricSet, name: str, hyps, refs):  # type: ignore[no-untyped-def]
            self.scored += len(hyps)
            return original(metrics, name, hyps, refs)

        monkeypatch.setattr(MetricSet, "stats_for", counting)
        same = MetricSet.identity_stats  # a text against itself: statistics without sacrebleu

        def counting_same(metrics: MetricSet, name: str, texts):  # type: ignore[no-untyped-def]
            self.scored += len(texts)
            return same(metrics, name, texts)

        monkeypatch.setattr(MetricSet, "identity_stats", counting_same)


def test_the_cache_is_persisted_and_only_changed_segments_are_scored_again(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = _Counting(monkeypatch)
    first = score_project(demo_copy)
    # 161 segments, one comparison (the demo has no reference), three metrics.
    assert (counter.scored, first.recomputed, first.stored) == (161 * 3, 161, 161)
    assert query_in_new_process(demo_copy, "SELECT COUNT(*) FROM score_cache") == [[161]]
    counter.scored = 0
    unchanged = score_project(demo_copy)
    assert (counter.scored, unchanged.recomputed, unchanged.stored) == (0, 0, 0)
    service = ReviewService.open(demo_copy, "ana")
    pos = service.pos_of["p028"]
    service.edit(pos, service.target(pos).replace("four zones", "four belts"))
    service.close()
    counter.scored = 0
    edited = score_project(demo_copy)
    assert (counter.scored, edited.recomputed, edited.stored) == (3, 1, 1)
    assert edited.report.corpus == score_project_fresh(demo_copy).report.corpus
    row = query_in_new_process(
        demo_copy, "SELECT key FROM score_cache WHERE segment = 'p028' AND pair = 'mt-reviewed'"
    )
    assert row != [] and row[0][0] == edited.report.cache.pairs["mt-reviewed"]["p028"].key


def score_project_fresh(path: Path):  # type: ignore[no-untyped-def]
    """Score after emptying the cache: everything computed anew."""
    db = sqlite3.connect(path)
    db.execute("DELETE FROM score_cache")
    db.commit()
    db.close()
    return score_project(path)


def test_a_version_1_project_gains_the_cache_table(tmp_path: Path) -> None:
    project = legacy_project(tmp_path, version=1)
    assert score_project(project).stored == 4
    assert query_in_new_process(project, "PRAGMA user_version") == [[SCHEMA_VERSION]]


def test_a_project_is_sniffed_by_suffix_or_content(tmp_path: Path, demo_copy: Path) -> None:
    renamed = tmp_path / "review.db"
    renamed.write_bytes(demo_copy.read_bytes())
    tsv = tmp_path / "a.tsv"
    tsv.write_text("id\tsource\ttarget\n", encoding="utf-8")
    assert is_project(renamed) and is_project(tmp_path / "missing.mtreview")
    assert not is_project(tsv) and not is_project(tmp_path / "missing.tsv")
    out = CliRunner().invoke(main, ["score", str(renamed), "--format", "csv"])
    assert out.exit_code == 0 and out.stdout.count("\n") == 162


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reviewed", "x.txt"], "a review project holds its reviewed text and fixes"),
        (["--fixes", "x.jsonl"], "leave out --fixes"),
        (["--apply-suggested"], "leave out --apply-suggested"),
        (["--weight", "fatal=2"], "--weight takes"),
    ],
)
def test_project_option_errors(demo_copy: Path, args: list[str], message: str) -> None:
    out = CliRunner().invoke(main, ["score", str(demo_copy), *args])
    assert out.exit_code == 2 and message in out.stderr and "Traceback" not in out.output


def test_missing_project_and_missing_glossary(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["score", str(tmp_path / "none.mtreview")])
    assert out.exit_code == 2 and "none.mtreview: no such project" in out.stderr
    project = small_project(tmp_path / "p.mtreview", [("1", "碳票", "a carbon stamp")], GLOSSARY)
    project.with_suffix(".yaml").rename(tmp_path / "moved.yaml")
    out = runner.invoke(main, ["score", str(project)])
    assert out.exit_code == 2 and "glossary" in out.stderr and "give one with -g" in out.stderr
    out = runner.invoke(main, ["score", str(project), "-g", str(tmp_path / "moved.yaml")])
    assert out.exit_code == 0 and "Term accuracy   MT 0.0% (0/1)" in out.stdout


@pytest.mark.parametrize("suffix", ["html", "json", "csv"])
def test_report_on_a_project(tmp_path: Path, demo_copy: Path, suffix: str) -> None:
    project = _reviewed_project(demo_copy)
    target = tmp_path / f"report.{suffix}"
    out = CliRunner().invoke(main, ["report", str(project), "--to", str(target)])
    assert out.exit_code == 0, out.output
    text = target.read_text(encoding="utf-8")
    if suffix == "html":
        assert "Party&#x27;s 20 National Guidelines" in text and ">ana<" in text
    elif suffix == "json":
        doc = json.loads(text)
        assert doc["corpus"] == str(project) and doc["fixes"][0]["reviewer"] == "ana"
    else:
        assert text.startswith("id,changed,") and text.count("\n") == 162


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs a headless chromium")
def test_the_html_report_of_a_project_opens_in_a_headless_browser(
    tmp_path: Path, demo_copy: Path
) -> None:
    project = _reviewed_project(demo_copy)
    page = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", str(project), "--to", str(page)]).exit_code == 0
    base = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--user-data-dir=" + str(tmp_path / "profile"),
    ]
    dom = subprocess.run(
        [*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60
    ).stdout
    # The browser parsed the page whole: title, chart, the fixes table with who and what.
    assert "<title>Review report: demo.mtreview</title>" in dom and "</html>" in dom
    assert dom.count("<svg") == 1 and "Party's 20 National Guidelines" in dom
    assert "<td>ana</td>" in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [*base, "--window-size=1200,1600", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=60,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_a_reference_file_replaces_the_projects_references(tmp_path: Path, demo_copy: Path) -> None:
    project = _reviewed_project(demo_copy)
    targets = [r[0] for r in query_in_new_process(project, "SELECT mt FROM segments ORDER BY pos")]
    ref = tmp_path / "ref.txt"
    ref.write_text("".join(t + "\n" for t in targets), encoding="utf-8")
    out = CliRunner().invoke(main, ["score", str(project), "--ref", str(ref), "--format", "json"])
    assert out.exit_code == 0, out.output
    metrics = json.loads(out.stdout)["metrics"]
    # The reference is the MT itself: the MT scores perfectly against it, the review does not.
    assert metrics["mt-reference"]["segments"] == 161
    assert metrics["mt-reference"]["TER"]["score"] == 0
    assert metrics["reviewed-reference"]["TER"]["score"] > 0
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["score", str(project), "--ref", str(short)])
    assert out.exit_code == 2 and "short.txt:2: has 1 lines but the corpus has 161" in out.stderr
