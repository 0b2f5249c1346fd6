"""Speed of glossary lint, candidate extraction and TBX/CSV exchange; prints its figures.

Run: python benchmarks/glossary_maintenance.py [REPEAT]
The corpus is the demo repeated REPEAT times (default 20, about 3,200 segments); the glossary is
synthetic, 5,000 terms.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.glossary.delimited import read_delimited, write_delimited
from mtreview.glossary.extract import extract_candidates
from mtreview.glossary.lint import lint_text
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.tbx import read_tbx, write_tbx
from mtreview.glossary.yaml_io import dump_glossary, load_glossary
from mtreview.paths import demo_corpus, demo_glossary

HAN = "国土空间规划生态保护修复绿色矿山碳汇海洋牧场土地整治城镇开发边界永久基本农田"


def synthetic_glossary(n: int) -> Glossary:
    terms = []
    for i in range(n):
        k = len(HAN)
        source = HAN[i % k] + HAN[(i // k) % k] + HAN[(i // k // k) % k] + str(i)
        terms.append(Term(f"t{i}", source, f"term {i}", (f"variant {i}",), (f"wrong {i}",)))
    return Glossary(tuple(terms))


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    print(f"{label:48} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    demo = read_corpus(demo_corpus())
    segments = [
        Segment(f"{k}-{s.id}", s.source, s.target, None, s.line)
        for k in range(repeat)
        for s in demo.segments
    ]
    chars = sum(len(s.source) for s in segments)
    print(f"corpus: {len(segments)} segments, {chars} source characters")
    timed("candidates, demo (161 segments, cold jieba)", lambda: extract_candidates(demo.segments))
    timed(f"candidates, demo x{repeat}", lambda: extract_candidates(segments))
    known = load_glossary(demo_glossary())
    timed(f"candidates, demo x{repeat}, with glossary", lambda: extract_candidates(segments, known))
    big = synthetic_glossary(5000)
    text = dump_glossary(big)
    result = timed("lint, 5,000 terms", lambda: lint_text(text, "big.yaml"))
    print(f"  {len(result.findings)} findings")
    with tempfile.TemporaryDirectory() as tmp:
        for name, write, read in (
            ("big.tbx", write_tbx, read_tbx),
            ("big.csv", write_delimited, read_delimited),
        ):
            path = Path(tmp) / name
            timed(f"write {name}, 5,000 terms", lambda: write(big, path))  # noqa: B023
            back = timed(f"read {name}, 5,000 terms", lambda: read(path))  # noqa: B023
            assert len(back.glossary) == 5000


if __name__ == "__main__":
    main()
