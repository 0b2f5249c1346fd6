"""A new project stores what a fresh check finds, whether its check ran in one process or two."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import ReviewService, load_inputs
from mtreview.review.glossary_file import read_glossary
from mtreview.review.store_records import checked
from mtreview.scoring import parallel
from mtreview.scoring.engine import Checker


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_new_project_stores_what_a_fresh_check_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(parallel, "_CHUNK", 40)  # several chunks per process
    glossary = tmp_path / "g.yaml"
    glossary.write_bytes(demo_glossary().read_bytes())
    corpus, terms = load_inputs(demo_corpus(), glossary)
    service = ReviewService.create(tmp_path / "p.mtreview", corpus, terms, "t", jobs=jobs)
    try:
        fresh = Checker(read_glossary(glossary).glossary)
        full = fresh.check_corpus(corpus, jobs=1)
        assert len(full.results) == len(service) == 161
        _, rows = service.store.index_rows()
        holding: dict[str, int] = {}
        for pos, result in enumerate(full.results):
            stored = checked(result)
            assert service.store.segment_now(pos).detail == stored.detail, pos
            assert rows[pos][3] == stored.keys, pos
            for term_id in stored.terms:
                holding[term_id] = holding.get(term_id, 0) + 1
        assert service.store.term_counts() == holding
        assert service.checker.known == fresh.known
        assert sum(1 for r in full.results if r.issues) > 10  # the demo has issues to find
    finally:
        service.close()


def test_storing_leaves_the_corpus_texts_as_they_were(tmp_path: Path) -> None:
    # Binding a str that is not ASCII keeps its UTF-8 form inside the object (CPython): the
    # corpus, alive all creation long, grew by a third (32 MB at 100k segments).
    corpus, terms = load_inputs(demo_corpus(), demo_glossary())
    corpus = replace(
        corpus,
        segments=tuple(
            replace(s, target=s.target + " “quoted”", reference="“r”") for s in corpus.segments
        ),
    )
    texts = [(s.source, s.target, s.reference) for s in corpus.segments]
    sizes = [tuple(map(sys.getsizeof, t)) for t in texts]
    ReviewService.create(tmp_path / "p.mtreview", corpus, terms, "t", jobs=1).close()
    assert [tuple(map(sys.getsizeof, t)) for t in texts] == sizes
    reopened = ReviewService.open(tmp_path / "p.mtreview", "t")
    try:  # what was stored is the text itself
        stored = [reopened.store.segment_now(pos) for pos in range(len(corpus.segments))]
        assert [(s.original.source, s.target, s.original.reference) for s in stored] == texts
        assert all(s.original.target == s.target for s in stored)
    finally:
        reopened.close()


def test_open_makes_the_project_before_the_screen_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made outside the TUI's threads, so that the check may fork worker processes."""
    from click.testing import CliRunner

    from mtreview.cli import main
    from mtreview.commands import review

    corpus = tmp_path / "article.tsv"
    corpus.write_bytes(demo_corpus().read_bytes())
    project = tmp_path / "article.tsv.mtreview"
    seen: list[tuple[bool, int]] = []

    def run(opener, title) -> None:  # type: ignore[no-untyped-def]
        made = project.is_file()
        service = opener(None)
        seen.append((made, len(service)))
        service.close()

    monkeypatch.setattr(review, "_run_tui", run)
    args = ["open", str(corpus), "-g", str(demo_glossary()), "--reviewer", "ana"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert seen == [(True, 161)]
    bad = ["open", str(tmp_path / "article.tsv"), "-g", str(tmp_path / "none.yaml"), "--project"]
    result = CliRunner().invoke(main, [*bad, str(tmp_path / "other.mtreview")])
    assert result.exit_code == 2 and "none.yaml" in result.stderr
    assert not (tmp_path / "other.mtreview").exists() and len(seen) == 1


def _with_copies(folder: Path) -> Path:
    """The demo and a copy of its first 40 segments, their targets changed: groups of segments
    with one source and two targets (corpus-level issues to store)."""
    from mtreview.corpus.model import Corpus
    from mtreview.corpus.tsv import read_tsv, write_tsv

    demo = read_tsv(demo_corpus())
    copies = [
        replace(s, id=f"copy-{s.id}", target=s.target + " Again.") for s in demo.segments[:40]
    ]
    path = folder / "copies.tsv"
    write_tsv(path, Corpus((*demo.segments, *copies), str(path)))
    return path


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a project, but its creation's random stamp."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {t: sorted(db.execute(f"SELECT * FROM {t}"), key=repr) for t in tables}
    finally:
        db.close()
    found["meta"] = [r for r in found["meta"] if r[0] != "results_stamp"]
    return found


def test_workers_store_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers make each segment's stored form (second pass, corpus-level issues joined,
    serialised) a chunk at a time while this process stores them: every table's rows are those
    of a creation in one process."""
    monkeypatch.setattr(parallel, "_CHUNK", 30)  # several chunks per worker, ranges uneven
    corpus_path = _with_copies(tmp_path)
    glossary = tmp_path / "g.yaml"
    glossary.write_bytes(demo_glossary().read_bytes())
    made = {}
    for jobs in (1, 2):
        corpus, _ = load_inputs(corpus_path, glossary)
        path = tmp_path / f"p{jobs}.mtreview"
        ReviewService.create(path, corpus, read_glossary(glossary), "t", jobs=jobs).close()
        made[jobs] = _rows(path)
    assert len(made[1]["corpus_issues"]) >= 40 and len(made[1]["segments"]) == 201
    assert made[2] == made[1]


def _where(result: object) -> int:
    return os.getpid()


def test_results_are_made_in_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a caller makes of each result (the store's serialised form) is made by the workers,
    not in this process; closing the results early ends the workers."""
    monkeypatch.setattr(parallel, "_CHUNK", 20)
    corpus, terms = load_inputs(demo_corpus(), demo_glossary())
    results = Checker(terms).corpus_results(corpus, jobs=2, made=_where)
    pids = set(results)  # which worker takes which chunk is the executor's (one may take all)
    assert pids and os.getpid() not in pids
    stream = Checker(terms).corpus_results(corpus, jobs=2, made=_where)
    first = next(stream)
    children = set(multiprocessing.active_children())
    assert first in {c.pid for c in children}
    stream.close()
    assert not any(c.is_alive() for c in children)


def test_a_new_project_has_the_schema_its_migrations_make(tmp_path: Path) -> None:
    """A new project's indexes are built after its rows are in: its schema is still exactly
    what running every migration on an empty file makes (no index left out), and it checks."""
    from mtreview.review.store_schema import MIGRATIONS, statements

    corpus, _ = load_inputs(demo_corpus(), demo_glossary())
    path = tmp_path / "p.mtreview"
    ReviewService.create(path, corpus, read_glossary(demo_glossary()), "t", jobs=1).close()
    migrated = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        for statement in statements(script):
            migrated.execute(statement)
    made = sqlite3.connect(path)
    try:
        schema = "SELECT type, name, tbl_name, sql FROM sqlite_master"
        assert sorted(made.execute(schema)) == sorted(migrated.execute(schema))
        assert made.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert made.execute("PRAGMA page_size").fetchone() == (16384,)
    finally:
        made.close()
        migrated.close()


def test_a_failed_creation_ends_its_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A creation failing before its rows are stored (here: the glossary's snapshot) ends the
    check's workers at once, though the caller keeps the error (they lived as long as it did)."""
    from mtreview.review import service

    def fail(*_: object) -> str:
        raise OSError("no snapshot")

    monkeypatch.setattr(parallel, "_CHUNK", 20)
    monkeypatch.setattr(service, "snapshot", fail)
    corpus, _ = load_inputs(demo_corpus(), demo_glossary())
    with pytest.raises(OSError) as kept:
        ReviewService.create(
            tmp_path / "p.mtreview", corpus, read_glossary(demo_glossary()), "t", jobs=2
        )
    assert kept.value is not None and not multiprocessing.active_children()
    assert not (tmp_path / "p.mtreview").exists()
