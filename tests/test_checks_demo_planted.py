"""The new checks on the demo (human-reviewed text): silent as it is, and finding planted errors."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary
from mtreview.paths import demo_corpus
from mtreview.scoring.engine import Checker

NEW = {
    "inconsistent-target",
    "inconsistent-source",
    "fullwidth-punctuation",
    "url-mismatch",
    "placeholder-mismatch",
}
EMPTY = Glossary((), "zh", "en")


@pytest.fixture(scope="module")
def demo() -> list[Segment]:
    return list(read_corpus(demo_corpus()).segments)


def new_issues(segments: list[Segment]) -> list[tuple[str, str]]:
    result = Checker(EMPTY).check_corpus(segments, jobs=1)
    return [(i.segment, i.check) for i in result.issues if i.check in NEW]


def test_demo_raises_no_new_alarm(demo: list[Segment]) -> None:
    assert new_issues(demo) == []


def test_planted_fullwidth_commas_are_all_found_and_fixed(demo: list[Segment]) -> None:
    planted = [replace(s, target=s.target.replace(", ", "，", 1)) for s in demo if ", " in s.target]
    assert len(planted) > 80
    result = Checker(EMPTY).check_corpus(planted, jobs=1)
    by_seg = {i.segment: i for i in result.issues if i.check == "fullwidth-punctuation"}
    assert sorted(by_seg) == sorted(s.id for s in planted)
    originals = {s.id: s.target for s in demo}
    for seg in planted:
        fix = by_seg[seg.id].fix
        assert fix is not None and fix.apply(seg.target) == originals[seg.id]


def test_planted_copies_translated_differently_are_all_found(demo: list[Segment]) -> None:
    long = [s for s in demo if len(s.target.split()) > 5][:40]
    reworded = [replace(s, id=f"{s.id}-b", target=s.target.rsplit(" ", 1)[0]) for s in long]
    restyled = [replace(s, id=f"{s.id}-c", target=s.target.upper().rstrip(".") + " ") for s in long]
    found = new_issues(demo + reworded + restyled)
    flagged = {seg for seg, check in found if check == "inconsistent-target"}
    assert flagged == {s.id for s in long} | {s.id for s in reworded} | {s.id for s in restyled}
    assert {check for _, check in found} == {"inconsistent-target"}


def test_planted_file_name_changes_are_found(demo: list[Segment]) -> None:
    pictures = [s for s in demo if s.target.endswith(".jpg")]
    assert len(pictures) == 5
    changed = [replace(s, target=s.target.replace(".jpg", ".png")) for s in pictures]
    assert new_issues(changed) == [(s.id, "url-mismatch") for s in pictures]
