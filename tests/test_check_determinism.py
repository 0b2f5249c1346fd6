"""Same input, byte-identical output: whatever the hash seed or process count (issue 14, item 1).

The corpus adds to the demo five wrong renderings of one term (of one length), learnt in five
segments and all standing in a sixth: which one is located there once depended on a set's hash
order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mtreview.paths import demo_corpus, demo_glossary

WRONG = ("carbon stamp", "carbon token", "carbon slips", "carbon bonds", "carbon notes")


def _corpus(tmp_path: Path) -> Path:
    lines = demo_corpus().read_text(encoding="utf-8").rstrip("\n").split("\n")
    for n, wrong in enumerate(WRONG):
        lines.append(f't{n}\t首批“碳票”发放\tthe first "{wrong}" was issued')
    lines.append("t9\t碳票交易\t" + ", ".join(WRONG) + " and trading")
    corpus = tmp_path / "corpus.tsv"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def _check(corpus: Path, seed: str, jobs: str) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed, MTREVIEW_JOBS=jobs)
    args = [sys.executable, "-m", "mtreview", "check", str(corpus), "-g", str(demo_glossary())]
    args += ["--format", "json", "--occurrences", "--by-term"]
    done = subprocess.run(args, env=env, capture_output=True, check=False, timeout=300)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout


def test_output_is_byte_identical_across_hash_seeds_and_processes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    first = _check(corpus, "1", "1")
    assert (
        b'"segment": "t9",\n      "term": "carbon-ticket",\n      "source_span": [\n        0,'
        in first
    )
    assert _check(corpus, "2", "1") == first
    assert _check(corpus, "3", "2") == first
