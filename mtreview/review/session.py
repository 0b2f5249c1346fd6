"""One session on a review project: what it knows and shows, and what other sessions changed.

A session keeps the list in memory (:class:`~mtreview.review.index.ReviewIndex`), the version of
each segment it showed (an action expects it), its undo stack, and where it last looked at the
log; :meth:`Session.refresh` takes what other sessions changed since (one cheap ``PRAGMA``
when nothing did). Showing a segment reads its stored check result: nothing is checked.

A segment's issues are those of its own checks and those of the corpus-level checks, which
compare it with the other segments (:meth:`Session.assemble`, the engine's one rule). The
session keeps the corpus-level groups in a :class:`ConsistencyIndex`, built once when the
project opens and updated with every target change, its own or another session's.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import replace
from pathlib import Path

from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary, Term
from mtreview.review import find, glossary_file, notes
from mtreview.review.batch import BATCH_KINDS
from mtreview.review.check_memo import CheckMemo
from mtreview.review.glossary_file import GlossaryFile, read_glossary
from mtreview.review.history import REDO, UNDO, UndoStack
from mtreview.review.index import ReviewIndex
from mtreview.review.inputs import ConfigFile, review_config
from mtreview.review.models import Changes, Filter, ReviewProgress, SegmentRow, SegmentState
from mtreview.review.store import Store
from mtreview.review.store_records import (
    Action,
    IssueKey,
    SegmentNow,
    detail_from_json,
    issue_keys,
    listed_keys,
)
from mtreview.review.store_schema import decoding
from mtreview.scoring.checks.inconsistency import ConsistencyIndex
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.engine import CheckConfig, Checker, SegmentResult
from mtreview.scoring.issues import Issue
from mtreview.scoring.occurrences import Occurrences


class Session:
    """One open review project, its glossary and the checker that re-checks its segments."""

    def __init__(
        self,
        store: Store,
        found: GlossaryFile,
        glossary_path: Path,
        reviewer: str,
        config: ConfigFile | None = None,
    ) -> None:
        self.store = store
        self.reviewer = reviewer
        self.session = uuid.uuid4().hex[:12]
        self.glossary_path = glossary_path
        self.check_config = config or ConfigFile(CheckConfig())
        self._set_glossary(found, self.new_checker(found.glossary))
        meta = store.meta()
        if meta.get("glossary_hash") == found.hash:
            self._know(meta)
        self._stamp = meta.get("results_stamp", "")
        self._data_version = store.data_version()
        self._shown: dict[int, int] = {}
        self.checks = CheckMemo()  # every check of an action goes through it
        self.index = self._read_index()
        self._build_corpus()
        actions = store.actions()
        self.stack = UndoStack(reviewer, self.session)
        self.stack.resume(actions)
        self._seen = actions[-1].id if actions else 0

    def new_checker(self, glossary: Glossary, like: Checker | None = None) -> Checker:
        """A checker of ``glossary`` with the project's check configuration (see Checker)."""
        return Checker(glossary, self.check_config.config, like)

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
        with self.store.snapshot():  # the rows and their corpus-level issues as one moment
            ids, rows = self.store.index_rows()
            marked, corpus = self.store.marked_rows(), self.store.corpus_rows()
            ignored = self.store.ignored()
        with decoding(self.store.path):
            return ReviewIndex(ids, rows, ignored, marked, corpus)

    def _build_corpus(self) -> None:
        """Get ready to group the segments for the corpus-level checks (see :attr:`corpus`)."""
        self._corpus: ConsistencyIndex | None = None
        self._corpus_lock = threading.Lock()
        self._corpus_seen = 0
        # Segments whose stored issues changed with no action on them, for refresh() to report:
        # by another session (read again) or by this one's actions (the index holds them).
        self._pending: set[int] = set()
        self._regrouped: set[int] = set()

    @property
    def corpus(self) -> ConsistencyIndex:
        """Every segment grouped for the corpus-level checks, built on first use.

        Building is linear in the corpus (about 35 µs a segment); :meth:`warm_up` does it in
        a worker thread after the screen shows, and a first use elsewhere waits for it. Never
        called inside a store transaction before it is built (the build reads the store). The
        segments whose stored issues another session changed since the list was read join
        ``_pending``.
        """
        with self._corpus_lock:
            if self._corpus is None:
                rows, shared = self.store.texts(), self.store.corpus_rows()
                self._corpus = ConsistencyIndex.of((r[0], r[1], r[2]) for r in rows)
                self._corpus_seen = max((r[3] for r in rows), default=0)
                keys = self.index.keys
                self._pending.update(
                    pos
                    for pos, r in enumerate(rows)
                    if listed_keys(r[4], shared.get(pos, ())) != keys[pos]
                )
            return self._corpus

    def _sync_corpus(self) -> None:
        """Take the targets other sessions changed into the groups (once they are built).

        The segments whose corpus-level issues that changed join ``_pending``: the session that
        changed the targets stored their issues in the same transaction.
        """
        for pos, target, version in self.store.targets_since(self._corpus_seen):
            seg_id = self.index.ids[pos]
            source, _ = self.corpus.texts(seg_id) or ("", "")
            self._pending.update(self.pos_of[s] for s in self.corpus.update(seg_id, source, target))
            self._corpus_seen = max(self._corpus_seen, version)

    def assemble(
        self, results: list[SegmentResult], corpus: dict[str, list[Issue]] | None = None
    ) -> list[SegmentResult]:
        """Segments' issues as the project keeps them (the one rule: Checker.with_corpus).

        Their own checks' issues, and the corpus-level checks' as the groups now stand
        (``corpus``: those already worked out, by segment id).
        """
        if corpus is None:
            corpus = self.corpus.issues_of(r.segment.id for r in results)
        return [self.checker.with_corpus(r, corpus[r.segment.id]) for r in results]

    def stored_result(self, now: SegmentNow) -> SegmentResult:
        """The check result stored for a segment (checked afresh when none is stored)."""
        segment = replace(now.original, target=now.target)
        if now.detail is None:
            return self.assemble([self.checker.check_segment(segment)])[0]
        issues, occurrences = self._detail(now)
        return SegmentResult(segment, issues, Occurrences(occurrences))

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

    def search(self, text: str, after: int, regex: bool = False) -> int | None:
        """The first segment after ``after`` (wrapping round) whose source or target holds ``text``.

        See :func:`mtreview.review.find.matcher` for how text is matched.
        """
        hit = find.search(self.store, find.Query(text, regex), after) if text else None
        return None if hit is None else hit.pos

    def concordance(self, text: str, regex: bool = False) -> find.Concordance:
        """Every hit of ``text`` in sources and targets (see :func:`find.concordance`)."""
        return find.concordance(self.store, find.Query(text, regex))

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Open issues per check and per term id, for the filter menu."""
        return find.counts(self.index)

    def warm_up(self) -> None:
        """Load jieba and pypinyin, group the segments, fold their sources, index the terms.

        Now, not on the first action: sources and terms are what a glossary change reads.

        A worker thread may run it while the screen reads the project (the store serialises
        its use).
        """
        from mtreview.glossary.neighbours import neighbours
        from mtreview.review.glossary import source_text
        from mtreview.scoring.checks.untranslated import preload

        self.checker.index.boundaries.prepare()  # jieba's tokenizer and its pair table
        preload()  # the first fix on a segment the untranslated check spells out needs it
        self.corpus  # noqa: B018 - the property builds the groups
        source_text(self.store)
        neighbours(self.glossary)  # what the term form's check reads

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
        return self.checks.check(self.checker, replace(original, target=target))

    def _detail(self, now: SegmentNow) -> tuple[tuple[Issue, ...], tuple[TermOccurrence, ...]]:
        if now.detail is None:  # only in a project opened read-only as the file is
            result = self.stored_result(now)
            return result.issues, result.occurrences
        with decoding(self.store.path):
            return detail_from_json(now, self.terms)

    def _state(
        self, now: SegmentNow, issues: tuple[Issue, ...], occurrences: tuple[TermOccurrence, ...]
    ) -> SegmentState:
        self._shown[now.pos] = now.version
        visible = tuple(i for i in issues if i.fingerprint not in self.index.ignored)
        hidden = tuple(i for i in issues if i.fingerprint in self.index.ignored)
        terms = tuple({o.term.id: o.term for o in occurrences}.values())
        original = now.original
        with decoding(self.store.path):
            logged = notes.review_notes(self.store.segment_actions(original.id, notes.NOTE_KINDS))
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
            original.codes,
            original.locked,
            hidden,
            logged,
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
        if version == self._data_version and not self._pending:
            regrouped, self._regrouped = self._regrouped, set()
            return Changes(tuple(sorted(regrouped)))
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
        self.corpus  # noqa: B018 - built (or its build waited for) before taking changes
        self._sync_corpus()
        with self.store.snapshot():  # the rows and their corpus-level issues as one moment
            rows = self.store.index_rows_since(self._seen)
            rows += self.store.index_rows_at(self._pending - {r[0] for r in rows})
            corpus = self.store.corpus_rows(r[0] for r in rows)
            ignored = self.store.ignored()
        self._pending = set()
        with decoding(self.store.path):
            positions = self.index.take_rows(sorted(rows), ignored, corpus)
        positions = sorted(self._regrouped.union(positions))
        self._regrouped = set()
        if actions:
            self._seen = actions[-1].id
        return Changes(tuple(positions), everything)

    def changes_since(self) -> Changes:
        """The same as :meth:`refresh`."""
        return self.refresh()

    def _reload(self, meta: dict[str, str]) -> None:
        """Another session changed the glossary or checks, or re-checked: read it all again."""
        new_config = meta.get("config_hash", "") != self.check_config.hash
        if new_config:
            self.check_config = review_config(None, project=self.store.path, meta=meta)
        if new_config or meta.get("glossary_hash") != self.glossary_hash:
            found = GlossaryFile(self.glossary, self.glossary_hash)
            if meta.get("glossary_hash") != self.glossary_hash:
                self.glossary_path = glossary_file.resolve(self.store.path, meta)
                found = read_glossary(self.glossary_path)
            self._set_glossary(found, self.new_checker(found.glossary))
        self._know(meta)
        self._stamp = meta.get("results_stamp", "")
        self.index = self._read_index()
        self._shown.clear()
