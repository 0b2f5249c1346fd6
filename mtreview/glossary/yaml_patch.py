"""Write one term's change into a glossary file by rewriting only that term's lines.

Saving a change by dumping the whole glossary (:func:`~mtreview.glossary.yaml_io.dump_glossary`)
and parsing it again costs seconds for 10,000 terms, and drops every comment but the header's.
:func:`patch_glossary` instead replaces, inserts or removes the lines of the one term changed,
leaving every other byte of the file as it was, and gives the glossary the new text parses to
(the other terms' lines moved by as many lines as the change adds) without parsing it.

It only does so where it can tell: the changed term's lines must be exactly what
:func:`term_yaml` writes for it, an item of the block list ``terms`` at the line the term was read
from, closed by the next line at column 0 (comments and blank lines aside). Anything else (a file
laid out by hand around that term, a merged source, a loader notice, CRLF line ends) gives
``None``, and the caller writes the whole glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import yaml

from mtreview.glossary.model import Glossary, Term, slugify
from mtreview.glossary.neighbours import follow, neighbours
from mtreview.glossary.rules import source_key, validate, warns
from mtreview.glossary.yaml_io import DUMP_STYLE, term_to_dict
from mtreview.glossary.yaml_lines import Problem


@dataclass(frozen=True, slots=True)
class Patched:
    """The new file text and the glossary it parses to (lines included)."""

    text: str
    glossary: Glossary


def term_yaml(term: Term) -> str:
    """A term as one item of the ``terms`` list, as :func:`dump_glossary` writes it."""
    out: str = yaml.safe_dump([term_to_dict(term)], **DUMP_STYLE)
    return out


def _line_start(text: str, line: int) -> int | None:
    """The offset of 1-based ``line`` in ``text`` (``None`` beyond its end)."""
    parts = text.split("\n", line - 1)
    return len(text) - len(parts[-1]) if len(parts) == line else None


def _closed(text: str, at: int) -> bool:
    """Whether the first line from ``at`` holding more than a comment starts at column 0."""
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[at:end]
        content = line.strip()
        if content and not content.startswith("#"):
            return not line[0].isspace()
        at = end + 1
    return True


def _block(text: str, term: Term) -> tuple[int, int] | None:
    """Where ``term``'s lines stand in ``text``, when they are exactly :func:`term_yaml`'s."""
    if term.line is None:
        return None
    start = _line_start(text, term.line)
    lines = term_yaml(term)
    if start is None or not text.startswith(lines, start):
        return None
    end = start + len(lines)
    return (start, end) if _closed(text, end) else None


def _reads_alone(glossary: Glossary, term: Term) -> bool:
    """Whether the loader reads ``term``'s YAML back as ``term``, with nothing to warn about."""
    found: list[Problem] = []
    langs = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang}
    built = validate({**langs, "terms": [term_to_dict(term)]}, "", found)
    if built is None or len(built.terms) != 1 or any(warns(p) for p in found):
        return False
    return replace(built.terms[0], line=None) == replace(term, line=None)


def _alone(old: Glossary, term: Term, replacing: Term | None) -> bool:
    """Whether no other term shares ``term``'s id or source key (the loader would merge them)."""
    key = source_key(term.source)
    for other in neighbours(old).around({"id": term.id, "source": term.source}):
        if other is not replacing and (other.id == term.id or source_key(other.source) == key):
            return False
    return True


def _ids_settled(old: Glossary, changed: Term, *ids: str) -> bool:
    """Whether no other term's id may move when ``ids`` go away.

    A term without an ``id`` in the file takes its target's slug and the first free ``-2``,
    ``-3``… suffix: an id freed could become its. Such a term is told by its id being its
    target's slug (with or without a suffix) and sharing a stem with one of ``ids`` (``carbon-3``
    with ``carbon-2``). A new id needs no such care: it would move a term only by taking that
    term's id, which :func:`_alone` refuses.
    """
    stems = []
    for name in ids:
        stems.append(name)
        while re.fullmatch(r".+-\d+", stems[-1]):
            stems.append(stems[-1].rsplit("-", 1)[0])
    dashed = tuple(f"{stem}-" for stem in stems)
    for other in old.terms:  # a scan of ids: cheaper than indexing a glossary not indexed yet
        if other is not changed and (other.id in stems or other.id.startswith(dashed)):
            slug = slugify(other.target)
            if other.id == slug or other.id.startswith(f"{slug}-"):
                return False
    return True


def _moved(terms: tuple[Term, ...], delta: int) -> list[Term]:
    if not delta:
        return list(terms)
    return [t if t.line is None else replace(t, line=t.line + delta) for t in terms]


def patch_glossary(text: str, old: Glossary, new: Glossary, path: str) -> Patched | None:
    """``text`` (the file ``old`` was read from) changed to hold ``new``, or ``None``.

    ``new`` must differ from ``old`` by one term replaced, inserted or removed (see the module
    docstring for when the lines can be told); the glossary returned is ``new`` with the lines
    and ``path`` the loader would give it.
    """
    a, b = old.terms, new.terms
    same = (old.source_lang, old.target_lang) == (new.source_lang, new.target_lang)
    if not same or old.notices or new.notices or old.extra != new.extra or "\r" in text:
        return None
    pairs = enumerate(zip(a, b, strict=False))
    at = next((i for i, (x, y) in pairs if x is not y), min(len(a), len(b)))
    if len(a) == len(b) and at < len(a) and a[at + 1 :] == b[at + 1 :]:
        return _replace(text, old, at, b[at], path)
    if len(b) == len(a) + 1 and a[at:] == b[at + 1 :]:
        return _insert(text, old, at, b[at], path)
    if len(b) == len(a) - 1 and b and a[at + 1 :] == b[at:]:
        span = _block(text, a[at])
        if span is None or not _ids_settled(old, a[at], a[at].id):
            return None
        removed = text[span[0] : span[1]].count("\n")
        terms = (*a[:at], *_moved(a[at + 1 :], -removed))
        return Patched(text[: span[0]] + text[span[1] :], replace(new, terms=terms, path=path))
    return None


def _replace(text: str, old: Glossary, at: int, term: Term, path: str) -> Patched | None:
    mine = old.terms[at]
    span = _block(text, mine)
    if span is None or not _reads_alone(old, term) or not _alone(old, term, mine):
        return None
    if mine.id != term.id and not _ids_settled(old, mine, mine.id):
        return None
    lines = term_yaml(term)
    delta = lines.count("\n") - text[span[0] : span[1]].count("\n")
    term = replace(term, line=mine.line)
    terms = (*old.terms[:at], term, *_moved(old.terms[at + 1 :], delta))
    glossary = replace(old, terms=terms, path=path)
    follow(old, glossary, at)
    return Patched(text[: span[0]] + lines + text[span[1] :], glossary)


def _insert(text: str, old: Glossary, at: int, term: Term, path: str) -> Patched | None:
    if not old.terms or not _reads_alone(old, term) or not _alone(old, term, None):
        return None
    if at < len(old.terms):  # before the term now there
        span = _block(text, old.terms[at])
        offset = None if span is None else span[0]
    else:  # after the last term
        span = _block(text, old.terms[-1])
        offset = None if span is None else span[1]
    if offset is None:
        return None
    lines = term_yaml(term)
    term = replace(term, line=text.count("\n", 0, offset) + 1)
    terms = (*old.terms[:at], term, *_moved(old.terms[at:], lines.count("\n")))
    glossary = replace(old, terms=terms, path=path)
    if at == len(old.terms):
        follow(old, glossary, at)
    return Patched(text[:offset] + lines + text[offset:], glossary)
