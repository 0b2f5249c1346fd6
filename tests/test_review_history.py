"""One history: which actions are in force, for undo, the fix log, MQM and resuming."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from review_helpers import GLOSSARY, small_project

from mtreview.review import GlossaryService, ReviewService
from mtreview.review.history import UndoStack, in_force, undoable
from mtreview.review.scores import score_project
from mtreview.review.store_records import Action
from mtreview.scoring.engine import Checker

SEGMENTS = [
    ("s1", "构建“三区四带”为主体的体系。", "Build a system of three zones and four zones."),
    ("s2", "推行碳票制度。", "Introduce the carbon stamp system."),
    ("s3", "没有术语的句子。", "A sentence without terms."),
    ("s4", "碳票和三区四带。", "The carbon stamp and three zones and four zones."),
]


@pytest.fixture
def service(tmp_path: Path):
    svc = ReviewService.open(small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY), "ana")
    yield svc
    svc.close()


def first_fix(svc: ReviewService, pos: int) -> str:
    return next(i.fingerprint for i in svc.state(pos).issues if i.fix is not None)


def test_fix_then_glossary_change_then_undo_leaves_no_fix_in_the_score(service) -> None:
    service.apply_fix(1, first_fix(service, 1))
    GlossaryService(service).add({"source": "句子", "target": "sentence"})
    undone = service.undo()
    assert undone is not None and undone.target == SEGMENTS[1][2]
    report = score_project(service.path).report
    assert report.data.fixes == ()
    assert report.changed == 0


def test_fix_all_is_in_the_fix_log_and_mqm(service) -> None:
    preview = service.preview_fix_all("carbon-ticket", "carbon stamp", "carbon ticket")
    assert [c.id for c in preview.changes] == ["s2", "s4"]
    service.fix_all(preview)
    fixes = score_project(service.path).report.data.fixes
    assert [(f.segment, f.kind, f.before, f.after) for f in fixes] == [
        ("s2", "fix-all", "stamp", "ticket"),
        ("s4", "fix-all", "stamp", "ticket"),
    ]
    assert all(f.severity == "major" and f.issue for f in fixes)
    service.undo()
    assert score_project(service.path).report.data.fixes == ()


def test_resume_passes_over_glossary_actions(service) -> None:
    service.edit(2, "Edited.")
    GlossaryService(service).add({"source": "理论", "target": "theory"})
    again = ReviewService.open(service.path, "ana")
    assert again.last_position() == 2
    again.close()


def test_resume_after_a_fix_all_opens_on_its_first_segment(service) -> None:
    service.confirm(0)
    service.fix_all(service.preview_fix_all("carbon-ticket", "carbon stamp", "carbon ticket"))
    assert service.last_position() == 1


class Counting:
    """Counts segment checks."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.checks = 0
        original = Checker.check_segment

        def counting(checker: Checker, segment):  # type: ignore[no-untyped-def]
            self.checks += 1
            return original(checker, segment)

        monkeypatch.setattr(Checker, "check_segment", counting)


@pytest.mark.parametrize(
    ("act", "checks"),
    [
        (lambda s: s.state(0), 0),
        (lambda s: s.apply_fix(0, first_fix(s, 0)), 1),
        (lambda s: s.edit(2, "Edited."), 1),
        (lambda s: s.edit(2, SEGMENTS[2][2]), 0),
        (lambda s: s.confirm(0), 0),
        (lambda s: s.ignore(0, first_fix(s, 0)), 0),
        (lambda s: (s.confirm(0), s.undo(), s.redo()), 0),
        (lambda s: (s.ignore(0, first_fix(s, 0)), s.undo(), s.redo()), 0),
        # the redo puts back the edit's text: its check is kept (CheckMemo), not made again
        (lambda s: (s.edit(2, "Edited."), s.undo(), s.redo()), 2),
    ],
)
def test_each_action_checks_its_changed_segment_once(
    service: ReviewService, monkeypatch: pytest.MonkeyPatch, act, checks: int
) -> None:
    counter = Counting(monkeypatch)
    act(service)
    assert counter.checks == checks


def test_a_shown_segment_shows_what_was_stored(service: ReviewService) -> None:
    fixed = service.apply_fix(0, first_fix(service, 0))
    again = ReviewService.open(service.path, "bo")
    assert again.state(0) == fixed
    again.close()


def _action(n: int, kind: str, ref: int | None, session: str = "a", who: str = "ana") -> Action:
    return Action(n, "2026-01-05T09:30:00+00:00", who, "s", kind, None, "x", "y", ref, session)


@pytest.mark.parametrize(
    ("log", "kept"),
    [
        ([("fix", None), ("glossary-add", None), ("undo", 1)], [2]),
        ([("fix", None), ("edit", None), ("undo", 1)], [2]),  # undo names its action
        ([("fix", None), ("undo", 1), ("redo", 1), ("undo", 1)], []),
        ([("fix", None), ("undo", 1), ("edit", None), ("redo", 1)], [1, 3]),
        ([("fix", None), ("glossary-add", None), ("undo", None)], [2]),  # legacy: no ref
        ([("fix", None), ("undo", None), ("redo", None)], [1]),
        ([("fix", None), ("undo", None), ("edit", None), ("redo", None)], [3]),  # nothing to redo
    ],
)
def test_in_force_follows_refs(log: list[tuple[str, int | None]], kept: list[int]) -> None:
    actions = [_action(n, kind, ref) for n, (kind, ref) in enumerate(log, start=1)]
    assert [a.id for a in in_force(actions)] == kept


KINDS = st.sampled_from(["fix", "edit", "confirm", "glossary-edit"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["act", "undo", "redo"]), KINDS), max_size=25))
def test_the_undo_stack_and_in_force_agree(steps: list[tuple[str, str]]) -> None:
    """Whatever one session does, its undo stack is what is in force, latest first."""
    stack = UndoStack("ana", "a")
    log: list[Action] = []
    for step, kind in steps:
        n = len(log) + 1
        if step == "act":
            action = _action(n, kind, None)
        else:
            target = stack.to_undo() if step == "undo" else stack.to_redo()
            if target is None:
                continue
            action = _action(n, step, target.id)
        log.append(action)
        stack.track(action)
    kept = in_force(log)
    undone = {a.id for a in log if a.kind not in ("undo", "redo")} - {a.id for a in kept}
    redoable, done = [], []
    while (a := stack.to_redo()) is not None:
        redoable.append(a.id)
        stack.drop(a)
    while (a := stack.to_undo()) is not None:
        done.append(a.id)
        stack.drop(a)
    assert set(redoable) <= undone
    assert done[::-1] == [a.id for a in kept if undoable(a)]


def test_a_session_undoes_only_its_own_actions() -> None:
    mine, theirs = UndoStack("ana", "a"), UndoStack("bo", "b")
    log = [_action(1, "fix", None, "a"), _action(2, "edit", None, "b", "bo")]
    for action in log:
        mine.track(action)
        theirs.track(action)
    assert mine.to_undo() == log[0] and theirs.to_undo() == log[1]


def test_resuming_adopts_the_reviewers_earlier_actions_only() -> None:
    log = [_action(1, "fix", None, "old"), _action(2, "edit", None, "x", "bo")]
    stack = UndoStack("ana", "new")
    stack.resume(log)
    later = _action(3, "confirm", None, "other", "ana")  # the same name, another live session
    stack.track(later)
    assert stack.to_undo() == log[0]
