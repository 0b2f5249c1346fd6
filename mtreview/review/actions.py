"""The actions of a review session: each writes the project first, then updates memory.

Every action names the version of the segment its session showed and is refused
(:class:`~mtreview.review.store_records.SegmentChanged`) when another session changed it since;
undo and fix-all compare values instead (nobody changed what they would put back). A changed
segment is checked exactly once per action; confirming, ignoring and their undo check nothing.
A target change also updates, in the same transaction, the stored issues of the segments whose
corpus-level issues (inconsistency) it changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from mtreview.corpus.model import Segment
from mtreview.errors import MtreviewError
from mtreview.review.batch import (
    BATCH_KINDS,
    CONFIRM_ALL,
    FIX_ALL,
    BatchPreview,
    preview_confirm_all,
    preview_fixes,
)
from mtreview.review.guard import stored_refusal
from mtreview.review.history import REDO, UNDO
from mtreview.review.learn import SegmentChange
from mtreview.review.models import CONFIRMED, TODO, Filter, SegmentState
from mtreview.review.regroup import Regrouper, members
from mtreview.review.session import Session
from mtreview.review.store import Regrouped
from mtreview.review.store_records import (
    Action,
    Entry,
    IssueKey,
    ResultsChanged,
    SegmentChanged,
    SegmentNow,
    SegmentWrite,
    SharedIssue,
    checked,
    issue_keys,
    regrouped_keys,
)
from mtreview.review.store_schema import decoding
from mtreview.scoring.engine import SegmentResult

TARGET_KINDS = ("fix", "edit")

AHEAD_MAX = 3_000
"""Source and target characters above which :meth:`Actions.anticipate` checks nothing ahead:
a check costs about 2 ms a thousand (a 43,000-character segment: 75 ms a check), and the
look-ahead runs between keys (the demo's longest paragraph: 730)."""


class Actions(Session):
    """A session's actions (see the module docstring)."""

    _regrouper: Regrouper | None = None

    @property
    def regrouper(self) -> Regrouper:
        """Works out the corpus-level issues of a changed group's members (this checker's)."""
        if self._regrouper is None or self._regrouper.checker is not self.checker:
            self._regrouper = Regrouper(self.checker)
        return self._regrouper

    def require_writable(self) -> None:
        """Refuse any change to a read-only project (one line)."""
        if self.store.read_only:
            raise MtreviewError(
                "the project is read-only: browse, export and score only", self.store.path
            )

    def _current(self, pos: int) -> SegmentNow:
        """Segment ``pos`` as stored; refused when it is not the version last shown."""
        self.require_writable()
        now = self.store.segment_now(pos)
        if now.original.locked:
            raise MtreviewError(stored_refusal(now) or "")
        expected = self._shown.get(pos, self.index.versions[pos])
        if now.version != expected:
            self._take(now, self._detail(now)[0])
            self._shown.pop(pos, None)
            who = self.store.reviewer_of(now.version)
            raise SegmentChanged(pos, now.original.id, who, self.path)
        return now

    def _regroup(
        self,
        results: dict[int, SegmentResult],
        undo: dict[str, tuple[str, str]],
        regrouped: dict[int, tuple[SharedIssue, ...]],
        relisted: dict[int, tuple[IssueKey, ...]],
    ) -> Regrouped:
        """Inside the action's transaction: the new targets into the groups, and what to store.

        ``results`` holds the changed segments' own-check results and takes their full ones
        (corpus-level issues joined). The other members of their groups are updated from the
        groups alone (nothing of theirs but their stored corpus-level issues is read): their
        corpus-level issues by the one rule (:meth:`Checker.corpus_part`, once per copy: see
        :class:`~mtreview.review.regroup.Regrouper`), those that changed stored and put in
        ``regrouped``, and the new issue keys of those whose keys changed in ``relisted``
        (for the index, once committed). ``undo`` takes what the groups held before, to put
        back should the transaction fail.
        """
        self._sync_corpus()
        groups, regrouper = self.corpus, self.regrouper
        planned = None  # worked out ahead, as the groups now stand: one segment changed
        if len(results) == 1:
            planned = regrouper.planned(groups, next(iter(results.values())).segment)
        moved: set[str] = set()
        for result in results.values():
            seg = result.segment
            undo.setdefault(seg.id, groups.texts(seg.id) or (seg.source, ""))
            moved.update(groups.update(seg.id, seg.source, seg.target))
        changed = [r.segment.id for r in results.values()]
        if planned is None:
            planned = regrouper.regroup(groups, self.index, changed, moved)
        corpus, rows = planned
        assert rows.keys() == members(self.index, changed, moved), "not as worked out ahead"
        for pos, result in zip(results, self.assemble([*results.values()], corpus), strict=True):
            results[pos] = result
        stored = {pos: checked(result) for pos, result in results.items()}
        # Unchanged rows are not written. Rows whose issue keys differ from those the index
        # lists changed (or, listed stale, are written again as they are): only the others
        # are read to compare (a group made consistent again reads nothing). Each member's
        # new keys are made once, here, and listed once committed (``relisted``).
        keys = self.index.keys
        same: list[int] = []
        for pos, new in rows.items():
            listed = regrouped_keys(keys[pos], new)
            if listed == keys[pos]:
                same.append(pos)
            else:
                relisted[pos] = listed
        before = self.store.corpus_rows(same) if same else {}
        written: dict[int, tuple[SharedIssue, ...]] = {}
        for pos, new in rows.items():
            if pos in relisted or new != before.get(pos, ()):
                written[pos] = new
        regrouped.update(written)
        return stored, written

    def _commit(
        self,
        writes: list[SegmentWrite],
        entry: Entry,
        results: dict[int, SegmentResult],
        by_issue: bool = False,
    ) -> Action:
        """Write, then (only once committed) update memory: index, shown versions, undo stack.

        ``results`` holds the own-check results of the segments whose target the writes change;
        once committed it holds their full results (corpus-level issues joined); the other
        segments whose stored issues the change changed are reported by :meth:`refresh`.
        ``by_issue``: the action acts on an issue, so the check results must still be the ones
        this session has (no glossary change or full re-check in another session since).
        """
        undo: dict[str, tuple[str, str]] = {}
        regrouped: dict[int, tuple[SharedIssue, ...]] = {}
        relisted: dict[int, tuple[IssueKey, ...]] = {}
        if results:
            self.corpus  # noqa: B018 - built before the transaction: the build reads the store
        regroup = (lambda: self._regroup(results, undo, regrouped, relisted)) if results else None
        try:
            action = self.store.apply(writes, entry, self._stamp if by_issue else None, regroup)
        except BaseException as exc:
            for seg_id, (source, target) in undo.items():
                self.corpus.update(seg_id, source, target)
            if isinstance(exc, SegmentChanged):
                now = self.store.segment_now(exc.pos)
                self._take(now, self._detail(now)[0])
                self._shown.pop(exc.pos, None)
            elif isinstance(exc, ResultsChanged):
                self.refresh()
            raise
        if results:
            self._corpus_seen = action.id
        self.index.relist(relisted)  # corpus-level issues came, went or changed
        self._regrouped.update(regrouped)
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
        results = {now.pos: self._check(now.original, target)}
        write = replace(write, target=target)
        entry = replace(entry, before=now.target, after=target)
        action = self._commit([write], entry, results, by_issue)
        after = replace(now, target=target, version=action.id, detail=None)
        return self._state(after, results[now.pos].issues, results[now.pos].occurrences)

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

    def anticipate(self, pos: int, fingerprint: str | None = None) -> int:
        """Check ahead what the next fix or undo would write; returns how many were checked.

        For the screen to call while the reviewer reads (nothing is written or shown): the
        target of segment ``pos`` with the fix of its issue ``fingerprint`` applied, and the
        target the next undo would put back. The action then finds the check done
        (:class:`~mtreview.review.check_memo.CheckMemo`); when the segments changed meanwhile,
        it checks what it writes as ever. A segment longer than :data:`AHEAD_MAX` characters
        is not checked ahead: its check would hold up the next key.
        """
        if self.store.read_only:
            return 0
        ahead: list[tuple[Segment, str]] = []
        if fingerprint is not None and fingerprint not in self.index.ignored:
            now = self.store.segment_now(pos)
            if _short(now.original, now.target):
                issues = self._detail(now)[0]
                issue = next((i for i in issues if i.fingerprint == fingerprint), None)
                if issue is not None and issue.fix is not None:
                    ahead.append((now.original, issue.fix.apply(now.target)))
        action = self.stack.to_undo()
        if action is not None and action.kind in TARGET_KINDS and action.segment:
            now = self.store.segment_now(self.index.pos_of[action.segment])
            if now.target == (action.after or "") and _short(now.original, action.before or ""):
                ahead.append((now.original, action.before or ""))
        for original, target in ahead:
            self._check(original, target)
            if self._corpus is not None:  # (built in the background: not waited for)
                self.regrouper.ahead(self._corpus, self.index, original, target)
        return len(ahead)

    def edit(self, pos: int, target: str) -> SegmentState:
        """Replace the reviewed target of segment ``pos`` (no action when unchanged)."""
        now = self._current(pos)
        if target == now.target:
            return self._state(now, *self._detail(now))
        refused = stored_refusal(now, target)
        if refused is not None:
            raise MtreviewError(refused)
        entry = Entry(self.reviewer, self.session, "edit", now.original.id)
        return self._set_target(now, target, entry, SegmentWrite(pos, version=now.version))

    def ignore(self, pos: int, fingerprint: str, reason: str = "") -> SegmentState:
        """Ignore an issue as a false positive, by fingerprint: it stays ignored after re-checks.

        ``reason`` (optional) is logged with the action for the report.
        """
        now = self._current(pos)
        entry = Entry(self.reviewer, self.session, "ignore", now.original.id, fingerprint)
        entry = replace(entry, info=self._issue_info(now, fingerprint, reason=reason.strip()))
        write = SegmentWrite(pos, ignore=fingerprint, version=now.version)
        action = self._commit([write], entry, {}, by_issue=True)
        return self._state(replace(now, version=action.id), *self._detail(now))

    def _issue_info(self, now: SegmentNow, fingerprint: str | None, **more: str) -> str | None:
        """The ``info`` of an action about an issue: its check (and ``more``, when not empty)."""
        issue = next((i for i in self._detail(now)[0] if i.fingerprint == fingerprint), None)
        info = {"check": issue.check} if issue is not None else {}
        info |= {key: value for key, value in more.items() if value}
        return json.dumps(info, ensure_ascii=False) if info else None

    def unignore(self, pos: int, fingerprint: str) -> SegmentState:
        """Take back the ignoring of an issue of segment ``pos``: it is open again (undoable)."""
        now = self._current(pos)
        if fingerprint not in self.index.ignored:
            raise MtreviewError(f"segment {now.original.id}: this issue is not ignored")
        entry = Entry(self.reviewer, self.session, "unignore", now.original.id, fingerprint)
        entry = replace(entry, info=self._issue_info(now, fingerprint))
        write = SegmentWrite(pos, unignore=fingerprint, version=now.version)
        action = self._commit([write], entry, {}, by_issue=True)
        return self._state(replace(now, version=action.id), *self._detail(now))

    def comment(self, pos: int, text: str, fingerprint: str | None = None) -> SegmentState:
        """Comment on segment ``pos`` or, with ``fingerprint``, on one of its issues (undoable).

        A comment changes nothing in the segment, so it is never refused for another session's
        change; it is written to the segment's notes on export (XLIFF, TMX) and in the report.
        """
        self.require_writable()
        now = self.store.segment_now(pos)
        text = text.strip()
        if not text:
            raise MtreviewError("the comment is empty: nothing saved")
        if fingerprint is not None and all(
            i.fingerprint != fingerprint for i in self._detail(now)[0]
        ):
            raise MtreviewError(f"segment {now.original.id}: no such issue to comment on")
        entry = Entry(self.reviewer, self.session, "comment", now.original.id, fingerprint)
        entry = replace(entry, after=text, info=self._issue_info(now, fingerprint))
        self._commit([], entry, {})
        return self._state(now, *self._detail(now))

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
            if action.kind in BATCH_KINDS:
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
        if action.kind == "comment":  # nothing to write: the log says whether it is in force
            self._commit([], entry, {})
            return self._state(now, *self._detail(now))
        fingerprint = action.fingerprint or ""
        if forward == (action.kind == "ignore"):
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
        field = "status" if action.kind == CONFIRM_ALL else "target"
        key = _BATCH_KEYS[field]
        expected = {self.index.pos_of[s]: t for s, t in was[key].items()}
        targets = {self.index.pos_of[s]: t for s, t in value[key].items()}
        return self.write_targets(targets, expected, entry, field)

    def write_targets(
        self,
        targets: dict[int, str],
        expected: dict[int, str],
        entry: Entry,
        field: str = "target",
    ) -> SegmentState | None:
        """Set many segments' targets as ONE action, each checked once, in one transaction.

        ``expected`` is each segment's text the change was made from: a segment whose text
        differs now (another session changed it) refuses the whole action. With ``field``
        ``status``, the values are statuses instead (nothing is checked).
        """
        self.require_writable()
        writes, results = [], {}
        for pos, text in targets.items():
            now = self.store.segment_now(pos)
            if (now.status if field == "status" else now.target) != expected[pos]:
                who = self.store.reviewer_of(now.version)
                raise SegmentChanged(pos, now.original.id, who, self.path)
            if field == "status":
                writes.append(SegmentWrite(pos, status=text, expect_status=expected[pos]))
                continue
            results[pos] = self._check(now.original, text)
            writes.append(SegmentWrite(pos, text, expect_target=expected[pos]))
        if not writes:
            return None
        action = self._commit(writes, entry, results)
        first = min(targets)
        now = replace(self.store.segment_now(first), version=action.id)
        if first not in results:
            return self._state(now, *self._detail(now))
        return self._state(now, results[first].issues, results[first].occurrences)

    # -- batch actions (see mtreview.review.batch) -----------------------------------------

    def preview_confirm_all(self) -> BatchPreview:
        """Every segment to do with no open issue (nothing is written)."""
        return preview_confirm_all(self)

    def preview_fixes(self, scope: Filter) -> BatchPreview:
        """Every open issue of a check or term (``scope``) with a suggested fix, applied."""
        return preview_fixes(self, scope)

    def confirm_all(self, preview: BatchPreview) -> SegmentState | None:
        """Confirm the previewed segments as ONE ``confirm-all`` action (undo reverts it whole).

        Raises:
            MtreviewError: when a segment changed since the preview (nothing is written).
        """
        return self.write_batch(CONFIRM_ALL, preview.changes, {})

    def apply_fixes(self, preview: BatchPreview) -> SegmentState | None:
        """Apply the previewed fixes as ONE ``fix-all`` action (undo reverts it whole).

        Raises:
            MtreviewError: when a segment changed since the preview (nothing is written).
        """
        head = {preview.scope.kind: preview.scope.value}
        return self.write_batch(FIX_ALL, preview.changes, head, preview.severity)

    def write_batch(
        self,
        kind: str,
        changes: Sequence[SegmentChange],
        head: dict[str, str],
        severity: str | None = None,
    ) -> SegmentState | None:
        """Log previewed changes of many segments as ONE action of ``kind`` and write them.

        ``head`` says what the batch was about (``term``, ``check``...: kept in the log);
        ``severity`` classes the fixes of a ``fix-all`` in the scores.

        Raises:
            MtreviewError: when a segment changed since the preview (nothing is written).
        """
        if not changes:
            return None
        field = "status" if kind == CONFIRM_ALL else "target"
        key = _BATCH_KEYS[field]
        before = json.dumps({**head, key: {c.id: c.before for c in changes}})
        after = json.dumps({**head, key: {c.id: c.after for c in changes}})
        entry = Entry(self.reviewer, self.session, kind, None, head.get("term"), before, after)
        if field == "target":
            fixed = {c.id: c.issue for c in changes if c.issue}
            entry = replace(entry, info=json.dumps({"severity": severity, "issues": fixed}))
        try:
            return self.write_targets(
                {c.pos: c.after for c in changes}, {c.pos: c.before for c in changes}, entry, field
            )
        except SegmentChanged as exc:
            seg = self.ids[exc.pos]
            raise MtreviewError(f"segment {seg} changed since the preview: preview again") from None


_BATCH_KEYS = {"target": "segments", "status": "statuses"}
"""Where a batch action's before/after JSON keeps its values, by the field it writes."""


def _short(segment: Segment, target: str) -> bool:
    """Whether a segment with ``target`` is checked ahead: unlocked, short enough."""
    return not segment.locked and len(segment.source) + len(target) <= AHEAD_MAX
