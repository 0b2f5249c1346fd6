"""Check speed on a generated corpus: 100,000 segment pairs and a 10,000-term glossary.

Prints wall and CPU seconds (and segments per second) for the full check, for source-side and
target-side matching alone, and beside them ``grep -F -f`` over the same texts and terms, with
the ratio to grep and the peak memory. The full check runs first, on cold per-term caches as
``mtreview check`` does (the index is built before: its setup is printed apart); the matching
alone runs after it. The full check writes its text output (to nowhere) as the command does, so
the peak memory printed is the command's (``check_memory.py`` measures the command itself, for
each output format). Deterministic (seeded). On a shared machine the CPU figures are the ones to
compare: wall time counts the other processes too.

    python benchmarks/check_speed.py [--segments N] [--terms N] [--common-words] [--jobs N]
    python benchmarks/check_speed.py --segments 10000 --write DIR   # the data as files
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from mtreview.corpus.model import Segment
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.render import find_renderings, fold
from mtreview.glossary.segmenter import _base_tokenizer
from mtreview.glossary.yaml_io import save_glossary
from mtreview.scoring.engine import Checker
from mtreview.scoring.occurrences import Occurrences
from mtreview.scoring.parallel import default_jobs
from mtreview.scoring.render_check import write_text

SYLLABLES = (
    "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu "
    "na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu"
).split()
FUNCTION_WORDS = "the of and to in a is that for on with as by at from this be are was".split()


def english_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_data(
    n_segments: int, n_terms: int, seed: int = 7, common_words: bool = False
) -> tuple[Glossary, list[Segment]]:
    """A glossary and a corpus in which about one segment word in twenty is a term.

    Terms are compounds of two dictionary words (4-8 characters, like 土地综合整治); with
    ``common_words`` they are single common dictionary words instead, the adversarial case where
    almost every term candidate sits inside or beside another word and needs jieba.
    """
    rng = random.Random(seed)
    words = sorted(w for w, f in _base_tokenizer().FREQ.items() if f > 50 and 2 <= len(w) <= 4)
    rng.shuffle(words)
    vocab = english_vocabulary(rng, 20000)
    if common_words:
        sources = words[:n_terms]
        filler = words[n_terms : n_terms + 30000]
    else:
        filler = words[:30000]
        pool = words[30000:]
        found: set[str] = set()
        while len(found) < n_terms:
            found.add(rng.choice(pool) + rng.choice(pool))
        sources = sorted(found)
        rng.shuffle(sources)
    terms = []
    for i, source in enumerate(sources):
        target = " ".join(rng.sample(vocab, rng.randint(2, 4)))
        variant = " ".join(rng.sample(vocab, 2))
        wrong = " ".join(rng.sample(vocab, 2))
        terms.append(Term(f"t{i}", source, target, variants=(variant,), forbidden=(wrong,)))
    segments = []
    for n in range(n_segments):
        src: list[str] = []
        tgt: list[str] = []
        while sum(map(len, src)) < 110:
            if rng.random() < 0.05:
                term = rng.choice(terms)
                src.append(term.source)
                roll = rng.random()
                if roll < 0.85:
                    tgt.append(term.target)
                elif roll < 0.9:
                    tgt.append(term.variants[0])
                elif roll < 0.95:
                    tgt.append(term.forbidden[0])
                else:
                    tgt.append(" ".join(rng.sample(vocab, 3)))
            else:
                src.append(rng.choice(filler))
                tgt.append(rng.choice(FUNCTION_WORDS))
                tgt.append(rng.choice(vocab))
            if rng.random() < 0.1:
                src.append("，")
                tgt[-1] += ","
        segments.append(Segment(f"s{n}", "".join(src) + "。", " ".join(tgt) + "."))
    return Glossary(tuple(terms)), segments


def write_data(folder: Path, glossary: Glossary, segments: list[Segment]) -> None:
    """The generated glossary and corpus as files the command line reads."""
    folder.mkdir(parents=True, exist_ok=True)
    save_glossary(glossary, folder / "glossary.yaml")
    for name, texts in (
        ("source", [s.source for s in segments]),
        ("target", [s.target for s in segments]),
    ):
        (folder / f"{name}.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    print(f"wrote {folder}/glossary.yaml, source.txt, target.txt ({len(segments):,} segments)")


Timing = tuple[float, float]  # (wall seconds, CPU seconds)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


GOAL_TO_GREP, GOAL_MB = 5.0, 400
"""Issue 14, goal 2: the 1-process check of 100k x 10k within 5x of ``grep -F -f``, <= 400 MB."""


def grep_seconds(patterns: list[str], lines: list[str]) -> Timing:
    if shutil.which("grep") is None:
        return float("nan"), float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        pat = Path(tmp) / "patterns.txt"
        txt = Path(tmp) / "text.txt"
        pat.write_text("\n".join(patterns) + "\n", encoding="utf-8")
        txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run(
            ["grep", "-c", "-F", "-f", str(pat), str(txt)], capture_output=True, check=False
        )
        return time.perf_counter() - start, _children_cpu() - cpu


class _Clock:
    """Wall and CPU time (this process and its finished children) of a ``with`` block."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time() + _children_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() + _children_cpu() - self.cpu

    @property
    def timing(self) -> Timing:
        return self.wall, self.cpu


class _Discard:
    """Output written nowhere (``mtreview check > /dev/null``)."""

    def write(self, text: str) -> int:
        return len(text)


def _count_calls(checker: Checker) -> list[int]:
    """A counter of the checker's analyses with the learnt renderings (the second pass's)."""
    calls = [0]
    analyse = checker.occurrences

    def counted(segment: Segment) -> Occurrences:
        calls[0] += 1
        return analyse(segment)

    checker.occurrences = counted  # type: ignore[method-assign]
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument(
        "--common-words",
        action="store_true",
        help="adversarial glossary: single common words as terms (jieba needed almost always)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="processes for the second full check (default: all)"
    )
    parser.add_argument(
        "--write",
        metavar="DIR",
        help="only write the glossary (glossary.yaml) and the corpus (source.txt, target.txt) "
        "to DIR, for `mtreview check --source --target -g` (compare outputs before and after)",
    )
    args = parser.parse_args()
    if args.write:
        write_data(
            Path(args.write), *make_data(args.segments, args.terms, common_words=args.common_words)
        )
        return

    t0 = time.perf_counter()
    _base_tokenizer()
    jieba_load = time.perf_counter() - t0
    glossary, segments = make_data(args.segments, args.terms, common_words=args.common_words)
    n = len(segments)
    chars = sum(len(s.source) for s in segments)
    print(f"corpus: {n:,} segments, {chars:,} source characters; glossary: {len(glossary):,} terms")
    print(f"jieba dictionary load: {jieba_load:.2f} s (once per process)")

    grep_src = grep_seconds([t.source for t in glossary.terms], [s.source for s in segments])
    grep_tgt = grep_seconds(
        [r for t in glossary.terms for r in (t.target, *t.variants, *t.forbidden)],
        [s.target for s in segments],
    )
    grep_total = (grep_src[0] + grep_tgt[0], grep_src[1] + grep_tgt[1])

    t0 = time.perf_counter()
    index = SourceIndex(glossary.terms)
    index.boundaries.tokenizer  # noqa: B018 - load the term-aware tokenizer up front
    setup = time.perf_counter() - t0

    # The full check runs first, on cold per-term caches (renderings parsed, stems), as a
    # `mtreview check` does; the matching below reuses them.
    # Each result is written (as text, to nowhere) as it comes, as `mtreview check` writes it:
    # the peak memory is the command's.
    checker = Checker(glossary)
    checker.index = index
    again = _count_calls(checker)
    with _Clock() as full_one:
        tally = write_text(checker.corpus_results(segments, jobs=1), _Discard())
    peak_one = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    jieba_calls = index.boundaries.jieba_calls

    with _Clock() as source_time:
        found = []
        for at in range(0, n, 256):  # as the check does: candidates of 256 segments at once
            batch = [s.source for s in segments[at : at + 256]]
            index.prefetch(batch)
            found += [index.find(text) for text in batch]

    with _Clock() as target_time:
        for seg, hits in zip(segments, found, strict=True):
            target = fold(seg.target)
            for term in {h.term.id: h.term for h in hits}.values():
                find_renderings(term, target)

    jobs = args.jobs or default_jobs(n)
    checker = Checker(glossary)
    checker.index = index
    with _Clock() as full_time:
        if jobs > 1:  # else the same check again: not worth the time
            write_text(checker.corpus_results(segments, jobs=jobs), _Discard())

    def row(label: str, timing: Timing) -> None:
        wall, cpu = timing
        print(f"{label:<36} {wall:8.2f} s wall {cpu:8.2f} s CPU {n / cpu:>10,.0f} segments/CPU s")

    print(f"index setup (automaton + jieba terms): {setup:.2f} s")
    row("grep -F -f, source terms", grep_src)
    row("grep -F -f, target renderings", grep_tgt)
    row("grep total", grep_total)
    row("source matching (jieba-checked)", source_time.timing)
    row("target matching", target_time.timing)
    row("full check, 1 process", full_one.timing)
    if jobs > 1:
        row(f"full check, {jobs} processes", full_time.timing)
    print(f"jieba segmentations run by the check: {jieba_calls:,} of {n:,} segments")
    issues = sum(tally.by_check.values())
    print(f"term occurrences: {sum(len(f) for f in found):,}; issues: {issues:,}")
    print(f"second pass: {again[0]:,} segments analysed again with the learnt wrong renderings")
    print(f"peak memory after the 1-process check: {peak_one:,.0f} MB")
    to_grep = full_one.cpu / grep_total[1]
    print(
        f"full check (1 process) / grep total: {full_one.wall / grep_total[0]:.1f}x wall, "
        f"{to_grep:.1f}x CPU (issue 14's goal {GOAL_TO_GREP:g}x: {to_grep / GOAL_TO_GREP:.2f} of "
        f"it; memory {peak_one / GOAL_MB:.2f} of {GOAL_MB} MB)"
    )
    if jobs > 1:
        print(f"full check ({jobs} processes) / grep total: {full_time.wall / grep_total[0]:.1f}x")


if __name__ == "__main__":
    main()
