"""``mtreview score CORPUS --ref REF`` against the sacrebleu command line on the same files.

Issue 14, goal 3: ``score`` within 1.2x of the sacrebleu CLI computing the same three metrics
(``sacrebleu REF -i HYP -m bleu chrf ter --chrf-word-order 2``). The corpus is the seeded one
of ``check_speed.py`` (Chinese sources, English MT); the reference is the MT with a few words
changed in two segments of three. Both run as fresh processes (``own_usage.run``); the figures
are CPU seconds (user + system, from wait4: the ones to compare on a shared machine), wall
seconds beside (with the launcher's start, ≈ 20 ms, in both).
``--reviewed`` also gives a reviewed text (one segment in four post-edited), the case where
all three pairs differ.

    python benchmarks/score_cli.py [--sizes 5000,100000] [--reviewed]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_speed import make_data
from own_usage import run as run_measured

GOAL = 1.2


def _edit(rng: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        words[rng.randrange(len(words))] = rng.choice(("stamp", "ticket", "zone", "belt"))
    return " ".join(words)


def write_files(folder: Path, n: int) -> tuple[Path, Path, Path, Path]:
    _glossary, segments = make_data(n, 1000)
    rng = random.Random(3)
    corpus, hyp, ref, reviewed = (folder / name for name in ("c.tsv", "h.txt", "r.txt", "v.txt"))
    refs = [_edit(rng, s.target) if i % 3 else s.target for i, s in enumerate(segments)]
    edits = [_edit(rng, s.target) if i % 4 == 0 else s.target for i, s in enumerate(segments)]
    corpus.write_text(
        "id\tsource\ttarget\n" + "".join(f"{s.id}\t{s.source}\t{s.target}\n" for s in segments),
        encoding="utf-8",
    )
    hyp.write_text("".join(s.target + "\n" for s in segments), encoding="utf-8")
    ref.write_text("".join(r + "\n" for r in refs), encoding="utf-8")
    reviewed.write_text("".join(r + "\n" for r in edits), encoding="utf-8")
    return corpus, hyp, ref, reviewed


def cpu_of(command: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one command."""
    usage = run_measured(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if usage.status != 0:
        sys.exit(f"{command[:4]} failed: {usage.stderr}")
    return usage.cpu, usage.wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,100000")
    parser.add_argument("--reviewed", action="store_true", help="also give a reviewed text")
    args = parser.parse_args()
    python = sys.executable
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            corpus, hyp, ref, reviewed = write_files(Path(tmp), n)
            ours = [python, "-m", "mtreview", "score", str(corpus), "--ref", str(ref)]
            if args.reviewed:
                ours += ["--reviewed", str(reviewed)]
            theirs = [python, "-m", "sacrebleu", str(ref), "-i", str(hyp)]
            theirs += ["-m", "bleu", "chrf", "ter", "--chrf-word-order", "2"]
            our_cpu, our_wall = cpu_of([*ours, "--format", "json"])
            their_cpu, their_wall = cpu_of(theirs)
            ratio = our_cpu / their_cpu
            print(
                f"{n:>7,} segments: mtreview score {our_cpu:6.1f} s CPU ({our_wall:.1f} s wall), "
                f"sacrebleu {their_cpu:6.1f} s CPU ({their_wall:.1f} s wall): "
                f"{ratio:.2f}x (goal {GOAL}x: {ratio / GOAL:.2f} of it)"
            )


if __name__ == "__main__":
    main()
