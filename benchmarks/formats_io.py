"""Reading and writing speed of the interchange formats, and translate-toolkit for comparison.

Run: python benchmarks/formats_io.py [UNITS]   (default 20000 synthetic XLIFF units)
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not an installed one

from mtreview.corpus.formats import read_corpus, write_corpus  # noqa: E402

TICO = ROOT / "tests" / "data" / "formats" / "tmx" / "tico19-en-zh.tmx"


def synthetic_xliff(path: Path, units: int) -> None:
    rows = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="s" source-language="zh" target-language="en" datatype="plaintext">'
        "<body>\n"
    ]
    for n in range(units):
        rows.append(
            f'<trans-unit id="u{n}"><source>推进<g id="1">双碳</g>目标，建设三区四带<x id="2"/>。'
            f'</source><target state="translated">Advance the <g id="1">double carbon</g> goal '
            f'and build three zones and four belts<x id="2"/>.</target><note>n{n}</note>'
            "</trans-unit>\n"
        )
    rows.append("</body></file></xliff>\n")
    path.write_text("".join(rows), encoding="utf-8")


def timed(label: str, fn) -> object:
    start = time.perf_counter()
    out = fn()
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return out


def bench(path: Path, tmp: Path) -> None:
    corpus = timed(f"read {path.name}", lambda: read_corpus(path))
    print(f"{'':<48} {len(corpus)} segments, {path.stat().st_size / 1e6:.1f} MB")
    out = tmp / f"out{path.suffix}"
    timed("write unchanged (patch, byte-identical)", lambda: write_corpus(out, corpus))
    assert out.read_bytes() == path.read_bytes()
    changed = dataclasses.replace(
        corpus,
        segments=tuple(dataclasses.replace(s, target=s.target + " ok") for s in corpus.segments),
    )
    timed("write every target changed (patch)", lambda: write_corpus(out, changed))
    scratch = dataclasses.replace(corpus, document=None, format="tsv")
    timed("write from scratch as JSONL", lambda: write_corpus(tmp / "o.jsonl", scratch))
    timed("read that JSONL", lambda: read_corpus(tmp / "o.jsonl"))
    try:
        from translate.storage import factory
    except ImportError:
        return
    store = timed("translate-toolkit parse (for comparison)", lambda: factory.getobject(str(path)))
    print(f"{'':<48} {len(store.units)} units")


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bench(TICO, tmp)
        xliff = tmp / "synthetic.xlf"
        synthetic_xliff(xliff, units)
        bench(xliff, tmp)


if __name__ == "__main__":
    main()
