"""Never touch a file that is not ours; make a project whole or not at all; find its glossary."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_helpers import GLOSSARY, ROOT, legacy_project, query_in_new_process, small_project

from mtreview.cli import main
from mtreview.errors import MtreviewError
from mtreview.review import ReviewService
from mtreview.review.store_schema import APPLICATION_ID, SCHEMA_VERSION

SEGMENTS = [
    ("s1", "构建“三区四带”为主体的体系。", "Build a system of three zones and four zones."),
    ("s2", "推行碳票制度。", "Introduce the carbon stamp system."),
]


def foreign_sqlite(path: Path, app_id: int = 0) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO notes (text) VALUES ('mine, not mtreview''s')")
    db.execute(f"PRAGMA application_id = {app_id}")
    db.commit()
    db.close()
    return path


def foreign_wal(path: Path) -> Path:
    foreign_sqlite(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def text(path: Path) -> Path:
    path.write_text("id\tsource\ttarget\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (empty, "an empty file is not a review project"),
        (text, "not an SQLite file"),
        (foreign_sqlite, "without mtreview's tables"),
        (lambda p: foreign_sqlite(p, 0x47504B47), "an SQLite file of another program"),
        (foreign_wal, "without mtreview's tables"),
    ],
)
def test_a_file_that_is_not_ours_is_refused_unchanged(tmp_path: Path, make, message) -> None:
    path = make(tmp_path / "x.mtreview")
    before = path.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    runner = CliRunner()
    for args in (
        ["export", str(path), "--to", str(tmp_path / "out.txt")],
        ["score", str(path)],
        ["open", str(path)],
    ):
        out = runner.invoke(main, args)
        assert out.exit_code == 2 and message in out.stderr and "Traceback" not in out.output
        assert out.stderr.count("\n") == 1
    with pytest.raises(MtreviewError, match="left unchanged"):
        ReviewService.open(path, "ana")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_a_new_project_carries_the_application_id(tmp_path: Path) -> None:
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    assert path.read_bytes()[68:72] == APPLICATION_ID.to_bytes(4, "big")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".creating")]


@pytest.mark.parametrize("make", ["new", "migrated"])
def test_an_action_finds_its_term_rows_by_index(tmp_path: Path, make: str) -> None:
    # an edit replaces one segment's rows of the term index: not a scan of every segment's
    if make == "new":
        path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    else:
        path = legacy_project(tmp_path)
        ReviewService.open(path, "ana").close()
    plan = query_in_new_process(path, "EXPLAIN QUERY PLAN DELETE FROM term_segments WHERE pos = 1")
    assert any("term_segments_pos" in str(row[-1]) for row in plan), plan


def test_an_old_project_is_adopted_with_its_review(tmp_path: Path) -> None:
    path = legacy_project(tmp_path)
    svc = ReviewService.open(path, "ana")
    pragmas = "SELECT * FROM pragma_user_version, pragma_application_id"
    assert query_in_new_process(path, pragmas) == [[SCHEMA_VERSION, APPLICATION_ID]]
    assert svc.target(0) == "Build a system of three zones and four belts."
    assert svc.state(1).issues == () and svc.open_issues(1) == 0  # ignored before
    assert svc.status[3] == "confirmed" and svc.target(2) == "A sentence without terms."
    # The old log's undo stack is the reviewer's: confirm, ignore, fix (the edit was undone).
    assert svc.undo() is not None and svc.status[3] == "todo"
    assert svc.undo() is not None and svc.open_issues(1) == 1
    assert (
        svc.undo() is not None and svc.target(0) == "Build a system of three zones and four zones."
    )
    svc.close()
    kinds = query_in_new_process(path, "SELECT kind, ref FROM actions WHERE id > 5")
    assert kinds == [["undo", 3], ["undo", 2], ["undo", 1]]


CREATE = """
import sys
from dataclasses import replace
from mtreview.corpus.model import Corpus
from mtreview.review import ReviewService, load_inputs
corpus, glossary = load_inputs(None, None, demo=True)
base = corpus.segments
segments = tuple(replace(base[i % len(base)], id=f"s{i}") for i in range(int(sys.argv[2])))
ReviewService.create(sys.argv[1], Corpus(segments, sys.argv[1]), glossary, "kim").close()
"""


def test_a_creation_killed_half_way_does_not_block_the_next(tmp_path: Path) -> None:
    path = tmp_path / "big.mtreview"
    proc = subprocess.Popen(
        [sys.executable, "-c", CREATE, str(path), "6000"], cwd=ROOT, stderr=subprocess.PIPE
    )
    temp = tmp_path / f".big.mtreview.{proc.pid}.creating"
    deadline = time.monotonic() + 120
    while not temp.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "never saw the temp file"
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert not path.exists()
    subprocess.run([sys.executable, "-c", CREATE, str(path), "20"], cwd=ROOT, check=True)
    svc = ReviewService.open(path, "kim")
    assert len(svc) == 20
    svc.close()
    assert not temp.exists()  # the dead process's leftovers are gone


def test_creating_over_an_existing_project_is_refused(tmp_path: Path) -> None:
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    before = path.read_bytes()
    with pytest.raises(MtreviewError, match="already exists"):
        small_project(path, SEGMENTS, GLOSSARY)
    assert path.read_bytes() == before


def test_a_project_finds_its_glossary_after_the_folder_moves(tmp_path: Path) -> None:
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "terms").mkdir()
    gloss = folder / "terms" / "glossary.yaml"
    gloss.write_text(GLOSSARY, encoding="utf-8")
    from mtreview.corpus.model import Corpus, Segment
    from mtreview.glossary.yaml_io import load_glossary

    path = folder / "p.mtreview"
    corpus = Corpus(tuple(Segment(*s) for s in SEGMENTS), str(path))
    ReviewService.create(path, corpus, load_glossary(gloss), "ana").close()
    meta = dict(query_in_new_process(path, "SELECT key, value FROM meta"))
    assert meta["glossary_path"] == "terms/glossary.yaml"
    moved = shutil.move(folder, tmp_path / "elsewhere")
    svc = ReviewService.open(Path(moved) / "p.mtreview", "ana")
    assert svc.glossary_path == Path(moved) / "terms" / "glossary.yaml"
    assert svc.open_issues(0) == 1
    svc.close()


def test_a_far_glossary_is_remembered_by_its_absolute_path(tmp_path: Path) -> None:
    far = tmp_path / "a" / "b" / "c"
    far.mkdir(parents=True)
    path = small_project(far / "p.mtreview", SEGMENTS, GLOSSARY)
    shared = tmp_path / "shared.yaml"
    shutil.move(far / "p.yaml", shared)
    svc = ReviewService.open(path, "ana", glossary=shared)
    svc.close()
    meta = dict(query_in_new_process(path, "SELECT key, value FROM meta"))
    assert meta["glossary_path"] == str(shared.resolve())


def test_open_project_with_g_repoints_it(tmp_path: Path, monkeypatch) -> None:
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    new = tmp_path / "v2.yaml"
    new.write_text(GLOSSARY + "  - source: 制度\n    target: regime\n", encoding="utf-8")
    opened: list[ReviewService] = []

    def run_tui(opener, _title) -> None:  # the service as the TUI would get it
        opened.append(opener(None))
        opened[-1].close()

    monkeypatch.setattr("mtreview.commands.review._run_tui", run_tui)
    out = CliRunner().invoke(main, ["open", str(path), "-g", str(new), "--reviewer", "ana"])
    assert out.exit_code == 0, out.output
    assert "regime" in opened[0].glossary.by_id() and opened[0].open_issues(1) == 2
    again = ReviewService.open(path, "ana")
    assert again.glossary_path == new and again.open_issues(1) == 2
    again.close()
    ReviewService.open(path, "ana", glossary=new).close()  # the same glossary: nothing to log
    kinds = query_in_new_process(path, "SELECT kind, after FROM actions")
    assert kinds == [["glossary-repoint", "v2.yaml"]]
    out = CliRunner().invoke(main, ["open", str(path), "-g", str(tmp_path / "none.yaml")])
    assert out.exit_code == 2 and "no such glossary" in out.stderr


def test_a_gone_glossary_says_to_give_one(tmp_path: Path) -> None:
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    path.with_suffix(".yaml").unlink()
    with pytest.raises(MtreviewError, match="is gone: give one with -g"):
        ReviewService.open(path, "ana")
