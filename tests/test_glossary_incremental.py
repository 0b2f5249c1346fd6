"""A glossary change re-checks only what it touches, and stores what a full re-check would."""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtreview.corpus.model import Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.segmenter import Boundaries
from mtreview.glossary.yaml_io import parse_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import ReviewService, load_inputs
from mtreview.review.glossary import GlossaryService
from mtreview.review.store_records import checked
from mtreview.scoring.engine import Checker
from mtreview.scoring.incremental import SourceText, changed_terms


def _project(folder: Path) -> ReviewService:
    glossary = folder / "g.yaml"
    glossary.write_bytes(demo_glossary().read_bytes())
    corpus, terms = load_inputs(demo_corpus(), glossary)
    return ReviewService.create(folder / "p.mtreview", corpus, terms, "t")


def _words(rng: random.Random, text: str, most: int) -> str:
    words = text.split()
    at = rng.randrange(len(words))
    return " ".join(words[at : at + rng.randint(1, most)])


def _span(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) - 4)
    return text[at : at + rng.randint(2, 4)]


def _edit(gs: GlossaryService, rng: random.Random, segments: tuple[Segment, ...]) -> None:
    """One random term change: a new term, a new source or target, a forbidden one, a deletion."""
    terms = gs.glossary.terms
    term = rng.choice(terms)
    one = rng.choice(segments)
    kind = rng.choice(("add", "source", "target", "forbid", "delete"))
    try:
        if kind == "add":
            gs.add({"source": _span(rng, one.source), "target": _words(rng, one.target, 3)})
        elif kind == "source":
            gs.update(term.id, {"source": _span(rng, one.source), "target": term.target})
        elif kind == "target":
            gs.update(term.id, {"source": term.source, "target": _words(rng, one.target, 2)})
        elif kind == "forbid":
            gs.add_forbidden(term.id, _words(rng, one.target, 2))
        else:
            gs.delete(term.id)
    except MtreviewError:
        pass  # a change the rules refuse (a duplicate source, a forbidden accepted rendering)


def _same_as_full_check(service: ReviewService) -> None:
    # The glossary in use is what its file reads as, lines included (a change writes only the
    # term's own lines and does not parse the file again), and the project keeps its hash.
    text = Path(service.glossary_path).read_bytes()
    assert service.glossary_hash == hashlib.sha256(text).hexdigest()
    parsed = parse_glossary(text.decode(), str(service.glossary_path))
    assert service.glossary == parsed
    assert [t.extra for t in service.glossary.terms] == [t.extra for t in parsed.terms]
    fresh = Checker(service.glossary)
    full = fresh.check_corpus(service.store.corpus().segments, jobs=1)
    for pos, result in enumerate(full.results):
        assert service.store.segment_now(pos).detail == checked(result).detail, pos
    assert service.checker.known == fresh.known
    holding: dict[str, int] = {}
    for result in full.results:
        for term_id in checked(result).terms:
            holding[term_id] = holding.get(term_id, 0) + 1
    assert service.store.term_counts() == holding


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 10**6))
def test_random_term_changes_store_what_a_full_check_would(tmp_path: Path, seed: int) -> None:
    folder = tmp_path / str(seed)
    folder.mkdir()
    service = _project(folder)
    try:
        gs = GlossaryService(service)
        rng = random.Random(seed)
        segments = service.store.corpus().segments
        for _ in range(4):
            _edit(gs, rng, segments)
            _same_as_full_check(service)
    finally:
        service.close()


def test_a_change_rechecks_only_the_segments_holding_the_term(tmp_path: Path) -> None:
    service = _project(tmp_path)
    try:
        gs = GlossaryService(service)
        holding = sum(1 for s in service.store.corpus().segments if "海洋牧场" in s.source)
        change = gs.update("marine-ranch", {"source": "海洋牧场", "target": "sea ranch"})
        assert change.rechecked == holding > 0
        assert change.rechecked < len(service) / 10
        _same_as_full_check(service)
    finally:
        service.close()


def _term(term_id: str, source: str, target: str) -> Term:
    return Term(term_id, source, target)


A, B = _term("a", "碳票", "carbon ticket"), _term("b", "两山", "two mountains")
C = _term("c", "林长", "forest chief")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ((A, B), (A, B), set()),
        ((A, B), (A, B, C), {"c"}),
        ((A, B, C), (A, C), {"b"}),
        ((A, B), (A, replace(B, target="two hills")), {"b"}),
        ((A, B), (A, replace(B, line=7)), set()),  # where it stands in the file says nothing
        ((A, B, C), (C, A, B), None),  # reordered: ties between terms of one source may move
    ],
)
def test_changed_terms(
    old: tuple[Term, ...], new: tuple[Term, ...], expected: set[str] | None
) -> None:
    assert changed_terms(Glossary(old), Glossary(new)) == expected


def test_other_languages_change_everything() -> None:
    assert changed_terms(Glossary((A,)), Glossary((A,), target_lang="fr")) is None


def test_source_text_finds_each_holding_segment_once() -> None:
    text = SourceText(["碳票碳票", "两山", "", "碳", "票两山碳票"])
    assert text.holding(["碳票"]) == {0, 4}
    assert text.holding(["两山", "碳票"]) == {0, 1, 4}
    assert text.holding(["碳票两"]) == set()  # never across two segments
    assert text.holding(["森林"]) == set()


def test_a_new_word_changes_no_cut_of_a_text_without_it() -> None:
    """jieba's cuts of a text depend only on the dictionary words in it."""
    texts = [s.source for s in load_inputs(demo_corpus(), demo_glossary())[0].segments]
    rng = random.Random(3)
    base = ["国土空间", "生态修复"]
    # Words change the probabilities of no other word: the dictionary's total stays as it was.
    assert Boundaries(base).tokenizer.total == Boundaries([]).tokenizer.total
    for _ in range(6):
        word = _span(rng, rng.choice(texts))
        before, after = Boundaries(base), Boundaries([*base, word])
        for text in texts:
            run = text[:40]
            if word not in run:
                assert before.cuts(run) == after.cuts(run), (word, run)


def test_a_glossary_edited_elsewhere_is_caught_up_on_reopening(tmp_path: Path, monkeypatch) -> None:
    service = _project(tmp_path)
    path = Path(service.glossary.path or "")
    service.close()
    text = path.read_text(encoding="utf-8")
    assert "target: marine ranch" in text
    path.write_text(text.replace("target: marine ranch", "target: sea farm"), encoding="utf-8")
    import mtreview.review.service as service_module

    everything: list[int] = []
    monkeypatch.setattr(
        service_module.ReviewService, "recheck_all", lambda *a, **k: everything.append(1)
    )
    service = ReviewService.open(tmp_path / "p.mtreview", "t")
    try:
        assert everything == []  # only the segments holding the term were checked again
        assert service.glossary.by_id()["marine-ranch"].target == "sea farm"
        _same_as_full_check(service)
    finally:
        service.close()


def test_an_unchanged_glossary_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    service = _project(tmp_path)
    terms = service.glossary.terms
    service.close()
    import mtreview.review.glossary_file as glossary_file

    def refuse(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(glossary_file, "parse_glossary_file", refuse)
    service = ReviewService.open(tmp_path / "p.mtreview", "t")
    try:
        assert service.glossary.terms == terms
        assert [t.extra for t in service.glossary.terms] == [t.extra for t in terms]
    finally:
        service.close()
