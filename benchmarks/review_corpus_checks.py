"""Corpus-level checks in the review on a generated project (default 100,000 segments).

Prints: project creation (full check) time; open time of the project; the time of building the
consistency groups (linear in the corpus; the TUI does it in a worker after the screen shows);
edit + undo latency of a segment in a pair of same-source segments and of one in a group of
``--group`` segments (every member's stored issues change in the same transaction). Sources
are the demo's, made unique in pairs by a number, plus one large group. Wall-clock figures are
noisy on a shared machine; the CPU figures (``time.process_time``) less so.

    python benchmarks/review_corpus_checks.py [--segments 100000] [--group 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from mtreview.corpus.model import Corpus, Segment  # noqa: E402
from mtreview.review import ReviewService, load_inputs  # noqa: E402


def make_segments(count: int, group: int) -> tuple[Segment, ...]:
    corpus, _ = load_inputs(None, None, demo=True)
    base = corpus.segments
    out = []
    for i in range(count):
        seg = base[i % len(base)]
        if i < group:  # one large group: the same source and target
            out.append(replace(base[0], id=f"s{i:06d}"))
        else:  # pairs of the same source and target, unique otherwise
            n = i // 2
            out.append(
                replace(seg, id=f"s{i:06d}", source=f"{seg.source}{n}", target=f"{seg.target} {n}")
            )
    return tuple(out)


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds) of ``fn``."""
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def ensure_project(path: Path, count: int, group: int) -> None:
    """Create the project at ``path`` unless it is there (printing how long the check took)."""
    if path.exists():
        return
    _, glossary = load_inputs(None, None, demo=True)
    segments = make_segments(count, group)
    start = time.perf_counter()
    ReviewService.create(path, Corpus(segments, str(path)), glossary, "bench").close()
    print(f"create (full check), {count} segments: {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="Keep the project here (reused when it exists).")
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--group", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.mtreview"
        ensure_project(path, args.segments, args.group)
        w, c = time.perf_counter(), time.process_time()
        svc = ReviewService.open(path, "bench")
        print(f"open: {time.perf_counter() - w:.2f} s wall, {time.process_time() - c:.2f} s CPU")
        w, c = time.perf_counter(), time.process_time()
        svc.corpus  # noqa: B018 - what warm_up does in the TUI's worker after the screen shows
        took = f"{time.perf_counter() - w:.2f} s wall, {time.process_time() - c:.2f} s CPU"
        print(f"building the consistency groups (worker thread, after the screen shows): {took}")
        for label, pos in (("pair", args.segments - 1), (f"group of {args.group}", 0)):
            original = svc.target(pos)

            def edit_undo(pos: int = pos, original: str = original) -> None:
                svc.edit(pos, original + " (edited)")
                svc.undo()

            wall, cpu = timed(edit_undo)
            print(f"edit + undo in a {label}: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")
        svc.close()


if __name__ == "__main__":
    main()
