"""The review service: the one door from the TUI and the CLI into an open review project.

Every action is committed (one transaction) before the method returns the segment's new state,
and re-checks the changed segment exactly once; confirming, ignoring and their undo check
nothing. Each segment's check result is stored, so showing a segment checks nothing either.
Positions (``pos``) are 0-based indexes in corpus order.

Two sessions may work on one project. An action names the segment version its session showed
and is refused (:class:`SegmentChanged`) when another session changed the segment since; undo
reverts only the session's own actions, and only while nobody changed what it would put back;
:meth:`ReviewService.refresh` takes the other sessions' changes (one cheap ``PRAGMA`` when there
are none).
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview import __version__
from mtreview.corpus.model import Corpus, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term
from mtreview.review import find, glossary_file
from mtreview.review.glossary_file import GlossaryFile, read_glossary
from mtreview.review.history import REDO, UNDO, UndoStack
from mtreview.review.index import ReviewIndex
from mtreview.review.models import (
    CONFIRMED,
    TODO,
    Changes,
    Filter,
    ReviewProgress,
    SegmentRow,
    SegmentState,
)
from mtreview.review.store import Store
from mtreview.review.store_records import (
    RESULTS_FORMAT,
    Action,
    Checked,
    Entry,
    IssueKey,
    ResultsChanged,
    SegmentChanged,
    SegmentNow,
    SegmentWrite,
    checked,
    detail_from_json,
    issue_keys,
)
from mtreview.review.store_schema import decoding
from mtreview.scoring.checks import all_check_ids
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.engine import Checker, CheckResult, Progress, SegmentResult
from mtreview.scoring.issues import Issue

if TYPE_CHECKING:
    from mtreview.review.learn import FixPreview, Learnable
    from mtreview.review.scores import ProjectScores

TARGET_KINDS = ("fix", "edit")


def results_key(glossary_hash: str) -> str:
    """What stored check results depend on: the glossary, the checks and their stored form."""
    text = f"{RESULTS_FORMAT}|{__version__}|{','.join(sorted(all_check_ids()))}|{glossary_hash}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class ReviewService:
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

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        corpus: Corpus,
        glossary: Glossary,
        reviewer: str,
        progress: Progress | None = None,
    ) -> ReviewService:
        """Create a project at ``path`` from a corpus and glossary (runs the full check)."""
        path = Path(path)
        if path.exists():
            raise MtreviewError("project already exists", path)
        if not glossary.path:
            raise MtreviewError("the glossary must be a file to review with")
        found = read_glossary(glossary.path)
        checker = Checker(found.glossary)
        result = checker.check_corpus(corpus, progress=progress)
        meta = _glossary_meta(path, Path(glossary.path), found.hash, checker)
        store = Store.create(path, corpus, meta, [checked(r) for r in result.results])
        return cls(store, found, Path(glossary.path), reviewer)

    @classmethod
    def open(
        cls,
        path: str | Path,
        reviewer: str,
        progress: Progress | None = None,
        glossary: str | Path | None = None,
        read_only: bool = False,
    ) -> ReviewService:
        """Resume a project; a changed glossary file (or checks) means a full re-check.

        Args:
            path: The project file.
            reviewer: Who acts (logged with every action).
            progress: Called with (done, total) while re-checking.
            glossary: Point the project at this glossary file from now on.
            read_only: Open read-only even when the file could be written.
        """
        store = Store.open(path, read_only)
        try:
            if store.size() == 0:
                raise MtreviewError(
                    "not a review project (no segments): an unfinished creation? remove it", path
                )
            meta = store.meta()
            where = Path(glossary) if glossary else glossary_file.resolve(store.path, meta)
            found = read_glossary(where)
            stale = meta.get("results_key") != results_key(found.hash)
            if stale and store.read_only and not store.in_memory:
                store = store.in_memory_copy()
            service = cls(store, found, where, reviewer)
        except BaseException:
            store.close()
            raise
        if glossary is not None and not store.read_only:
            service._repoint(meta)
        if stale:
            service.recheck_all(progress)
        return service

    @classmethod
    def open_or_create(
        cls,
        project: str | Path,
        corpus: str | Path,
        glossary: str | Path,
        reviewer: str,
        progress: Progress | None = None,
    ) -> ReviewService:
        """Resume ``project`` when it exists, else create it from the corpus and glossary."""
        from mtreview.review.inputs import load_inputs

        if Path(project).exists():
            return cls.open(project, reviewer, progress)
        loaded, terms = load_inputs(corpus, glossary)
        return cls.create(project, loaded, terms, reviewer, progress)

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

    def _repoint(self, meta: dict[str, str]) -> None:
        where = glossary_file.location(self.store.path, self.glossary_path)
        with suppress(MtreviewError):  # the old glossary may be gone
            if glossary_file.resolve(self.store.path, meta).samefile(self.glossary_path):
                return
        entry = Entry(self.reviewer, self.session, "glossary-repoint", None, None)
        entry = replace(entry, before=meta.get("glossary_path"), after=where["glossary_path"])
        self.stack.track(self.store.log(entry, where))

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
        if action.kind == "fix-all" or (action.kind in (UNDO, REDO) and action.after):
            try:
                segments = json.loads(action.after or "{}").get("segments", {})
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

    # -- actions ---------------------------------------------------------------------------

    def require_writable(self) -> None:
        """Refuse any change to a read-only project (one line)."""
        if self.store.read_only:
            raise MtreviewError(
                "the project is read-only: browse, export and score only", self.store.path
            )

    def _check(self, original: Segment, target: str) -> SegmentResult:
        return self.checker.check_segment(replace(original, target=target))

    def _current(self, pos: int) -> SegmentNow:
        """Segment ``pos`` as stored; refused when it is not the version last shown."""
        self.require_writable()
        now = self.store.segment_now(pos)
        expected = self._shown.get(pos, self.index.versions[pos])
        if now.version != expected:
            self._take(now, self._detail(now)[0])
            self._shown.pop(pos, None)
            who = self.store.reviewer_of(now.version)
            raise SegmentChanged(pos, now.original.id, who, self.path)
        return now

    def _commit(
        self,
        writes: list[SegmentWrite],
        entry: Entry,
        results: dict[int, SegmentResult],
        by_issue: bool = False,
    ) -> Action:
        """Write, then (only once committed) update memory: index, shown versions, undo stack.

        ``by_issue``: the action acts on an issue, so the check results must still be the ones
        this session has (no glossary change or full re-check in another session since).
        """
        try:
            action = self.store.apply(writes, entry, self._stamp if by_issue else None)
        except SegmentChanged as exc:
            now = self.store.segment_now(exc.pos)
            self._take(now, self._detail(now)[0])
            self._shown.pop(exc.pos, None)
            raise
        except ResultsChanged:
            self.refresh()
            raise
        for write in writes:
            result = results.get(write.pos)
            keys = issue_keys(result.issues) if result is not None else None
            self.index.update(
                write.pos, status=write.status, preview=write.target, keys=keys, version=action.id
            )
            if write.ignore is not None or write.unignore is not None:
                fingerprint = write.ignore or write.unignore or ""
                self.index.set_ignored(fingerprint, write.ignore is not None, write.pos)
            self._shown[write.pos] = action.id
        self.stack.track(action)
        return action

    def _set_target(
        self,
        now: SegmentNow,
        target: str,
        entry: Entry,
        write: SegmentWrite,
        by_issue: bool = False,
    ) -> SegmentState:
        result = self._check(now.original, target)
        write = replace(write, target=target, result=checked(result))
        entry = replace(entry, before=now.target, after=target)
        action = self._commit([write], entry, {now.pos: result}, by_issue)
        after = replace(now, target=target, version=action.id, detail=None)
        return self._state(after, result.issues, result.occurrences)

    def apply_fix(self, pos: int, fingerprint: str) -> SegmentState:
        """Apply the suggested fix of the issue ``fingerprint`` in segment ``pos``."""
        now = self._current(pos)
        issues = self._detail(now)[0]
        issue = next((i for i in issues if i.fingerprint == fingerprint), None)
        if issue is None or issue.fix is None or fingerprint in self.index.ignored:
            raise MtreviewError(f"segment {now.original.id}: no fix for this issue")
        fix = issue.fix
        info = {"severity": issue.severity, "span": list(fix.target_span), "fix": fix.replacement}
        entry = Entry(self.reviewer, self.session, "fix", now.original.id, fingerprint)
        entry = replace(entry, info=json.dumps(info, ensure_ascii=False))
        write = SegmentWrite(pos, version=now.version)
        return self._set_target(now, fix.apply(now.target), entry, write, by_issue=True)

    def edit(self, pos: int, target: str) -> SegmentState:
        """Replace the reviewed target of segment ``pos`` (no action when unchanged)."""
        now = self._current(pos)
        if target == now.target:
            return self._state(now, *self._detail(now))
        entry = Entry(self.reviewer, self.session, "edit", now.original.id)
        return self._set_target(now, target, entry, SegmentWrite(pos, version=now.version))

    def ignore(self, pos: int, fingerprint: str) -> SegmentState:
        """Ignore an issue as a false positive, by fingerprint: it stays ignored after re-checks."""
        now = self._current(pos)
        entry = Entry(self.reviewer, self.session, "ignore", now.original.id, fingerprint)
        write = SegmentWrite(pos, ignore=fingerprint, version=now.version)
        action = self._commit([write], entry, {}, by_issue=True)
        return self._state(replace(now, version=action.id), *self._detail(now))

    def confirm(self, pos: int) -> SegmentState:
        """Confirm segment ``pos`` as reviewed (or, when confirmed, put it back to do)."""
        now = self._current(pos)
        status = TODO if now.status == CONFIRMED else CONFIRMED
        entry = Entry(self.reviewer, self.session, "confirm", now.original.id)
        entry = replace(entry, before=now.status, after=status)
        action = self._commit([SegmentWrite(pos, status=status, version=now.version)], entry, {})
        return self._state(replace(now, status=status, version=action.id), *self._detail(now))

    def undo(self) -> SegmentState | None:
        """Undo this session's latest action still in force (logged as an ``undo`` action).

        Raises:
            SegmentChanged: when another session changed the segment since (the action then
                leaves the undo stack: it can no longer be undone).
        """
        self.require_writable()
        action = self.stack.to_undo()
        return None if action is None else self._replay(action, UNDO)

    def redo(self) -> SegmentState | None:
        """Redo this session's latest undone action (logged as a ``redo`` action)."""
        self.require_writable()
        action = self.stack.to_redo()
        return None if action is None else self._replay(action, REDO)

    def _replay(self, action: Action, kind: str) -> SegmentState | None:
        self.require_writable()
        forward = kind == REDO
        try:
            if action.kind == "fix-all":
                return self._replay_targets(action, kind, forward)
            return self._replay_one(action, kind, forward)
        except SegmentChanged:
            self.stack.drop(action)
            raise

    def _replay_one(self, action: Action, kind: str, forward: bool) -> SegmentState:
        pos = self.index.pos_of[action.segment or ""]
        now = self.store.segment_now(pos)
        value, was = (action.after, action.before) if forward else (action.before, action.after)
        entry = Entry(self.reviewer, self.session, kind, action.segment, action.fingerprint)
        entry = replace(entry, ref=action.id)
        if action.kind in TARGET_KINDS:
            if now.target != (was or ""):
                who = self.store.reviewer_of(now.version)
                raise SegmentChanged(pos, now.original.id, who, self.path)
            write = SegmentWrite(pos, expect_target=was or "")
            return self._set_target(now, value or "", entry, write)
        if action.kind == "confirm":
            write = SegmentWrite(pos, status=value or TODO, expect_status=was or TODO)
            entry = replace(entry, before=now.status, after=value or TODO)
            logged = self._commit([write], entry, {})
            after = replace(now, status=value or TODO, version=logged.id)
            return self._state(after, *self._detail(now))
        fingerprint = action.fingerprint or ""
        if forward:
            write = SegmentWrite(pos, ignore=fingerprint, expect_ignored=(fingerprint, False))
        else:
            write = SegmentWrite(pos, unignore=fingerprint, expect_ignored=(fingerprint, True))
        logged = self._commit([write], entry, {})
        return self._state(replace(now, version=logged.id), *self._detail(now))

    def _replay_targets(self, action: Action, kind: str, forward: bool) -> SegmentState | None:
        with decoding(self.store.path):
            value = json.loads((action.after if forward else action.before) or "{}")
            was = json.loads((action.before if forward else action.after) or "{}")
        entry = Entry(self.reviewer, self.session, kind, None, action.fingerprint)
        entry = replace(entry, before=action.before, after=action.after, ref=action.id)
        expected = {self.index.pos_of[s]: t for s, t in was["segments"].items()}
        targets = {self.index.pos_of[s]: t for s, t in value["segments"].items()}
        return self.write_targets(targets, expected, entry)

    def write_targets(
        self, targets: dict[int, str], expected: dict[int, str], entry: Entry
    ) -> SegmentState | None:
        """Set many segments' targets as ONE action, each checked once, in one transaction.

        ``expected`` is each segment's text the change was made from: a segment whose text
        differs now (another session changed it) refuses the whole action.
        """
        self.require_writable()
        writes, results = [], {}
        for pos, text in targets.items():
            now = self.store.segment_now(pos)
            if now.target != expected[pos]:
                who = self.store.reviewer_of(now.version)
                raise SegmentChanged(pos, now.original.id, who, self.path)
            results[pos] = self._check(now.original, text)
            write = SegmentWrite(pos, text, result=checked(results[pos]))
            writes.append(replace(write, expect_target=expected[pos]))
        if not writes:
            return None
        action = self._commit(writes, entry, results)
        first = min(results)
        now = replace(self.store.segment_now(first), version=action.id)
        return self._state(now, results[first].issues, results[first].occurrences)

    # -- whole-corpus work -----------------------------------------------------------------

    def check_all(self, checker: Checker, progress: Progress | None = None) -> CheckResult:
        """Check every reviewed segment with ``checker`` (nothing is stored)."""
        return checker.check_corpus(self.store.corpus().segments, progress=progress)

    def recheck_all(self, progress: Progress | None = None) -> None:
        """Check every reviewed segment again and store the results (one transaction)."""
        self.checker.known = {}
        result = self.check_all(self.checker, progress)
        self.adopt(GlossaryFile(self.glossary, self.glossary_hash), self.checker, result)

    def adopt(
        self,
        found: GlossaryFile,
        checker: Checker,
        result: CheckResult,
        entry: Entry | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> Action | None:
        """Store a full check with ``found``'s glossary (and a glossary action), then use it."""
        meta = _glossary_meta(self.store.path, self.glossary_path, found.hash, checker)
        records: list[Checked] = [checked(r) for r in result.results]
        action = self.store.replace_results(records, meta, entry, before_commit)
        self._set_glossary(found, checker)
        self._stamp = self.store.meta().get("results_stamp", "")
        self.index.take_keys([issue_keys(r.issues) for r in result.results])
        self._shown.clear()
        if action is not None:
            self.stack.track(action)
        return action

    # -- learning from an edit (see mtreview.review.learn) ---------------------------------

    def learnable(self, before: SegmentState, new_target: str) -> tuple[Learnable, ...]:
        """The term renderings the edit from ``before.target`` to ``new_target`` replaced."""
        from mtreview.review.learn import learnable

        return learnable(self.terms, before, new_target)

    def preview_fix_all(self, term_id: str, wrong: str, right: str) -> FixPreview:
        """Every segment where ``wrong`` renders the term, fixed to ``right`` (nothing written)."""
        from mtreview.review.learn import preview_fix_all

        return preview_fix_all(self, term_id, wrong, right)

    def fix_all(self, preview: FixPreview) -> SegmentState | None:
        """Apply a previewed corpus-wide fix as one ``fix-all`` action (undo reverts it whole).

        Raises:
            MtreviewError: when a segment changed since the preview (nothing is written).
        """
        from mtreview.review.learn import fix_all

        return fix_all(self, preview)

    # -- export and scores -----------------------------------------------------------------

    def export(self, path: str | Path) -> int:
        """Write the reviewed text (see :func:`mtreview.corpus.export.write_review`)."""
        from mtreview.review.project import export_store

        return export_store(self.store, path)

    def scores(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> ProjectScores:
        """Score the review so far; only segments changed since the last scoring are scored.

        May run in a worker while the reviewer goes on (the store serialises its use).
        """
        from mtreview.review.scores import score_store  # sacrebleu: only when scoring

        return score_store(self.store, self.glossary, progress=progress, cancel=cancel)


def _glossary_meta(
    project: Path, glossary: Path, file_hash: str, checker: Checker
) -> dict[str, str]:
    """Project metadata: where the glossary is, its hash, the wrong renderings learnt."""
    known = {term: sorted(found) for term, found in checker.known.items()}
    return {
        **glossary_file.location(project, glossary),
        "glossary_hash": file_hash,
        "results_key": results_key(file_hash),
        "known": json.dumps(known, ensure_ascii=False),
    }
