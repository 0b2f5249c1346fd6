"""A glossary change in a large review project, and re-opening it (issue 14, goals 3 and 4).

Builds (once; ``--project`` keeps it) a review project of the generated corpus of
``check_speed.py`` (default 100,000 segments, 10,000 terms), then times, in CPU seconds of this
process (the machine is shared) and wall seconds beside them:

- re-opening the project to the first screen (goal ≤ 1 s);
- one term's target edited, a term added, a term's source edited, a term deleted, and the
  first edit reverted, each re-checking only the segments it touches (goal ≤ 1 s each);
- re-opening again (the glossary taken from the project, not parsed), and after the glossary
  file was edited elsewhere (only the touched segments re-checked).

    python benchmarks/glossary_change.py [--segments N] [--terms N] [--project PATH]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from check_speed import make_data

from mtreview.corpus.model import Corpus
from mtreview.glossary.model import Glossary
from mtreview.glossary.yaml_io import load_glossary, save_glossary
from mtreview.review import ReviewService
from mtreview.review.glossary import GlossaryChange, GlossaryService

GOAL = 1.0


def build(project: Path, n_segments: int, n_terms: int) -> None:
    glossary, segments = make_data(n_segments, n_terms)
    path = project.with_suffix(".yaml")
    save_glossary(Glossary(glossary.terms), path)
    started = time.perf_counter()
    corpus = Corpus(tuple(segments), str(project))
    ReviewService.create(project, corpus, load_glossary(path), "bench").close()
    spent = time.perf_counter() - started
    print(f"created {n_segments} segments x {n_terms} terms in {spent:.0f} s")


def timed(label: str, fn: Callable[[], object]) -> object:
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    extra = ""
    if isinstance(out, GlossaryChange):
        extra = f"  re-checked {out.rechecked if out.rechecked is not None else 'all'}"
    verdict = "ok" if cpu <= GOAL else "over"
    print(f"{label:<34} {cpu:6.2f} s CPU {wall:6.2f} s wall  ({verdict}, goal {GOAL} s){extra}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--project", type=Path, help="keep the project here (built if missing)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    project = args.project or Path(folder.name) / "bench.mtreview"
    if not project.exists():
        build(project, args.segments, args.terms)
    service = timed("re-open (to the first screen)", lambda: ReviewService.open(project, "b"))
    assert isinstance(service, ReviewService)
    timed("first screen's segment", lambda: service.state(0))
    service.warm_up()
    gs = GlossaryService(service)
    terms = service.glossary.terms
    first, second, third = terms[0], terms[1], terms[2]
    source = second.source[::-1]
    edited = {"source": first.source, "target": "x y"}
    timed("edit a term's target", lambda: gs.update(first.id, edited))
    timed("add a term", lambda: gs.add({"source": third.source[:2] + "国家", "target": "new z"}))
    timed("edit a term's source", lambda: gs.update(second.id, {"source": source, "target": "q"}))
    timed("delete a term", lambda: gs.delete(third.id))
    raw = {"source": first.source, "target": first.target, "variants": list(first.variants)}
    raw["forbidden"] = list(first.forbidden)
    timed("revert the first edit", lambda: gs.update(first.id, raw))
    service.close()
    service = timed("re-open, glossary unchanged", lambda: ReviewService.open(project, "b"))
    assert isinstance(service, ReviewService)
    service.close()
    path = Path(service.glossary.path or "")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"target: {first.target}\n", "target: edited elsewhere\n", 1))
    service = timed("re-open after an edit elsewhere", lambda: ReviewService.open(project, "b"))
    assert isinstance(service, ReviewService)
    service.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
