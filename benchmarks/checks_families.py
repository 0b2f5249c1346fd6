"""Time each check family on the demo, repeated to a corpus of N segments.

Per-segment families run on every segment; corpus-level families (inconsistency) run once on
the whole corpus, on two corpora: the repeated demo as is (every source 1 in 161 segments, all
translated alike) and the same with every third copy's target changed, so that each source has
three renderings and nearly every segment gets an issue (the worst case for the related-segment
lists). Then the incremental ConsistencyIndex: update one segment of the built index. CPU time
(time.process_time) is printed beside wall time, since the machine may be shared.

Run from the project root: python -m benchmarks.checks_families [N]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.paths import demo_corpus
from mtreview.scoring.checks import (
    CORPUS_FAMILIES,
    FAMILIES,
    CorpusContext,
    SegmentContext,
    all_check_ids,
)
from mtreview.scoring.checks.custom import parse_custom
from mtreview.scoring.checks.inconsistency import ConsistencyIndex

CUSTOM = """
[[checks.custom]]
name = "etc"
target = '\\betc\\b(?!\\.)'
message = "etc. needs its period"

[[checks.custom]]
name = "percent"
source = '百分之|%'
target_lacks = '%|per ?cent'
message = "a percentage is lost"
"""
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, float, T]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def per_segment(demo: list[Segment], segments: list[Segment]) -> None:
    import tomllib

    families = dict(FAMILIES)
    for check in parse_custom(tomllib.loads(CUSTOM)["checks"]["custom"], CUSTOM, "x.toml"):
        families[check.id] = check.family()
    for name, family in families.items():
        if name == "terms":
            continue  # needs the glossary's occurrences; timed by the engine benchmark
        warm, _, _ = timed(lambda f=family: [list(f.run(SegmentContext(s))) for s in demo])
        took, cpu, issues = timed(
            lambda f=family: sum(len(list(f.run(SegmentContext(s)))) for s in segments)
        )
        n = len(segments)
        print(
            f"{name:<22} first {len(demo)} segments {warm:5.2f} s; "
            f"then {n} in {took:6.2f} s ({n / took:8.0f}/s, cpu {cpu:5.2f} s), {issues} issues"
        )


def corpus_level(segments: list[Segment]) -> None:
    varied = [
        replace(s, target=f"{s.target} (v{i % 3})") if (i // 161) % 3 else s
        for i, s in enumerate(segments)
    ]
    for label, corpus in (("repeated demo", segments), ("three renderings each", varied)):
        ctx = CorpusContext(tuple(corpus))
        for name, family in CORPUS_FAMILIES.items():
            took, cpu, issues = timed(lambda f=family, c=ctx: list(f.run(c)))
            print(
                f"{name:<22} {label:<22} {len(corpus)} segments in {took:6.2f} s "
                f"(cpu {cpu:5.2f} s), {len(issues)} issues"
            )
    index = ConsistencyIndex()
    for s in varied:
        index.add(s.id, s.source, s.target)
    edit = varied[len(varied) // 2]
    took, cpu, affected = timed(lambda: index.update(edit.id, edit.source, "Something else."))
    mine, _, found = timed(lambda: index.issues(edit.id))
    assert found, "the edited segment is inconsistent with its copies"
    print(
        f"ConsistencyIndex.update of one segment: {took * 1000:.1f} ms, "
        f"{len(affected)} affected segments; its issues in {mine * 1000:.1f} ms"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    demo = list(read_corpus(demo_corpus()).segments)
    segments = [replace(demo[i % len(demo)], id=f"s{i}") for i in range(n)]
    all_check_ids()
    per_segment(demo, segments)
    corpus_level(segments)


if __name__ == "__main__":
    main()
