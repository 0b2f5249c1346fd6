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
from mtreview.review import ReviewService
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
                    hits = svc.checks.hits
                    svc.apply_fix(p, fixes[0].fingerprint)
                    return f"fix {p}" + (" (checked ahead)" if svc.checks.hits > hits else "")
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
        if ahead:  # some fixes took the check made ahead
            assert any("checked ahead" in d for d in done), done
    finally:
        ana.close()
        bo.close()
