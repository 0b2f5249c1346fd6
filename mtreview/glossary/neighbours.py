"""The terms of a glossary that a new or edited term could meet in a rule, found by index.

Every rule that looks across terms (the loader's duplicates, conflicts, merges and id clashes,
lint's shared and forbidden renderings and contained sources) relates two terms through one of:
the same id (or a derived id and its ``-2``, ``-3``… suffixes), the same source key or one source
key inside the other, or a rendering of one that :func:`~mtreview.glossary.rules.norm` makes
equal to a rendering of the other. :class:`Neighbours` indexes a glossary by those keys once,
so that checking one term (:func:`mtreview.glossary.lint.check_term`) reads the few terms it
could meet instead of the whole glossary.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from mtreview.glossary.model import Glossary, Term, slugify
from mtreview.glossary.rules import norm, source_key


def _texts(value: object) -> list[str]:
    """The text items of a raw field (a text, a number, or a list of them), as the loader reads."""
    items = value if isinstance(value, list) else [value]
    return [
        str(v).strip()
        for v in items
        if isinstance(v, str | int | float) and not isinstance(v, bool) and str(v).strip()
    ]


class Neighbours:
    """A glossary's terms indexed by id, source key and rendering (see the module docstring)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        terms = glossary.terms
        self._ids: dict[str, list[int]] = defaultdict(list)
        self._keys: dict[str, list[int]] = defaultdict(list)
        self._accepted: dict[str, list[int]] = defaultdict(list)
        self._forbidden: dict[str, list[int]] = defaultdict(list)
        starts: list[int] = []
        parts: list[str] = []
        at = 0
        for pos, term in enumerate(terms):
            self._ids[term.id].append(pos)
            key = source_key(term.source)
            self._keys[key].append(pos)
            starts.append(at)
            parts.append(key)
            at += len(key) + 1
            for text in term.accepted:
                self._accepted[norm(text)].append(pos)
            for text in term.forbidden:
                self._forbidden[norm(text)].append(pos)
        self._sorted_ids = sorted(self._ids)
        self._starts = starts
        self._key_text = "\x00".join(parts)

    def around(self, raw: dict[str, Any], replacing: str | None = None) -> list[Term]:
        """The terms (in glossary order, but term ``replacing``) a term ``raw`` could meet."""
        found: set[int] = set()
        for name in _texts(raw.get("id")) + [slugify(t) for t in _texts(raw.get("target"))]:
            found.update(self._with_id(name))
        for source in _texts(raw.get("source")):
            found.update(self._keys_around(source_key(source)))
        accepted = _texts(raw.get("target")) + _texts(raw.get("variants"))
        for text in {norm(t) for t in accepted}:
            found.update(self._accepted.get(text, ()))
            found.update(self._forbidden.get(text, ()))
        for text in {norm(t) for t in _texts(raw.get("forbidden"))}:
            found.update(self._accepted.get(text, ()))
        terms = self.glossary.terms
        return [terms[p] for p in sorted(found) if terms[p].id != replacing]

    def with_id(self, name: str) -> list[Term]:
        """The terms whose id is ``name`` or ``name-…``, in glossary order."""
        return [self.glossary.terms[p] for p in sorted(self._with_id(name))]

    def _with_id(self, name: str) -> Iterable[int]:
        """The terms of id ``name`` or ``name-…`` (where a derived id's suffix is looked for)."""
        ids = self._sorted_ids
        at = bisect_left(ids, name)
        while at < len(ids) and ids[at].startswith(name):
            if ids[at] == name or ids[at].startswith(f"{name}-"):
                yield from self._ids[ids[at]]
            at += 1

    def _keys_around(self, key: str) -> Iterable[int]:
        """The terms whose source key equals, lies inside or holds ``key``."""
        if not key:
            return
        for start in range(len(key)):
            for end in range(start + 1, len(key) + 1):
                yield from self._keys.get(key[start:end], ())
        text, starts = self._key_text, self._starts
        at = text.find(key)
        while at >= 0:
            pos = bisect_left(starts, at + 1) - 1
            yield pos
            at = text.find(key, starts[pos + 1]) if pos + 1 < len(starts) else -1


_LAST: list[Neighbours] = []  # the index of the glossary last asked about (one: the one in use)


def neighbours(glossary: Glossary) -> Neighbours:
    """The index of ``glossary``, kept while the same glossary object is asked about again."""
    if not _LAST or _LAST[0].glossary is not glossary:
        _LAST[:] = [Neighbours(glossary)]
    return _LAST[0]
