"""A group's copies (the same texts, lock and codes) are worked out once, and still as fresh.

:class:`mtreview.review.regroup.Regrouper` asks the groups for one copy of each kind and gives
the others its issues under their own id (remembered: undo and redo bring the same groups
back). Copies that differ only in their lock or inline codes are not the same copy.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_review_regroup import GLOSSARY, RIGHT, SOURCE, STEP, WRONG, act, assert_as_fresh

from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary
from mtreview.glossary.yaml_io import load_glossary
from mtreview.review import ReviewService
from mtreview.scoring.checks.inconsistency import ConsistencyIndex
from mtreview.scoring.engine import CheckConfig, Checker
from mtreview.scoring.issues import Fix, Issue, fingerprints, fingerprints_as, rebuilt

CODE = InlineCode("\ue000", "standalone", "1", "<x id='1'/>", "<x1>")
CODE_B = InlineCode("\ue000", "standalone", "1", "<x id='1' ctype='b'/>", "<x1>")


def project(path: Path, segments: list[Segment]) -> Path:
    gloss = path.with_suffix(".yaml")
    gloss.write_text(GLOSSARY, encoding="utf-8")
    corpus = Corpus(tuple(segments), str(path))
    ReviewService.create(path, corpus, load_glossary(gloss), "tester").close()
    return path


COPIES = [Segment(f"s{n}", SOURCE, WRONG) for n in range(1, 7)]
TABLE = {
    "copies": COPIES,
    "a locked copy": [*COPIES[:3], Segment("s4", SOURCE, WRONG, locked=True), *COPIES[4:]],
    "a locked first copy": [COPIES[0], Segment("s2", SOURCE, WRONG, locked=True), *COPIES[2:]],
    "copies with codes": [
        COPIES[0],
        Segment("s2", SOURCE + "\ue000", WRONG + "\ue000", codes=(CODE,)),
        Segment("s3", SOURCE + "\ue000", WRONG + "\ue000", codes=(CODE_B,)),
        Segment("s4", SOURCE + "\ue000", WRONG + "\ue000", codes=(CODE,)),
        *COPIES[4:],
    ],
}


def fix(svc: ReviewService, pos: int) -> None:
    svc.apply_fix(pos, next(i for i in svc.state(pos).issues if i.fix).fingerprint)


@pytest.mark.parametrize("segments", TABLE.values(), ids=TABLE.keys())
def test_copies_after_a_split_and_its_undo_equal_a_fresh_check(
    tmp_path: Path, segments: list[Segment]
) -> None:
    svc = ReviewService.open(project(tmp_path / "p.mtreview", segments), "ana")
    try:
        for step in range(3):  # split, join again (undo), split again (remembered)
            fix(svc, 0) if step != 1 else svc.undo()
            assert_as_fresh(svc)
        locked = [p for p, s in enumerate(segments) if s.locked]
        assert all(not svc.state(p).issues for p in locked)
        split = [p for p in range(1, 6) if p not in locked]
        assert all(svc.open_issues(p) for p in split)  # the split reached every free copy
    finally:
        svc.close()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(sorted(TABLE)), st.lists(STEP, min_size=1, max_size=6))
def test_any_actions_on_copies_leave_the_store_as_a_fresh_check(
    tmp_path_factory: pytest.TempPathFactory, name: str, steps: list[tuple[str, int, int]]
) -> None:
    path = project(tmp_path_factory.mktemp("p") / "p.mtreview", TABLE[name])
    svc = ReviewService.open(path, "ana")
    try:
        for step in steps:
            with suppress(MtreviewError):  # a locked segment, an edit dropping a code
                act(svc, step)
        assert_as_fresh(svc)
    finally:
        svc.close()


def test_the_groups_are_asked_for_one_copy_of_each_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    segments = [*COPIES[:5], Segment("s6", "建设三区四带。", RIGHT)]
    svc = ReviewService.open(project(tmp_path / "p.mtreview", segments), "ana")
    asked: list[list[str]] = []
    real = ConsistencyIndex.issues_of

    def issues_of(self: ConsistencyIndex, ids: object) -> object:
        asked.append(list(ids))  # type: ignore[call-overload]
        return real(self, asked[-1])

    try:
        svc.corpus  # noqa: B018 - built before counting
        monkeypatch.setattr(ConsistencyIndex, "issues_of", issues_of)
        fix(svc, 0)
        assert asked == [["s1", "s2", "s6"]]  # the fixed one, s2 for s2-s5, and s6: at once
        assert_as_fresh(svc)
    finally:
        svc.close()


def test_a_group_that_comes_back_costs_one_rule_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = ReviewService.open(project(tmp_path / "p.mtreview", COPIES), "ana")
    calls: list[str] = []
    copied: list[str] = []
    real, real_copied = Checker.corpus_part, Checker.copied_fingerprints

    def corpus_part(self: Checker, segment: Segment, issues: object) -> object:
        calls.append(segment.id)
        return real(self, segment, issues)  # type: ignore[arg-type]

    def copied_fingerprints(part: tuple[Issue, ...], segments: list[str]) -> object:
        copied.extend(segments)
        return real_copied(part, segments)

    monkeypatch.setattr(Checker, "corpus_part", corpus_part)
    monkeypatch.setattr(Checker, "copied_fingerprints", staticmethod(copied_fingerprints))
    try:
        fix(svc, 0)
        assert sorted(calls) == ["s1", "s2"]  # the fixed one and one of s2-s6: the rule
        assert sorted(copied) == ["s3", "s4", "s5", "s6"]  # the other copies: s2's, theirs
        svc.undo()
        calls.clear()
        copied.clear()
        fix(svc, 0)  # the same groups again: s3-s6 remembered
        assert (sorted(calls), copied) == (["s1", "s2"], [])
        assert_as_fresh(svc)
    finally:
        svc.close()


def test_what_is_remembered_follows_the_checks_configuration(tmp_path: Path) -> None:
    path = project(tmp_path / "p.mtreview", COPIES)
    svc = ReviewService.open(path, "ana")
    try:
        fix(svc, 0)
        svc.undo()  # the split group is remembered with minor issues
        toml = tmp_path / "mtreview.toml"
        toml.write_text('[checks.severity]\n"inconsistent-target" = "major"\n', encoding="utf-8")
        ReviewService.open(path, "bo", config=toml).close()  # another session: re-checked
        assert svc.refresh().everything
        fix(svc, 0)
        severities = {i.severity for p in range(1, 6) for i in svc.state(p).issues}
        assert severities == {"major"}
        assert_as_fresh(svc)
    finally:
        svc.close()


def test_what_is_remembered_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtreview.review import regroup

    monkeypatch.setattr(regroup, "REMEMBERED", 6)
    svc = ReviewService.open(project(tmp_path / "p.mtreview", COPIES), "ana")
    try:
        for n in range(6):  # each edit a new state of the group: its 5 copies worked out anew
            svc.edit(0, f"Build {n} zones.")
            assert len(svc.regrouper._members) <= 6 + len(COPIES)
        assert_as_fresh(svc)
    finally:
        svc.close()


def test_another_sessions_changes_to_copies_leave_what_is_remembered_right(
    tmp_path: Path,
) -> None:
    path = project(tmp_path / "p.mtreview", COPIES)
    ana, bo = ReviewService.open(path, "ana"), ReviewService.open(path, "bo")
    try:
        fix(ana, 0)
        ana.undo()  # ana remembers the split group's copies
        bo.edit(2, RIGHT)  # s3 leaves the copies, then splits the group itself
        fix(ana, 0)  # s1 joins s3's rendering: s2, s4-s6 inconsistent with both
        ana.refresh()  # the list takes bo's change of s3 (as the screen's poll does)
        assert_as_fresh(ana)
        bo.refresh()
        bo.undo()  # s3 is a copy again
        ana.refresh()
        assert_as_fresh(ana)
        ana.undo()
        fix(ana, 0)  # the first split again: remembered rows, the same groups
        assert_as_fresh(ana)
        bo.refresh()
        assert_as_fresh(bo)
    finally:
        ana.close()
        bo.close()


def test_a_member_whose_text_changed_is_not_taken_for_its_old_copy(tmp_path: Path) -> None:
    """s3 and s4 keep their variant (punctuation aside) but are no longer copies of s2."""
    path = project(tmp_path / "p.mtreview", COPIES)
    ana, bo = ReviewService.open(path, "ana"), ReviewService.open(path, "bo")
    try:
        fix(ana, 0)
        ana.undo()  # s3-s6 remembered as copies of s2
        for pos in (2, 3):
            bo.edit(pos, WRONG.replace(".", "!"))  # the same variant: the group stays whole
        ana.refresh()
        fix(ana, 0)  # s4 is s3's copy now: found text and fingerprint its own
        ana.refresh()
        assert_as_fresh(ana)
    finally:
        ana.close()
        bo.close()


SEVERITIES = {"inconsistent-target": "major", "inconsistent-source": "critical"}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["inconsistent-target", "inconsistent-source"]),
            st.sampled_from(["in s9: 'x'", "in s8: 'y'"]),
            st.one_of(st.none(), st.tuples(st.integers(0, 12), st.integers(0, 4))),
            st.sampled_from(["", "and", "Build"]),
        ),
        max_size=4,
    ),
    st.booleans(),
    st.sampled_from([{}, SEVERITIES, {"inconsistent-target": "critical"}]),
    st.frozensets(st.sampled_from(["inconsistent-target", "inconsistent-source"]), max_size=1),
)
def test_a_copys_part_is_the_rule_applied_to_the_copy(
    raw: list[tuple[str, str, tuple[int, int] | None, str]],
    coded: bool,
    severity: dict[str, str],
    disabled: frozenset[str],
) -> None:
    """The first copy's part with Checker.copied_fingerprints is corpus_part of the copy."""
    target = WRONG + ("\ue000" if coded else "")
    codes = (CODE,) if coded else ()
    first = Segment("s1", SOURCE + ("\ue000" if coded else ""), target, codes=codes)
    issues = [
        Issue(
            "s1",
            check,
            "minor",
            message,
            None,
            None,
            None if span is None else (span[0], span[0] + span[1]),
            target.strip(),
            None,
            None if span is None else Fix((span[0], span[0] + span[1]), fix),
        )
        for check, message, span, fix in raw
    ]
    checker = Checker(Glossary((), "zh", "en"), CheckConfig(disabled, severity))
    part = checker.corpus_part(first, issues)
    ids = ("s2", "s10")
    for seg_id, copied in zip(ids, Checker.copied_fingerprints(part, ids), strict=True):
        copy = Segment(seg_id, first.source, first.target, codes=codes)
        theirs = [rebuilt(i, seg_id, i.found, "") for i in issues]
        assert len(copied) == len(part)
        mine = tuple(rebuilt(i, seg_id, i.found, f) for i, f in zip(part, copied, strict=True))
        assert mine == checker.corpus_part(copy, theirs)


ISSUE = st.builds(
    lambda check, term, found, expected: Issue(
        "s1", check, "minor", "m", term, None, None, found, expected
    ),
    st.sampled_from(["inconsistent-target", "inconsistent-source", "term-wrong"]),
    st.sampled_from([None, "t1", "t2"]),
    st.sampled_from([None, "Found", "found ", "other  text"]),  # equal as fingerprints see them
    st.sampled_from([None, "x"]),
)


@given(st.lists(ISSUE, max_size=6), st.lists(st.sampled_from(["s2", "s10", "ab"]), max_size=3))
def test_copies_fingerprints_at_once_are_each_copys_own(
    issues: list[Issue], segments: list[str]
) -> None:
    """Fingerprints made for many copies at once (equal keys counted once) are the per-issue rule's."""
    at_once = fingerprints_as(issues, segments)
    assert at_once == [fingerprints([rebuilt(i, s, i.found, "") for i in issues]) for s in segments]
