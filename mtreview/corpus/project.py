"""The review project: one SQLite file holding a corpus under review and every reviewer action.

WAL journal with ``synchronous=FULL``: each action is one small transaction, durable once the
call returns (about 0.25 ms a commit). The schema is versioned by ``PRAGMA user_version`` and
grown by an ordered list of migrations; the action log is insert-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.errors import MtreviewError

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
    # Per-segment metric statistics (mtreview.scoring.score_store): one row per comparison and
    # segment; `key` hashes the metric settings and both texts, `stats` is JSON.
    """
    CREATE TABLE score_cache (
        pair TEXT NOT NULL, segment TEXT NOT NULL, config TEXT NOT NULL, key TEXT NOT NULL,
        stats TEXT NOT NULL, PRIMARY KEY (pair, segment));
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class Action:
    """One row of the action log."""

    id: int
    at: str
    reviewer: str
    segment: str | None
    kind: str
    fingerprint: str | None
    before: str | None
    after: str | None
    ref: int | None


def codes_to_json(codes: Iterable[InlineCode]) -> str:
    """Serialise inline codes."""
    return json.dumps([asdict(c) for c in codes], ensure_ascii=False)


def codes_from_json(text: str) -> tuple[InlineCode, ...]:
    """Rebuild inline codes serialised by :func:`codes_to_json`."""
    return tuple(InlineCode(**item) for item in json.loads(text))


def now() -> str:
    """The current UTC time, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Project:
    """An open review project file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise MtreviewError(f"not a review project: {exc}", self.path) from exc

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise MtreviewError("project made by a newer mtreview", self.path)
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for statement in filter(str.strip, script.split(";")):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction (rolled back on error)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @property
    def empty(self) -> bool:
        """Whether no corpus was stored yet."""
        return self.db.execute("SELECT 1 FROM segments LIMIT 1").fetchone() is None

    def store_corpus(self, corpus: Corpus, meta: dict[str, str], issues: list[str]) -> None:
        """Store a corpus, its metadata and each segment's issue cache, in one transaction."""
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
                issues[pos],
            )
            for pos, s in enumerate(corpus.segments)
        )
        base = {
            "format": corpus.format,
            "source_lang": corpus.source_lang,
            "target_lang": corpus.target_lang,
            "corpus_path": corpus.path or "",
            "corpus_meta": json.dumps(corpus.meta, ensure_ascii=False),
        }
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO segments (pos, id, source, mt, reference, line, codes, target, issues)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.execute("INSERT INTO document (id, data) VALUES (1, ?)", (corpus.document,))
            db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", {**base, **meta}.items()
            )

    def meta(self) -> dict[str, str]:
        """All metadata."""
        return dict(self.db.execute("SELECT key, value FROM meta").fetchall())

    def set_meta(self, values: dict[str, str]) -> None:
        """Set metadata values in one transaction."""
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())

    def document(self) -> bytes | None:
        """The original document bytes, if the format keeps them."""
        row = self.db.execute("SELECT data FROM document WHERE id = 1").fetchone()
        return None if row is None else row[0]

    def segment(self, pos: int) -> Segment:
        """The original segment at ``pos`` (with its MT target)."""
        row = self.db.execute(
            "SELECT id, source, mt, reference, line, codes FROM segments WHERE pos = ?", (pos,)
        ).fetchone()
        return Segment(row[0], row[1], row[2], row[3], row[4], codes_from_json(row[5]))

    def ignored(self) -> set[str]:
        """The fingerprints of ignored issues."""
        return {r[0] for r in self.db.execute("SELECT fingerprint FROM ignored")}

    def actions(self) -> list[Action]:
        """The whole action log, oldest first."""
        return [Action(*r) for r in self.db.execute("SELECT * FROM actions ORDER BY id")]

    def log(
        self,
        db: sqlite3.Connection,
        reviewer: str,
        segment: str | None,
        kind: str,
        fingerprint: str | None = None,
        before: str | None = None,
        after: str | None = None,
        ref: int | None = None,
    ) -> Action:
        """Append one action inside the caller's transaction."""
        at = now()
        cur = db.execute(
            "INSERT INTO actions (at, reviewer, segment, kind, fingerprint, before, after, ref)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, reviewer, segment, kind, fingerprint, before, after, ref),
        )
        assert cur.lastrowid is not None
        return Action(cur.lastrowid, at, reviewer, segment, kind, fingerprint, before, after, ref)
