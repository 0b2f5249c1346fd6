"""A re-score reuses each side's kept check only when its texts, glossary and checks are the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtreview.glossary.model import Glossary
from mtreview.review import ReviewService
from mtreview.review.scores import project_glossary, score_project
from mtreview.review.store import Store
from mtreview.scoring import scores
from mtreview.scoring.check_summary import CheckSummary
from mtreview.scoring.engine import Checker, CheckResult
from mtreview.scoring.reports import to_json


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every corpus scoring checks."""
    seen: list[int] = []
    real = Checker.check_corpus

    def counting(self: Checker, corpus, *args, **kwargs) -> CheckResult:  # type: ignore[no-untyped-def]
        seen.append(len(corpus))
        return real(self, corpus, *args, **kwargs)

    monkeypatch.setattr(scores.Checker, "check_corpus", counting)
    return seen


def _figures(path: Path, glossary: Glossary | None = None) -> dict[str, object]:
    return json.loads(to_json(score_project(path, glossary).report))


def _fresh(path: Path) -> dict[str, object]:
    """The figures with nothing kept: every check and every statistic made again."""
    from review_helpers import forget_scores

    forget_scores(path)
    return _figures(path)


def _edit(path: Path, pos: int) -> None:
    service = ReviewService.open(path, "ana")
    service.edit(pos, service.target(pos) + " An edit.")
    service.close()


def test_nothing_changed_checks_nothing_an_edit_checks_the_reviewed_side(
    demo_copy: Path, checked: list[int]
) -> None:
    _edit(demo_copy, 1)
    first = _figures(demo_copy)  # the review changed a segment: both sides checked
    assert checked == [161, 161]
    assert _figures(demo_copy) == first and checked == [161, 161]
    _edit(demo_copy, 3)
    after_edit = _figures(demo_copy)
    assert checked == [161, 161, 161]  # the MT side is as it was
    assert after_edit != first
    assert after_edit == _fresh(demo_copy)


def test_another_glossary_checks_both_sides_again(demo_copy: Path, checked: list[int]) -> None:
    _edit(demo_copy, 1)
    _figures(demo_copy)
    store = Store.open(demo_copy)
    glossary = project_glossary(store)
    store.close()
    assert glossary is not None
    fewer = Glossary(glossary.terms[1:], glossary.source_lang, glossary.target_lang)
    before = len(checked)
    _figures(demo_copy, fewer)
    assert len(checked) == before + 2


def test_scores_take_the_kept_glossary_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from review_helpers import small_project

    from mtreview.review import glossary_file

    yaml_text = "terms:\n  - source: 两山\n    target: two mountains\n"
    path = small_project(tmp_path / "p.mtreview", [("1", "两山理论", "the two hills")], yaml_text)
    read: list[Path] = []
    real = glossary_file.read_glossary
    monkeypatch.setattr(
        glossary_file, "read_glossary", lambda where: read.append(where) or real(where)
    )
    store = Store.open(path)
    kept = project_glossary(store)
    assert read == [] and kept is not None  # unchanged file: the project's copy, no parse
    assert [(t.source, t.target) for t in kept.terms] == [("两山", "two mountains")]
    path.with_suffix(".yaml").write_text(yaml_text.replace("mountains", "hills"), "utf-8")
    changed = project_glossary(store)
    store.close()
    assert len(read) == 1 and changed is not None  # the file changed: read again
    assert [t.target for t in changed.terms] == ["two hills"]


def test_a_rescore_with_nothing_changed_writes_no_check(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nothing reviewed: the reviewed side's check is the MT side's; kept once, not rewritten
    _figures(demo_copy)
    written: list[str] = []
    real = CheckSummary.parts
    monkeypatch.setattr(CheckSummary, "parts", lambda self: written.append(self.key) or real(self))
    again = _figures(demo_copy)
    assert written == []
    assert again == _fresh(demo_copy)
