from __future__ import annotations

import pytest

from mtreview.corpus.tsv import read_tsv
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring import parallel
from mtreview.scoring.engine import Checker


def test_parallel_first_pass_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_CHUNK", 40)
    corpus = read_tsv(demo_corpus())
    glossary = load_glossary(demo_glossary())
    one = Checker(glossary).check_corpus(corpus, jobs=1)
    two = Checker(glossary).check_corpus(corpus, jobs=2)
    assert [i.to_json() for i in two.issues] == [i.to_json() for i in one.issues]
    assert two.term_counts() == one.term_counts()


def test_small_corpora_and_threaded_callers_stay_in_process() -> None:
    assert parallel.default_jobs(100) == 1
