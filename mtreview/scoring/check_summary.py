"""What scoring reads of the check of one side of a review (the MT or the reviewed text).

A score compares the MT's check with the reviewed text's. Each is a check of a whole corpus
(wrong renderings learnt across it, checks that compare segments), so a segment's result
depends on the others: it is kept whole, under a key of every segment text of that side, the
glossary and the check set (:func:`summary_key`). A re-score with nothing changed checks
nothing; after an edit only the reviewed side is checked again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mtreview import __version__
from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary
from mtreview.scoring.checks import all_check_ids
from mtreview.scoring.consistency import Rendering, TermUsage, by_term
from mtreview.scoring.engine import CheckResult
from mtreview.scoring.issues import Issue, issue_from_json
from mtreview.scoring.mqm import word_count

# Bump when what a summary holds, or how it is spelt, changes: older ones are made again.
SUMMARY_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """One side's check as scoring reads it.

    Attributes:
        key: :func:`summary_key` of the texts, glossary and checks it was made from.
        issues: Every issue, in corpus order.
        occurrences: Source-term occurrences (nested ones included).
        rendered: Those rendered acceptably.
        usages: Each term's renderings (:func:`~mtreview.scoring.consistency.by_term`).
        words: The words of the side's targets (:func:`~mtreview.scoring.mqm.word_count`).
    """

    key: str
    issues: tuple[Issue, ...]
    occurrences: int
    rendered: int
    usages: tuple[TermUsage, ...]
    words: int

    def to_json(self) -> str:
        """The summary as JSON text (what a project keeps)."""
        usages = [
            [u.term_id, u.source, u.target, u.occurrences, u.accepted, _renderings(u)]
            for u in self.usages
        ]
        data = {
            "format": SUMMARY_FORMAT,
            "key": self.key,
            "issues": [i.to_json() for i in self.issues],
            "counts": [self.occurrences, self.rendered, self.words],
            "usages": usages,
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> CheckSummary | None:
        """A summary read back from :meth:`to_json` (None when it cannot be read)."""
        try:
            data = json.loads(text)
            if data["format"] != SUMMARY_FORMAT:
                return None
            usages = tuple(
                TermUsage(
                    term, source, target, count, accepted, tuple(_rendering(r) for r in shown)
                )
                for term, source, target, count, accepted, shown in data["usages"]
            )
            issues = tuple(issue_from_json(i) for i in data["issues"])
            occurrences, rendered, words = map(int, data["counts"])
            return cls(data["key"], issues, occurrences, rendered, usages, words)
        except (ValueError, TypeError, KeyError, IndexError):
            return None


def _renderings(usage: TermUsage) -> list[list[Any]]:
    return [[r.text, r.kind, r.count, list(r.segments)] for r in usage.renderings]


def _rendering(raw: list[Any]) -> Rendering:
    text, kind, count, segments = raw
    return Rendering(str(text), str(kind), int(count), tuple(str(s) for s in segments))


def summary_key(glossary: Glossary, segments: Iterable[Segment], config_hash: str = "") -> str:
    """What a side's check depends on: every segment's text, the glossary and the checks.

    The checks read a segment's id, source, target, inline codes and lock, never its
    reference; ``config_hash`` is the hash of the check configuration (empty: the defaults).
    """
    digest = hashlib.sha256()
    checks = ",".join(sorted(all_check_ids()))
    langs = (glossary.source_lang, glossary.target_lang)
    head = (SUMMARY_FORMAT, __version__, checks, config_hash, *langs)
    digest.update(repr((head, glossary.terms)).encode())
    for s in segments:
        marks = repr((s.codes, s.locked)) if s.codes or s.locked else ""
        digest.update(f"\x1e{s.id}\x1f{s.source}\x1f{s.target}\x1f{marks}".encode())
    return digest.hexdigest()[:32]


def summarise(key: str, glossary: Glossary, result: CheckResult) -> CheckSummary:
    """The summary of a check of one side (``key``: its :func:`summary_key`)."""
    occurrences, rendered = result.term_counts()
    usages = tuple(by_term(glossary, result.occurrences))
    words = sum(word_count(r.segment.target) for r in result.results)
    return CheckSummary(key, tuple(result.issues), occurrences, rendered, usages, words)
