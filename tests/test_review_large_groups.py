"""Large corpus-level groups stay exactly as a fresh full check, whatever two reviewers do.

A seeded random sequence of fixes, edits, ignores, confirms, undos and redos, by two sessions
on one project taking turns, on a corpus whose inconsistency groups are large (dozens of
copies, copies spelled differently, locked copies, copies with inline codes, and a target
shared by several sources). After every step: every stored result (own issues, detail,
corpus-level rows byte for byte), every issue as joined again, and every count either
session's list shows (each segment's open issues, the progress line, the filter menu's counts
by check and term) equal a fresh ``check_corpus`` of the current texts. The acting session is
compared at once; the other after its refresh (what its screen's poll does).
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from review_helpers import stored_issues_of, stored_results
from test_review_regroup import GLOSSARY, RIGHT, SOURCE, WRONG, fresh_rows, shared_rows

from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.yaml_io import load_glossary
from mtreview.review import ReviewService, regroup
from mtreview.review.models import CONFIRMED
from mtreview.scoring.engine import Checker, CheckResult

CODE = InlineCode("\ue000", "standalone", "1", "<x id='1'/>", "<x1>")
OTHER_SOURCE = "建设三区四带。"  # rendered RIGHT: joins the fixed copies by target
THIRD_SOURCE = "推进三区四带。"  # rendered WRONG: shares the copies' target from the start
EDITS = [
    RIGHT,
    WRONG,
    "build three zones and four zones",  # WRONG as the checks compare it: the same variant
    "Build the three zones and four belts!",
    "No term here.",
    "",
]


def corpus_segments() -> list[Segment]:
    segments: list[Segment] = []

    def add(count: int, source: str, target: str, **more: object) -> None:
        for _ in range(count):
            segments.append(Segment(f"s{len(segments) + 1:03d}", source, target, **more))  # type: ignore[arg-type]

    add(24, SOURCE, WRONG)
    add(8, OTHER_SOURCE, RIGHT)
    add(4, SOURCE, "build three zones and four zones.")  # the same key, other texts
    add(2, SOURCE, WRONG, locked=True)
    add(3, SOURCE + "\ue000", WRONG + "\ue000", codes=(CODE,))
    add(5, THIRD_SOURCE, WRONG)
    add(3, "没有术语。", "No term here.")
    random.Random(7).shuffle(segments)  # members spread over the corpus, not in runs
    return [Segment(f"s{n:03d}", *_rest(s)) for n, s in enumerate(segments, 1)]


def _rest(s: Segment) -> tuple:  # type: ignore[type-arg]
    return (s.source, s.target, s.reference, s.line, s.codes, s.locked)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    gloss = tmp_path / "g.yaml"
    gloss.write_text(GLOSSARY, encoding="utf-8")
    path = tmp_path / "p.mtreview"
    corpus = Corpus(tuple(corpus_segments()), str(path))
    ReviewService.create(path, corpus, load_glossary(gloss), "tester").close()
    return path


def fresh_check(svc: ReviewService) -> CheckResult:
    return Checker(svc.glossary, svc.check_config.config).check_corpus(
        svc.store.corpus().segments, jobs=1
    )


def assert_counts(svc: ReviewService, fresh: CheckResult) -> None:
    """What the session's list shows equals what the fresh check gives, count by count."""
    ignored = svc.index.ignored
    opened = [[i for i in r.issues if i.fingerprint not in ignored] for r in fresh.results]
    assert [svc.open_issues(p) for p in range(len(svc))] == [len(o) for o in opened]
    progress = svc.progress()
    assert (progress.open_issues, progress.with_issues) == (
        sum(map(len, opened)),
        sum(1 for o in opened if o),
    )
    db = sqlite3.connect(svc.path)
    try:
        statuses = [s for (s,) in db.execute("SELECT status FROM segments ORDER BY pos")]
    finally:
        db.close()
    assert progress.confirmed == statuses.count(CONFIRMED)
    by_check = Counter(i.check for o in opened for i in o)
    by_term = Counter(i.term for o in opened for i in o if i.term)
    assert svc.counts() == (dict(by_check), dict(by_term))


def assert_as_fresh(svc: ReviewService, other: ReviewService) -> None:
    fresh = fresh_check(svc)
    stored = stored_results(svc.path)
    assert stored == fresh_rows(svc)
    shared = {c.shared for _, _, corpus in stored.values() for c in corpus}
    assert shared_rows(svc.path) == (len(shared), 0)
    assert stored_issues_of(svc.path) == {r.segment.id: r.issues for r in fresh.results}
    assert_counts(svc, fresh)
    other.refresh()
    assert_counts(other, fresh)


def step(rng: random.Random, svc: ReviewService, ahead: random.Random | None = None) -> str:
    """One random action of ``svc`` (refused ones are fine: another session got there first).

    With ``ahead``, a fix is checked ahead half the time, as the screen does while the
    reviewer reads (the other session may yet change the segment)."""
    kind = rng.choice(["fix", "fix", "fix", "undo", "undo", "redo", "edit", "ignore", "confirm"])
    pos = rng.randrange(len(svc))
    svc.refresh()  # what the screen's poll does before the reviewer acts
    try:
        if kind == "fix":
            fixable = [p for p in range(len(svc)) if svc.open_issues(p)]
            for p in rng.sample(fixable, len(fixable)):
                fixes = [i for i in svc.state(p).issues if i.fix is not None]
                if fixes:
                    if ahead is not None and ahead.random() < 0.5:
                        svc.anticipate(p, fixes[0].fingerprint)
                    hits, taken = svc.checks.hits, svc.regrouper.taken
                    svc.apply_fix(p, fixes[0].fingerprint)
                    return (
                        f"fix {p}"
                        + (" (checked ahead)" if svc.checks.hits > hits else "")
                        + (" (regrouped ahead)" if svc.regrouper.taken > taken else "")
                    )
        elif kind == "undo":
            svc.undo()
        elif kind == "redo":
            svc.redo()
        elif kind == "edit":
            svc.state(pos)
            svc.edit(pos, rng.choice(EDITS))
        elif kind == "ignore":
            issues = svc.state(pos).issues
            if issues:
                svc.ignore(pos, rng.choice(issues).fingerprint)
        else:
            svc.state(pos)
            svc.confirm(pos)
    except MtreviewError:  # locked, stale, or nothing to fix: nothing was done
        return f"{kind} {pos} refused"
    return f"{kind} {pos}"


def look_ahead(rng: random.Random, svc: ReviewService) -> None:
    """What the screen does while a reviewer reads: check the next fix and undo ahead."""
    pos = rng.randrange(len(svc))
    fixes = [i.fingerprint for i in svc.state(pos).issues if i.fix is not None]
    svc.anticipate(pos, rng.choice(fixes) if fixes else None)


@pytest.mark.parametrize(
    ("seed", "ahead"), [(1, False), (2, False), (3, False), (4, True), (5, True)]
)
def test_two_reviewers_random_actions_on_large_groups_equal_a_fresh_check(
    path: Path, seed: int, ahead: bool
) -> None:
    """With ``ahead``, both sessions check ahead between actions (often what the other then
    makes stale): the actions' results, some taken from those checks, are still as fresh."""
    rng, ahead_rng = random.Random(seed), random.Random(-seed)
    ana, bo = ReviewService.open(path, "ana"), ReviewService.open(path, "bo")
    try:
        done: list[str] = []
        for _ in range(30):
            if ahead:
                look_ahead(ahead_rng, ana)
                look_ahead(ahead_rng, bo)
            actor, other = (ana, bo) if rng.random() < 0.6 else (bo, ana)
            done.append(f"{actor.reviewer}: {step(rng, actor, ahead_rng if ahead else None)}")
            try:
                assert_as_fresh(actor, other)
            except AssertionError as exc:
                raise AssertionError(f"after {done}") from exc
        assert any("fix" in d and "refused" not in d for d in done)
        if ahead:  # some fixes took the check and the groups' work made ahead
            assert any("checked ahead" in d for d in done), done
            assert any("regrouped ahead" in d for d in done), done
    finally:
        ana.close()
        bo.close()


def test_a_fix_checked_ahead_finds_its_groups_members_worked_out(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look-ahead also works out what the fix does to the members of its groups, and puts
    the groups back: the fix then takes that work, and stores what a copy of the project
    stores without looking ahead (so does the undo, worked out ahead in turn)."""
    plain = tmp_path / "plain.mtreview"
    plain.write_bytes(path.read_bytes())
    ahead, other = ReviewService.open(path, "ana"), ReviewService.open(plain, "ana")
    try:
        copies = [p for p, s in enumerate(ahead.store.corpus().segments) if s.target == WRONG]
        pos = next(p for p in copies if not ahead.store.corpus().segments[p].locked)
        fingerprint = next(i.fingerprint for i in ahead.state(pos).issues if i.fix is not None)
        groups = ahead.corpus
        before = groups.all_issues()
        assert before  # the copies spelled differently make the group inconsistent
        assert ahead.anticipate(pos, fingerprint) == 1
        assert groups.all_issues() == before  # every issue, its message and related ids
        made = ahead.regrouper.worked_out
        assert made >= 20  # the other copies (24 and locked ones, by kind), worked out ahead
        regroups: list[object] = []
        real = ahead.regrouper.regroup
        monkeypatch.setattr(ahead.regrouper, "regroup", lambda *a: regroups.append(a) or real(*a))
        assert ahead.anticipate(pos, fingerprint) == 1  # shown again: the work kept still holds
        assert regroups == []

        ahead.apply_fix(pos, fingerprint)
        assert regroups == []  # the groups were worked out ahead: taken as they were
        other.apply_fix(pos, fingerprint)
        assert ahead.regrouper.worked_out == made  # none worked out in the action
        assert other.regrouper.worked_out >= 20  # as the fix does it without looking ahead
        assert stored_results(path) == stored_results(plain)
        assert_as_fresh(ahead, other)

        ahead.anticipate(pos)  # the undo
        assert len(regroups) == 1  # worked out ahead
        ahead.undo()
        assert len(regroups) == 1  # and taken
        other.undo()
        assert stored_results(path) == stored_results(plain)
        ahead.refresh()
        assert_as_fresh(ahead, ahead)
    finally:
        ahead.close()
        other.close()


@pytest.mark.parametrize("decided_by", ["the groups' sizes", "trying the change"])
def test_groups_too_large_are_not_worked_out_ahead(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decided_by: str
) -> None:
    """Groups of more members than the look-ahead may take on are left to the fix itself (the
    screen would wait for them), which stores what a project never looked ahead in stores.
    Surely too large groups are not even tried (``reach``); the others are, and put back."""
    plain = tmp_path / "plain.mtreview"
    plain.write_bytes(path.read_bytes())
    ahead, other = ReviewService.open(path, "ana"), ReviewService.open(plain, "ana")
    try:
        segments = ahead.store.corpus().segments
        pos = next(p for p, s in enumerate(segments) if s.target == WRONG and not s.locked)
        fingerprint = next(i.fingerprint for i in ahead.state(pos).issues if i.fix is not None)
        groups, segment = ahead.corpus, segments[pos]
        before = groups.all_issues()
        with groups.trying(segment.id, segment.source, RIGHT) as moved:
            size = len(moved)  # the fix's target, as the fixture's glossary makes it
        reach = groups.reach(segment.id, segment.source, RIGHT)
        most = 10 if decided_by == "the groups' sizes" else size - 2  # one too few, tried
        monkeypatch.setattr(regroup, "AHEAD_MEMBERS", most)
        assert (reach > 2 * (most + 1) + 1) == (decided_by == "the groups' sizes")
        tried: list[str] = []
        real = groups.trying
        monkeypatch.setattr(groups, "trying", lambda *a: tried.append(a[0]) or real(*a))

        assert ahead.anticipate(pos, fingerprint) == 1  # the check is still made ahead
        assert ahead.regrouper.worked_out == 0
        assert len(tried) == (decided_by == "trying the change")
        assert groups.all_issues() == before  # put back
        ahead.apply_fix(pos, fingerprint)
        other.apply_fix(pos, fingerprint)
        assert ahead.state(pos).target == RIGHT
        assert ahead.regrouper.taken == 0
        assert ahead.regrouper.worked_out == other.regrouper.worked_out >= 20  # in the fix
        assert stored_results(path) == stored_results(plain)
    finally:
        ahead.close()
        other.close()


def test_work_ahead_is_not_taken_once_another_session_changed_the_group(path: Path) -> None:
    """Another reviewer changes a copy of the group between the look-ahead and the fix: the
    fix works the groups out again (their change count moved on) and stores a fresh check."""
    ana, bo = ReviewService.open(path, "ana"), ReviewService.open(path, "bo")
    try:
        segments = ana.store.corpus().segments
        copies = [p for p, s in enumerate(segments) if s.target == WRONG and not s.locked]
        pos, theirs = copies[0], copies[1]
        fingerprint = next(i.fingerprint for i in ana.state(pos).issues if i.fix is not None)
        ana.corpus  # noqa: B018 - built, as the screen's warm-up does
        assert ana.anticipate(pos, fingerprint) == 1
        bo.state(theirs)
        bo.edit(theirs, RIGHT)
        taken = ana.regrouper.taken
        ana.apply_fix(pos, fingerprint)  # before its poll: the action takes bo's target in
        assert ana.regrouper.taken == taken
        ana.refresh()  # the poll: bo's segment listed anew
        assert_as_fresh(ana, bo)
    finally:
        ana.close()
        bo.close()
