from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from review_helpers import GLOSSARY, query_in_new_process, small_project

from mtreview.errors import MtreviewError
from mtreview.review import Filter, ReviewService, resolve_reviewer
from mtreview.review.store_schema import APPLICATION_ID, SCHEMA_VERSION

SEGMENTS = [
    ("s1", "构建“三区四带”为主体的体系。", "Build a system of three zones and four zones."),
    ("s2", "推行碳票制度。", "Introduce the carbon stamp system."),
    ("s3", "没有术语的句子。", "A sentence without terms."),
    ("s4", "“三区四带”很重要。", "The three zones and four belts matter."),
]


@pytest.fixture
def service(tmp_path: Path):
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    svc = ReviewService.open(path, "ana")
    yield svc
    svc.close()


def first_issue(svc: ReviewService, pos: int) -> str:
    return svc.state(pos).issues[0].fingerprint


def test_created_project_has_schema_and_issue_counts(service: ReviewService) -> None:
    pragmas = "SELECT * FROM pragma_user_version, pragma_journal_mode, pragma_application_id"
    assert query_in_new_process(service.path, pragmas) == [[SCHEMA_VERSION, "wal", APPLICATION_ID]]
    assert [service.open_issues(p) for p in range(4)] == [1, 1, 0, 0]
    assert service.progress().open_issues == 2
    assert service.next_issue(-1) == 0
    assert service.next_issue(0) == 1
    assert service.next_issue(1) is None
    assert service.next_issue(3, -1) == 1


def test_apply_fix_is_committed_before_returning(service: ReviewService) -> None:
    state = service.apply_fix(0, first_issue(service, 0))
    assert "three zones and four belts" in state.target
    assert state.issues == ()
    path = service.path
    rows = query_in_new_process(path, "SELECT target FROM segments WHERE id = 's1'")
    assert rows == [["Build a system of three zones and four belts."]]
    log = query_in_new_process(path, "SELECT reviewer, segment, kind, before, after FROM actions")
    assert log == [
        ["ana", "s1", "fix", SEGMENTS[0][2], "Build a system of three zones and four belts."]
    ]


@pytest.mark.parametrize(
    ("act", "sql", "expected"),
    [
        (
            lambda s: s.edit(2, "Edited."),
            "SELECT target FROM segments WHERE id='s3'",
            [["Edited."]],
        ),
        (lambda s: s.confirm(2), "SELECT status FROM segments WHERE id='s3'", [["confirmed"]]),
        (lambda s: s.ignore(1, first_issue(s, 1)), "SELECT segment FROM ignored", [["s2"]]),
    ],
)
def test_each_action_is_visible_to_another_process(service, act, sql, expected) -> None:
    act(service)
    assert query_in_new_process(service.path, sql) == expected


def test_undo_and_redo_are_logged_actions(service: ReviewService) -> None:
    service.apply_fix(1, first_issue(service, 1))
    assert "carbon ticket" in service.target(1)
    undone = service.undo()
    assert undone is not None and undone.target == SEGMENTS[1][2]
    assert len(undone.issues) == 1
    redone = service.redo()
    assert redone is not None and "carbon ticket" in redone.target
    assert service.redo() is None
    kinds = query_in_new_process(service.path, "SELECT kind FROM actions ORDER BY id")
    assert kinds == [["fix"], ["undo"], ["redo"]]


def test_undo_ignore_and_confirm(service: ReviewService) -> None:
    service.ignore(0, first_issue(service, 0))
    assert service.open_issues(0) == 0
    service.confirm(3)
    assert service.progress().confirmed == 1
    service.undo()
    assert service.progress().confirmed == 0
    service.undo()
    assert service.open_issues(0) == 1
    assert query_in_new_process(service.path, "SELECT * FROM ignored") == []
    assert service.undo() is None


def test_undo_stack_survives_reopening(service: ReviewService) -> None:
    path = service.path
    service.edit(2, "First.")
    service.edit(2, "Second.")
    service.undo()
    service.close()
    again = ReviewService.open(path, "ana")
    assert again.target(2) == "First."
    assert again.redo() is not None and again.target(2) == "Second."
    again.undo()
    again.undo()
    assert again.target(2) == SEGMENTS[2][2]
    again.close()


def test_ignored_issue_stays_ignored_after_full_recheck(service: ReviewService) -> None:
    fingerprint = first_issue(service, 1)
    service.ignore(1, fingerprint)
    service.recheck_all()
    assert service.open_issues(1) == 0
    assert fingerprint not in {i.fingerprint for i in service.state(1).issues}


def test_an_ignored_issue_has_no_fix_to_apply(service: ReviewService) -> None:
    fingerprint = first_issue(service, 0)
    assert service.state(0).issues[0].fix is not None
    service.ignore(0, fingerprint)
    with pytest.raises(MtreviewError, match="no fix for this issue"):
        service.apply_fix(0, fingerprint)
    assert service.target(0) == SEGMENTS[0][2]


def test_changed_glossary_triggers_recheck(service: ReviewService) -> None:
    path = service.path
    service.close()
    gloss = path.with_suffix(".yaml")
    gloss.write_text(GLOSSARY + "  - source: 句子\n    target: clause\n", encoding="utf-8")
    again = ReviewService.open(path, "ana")
    assert again.open_issues(2) == 1
    again.close()


def test_edit_to_same_text_logs_nothing(service: ReviewService) -> None:
    service.edit(2, SEGMENTS[2][2])
    assert service.store.actions() == []


def test_apply_fix_of_unknown_issue_is_an_error(service: ReviewService) -> None:
    with pytest.raises(MtreviewError, match="no fix"):
        service.apply_fix(2, "nope")


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (Filter(), [0, 1, 2, 3]),
        (Filter("issues"), [0, 1]),
        (Filter("check", "term-forbidden"), [0, 1]),
        (Filter("term", "three-zones-and-four-belts"), [0, 3]),
        (Filter("text", "CARBON"), [1]),
        (Filter("text", "术语"), [2]),
        (Filter("todo"), [0, 1, 2, 3]),
        (Filter("confirmed"), []),
    ],
)
def test_filters(service: ReviewService, flt: Filter, expected: list[int]) -> None:
    assert service.filtered(flt) == expected


def test_search_wraps_round(service: ReviewService) -> None:
    assert service.search("three zones", 0) == 3
    assert service.search("three zones", 3) == 0
    assert service.search("absent words", 0) is None


def test_export_txt_and_tsv(service: ReviewService, tmp_path: Path) -> None:
    service.apply_fix(0, first_issue(service, 0))
    service.export(tmp_path / "out.txt")
    lines = (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Build a system of three zones and four belts."
    assert lines[1:] == [t for _, _, t in SEGMENTS[1:]]
    service.export(tmp_path / "out.tsv")
    rows = [r.split("\t") for r in (tmp_path / "out.tsv").read_text("utf-8").splitlines()]
    assert rows[0] == ["id", "source", "target", "mt"]
    assert rows[1] == ["s1", SEGMENTS[0][1], lines[0], SEGMENTS[0][2]]
    assert not list(tmp_path.glob(".out*.tmp"))


def test_open_rejects_a_file_that_is_not_a_project(tmp_path: Path) -> None:
    bad = tmp_path / "x.mtreview"
    bad.write_text("hello, not sqlite" * 100)
    with pytest.raises(MtreviewError, match="not a review project"):
        ReviewService.open(bad, "ana")
    with pytest.raises(MtreviewError, match="no such project"):
        ReviewService.open(tmp_path / "missing.mtreview", "ana")


def test_newer_schema_is_refused(service: ReviewService) -> None:
    path = service.path
    service.close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(MtreviewError, match="newer mtreview"):
        ReviewService.open(path, "ana")


@pytest.mark.parametrize(
    ("option", "config", "expected"),
    [("ana", 'reviewer = "ben"', "ana"), (None, 'reviewer = "ben"', "ben"), (None, None, "LOGIN")],
)
def test_reviewer_name(tmp_path, monkeypatch, option, config, expected) -> None:
    monkeypatch.setenv("MTREVIEW_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setattr("getpass.getuser", lambda: "LOGIN")
    if config:
        (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    assert resolve_reviewer(option) == expected
