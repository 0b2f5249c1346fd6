"""Time and peak memory of ``mtreview glossary candidates`` at 10k, 30k and 100k segments.

Issue 14, goal 6: 100,000 segments in at most 60 s and 500 MB. Each size runs the real command
in a fresh process (``python -m mtreview glossary candidates CORPUS --format json``) on the
seeded corpus of ``check_speed.py`` (dictionary words, about 115 source characters a segment)
and prints wall time, CPU time (user + system of the command and its worker processes: the
figure to compare on a shared machine) and peak RSS (the largest of them; the command is
started through ``own_usage.run``, so the corpus generated here is not counted),
each with its ratio to the goal scaled to the corpus size (time) or as is (memory), and the
machine's load average before and after (wall figures mean little when it is above the cores).

    python benchmarks/candidates_speed.py [--sizes 10000,30000,100000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_speed import make_data
from own_usage import run as run_measured

GOAL_SECONDS = 60.0  # for 100,000 segments
GOAL_MB = 500.0


def write_corpus(path: Path, n: int) -> None:
    _glossary, segments = make_data(n, 10_000)
    with path.open("w", encoding="utf-8") as out:
        out.write("id\tsource\ttarget\n")
        for s in segments:
            out.write(f"{s.id}\t{s.source}\t{s.target}\n")


def run(corpus: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of the command with its workers."""
    command = [sys.executable, "-m", "mtreview", "glossary", "candidates", str(corpus)]
    usage = run_measured(
        [*command, "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if usage.status != 0:
        sys.exit(f"candidates failed: {usage.stderr or usage.status}")
    return usage.wall, usage.cpu, usage.peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    args = parser.parse_args()
    print(f"{'segments':>9} {'wall s':>8} {'cpu s':>8} {'cpu/goal':>8} {'MB':>7} {'MB/goal':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            corpus = Path(tmp) / f"corpus{n}.tsv"
            write_corpus(corpus, n)
            load_before = os.getloadavg()[0]
            wall, cpu, peak_mb = run(corpus)
            load = f"load {load_before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            goal = GOAL_SECONDS * n / 100_000
            print(
                f"{n:>9,} {wall:8.1f} {cpu:8.1f} {cpu / goal:8.2f} {peak_mb:7.0f} "
                f"{peak_mb / GOAL_MB:7.2f}   (wall/goal {wall / goal:.2f}; {load})"
            )


if __name__ == "__main__":
    main()
