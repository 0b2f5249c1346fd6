"""Scoring a review project: first run, a re-run with nothing changed, a re-run after one edit.

Builds the demo project (161 segments) and the demo repeated to about N segments (default
10,000), applies every suggested fix to the first 50 segments, then prints seconds and how
many segments each run scored. The last figure is the scores screen on the demo, from the
key press to the figures on screen (a Pilot run, headless). Run from the repository root:
``python -m benchmarks.project_scores [N]``.
"""

from __future__ import annotations

import asyncio
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


def timed(label: str, path: Path) -> None:
    start = time.perf_counter()
    run = score_project(path)
    seconds = time.perf_counter() - start
    print(f"  {label:<26} {seconds:6.2f} s   {run.recomputed:>6,} segments scored")


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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, max(1, round(n / 161))):
            path = make_project(Path(tmp) / f"p{copies}.mtreview", copies)
            print(f"{161 * copies:,} segments")
            timed("first score", path)
            timed("again, nothing changed", path)
            edit_one(path)
            timed("after one edit", path)
        demo = make_project(Path(tmp) / "screen.mtreview", 1)
        print(f"scores screen on the demo, first open: {asyncio.run(screen_seconds(demo)):.2f} s")
        print(f"scores screen on the demo, again:      {asyncio.run(screen_seconds(demo)):.2f} s")


if __name__ == "__main__":
    main()
