"""Time each check family on the demo, repeated to a corpus of N segments.

Run from the project root: python -m benchmarks.checks_families [N]
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace

from mtreview.corpus.formats import read_corpus
from mtreview.paths import demo_corpus
from mtreview.scoring.checks import FAMILIES, SegmentContext, all_check_ids


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    demo = read_corpus(demo_corpus()).segments
    segments = [replace(demo[i % len(demo)], id=f"s{i}") for i in range(n)]
    all_check_ids()
    for name, family in FAMILIES.items():
        if name == "terms":
            continue  # needs the glossary's occurrences; timed by the engine benchmark
        start = time.perf_counter()
        for seg in demo:  # first use loads dictionaries (jieba.posseg, pypinyin)
            list(family.run(SegmentContext(seg)))
        warm = time.perf_counter() - start
        start = time.process_time()  # CPU time: comparable on a shared machine
        issues = sum(len(list(family.run(SegmentContext(seg)))) for seg in segments)
        took = time.process_time() - start
        print(
            f"{name:<13} first {len(demo)} segments {warm:5.2f} s; then {n} in {took:6.2f} s "
            f"CPU ({took / n * 1e6:6.1f} µs/segment), {issues} issues"
        )


if __name__ == "__main__":
    main()
