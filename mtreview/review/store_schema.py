"""The project file's schema, its identity, and what storage faults say to the reviewer.

A review project is an SQLite file whose ``application_id`` is :data:`APPLICATION_ID`. A file is
looked at before anything writes to it: an empty file, a file that is not SQLite, and an SQLite
file of another program are refused and left byte-for-byte as they were. A project made before
the application id was set (schema 1 or 2, id 0) is recognised by its tables and adopted.
The schema is versioned by ``PRAGMA user_version`` and grown by the ordered :data:`MIGRATIONS`.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mtreview.errors import MtreviewError

APPLICATION_ID = 0x6D747276  # "mtrv"
HEADER = b"SQLite format 3\x00"

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE document (id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB);
    CREATE TABLE segments (
        pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
        mt TEXT NOT NULL, reference TEXT, line INTEGER, codes TEXT NOT NULL DEFAULT '[]',
        target TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'todo',
        issues TEXT NOT NULL DEFAULT '[]');
    CREATE TABLE actions (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, reviewer TEXT NOT NULL,
        segment TEXT, kind TEXT NOT NULL, fingerprint TEXT, before TEXT, after TEXT,
        ref INTEGER);
    CREATE TABLE ignored (fingerprint TEXT PRIMARY KEY, segment TEXT NOT NULL);
    """,
    # Per-segment metric statistics: one row per comparison and segment; `key` hashes the
    # metric settings and both texts, `stats` is JSON.
    """
    CREATE TABLE score_cache (
        pair TEXT NOT NULL, segment TEXT NOT NULL, config TEXT NOT NULL, key TEXT NOT NULL,
        stats TEXT NOT NULL, PRIMARY KEY (pair, segment));
    """,
    # One truth per segment: the whole check result (`detail`: issues and term occurrences)
    # and the term index; `version` is the id of the action that last changed the segment,
    # `session` the open project that logged an action, `info` what a fix fixed.
    """
    ALTER TABLE segments ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE segments ADD COLUMN detail TEXT;
    ALTER TABLE actions ADD COLUMN session TEXT;
    ALTER TABLE actions ADD COLUMN info TEXT;
    CREATE INDEX segments_version ON segments (version);
    CREATE TABLE term_segments (
        term TEXT NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (term, pos)) WITHOUT ROWID;
    """,
    # A locked unit (translate="no", a CAT tool's lock) is shown but never changed; projects
    # made before this column open with every segment unlocked.
    """
    ALTER TABLE segments ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
    """,
    # A segment's notes (comments, ignores with reasons) are read each time it is shown.
    """
    CREATE INDEX actions_segment ON actions (segment);
    """,
    # Scoring's check of each side of the review (`mt`, `reviewed`), kept whole as JSON under
    # a key of that side's texts, glossary and checks (mtreview.scoring.check_summary).
    """
    CREATE TABLE check_summaries (side TEXT PRIMARY KEY, summary TEXT NOT NULL);
    """,
    # An action replaces one segment's term rows: by position, not a scan of the whole index
    # (4-15 ms per action at 100k segments before).
    """
    CREATE INDEX term_segments_pos ON term_segments (pos);
    """,
    # Scoring's kept checks in parts: the key and a small head (counts, each issue's mark) are
    # what a re-score with nothing changed reads; the issues and term renderings (JSON) are
    # parsed only when shown. Kept checks of schema 6 are dropped: the next score makes them.
    """
    DROP TABLE check_summaries;
    CREATE TABLE check_summaries (
        side TEXT PRIMARY KEY, key TEXT NOT NULL, head TEXT NOT NULL, issues TEXT NOT NULL,
        usages TEXT NOT NULL);
    """,
    # Corpus-level issues (inconsistency) apart from the segments: what a group's members
    # share (message, related segments) once in `shared_issues`, each member's own part
    # (fingerprint, found text) in `corpus_issues`; an action that changes a group writes
    # these small rows, not every member's stored result. Older projects have them moved
    # out of `segments` when they open (`StoreBase._split_corpus_issues`).
    (
        _SPLIT := """
    CREATE TABLE shared_issues (id INTEGER PRIMARY KEY, issue TEXT NOT NULL UNIQUE);
    CREATE TABLE corpus_issues (
        pos INTEGER NOT NULL, n INTEGER NOT NULL, fingerprint TEXT NOT NULL,
        check_id TEXT NOT NULL, term TEXT NOT NULL, found TEXT, shared INTEGER NOT NULL,
        PRIMARY KEY (pos, n)) WITHOUT ROWID;
    CREATE INDEX corpus_issues_shared ON corpus_issues (shared);
    """
    ),
)
SPLIT_CORPUS_ISSUES = MIGRATIONS.index(_SPLIT) + 1
"""The schema from which corpus-level issues are kept apart (older projects are converted)."""
SCHEMA_VERSION = len(MIGRATIONS)

# What a project of schema 1 has: enough to tell ours from another program's file.
PROJECT_TABLES = {
    "meta": {"key", "value"},
    "segments": {"pos", "id", "source", "mt", "target", "status", "issues"},
    "actions": {"id", "at", "reviewer", "segment", "kind", "before", "after", "ref"},
    "ignored": {"fingerprint", "segment"},
    "document": {"id", "data"},
}


def statements(script: str) -> list[str]:
    """The statements of a migration script."""
    return [s for s in (part.strip() for part in script.split(";")) if s]


def read_header(path: Path) -> bytes:
    """The first 100 bytes of a file: SQLite's header (one-line error when unreadable)."""
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except OSError as exc:
        raise MtreviewError(f"cannot read the project: {exc.strerror}", path) from None


def looks_like_sqlite(path: str | Path) -> bool:
    """Whether the file starts with SQLite's header (no error when it cannot be read)."""
    try:
        return read_header(Path(path))[:16] == HEADER
    except MtreviewError:
        return False


_FAULTS = {
    sqlite3.SQLITE_BUSY: "the project is locked by another program: try again in a moment",
    sqlite3.SQLITE_LOCKED: "the project is locked by another program: try again in a moment",
    sqlite3.SQLITE_READONLY: "the project is read-only: nothing was saved",
    sqlite3.SQLITE_FULL: "the disk is full: nothing was saved",
    sqlite3.SQLITE_IOERR: "disk I/O error: nothing was saved",
    sqlite3.SQLITE_CORRUPT: "the project file is damaged: restore it from a backup",
    sqlite3.SQLITE_NOTADB: "the project file is damaged (not a database): restore it from a backup",
    sqlite3.SQLITE_CANTOPEN: "cannot open the project file",
    sqlite3.SQLITE_PERM: "no permission to use the project file",
}


@contextmanager
def decoding(path: str | Path) -> Iterator[None]:
    """Turn stored data that does not decode (a scribbled page) into one line naming the file."""
    try:
        yield
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise MtreviewError(
            "the project file is damaged (unreadable stored data): restore it from a backup", path
        ) from None


def _disk_full(path: str | Path) -> bool:
    try:
        return shutil.disk_usage(Path(path).parent).free < 64 * 1024
    except OSError:
        return False


def storage_error(exc: sqlite3.Error | OSError, path: str | Path) -> MtreviewError:
    """One line for a storage fault, naming the file."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return MtreviewError(_FAULTS[sqlite3.SQLITE_FULL], path)
        return MtreviewError(f"{exc.strerror or exc}: nothing was saved", path)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == sqlite3.SQLITE_IOERR and _disk_full(path):
        primary = sqlite3.SQLITE_FULL  # SQLite says I/O error when even its side files fail
    text = _FAULTS.get(primary) if primary is not None else None
    if text is None:
        text = f"storage error: {exc}"
        lowered = str(exc).lower()
        needles = (
            ("locked", 5),
            ("readonly", 8),
            ("full", 13),
            ("malformed", 11),
            ("i/o", 10),
            ("decode", 11),  # text that is not UTF-8 any more
        )
        for needle, code in needles:
            if needle in lowered:
                text = _FAULTS[code]
    return MtreviewError(text, path)
