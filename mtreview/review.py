"""Plain data the review service takes and returns, and its small helpers.

Frozen dataclasses only: the TUI and CLI get values, never live objects of the core.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term
from mtreview.paths import user_config_dir
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.engine import Checker
from mtreview.scoring.issues import Issue

TODO, CONFIRMED = "todo", "confirmed"


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One line of the segment list."""

    pos: int
    id: str
    status: str
    open_issues: int
    preview: str


@dataclass(frozen=True, slots=True)
class SegmentState:
    """Everything the screen shows of one segment, after its latest re-check.

    ``issues`` leaves out ignored issues; ``terms`` are the glossary entries occurring in it.
    """

    pos: int
    id: str
    source: str
    target: str
    mt: str
    status: str
    issues: tuple[Issue, ...]
    occurrences: tuple[TermOccurrence, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    """Counts for the header."""

    segments: int
    confirmed: int
    open_issues: int
    with_issues: int


@dataclass(frozen=True, slots=True)
class Filter:
    """Which segments the list shows.

    ``kind`` is ``all``, ``issues``, ``todo``, ``confirmed``, ``check`` (value: a check id),
    ``term`` (value: a term id) or ``text`` (value: a substring).
    """

    kind: str = "all"
    value: str = ""

    @property
    def label(self) -> str:
        """A short description for the screen."""
        return self.kind if not self.value else f"{self.kind}: {self.value}"


def issue_keys(issues: Iterable[Issue]) -> tuple[tuple[str, str, str], ...]:
    """(fingerprint, check, term id) of each issue: what the project caches per segment."""
    return tuple((i.fingerprint, i.check, i.term or "") for i in issues)


def issues_json(issues: Iterable[Issue]) -> str:
    """The issue cache of one segment as JSON."""
    return json.dumps(issue_keys(issues), ensure_ascii=False)


def glossary_hash(glossary: Glossary) -> str:
    """SHA-256 of the glossary file (a changed file means a full re-check)."""
    text = Path(glossary.path).read_bytes() if glossary.path else b""
    return hashlib.sha256(text).hexdigest()


def glossary_meta(glossary: Glossary, checker: Checker) -> dict[str, str]:
    """Project metadata: glossary path and hash, and the wrong renderings learnt corpus-wide."""
    known = {term: sorted(found) for term, found in checker.known.items()}
    return {
        "glossary_path": str(Path(glossary.path).resolve()) if glossary.path else "",
        "glossary_hash": glossary_hash(glossary),
        "known": json.dumps(known, ensure_ascii=False),
    }


def resolve_reviewer(option: str | None) -> str:
    """The reviewer name: the option, then ``reviewer`` in the config file, then the login."""
    if option:
        return option
    config = user_config_dir() / "config.toml"
    if config.is_file():
        try:
            value = tomllib.loads(config.read_text(encoding="utf-8")).get("reviewer")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise MtreviewError(f"bad config file: {exc}", config) from None
        if isinstance(value, str) and value.strip():
            return value.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"
