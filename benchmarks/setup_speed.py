"""The one-core setup before a check's first segment, stage by stage (CPU seconds).

What ``mtreview open`` (a new project) and ``mtreview check`` do before any segment is checked:
parse the glossary, read the corpus (TSV), load jieba's dictionary and prepare it (its folded
words, OpenCC's variant phrases: kept in the user's cache folder after the first run, see
``mtreview.diskcache``), build the source index and the private tokenizer. Inputs are
``project_create.py``'s (seeded). Each stage is timed in this process, in the order creation
meets them; a stage the code no longer has is left out. Its peak memory is its own (started
through ``own_usage.run``: the inputs generated here are not counted).

    python benchmarks/setup_speed.py [--segments 100000] [--terms 10000] [--cold] [--data DIR]

``--cold`` uses an empty cache folder (the first run on a machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from benchmarks import own_usage  # noqa: E402


def stages(corpus: Path, glossary: Path) -> None:
    """Time each stage in this process and print them."""
    from mtreview.glossary import script, segmenter
    from mtreview.review.glossary_file import read_glossary
    from mtreview.review.inputs import load_inputs
    from mtreview.scoring.engine import Checker

    spent: dict[str, float] = {}

    def stage(name: str, make: Callable[[], Any]) -> Any:
        start = time.process_time()
        out = make()
        spent[name] = time.process_time() - start
        return out

    found = stage("glossary parse", lambda: read_glossary(glossary))
    loaded = stage("corpus read", lambda: load_inputs(corpus, found.glossary)[0])
    checker = Checker(found.glossary)
    stage("jieba dictionary", segmenter._base_tokenizer)
    stage("variant phrases", script._variant_phrases)
    stage("folded words", segmenter._folded_words)
    index = stage("source index", lambda: checker.index)
    stage("tokenizer", lambda: index.boundaries.tokenizer)
    for name, seconds in spent.items():
        print(f"  {name:<18} {seconds:6.2f} s CPU")
    print(f"  {'total':<18} {sum(spent.values()):6.2f} s CPU ({len(loaded):,} segments)")
    print(f"  peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--cold", action="store_true", help="start from an empty cache folder")
    parser.add_argument("--data", type=Path, help="keep the generated inputs in this folder")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stages(*args.child)
        return
    from benchmarks.project_create import write_inputs

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        corpus, glossary = write_inputs(folder, args.segments, args.terms)
        env = dict(os.environ)
        if args.cold:
            env["MTREVIEW_CACHE_DIR"] = str(Path(tmp) / "cache")
        cache = "cold" if args.cold else "as it is"
        print(f"setup: {args.segments:,} segments x {args.terms:,} terms, cache {cache}")
        command = [sys.executable, __file__, "--child", str(corpus), str(glossary)]
        if own_usage.run(command, env=env).status != 0:
            raise SystemExit("the timed stages failed")


if __name__ == "__main__":
    main()
