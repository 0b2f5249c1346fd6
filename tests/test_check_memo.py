"""Checks done ahead (CheckMemo, ReviewService.anticipate): used when valid, and the same results.

A fix or undo takes a result checked ahead instead of checking again; what it stores must be
byte for byte what it stores without looking ahead, and a kept result must be dropped as soon
as the checker changes or learns a wrong rendering.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from review_helpers import BATCH_SEGMENTS, GLOSSARY, small_project, stored_results

from mtreview.review import ReviewService
from mtreview.review.actions import AHEAD_MAX
from mtreview.review.check_memo import CheckMemo
from mtreview.scoring.engine import Checker

SEGMENTS = [*BATCH_SEGMENTS[:4], ("s5", *BATCH_SEGMENTS[0][1:])]  # s5: a copy of s1


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)


class Counting:
    """Counts the checker's own checks (what a kept result saves)."""

    def __init__(self, svc: ReviewService, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        real = svc.checker.check_segment

        def check_segment(segment):  # type: ignore[no-untyped-def]
            self.calls.append(segment.target)
            return real(segment)

        monkeypatch.setattr(svc.checker, "check_segment", check_segment)


def fixable(svc: ReviewService) -> tuple[int, str]:
    for pos in range(len(svc)):
        for issue in svc.state(pos).issues:
            if issue.fix is not None:
                return pos, issue.fingerprint
    raise AssertionError("no fixable issue")


def test_memo_keeps_the_checkers_results_for_the_latest_segments(path: Path) -> None:
    svc = ReviewService.open(path, "ana")
    try:
        memo, checker = CheckMemo(kept=2), svc.checker
        segments = [svc.store.corpus().segments[i] for i in range(3)]
        first = memo.check(checker, segments[0])
        assert first == checker.check_segment(segments[0])
        assert memo.check(checker, segments[0]) is first and memo.hits == 1
        other = replace(segments[0], target=segments[0].target + " Again.")
        assert memo.check(checker, other) == checker.check_segment(other)  # another text
        assert memo.hits == 1
        memo.check(checker, segments[1])
        memo.check(checker, segments[2])  # two kept: the first is gone
        assert memo.check(checker, segments[0]) is not first and memo.hits == 1
    finally:
        svc.close()


def test_memo_forgets_when_the_checker_learns_or_changes(path: Path) -> None:
    svc = ReviewService.open(path, "ana")
    try:
        memo, checker = CheckMemo(), svc.checker
        segment = svc.store.corpus().segments[0]
        memo.check(checker, segment)
        checker.learn([("sqsd", "three zones and four zones")])  # in place
        again = memo.check(checker, segment)
        assert memo.hits == 0
        assert again == checker.check_segment(segment)
        memo.check(checker, segment)
        assert memo.hits == 1
        checker.known = {}  # replaced whole
        memo.check(checker, segment)
        assert memo.hits == 1
        memo.check(Checker(svc.glossary, svc.check_config.config), segment)
        assert memo.hits == 1  # another checker
    finally:
        svc.close()


def test_an_anticipated_fix_and_undo_check_nothing_and_store_the_same(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain.mtreview"
    shutil.copyfile(path, plain)
    ahead, other = ReviewService.open(path, "ana"), ReviewService.open(plain, "ana")
    try:
        pos, fingerprint = fixable(ahead)
        assert ahead.anticipate(pos, fingerprint) == 1  # the fix (nothing to undo yet)
        counting = Counting(ahead, monkeypatch)
        ahead.apply_fix(pos, fingerprint)
        assert counting.calls == []
        other.apply_fix(pos, fingerprint)
        assert stored_results(path) == stored_results(plain)

        assert ahead.anticipate(pos) == 1  # what the undo puts back
        assert len(counting.calls) == 1
        ahead.undo()
        assert len(counting.calls) == 1
        other.undo()
        assert stored_results(path) == stored_results(plain)
        assert ahead.redo() is not None  # the fix's own check, kept
        assert len(counting.calls) == 1
        other.redo()
        assert stored_results(path) == stored_results(plain)
    finally:
        ahead.close()
        other.close()


def test_anticipating_an_ignored_or_missing_issue_checks_no_fix(path: Path) -> None:
    svc = ReviewService.open(path, "ana")
    try:
        pos, fingerprint = fixable(svc)
        assert svc.anticipate(pos, "no-such-issue") == 0
        svc.ignore(pos, fingerprint)
        assert svc.anticipate(pos, fingerprint) == 0  # nothing to undo that changes a target
    finally:
        svc.close()


def test_a_stale_anticipation_is_not_used_when_another_session_changed_the_segment(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, bo = ReviewService.open(path, "ana"), ReviewService.open(path, "bo")
    try:
        pos, fingerprint = fixable(ana)
        ana.anticipate(pos, fingerprint)
        bo.state(pos)
        bo.edit(pos, "Now build three zones and four zones.")  # still wrong, elsewhere
        ana.refresh()
        counting = Counting(ana, monkeypatch)
        fix = next(i for i in ana.state(pos).issues if i.fix is not None)
        ana.apply_fix(pos, fix.fingerprint)
        assert counting.calls == ["Now build three zones and four belts."]
        assert ana.store.segment_now(pos).target == "Now build three zones and four belts."
    finally:
        ana.close()
        bo.close()


def test_a_long_segment_is_not_checked_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentence = SEGMENTS[0][1], SEGMENTS[0][2]
    repeat = AHEAD_MAX // (len(sentence[0]) + len(sentence[1])) + 1
    path = small_project(
        tmp_path / "long.mtreview",
        [("long", sentence[0] * repeat, " ".join([sentence[1]] * repeat)), *SEGMENTS[1:]],
        GLOSSARY,
    )
    svc = ReviewService.open(path, "ana")
    try:
        pos, fingerprint = fixable(svc)
        assert pos == 0  # the long one
        counting = Counting(svc, monkeypatch)
        assert svc.anticipate(pos, fingerprint) == 0
        svc.apply_fix(pos, fingerprint)
        assert svc.anticipate(pos) == 0  # nor what its undo puts back
        assert len(counting.calls) == 1  # the fix's own check
        short, fix = next(
            (p, i.fingerprint) for p in range(1, len(svc)) for i in svc.state(p).issues if i.fix
        )
        assert svc.anticipate(short, fix) == 1
    finally:
        svc.close()


def test_learning_a_wrong_rendering_in_the_review_drops_kept_checks(path: Path) -> None:
    """Fix-all teaches the checker a wrong rendering (Checker.learn): kept results go, unless
    the rendering was learnt already."""
    svc = ReviewService.open(path, "ana")
    try:
        segment = svc.store.corpus().segments[1]
        term = next(t.id for t in svc.glossary.terms if t.source == "碳票")
        svc.checks.check(svc.checker, segment)
        svc.preview_fix_all(term, "carbon coupon", "carbon ticket")  # not learnt before
        svc.checks.check(svc.checker, segment)
        assert svc.checks.hits == 0
        svc.preview_fix_all(term, "carbon coupon", "carbon ticket")  # the same: nothing new
        svc.checks.check(svc.checker, segment)
        assert svc.checks.hits == 1
    finally:
        svc.close()
