"""Batch actions: confirm every clean segment, apply every fix of a check or term (one action)."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_helpers import BATCH_SEGMENTS, GLOSSARY, query_in_new_process, small_project

from mtreview.errors import MtreviewError
from mtreview.review import CONFIRMED, TODO, Filter, ReviewService
from mtreview.review.batch import with_fixes
from mtreview.scoring.issues import Fix

SEGMENTS = BATCH_SEGMENTS


@pytest.fixture
def service(tmp_path: Path):
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    svc = ReviewService.open(path, "ana")
    yield svc
    svc.close()


def stored(svc: ReviewService, column: str) -> dict[str, str]:
    rows = query_in_new_process(svc.path, f"SELECT id, {column} FROM segments")
    return {r[0]: r[1] for r in rows}


def test_confirm_all_confirms_clean_segments_as_one_undoable_action(service) -> None:
    preview = service.preview_confirm_all()
    assert [c.id for c in preview.changes] == ["s3", "s4"]
    assert stored(service, "status") == dict.fromkeys(stored(service, "status"), TODO)
    service.confirm_all(preview)
    status = stored(service, "status")
    assert [s for s, v in status.items() if v == CONFIRMED] == ["s3", "s4"]
    assert query_in_new_process(service.path, "SELECT kind FROM actions") == [["confirm-all"]]
    assert service.progress().confirmed == 2
    service.undo()
    assert set(stored(service, "status").values()) == {TODO}
    assert service.progress().confirmed == 0
    service.redo()
    assert [s for s, v in stored(service, "status").items() if v == CONFIRMED] == ["s3", "s4"]


@pytest.mark.parametrize(
    ("scope", "expected", "fixes"),
    [
        (
            Filter("term", "carbon-ticket"),
            {
                "s2": "Introduce the carbon ticket system.",
                "s5": "Use carbon ticket and  carbon ticket.",
            },
            3,
        ),
        (
            Filter("check", "double-space"),
            {"s5": "Use carbon stamp and carbon stamp.", "s6": "Hello world."},
            2,
        ),
    ],
)
def test_apply_fixes_of_a_term_or_check_is_one_action(service, scope, expected, fixes) -> None:
    before = stored(service, "target")
    preview = service.preview_fixes(scope)
    assert {c.id: c.after for c in preview.changes} == expected
    assert preview.fixes == fixes
    assert stored(service, "target") == before  # a preview writes nothing
    service.apply_fixes(preview)
    after = stored(service, "target")
    assert after == {**before, **expected}
    assert query_in_new_process(service.path, "SELECT kind FROM actions") == [["fix-all"]]
    assert service.preview_fixes(scope).changes == ()  # nothing of the kind left to fix
    assert service.counts()[0 if scope.kind == "check" else 1].get(scope.value, 0) == 0
    service.undo()
    assert stored(service, "target") == before


def test_ignored_issues_are_not_fixed(service) -> None:
    s2 = service.pos_of["s2"]
    service.ignore(s2, service.state(s2).issues[0].fingerprint)
    preview = service.preview_fixes(Filter("term", "carbon-ticket"))
    assert [c.id for c in preview.changes] == ["s5"]


def test_a_segment_changed_since_the_preview_refuses_the_whole_batch(service, tmp_path) -> None:
    preview = service.preview_fixes(Filter("term", "carbon-ticket"))
    other = ReviewService.open(service.path, "ben")
    other.edit(other.pos_of["s5"], "Changed by ben.")
    other.close()
    before = stored(service, "target")
    with pytest.raises(MtreviewError, match="s5 changed since the preview"):
        service.apply_fixes(preview)
    assert stored(service, "target") == before


def test_fixes_by_any_other_scope_are_refused(service) -> None:
    with pytest.raises(MtreviewError, match="by check or by term"):
        service.preview_fixes(Filter("issues"))


def test_resume_after_a_batch_is_on_its_first_segment(service) -> None:
    service.confirm_all(service.preview_confirm_all())
    assert service.last_position() == service.pos_of["s3"]


@pytest.mark.parametrize(
    ("text", "fixes", "expected", "applied"),
    [
        ("a  b  c", [Fix((1, 3), " "), Fix((4, 6), " ")], "a b c", 2),
        ("abcdef", [Fix((1, 4), "X"), Fix((2, 5), "Y")], "aXef", 1),  # overlapping: first wins
        ("abc", [Fix((1, 1), "X"), Fix((1, 1), "Y")], "aXbc", 1),
        ("abc", [], "abc", 0),
    ],
)
def test_with_fixes(text, fixes, expected, applied) -> None:
    assert with_fixes(text, fixes) == (expected, applied)
