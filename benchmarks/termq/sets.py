"""Evaluation sets: where they live, how they are written and read."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mtreview.corpus.model import Corpus, Segment
from mtreview.glossary.delimited import read_delimited
from mtreview.glossary.model import Glossary
from mtreview.glossary.yaml_io import save_glossary
from mtreview.review import load_inputs

REPO = Path(__file__).resolve().parents[2]
ENV = "MTREVIEW_EVALSETS"


@dataclass(frozen=True)
class EvalSet:
    """A human translation with its glossary; segment ids are ``DOCUMENT#n``."""

    name: str
    corpus: Corpus
    glossary: Glossary
    meta: dict[str, Any] = field(default_factory=dict)
    # Length-preserving script folding for the reference judge when corpus and glossary are
    # in different scripts (the engine gets no such help).
    fold: Callable[[str], str] | None = None

    def head(self, segments: int) -> EvalSet:
        """The same set cut to its first ``segments`` segments (for quick tests)."""
        return replace(self, corpus=replace(self.corpus, segments=self.corpus.segments[:segments]))


def document_of(segment_id: str) -> str:
    """The document a segment belongs to (the id before ``#``; one document without it)."""
    return segment_id.rsplit("#", 1)[0] if "#" in segment_id else ""


def _cell(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_set(
    out: Path, rows: Iterable[tuple[str, str, str]], glossary: Glossary, meta: dict[str, Any]
) -> None:
    """Write ``corpus.tsv``, ``glossary.yaml``, ``set.json`` and a README stub."""
    out.mkdir(parents=True, exist_ok=True)
    rows = list(rows)
    lines = ["id\tsource\ttarget"] + [f"{i}\t{_cell(s)}\t{_cell(t)}" for i, s, t in rows]
    (out / "corpus.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    save_glossary(glossary, out / "glossary.yaml", header=f"# {meta['name']}: {meta['source']}\n")
    docs = Counter(document_of(i) for i, _, _ in rows)
    meta = {**meta, "segments": len(rows), "documents": len(docs), "terms": len(glossary.terms)}
    (out / "set.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    readme = [
        f"# {meta['name']}",
        "",
        f"- Domain: {meta['domain']}",
        f"- Script: {meta['script']}",
        f"- Source: {meta['source']}",
        f"- Licence: {meta['licence']}",
        f"- Size: {meta['segments']} segments in {meta['documents']} documents, "
        f"{meta['terms']} glossary terms",
        "",
        "## How it was built",
        "",
        meta.get("how", ""),
        "",
        "Files: `corpus.tsv` (id, Chinese source, published human English; ids `DOCUMENT#n`),",
        "`glossary.yaml` (mtreview glossary), `set.json`. Rebuild with",
        "`python benchmarks/termq/build.py` (see its docstring); measure with",
        "`python benchmarks/term_quality.py --sets DIR`.",
        "",
    ]
    (out / "README.md").write_text("\n".join(readme), encoding="utf-8")
    cc0 = REPO / "tests/data/formats/tmx/TICO19-LICENSE.md"
    if meta["licence"].startswith("CC0") and cc0.is_file():
        (out / "LICENSE").write_text(cc0.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        (out / "LICENSE").write_text(f"{meta['licence']}\n\nSource: {meta['source']}\n", "utf-8")


def load_set(path: Path) -> EvalSet:
    """Read a set directory written by :func:`write_set`."""
    meta = json.loads((path / "set.json").read_text(encoding="utf-8"))
    corpus, glossary = load_inputs(path / "corpus.tsv", path / "glossary.yaml")
    return EvalSet(meta.get("name", path.name), corpus, glossary, meta)


def tico19_google() -> EvalSet | None:
    """TICO-19 with Google's 49-term zh-CN glossary, from the copies in ``tests/data`` (CC0).

    The TMX is English to Chinese; the set turns it round (the English original becomes the
    "translation"), with ids ``DOCUMENT#n``.
    """
    tmx = REPO / "tests/data/formats/tmx/tico19-en-zh.tmx"
    csv = REPO / "tests/data/glossary-tables/tico19-google-zh-CN_en.csv"
    if not (tmx.is_file() and csv.is_file()):
        return None
    from mtreview.corpus.formats import read_corpus

    source = read_corpus(tmx)
    counters: Counter[str] = Counter()
    segments = []
    for seg in source.segments:
        doc = seg.id.split(":")[0]
        counters[doc] += 1
        segments.append(Segment(f"{doc}#{counters[doc]}", seg.target, seg.source))
    meta = {
        "name": "tico19-google",
        "domain": "health (COVID-19)",
        "script": "Simplified",
        "source": "https://tico-19.github.io/ (test+dev, Google zh-CN terminology)",
        "licence": "CC0 1.0",
    }
    corpus = Corpus(tuple(segments), source_lang="zh", target_lang="en")
    return EvalSet("tico19-google", corpus, read_delimited(csv).glossary, meta)


def default_roots() -> list[Path]:
    """Where set directories are looked for: $MTREVIEW_EVALSETS, then shared/evalsets."""
    roots = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]
    roots += [REPO / "benchmarks/data", REPO.parent / "shared/evalsets"]
    roots += [REPO.parent.parent / "shared/evalsets"]
    return roots


def discover(roots: Iterable[Path] | None = None) -> list[Path]:
    """Set directories (holding ``set.json``) under the roots, first root winning per name."""
    found: dict[str, Path] = {}
    for root in default_roots() if roots is None else roots:
        if (root / "set.json").is_file():
            found.setdefault(root.name, root)
        elif root.is_dir():
            for sub in sorted(root.iterdir()):
                if (sub / "set.json").is_file():
                    found.setdefault(sub.name, sub)
    return list(found.values())


def _converter(config: str) -> Callable[[str], str] | None:
    """A length-preserving OpenCC conversion (text whose length would change is kept)."""
    try:
        import opencc  # optional: only for the script-crossed variants
    except ImportError:
        return None
    convert = opencc.OpenCC(config).convert

    def fold(text: str) -> str:
        out: str = convert(text)
        return out if len(out) == len(text) else text

    return fold


def script_variants(sets: Iterable[EvalSet]) -> list[EvalSet]:
    """Each set with corpus and glossary in different scripts (needs the ``opencc`` package).

    A Simplified set gets its corpus converted to Traditional (``+hant-corpus``); a
    Traditional one gets its glossary converted to Simplified (``+hans-glossary``).
    """
    s2t, t2s = _converter("s2t"), _converter("t2s")
    if s2t is None or t2s is None:
        return []
    out = []
    for s in sets:
        if s.meta.get("script") == "Simplified":
            segments = tuple(replace(seg, source=s2t(seg.source)) for seg in s.corpus.segments)
            corpus = replace(s.corpus, segments=segments)
            name = f"{s.name}+hant-corpus"
            out.append(
                replace(s, name=name, corpus=corpus, meta={**s.meta, "name": name}, fold=t2s)
            )
        elif s.meta.get("script") == "Traditional":
            terms = tuple(replace(t, source=t2s(t.source)) for t in s.glossary.terms)
            glossary = replace(s.glossary, terms=terms)
            name = f"{s.name}+hans-glossary"
            meta = {**s.meta, "name": name}
            out.append(replace(s, name=name, glossary=glossary, meta=meta, fold=t2s))
    return out
