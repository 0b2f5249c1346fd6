"""Scoring a review project: first run, a re-run with nothing changed, a re-run after one edit.

Builds the demo project (161 segments) and the demo repeated to about N segments (default
10,000), applies every suggested fix to the first 50 segments, then prints seconds and how
many segments each run scored. The last figure is the scores screen on the demo, from the
key press to the figures on screen (a Pilot run, headless). Run from the repository root:
``python -m benchmarks.project_scores [N]``; ``python -m benchmarks.project_scores --project
PATH`` scores a copy of an existing project twice instead (the second run is "nothing changed").

Seconds are CPU time of this process (wall time is noisy on a shared machine); a re-score with
nothing changed prints its ratio to issue 14's goal (0.5 s at 5,000 segments, 3 s at 100,000,
linear between) and the peak memory.
"""

from __future__ import annotations

import asyncio
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.model import Corpus
from mtreview.review import ReviewService, load_inputs
from mtreview.review.scores import score_project


def make_project(path: Path, copies: int) -> Path:
    corpus, glossary = load_inputs(None, None, demo=True)
    segments = tuple(replace(s, id=f"{s.id}-{k}") for k in range(copies) for s in corpus.segments)
    service = ReviewService.create(path, Corpus(segments, str(path)), glossary, "bench")
    for pos in range(50):
        for issue in service.state(pos).issues:
            if issue.fix is not None:
                service.apply_fix(pos, issue.fingerprint)
                break
    service.close()
    return path


def goal_seconds(segments: int) -> float:
    """Issue 14's goal for a re-score with nothing changed."""
    if segments <= 5000:
        return 0.5
    return min(3.0, 0.5 + 2.5 * (segments - 5000) / 95_000)


def timed(label: str, path: Path, segments: int | None = None) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    run = score_project(path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    line = f"  {label:<26} {cpu:6.2f} s CPU ({seconds:.2f} wall) {run.recomputed:>7,} scored"
    if segments is not None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        goal = goal_seconds(segments)
        line += f"   {cpu / goal:.2f}x the goal of {goal:.2f} s; peak {peak:.0f} MB"
    print(line)


def edit_one(path: Path) -> None:
    service = ReviewService.open(path, "bench")
    service.edit(7, service.target(7) + " Edited.")
    service.close()


async def screen_seconds(path: Path) -> float:
    sys.path.insert(0, "tests")
    from tui_helpers import app_for, ready

    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        start = time.perf_counter()
        await pilot.press("s")
        while getattr(app.screen, "result", None) is None:
            await pilot.pause(0.005)
        return time.perf_counter() - start


def existing(project: Path) -> None:
    """Score a copy of ``project`` twice: the second run is the re-score with nothing changed."""
    from mtreview.review.store import Store

    with tempfile.TemporaryDirectory(dir=project.parent) as tmp:
        path = Path(tmp) / project.name
        shutil.copy(project, path)
        store = Store.open(path)
        size = store.size()
        store.close()
        print(f"{project}: {size:,} segments")
        timed("first score (settles)", path)
        timed("again, nothing changed", path, size)


def main() -> None:
    if sys.argv[1:2] == ["--project"]:
        existing(Path(sys.argv[2]))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, max(1, round(n / 161))):
            path = make_project(Path(tmp) / f"p{copies}.mtreview", copies)
            print(f"{161 * copies:,} segments")
            timed("first score", path)
            timed("again, nothing changed", path, 161 * copies)
            edit_one(path)
            timed("after one edit", path)
        demo = make_project(Path(tmp) / "screen.mtreview", 1)
        print(f"scores screen on the demo, first open: {asyncio.run(screen_seconds(demo)):.2f} s")
        print(f"scores screen on the demo, again:      {asyncio.run(screen_seconds(demo)):.2f} s")


if __name__ == "__main__":
    main()
