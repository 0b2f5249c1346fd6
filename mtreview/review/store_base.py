"""The review store's file: opening, creating, migrating, and one transaction at a time.

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Self

from mtreview.corpus.model import Corpus
from mtreview.errors import MtreviewError
from mtreview.review.store_files import creating, publish
from mtreview.review.store_records import (
    Checked,
    SharedIssue,
    codes_to_json,
    corpus_ids,
    keys_from_json,
    split_detail,
)
from mtreview.review.store_schema import (
    APPLICATION_ID,
    HEADER,
    MIGRATIONS,
    PROJECT_TABLES,
    SCHEMA_VERSION,
    SPLIT_CORPUS_ISSUES,
    decoding,
    read_header,
    statements,
    storage_error,
)

DEFAULT_BUSY_TIMEOUT = 5.0
_BATCH = 1000  # segments stored at a time by a creation
PAGE_SIZE = 16384
"""A new project's page size: a segment's row (texts and stored result, 2-3 KB) fits one page
with others, where at 4096 bytes most pages held one row and 1-2 KB unused."""


def _unkept(text: str) -> str:
    """``text`` as a parameter to bind that leaves the corpus's own string as it was.

    Binding a str that is not ASCII makes CPython keep its UTF-8 form inside the object for
    as long as the object lives: the corpus's sources, held all creation long, grew by 32 MB
    at 100k segments (a third of their size). A copy takes that form and is freed with the
    batch.
    """
    return text if text.isascii() else text.encode().decode()


def _schema_is_ours(path: Path) -> tuple[int, int, bool]:
    """(application id, schema version, whether the tables are a project's), read only.

    Without a WAL file beside it the file is read as immutable, so that not even SQLite's side
    files appear next to a file that is not ours.
    """
    wal = Path(f"{path}-wal").exists()
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if wal else "&immutable=1")
    try:
        db = sqlite3.connect(uri, uri=True, timeout=5)
        try:
            app = int(db.execute("PRAGMA application_id").fetchone()[0])
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            ours = True
            for table, columns in PROJECT_TABLES.items():
                found = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
                ours = ours and columns <= found
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from None
    return app, version, ours


def identify(path: Path) -> None:
    """Refuse, unchanged, a file that is not a review project.

    Raises:
        MtreviewError: for a missing, empty, non-SQLite or foreign SQLite file, or a project
            of a newer schema.
    """
    if not path.is_file():
        raise MtreviewError("no such project", path)
    header = read_header(path)
    if not header:
        raise MtreviewError("an empty file is not a review project (left unchanged)", path)
    if header[:16] != HEADER:
        raise MtreviewError("not a review project: not an SQLite file (left unchanged)", path)
    app = int.from_bytes(header[68:72], "big", signed=True)
    if app not in (0, APPLICATION_ID):
        raise MtreviewError(
            f"not a review project: an SQLite file of another program (application id "
            f"{app:#x}; left unchanged)",
            path,
        )
    version = int.from_bytes(header[60:64], "big")
    if app == APPLICATION_ID and 0 < version <= SCHEMA_VERSION:
        return
    app, version, ours = _schema_is_ours(path)
    if app not in (0, APPLICATION_ID) or not ours or version == 0:
        raise MtreviewError(
            "not a review project: an SQLite file without mtreview's tables (left unchanged)",
            path,
        )
    if version > SCHEMA_VERSION:
        raise MtreviewError("project made by a newer mtreview: update mtreview to open it", path)


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


class StoreBase:
    """An open review project file: its connection, lock and transactions."""

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
    def open(cls, path: str | Path, read_only: bool = False) -> Self:
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
    def _open_read_only(cls, path: Path) -> Self:
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

    def in_memory_copy(self) -> Self:
        """A read-only project copied into memory, where re-check results may be kept."""
        with self._read() as db:
            memory = self._connect(":memory:", uri=False)
            db.backup(memory)
            db.close()
        return type(self)(memory, self.path, True, in_memory=True)

    def _prepare(self) -> None:
        db = self._db
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        self._migrate()

    def _migrate(self, indexes: list[str] | None = None) -> None:
        """Bring the schema up to date.

        ``indexes``: the CREATE INDEX statements are kept there instead of run (a new, empty
        file, indexed once it is filled).
        """
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        with self._write() as db:
            # read again under the write lock: another session may have migrated meanwhile
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements(script):
                    if indexes is not None and statement.startswith("CREATE INDEX"):
                        indexes.append(statement)
                    else:
                        db.execute(statement)
                if number == SPLIT_CORPUS_ISSUES:
                    self._split_corpus_issues(db)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _split_corpus_issues(self, db: sqlite3.Connection) -> None:
        """Move the corpus-level issues of an older project's stored results to their tables."""
        ids = corpus_ids()
        rows = db.execute(
            "SELECT pos, issues, detail, target FROM segments"
            " WHERE issues != '[]' AND detail IS NOT NULL"
        ).fetchall()
        split: dict[int, Checked] = {}
        with decoding(self.path):
            for pos, keys, detail, target in rows:
                if any(key[1] in ids for key in keys_from_json(keys)):
                    split[pos] = split_detail(detail, target)
        db.executemany(
            "UPDATE segments SET issues = ?, detail = ? WHERE pos = ?",
            ((r.keys, r.detail, pos) for pos, r in split.items()),
        )
        self._write_corpus(db, {pos: r.corpus for pos, r in split.items()})

    @classmethod
    def create(
        cls, path: str | Path, corpus: Corpus, meta: dict[str, str], results: Iterable[Checked]
    ) -> Self:
        """Make a project from a corpus and each segment's check result, then open it.

        ``results`` are stored as they come (one per segment, in corpus order), so a caller
        may make them one at a time. The project is written to a temporary file in the same
        folder, with neither journal nor syncing, and renamed when complete (after one sync),
        so an interrupted creation leaves nothing that blocks the next one.

        Raises:
            MtreviewError: when the project exists already or cannot be written.
        """
        path = Path(path)
        with creating(path) as tmp:
            try:
                db = sqlite3.connect(tmp, isolation_level=None)
                try:
                    # The file is not the project until it is renamed: nothing to roll back.
                    db.execute("PRAGMA journal_mode=OFF")
                    db.execute("PRAGMA synchronous=OFF")
                    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
                    store = cls(db, tmp, False)
                    indexes: list[str] = []
                    store._migrate(indexes)
                    store._store_corpus(corpus, meta, results)
                    with store._write():  # built from the rows in one go: cheaper than grown
                        for statement in indexes:
                            db.execute(statement)
                    db.execute("PRAGMA journal_mode=WAL")
                finally:
                    db.close()
            except sqlite3.Error as exc:
                raise storage_error(exc, path) from None
            publish(tmp, path)
        return cls.open(path)

    def _store_corpus(
        self, corpus: Corpus, meta: dict[str, str], results: Iterable[Checked]
    ) -> None:
        shared: dict[int, tuple[SharedIssue, ...]] = {}
        made = zip(corpus.segments, results, strict=True)
        base = {
            "format": corpus.format,
            "source_lang": corpus.source_lang,
            "target_lang": corpus.target_lang,
            "corpus_path": corpus.path or "",
            "corpus_meta": json.dumps(corpus.meta, ensure_ascii=False),
        }
        with self._write() as db:
            # The term index's rows wait in a temporary table, to be sorted by SQLite into
            # the index's order (appended, not inserted) once all are in: never all in memory.
            db.execute("CREATE TEMP TABLE term_rows (term TEXT NOT NULL, pos INTEGER NOT NULL)")
            pos = 0
            while batch := list(islice(made, _BATCH)):
                rows: list[tuple[object, ...]] = []
                terms: list[tuple[str, int]] = []
                for s, r in batch:
                    terms.extend((t, pos) for t in r.terms)
                    if r.corpus:
                        shared[pos] = r.corpus
                    codes = codes_to_json(s.codes) if s.codes else "[]"
                    target = _unkept(s.target)
                    source = _unkept(s.source)
                    reference = None if s.reference is None else _unkept(s.reference)
                    row = (pos, s.id, source, target, reference, s.line, codes, target)
                    rows.append((*row, r.keys, r.detail, int(s.locked)))
                    pos += 1
                db.executemany(
                    "INSERT INTO segments (pos, id, source, mt, reference, line, codes, target,"
                    " issues, detail, locked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                db.executemany("INSERT INTO temp.term_rows (term, pos) VALUES (?, ?)", terms)
            db.execute(
                "INSERT INTO term_segments (term, pos)"
                " SELECT term, pos FROM temp.term_rows ORDER BY term, pos"
            )
            db.execute("DROP TABLE temp.term_rows")
            self._write_corpus(db, shared)
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
        """The connection in one read transaction (:meth:`snapshot`); faults become one line.

        Undecodable rows become one line too.
        """
        with self.snapshot(), decoding(self.path):
            try:
                yield self._db
            except (sqlite3.Error, OSError) as exc:
                raise storage_error(exc, self.path) from None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside the block sees the project as one moment left it.

        One read transaction, the store locked: a segment's row and its corpus-level rows,
        say, agree even while another session commits between the two reads. Inside a write
        transaction the block is part of it. Keep it short, and keep other locks out of it.
        """
        with self._lock:
            db = self._db
            if db.in_transaction:
                yield
                return
            try:
                db.execute("BEGIN")
            except sqlite3.Error as exc:
                raise storage_error(exc, self.path) from None
            try:
                yield
            finally:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("COMMIT")  # a read: nothing to keep or lose

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

    @staticmethod
    def _write_corpus(
        db: sqlite3.Connection, rows: Mapping[int, Sequence[SharedIssue]], every: bool = False
    ) -> None:
        """Replace the corpus-level issues of the segments of ``rows`` (``every``: of all).

        Shared parts no segment refers to any more are deleted: of all only with ``every``,
        else of those the replaced rows referred to (a scan of every shared part cost 1.2 ms
        an action at 5,000 of them, 16 ms at 50,000).
        """
        if not rows and not every:
            return
        dropped: list[int] | None = None  # None: every shared part may be left over
        if every:
            db.execute("DELETE FROM corpus_issues")
        else:
            positions = json.dumps(list(rows))
            dropped = [
                shared
                for (shared,) in db.execute(
                    "SELECT DISTINCT shared FROM corpus_issues"
                    " WHERE pos IN (SELECT value FROM json_each(?))",
                    (positions,),
                )
            ]
            db.execute(
                "DELETE FROM corpus_issues WHERE pos IN (SELECT value FROM json_each(?))",
                (positions,),
            )
        shared = sorted({issue.shared for issues in rows.values() for issue in issues})
        db.executemany(
            "INSERT OR IGNORE INTO shared_issues (issue) VALUES (?)", ((t,) for t in shared)
        )
        ids = dict(
            db.execute(
                "SELECT issue, id FROM shared_issues"
                " WHERE issue IN (SELECT value FROM json_each(?))",
                (json.dumps(shared, ensure_ascii=False),),
            )
        )
        db.executemany(
            "INSERT INTO corpus_issues (pos, n, fingerprint, check_id, term, found, shared)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (pos, n, i.fingerprint, i.check, i.term, i.found, ids[i.shared])
                for pos, issues in rows.items()
                for n, i in enumerate(issues)
            ),
        )
        unshared = "NOT EXISTS (SELECT 1 FROM corpus_issues c WHERE c.shared = shared_issues.id)"
        if dropped is None:
            db.execute(f"DELETE FROM shared_issues WHERE {unshared}")
        elif dropped:
            db.execute(
                "DELETE FROM shared_issues WHERE id IN (SELECT value FROM json_each(?))"
                f" AND {unshared}",
                (json.dumps(dropped),),
            )

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
