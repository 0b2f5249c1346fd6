"""Check speed on a generated corpus: 100,000 segment pairs and a 10,000-term glossary.

Prints segments per second for the full check, for source-side and target-side matching alone,
and beside them ``grep -F -f`` over the same texts and terms. Deterministic (seeded).

    python benchmarks/check_speed.py [--segments N] [--terms N]
"""

from __future__ import annotations

import argparse
import random
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
from mtreview.scoring.engine import Checker

ENGLISH = (
    "the of and to in a is that for on with as by at from this be are was it an which will "
    "development land resources protection ecological natural policy reform planning national "
    "system province city county project construction management use space green carbon mine "
    "water forest sea area pilot market value rights industrial rural urban control line"
).split()


def make_data(n_segments: int, n_terms: int, seed: int = 7) -> tuple[Glossary, list[Segment]]:
    rng = random.Random(seed)
    words = sorted(w for w, f in _base_tokenizer().FREQ.items() if f > 50 and 2 <= len(w) <= 4)
    rng.shuffle(words)
    term_words = words[:n_terms]
    filler = words[n_terms : n_terms + 30000]
    terms = []
    for i, word in enumerate(term_words):
        target = " ".join(rng.sample(ENGLISH[20:], 2)) + f" t{i}"
        terms.append(Term(f"t{i}", word, target, forbidden=(f"wrong t{i}",)))
    segments = []
    for n in range(n_segments):
        src: list[str] = []
        tgt: list[str] = []
        while sum(map(len, src)) < 110:
            if rng.random() < 0.04:
                term = rng.choice(terms)
                src.append(term.source)
                roll = rng.random()
                if roll < 0.8:
                    tgt.append(term.target)
                elif roll < 0.9:
                    tgt.append(f"wrong {term.id}")
                else:
                    tgt.append(" ".join(rng.sample(ENGLISH, 3)))
            else:
                src.append(rng.choice(filler))
                tgt.extend(rng.sample(ENGLISH, 2))
            if rng.random() < 0.1:
                src.append("，")
        segments.append(Segment(f"s{n}", "".join(src) + "。", " ".join(tgt) + "."))
    return Glossary(tuple(terms)), segments


def grep_seconds(patterns: list[str], lines: list[str]) -> float:
    if shutil.which("grep") is None:
        return float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        pat = Path(tmp) / "patterns.txt"
        txt = Path(tmp) / "text.txt"
        pat.write_text("\n".join(patterns) + "\n", encoding="utf-8")
        txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            ["grep", "-c", "-F", "-f", str(pat), str(txt)], capture_output=True, check=False
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    args = parser.parse_args()

    t0 = time.perf_counter()
    _base_tokenizer()
    jieba_load = time.perf_counter() - t0
    glossary, segments = make_data(args.segments, args.terms)
    n = len(segments)
    chars = sum(len(s.source) for s in segments)
    print(f"corpus: {n:,} segments, {chars:,} source characters; glossary: {len(glossary):,} terms")
    print(f"jieba dictionary load: {jieba_load:.2f} s (once per process)")

    grep_src = grep_seconds([t.source for t in glossary.terms], [s.source for s in segments])
    grep_tgt = grep_seconds(
        [r for t in glossary.terms for r in (t.target, *t.forbidden)], [s.target for s in segments]
    )
    grep_total = grep_src + grep_tgt

    t0 = time.perf_counter()
    index = SourceIndex(glossary.terms)
    index.boundaries.tokenizer  # noqa: B018 - load the term-aware tokenizer up front
    setup = time.perf_counter() - t0

    t0 = time.perf_counter()
    found = [index.find(s.source) for s in segments]
    source_time = time.perf_counter() - t0

    t0 = time.perf_counter()
    for seg, hits in zip(segments, found, strict=True):
        target = fold(seg.target)
        for term in {h.term.id: h.term for h in hits}.values():
            find_renderings(term, target)
    target_time = time.perf_counter() - t0

    checker = Checker(glossary)
    checker.index = index
    t0 = time.perf_counter()
    result = checker.check_corpus(segments)
    full_time = time.perf_counter() - t0

    def row(label: str, seconds: float) -> None:
        print(f"{label:<34} {seconds:8.2f} s  {n / seconds:>12,.0f} segments/s")

    print(f"index setup (automaton + jieba terms): {setup:.2f} s")
    row("grep -F -f, source terms", grep_src)
    row("grep -F -f, target renderings", grep_tgt)
    row("grep total", grep_total)
    row("source matching (jieba-checked)", source_time)
    row("target matching", target_time)
    row("full check", full_time)
    print(f"jieba segmentations run: {index.boundaries.jieba_calls:,} of {n:,} segments")
    print(f"term occurrences: {sum(len(f) for f in found):,}; issues: {len(result.issues):,}")
    print(f"full check / grep total: {full_time / grep_total:.1f}x")


if __name__ == "__main__":
    main()
