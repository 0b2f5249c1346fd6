"""What the review store keeps, as plain values, and their JSON forms (no SQL here).

A segment's check result is stored whole: its issues (:func:`issue_from_json` reverses
:meth:`~mtreview.scoring.issues.Issue.to_json`) and its term occurrences
(the engine's :meth:`~mtreview.scoring.occurrences.Occurrences.to_json`, read back by
:func:`occurrences_from_records`), so that showing a segment, filtering by term, counting a
term's segments and fix-all read what the engine found instead of searching the text again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from mtreview.corpus.model import InlineCode, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Term
from mtreview.scoring.engine import SegmentResult
from mtreview.scoring.issues import Issue
from mtreview.scoring.issues import issue_from_json as issue_from_json  # its old home
from mtreview.scoring.occurrences import TermOccurrence

# Bump when the stored form of a check result changes: older results are then checked again.
RESULTS_FORMAT = 2


@dataclass(frozen=True, slots=True)
class Action:
    """One row of the action log.

    ``session`` names the open project that logged it (None in projects made before sessions
    were recorded); ``info`` is JSON about what a fix fixed (its severity and span).
    """

    id: int
    at: str
    reviewer: str
    segment: str | None
    kind: str
    fingerprint: str | None
    before: str | None
    after: str | None
    ref: int | None
    session: str | None = None
    info: str | None = None


@dataclass(frozen=True, slots=True)
class Checked:
    """One segment's check result in its stored form.

    Attributes:
        keys: (fingerprint, check, term) of each issue, JSON: what opening a project reads.
        detail: The issues and term occurrences, JSON: what showing the segment reads.
        terms: The ids of the terms occurring in the source (the term index).
    """

    keys: str
    detail: str
    terms: tuple[str, ...]


IssueKey = tuple[str, str, str]


def issue_keys(issues: Iterable[Issue]) -> tuple[IssueKey, ...]:
    """(fingerprint, check, term id) of each issue: what the project's list counts."""
    return tuple((i.fingerprint, i.check, i.term or "") for i in issues)


def keys_from_json(raw: str) -> tuple[IssueKey, ...]:
    """Issue keys stored by :func:`checked`; most segments have none (no JSON parse)."""
    if raw == "[]":
        return ()
    return tuple((str(k[0]), str(k[1]), str(k[2])) for k in json.loads(raw))


def occurrences_from_records(
    records: Iterable[Mapping[str, Any]], terms: Mapping[str, Term]
) -> tuple[TermOccurrence, ...]:
    """Rebuild stored occurrences (:meth:`TermOccurrence.from_json`, the engine's one form).

    Those of terms no longer in the glossary are left out.
    """
    return tuple(TermOccurrence.from_json(rec, terms) for rec in records if rec["term"] in terms)


def checked(result: SegmentResult) -> Checked:
    """The stored form of one segment's check result."""
    terms = tuple(dict.fromkeys(o.term.id for o in result.occurrences))
    return _stored(result.issues, result.record.to_json(), terms)


def _stored(issues: Sequence[Issue], occurrences: object, terms: tuple[str, ...]) -> Checked:
    detail = {"issues": [i.to_json() for i in issues], "occurrences": occurrences}
    keys = json.dumps(issue_keys(issues), ensure_ascii=False)
    return Checked(keys, json.dumps(detail, ensure_ascii=False), terms)


@dataclass(frozen=True, slots=True)
class StoredIssues:
    """A stored check result read for its issues only; its occurrences stay as stored.

    What a change to a segment's corpus-level issues reads and writes (no occurrence rebuilt).
    """

    issues: tuple[Issue, ...]
    occurrences: object  # the stored JSON value, written back as it was

    @classmethod
    def of(cls, raw: str) -> StoredIssues:
        """Read a stored check result (:func:`checked`'s ``detail``)."""
        data = json.loads(raw)
        return cls(tuple(issue_from_json(i) for i in data["issues"]), data["occurrences"])

    def with_issues(self, issues: Sequence[Issue]) -> Checked:
        """The stored form with ``issues`` instead.

        Its term index is left empty: :meth:`~mtreview.review.store.Store.apply` stores only
        the issues of a segment the action does not write.
        """
        return _stored(issues, self.occurrences, ())


def detail_from_json(
    raw: str, terms: Mapping[str, Term]
) -> tuple[tuple[Issue, ...], tuple[TermOccurrence, ...]]:
    """The issues and occurrences of a stored check result."""
    data = json.loads(raw)
    issues = tuple(issue_from_json(i) for i in data["issues"])
    return issues, occurrences_from_records(data["occurrences"], terms)


def codes_to_json(codes: Iterable[InlineCode]) -> str:
    """Serialise inline codes."""
    return json.dumps([asdict(c) for c in codes], ensure_ascii=False)


def codes_from_json(text: str) -> tuple[InlineCode, ...]:
    """Rebuild inline codes serialised by :func:`codes_to_json`."""
    if text == "[]":  # most segments: no JSON parse
        return ()
    return tuple(InlineCode(**item) for item in json.loads(text))


@dataclass(frozen=True, slots=True)
class Entry:
    """An action to log (the store adds its id and time)."""

    reviewer: str
    session: str
    kind: str
    segment: str | None = None
    fingerprint: str | None = None
    before: str | None = None
    after: str | None = None
    ref: int | None = None
    info: str | None = None


@dataclass(frozen=True, slots=True)
class SegmentWrite:
    """A change to one segment, and what the segment must still be for it to go ahead.

    ``version`` is the segment's version as the session last showed it; ``expect_target``,
    ``expect_status`` and ``expect_ignored`` (fingerprint, ignored?) compare values instead
    (undo and fix-all: nobody else changed what the action is about to put back).
    """

    pos: int
    target: str | None = None
    status: str | None = None
    result: Checked | None = None
    ignore: str | None = None
    unignore: str | None = None
    version: int | None = None
    expect_target: str | None = None
    expect_status: str | None = None
    expect_ignored: tuple[str, bool] | None = None


@dataclass(frozen=True, slots=True)
class SegmentNow:
    """One segment as stored: the original (its target is the MT) and its current state."""

    pos: int
    original: Segment
    target: str
    status: str
    version: int
    detail: str | None


class SegmentChanged(MtreviewError):
    """A segment changed (in another session) since it was shown: nothing was done."""

    def __init__(self, pos: int, segment: str, by: str | None, path: str | Path) -> None:
        who = f" by {by}" if by else ""
        super().__init__(
            f"segment {segment} was changed meanwhile{who}: nothing done, it is shown as it is now",
            path,
        )
        self.pos = pos


class ResultsChanged(MtreviewError):
    """Another session changed the glossary (or re-checked everything) since: nothing done."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            "the glossary was changed in another session: nothing done, the review is shown"
            " as it is now",
            path,
        )
