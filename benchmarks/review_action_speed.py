"""CPU time of one review action through the service alone (no TUI), on a large project.

Issue 14, goal 5 (keystroke → finished screen ≤ 16 ms median): the service's share of the
fix, undo, ignore, confirm and edit keys. The project is the one ``tui_speed.py`` builds (the
demo repeated to 100,000 segments: each demo segment ≈ 620 times, so a fix that changes one
copy's target makes a corpus-level group of ≈ 620 members inconsistent, and its undo makes it
consistent again). Each action runs on a copy of the kept project, so it stays as built.
Any project will do: ``project_create.py --inconsistent 5000 --keep PATH`` makes 100,000
distinct segments with 10,000 corpus-level issues stored (each with its own shared part), where
what every target change costs besides its own groups shows.

Prints, per action kind, the median and p95 of CPU time (``time.process_time``: the figure to
trust on a shared machine) and of wall time, and how many segments' stored issues each changed.
``--profile KIND`` prints the top functions of that kind instead; ``--same`` acts on one
segment every time (its group's copies are then remembered, and so are the checks of its two
targets), instead of a new segment (and group state) each time. ``--ahead`` does what the
review screen does while a reviewer reads (untimed): checks ahead the next fix and undo
(``ReviewService.anticipate``). The ``ahead`` column counts the actions that found their check
made ahead, ``groups`` those that found their groups' members worked out ahead.

    python benchmarks/review_action_speed.py [--keep /tmp/mtreview-tui-bench-100000.mtreview]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from mtreview.review import ReviewService  # noqa: E402


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[max(0, int(len(values) * 0.95) - 1)]
    return f"{statistics.median(values) * 1000:7.2f} {p95 * 1000:7.2f}"


def fixable(review: ReviewService, count: int) -> list[tuple[int, str]]:
    """(pos, fingerprint) of the first ``count`` segments with an open issue holding a fix."""
    found: list[tuple[int, str]] = []
    pos: int | None = -1
    while len(found) < count:
        pos = review.next_issue(pos if pos is not None else -1)
        if pos is None:
            break
        state = review.state(pos)
        fix = next((i for i in state.issues if i.fix is not None), None)
        if fix is not None:
            found.append((pos, fix.fingerprint))
    return found


def run(
    path: Path, presses: int, profile: str | None, same: bool = False, ahead: bool = False
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        cpu = time.process_time()
        review = ReviewService.open(copy, "bench")
        review.warm_up()
        print(f"opened and warmed up in {time.process_time() - cpu:.2f} s CPU")
        targets = fixable(review, 1 if same else presses)
        if same:  # one segment, again and again (as tui_speed.py's f and u keys do)
            targets *= presses
        kinds: dict[str, Callable[[int, str], object]] = {
            "fix": lambda pos, fp: review.apply_fix(pos, fp),
            "undo (of fix)": lambda pos, fp: review.undo(),
            "ignore": lambda pos, fp: review.ignore(pos, fp),
            "undo (of ignore)": lambda pos, fp: review.undo(),
            "confirm": lambda pos, fp: review.confirm(pos),
            "undo (of confirm)": lambda pos, fp: review.undo(),
            "edit": lambda pos, fp: review.edit(pos, review.target(pos) + " x"),
            "undo (of edit)": lambda pos, fp: review.undo(),
        }
        times: dict[str, tuple[list[float], list[float], list[int], list[int], list[int]]] = {
            k: ([], [], [], [], []) for k in kinds
        }
        profiler = cProfile.Profile() if profile else None
        for pos, fingerprint in targets:
            for kind, act in kinds.items():
                review.refresh()
                if ahead:  # the screen's look-ahead while the reviewer reads (not timed)
                    review.anticipate(pos, fingerprint if kind == "fix" else None)
                hits, taken = review.checks.hits, review.regrouper.taken
                on = profiler is not None and kind.startswith(profile or "")
                if on and profiler is not None:
                    profiler.enable()
                wall, cpu = time.perf_counter(), time.process_time()
                act(pos, fingerprint)
                changes = review.refresh()  # what the screen asks next
                cpus, walls, changed, took, regrouped = times[kind]
                cpus.append(time.process_time() - cpu)
                walls.append(time.perf_counter() - wall)
                changed.append(len(changes.positions))
                took.append(review.checks.hits - hits)
                regrouped.append(review.regrouper.taken - taken)
                if on and profiler is not None:
                    profiler.disable()
        review.close()
    print(
        f"{'action':<18} {'cpu ms':>15} {'wall ms':>15} {'segments':>9} {'ahead':>6}"
        f" {'groups':>6}   (median, p95)"
    )
    for kind, (cpus, walls, changed, took, regrouped) in times.items():
        if cpus:
            print(
                f"{kind:<18} {ms(cpus)} {ms(walls)} {max(changed):9d} {sum(took):6d}"
                f" {sum(regrouped):6d}"
            )
    if profiler is not None:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(30)
        stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep",
        type=Path,
        default=Path("/tmp/mtreview-tui-bench-100000.mtreview"),
        help="The project tui_speed.py made (python benchmarks/tui_speed.py --keep PATH).",
    )
    parser.add_argument("--presses", type=int, default=20, help="Segments acted on, per kind.")
    parser.add_argument("--profile", help="Profile one action kind (fix, undo, ignore, ...).")
    parser.add_argument(
        "--same",
        action="store_true",
        help="Act on one segment every time (a group's copies worked out once are remembered).",
    )
    parser.add_argument(
        "--ahead",
        action="store_true",
        help="Check the next fix and undo ahead before each (untimed), as the screen does.",
    )
    args = parser.parse_args()
    if not args.keep.exists():
        sys.exit(f"{args.keep}: no project; make it with benchmarks/tui_speed.py --keep PATH")
    run(args.keep, args.presses, args.profile, args.same, args.ahead)


if __name__ == "__main__":
    main()
