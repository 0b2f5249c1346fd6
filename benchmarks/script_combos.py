"""The demo checked in every combination of corpus script and glossary script.

The Simplified demo (corpus and glossary) is converted to Traditional with OpenCC's ``s2t`` (same
lengths, so every span is comparable) and checked as S/S, S/T, T/S and T/T, plus a mixed corpus
(every other segment Traditional) and a mixed glossary (every other term Traditional). For each
it prints the issue counts and how many issues differ from the Simplified run.

    python benchmarks/script_combos.py
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import opencc

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.engine import Checker

Key = tuple[str, str, str | None, tuple[int, int] | None, tuple[int, int] | None]


_S2T = opencc.OpenCC("s2t.json")


def traditional(text: str) -> str:
    out: str = _S2T.convert(text)
    assert len(out) == len(text), "s2t changed a length"
    return out


def corpus_in(script: str, segments: tuple[Segment, ...]) -> list[Segment]:
    pick = {"S": lambda n: False, "T": lambda n: True, "M": lambda n: n % 2 == 1}[script]
    return [
        replace(s, source=traditional(s.source)) if pick(n) else s for n, s in enumerate(segments)
    ]


def glossary_in(script: str, glossary: Glossary) -> Glossary:
    pick = {"S": lambda n: False, "T": lambda n: True, "M": lambda n: n % 2 == 1}[script]
    terms = tuple(
        replace(t, source=traditional(t.source)) if pick(n) else t
        for n, t in enumerate(glossary.terms)
    )
    return replace(glossary, terms=terms)


def issue_keys(glossary: Glossary, segments: list[Segment]) -> list[Key]:
    result = Checker(glossary).check_corpus(segments, jobs=1)
    return [(i.segment, i.check, i.term, i.source_span, i.target_span) for i in result.issues]


def main() -> None:
    segments = read_corpus(demo_corpus()).segments
    glossary = load_glossary(demo_glossary())
    base = issue_keys(glossary, list(segments))
    base_terms = [k for k in base if k[1].startswith("term")]
    print(f"{'corpus/glossary':<16}{'issues':>8}{'term':>6}{'differ':>8}{'term differ':>13}")
    for corpus_script in "STM":
        for glossary_script in "STM":
            keys = issue_keys(glossary_in(glossary_script, glossary), corpus_in(corpus_script, segments))
            terms = [k for k in keys if k[1].startswith("term")]
            differ = sum(((Counter(keys) - Counter(base)) + (Counter(base) - Counter(keys))).values())
            term_differ = sum(
                ((Counter(terms) - Counter(base_terms)) + (Counter(base_terms) - Counter(terms))).values()
            )
            label = f"{corpus_script}/{glossary_script}"
            print(f"{label:<16}{len(keys):>8}{len(terms):>6}{differ:>8}{term_differ:>13}")


if __name__ == "__main__":
    main()
