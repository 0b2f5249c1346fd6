"""Script-insensitive matching: the demo in every script combination, and what folding costs.

1. The demo (corpus and glossary) converted to Traditional with OpenCC's ``s2t``, ``s2tw`` and
   ``s2hk`` (same lengths, so spans compare) is checked as S/S, S/T, T/S, T/T and mixed (every
   other segment or term Traditional). Printed: issues, term issues, and how many issues
   (segment, check, term, source span, target span) differ from the Simplified run.
2. Speed of :func:`simplified` and :func:`fold_source` (characters per second, CPU time, cache
   cleared; and warm, on 5,000 texts) on Simplified and Traditional text, and source matching
   (CPU) of the check_speed corpus in either script.

    python benchmarks/script_matching.py [--segments N] [--terms N]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import opencc
from check_speed import make_data

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.glossary import script
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Glossary
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.engine import Checker

Key = tuple[str, str, str | None, tuple[int, int] | None, tuple[int, int] | None]
PICK: dict[str, Callable[[int], bool]] = {
    "S": lambda n: False,
    "T": lambda n: True,
    "M": lambda n: n % 2 == 1,
}


def converter(config: str) -> Callable[[str], str]:
    convert = opencc.OpenCC(f"{config}.json").convert

    def run(text: str) -> str:
        out: str = convert(text)
        assert len(out) == len(text), f"{config} changed a length"
        return out

    return run


def in_script(
    glossary: Glossary, segments: list[Segment], corpus: str, terms: str, to: Callable[[str], str]
) -> tuple[Glossary, list[Segment]]:
    new_terms = tuple(
        replace(t, source=to(t.source)) if PICK[terms](n) else t
        for n, t in enumerate(glossary.terms)
    )
    new_segments = [
        replace(s, source=to(s.source)) if PICK[corpus](n) else s for n, s in enumerate(segments)
    ]
    return replace(glossary, terms=new_terms), new_segments


def issue_keys(glossary: Glossary, segments: list[Segment]) -> Counter[Key]:
    result = Checker(glossary).check_corpus(segments, jobs=1)
    return Counter(
        (i.segment, i.check, i.term, i.source_span, i.target_span) for i in result.issues
    )


def differ(a: Counter[Key], b: Counter[Key]) -> int:
    return sum(((a - b) + (b - a)).values())


def combinations() -> None:
    segments = list(read_corpus(demo_corpus()).segments)
    glossary = load_glossary(demo_glossary())
    base = issue_keys(glossary, segments)
    print(f"{'conversion':<8}{'corpus/glossary':<17}{'issues':>7}{'term':>6}{'differ':>8}")
    for config in ("s2t", "s2tw", "s2hk"):
        to = converter(config)
        for corpus in "STM":
            for terms in "STM":
                keys = issue_keys(*in_script(glossary, segments, corpus, terms, to))
                term = sum(n for k, n in keys.items() if k[1].startswith("term"))
                print(
                    f"{config:<8}{corpus + '/' + terms:<17}{sum(keys.values()):>7}{term:>6}"
                    f"{differ(keys, base):>8}"
                )


def clear_caches() -> None:
    for cache in (script._SIMPLIFIED, script._FOLDED):
        cache.items.clear()
        cache.chars = 0


def rate(texts: list[str], fn: Callable[[str], str], cached: bool = False) -> float:
    chars = sum(map(len, texts))
    best = float("inf")
    for _ in range(3):
        if not cached:
            clear_caches()
        start = time.process_time()
        for text in texts:
            if not cached:
                clear_caches()
            fn(text)
        best = min(best, time.process_time() - start)
    return chars / best


def matching_seconds(glossary: Glossary, segments: list[Segment]) -> float:
    index = SourceIndex(glossary.terms)
    index.boundaries.tokenizer  # noqa: B018 - load the term-aware tokenizer up front
    best = float("inf")
    for _ in range(2):
        clear_caches()
        index.boundaries._cache.clear()
        start = time.process_time()
        for segment in segments:
            index.find(segment.source)
        best = min(best, time.process_time() - start)
    return best


def speed(n_segments: int, n_terms: int) -> None:
    glossary, segments = make_data(n_segments, n_terms)
    to = converter("s2t")
    simplified = [s.source for s in segments]
    traditional = [to(t) for t in simplified]
    chars = sum(map(len, simplified))
    print(f"\n{n_segments:,} segments, {chars:,} source characters, {n_terms:,} terms (CPU time)")
    for label, texts in (("Simplified", simplified), ("Traditional", traditional)):
        print(
            f"{label:<12} simplified {rate(texts, script.simplified) / 1e6:6.1f} M chars/s   "
            f"fold_source {rate(texts, script.fold_source) / 1e6:6.1f} M chars/s   "
            f"cached {rate(texts[:5000], script.fold_source, cached=True) / 1e6:6.1f} M chars/s"
        )
    for corpus, terms in (("S", "S"), ("T", "S"), ("T", "T")):
        g, s = in_script(glossary, segments, corpus, terms, to)
        seconds = matching_seconds(g, s)
        per_second = chars / seconds / 1e6
        print(f"source matching {corpus}/{terms}: {seconds:.2f} s  {per_second:.2f} M chars/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--terms", type=int, default=10_000)
    args = parser.parse_args()
    combinations()
    speed(args.segments, args.terms)


if __name__ == "__main__":
    main()
