"""The term analysis is linear in segment length (issue 10, item 8).

Work is counted, not timed: every Python call and generator step under a profiler. Four times
the text costs about four times the work when the analysis is linear, up to sixteen times when a
part of it is quadratic (a growing list of claimed spans scanned for every new one, the locator
scoring every span of the whole text for every occurrence).
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from mtreview.corpus.model import Segment
from mtreview.corpus.tsv import read_tsv
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.engine import Checker


def _work(copies: int) -> tuple[int, int]:
    segments = read_tsv(demo_corpus()).segments[:60]
    source = "".join(s.source for s in segments) * copies
    target = (" ".join(s.target for s in segments) + " ") * copies
    checker = Checker(load_glossary(demo_glossary()))
    checker.index.boundaries.tokenizer  # noqa: B018 - load jieba outside the count
    events = 0

    def count(_frame: FrameType, _event: str, _arg: Any) -> None:
        nonlocal events
        events += 1

    sys.setprofile(count)
    try:
        record = checker.occurrences(Segment("long", source, target))
    finally:
        sys.setprofile(None)
    return events, len(record)


def test_four_times_the_text_is_about_four_times_the_work() -> None:
    small, found_small = _work(2)
    large, found_large = _work(8)
    assert found_large == 4 * found_small  # every occurrence found in the long text too
    assert large / small < 5.0, (small, large)
