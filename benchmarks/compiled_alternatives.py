"""Compiled library calls against the pure-Python loops they could replace, on a check's real calls.

Records every call of a hot loop during a check of check_speed's generated corpus, then times the
loop and its candidate replacement on the same calls (CPU seconds) and compares their answers.

- ``Boundaries._straddled`` (does a dictionary word cross a term's edge: a walk over jieba's
  prefix dictionary) against one overlapping ``ahocorasick_rs`` pass per text over every
  dictionary word of 2 to ``_MAX_LOOKUP`` characters, cached per text.

    python benchmarks/compiled_alternatives.py [--segments N] [--terms N]
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable

import ahocorasick_rs
from check_speed import make_data

from mtreview.corpus.model import Segment
from mtreview.glossary import segmenter
from mtreview.glossary.model import Glossary
from mtreview.glossary.segmenter import _MAX_LOOKUP, Boundaries
from mtreview.scoring.engine import Checker

Call = tuple[str, int, int, int]  # text, pos, lo, hi


def record(glossary: Glossary, corpus: list[Segment]) -> tuple[Boundaries, list[Call]]:
    """The check's boundaries and every ``_straddled`` call it made."""
    calls: list[Call] = []
    walk = Boundaries._straddled

    def recording(self: Boundaries, text: str, pos: int, lo: int, hi: int) -> bool:
        calls.append((text, pos, lo, hi))
        return walk(self, text, pos, lo, hi)

    segmenter.Boundaries._straddled = recording  # type: ignore[method-assign]
    try:
        checker = Checker(glossary)
        checker.check_corpus(corpus, jobs=1)
    finally:
        segmenter.Boundaries._straddled = walk  # type: ignore[method-assign]
    return checker.index.boundaries, calls


def automaton_straddled(boundaries: Boundaries) -> Callable[[str, int, int, int], bool]:
    """``_straddled`` answered from one overlapping automaton pass per text."""
    words = [w for w, f in boundaries.tokenizer.FREQ.items() if f and 2 <= len(w) <= _MAX_LOOKUP]
    automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard)
    spans: dict[str, list[tuple[int, int]]] = {}

    def straddled(text: str, pos: int, lo: int, hi: int) -> bool:
        found = spans.get(text)
        if found is None:
            matches = automaton.find_matches_as_indexes(text, overlapping=True)
            found = spans[text] = [(s, e) for _, s, e in matches]
        return any(lo <= s < pos < e <= hi and pos - _MAX_LOOKUP < s for s, e in found)

    return straddled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=10_000)
    args = parser.parse_args()
    boundaries, calls = record(*make_data(args.segments, args.terms))
    print(f"_straddled: {len(calls):,} calls on {len({c[0] for c in calls}):,} texts")

    start = time.process_time()
    walked = [boundaries._straddled(*c) for c in calls]
    walk = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    straddled = automaton_straddled(boundaries)
    build = time.process_time() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    start = time.process_time()
    matched = [straddled(*c) for c in calls]
    search = time.process_time() - start
    print(
        f"  dictionary walk (pure Python)  {walk:6.3f} s CPU  "
        f"{1e6 * walk / len(calls):5.1f} µs/call"
    )
    print(
        f"  ahocorasick_rs, per text       {search:6.3f} s CPU  "
        f"{1e6 * search / len(calls):5.1f} µs/call  + build {build:.2f} s CPU, +{grown:.0f} MB"
    )
    print(f"  same answers: {matched == walked}")


if __name__ == "__main__":
    main()
