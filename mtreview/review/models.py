"""Plain data the review service takes and returns, and its small helpers.

Frozen dataclasses only: the TUI and CLI get values, never live objects of the core.
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtreview.corpus.model import InlineCode
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Term
from mtreview.paths import user_config_dir
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.issues import Issue
from mtreview.scoring.review_data import ReviewNote

TODO, CONFIRMED = "todo", "confirmed"


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One line of the segment list (``preview`` shows inline codes as tokens)."""

    pos: int
    id: str
    status: str
    open_issues: int
    preview: str
    locked: bool = False


@dataclass(frozen=True, slots=True)
class SegmentState:
    """Everything the screen shows of one segment, after its latest re-check.

    ``issues`` leaves out ignored issues (``ignored`` holds them); ``terms`` are the glossary
    entries occurring in it; ``version`` is the segment's version an action on it expects (see
    :class:`~mtreview.review.store_records.SegmentWrite`); ``codes`` are the inline codes
    whose placeholders stand in the texts (shown as tokens, :mod:`mtreview.corpus.tokens`);
    a ``locked`` segment is shown but never changed; ``notes`` what was done to it in force
    besides edits (comments, ignores with their reasons, confirmations), oldest first.
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
    version: int = 0
    codes: tuple[InlineCode, ...] = ()
    locked: bool = False
    ignored: tuple[Issue, ...] = ()
    notes: tuple[ReviewNote, ...] = ()

    def reason(self, issue: Issue) -> ReviewNote | None:
        """The ignore note of an ignored issue (its reason may be empty)."""
        found = [n for n in self.notes if n.kind == "ignore" and n.issue == issue.fingerprint]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    """Counts for the header."""

    segments: int
    confirmed: int
    open_issues: int
    with_issues: int


@dataclass(frozen=True, slots=True)
class Changes:
    """What other sessions changed since the last look (:meth:`ReviewService.refresh`).

    ``everything`` is set when the glossary or every segment's issues changed; ``positions``
    are the segments changed otherwise.
    """

    positions: tuple[int, ...] = ()
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.positions)


@dataclass(frozen=True, slots=True)
class Filter:
    """Which segments the list shows.

    ``kind`` is ``all``, ``issues``, ``ignored`` (segments with ignored issues), ``todo``,
    ``confirmed``, ``check`` (value: a check id), ``term`` (value: a term id), ``search``
    (value: text found case- and width-insensitively; ``text`` is the same) or ``regex``
    (value: a regular expression), see :mod:`mtreview.review.find`.
    """

    kind: str = "all"
    value: str = ""

    @property
    def label(self) -> str:
        """A short description for the screen."""
        return self.kind if not self.value else f"{self.kind}: {self.value}"


def config_file() -> Path:
    """The user's ``config.toml`` (``MTREVIEW_CONFIG`` names another, e.g. for tests)."""
    override = os.environ.get("MTREVIEW_CONFIG")
    return Path(override) if override else user_config_dir() / "config.toml"


def read_config() -> tuple[Path, dict[str, Any], str]:
    """The user's config file, its values and its text (empty when there is no file).

    Raises:
        MtreviewError: one line naming the file and line when it is not valid TOML.
    """
    path = config_file()
    if not path.is_file():
        return path, {}, ""
    try:
        text = path.read_text(encoding="utf-8")
        return path, tomllib.loads(text), text
    except UnicodeDecodeError:
        raise MtreviewError("bad config file: not UTF-8 text", path) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found[1]) if found else None
        message = str(exc)[: found.start()].strip() if found else str(exc)
        raise MtreviewError(f"bad config file: {message}", path, line) from None


def resolve_reviewer(option: str | None) -> str:
    """The reviewer name: the option, then ``reviewer`` in the config file, then the login."""
    if option:
        return option
    value = read_config()[1].get("reviewer")
    if isinstance(value, str) and value.strip():
        return value.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"
