"""Finding text in a generated 100,000-segment project: `/`, the concordance, the search filter.

Prints CPU seconds (``time.process_time``: steadier than wall time on a shared machine) of a
plain concordance, a regex concordance, a `/` search that finds nothing (it reads every segment
once: after the current one, then from the start up to it) and the ``search`` list filter.

    python benchmarks/concordance_speed.py [--segments 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from tui_speed import make_project  # noqa: E402  (a project cycling the demo's segments)

from mtreview.review import Filter, ReviewService  # noqa: E402


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
        cpu("/ search, no hit (every segment read once)", lambda: service.search("zzzqqq", 10))
        cpu(
            "search list filter 'carbon'", lambda: len(service.filtered(Filter("search", "carbon")))
        )
        service.close()


if __name__ == "__main__":
    main()
