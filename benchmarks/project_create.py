"""Creating a review project: N generated segments x T terms, per phase CPU time and peak memory.

The corpus and glossary are :func:`benchmarks.check_speed.make_data`'s (seeded), written to a TSV
and a YAML file; the project is made as ``mtreview open CORPUS -g GLOSSARY`` makes it
(:meth:`ReviewService.open_or_create`), in a fresh process. Each phase's CPU seconds are summed
by wrapping the functions creation calls (inclusive: a phase that calls another counts it too);
the check's worker processes are counted apart (``children``). Peak memory is ``ru_maxrss`` of
the creating process and of its largest child; that process is started through
``own_usage.run``, so the memory of the corpus generated here is not counted as its own. Wall
figures are noisy on a shared machine.

    python benchmarks/project_create.py [--segments 100000] [--terms 10000] [--jobs N] [--thread]
        [--inconsistent N] [--keep PATH]

``--thread`` creates the project from a worker thread, as the TUI does: the workers are then the
fork server's children, counted once the server has been stopped (with the server itself: about
a second of loading jieba and pypinyin). ``--inconsistent N``
gives N segments of the second half the source of one of the first half (their targets differ):
N inconsistent-target pairs, so the project stores 2N corpus-level issues, each with its own
shared part (``review_action_speed.py --keep PATH`` then times actions on such a project).
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from benchmarks import own_usage  # noqa: E402

# What creation spends its time in: (label, module, attribute path). Inclusive CPU seconds.
PHASES = (
    ("parse corpus + glossary", "mtreview.review.inputs", "load_inputs"),
    ("parse glossary (hashed)", "mtreview.review.service", "read_glossary"),
    ("index + jieba, shared", "mtreview.scoring.parallel", "_pool"),
    ("check (whole)", "mtreview.scoring.engine", "Checker.check_corpus"),
    ("  first pass", "mtreview.scoring.engine", "first_pass"),
    ("  first pass (workers)", "mtreview.scoring.parallel", "Workers.first_pass"),
    ("  second pass (here)", "mtreview.scoring.engine", "Checker.second_pass"),
    ("  corpus-level checks", "mtreview.scoring.engine", "Checker._corpus_extra"),
    ("glossary snapshot", "mtreview.review.service", "snapshot"),
    ("store (streamed results)", "mtreview.review.store_base", "StoreBase._store_corpus"),
    ("open the new project", "mtreview.review.store", "Store.open"),
)


GOAL_SECONDS, GOAL_MB = 10.0, 400
"""Issue 14, goal 3: creating a 100k-segment project in 10 s on 2 cores, within 400 MB."""


def write_inputs(
    folder: Path, segments: int, terms: int, inconsistent: int = 0
) -> tuple[Path, Path]:
    """The generated corpus (TSV) and glossary (YAML) in ``folder``, made once.

    ``inconsistent``: segments ``half + i`` take the source of segment ``i`` (i < N).
    """
    from benchmarks.check_speed import make_data
    from mtreview.corpus.model import Corpus
    from mtreview.corpus.tsv import write_tsv
    from mtreview.glossary.yaml_io import save_glossary

    pairs = f"-{inconsistent}pairs" if inconsistent else ""
    corpus_path = folder / f"corpus-{segments}x{terms}{pairs}.tsv"
    glossary_path = folder / f"glossary-{terms}.yaml"
    half = segments // 2
    if not 0 <= inconsistent <= half:
        raise SystemExit(f"--inconsistent: 0 to {half} with {segments} segments")
    if not corpus_path.exists() or not glossary_path.exists():
        glossary, segs = make_data(segments, terms)
        for i in range(inconsistent):
            segs[half + i] = replace(segs[half + i], source=segs[i].source)
        save_glossary(glossary, glossary_path)
        write_tsv(corpus_path, Corpus(tuple(segs), str(corpus_path)))
    return corpus_path, glossary_path


def _timed(spent: dict[str, float], label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start

    return timed


def _wrap(spent: dict[str, float], label: str, module: str, attr: str) -> None:
    import importlib

    owner: Any = importlib.import_module(module)
    *parents, name = attr.split(".")
    for part in parents:
        owner = getattr(owner, part)
    if not hasattr(owner, name):
        return  # the phase is gone from this version of the code
    raw = owner.__dict__.get(name) if isinstance(owner, type) else None
    if isinstance(raw, classmethod | staticmethod):
        setattr(owner, name, type(raw)(_timed(spent, label, raw.__func__)))
    else:
        setattr(owner, name, _timed(spent, label, getattr(owner, name)))


def create_once(corpus: Path, glossary: Path, project: Path, in_thread: bool) -> None:
    """Make the project (in this process) and print the figures."""
    spent: dict[str, float] = {}
    for label, module, attr in PHASES:
        _wrap(spent, label, module, attr)
    from mtreview.review import ReviewService

    made: list[int] = []

    def make() -> None:
        service = ReviewService.open_or_create(project, corpus, glossary, "bench")
        made.append(len(service))
        service.close()

    wall, cpu = time.perf_counter(), time.process_time()
    if in_thread:
        worker = threading.Thread(target=make)
        worker.start()
        worker.join()
    else:
        make()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if in_thread:
        # The workers are the fork server's children: it reaps them, and its usage (theirs
        # included) is counted here once it has ended.
        from multiprocessing import forkserver

        stop = getattr(forkserver._forkserver, "_stop", None)  # private: absent, not counted
        if stop is not None:
            stop()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = resource.getrusage(resource.RUSAGE_SELF)
    for label, _, _ in PHASES:
        if label in spent:
            print(f"  {label:<26} {spent[label]:7.2f} s CPU")
    print(f"  {'total (this process)':<26} {cpu:7.2f} s CPU")
    print(f"  {'check workers':<26} {children.ru_utime + children.ru_stime:7.2f} s CPU")
    print(f"  {'wall':<26} {wall:7.2f} s")
    peak, worker = me.ru_maxrss / 1024, children.ru_maxrss / 1024
    print(f"  peak memory: {peak:.0f} MB; largest worker {worker:.0f} MB")
    segments = made[0]
    goal = GOAL_SECONDS * segments / 100_000  # the goal scaled to the corpus size
    print(
        f"  issue 14's goal scaled (2 cores, {goal:g} s for {segments:,} segments; {GOAL_MB} MB): "
        f"wall {wall / goal:.2f} of it, memory {max(peak, worker) / GOAL_MB:.2f} of it"
    )
    print(f"  project file: {project.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, help="check processes (MTREVIEW_JOBS)")
    parser.add_argument("--thread", action="store_true", help="create from a worker thread")
    parser.add_argument("--data", type=Path, help="keep the generated inputs in this folder")
    parser.add_argument("--keep", type=Path, help="keep the project: its path (must not exist)")
    parser.add_argument(
        "--inconsistent", type=int, default=0, help="inconsistent-target pairs (see above)"
    )
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        create_once(*args.child, in_thread=args.thread)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        corpus, glossary = write_inputs(folder, args.segments, args.terms, args.inconsistent)
        print(
            f"inputs: {args.segments:,} segments x {args.terms:,} terms, "
            f"{args.inconsistent:,} inconsistent pairs "
            f"({time.perf_counter() - start:.1f} s to generate)"
        )
        project = args.keep or Path(tmp) / "bench.mtreview"
        env = dict(os.environ)
        if args.jobs is not None:
            env["MTREVIEW_JOBS"] = str(args.jobs)
        print(
            f"creation (jobs: {env.get('MTREVIEW_JOBS', 'default')}"
            f"{', from a thread' if args.thread else ''}):",
            flush=True,
        )
        command = [sys.executable, __file__, "--child", str(corpus), str(glossary), str(project)]
        usage = own_usage.run([*command, *(["--thread"] if args.thread else [])], env=env)
        if usage.status != 0:
            raise SystemExit(f"creation failed (exit {usage.status})")


if __name__ == "__main__":
    main()
