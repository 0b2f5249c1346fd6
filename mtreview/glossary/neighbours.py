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
from itertools import accumulate
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
        self._parts: list[str] = []  # each term's source key, in order
        for pos, term in enumerate(terms):
            self._ids[term.id].append(pos)
            key = source_key(term.source)
            self._keys[key].append(pos)
            self._parts.append(key)
            for text in term.accepted:
                self._accepted[norm(text)].append(pos)
            for text in term.forbidden:
                self._forbidden[norm(text)].append(pos)
        self._sorted_ids = sorted(self._ids)
        self._joined()

    def _joined(self) -> None:
        """The source keys as one text, to find those holding a key."""
        self._key_text = "\x00".join(self._parts)
        self._starts = list(accumulate((len(p) + 1 for p in self._parts[:-1]), initial=0))

    def _maps(self) -> dict[str, dict[str, list[int]]]:
        return {
            "ids": self._ids,
            "keys": self._keys,
            "accepted": self._accepted,
            "forbidden": self._forbidden,
        }

    @staticmethod
    def _entries(term: Term) -> set[tuple[str, str]]:
        """The index entries of one term: (which map, key)."""
        out = {("ids", term.id), ("keys", source_key(term.source))}
        out |= {("accepted", norm(t)) for t in term.accepted}
        return out | {("forbidden", norm(t)) for t in term.forbidden}

    def replaced(self, glossary: Glossary, at: int) -> Neighbours:
        """The index of ``glossary``, this one's glossary with the term at ``at`` replaced.

        When ``at`` is the length of this one's glossary, the term is added there. The other
        terms must be where they were.
        """
        new = object.__new__(Neighbours)
        new.glossary = glossary
        maps = {name: dict(entries) for name, entries in self._maps().items()}
        new._ids, new._keys = maps["ids"], maps["keys"]
        new._accepted, new._forbidden = maps["accepted"], maps["forbidden"]
        if at < len(self.glossary.terms):
            for name, key in self._entries(self.glossary.terms[at]):
                left = [p for p in maps[name][key] if p != at]
                if left:
                    maps[name][key] = left
                else:
                    del maps[name][key]
        for name, key in self._entries(glossary.terms[at]):
            maps[name][key] = sorted({*maps[name].get(key, ()), at})
        new._sorted_ids = sorted(new._ids)
        new._parts = list(self._parts)
        new._parts[at : at + 1] = [source_key(glossary.terms[at].source)]
        new._joined()
        return new

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
    kept = _LAST[0] if _LAST else None
    if kept is None or kept.glossary is not glossary:
        kept = Neighbours(glossary)
        _LAST[:] = [kept]  # another thread may keep another: this caller gets its own
    return kept


def follow(old: Glossary, new: Glossary, at: int) -> None:
    """Keep the index of ``new``, ``old`` with term ``at`` replaced (or added at its end).

    Made from ``old``'s when that is the one kept (a change in a review: the next change's
    check then does not index the whole glossary again).
    """
    kept = _LAST[0] if _LAST else None
    if kept is not None and kept.glossary is old:
        _LAST[:] = [kept.replaced(new, at)]
