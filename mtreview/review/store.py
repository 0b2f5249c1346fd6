"""The review store: typed reads and writes of a review project (its file: ``store_base``).

Together with ``store_base`` and ``store_schema`` the only code that speaks SQL. Segments carry
their current text, status, version (the id of the action that last changed them) and stored
check result; every write checks what the caller expects of each segment first (see
:meth:`Store.apply`) and is one transaction.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from mtreview.corpus.model import Corpus, ReviewRecord, Segment
from mtreview.errors import MtreviewError
from mtreview.review import notes
from mtreview.review.history import bearing_on
from mtreview.review.store_base import StoreBase, now
from mtreview.review.store_records import (
    Action,
    Checked,
    Entry,
    ResultsChanged,
    SegmentChanged,
    SegmentNow,
    SegmentWrite,
    SharedIssue,
    codes_from_json,
)

IndexRow = tuple[int, str, str, str, int]  # pos, status, target preview, issue keys, version
Regrouped = tuple[Mapping[int, Checked], Mapping[int, tuple[SharedIssue, ...]]]
"""What an action stores: the changed segments' results, other segments' corpus-level issues."""


_NOW_COLUMNS = (
    "s.pos, s.id, s.source, s.mt, s.reference, s.line, s.codes, s.target, s.status, s.version,"
    " s.detail, s.locked"
)
"""What :meth:`Store._now` reads, by position (the segments table named ``s``)."""


class Store(StoreBase):
    """An open review project (see the module docstring)."""

    # -- reads -----------------------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes when another connection commits to the project."""
        with self._read() as db:
            return int(db.execute("PRAGMA data_version").fetchone()[0])

    def size(self) -> int:
        """The number of segments."""
        with self._read() as db:
            return int(db.execute("SELECT COUNT(*) FROM segments").fetchone()[0])

    def meta(self) -> dict[str, str]:
        """All metadata."""
        with self._read() as db:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())

    def document(self) -> bytes | None:
        """The original document bytes, if the format keeps them."""
        with self._read() as db:
            row = db.execute("SELECT data FROM document WHERE id = 1").fetchone()
        return None if row is None else row[0]

    def index_rows(self) -> tuple[list[str], list[IndexRow]]:
        """Segment ids and (pos, status, target preview, issue keys, version), in order."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, pos, status, substr(target, 1, 100), issues, version FROM segments"
                " ORDER BY pos"
            ).fetchall()
        return [r[0] for r in rows], [r[1:] for r in rows]

    def index_rows_since(self, version: int) -> list[IndexRow]:
        """The index rows of segments changed by an action after ``version``."""
        with self._read() as db:
            # Sorted here: ORDER BY pos would make SQLite scan the table instead of the index.
            return sorted(
                db.execute(
                    "SELECT pos, status, substr(target, 1, 100), issues, version FROM segments"
                    " WHERE version > ?",
                    (version,),
                )
            )

    def index_rows_at(self, positions: Iterable[int]) -> list[IndexRow]:
        """The index rows of the segments at ``positions``, in order."""
        sql = (
            "SELECT pos, status, substr(target, 1, 100), issues, version FROM segments"
            " WHERE pos IN (SELECT value FROM json_each(?)) ORDER BY pos"
        )
        with self._read() as db:
            return db.execute(sql, (json.dumps(sorted(set(positions))),)).fetchall()

    def texts(self) -> list[tuple[str, str, str, int, str]]:
        """(id, source, current target, version, issue keys) of every segment, in order."""
        with self._read() as db:
            sql = "SELECT id, source, target, version, issues FROM segments ORDER BY pos"
            return db.execute(sql).fetchall()

    def targets_since(self, version: int) -> list[tuple[int, str, int]]:
        """(pos, target, version) of the segments changed by an action after ``version``."""
        with self._read() as db:
            sql = "SELECT pos, target, version FROM segments WHERE version > ?"
            return sorted(db.execute(sql, (version,)))  # by the index, not a scan (see above)

    def marked_rows(self) -> list[tuple[int, bool, str]]:
        """(pos, locked, inline codes as JSON) of the segments that are locked or hold codes.

        Neither changes after the project is made: the index reads them once.
        """
        with self._read() as db:
            return [
                (pos, bool(locked), codes)
                for pos, locked, codes in db.execute(
                    "SELECT pos, locked, codes FROM segments WHERE locked OR codes != '[]'"
                    " ORDER BY pos"
                )
            ]

    def segment_now(self, pos: int) -> SegmentNow:
        """Segment ``pos``: the original (with the MT), its current state and check result."""
        with self._read() as db:
            row = db.execute(
                f"SELECT {_NOW_COLUMNS} FROM segments s WHERE s.pos = ?",
                (pos,),
            ).fetchone()
            if row is None:
                raise MtreviewError(f"no segment at position {pos}", self.path)
            return self._with_corpus(db, [self._now(row)])[0]

    def segments_now(self, positions: Iterable[int]) -> list[SegmentNow]:
        """The segments at ``positions`` as :meth:`segment_now` gives them, in order (one read)."""
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_NOW_COLUMNS} FROM segments s"
                " WHERE s.pos IN (SELECT value FROM json_each(?))"
                " ORDER BY s.pos",
                (json.dumps(sorted(set(positions))),),
            ).fetchall()
            return self._with_corpus(db, [self._now(r) for r in rows])

    @staticmethod
    def _now(r: tuple[Any, ...]) -> SegmentNow:
        original = Segment(r[1], r[2], r[3], r[4], r[5], codes_from_json(r[6]), bool(r[11]))
        return SegmentNow(r[0], original, r[7], r[8], r[9], r[10])

    def segments_holding(self, term: str) -> list[SegmentNow]:
        """The segments whose source holds term ``term``, as :meth:`segment_now` gives them."""
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_NOW_COLUMNS} FROM term_segments t JOIN segments s"
                " ON s.pos = t.pos WHERE t.term = ? ORDER BY s.pos",
                (term,),
            ).fetchall()
            return self._with_corpus(db, [self._now(r) for r in rows])

    def _with_corpus(self, db: sqlite3.Connection, nows: list[SegmentNow]) -> list[SegmentNow]:
        """The segments with their corpus-level issues (most have none: one small read)."""
        corpus = self._corpus_rows(db, [now.pos for now in nows])
        return [replace(now, corpus=corpus[now.pos]) if now.pos in corpus else now for now in nows]

    def corpus_rows(
        self, positions: Iterable[int] | None = None
    ) -> dict[int, tuple[SharedIssue, ...]]:
        """The stored corpus-level issues of the segments (all, or those at ``positions``)."""
        with self._read() as db:
            return self._corpus_rows(db, positions)

    @staticmethod
    def _corpus_rows(
        db: sqlite3.Connection, positions: Iterable[int] | None
    ) -> dict[int, tuple[SharedIssue, ...]]:
        sql = "SELECT pos, fingerprint, check_id, term, found, shared FROM corpus_issues"
        if positions is None:
            rows = db.execute(sql + " ORDER BY pos, n").fetchall()
        else:
            wanted = json.dumps(sorted(set(positions)))
            sql += " WHERE pos IN (SELECT value FROM json_each(?)) ORDER BY pos, n"
            rows = db.execute(sql, (wanted,)).fetchall()
        if not rows:  # most segments
            return {}
        # A group's members share their shared part: each read (and decoded) once.
        shared = dict(
            db.execute(
                "SELECT id, issue FROM shared_issues WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted({r[5] for r in rows})),),
            )
        )
        out: dict[int, list[SharedIssue]] = {}
        for pos, fingerprint, check, term, found, part in rows:
            issue = SharedIssue(fingerprint, check, term, found, shared[part])
            out.setdefault(pos, []).append(issue)
        return {pos: tuple(issues) for pos, issues in out.items()}

    def targets(self, positions: Sequence[int] | None = None) -> dict[int, str]:
        """Current targets by position (all, or those of ``positions``)."""
        with self._read() as db:
            if positions is None:
                return dict(db.execute("SELECT pos, target FROM segments"))
            sql = "SELECT target FROM segments WHERE pos = ?"
            return {p: db.execute(sql, (p,)).fetchone()[0] for p in positions}

    def corpus(self) -> Corpus:
        """The corpus, its targets replaced by the reviewed ones."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, source, target, reference, line, codes, locked FROM segments"
                " ORDER BY pos"
            ).fetchall()
            segments = tuple(
                Segment(r[0], r[1], r[2], r[3], r[4], codes_from_json(r[5]), bool(r[6]))
                for r in rows
            )
            meta = self.meta()
            return Corpus(
                segments,
                meta.get("corpus_path") or None,
                meta.get("source_lang", "zh"),
                meta.get("target_lang", "en"),
                json.loads(meta.get("corpus_meta", "{}")),
                meta.get("format", "tsv"),
                self.document(),
            )

    def review_rows(self) -> list[tuple[str, str, str, str, str | None]]:
        """(id, source, MT, reviewed target, reference) of every segment, in order."""
        with self._read() as db:
            sql = "SELECT id, source, mt, target, reference FROM segments ORDER BY pos"
            return db.execute(sql).fetchall()

    def review_records(self) -> dict[str, ReviewRecord]:
        """What the review did to each segment, for writers that record it (XLIFF, TMX).

        Its status, whether the target differs from the MT, who acted on it last and when, and
        its comments in force (:func:`mtreview.review.notes.comments`, oldest first).
        """
        with self._read() as db:
            rows = db.execute("SELECT id, status, target, mt FROM segments ORDER BY pos").fetchall()
            last: dict[str, tuple[str, str]] = {}
            for segment, reviewer, at in db.execute(
                "SELECT segment, reviewer, at FROM actions WHERE segment IS NOT NULL ORDER BY id"
            ):
                last[segment] = (reviewer, at)
        comments = notes.comments(notes.review_notes(self.actions()))
        return {
            seg: ReviewRecord(
                seg, status, target != mt, *last.get(seg, ("", "")), comments.get(seg, ())
            )
            for seg, status, target, mt in rows
        }

    def term_positions(self, term: str) -> list[int]:
        """The segments whose source holds term ``term`` (from the stored occurrences)."""
        with self._read() as db:
            sql = "SELECT pos FROM term_segments WHERE term = ? ORDER BY pos"
            return [r[0] for r in db.execute(sql, (term,))]

    def term_counts(self) -> dict[str, int]:
        """How many segments hold each term (from the stored occurrences)."""
        with self._read() as db:
            sql = "SELECT term, COUNT(*) FROM term_segments GROUP BY term"
            return dict(db.execute(sql).fetchall())

    def text_rows(self, after: int, limit: int) -> list[tuple[int, str, str, str]]:
        """(pos, id, source, current target) of up to ``limit`` segments after ``after``."""
        with self._read() as db:
            sql = "SELECT pos, id, source, target FROM segments WHERE pos > ? ORDER BY pos LIMIT ?"
            return db.execute(sql, (after, limit)).fetchall()

    def segment_actions(self, segment: str, kinds: Collection[str] | None = None) -> list[Action]:
        """The logged actions on segment ``segment`` (undo and redo of them too), oldest first.

        With ``kinds``, only the actions of those kinds and the undo and redo that name one of
        them: which of them are in force (:func:`~mtreview.review.history.in_force`) is the
        same, and the segment's other actions (a fix and its undo, again and again) are not
        read. An undo or redo naming no action (logs before ``ref``) reverts what the stack
        says: then every action of the segment is read.
        """
        if kinds is None:
            return self._actions("segment = ?", segment)
        with self._read() as db:
            log = db.execute(
                "SELECT id, kind, ref FROM actions WHERE segment = ? ORDER BY id", (segment,)
            ).fetchall()
        ids = bearing_on(kinds, log)  # the undo rule's own answer: which actions count
        if ids is None:
            return self._actions("segment = ?", segment)
        return self._actions("id IN (SELECT value FROM json_each(?))", json.dumps(ids))

    def reviewer_of(self, action: int) -> str | None:
        """Who logged action ``action`` (None when there is no such action)."""
        with self._read() as db:
            row = db.execute("SELECT reviewer FROM actions WHERE id = ?", (action,)).fetchone()
        return None if row is None else str(row[0])

    def ignored(self) -> set[str]:
        """The fingerprints of ignored issues."""
        with self._read() as db:
            return {r[0] for r in db.execute("SELECT fingerprint FROM ignored")}

    def actions(self, after: int = 0) -> list[Action]:
        """The action log after action ``after``, oldest first."""
        return self._actions("id > ?", after)

    def _actions(self, where: str, value: object) -> list[Action]:
        with self._read() as db:
            rows = db.execute(
                "SELECT id, at, reviewer, segment, kind, fingerprint, before, after, ref,"
                f" session, info FROM actions WHERE {where} ORDER BY id",
                (value,),
            )
            return [Action(*r) for r in rows]

    def score_rows(self, config: str) -> list[tuple[str, str, str, bytes | str]]:
        """(pair, segment, key, stats) of the metric statistics made with ``config``.

        Stats are bytes (:meth:`~mtreview.scoring.segment_scores.SegmentEntry.to_row`), or
        JSON text in rows an older version wrote.
        """
        with self._read() as db:
            sql = "SELECT pair, segment, key, stats FROM score_cache WHERE config = ?"
            return db.execute(sql, (config,)).fetchall()

    def check_summaries(self) -> dict[str, tuple[str, str]]:
        """Scoring's kept checks by side (``mt``, ``reviewed``): key and head.

        What a re-score reads; the rest is read by :meth:`check_summary_texts` when shown. See
        :meth:`mtreview.scoring.check_summary.CheckSummary.parts`.
        """
        with self._read() as db:
            sql = "SELECT side, key, head FROM check_summaries"
            return {side: (key, head) for side, key, head in db.execute(sql)}

    def check_summary_text(self, side: str, key: str, part: str) -> str | None:
        """``part`` (``issues`` or ``usages``, JSON) of ``side``'s kept check made under ``key``.

        None when the kept check of that side is not that one any more.
        """
        if part not in ("issues", "usages"):
            raise ValueError(f"a kept check has no part {part!r}")
        with self._read() as db:
            sql = f"SELECT {part} FROM check_summaries WHERE side = ? AND key = ?"
            row = db.execute(sql, (side, key)).fetchone()
        return None if row is None else str(row[0])

    # -- writes ----------------------------------------------------------------------------

    def set_meta(self, values: dict[str, str]) -> None:
        """Set metadata values in one transaction."""
        self._writable_check()
        with self._write() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())

    def _log(self, db: sqlite3.Connection, entry: Entry) -> Action:
        at = now()
        e = entry
        values = (at, e.reviewer, e.segment, e.kind, e.fingerprint, e.before, e.after, e.ref)
        cur = db.execute(
            "INSERT INTO actions (at, reviewer, segment, kind, fingerprint, before, after, ref,"
            " session, info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, e.session, e.info),
        )
        assert cur.lastrowid is not None
        return Action(cur.lastrowid, *values, e.session, e.info)

    def _verify(self, db: sqlite3.Connection, write: SegmentWrite) -> None:
        row = db.execute(
            "SELECT id, target, status, version FROM segments WHERE pos = ?", (write.pos,)
        ).fetchone()
        seg_id, target, status, version = row
        changed = (
            (write.version is not None and version != write.version)
            or (write.expect_target is not None and target != write.expect_target)
            or (write.expect_status is not None and status != write.expect_status)
        )
        if write.expect_ignored is not None:
            sql = "SELECT 1 FROM ignored WHERE fingerprint = ?"
            ignored = db.execute(sql, (write.expect_ignored[0],)).fetchone() is not None
            changed = changed or ignored != write.expect_ignored[1]
        if changed:
            raise SegmentChanged(write.pos, seg_id, self.reviewer_of(version), self.path)

    def apply(
        self,
        writes: Sequence[SegmentWrite],
        entry: Entry,
        results_stamp: str | None = None,
        results: Callable[[], Regrouped] | None = None,
    ) -> Action:
        """Change segments and log the action in one transaction.

        Each segment must still be as the write expects (its version, text, status or
        ignored issue) and, with ``results_stamp``, the check results those of the last full
        check the caller knows; changed segments take the action's id as their version.
        ``results`` runs inside the transaction, once the writes are verified (it may read the
        project as other sessions left it): the check results it returns are stored with the
        writes, and the corpus-level issues of other segments without changing their version
        (a corpus-level issue came, went or changed with the action).

        Raises:
            SegmentChanged: when a segment changed meanwhile (nothing is written).
        """
        self._writable_check()
        with self._write() as db:
            if results_stamp is not None:
                row = db.execute("SELECT value FROM meta WHERE key = 'results_stamp'").fetchone()
                if row is None or row[0] != results_stamp:
                    raise ResultsChanged(self.path)
            for write in writes:
                self._verify(db, write)
            stored, regrouped = results() if results is not None else ({}, {})
            action = self._log(db, entry)
            corpus: dict[int, Sequence[SharedIssue]] = {}
            for write in writes:
                if write.pos in stored:
                    write = replace(write, result=stored[write.pos])
                self._write_segment(db, write, action.id)
                if write.result is not None:
                    corpus[write.pos] = write.result.corpus
            # once for the action (a fix-all of many segments too): the group's other members
            # as regrouped, after the written segments' own
            self._write_corpus(db, {**corpus, **regrouped})
        return action

    def _write_segment(self, db: sqlite3.Connection, write: SegmentWrite, version: int) -> None:
        pos = write.pos
        if write.target is not None:
            db.execute("UPDATE segments SET target = ? WHERE pos = ?", (write.target, pos))
        if write.status is not None:
            db.execute("UPDATE segments SET status = ? WHERE pos = ?", (write.status, pos))
        if write.result is not None:
            self._write_result(db, pos, write.result)
        if write.ignore is not None:
            seg_id = db.execute("SELECT id FROM segments WHERE pos = ?", (pos,)).fetchone()[0]
            db.execute(
                "INSERT OR REPLACE INTO ignored (fingerprint, segment) VALUES (?, ?)",
                (write.ignore, seg_id),
            )
        if write.unignore is not None:
            db.execute("DELETE FROM ignored WHERE fingerprint = ?", (write.unignore,))
        db.execute("UPDATE segments SET version = ? WHERE pos = ?", (version, pos))

    @staticmethod
    def _write_result(db: sqlite3.Connection, pos: int, result: Checked) -> None:
        db.execute(
            "UPDATE segments SET issues = ?, detail = ? WHERE pos = ?",
            (result.keys, result.detail, pos),
        )
        db.execute("DELETE FROM term_segments WHERE pos = ?", (pos,))
        db.executemany(
            "INSERT INTO term_segments (term, pos) VALUES (?, ?)", ((t, pos) for t in result.terms)
        )  # its corpus-level issues: written by the caller with the other segments' (apply)

    def replace_results(
        self,
        results: Sequence[Checked],
        meta: dict[str, str],
        entry: Entry | None = None,
        before_commit: Callable[[], None] | None = None,
        positions: Sequence[int] | None = None,
    ) -> Action | None:
        """Store every segment's check result, metadata and an action, in one transaction.

        ``before_commit`` runs inside the transaction, holding the project's write lock (the
        glossary is saved there, so that two sessions never write it at once); raising in it
        leaves everything as it was. With ``positions``, ``results`` are those segments' and
        the others keep theirs.
        """
        if self.read_only and not self.in_memory:
            raise MtreviewError("the project is read-only: nothing was saved", self.path)
        with self._write() as db:
            if before_commit is not None:
                before_commit()
            if positions is None:
                db.execute("DELETE FROM term_segments")
            else:
                # One pass over the table (it is keyed by term first), not one per position.
                db.execute(
                    "DELETE FROM term_segments WHERE pos IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(positions)),),
                )
            at = range(len(results)) if positions is None else positions
            for pos, result in zip(at, results, strict=True):
                db.execute(
                    "UPDATE segments SET issues = ?, detail = ? WHERE pos = ?",
                    (result.keys, result.detail, pos),
                )
            self._write_corpus(
                db,
                {pos: r.corpus for pos, r in zip(at, results, strict=True)},
                every=positions is None,
            )
            db.executemany(
                "INSERT INTO term_segments (term, pos) VALUES (?, ?)",
                ((t, pos) for pos, r in zip(at, results, strict=True) for t in r.terms),
            )
            values = {**meta, "results_stamp": uuid.uuid4().hex}
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())
            return self._log(db, entry) if entry is not None else None

    def log(self, entry: Entry, meta: dict[str, str] | None = None) -> Action:
        """Log an action that changes no segment (with metadata), in one transaction."""
        self._writable_check()
        with self._write() as db:
            if meta:
                db.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items()
                )
            return self._log(db, entry)

    def save_score_rows(
        self,
        config: str,
        upserts: Sequence[tuple[str, str, str, bytes]],
        deletes: Sequence[tuple[str, str]],
        summaries: Mapping[str, tuple[str, str, str, str]] | None = None,
    ) -> int:
        """Keep metric statistics made with ``config``; a write drops rows of other settings.

        With nothing to write (an unchanged re-score) nothing is written, not even the drop:
        the next write does it.

        Args:
            config: The metric settings' id.
            upserts: (pair, segment, key, stats) rows to write (see :meth:`score_rows`).
            deletes: (pair, segment) rows to delete.
            summaries: Scoring's checks to keep by side (see :meth:`check_summaries`).

        Returns:
            The number of rows written or deleted (summaries not counted).
        """
        if not upserts and not deletes and not summaries:
            # Nothing changed: no write, and rows of other settings wait for the next one.
            return 0
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO check_summaries (side, key, head, issues, usages)"
                " VALUES (?, ?, ?, ?, ?)",
                [(side, *parts) for side, parts in (summaries or {}).items()],
            )
            stale = db.execute("DELETE FROM score_cache WHERE config != ?", (config,)).rowcount
            db.executemany(
                "INSERT OR REPLACE INTO score_cache (pair, segment, config, key, stats)"
                " VALUES (?, ?, ?, ?, ?)",
                [(pair, seg, config, key, stats) for pair, seg, key, stats in upserts],
            )
            db.executemany("DELETE FROM score_cache WHERE pair = ? AND segment = ?", deletes)
        return len(upserts) + len(deletes) + max(0, stale)
