"""Alarms of the consistency, full-width and URL/placeholder checks on human translations.

Every flag on real, human-translated files is a candidate false alarm: this prints the counts
per check for the bundled demo, TICO-19 (en→zh as stored, and read reversed as zh→en, the
direction mtreview is built for) and every other sample file, and with --show each flag.

    python -m benchmarks.checks_real_files [--show] [SAMPLES_DIR]
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary
from mtreview.paths import demo_corpus
from mtreview.scoring.engine import Checker

CHECKS = (
    "inconsistent-target",
    "inconsistent-source",
    "fullwidth-punctuation",
    "url-mismatch",
    "placeholder-mismatch",
)


def reversed_corpus(corpus: Corpus) -> Corpus:
    swapped = tuple(replace(s, source=s.target, target=s.source) for s in corpus.segments)
    return replace(
        corpus, segments=swapped, source_lang=corpus.target_lang, target_lang=corpus.source_lang
    )


def report(label: str, corpus: Corpus, show: bool) -> None:
    checker = Checker(Glossary((), corpus.source_lang, corpus.target_lang))
    result = checker.check_corpus(corpus.segments, jobs=1)
    flagged = [i for i in result.issues if i.check in CHECKS]
    counts = Counter(i.check for i in flagged)
    summary = ", ".join(f"{counts[c]} {c}" for c in CHECKS if counts[c]) or "no alarm"
    pair = f"{corpus.source_lang}→{corpus.target_lang}"
    print(f"{label:<52} {len(corpus.segments):>5} segments {pair}: {summary}")
    if show:
        segments = {s.id: s for s in corpus.segments}
        for issue in flagged:
            seg = segments[issue.segment]
            print(f"    {issue.segment} {issue.check}: {issue.message}")
            print(f"        source: {seg.source[:100]!r}\n        target: {seg.target[:100]!r}")


def main() -> None:
    show = "--show" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--show"]
    samples = Path(args[0]) if args else Path("/work/shared/samples")
    report("demo", read_corpus(demo_corpus()), show)
    for path in sorted(samples.rglob("*")):
        if path.suffix not in (".tmx", ".xlf", ".xliff"):
            continue
        try:
            corpus = read_corpus(path)
        except MtreviewError as exc:
            print(f"{path.name:<52} unreadable: {exc}")
            continue
        report(path.name, corpus, show)
        if path.name.startswith("tico19"):
            report(f"{path.name} (reversed)", reversed_corpus(corpus), show)


if __name__ == "__main__":
    main()
