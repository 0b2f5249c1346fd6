"""A glossary change in a large review project, and re-opening it (issue 14, goals 3 and 4).

Builds (once; ``--project`` keeps it) a review project of the generated corpus of
``check_speed.py`` (default 100,000 segments, 10,000 terms), then times, in CPU seconds of this
process (the machine is shared) and wall seconds beside them:

- re-opening the project to the first screen (goal ≤ 1 s);
- one term's target edited, a term added, a term's source edited, a term deleted, and the
  first edit reverted, each re-checking only the segments it touches (goal ≤ 1 s each);
- re-opening again (the glossary taken from the project, not parsed), and after the glossary
  file was edited elsewhere (only the touched segments re-checked).

    python benchmarks/glossary_change.py [--segments N] [--terms N] [--project PATH] [--phases]

``--phases`` prints, under each change, the CPU seconds of its phases (they nest: the tokenizer
is built inside the first term analysis).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from check_speed import make_data

from mtreview.corpus.model import Corpus
from mtreview.glossary.model import Glossary
from mtreview.glossary.yaml_io import load_glossary, save_glossary
from mtreview.review import ReviewService
from mtreview.review.glossary import GlossaryChange, GlossaryService

GOAL = 1.0
SPENT: dict[str, float] = {}


def _phases() -> None:
    """Wrap the phases of a change so that each adds its CPU seconds to ``SPENT``."""
    import mtreview.glossary.segmenter as segmenter
    import mtreview.review.glossary as review_glossary
    import mtreview.review.service as service
    import mtreview.scoring.incremental as incremental
    from mtreview.glossary.index import SourceIndex
    from mtreview.review.store import Store
    from mtreview.scoring.engine import Checker

    places: list[tuple[str, Any, str]] = [
        ("lint the term", review_glossary, "check_term"),
        ("patch the file's lines", review_glossary, "patch_glossary"),
        ("dump the whole glossary", review_glossary, "dump_glossary"),
        ("parse the whole glossary", review_glossary, "parse_glossary"),
        ("fold the sources", incremental.SourceText, "__init__"),
        ("find the changed terms", incremental, "changed_terms"),
        ("source index", SourceIndex, "__init__"),
        ("jieba tokenizer", segmenter, "new_tokenizer"),
        ("first pass", Checker, "first_pass"),
        ("second pass", Checker, "second_pass"),
        ("glossary snapshot", service, "snapshot"),
        ("store the results", Store, "replace_results"),
    ]
    for label, owner, name in places:
        inner = getattr(owner, name)

        def timed(*args: Any, _inner: Any = inner, _label: str = label, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return _inner(*args, **kwargs)
            finally:
                SPENT[_label] = SPENT.get(_label, 0.0) + time.process_time() - started

        setattr(owner, name, timed)


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
    for phase, seconds in SPENT.items():
        if seconds >= 0.005:
            print(f"    {phase:<30} {seconds:6.2f} s CPU")
    SPENT.clear()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--project", type=Path, help="keep the project here (built if missing)")
    parser.add_argument("--phases", action="store_true", help="time each phase of a change")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    project = args.project or Path(folder.name) / "bench.mtreview"
    if not project.exists():
        build(project, args.segments, args.terms)
    service = timed("re-open (to the first screen)", lambda: ReviewService.open(project, "b"))
    assert isinstance(service, ReviewService)
    timed("first screen's segment", lambda: service.state(0))
    service.warm_up()
    if args.phases:
        _phases()
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
