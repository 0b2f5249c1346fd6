"""Check time against segment length: one huge segment (a whole book pasted as one paragraph).

The demo article is repeated, source after source and target after target, into one segment of
about 100 KB, 400 KB and 2.6 MB (characters of source plus target), with a few of its terms left
unrendered (as the demo's MT leaves them) so the locator runs too. The term analysis (the
occurrence record) and the number check are timed alone; ``--full`` times the whole check too
(every check family). The cost must grow linearly: the microseconds of CPU per character stay
flat when it does.

    python benchmarks/long_segment.py [--sizes 20000,100000,400000,2600000] [--full]
"""

from __future__ import annotations

import argparse
import time

from mtreview.corpus.model import Segment
from mtreview.corpus.tsv import read_tsv
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.checks import SegmentContext
from mtreview.scoring.checks.numbers import check_numbers
from mtreview.scoring.engine import Checker


def long_segment(size: int) -> Segment:
    """The demo corpus glued into one segment of about ``size`` characters."""
    segments = read_tsv(demo_corpus()).segments
    source = "".join(s.source for s in segments)
    target = " ".join(s.target for s in segments)
    copies = max(1, round(size / (len(source) + len(target))))
    return Segment("long", source * copies, (target + " ") * copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000,400000,2600000")
    parser.add_argument("--full", action="store_true", help="time the whole check too")
    args = parser.parse_args()
    checker = Checker(load_glossary(demo_glossary()))
    checker.check_segment(Segment("warm", "自然资源部", "the Ministry"))  # load jieba
    head = f"{'chars':>10} {'occurrences':>12} {'terms s':>8} {'us/char':>8}"
    print(f"{head} {'numbers s':>9} {'us/char':>8} {'check s':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        segment = long_segment(size)
        chars = len(segment.source) + len(segment.target)
        started = time.process_time()
        record = checker.occurrences(segment)
        spent = time.process_time() - started
        started = time.process_time()
        list(check_numbers(SegmentContext(segment)))
        numbers = time.process_time() - started
        full = ""
        if args.full:
            started = time.process_time()
            checker.check_segment(segment)
            full = f"{time.process_time() - started:>8.2f}"
        line = f"{chars:>10} {len(record):>12} {spent:>8.2f} {spent / chars * 1e6:>8.2f}"
        print(f"{line} {numbers:>9.2f} {numbers / chars * 1e6:>8.2f} {full}")


if __name__ == "__main__":
    main()
