"""Actions keep a corpus-level group's stored issues exactly as a fresh full check makes them.

An action on one segment updates the other members of its groups (inconsistent-target /
inconsistent-source) from the groups alone, reading their stored issues but not their term
occurrences (:meth:`mtreview.review.actions.Actions._regroup`). Whatever the actions — fixes
that make a group consistent or not, edits, undo, redo, ignore, confirm — every segment's
stored result (issues, occurrences, keys: byte for byte), the list's counts, and what a
re-opened project shows equal a fresh ``check_corpus`` of the same texts.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_helpers import small_project, stored_issues_of, stored_results

from mtreview.review import ReviewService
from mtreview.review.store_records import Checked, SharedIssue, checked
from mtreview.review.store_schema import SCHEMA_VERSION
from mtreview.scoring.engine import Checker
from mtreview.scoring.issues import Fix, Issue, fingerprints, with_fingerprints

GLOSSARY = """\
source_lang: zh
target_lang: en
terms:
  - id: three-zones-four-belts
    source: 三区四带
    target: three zones and four belts
    forbidden: [three zones and four zones]
    severity: major
"""
SOURCE = "构建三区四带。"
WRONG = "Build three zones and four zones."
RIGHT = "Build three zones and four belts."
SEGMENTS = [
    ("s1", SOURCE, WRONG),
    ("s2", SOURCE, WRONG),
    ("s3", SOURCE, WRONG),
    ("s4", SOURCE, WRONG),
    ("s5", "建设三区四带。", RIGHT),  # another source: joins s1-s4 by target once fixed
    ("s6", "没有术语。", "No term here."),
]
EDITS = [RIGHT, WRONG, "Build the three zones and four belts!", "No term here."]


def stored_rows(path: Path) -> dict[str, tuple[str, str, tuple[SharedIssue, ...]]]:
    """(own issue keys, detail, corpus-level issues) of every segment, as stored."""
    return stored_results(path)


def fresh_rows(svc: ReviewService) -> dict[str, tuple[str, str, tuple[SharedIssue, ...]]]:
    """What a full check of the project's current texts stores, in the same form."""
    checker = Checker(svc.glossary, svc.check_config.config)
    result = checker.check_corpus(svc.store.corpus().segments, jobs=1)
    return {r.segment.id: _parts(checked(r)) for r in result.results}


def _parts(stored: Checked) -> tuple[str, str, tuple[SharedIssue, ...]]:
    return stored.keys, stored.detail, stored.corpus


def shared_rows(path: Path) -> tuple[int, int]:
    """(shared parts stored, those no segment refers to)."""
    db = sqlite3.connect(path)
    try:
        count = db.execute("SELECT COUNT(*) FROM shared_issues").fetchone()[0]
        orphans = db.execute(
            "SELECT COUNT(*) FROM shared_issues WHERE id NOT IN (SELECT shared FROM corpus_issues)"
        ).fetchone()[0]
    finally:
        db.close()
    return count, orphans


def assert_as_fresh(svc: ReviewService) -> None:
    stored = stored_rows(svc.path)
    assert stored == fresh_rows(svc)
    shared = {c.shared for _, _, corpus in stored.values() for c in corpus}
    assert shared_rows(svc.path) == (len(shared), 0)  # each shared part once, none left over
    fresh = Checker(svc.glossary, svc.check_config.config).check_corpus(
        svc.store.corpus().segments, jobs=1
    )
    issues = stored_issues_of(svc.path)  # joined again: the full check's issues
    assert issues == {r.segment.id: r.issues for r in fresh.results}
    ignored = svc.index.ignored
    for pos, result in enumerate(fresh.results):  # the list's counts, from memory
        assert svc.open_issues(pos) == sum(1 for i in result.issues if i.fingerprint not in ignored)


def act(svc: ReviewService, step: tuple[str, int, int]) -> None:
    kind, pos, n = step
    if kind == "fix":
        fixes = [i for i in svc.state(pos).issues if i.fix is not None]
        if fixes:
            svc.apply_fix(pos, fixes[0].fingerprint)
    elif kind == "edit":
        svc.edit(pos, EDITS[n])
    elif kind == "ignore":
        issues = svc.state(pos).issues
        if issues:
            svc.ignore(pos, issues[n % len(issues)].fingerprint)
    elif kind == "confirm":
        svc.confirm(pos)
    elif kind == "undo":
        svc.undo()
    else:
        svc.redo()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)


# (action, segment, argument): fixes that split the group s1-s4 and join it again, undone.
TABLE = [
    [("fix", 0, 0)],  # s1 differs from s2-s4: all four inconsistent, s1 and s5 share a target
    [("fix", 0, 0), ("fix", 1, 0), ("fix", 2, 0)],  # three fixed, one not
    [("fix", 0, 0), ("fix", 1, 0), ("fix", 2, 0), ("fix", 3, 0)],  # consistent again
    [("fix", 0, 0), ("fix", 1, 0), ("fix", 2, 0), ("fix", 3, 0), ("undo", 0, 0)],
    [("fix", 0, 0), ("fix", 1, 0), ("undo", 0, 0), ("undo", 0, 0), ("redo", 0, 0)],
    [("fix", 0, 0), ("ignore", 1, 0), ("edit", 0, 1), ("undo", 0, 0), ("undo", 0, 0)],
    [("edit", 4, 1), ("confirm", 0, 0), ("fix", 4, 0), ("undo", 0, 0), ("undo", 0, 0)],
]


@pytest.mark.parametrize("steps", TABLE)
def test_group_after_actions_equals_a_fresh_check(path: Path, steps) -> None:
    svc = ReviewService.open(path, "ana")
    try:
        assert_as_fresh(svc)
        for step in steps:
            act(svc, step)
            assert_as_fresh(svc)
    finally:
        svc.close()
    again = ReviewService.open(path, "bo")  # re-opened: the same issues shown
    try:
        checker = Checker(again.glossary, again.check_config.config)
        fresh = checker.check_corpus(again.store.corpus().segments, jobs=1)
        for pos, result in enumerate(fresh.results):
            state = again.state(pos)
            assert (*state.issues, *state.ignored) == tuple(
                [i for i in result.issues if i.fingerprint not in again.index.ignored]
                + [i for i in result.issues if i.fingerprint in again.index.ignored]
            )
    finally:
        again.close()


def test_fix_splitting_a_group_gives_every_member_the_issue(path: Path) -> None:
    svc = ReviewService.open(path, "ana")
    try:
        svc.apply_fix(0, next(i for i in svc.state(0).issues if i.fix).fingerprint)
        checks = {p: [i.check for i in svc.state(p).issues] for p in range(6)}
        for pos in (1, 2, 3):  # not acted on: updated from the group
            assert "inconsistent-target" in checks[pos]
        assert "inconsistent-source" in checks[4]
        assert set(svc.refresh().positions) == {1, 2, 3, 4}  # the list learns which changed
        svc.undo()
        assert all(
            not c.startswith("inconsistent")
            for p in range(6)
            for c in [i.check for i in svc.state(p).issues]
        )
        assert set(svc.refresh().positions) >= {1, 2, 3, 4}
    finally:
        svc.close()


STEP = st.one_of(
    st.tuples(st.sampled_from(["fix", "edit", "ignore"]), st.integers(0, 4), st.integers(0, 3)),
    st.tuples(st.sampled_from(["undo", "redo", "confirm"]), st.integers(0, 4), st.just(0)),
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(STEP, min_size=1, max_size=6))
def test_any_actions_leave_the_store_as_a_fresh_check(tmp_path_factory, steps) -> None:
    folder = tmp_path_factory.mktemp("p")
    svc = ReviewService.open(small_project(folder / "p.mtreview", SEGMENTS, GLOSSARY), "ana")
    try:
        for step in steps:
            act(svc, step)
        assert_as_fresh(svc)
    finally:
        svc.close()


SAME_KEY = "build three zones and four zones"  # WRONG as the inconsistency checks see it


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(STEP, st.tuples(st.just("same"), st.integers(0, 4), st.just(0)))))
def test_an_action_writes_and_reports_only_the_members_it_changed(tmp_path_factory, steps) -> None:
    """The other segments an action stores and reports are those whose stored issues changed.

    Members of the groups it touched whose corpus-level issues stay as they were (an edit the
    checks see as the same text, a group left as consistent) are neither written nor reported.
    """
    folder = tmp_path_factory.mktemp("p")
    svc = ReviewService.open(small_project(folder / "p.mtreview", SEGMENTS, GLOSSARY), "ana")
    try:
        for step in [("same", 0, 0), *steps]:
            before, versions = stored_rows(svc.path), list(svc.index.versions)
            if step[0] == "same":
                svc.edit(step[1], SAME_KEY if svc.target(step[1]) != SAME_KEY else WRONG)
            else:
                act(svc, step)
            reported = set(svc.refresh().positions)
            after = stored_rows(svc.path)
            written = {p for p, v in enumerate(svc.index.versions) if v != versions[p]}
            changed = {svc.pos_of[i] for i in after if after[i][2] != before[i][2]}
            assert reported - written == changed - written, step
    finally:
        svc.close()


def _as_schema_8(path: Path) -> None:
    """Back to schema 8: each segment's corpus-level issues inside its own stored result."""
    issues = stored_issues_of(path)
    db = sqlite3.connect(path)
    for seg, detail in db.execute("SELECT id, detail FROM segments").fetchall():
        whole = {**json.loads(detail), "issues": [i.to_json() for i in issues[seg]]}
        keys = json.dumps([[i.fingerprint, i.check, i.term or ""] for i in issues[seg]])
        db.execute(
            "UPDATE segments SET issues = ?, detail = ? WHERE id = ?",
            (keys, json.dumps(whole, ensure_ascii=False), seg),
        )
    db.execute("DROP TABLE corpus_issues")
    db.execute("DROP TABLE shared_issues")
    db.execute("PRAGMA user_version = 8")
    db.commit()
    db.close()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_schema_8_project_is_converted_and_keeps_working(path: Path, read_only: bool) -> None:
    svc = ReviewService.open(path, "ana")
    try:
        svc.apply_fix(0, next(i for i in svc.state(0).issues if i.fix).fingerprint)
        shown = {pos: svc.state(pos) for pos in range(len(svc))}
    finally:
        svc.close()
    _as_schema_8(path)
    old = sqlite3.connect(path)
    inside = old.execute("SELECT COUNT(*) FROM segments WHERE detail LIKE '%inconsistent-%'")
    assert inside.fetchone()[0] == 5  # s1-s5 hold theirs in their own rows
    old.close()
    again = ReviewService.open(path, "bo", read_only=read_only)
    try:
        for pos, state in shown.items():
            now = again.state(pos)
            assert (now.issues, now.ignored, again.open_issues(pos)) == (
                state.issues,
                state.ignored,
                len(state.issues),
            )
        if not read_only:
            assert_as_fresh(again)
            again.apply_fix(1, next(i for i in again.state(1).issues if i.fix).fingerprint)
            assert_as_fresh(again)
    finally:
        again.close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == (8 if read_only else SCHEMA_VERSION)  # read-only: converted in memory


def test_fingerprinting_keeps_every_other_field() -> None:
    """with_fingerprints builds the fingerprinted issue field by field: none may be lost."""
    issue = Issue(
        "s1",
        "term-wrong",
        "major",
        "message",
        "t",
        (1, 2),
        (3, 4),
        "found",
        "expected",
        Fix((3, 4), "right"),
        "",
        ("s2", "s3"),
    )
    assert {f.name for f in fields(Issue)} - {"fingerprint"} == {
        "segment", "check", "severity", "message", "term", "source_span", "target_span",
        "found", "expected", "fix", "related",
    }  # fmt: skip
    (done,) = with_fingerprints([issue])
    assert done == replace(issue, fingerprint=done.fingerprint) and done.fingerprint


def test_shared_parts_are_stored_once_per_group(path: Path) -> None:
    svc = ReviewService.open(path, "ana")
    try:
        svc.apply_fix(0, next(i for i in svc.state(0).issues if i.fix).fingerprint)
    finally:
        svc.close()
    corpus = stored_results(path)
    members = {seg: rows for seg, (_, _, rows) in corpus.items() if rows}
    assert set(members) == {"s1", "s2", "s3", "s4", "s5"}
    # s2-s4 see the group the same way: one shared part; their found text is their target
    assert len({members[s][0].shared for s in ("s2", "s3", "s4")}) == 1
    assert all(r.found is None for rows in members.values() for r in rows)
    assert shared_rows(path)[0] == len({r.shared for rows in members.values() for r in rows})


def test_two_sessions_opening_an_old_project_at_once_migrate_it_once(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second reads the schema before the first migrates, then waits for its write lock."""
    from mtreview.review.store_base import StoreBase

    _as_schema_8(path)
    real = StoreBase._write
    raced: list[bool] = []

    def write(self: StoreBase):  # type: ignore[no-untyped-def]
        if not raced:  # the other session opens (and migrates) just before this one writes
            raced.append(True)
            ReviewService.open(path, "bo").close()
        return real(self)

    monkeypatch.setattr(StoreBase, "_write", write)
    svc = ReviewService.open(path, "ana")
    try:
        assert raced and len(svc) == 6
        assert_as_fresh(svc)
    finally:
        svc.close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION


def test_a_segment_and_its_corpus_rows_are_read_as_one_moment_left_them(path: Path) -> None:
    """Another session committing between the two reads of segment_now changes neither."""
    from mtreview.review.store import Store

    svc = ReviewService.open(path, "ana")
    try:  # a fix splits the group: its members get corpus-level issues
        svc.apply_fix(0, next(i for i in svc.state(0).issues if i.fix).fingerprint)
    finally:
        svc.close()
    store = Store.open(path)
    try:
        pos = next(p for p, rows in store.corpus_rows().items() if rows)
        before = store.segment_now(pos)
        assert before.corpus
        real = Store._corpus_rows

        def meanwhile(db: sqlite3.Connection, positions: object) -> object:
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("DELETE FROM corpus_issues WHERE pos = ?", (pos,))  # committed
            other.close()
            return real(db, positions)  # type: ignore[arg-type]

        Store._corpus_rows = staticmethod(meanwhile)  # type: ignore[method-assign,assignment]
        try:
            assert store.segment_now(pos) == before
        finally:
            Store._corpus_rows = staticmethod(real)  # type: ignore[method-assign,assignment]
        assert not store.segment_now(pos).corpus  # the next read sees the commit
    finally:
        store.close()


def test_a_session_reads_its_list_as_one_moment_left_the_project(path: Path) -> None:
    """Another session committing between the list's reads (rows, then corpus-level rows)."""
    from mtreview.review.store import Store

    svc = ReviewService.open(path, "ana")
    try:  # a fix splits the group: its members get corpus-level issues
        svc.apply_fix(0, next(i for i in svc.state(0).issues if i.fix).fingerprint)
        keys = list(svc.index.keys)
    finally:
        svc.close()
    pos = next(p for p, k in enumerate(keys) if any(key[1].startswith("inconsistent") for key in k))
    real = Store.corpus_rows

    def meanwhile(self: Store, positions: object = None) -> object:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("DELETE FROM corpus_issues WHERE pos = ?", (pos,))  # committed
        other.close()
        return real(self, positions)  # type: ignore[arg-type]

    Store.corpus_rows = meanwhile  # type: ignore[method-assign,assignment]
    try:
        again = ReviewService.open(path, "bo")
    finally:
        Store.corpus_rows = real  # type: ignore[method-assign]
    try:
        assert list(again.index.keys) == keys  # as the project was when the reads began
    finally:
        again.close()


def test_fingerprints_fold_the_found_texts_case_and_spacing_only() -> None:
    """An issue keeps its fingerprint when its found text changes case or spacing (a re-check
    after such an edit elsewhere), not when it changes words; as another segment's, another."""
    issue = Issue("s1", "term-wrong", "major", "message", "t", found="Green  Mine")
    same, other = replace(issue, found="green mine"), replace(issue, found="green mines")
    prints = [with_fingerprints([i])[0].fingerprint for i in (issue, same, other)]
    assert prints[0] == prints[1] != prints[2]
    moved = with_fingerprints([replace(issue, segment="s2")])[0].fingerprint
    assert fingerprints([issue], "s2") == [moved] != [prints[0]]
