"""The one way a glossary is read for checking: any format, one file or several.

Every command that takes ``-g`` calls :func:`load_glossaries`. Each file is read by the format
its suffix names, or, for another suffix, by what its content looks like (TBX v2/v3, YAML,
CSV/TSV): see :mod:`mtreview.glossary.exchange`. Files other than YAML are imported with the
fixes :mod:`mtreview.glossary.merge` reports as notices.

Several glossaries (``-g client.tbx -g project.yaml``) are merged with **the first one given
winning**: a source term found in an earlier file keeps that file's entry, and a later entry for
the same source with another target (or accepted rendering the earlier one forbids) is a
conflict, reported as one ``file:line`` line naming both. Terms of later files whose id is taken
get a ``-2`` suffix. All files must share the source and target languages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from mtreview.errors import MtreviewError
from mtreview.glossary.exchange import read_any
from mtreview.glossary.langs import base_language
from mtreview.glossary.merge import Imported
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.rules import norm


def _key(source: str) -> str:
    return unicodedata.normalize("NFKC", source).strip()


def _where(path: str | None, term: Term) -> str:
    return f"{path}:{term.line}" if term.line is not None else str(path)


def _conflict(first: Term, later: Term) -> str | None:
    """Why ``later`` disagrees with ``first`` (the same source), or ``None``."""
    accepted = {norm(t) for t in first.accepted}
    if norm(later.target) not in accepted:
        return f"target {later.target!r} differs from {first.target!r}"
    forbidden = {norm(t) for t in first.forbidden}
    clash = next((t for t in later.accepted if norm(t) in forbidden), None)
    if clash is not None:
        return f"accepts {clash!r}, which is forbidden there"
    return None


def merge_glossaries(parts: Sequence[Imported]) -> Imported:
    """Merge imported glossaries, the first winning; conflicts become notices.

    Raises:
        MtreviewError: when the glossaries' languages differ.
    """
    first = parts[0].glossary
    notices = [n for part in parts for n in part.notices]
    terms: list[Term] = list(first.terms)
    by_source = {_key(t.source): t for t in terms}
    origin = {_key(t.source): _where(first.path, t) for t in terms}
    ids = {t.id for t in terms}
    for part in parts[1:]:
        g = part.glossary
        for side, mine, theirs in (
            ("source", first.source_lang, g.source_lang),
            ("target", first.target_lang, g.target_lang),
        ):
            if base_language(mine) != base_language(theirs):
                raise MtreviewError(
                    f"{side} language {theirs!r} differs from {mine!r} of {first.path}", g.path
                )
        for term in g.terms:
            earlier = by_source.get(_key(term.source))
            if earlier is not None:
                why = _conflict(earlier, term)
                if why is not None:
                    notices.append(
                        f"{_where(g.path, term)}: conflict: {term.source}: {why} "
                        f"({origin[_key(term.source)]} wins)"
                    )
                continue
            term_id, n = term.id, 2
            while term_id in ids:
                term_id, n = f"{term.id}-{n}", n + 1
            ids.add(term_id)
            term = replace(term, id=term_id) if term_id != term.id else term
            by_source[_key(term.source)] = term
            origin[_key(term.source)] = _where(g.path, term)
            terms.append(term)
    glossary = replace(first, terms=tuple(terms))
    return Imported(glossary, tuple(notices), sum(p.notes for p in parts))


def load_glossaries(
    paths: Sequence[str | Path] | str | Path,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Imported:
    """Read one or more glossaries of any format and merge them, the first winning.

    Raises:
        MtreviewError: for a file that cannot be read or is not a glossary (one line naming
            file and line), or glossaries whose languages differ.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if not paths:
        raise MtreviewError("no glossary: give one with -g GLOSSARY")
    parts = [read_any(p, source_lang, target_lang) for p in paths]
    return merge_glossaries(parts) if len(parts) > 1 else parts[0]


def load_glossary(path: str | Path) -> Glossary:
    """One glossary of any format (:func:`load_glossaries` for one file, notices dropped)."""
    return load_glossaries([path]).glossary
