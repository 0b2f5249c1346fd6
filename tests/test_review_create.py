"""A new project stores what a fresh check finds, whether its check ran in one process or two."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import ReviewService, load_inputs
from mtreview.review.glossary_file import read_glossary
from mtreview.review.store_records import checked
from mtreview.scoring import parallel
from mtreview.scoring.engine import Checker


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_new_project_stores_what_a_fresh_check_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(parallel, "_CHUNK", 40)  # several chunks per process
    glossary = tmp_path / "g.yaml"
    glossary.write_bytes(demo_glossary().read_bytes())
    corpus, terms = load_inputs(demo_corpus(), glossary)
    service = ReviewService.create(tmp_path / "p.mtreview", corpus, terms, "t", jobs=jobs)
    try:
        fresh = Checker(read_glossary(glossary).glossary)
        full = fresh.check_corpus(corpus, jobs=1)
        assert len(full.results) == len(service) == 161
        _, rows = service.store.index_rows()
        holding: dict[str, int] = {}
        for pos, result in enumerate(full.results):
            stored = checked(result)
            assert service.store.segment_now(pos).detail == stored.detail, pos
            assert rows[pos][3] == stored.keys, pos
            for term_id in stored.terms:
                holding[term_id] = holding.get(term_id, 0) + 1
        assert service.store.term_counts() == holding
        assert service.checker.known == fresh.known
        assert sum(1 for r in full.results if r.issues) > 10  # the demo has issues to find
    finally:
        service.close()


def test_open_makes_the_project_before_the_screen_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made outside the TUI's threads, so that the check may fork worker processes."""
    from click.testing import CliRunner

    from mtreview.cli import main
    from mtreview.commands import review

    corpus = tmp_path / "article.tsv"
    corpus.write_bytes(demo_corpus().read_bytes())
    project = tmp_path / "article.tsv.mtreview"
    seen: list[tuple[bool, int]] = []

    def run(opener, title) -> None:  # type: ignore[no-untyped-def]
        made = project.is_file()
        service = opener(None)
        seen.append((made, len(service)))
        service.close()

    monkeypatch.setattr(review, "_run_tui", run)
    args = ["open", str(corpus), "-g", str(demo_glossary()), "--reviewer", "ana"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert seen == [(True, 161)]
    bad = ["open", str(tmp_path / "article.tsv"), "-g", str(tmp_path / "none.yaml"), "--project"]
    result = CliRunner().invoke(main, [*bad, str(tmp_path / "other.mtreview")])
    assert result.exit_code == 2 and "none.yaml" in result.stderr
    assert not (tmp_path / "other.mtreview").exists() and len(seen) == 1
