"""Inconsistency across the corpus, as Xbench finds it, kept current one segment at a time.

``inconsistent-target``: one source translated more than one way (Xbench: "Inconsistency in
Source"). ``inconsistent-source``: one translation given to different sources (Xbench:
"Inconsistency in Target"). Texts are compared by :func:`consistency_key`, so case, spacing,
punctuation, full-width forms and inline codes make no difference. A text with no letter
(numbers, dates, punctuation) takes no part, nor does an untranslated (empty) segment, and a
translation joins the ``inconsistent-source`` comparison only when it has at least
:data:`MIN_SHARED_WORDS` words ("Yes" and "Note" may stand for many sources).

:class:`ConsistencyIndex` holds the groups (a dict by key, so building it is linear) and tells,
when one segment changes, which segments' issues may have changed.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter

from mtreview.corpus.model import Segment
from mtreview.scoring.checks import CorpusContext, register_corpus
from mtreview.scoring.issues import Issue

TARGET_CHECK = "inconsistent-target"
SOURCE_CHECK = "inconsistent-source"
RELATED_MAX = 50  # related segment ids listed per issue
MIN_SHARED_WORDS = 2
_CODES = re.compile("[\ue000-\uf8ff]")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# A Chinese or Japanese character, or a run of other letters and digits.
_WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
# The same words found faster: a run of Chinese or Japanese characters at once (each of them a
# word), and in ASCII text just runs of letters and digits.
_RUN = re.compile(rf"([{_CJK}]+)|[^\W_{_CJK}]+")
_ASCII_WORD = re.compile("[A-Za-z0-9]+")
# What the words leave out: in a text, every character neither of a word nor Chinese (and "_");
# in ASCII bytes, every byte but a letter or a digit.
_NOT_WORD = re.compile(rf"[^\w{_CJK}]+|_+")
_ASCII_NOT_WORD = bytes(b for b in range(128) if not chr(b).isalnum())

# Full-width punctuation common in Chinese text, as NFKC writes it. Writing it so first leaves
# NFKC's result as it is (each becomes its own decomposition), and most texts then need no NFKC.
_WIDE = tuple((wide, chr(ord(wide) - 0xFEE0)) for wide in "，：；（）！？")

Groups = dict[str, dict[str, dict[str, None]]]  # key -> variant key -> member ids


def consistency_key(text: str) -> str:
    """``text`` as the inconsistency checks compare it.

    NFKC (full-width forms become ASCII) and case folding, then the words (runs of letters and
    digits; each Chinese or Japanese character is a word) joined by one space: punctuation,
    spacing and inline codes (private-use characters, not letters) are ignored.
    """
    if text.isascii():
        return " ".join(_ASCII_WORD.findall(text.lower()))
    return " ".join([" ".join(m[1]) if m[1] else m[0] for m in _RUN.finditer(_folded(text))])


def _folded(text: str) -> str:
    """A text that is not ASCII as :func:`consistency_key` reads its words: NFKC, case folded."""
    for wide, narrow in _WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def squeezed_key(text: str) -> str:
    """:func:`consistency_key` without its spaces, made by deleting (a pass in C, no word list).

    Texts with equal keys have equal squeezed keys (a few more share one: "ab c", "a bc").
    """
    if text.isascii():
        return text.encode().lower().translate(None, _ASCII_NOT_WORD).decode()
    return _NOT_WORD.sub("", _folded(text))


def words(key: str, enough: int = MIN_SHARED_WORDS) -> int:
    """How many words of a key hold a letter (numbers do not count), up to ``enough``."""
    n = 0
    for word in key.split():
        n += not word.isdigit()
        if n >= enough:
            break
    return n


@dataclass(frozen=True, slots=True)
class _Entry:
    order: int
    source: str
    target: str
    skey: str
    tkey: str
    by_source: bool  # takes part in inconsistent-target: a source with a word, a target
    by_target: bool  # takes part in inconsistent-source: a target of two words, a source

    @classmethod
    def of(cls, order: int, source: str, target: str) -> _Entry:
        skey, tkey = consistency_key(source), consistency_key(target)
        by_source = words(skey, 1) > 0 and bool(tkey or target.strip())
        by_target = words(tkey) >= MIN_SHARED_WORDS and bool(skey or source.strip())
        return cls(order, source, target, skey, tkey, by_source, by_target)


def snippet(text: str, against: str = "", width: int = 60) -> str:
    """``text`` shortened to ``width`` around where it first differs from ``against``."""
    text, against = (" ".join(_CODES.sub("", t).split()) for t in (text, against))
    if len(text) <= width:
        return text
    pairs = enumerate(zip(text, against, strict=False))
    at = next((n for n, (a, b) in pairs if a.lower() != b.lower()), min(len(text), len(against)))
    start = max(0, min(at - width // 3, len(text) - width + 1))
    head = "…" if start else ""
    room = width - len(head)
    if len(text) - start <= room:
        return head + text[start:]
    return head + text[start : start + room - 1] + "…"


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


class ConsistencyIndex:
    """Segments grouped by normalised source and by normalised target.

    Build it with :meth:`add` (or :meth:`update`), read the issues with :meth:`issues` or
    :meth:`all_issues`, and keep it current with :meth:`update` and :meth:`remove`, which return
    the segments whose issues may have changed. Segments are shown in the order they were first
    added (corpus order when built from a corpus).
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._order: dict[str, int] = {}  # first come, first shown (kept when removed)
        self._by_source: Groups = {}
        self._by_target: Groups = {}
        self.changes = 0
        """How many times a segment was added, changed or dropped (not by :meth:`trying`)."""

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def of(cls, segments: Iterable[tuple[str, str, str]]) -> ConsistencyIndex:
        """An index of (id, source, target) triples, in their order (time linear in them)."""
        index = cls()
        for seg_id, source, target in segments:
            index.add(seg_id, source, target)
        return index

    def texts(self, seg_id: str) -> tuple[str, str] | None:
        """The (source, target) the index holds for a segment (None when it holds none)."""
        entry = self._entries.get(seg_id)
        return None if entry is None else (entry.source, entry.target)

    def texts_of(self, seg_ids: Iterable[str]) -> list[tuple[str, str] | None]:
        """:meth:`texts` of many segments, in their order."""
        get = self._entries.get
        return [None if e is None else (e.source, e.target) for e in map(get, seg_ids)]

    def add(self, seg_id: str, source: str, target: str) -> None:
        """Add or replace one segment without working out what it affects (for building)."""
        # The entry is made before anything changes: should it fail, the groups are as they were.
        entry = _Entry.of(self._order.get(seg_id, len(self._order)), source, target)
        self._order.setdefault(seg_id, entry.order)
        old = self._entries.get(seg_id)
        if old is not None:
            self._unlink(seg_id, old)
        self._entries[seg_id] = entry
        self.changes += 1
        if entry.by_source:
            self._by_source.setdefault(entry.skey, {}).setdefault(entry.tkey, {})[seg_id] = None
        if entry.by_target:
            self._by_target.setdefault(entry.tkey, {}).setdefault(entry.skey, {})[seg_id] = None

    def update(self, seg_id: str, source: str, target: str) -> list[str]:
        """Add or change one segment.

        Returns:
            The segments whose inconsistency issues may have changed, in order: this one and
            those sharing its old or new source or target; none when nothing changed.
        """
        old = self._entries.get(seg_id)
        if old is not None and (old.source, old.target) == (source, target):
            return []
        affected = self._members(old) if old is not None else set()
        self.add(seg_id, source, target)
        # A group it was in and is in still (a new target, the same source) has the same
        # members as before, this one among them: only the others are gone over again.
        affected.update(self._members(self._entries[seg_id], old))
        affected.add(seg_id)
        return self._sorted(affected)

    def reach(self, seg_id: str, source: str, target: str) -> int:
        """The sizes of the groups :meth:`update` with these texts would leave and join.

        Each group counted once, without changing anything: at least how many segments the
        update gives and, when it changes the texts, at most twice as many and one (it gives
        every member of the groups summed, and the two groups of a side, left and joined, share
        none: a segment has one key a side).
        """
        old = self._entries.get(seg_id)
        new = _Entry.of(0, source, target)
        seen: set[tuple[bool, str]] = set()
        count = 1
        for entry in (new,) if old is None else (old, new):
            for on_source, groups, key, joined in (
                (True, self._by_source, entry.skey, entry.by_source),
                (False, self._by_target, entry.tkey, entry.by_target),
            ):
                if joined and (on_source, key) not in seen:
                    seen.add((on_source, key))
                    count += sum(map(len, groups.get(key, {}).values()))
        return count

    @contextmanager
    def trying(self, seg_id: str, source: str, target: str) -> Iterator[list[str]]:
        """The groups with a segment they hold changed (:meth:`update`), then as they were.

        For working out ahead what a change would do: inside, the groups are changed and the
        segments whose issues may change are given; after, every group, issue and
        :attr:`changes` is as it was.
        """
        before, changes = self._entries[seg_id], self.changes
        try:
            yield self.update(seg_id, source, target)
        finally:
            self.update(seg_id, before.source, before.target)
            self.changes = changes

    def remove(self, seg_id: str) -> list[str]:
        """Drop one segment; returns the segments whose issues may have changed."""
        old = self._entries.pop(seg_id, None)
        if old is None:
            return []
        self.changes += 1
        affected = self._members(old) - {seg_id}
        self._unlink(seg_id, old)
        return self._sorted(affected)

    def issues(self, seg_id: str) -> list[Issue]:
        """The inconsistency issues of one segment."""
        entry = self._entries.get(seg_id)
        if entry is None:
            return []
        found = []
        if entry.by_source:
            found += self._group_issues(TARGET_CHECK, entry.skey, [seg_id])
        if entry.by_target:
            found += self._group_issues(SOURCE_CHECK, entry.tkey, [seg_id])
        return found

    def issues_of(self, seg_ids: Iterable[str]) -> dict[str, list[Issue]]:
        """The inconsistency issues of many segments (each group worked out once)."""
        wanted: dict[tuple[str, str], set[str]] = {}
        found: dict[str, list[Issue]] = {}
        for seg_id in seg_ids:
            found[seg_id] = []
            entry = self._entries.get(seg_id)
            if entry is not None and entry.by_source:
                wanted.setdefault((TARGET_CHECK, entry.skey), set()).add(seg_id)
            if entry is not None and entry.by_target:
                wanted.setdefault((SOURCE_CHECK, entry.tkey), set()).add(seg_id)
        for (check, key), only in wanted.items():
            for issue in self._group_issues(check, key, only):
                found[issue.segment].append(issue)
        checks = (TARGET_CHECK, SOURCE_CHECK)
        for issues in found.values():
            issues.sort(key=lambda i: checks.index(i.check))
        return found

    def all_issues(self) -> list[Issue]:
        """Every inconsistency issue, in segment order (time linear in the corpus)."""
        found: list[Issue] = []
        for check, groups in ((TARGET_CHECK, self._by_source), (SOURCE_CHECK, self._by_target)):
            for key, variants in groups.items():
                if len(variants) > 1:
                    found += self._group_issues(check, key)
        checks = (TARGET_CHECK, SOURCE_CHECK)
        found.sort(key=lambda i: (self._entries[i.segment].order, checks.index(i.check)))
        return found

    def _members(self, entry: _Entry, but: _Entry | None = None) -> set[str]:
        """The members of the groups ``entry`` is in (but those ``but`` was in, when given)."""
        out: set[str] = set()
        if entry.by_source and not (but is not None and but.by_source and but.skey == entry.skey):
            for ids in self._by_source.get(entry.skey, {}).values():
                out.update(ids)
        if entry.by_target and not (but is not None and but.by_target and but.tkey == entry.tkey):
            for ids in self._by_target.get(entry.tkey, {}).values():
                out.update(ids)
        return out

    def _unlink(self, seg_id: str, entry: _Entry) -> None:
        for groups, key, variant, joined in (
            (self._by_source, entry.skey, entry.tkey, entry.by_source),
            (self._by_target, entry.tkey, entry.skey, entry.by_target),
        ):
            if not joined:
                continue
            variants = groups[key]
            del variants[variant][seg_id]
            if not variants[variant]:
                del variants[variant]
            if not variants:
                del groups[key]

    def _sorted(self, ids: Iterable[str]) -> list[str]:
        """Segments held, in the order they were first added (each one's entry's ``order``)."""
        return sorted(ids, key=self._order.__getitem__)

    def _group_issues(
        self, check: str, key: str, only: list[str] | set[str] | None = None
    ) -> list[Issue]:
        """The issues of one group's members (or of ``only`` those), each naming the others."""
        entries, order = self._entries, self._order.__getitem__
        groups = self._by_source if check == TARGET_CHECK else self._by_target
        variants = groups.get(key, {})
        if len(variants) < 2:
            return []
        # each variant's members in order (and as held, to ask who is in it), variants in
        # the order of their first member; and every member of the group in order
        held = sorted(
            ((sorted(ids, key=order), ids) for ids in variants.values()),
            key=lambda pair: order(pair[0][0]),
        )
        ranked = [ids for ids, _ in held]
        members = sorted([i for ids in ranked for i in ids], key=order)
        issues: list[Issue] = []
        for n, (ids, within) in enumerate(held):
            if only is None:
                mine = ids
            elif len(only) < len(ids):  # a few members asked for: looked up, not gone over
                mine = [i for i in sorted(only, key=order) if i in within]  # as ``ids`` are
            else:
                mine = [i for i in ids if i in only]
            if not mine:
                continue
            related: list[str] = []
            for other in members:
                if other not in within:
                    related.append(other)
                    if len(related) == RELATED_MAX:
                        break
            shown = [v for m, v in enumerate(ranked[:3]) if m != n][:2]
            message = _message(check, entries, entries[ids[0]], shown, len(ranked) - 1)
            for seg_id in mine:
                own = entries[seg_id].target.strip()
                issues.append(
                    Issue(seg_id, check, "minor", message, found=own, related=tuple(related))
                )
        return issues


def _message(
    check: str, entries: dict[str, _Entry], mine: _Entry, shown: list[list[str]], others: int
) -> str:
    if check == TARGET_CHECK:
        head = "the same source is translated differently"
    else:
        head = "the same translation stands for a different source"
    parts = []
    for ids in shown:
        first = entries[ids[0]]
        if check == TARGET_CHECK:
            text = snippet(first.target, mine.target)
        else:
            text = snippet(first.source, mine.source)
        parts.append(f"in {_ids(ids)}: {text!r}")
    rest = others - len(shown)
    kind = ("rendering" if check == TARGET_CHECK else "source") + ("s" if rest > 1 else "")
    more = f" (and {rest} other {kind})" if rest > 0 else ""
    return f"{head} {'; '.join(parts)}{more}"


@register_corpus(
    "inconsistency",
    {
        TARGET_CHECK: ("minor", "the same source is translated differently elsewhere"),
        SOURCE_CHECK: ("minor", "the same translation stands for a different source elsewhere"),
    },
)
def check_inconsistency(ctx: CorpusContext) -> Iterable[Issue]:
    """Inconsistency issues of a whole corpus."""
    shared = _sharing(ctx.segments)
    index = ConsistencyIndex.of((seg.id, seg.source, seg.target) for seg in shared)
    return index.all_issues()


def _sharing(segments: Sequence[Segment]) -> list[Segment]:
    """The segments whose source or target key may be another's, in corpus order.

    A group of one raises nothing, and every member of a larger group is among these (equal
    keys squeeze and hash alike), so an index of them alone finds every issue; only hashes of
    the whole corpus's squeezed keys (:func:`squeezed_key`) are held at once, not the keys.
    """
    shared = bytearray(len(segments))
    for side in (attrgetter("source"), attrgetter("target")):  # one side at a time
        hashes = array("q", (hash(squeezed_key(side(seg))) for seg in segments))
        order = sorted(hashes)  # the repeated hashes, without a dict of the whole corpus's
        repeated = {h for h, after in pairwise(order) if h == after}
        del order
        for i, h in enumerate(hashes):
            if h in repeated:
                shared[i] = 1
    return [seg for seg, flag in zip(segments, shared, strict=True) if flag]
