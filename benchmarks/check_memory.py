"""Peak memory and CPU time of ``mtreview check`` itself, per output format (issue 14: ≤ 400 MB).

The corpus and glossary are :func:`benchmarks.check_speed.make_data`'s (seeded), written once as
files; each format is checked by the command in a fresh process, its output sent to
``/dev/null``. Peak memory is ``ru_maxrss`` of the command (the largest of it and its worker
processes); CPU counts both. The command is started through ``own_usage.run``, so the corpus
generated here is not counted as its memory. Wall figures are noisy on a shared machine: compare
CPU and peak.

    python benchmarks/check_memory.py [--segments 100000] [--terms 10000] [--jobs 1]
    python benchmarks/check_memory.py --segments 30000 --formats text,json+all
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from benchmarks import own_usage  # noqa: E402

# name -> the options of `mtreview check` it adds
FORMATS = {
    "text": ["--format", "text"],
    "by-term": ["--format", "text", "--by-term"],
    "csv": ["--format", "csv"],
    "json": ["--format", "json"],
    "json+all": ["--format", "json", "--by-term", "--occurrences"],
}


def measure(folder: Path, options: list[str], jobs: int) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, exit status) of one ``mtreview check`` of the data in ``folder``."""
    command = [sys.executable, "-m", "mtreview", "check", "-g", str(folder / "glossary.yaml")]
    command += ["--source", str(folder / "source.txt"), "--target", str(folder / "target.txt")]
    env = {**os.environ, "MTREVIEW_JOBS": str(jobs), "PYTHONPATH": str(ROOT)}
    with open(os.devnull, "w") as sink:
        usage = own_usage.run([*command, *options], stdout=sink, env=env)
    return usage.wall, usage.cpu, usage.peak_mb, usage.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1, help="MTREVIEW_JOBS for the command")
    parser.add_argument(
        "--formats",
        default="text",
        help=f"comma-separated, of: {', '.join(FORMATS)} (default: text)",
    )
    parser.add_argument("--data", metavar="DIR", help="keep the generated files in DIR")
    args = parser.parse_args()
    formats = args.formats.split(",")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format {unknown[0]!r}")

    from benchmarks.check_speed import make_data, write_data

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.data or tmp) / f"check-{args.segments}x{args.terms}"
        if not (folder / "target.txt").exists():
            write_data(folder, *make_data(args.segments, args.terms))
        size = f"{args.segments:,} segments x {args.terms:,} terms"
        print(f"mtreview check of {size}, MTREVIEW_JOBS={args.jobs}")
        for name in formats:
            wall, cpu, peak, status = measure(folder, FORMATS[name], args.jobs)
            print(
                f"{name:<9} {wall:8.1f} s wall {cpu:8.1f} s CPU  peak {peak:6.0f} MB"
                f"  (exit {status}; goal at 100k: 400 MB)"
            )


if __name__ == "__main__":
    main()
