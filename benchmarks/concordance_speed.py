"""Finding text in a generated 100,000-segment project: `/`, the concordance, the search filter.

Prints CPU seconds (``time.process_time``: steadier than wall time on a shared machine) of a
plain concordance, a regex concordance, a `/` search that finds nothing (it reads every segment
twice: after the current one, then from the start) and the ``search`` list filter.

    python benchmarks/concordance_speed.py [--segments 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from mtreview.corpus.model import Corpus  # noqa: E402
from mtreview.review import Filter, ReviewService, load_inputs  # noqa: E402


def make_project(path: Path, count: int) -> None:
    """A project of ``count`` segments cycling through the demo's."""
    corpus, glossary = load_inputs(None, None, demo=True)
    base = corpus.segments
    segments = tuple(replace(base[i % len(base)], id=f"s{i:06d}") for i in range(count))
    ReviewService.create(path, Corpus(segments, str(path)), glossary, "bench").close()


def cpu(label: str, run: Callable[[], object]) -> None:
    start = time.process_time()
    result = run()
    print(f"{label:<44} {time.process_time() - start:6.2f} s CPU   {result}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.mtreview"
        make_project(path, args.segments)
        service = ReviewService.open(path, "bench")
        print(f"{args.segments} segments")

        def hits(text: str, regex: bool = False) -> str:
            found = service.concordance(text, regex)
            return f"{found.count} hits in {found.segments} segments"

        cpu("concordance 'carbon'", lambda: hits("carbon"))
        cpu("concordance '碳票' (CJK)", lambda: hits("碳票"))
        cpu(
            "concordance regex 'carbon (sinks?|stamp)'", lambda: hits("carbon (sinks?|stamp)", True)
        )
        cpu("/ search, no hit (whole project twice)", lambda: service.search("zzzqqq", 10))
        cpu(
            "search list filter 'carbon'", lambda: len(service.filtered(Filter("search", "carbon")))
        )
        service.close()


if __name__ == "__main__":
    main()
