"""Time of the glossary actions the review TUI runs: change a term, re-check, log; fix everywhere.

Run: python benchmarks/glossary_tui_actions.py [REPEAT ...]
The corpus is the demo repeated REPEAT times (default: 1 and 20, i.e. 161 and 3,220 segments),
with its own glossary copy. Prints the seconds of each step (the first re-check includes jieba's
dictionary load, so the checker is warmed up first).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import GlossaryService, ReviewService


def corpus_of(repeat: int) -> Corpus:
    demo = read_corpus(demo_corpus())
    segments = tuple(replace(s, id=f"{s.id}-{n}") for n in range(repeat) for s in demo.segments)
    return replace(demo, segments=segments)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    print(f"  {label:<44} {time.perf_counter() - start:7.3f} s")
    return result


def run(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        glossary = Path(tmp) / "glossary.yaml"
        shutil.copyfile(demo_glossary(), glossary)
        corpus = corpus_of(repeat)
        print(f"{len(corpus.segments)} segments, {len(load_glossary(glossary))} terms")
        review = ReviewService.create(
            Path(tmp) / "p.mtreview", corpus, load_glossary(glossary), "b"
        )
        review.warm_up()
        gs = GlossaryService(review)
        timed("table rows with occurrence counts", gs.rows)
        timed(
            "validate a term (form keystroke)",
            lambda: gs.check({"source": "生态", "target": "ecology"}),
        )
        timed(
            "add a term (save, re-check, log)",
            lambda: gs.add({"source": "生态", "target": "ecology"}),
        )
        term = "ecological-protection-red-line"
        wrong, right = "red line for ecological protection", "ecological protection red line"
        timed("add a forbidden rendering", lambda: gs.add_forbidden(term, wrong))
        preview = timed(
            "preview the fix everywhere", lambda: review.preview_fix_all(term, wrong, right)
        )
        print(f"  ({len(preview.changes)} segments to change)")
        timed("apply it as one action", lambda: review.fix_all(preview))
        timed("undo it", review.undo)
        timed("delete a term", lambda: gs.delete("ecology"))
        review.close()


if __name__ == "__main__":
    for repeat in [int(a) for a in sys.argv[1:]] or [1, 20]:
        run(repeat)
