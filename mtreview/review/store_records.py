"""What the review store keeps, as plain values, and their JSON forms (no SQL here).

A segment's check result is stored whole: its issues (:func:`issue_from_json` reverses
:meth:`~mtreview.scoring.issues.Issue.to_json`) and its term occurrences
(the engine's :meth:`~mtreview.scoring.occurrences.Occurrences.to_json`, read back by
:func:`occurrences_from_records`), so that showing a segment, filtering by term, counting a
term's segments and fix-all read what the engine found instead of searching the text again.
Its corpus-level issues (inconsistency) are kept apart (:class:`SharedIssue`): what a group's
members share once, so that a change to a group writes small rows, not every member's result;
:func:`stored_issues` joins them again (the engine's :func:`joined_issues`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mtreview.corpus.model import InlineCode, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Term
from mtreview.scoring.engine import SegmentResult, corpus_check_ids, joined_issues
from mtreview.scoring.issues import Issue, rebuilt
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
class SharedIssue:
    """A corpus-level issue of one segment as stored: its own part and the shared one.

    Attributes:
        fingerprint: The issue's fingerprint.
        check: Its check id.
        term: Its term id ("" for none).
        found: JSON of the text it found, or None when that is the segment's whole target,
            stripped (what a corpus-level check finds: a group's members' texts are not
            stored twice).
        shared: JSON of the rest (:meth:`Issue.to_json` without segment, found and
            fingerprint): the same for every member of a group that sees it the same way,
            stored once.
    """

    fingerprint: str
    check: str
    term: str
    found: str | None
    shared: str

    def key(self) -> IssueKey:
        """(fingerprint, check, term id): what the project's list counts."""
        return (self.fingerprint, self.check, self.term)


IssueKey = tuple[str, str, str]
_PER_SEGMENT = ("segment", "found", "fingerprint")


@cache
def corpus_ids() -> frozenset[str]:
    """The ids of the corpus-level checks, whose issues are stored apart."""
    return corpus_check_ids()


@dataclass(frozen=True, slots=True)
class Checked:
    """One segment's check result in its stored form.

    Attributes:
        keys: (fingerprint, check, term) of each issue of its own checks, JSON: what opening
            a project reads.
        detail: Those issues and the term occurrences, JSON: what showing the segment reads.
        terms: The ids of the terms occurring in the source (the term index).
        corpus: Its corpus-level issues (stored apart, see :class:`SharedIssue`).
    """

    keys: str
    detail: str
    terms: tuple[str, ...]
    corpus: tuple[SharedIssue, ...] = ()


def issue_keys(issues: Iterable[Issue]) -> tuple[IssueKey, ...]:
    """(fingerprint, check, term id) of each issue: what the project's list counts.

    Those of its own checks first, then the corpus-level ones (as they are stored).
    """
    ids = corpus_ids()
    issues = list(issues)
    own = [(i.fingerprint, i.check, i.term or "") for i in issues if i.check not in ids]
    return (*own, *((i.fingerprint, i.check, i.term or "") for i in issues if i.check in ids))


def keys_from_json(raw: str) -> tuple[IssueKey, ...]:
    """Issue keys stored by :func:`checked`; most segments have none (no JSON parse)."""
    if raw == "[]":
        return ()
    return tuple((str(k[0]), str(k[1]), str(k[2])) for k in json.loads(raw))


def listed_keys(raw: str, corpus: Sequence[SharedIssue] = ()) -> tuple[IssueKey, ...]:
    """A segment's issue keys: its own checks' stored ``raw`` and its corpus-level issues'."""
    return _joined_keys(keys_from_json(raw), corpus)


def regrouped_keys(keys: Sequence[IssueKey], corpus: Sequence[SharedIssue]) -> tuple[IssueKey, ...]:
    """A segment's listed ``keys`` with their corpus-level part replaced by ``corpus``.

    Listed keys hold the corpus-level ones last (:func:`_joined_keys`): keys whose last is
    of an own check are all own (no filtering: an action regroups hundreds of copies).
    """
    ids = corpus_ids()
    own = tuple([k for k in keys if k[1] not in ids]) if keys and keys[-1][1] in ids else keys
    return _joined_keys(tuple(own), corpus)


def _joined_keys(own: tuple[IssueKey, ...], corpus: Sequence[SharedIssue]) -> tuple[IssueKey, ...]:
    """Own checks' keys first, then the corpus-level ones (the order :func:`issue_keys` lists)."""
    return (*own, *map(SharedIssue.key, corpus)) if corpus else own


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
    return _stored(result.issues, result.record.to_json(), terms, result.segment.target)


def _stored(
    issues: Sequence[Issue], occurrences: object, terms: tuple[str, ...], target: str
) -> Checked:
    ids = corpus_ids()
    own = [i for i in issues if i.check not in ids]
    detail = {"issues": [i.to_json() for i in own], "occurrences": occurrences}
    keys = json.dumps(issue_keys(own), ensure_ascii=False)
    corpus: tuple[SharedIssue, ...] = ()
    if len(own) < len(issues):
        corpus = shared_issues([i for i in issues if i.check in ids], target)
    return Checked(keys, json.dumps(detail, ensure_ascii=False), terms, corpus)


def shared_issues(
    issues: Iterable[Issue], target: str, made: dict[Issue, str] | None = None
) -> tuple[SharedIssue, ...]:
    """The stored form of the corpus-level issues of a segment whose target is ``target``.

    ``made`` keeps the shared parts already written as JSON (by the issue without its
    :data:`_PER_SEGMENT` fields), for a group's members to share.
    """
    out = []
    for i in issues:
        bare = rebuilt(i, "", None, "")  # what the members of its group share
        text = made.get(bare) if made is not None else None
        if text is None:
            data = i.to_json()
            for name in _PER_SEGMENT:
                del data[name]
            text = json.dumps(data, ensure_ascii=False)
            if made is not None:
                made[bare] = text
        found = None if i.found == target.strip() else json.dumps(i.found, ensure_ascii=False)
        out.append(SharedIssue(i.fingerprint, i.check, i.term or "", found, text))
    return tuple(out)


def issue_from_shared(segment: str, target: str, stored: SharedIssue) -> Issue:
    """Rebuild a corpus-level issue of ``segment`` stored by :func:`shared_issues`."""
    data = json.loads(stored.shared)
    found = target.strip() if stored.found is None else json.loads(stored.found)
    data.update(segment=segment, found=found, fingerprint=stored.fingerprint)
    return issue_from_json(data)


def split_detail(raw: str, target: str) -> Checked:
    """A stored result of an older project (corpus-level issues inside) in today's form.

    Its term index is left empty (the project's stands).
    """
    data = json.loads(raw)
    issues = tuple(issue_from_json(i) for i in data["issues"])
    return _stored(issues, data["occurrences"], (), target)


def stored_issues(now: SegmentNow) -> tuple[Issue, ...]:
    """A segment's stored issues: its own checks' and its corpus-level ones, in one order."""
    return _joined(now, json.loads(now.detail or "{}"))


def _joined(now: SegmentNow, data: Mapping[str, Any]) -> tuple[Issue, ...]:
    own = tuple(issue_from_json(i) for i in data["issues"])
    corpus = [issue_from_shared(now.original.id, now.target, c) for c in now.corpus]
    return joined_issues(own, corpus)


def detail_from_json(
    now: SegmentNow, terms: Mapping[str, Term]
) -> tuple[tuple[Issue, ...], tuple[TermOccurrence, ...]]:
    """The issues (:func:`stored_issues`) and occurrences of a segment's stored result."""
    data = json.loads(now.detail or "{}")
    return _joined(now, data), occurrences_from_records(data["occurrences"], terms)


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
    corpus: tuple[SharedIssue, ...] = ()


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
