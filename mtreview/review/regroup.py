"""The corpus-level issues of a group's members, worked out once per copy (inside an action).

A target change regroups the segments for the corpus-level checks (the session's
:class:`~mtreview.scoring.checks.inconsistency.ConsistencyIndex`): every member of a group the
segment left or joined may gain, lose or change an issue. In a large group most members are
copies (the same source and target, lock and inline codes), and the corpus-level checks see
segment texts only, so copies have the same issues but for their segment id (and so their
fingerprints). :class:`Regrouper` asks the groups for the issues of one copy of each kind and
applies the one rule (:meth:`Checker.corpus_part`) to it; every other copy takes the result
under its own id (:meth:`Checker.copied_fingerprints`: only the fingerprints are its own),
remembered by copy and issues (undo and redo bring the same groups back, so the second time a
group changes so costs a lookup per member).

While the reviewer reads, the review works out ahead what the next fix or undo would do to the
groups (:meth:`Regrouper.ahead`); the action takes that work (:meth:`Regrouper.planned`) when
the groups have not changed since, and works it out itself otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mtreview.corpus.model import InlineCode, Segment
from mtreview.review.index import ReviewIndex
from mtreview.review.store_records import SharedIssue, shared_issues
from mtreview.scoring.checks.inconsistency import ConsistencyIndex
from mtreview.scoring.engine import Checker
from mtreview.scoring.issues import Issue, rebuilt

Copy = tuple[tuple[str, str], bool, tuple[InlineCode, ...]]
"""What a segment's corpus-level issues depend on besides the groups: (source, target), locked,
inline codes."""

REMEMBERED = 50_000
"""Members' worked-out issues kept (then forgotten at once: a new glossary or a long session)."""

PLANNED = 4
"""Changes worked out ahead kept (the latest): the next fix, the next undo."""

AHEAD_MEMBERS = 1_000
"""The most members a change's groups may have to be worked out ahead: beyond, the work (≈ 10 ms
a thousand, more for copies never worked out) would hold up the screen, for a fix that may not
come; the action works it out itself."""

Regrouping = tuple[dict[str, list[Issue]], dict[int, tuple[SharedIssue, ...]]]
"""The groups' issues of the changed segments, by id, and the other members' stored rows."""


class Regrouper:
    """Works out members' stored corpus-level issues for one checker (see the module docstring)."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.worked_out = 0
        """Members whose rows were worked out as a copy's (not looked up): for tests, figures."""
        self.taken = 0
        """Changes worked out ahead that an action took (:meth:`planned`)."""
        self._kinds: dict[tuple[Copy, tuple[Issue, ...]], int] = {}
        self._members: dict[tuple[int, int], tuple[SharedIssue, ...]] = {}
        self._planned: dict[tuple[str, str, str], tuple[ConsistencyIndex, int, Regrouping]] = {}

    def regroup(
        self,
        groups: ConsistencyIndex,
        index: ReviewIndex,
        changed: Sequence[str],
        moved: Iterable[str],
    ) -> Regrouping:
        """The groups' issues of the ``changed`` segments and the other members' rows.

        The groups as they now stand (the changed segments' new texts in them; ``moved``: the
        segments their updates said may have changed, see :func:`members`): each group is
        worked out once, for the changed segments and one copy of each other kind.
        """
        copies = self.copies(groups, index, sorted(members(index, changed, moved)))
        firsts = [index.ids[copy[0]] for copy in copies.values()]
        found = groups.issues_of([*changed, *firsts])
        return found, self.rows(index.ids, copies, found)

    def ahead(
        self, groups: ConsistencyIndex, index: ReviewIndex, segment: Segment, target: str
    ) -> None:
        """Work out ahead what giving ``segment`` the ``target`` does (:meth:`regroup`).

        The groups are tried with the new target and put back (nothing else changes); the
        work is kept for :meth:`planned`. Nothing is done for a segment the groups lack, for
        a change whose groups have more than :data:`AHEAD_MEMBERS` members, or when the
        work kept for it still holds.
        """
        key = (segment.id, segment.source, target)
        planned = self._planned
        kept = planned.pop(key, None)
        if kept is not None and _holds(kept, groups):
            planned[key] = kept  # the latest again
            return
        if groups.texts(segment.id) is None:
            return
        if groups.reach(segment.id, segment.source, target) > 2 * (AHEAD_MEMBERS + 1) + 1:
            return  # surely too many: not even tried (see ConsistencyIndex.reach's bound)
        changes = groups.changes
        with groups.trying(segment.id, segment.source, target) as moved:
            if len(moved) > AHEAD_MEMBERS + 1:
                return
            regrouping = self.regroup(groups, index, [segment.id], moved)
        planned[key] = (groups, changes, regrouping)
        while len(planned) > PLANNED:
            del planned[next(iter(planned))]

    def planned(self, groups: ConsistencyIndex, segment: Segment) -> Regrouping | None:
        """What :meth:`ahead` worked out for giving ``segment`` its target, once (or None).

        Only while ``groups`` are as they were then (no change since: :attr:`changes
        <ConsistencyIndex.changes>`); to call before the groups take the change.
        """
        kept = self._planned.pop((segment.id, segment.source, segment.target), None)
        if kept is None or not _holds(kept, groups):
            return None
        self.taken += 1
        return kept[2]

    def copies(
        self, groups: ConsistencyIndex, index: ReviewIndex, positions: Iterable[int]
    ) -> dict[Copy, list[int]]:
        """The segments at ``positions`` by copy (each must be in the groups: members are)."""
        ids, locked, codes = index.ids, index.locked, index.codes.get
        positions = list(positions)
        every = groups.texts_of(map(ids.__getitem__, positions))  # in one pass: 100s of copies
        copies: dict[Copy, list[int]] = {}
        add = copies.setdefault
        for pos, texts in zip(positions, every, strict=True):
            assert texts is not None, ids[pos]  # every member of a group is in the groups
            add((texts, pos in locked, codes(pos, ())), []).append(pos)
        return copies

    def rows(
        self, ids: Sequence[str], copies: dict[Copy, list[int]], found: dict[str, list[Issue]]
    ) -> dict[int, tuple[SharedIssue, ...]]:
        """The corpus-level issues, in their stored form, of the segments of ``copies``.

        ``found``: the groups' issues (:meth:`ConsistencyIndex.issues_of`) of the first
        segment of each copy, by id; ``ids``: segment ids by position.
        """
        made: dict[Issue, str] = {}  # what a group's members share, as JSON once
        out: dict[int, tuple[SharedIssue, ...]] = {}
        for copy, members in copies.items():
            first = members[0]
            issues = found[ids[first]]
            part = self._part(ids[first], copy, issues)
            rows = out[first] = shared_issues(part, copy[0][1], made)
            if len(members) == 1:
                continue
            if not rows:  # no issue for the first copy, none for the others
                out.update(dict.fromkeys(members[1:], ()))
                continue
            # The others' issues are the first's under their own id: remembered by issues.
            if len(self._members) > REMEMBERED:
                self._kinds.clear()
                self._members.clear()
            bare = tuple(rebuilt(i, "", i.found, i.fingerprint) for i in issues)
            kind = self._kinds.setdefault((copy, bare), len(self._kinds))
            remembered = self._members
            new = [pos for pos in members[1:] if (pos, kind) not in remembered]
            if new:  # all at once (one rule); none when the group came back (undo, redo)
                copied = self._copied([ids[p] for p in new], part, rows)
                self.worked_out += len(new)
                for pos, theirs in zip(new, copied, strict=True):
                    remembered[pos, kind] = theirs
            for pos in members[1:]:
                out[pos] = remembered[pos, kind]
        return out

    def _part(self, seg_id: str, copy: Copy, issues: Sequence[Issue]) -> tuple[Issue, ...]:
        """The one rule for one segment: its corpus-level issues (:meth:`Checker.corpus_part`)."""
        if not issues:
            return ()
        (source, target), locked, codes = copy
        segment = Segment(seg_id, source, target, None, None, codes, locked)
        return self.checker.corpus_part(segment, issues)

    @staticmethod
    def _copied(
        seg_ids: Sequence[str], part: Sequence[Issue], rows: Sequence[SharedIssue]
    ) -> list[tuple[SharedIssue, ...]]:
        """Copies' stored rows: the first copy's ``rows`` (of its ``part``) with their fingerprints.

        The rule for a copy (:meth:`Checker.copied_fingerprints`) keeps the first's order,
        severities and fixes (all decided by texts, lock and codes: the same) and fingerprints
        them for each id; what the members share is the first's.
        """
        return [
            tuple(
                SharedIssue(fingerprint, row.check, row.term, row.found, row.shared)
                for fingerprint, row in zip(prints, rows, strict=True)
            )
            for prints in Checker.copied_fingerprints(part, seg_ids)
        ]


def _holds(kept: tuple[ConsistencyIndex, int, Regrouping], groups: ConsistencyIndex) -> bool:
    """Whether work done ahead still stands: the same groups, no segment changed since."""
    return kept[0] is groups and kept[1] == groups.changes


def members(index: ReviewIndex, changed: Iterable[str], moved: Iterable[str]) -> set[int]:
    """The positions of the group members whose rows a change of ``changed`` may change.

    Of the segments the groups' updates gave (``moved``, :meth:`ConsistencyIndex.update`), those
    not changed themselves.
    """
    pos_of = index.pos_of
    return {pos_of[s] for s in moved} - {pos_of[s] for s in changed}
