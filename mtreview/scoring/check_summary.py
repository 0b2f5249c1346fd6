"""What scoring reads of the check of one side of a review (the MT or the reviewed text).

A score compares the MT's check with the reviewed text's. Each is a check of a whole corpus
(wrong renderings learnt across it, checks that compare segments), so a segment's result
depends on the others: it is kept whole, under a key of every segment text of that side, the
glossary and the check set (:func:`summary_key`). A re-score with nothing changed checks
nothing; after an edit only the reviewed side is checked again.

A kept summary is read in parts (:meth:`CheckSummary.parts`): the key, a small head with the
counts and each issue's mark (fingerprint, segment, severity: all MQM and the per-segment
counts read), and the issues and term renderings as JSON, parsed only when something reads
them (the JSON report, the terms table). With 100,000 segments parsing every issue was most of
a re-score.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from mtreview import __version__
from mtreview.corpus.model import Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary
from mtreview.scoring.checks import all_check_ids
from mtreview.scoring.consistency import Rendering, TermUsage, by_term
from mtreview.scoring.engine import CheckResult
from mtreview.scoring.issues import Issue, issue_from_json
from mtreview.scoring.mqm import word_count

# Bump when what a summary holds, or how it is spelt, changes: older ones are made again.
SUMMARY_FORMAT = 2

Mark = tuple[str, str, str]  # an issue's fingerprint, segment id and severity
T = TypeVar("T")


Text = str | Callable[[], str]  # JSON text, or how to read it when it is first needed


class _Kept(Generic[T]):
    """A value kept as JSON text, read and parsed the first time it is read (or given parsed)."""

    __slots__ = ("_parse", "_text", "_value")

    def __init__(self, parse: Callable[[str], T], text: Text | None, value: T | None) -> None:
        self._parse, self._text, self._value = parse, text, value

    def value(self) -> T:
        if self._value is None:
            assert self._text is not None
            if not isinstance(self._text, str):
                self._text = self._text()
            try:
                self._value = self._parse(self._text)
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                raise MtreviewError(
                    "the project's kept check is damaged: score it again with the file restored"
                ) from exc
        return self._value

    def text(self, dump: Callable[[T], str]) -> str:
        if self._text is None:
            assert self._value is not None
            self._text = dump(self._value)
        elif not isinstance(self._text, str):
            self._text = self._text()
        return self._text


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """One side's check as scoring reads it.

    Attributes:
        key: :func:`summary_key` of the texts, glossary and checks it was made from.
        marks: (fingerprint, segment, severity) of every issue, in corpus order
            (:func:`issue_marks`).
        occurrences: Source-term occurrences (nested ones included).
        rendered: Those rendered acceptably.
        words: The words of the side's targets (:func:`~mtreview.scoring.mqm.word_count`).
    """

    key: str
    marks: tuple[Mark, ...]
    occurrences: int
    rendered: int
    words: int
    _issues: _Kept[tuple[Issue, ...]] = field(compare=False, repr=False)
    _usages: _Kept[tuple[TermUsage, ...]] = field(compare=False, repr=False)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue, in corpus order."""
        return self._issues.value()

    @property
    def usages(self) -> tuple[TermUsage, ...]:
        """Each term's renderings (:func:`~mtreview.scoring.consistency.by_term`)."""
        return self._usages.value()

    def parts(self) -> tuple[str, str, str]:
        """What a project keeps besides the key: the head, the issues and the usages (JSON)."""
        columns = [[m[n] for m in self.marks] for n in range(3)]
        head = {
            "format": SUMMARY_FORMAT,
            "counts": [self.occurrences, self.rendered, self.words],
            "marks": columns,
        }
        return (
            json.dumps(head, ensure_ascii=False),
            self._issues.text(_dump_issues),
            self._usages.text(_dump_usages),
        )

    @classmethod
    def from_parts(cls, key: str, head: str, issues: Text, usages: Text) -> CheckSummary | None:
        """A summary read back from :meth:`parts` (None when its head cannot be read).

        The issues and usages are parsed when first read, and read then when given as a
        function that reads them.
        """
        try:
            data = json.loads(head)
            if data["format"] != SUMMARY_FORMAT:
                return None
            occurrences, rendered, words = map(int, data["counts"])
            fingerprints, segments, severities = data["marks"]
            marks = tuple(zip(fingerprints, segments, severities, strict=True))
        except (ValueError, TypeError, KeyError, IndexError):
            return None
        return cls(
            key,
            marks,
            occurrences,
            rendered,
            words,
            _Kept(_load_issues, issues, None),
            _Kept(_load_usages, usages, None),
        )


def issue_marks(issues: Iterable[Issue]) -> tuple[Mark, ...]:
    """(fingerprint, segment, severity) of each issue: what MQM and the counts read."""
    return tuple((i.fingerprint, i.segment, i.severity) for i in issues)


def _dump_issues(issues: tuple[Issue, ...]) -> str:
    return json.dumps([i.to_json() for i in issues], ensure_ascii=False)


def _load_issues(text: str) -> tuple[Issue, ...]:
    return tuple(issue_from_json(i) for i in json.loads(text))


def _dump_usages(usages: tuple[TermUsage, ...]) -> str:
    rows = [
        [u.term_id, u.source, u.target, u.occurrences, u.accepted, _renderings(u)] for u in usages
    ]
    return json.dumps(rows, ensure_ascii=False)


def _load_usages(text: str) -> tuple[TermUsage, ...]:
    return tuple(
        TermUsage(term, source, target, count, accepted, tuple(_rendering(r) for r in shown))
        for term, source, target, count, accepted, shown in json.loads(text)
    )


def _renderings(usage: TermUsage) -> list[list[Any]]:
    return [[r.text, r.kind, r.count, list(r.segments)] for r in usage.renderings]


def _rendering(raw: list[Any]) -> Rendering:
    text, kind, count, segments = raw
    return Rendering(str(text), str(kind), int(count), tuple(str(s) for s in segments))


Row = tuple[str, str, str, str]  # a segment's id, source, target and marks (codes, lock)


def key_head(glossary: Glossary, config_hash: str = "") -> Any:
    """The part of every side's key that is not the texts (a hash to copy and go on with)."""
    digest = hashlib.sha256()
    checks = ",".join(sorted(all_check_ids()))
    langs = (glossary.source_lang, glossary.target_lang)
    head = (SUMMARY_FORMAT, __version__, checks, config_hash, *langs)
    digest.update(repr((head, glossary.terms)).encode())
    return digest


def rows_key(head: Any, rows: Iterable[Row]) -> str:
    """A side's key from :func:`key_head` and its segments' (id, source, target, marks).

    The rows are hashed a thousand at a time: the digest of the joined text is the digest of
    its parts one after another, with a thousandth of the calls.
    """
    digest = head.copy()
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, 1000)):
        digest.update("".join([f"\x1e{i}\x1f{s}\x1f{t}\x1f{m}" for i, s, t, m in chunk]).encode())
    return str(digest.hexdigest()[:32])


def segment_row(
    seg_id: str, source: str, target: str, codes: tuple[Any, ...] = (), locked: bool = False
) -> Row:
    """What a side's key reads of a segment (its reference is not read by any check)."""
    marks = repr((codes, locked)) if codes or locked else ""
    return (seg_id, source, target, marks)


def summary_key(glossary: Glossary, segments: Iterable[Segment], config_hash: str = "") -> str:
    """What a side's check depends on: every segment's text, the glossary and the checks.

    The checks read a segment's id, source, target, inline codes and lock, never its
    reference; ``config_hash`` is the hash of the check configuration (empty: the defaults).
    """
    rows = (segment_row(s.id, s.source, s.target, s.codes, s.locked) for s in segments)
    return rows_key(key_head(glossary, config_hash), rows)


def summarise(key: str, glossary: Glossary, result: CheckResult) -> CheckSummary:
    """The summary of a check of one side (``key``: its :func:`summary_key`)."""
    occurrences, rendered = result.term_counts()
    usages = tuple(by_term(glossary, result.occurrences))
    words = sum(word_count(r.segment.target) for r in result.results)
    issues = tuple(result.issues)
    return CheckSummary(
        key,
        issue_marks(issues),
        occurrences,
        rendered,
        words,
        _Kept(_load_issues, None, issues),
        _Kept(_load_usages, None, usages),
    )
