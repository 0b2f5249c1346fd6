"""The review store: the only module that speaks SQL to a review project.

One SQLite file holds a corpus under review, each segment's current text, status and check
result, and the append-only log of every reviewer action. WAL journal with
``synchronous=FULL``: each write is one transaction, durable once the method returns. Every
method takes the store's one lock (the TUI's workers share it) and turns every SQLite or OS
error into a one-line :class:`~mtreview.errors.MtreviewError` naming the file. A locked
database is waited for (the busy timeout, ``MTREVIEW_BUSY_TIMEOUT`` seconds, default 5) before
that message.

A file that cannot be written (permissions, a read-only mount) opens read-only; a read-only
project that needs a migration or a re-check is copied into memory first and never written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mtreview.corpus.model import Corpus, Segment
from mtreview.errors import MtreviewError
from mtreview.review.store_files import creating, publish
from mtreview.review.store_records import (
    Action,
    Checked,
    Entry,
    ResultsChanged,
    SegmentChanged,
    SegmentNow,
    SegmentWrite,
    codes_from_json,
    codes_to_json,
)
from mtreview.review.store_schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    decoding,
    identify,
    statements,
    storage_error,
)

DEFAULT_BUSY_TIMEOUT = 5.0

IndexRow = tuple[int, str, str, str, int]  # pos, status, target preview, issue keys, version


def now() -> str:
    """The current UTC time, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def busy_timeout() -> float:
    """Seconds to wait for a project another program holds locked."""
    try:
        return max(0.0, float(os.environ.get("MTREVIEW_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT)))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def _writable(path: Path) -> bool:
    # WAL keeps two side files next to the project: the folder must take them too.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Store:
    """An open review project file (see the module docstring)."""

    def __init__(
        self, db: sqlite3.Connection, path: Path, read_only: bool, in_memory: bool = False
    ) -> None:
        self._db = db
        self._lock = threading.RLock()
        self.path = path
        self.read_only = read_only
        self.in_memory = in_memory

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        """Open an existing project, read-only when asked or when the file cannot be written.

        Raises:
            MtreviewError: for a file that is not a review project (left unchanged), a newer
                schema, or a storage fault.
        """
        path = Path(path)
        identify(path)
        read_only = read_only or not _writable(path)
        try:
            if read_only:
                return cls._open_read_only(path)
            db = cls._connect(str(path), uri=False)
            store = cls(db, path, False)
            store._prepare()
        except sqlite3.Error as exc:
            raise storage_error(exc, path) from None
        return store

    @staticmethod
    def _connect(target: str, uri: bool) -> sqlite3.Connection:
        return sqlite3.connect(
            target, timeout=busy_timeout(), isolation_level=None, check_same_thread=False, uri=uri
        )

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        base = path.resolve().as_uri() + "?mode=ro"
        try:
            db = cls._connect(base, uri=True)
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError:
            # A WAL project in a folder nobody may write: read the file as it is.
            db = cls._connect(base + "&immutable=1", uri=True)
            version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return cls(db, path, True)
        memory = cls._connect(":memory:", uri=False)
        db.backup(memory)
        db.close()
        store = cls(memory, path, True, in_memory=True)
        store._migrate()
        return store

    def in_memory_copy(self) -> Store:
        """A read-only project copied into memory, where re-check results may be kept."""
        with self._read() as db:
            memory = self._connect(":memory:", uri=False)
            db.backup(memory)
            db.close()
        return Store(memory, self.path, True, in_memory=True)

    def _prepare(self) -> None:
        db = self._db
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        self._migrate()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        with self._write() as db:
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @classmethod
    def create(
        cls, path: str | Path, corpus: Corpus, meta: dict[str, str], results: Sequence[Checked]
    ) -> Store:
        """Make a project from a corpus and each segment's check result, then open it.

        It is written to a temporary file in the same folder and renamed when complete, so an
        interrupted creation leaves nothing that blocks the next one.

        Raises:
            MtreviewError: when the project exists already or cannot be written.
        """
        path = Path(path)
        with creating(path) as tmp:
            try:
                db = sqlite3.connect(tmp, isolation_level=None)
                try:
                    store = cls(db, tmp, False)
                    store._migrate()
                    store._store_corpus(corpus, meta, results)
                    db.execute("PRAGMA journal_mode=WAL")
                finally:
                    db.close()
            except sqlite3.Error as exc:
                raise storage_error(exc, path) from None
            publish(tmp, path)
        return cls.open(path)

    def _store_corpus(
        self, corpus: Corpus, meta: dict[str, str], results: Sequence[Checked]
    ) -> None:
        rows = (
            (
                pos,
                s.id,
                s.source,
                s.target,
                s.reference,
                s.line,
                codes_to_json(s.codes),
                s.target,
                r.keys,
                r.detail,
            )
            for pos, (s, r) in enumerate(zip(corpus.segments, results, strict=True))
        )
        base = {
            "format": corpus.format,
            "source_lang": corpus.source_lang,
            "target_lang": corpus.target_lang,
            "corpus_path": corpus.path or "",
            "corpus_meta": json.dumps(corpus.meta, ensure_ascii=False),
        }
        with self._write() as db:
            db.executemany(
                "INSERT INTO segments (pos, id, source, mt, reference, line, codes, target,"
                " issues, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.executemany(
                "INSERT INTO term_segments (term, pos) VALUES (?, ?)",
                ((t, pos) for pos, r in enumerate(results) for t in r.terms),
            )
            db.execute("INSERT INTO document (id, data) VALUES (1, ?)", (corpus.document,))
            db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                {**base, **meta, "results_stamp": uuid.uuid4().hex}.items(),
            )

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """The connection, locked; faults and undecodable rows become one line."""
        with self._lock, decoding(self.path):
            try:
                yield self._db
            except (sqlite3.Error, OSError) as exc:
                raise storage_error(exc, self.path) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction, rolled back on any error; waits out a locked file."""
        with self._lock:
            deadline = time.monotonic() + busy_timeout()
            while True:
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    busy = getattr(exc, "sqlite_errorcode", 0) & 0xFF in (5, 6)
                    if not busy or time.monotonic() >= deadline:
                        raise storage_error(exc, self.path) from None
                    time.sleep(0.05)
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    with suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error | OSError):
                    raise storage_error(exc, self.path) from None
                raise

    def _writable_check(self) -> None:
        if self.read_only and not self.in_memory:
            raise MtreviewError("the project is read-only: nothing was saved", self.path)

    def limit_pages(self, pages: int) -> None:
        """Let the file grow to at most ``pages`` pages (``PRAGMA max_page_count``).

        A write that needs more fails as on a full disk: tests simulate one with it.
        """
        with self._read() as db:
            db.execute(f"PRAGMA max_page_count = {int(pages)}")

    def page_count(self) -> int:
        """The file's size in pages."""
        with self._read() as db:
            return int(db.execute("PRAGMA page_count").fetchone()[0])

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
            return db.execute(
                "SELECT pos, status, substr(target, 1, 100), issues, version FROM segments"
                " WHERE version > ? ORDER BY pos",
                (version,),
            ).fetchall()

    def segment_now(self, pos: int) -> SegmentNow:
        """Segment ``pos``: the original (with the MT), its current state and check result."""
        with self._read() as db:
            row = db.execute(
                "SELECT pos, id, source, mt, reference, line, codes, target, status, version,"
                " detail FROM segments WHERE pos = ?",
                (pos,),
            ).fetchone()
            if row is None:
                raise MtreviewError(f"no segment at position {pos}", self.path)
            return self._now(row)

    @staticmethod
    def _now(r: tuple[Any, ...]) -> SegmentNow:
        original = Segment(r[1], r[2], r[3], r[4], r[5], codes_from_json(r[6]))
        return SegmentNow(r[0], original, r[7], r[8], r[9], r[10])

    def segments_holding(self, term: str) -> list[SegmentNow]:
        """The segments whose source holds term ``term``, as :meth:`segment_now` gives them."""
        with self._read() as db:
            rows = db.execute(
                "SELECT s.pos, s.id, s.source, s.mt, s.reference, s.line, s.codes, s.target,"
                " s.status, s.version, s.detail FROM term_segments t JOIN segments s"
                " ON s.pos = t.pos WHERE t.term = ? ORDER BY s.pos",
                (term,),
            ).fetchall()
            return [self._now(r) for r in rows]

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
                "SELECT id, source, target, reference, line, codes FROM segments ORDER BY pos"
            ).fetchall()
            segments = tuple(
                Segment(r[0], r[1], r[2], r[3], r[4], codes_from_json(r[5])) for r in rows
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

    def review_rows(self) -> list[tuple[str, str, str, str, str | None, str]]:
        """(id, source, MT, reviewed target, reference, status) of every segment, in order."""
        with self._read() as db:
            return db.execute(
                "SELECT id, source, mt, target, reference, status FROM segments ORDER BY pos"
            ).fetchall()

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

    def search(self, text: str, after: int, limit: int) -> list[int]:
        """Segments after ``after`` whose source or target holds ``text``, case-insensitively."""
        needle = text.casefold()
        sql = (
            "SELECT pos, source, target FROM segments WHERE pos > ? AND"
            " (instr(source, ?) OR instr(lower(target), lower(?))) ORDER BY pos"
        )
        out: list[int] = []
        with self._read() as db:
            for pos, source, target in db.execute(sql, (after, text, text)):
                if needle in source.casefold() or needle in target.casefold():
                    out.append(pos)
                    if len(out) >= limit:
                        break
        return out

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
        with self._read() as db:
            rows = db.execute(
                "SELECT id, at, reviewer, segment, kind, fingerprint, before, after, ref,"
                " session, info FROM actions WHERE id > ? ORDER BY id",
                (after,),
            )
            return [Action(*r) for r in rows]

    def score_rows(self, config: str) -> list[tuple[str, str, str, str]]:
        """(pair, segment, key, stats JSON) of the metric statistics made with ``config``."""
        with self._read() as db:
            sql = "SELECT pair, segment, key, stats FROM score_cache WHERE config = ?"
            return db.execute(sql, (config,)).fetchall()

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
    ) -> Action:
        """Change segments and log the action in one transaction.

        Each segment must still be as the write expects (its version, text, status or
        ignored issue) and, with ``results_stamp``, the check results those of the last full
        check the caller knows; changed segments take the action's id as their version.

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
            action = self._log(db, entry)
            for write in writes:
                self._write_segment(db, write, action.id)
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
        )

    def replace_results(
        self,
        results: Sequence[Checked],
        meta: dict[str, str],
        entry: Entry | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> Action | None:
        """Store every segment's check result, metadata and an action, in one transaction.

        ``before_commit`` runs inside the transaction, holding the project's write lock (the
        glossary is saved there, so that two sessions never write it at once); raising in it
        leaves everything as it was.
        """
        if self.read_only and not self.in_memory:
            raise MtreviewError("the project is read-only: nothing was saved", self.path)
        with self._write() as db:
            if before_commit is not None:
                before_commit()
            db.execute("DELETE FROM term_segments")
            for pos, result in enumerate(results):
                db.execute(
                    "UPDATE segments SET issues = ?, detail = ? WHERE pos = ?",
                    (result.keys, result.detail, pos),
                )
            db.executemany(
                "INSERT INTO term_segments (term, pos) VALUES (?, ?)",
                ((t, pos) for pos, r in enumerate(results) for t in r.terms),
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
        upserts: Sequence[tuple[str, str, str, str]],
        deletes: Sequence[tuple[str, str]],
    ) -> int:
        """Keep metric statistics made with ``config``: rows of other settings are dropped.

        Args:
            config: The metric settings' id.
            upserts: (pair, segment, key, stats JSON) rows to write.
            deletes: (pair, segment) rows to delete.

        Returns:
            The number of rows written or deleted.
        """
        with self._write() as db:
            stale = db.execute("DELETE FROM score_cache WHERE config != ?", (config,)).rowcount
            db.executemany(
                "INSERT OR REPLACE INTO score_cache (pair, segment, config, key, stats)"
                " VALUES (?, ?, ?, ?, ?)",
                [(pair, seg, config, key, stats) for pair, seg, key, stats in upserts],
            )
            db.executemany("DELETE FROM score_cache WHERE pair = ? AND segment = ?", deletes)
        return len(upserts) + len(deletes) + max(0, stale)
