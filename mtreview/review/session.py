"""One session on a review project: what it knows and shows, and what other sessions changed.

A session keeps the list in memory (:class:`~mtreview.review.index.ReviewIndex`), the version of
each segment it showed (an action expects it), its undo stack, and where it last looked at the
log; :meth:`Session.refresh` takes what other sessions changed since (one cheap ``PRAGMA``
when nothing did). Showing a segment reads its stored check result: nothing is checked.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.model import Segment
from mtreview.glossary.model import Term
from mtreview.review import find, glossary_file
from mtreview.review.batch import BATCH_KINDS
from mtreview.review.glossary_file import GlossaryFile, read_glossary
from mtreview.review.history import REDO, UNDO, UndoStack
from mtreview.review.index import ReviewIndex
from mtreview.review.models import Changes, Filter, ReviewProgress, SegmentRow, SegmentState
from mtreview.review.store import Store
from mtreview.review.store_records import (
    Action,
    IssueKey,
    SegmentNow,
    detail_from_json,
    issue_keys,
)
from mtreview.review.store_schema import decoding
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.engine import Checker, SegmentResult
from mtreview.scoring.issues import Issue


class Session:
    """One open review project, its glossary and the checker that re-checks its segments."""

    def __init__(
        self, store: Store, found: GlossaryFile, glossary_path: Path, reviewer: str
    ) -> None:
        self.store = store
        self.reviewer = reviewer
        self.session = uuid.uuid4().hex[:12]
        self.glossary_path = glossary_path
        self._set_glossary(found, Checker(found.glossary))
        meta = store.meta()
        if meta.get("glossary_hash") == found.hash:
            self._know(meta)
        self._stamp = meta.get("results_stamp", "")
        self._data_version = store.data_version()
        self._shown: dict[int, int] = {}
        self.index = self._read_index()
        actions = store.actions()
        self.stack = UndoStack(reviewer, self.session)
        self.stack.resume(actions)
        self._seen = actions[-1].id if actions else 0

    def _set_glossary(self, found: GlossaryFile, checker: Checker) -> None:
        self.glossary = found.glossary
        self.glossary_hash = found.hash
        self.checker = checker
        self.terms: dict[str, Term] = found.glossary.by_id()

    def _know(self, meta: dict[str, str]) -> None:
        """The wrong renderings learnt corpus-wide when the results were stored."""
        with decoding(self.store.path):
            known = json.loads(meta.get("known", "{}"))
            self.checker.known = {term: set(seen) for term, seen in known.items()}

    def _read_index(self) -> ReviewIndex:
        ids, rows = self.store.index_rows()
        with decoding(self.store.path):
            return ReviewIndex(ids, rows, self.store.ignored())

    def close(self) -> None:
        """Close the project."""
        self.store.close()

    # -- what the screen reads -------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The project file."""
        return self.store.path

    @property
    def read_only(self) -> bool:
        """Whether actions are refused (the file cannot be written)."""
        return self.store.read_only

    @property
    def ids(self) -> list[str]:
        """Segment ids in corpus order."""
        return self.index.ids

    @property
    def pos_of(self) -> dict[str, int]:
        """Positions by segment id."""
        return self.index.pos_of

    @property
    def status(self) -> list[str]:
        """Each segment's status (``todo`` or ``confirmed``)."""
        return self.index.status

    @property
    def issue_keys(self) -> list[tuple[IssueKey, ...]]:
        """Each segment's (fingerprint, check, term) issue keys, ignored ones included."""
        return self.index.keys

    def __len__(self) -> int:
        return len(self.index)

    def target(self, pos: int) -> str:
        """The current reviewed target of segment ``pos``."""
        return self.store.targets([pos])[pos]

    def open_issues(self, pos: int) -> int:
        """The number of issues of a segment that are not ignored."""
        return self.index.open_counts[pos]

    def row(self, pos: int) -> SegmentRow:
        """The list line of one segment."""
        return self.index.row(pos)

    def progress(self) -> ReviewProgress:
        """Counts of confirmed segments and open issues."""
        return self.index.progress()

    def next_issue(self, pos: int, step: int = 1) -> int | None:
        """The nearest segment after (``step`` 1) or before (-1) ``pos`` with open issues."""
        return self.index.next_issue(pos, step)

    def filtered(self, flt: Filter) -> list[int]:
        """The positions the list shows under a filter (see :class:`Filter`)."""
        return find.filtered(self.index, self.store, self.glossary, flt)

    def search(self, text: str, after: int) -> int | None:
        """The first segment after ``after`` whose source or target contains ``text``."""
        return find.search(self.store, text, after)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Open issues per check and per term id, for the filter menu."""
        return find.counts(self.index)

    def warm_up(self) -> None:
        """Load jieba's dictionary now (about a second), not on the reviewer's first action.

        Touches no database, so a worker thread may run it while the screen reads the project.
        """
        self.checker.index.boundaries.tokenizer  # noqa: B018 - the property loads it

    def state(self, pos: int) -> SegmentState:
        """What the screen shows of segment ``pos``, as stored (nothing is checked)."""
        now = self.store.segment_now(pos)
        issues, occurrences = self._detail(now)
        if now.version != self.index.versions[pos]:
            self._take(now, issues)
        return self._state(now, issues, occurrences)

    def peek(self, pos: int) -> SegmentState:
        """The same as :meth:`state` (kept for callers that showed segments before checking)."""
        return self.state(pos)

    def _check(self, original: Segment, target: str) -> SegmentResult:
        return self.checker.check_segment(replace(original, target=target))

    def _detail(self, now: SegmentNow) -> tuple[tuple[Issue, ...], tuple[TermOccurrence, ...]]:
        if now.detail is None:  # only in a project opened read-only as the file is
            result = self._check(now.original, now.target)
            return result.issues, result.occurrences
        with decoding(self.store.path):
            return detail_from_json(now.detail, self.terms)

    def _state(
        self, now: SegmentNow, issues: tuple[Issue, ...], occurrences: tuple[TermOccurrence, ...]
    ) -> SegmentState:
        self._shown[now.pos] = now.version
        visible = tuple(i for i in issues if i.fingerprint not in self.index.ignored)
        terms = tuple({o.term.id: o.term for o in occurrences}.values())
        original = now.original
        return SegmentState(
            now.pos,
            original.id,
            original.source,
            now.target,
            original.target,
            now.status,
            visible,
            occurrences,
            terms,
            now.version,
        )

    def _take(self, now: SegmentNow, issues: tuple[Issue, ...]) -> None:
        """Bring the index's row of a segment another session changed up to date."""
        self.index.update(
            now.pos,
            status=now.status,
            preview=now.target,
            keys=issue_keys(issues),
            version=now.version,
        )

    def last_position(self) -> int | None:
        """Where a resumed review picks up: the segment of the reviewer's latest action.

        Actions that touch no segment (glossary changes) are passed over; without an action
        of this reviewer, anyone's latest counts.
        """
        actions = self.store.actions()
        for mine in (True, False):
            for action in reversed(actions):
                if mine and action.reviewer != self.reviewer:
                    continue
                pos = self._touched(action)
                if pos is not None:
                    return pos
        return None

    def _touched(self, action: Action) -> int | None:
        if action.segment is not None:
            return self.index.pos_of.get(action.segment)
        if action.kind in BATCH_KINDS or (action.kind in (UNDO, REDO) and action.after):
            try:
                after = json.loads(action.after or "{}")
                segments = after.get("segments") or after.get("statuses") or {}
            except (json.JSONDecodeError, AttributeError):
                return None
            found = [self.index.pos_of[s] for s in segments if s in self.index.pos_of]
            return min(found) if found else None
        return None

    # -- other sessions --------------------------------------------------------------------

    def refresh(self) -> Changes:
        """Take what other sessions changed since the last call (cheap when nothing did).

        Returns:
            The segments changed, or ``everything`` after a glossary change or full re-check.
        """
        version = self.store.data_version()
        if version == self._data_version:
            return Changes()
        self._data_version = version
        everything = False
        meta = self.store.meta()
        if meta.get("results_stamp", "") != self._stamp:
            self._reload(meta)
            everything = True
        actions = self.store.actions(self._seen)
        for action in actions:
            if action.session != self.session:
                self.stack.track(action)
        rows = self.store.index_rows_since(self._seen)
        positions = self.index.take_rows(rows, self.store.ignored())
        if actions:
            self._seen = actions[-1].id
        return Changes(tuple(positions), everything)

    def changes_since(self) -> Changes:
        """The same as :meth:`refresh`."""
        return self.refresh()

    def _reload(self, meta: dict[str, str]) -> None:
        """Another session changed the glossary or re-checked everything: read it all again."""
        if meta.get("glossary_hash") != self.glossary_hash:
            where = glossary_file.resolve(self.store.path, meta)
            found = read_glossary(where)
            self.glossary_path = where
            self._set_glossary(found, Checker(found.glossary))
        self._know(meta)
        self._stamp = meta.get("results_stamp", "")
        self.index = self._read_index()
        self._shown.clear()
