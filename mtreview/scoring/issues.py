"""Issues: what a check found wrong in a segment, with a fix where a safe one exists."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3}


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``target[start:end]`` of the segment's target with ``replacement``."""

    target_span: tuple[int, int]
    replacement: str

    def apply(self, target: str) -> str:
        """Return ``target`` with the fix applied."""
        start, end = self.target_span
        return target[:start] + self.replacement + target[end:]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one segment.

    Spans are code-point offsets into the segment's own source and target. ``related`` names
    the other segments a corpus-level check compared this one with.
    """

    segment: str
    check: str
    severity: str
    message: str
    term: str | None = None
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    found: str | None = None
    expected: str | None = None
    fix: Fix | None = None
    fingerprint: str = ""
    related: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The issue as the ``check --format json`` contract spells it."""
        return {
            "segment": self.segment,
            "check": self.check,
            "severity": self.severity,
            "term": self.term,
            "source_span": list(self.source_span) if self.source_span else None,
            "target_span": list(self.target_span) if self.target_span else None,
            "found": self.found,
            "expected": self.expected,
            "message": self.message,
            "fix": (
                {"target_span": list(self.fix.target_span), "replacement": self.fix.replacement}
                if self.fix
                else None
            ),
            "fingerprint": self.fingerprint,
            "related": list(self.related),
        }


@lru_cache(maxsize=1024)
def _spaced(found: str) -> str:
    """A found text as fingerprints see it: case folded, each run of spacing one space.

    Remembered: a group's copies all found their whole (often paragraph-long) target.
    """
    return " ".join(found.casefold().split())


def _fingerprint_key(issue: Issue, segment: str) -> str:
    return f"{segment}\x1f{_fingerprint_rest(issue)}"


def _fingerprint_rest(issue: Issue) -> str:
    """What an issue's fingerprint hashes after its segment id."""
    found = _spaced(issue.found or "")
    return "\x1f".join((issue.check, issue.term or "", found, issue.expected or ""))


def fingerprints(issues: Iterable[Issue], segment: str | None = None) -> list[str]:
    """Each issue's fingerprint (:func:`with_fingerprints`), as an issue of ``segment`` if given.

    With ``segment``, the issues are taken for that segment's (each one's own otherwise): a
    copy of a segment (the same texts) has the same issues but for their segment id.
    """
    if segment is not None:
        return fingerprints_as(issues, [segment])[0]
    seen: dict[str, int] = {}
    out: list[str] = []
    for issue in issues:
        key = _fingerprint_key(issue, issue.segment)
        ordinal = seen.get(key, 0)
        seen[key] = ordinal + 1
        out.append(hashlib.sha1(f"{key}\x1f{ordinal}".encode()).hexdigest()[:16])
    return out


def fingerprints_as(issues: Iterable[Issue], segments: Iterable[str]) -> list[list[str]]:
    """:func:`fingerprints` of ``issues`` taken for each of ``segments`` (a group's copies).

    The key after the segment id and each ordinal are the same for every segment: made once.
    """
    seen: dict[str, int] = {}
    tails: list[str] = []
    for issue in issues:
        rest = _fingerprint_rest(issue)
        ordinal = seen.get(rest, 0)
        seen[rest] = ordinal + 1
        tails.append(f"\x1f{rest}\x1f{ordinal}")
    sha1 = hashlib.sha1
    return [[sha1((seg + tail).encode()).hexdigest()[:16] for tail in tails] for seg in segments]


def with_fingerprints(issues: Iterable[Issue]) -> list[Issue]:
    """Give each issue a fingerprint that survives re-checks and edits elsewhere in the text.

    It hashes the segment, check, term, found text and expectation, plus an ordinal among
    issues that agree on all of those: offsets are left out, since they move with every edit
    (:func:`fingerprints`).
    """
    issues = list(issues)
    # rebuilt, not dataclasses.replace: several times faster, many issues at a time
    return [
        issue if issue.fingerprint == digest else rebuilt(issue, issue.segment, issue.found, digest)
        for issue, digest in zip(issues, fingerprints(issues), strict=True)
    ]


def rebuilt(i: Issue, segment: str, found: str | None, fingerprint: str) -> Issue:
    """The issue of another segment (or found text, or fingerprint), the rest as it is."""
    return Issue(
        segment,
        i.check,
        i.severity,
        i.message,
        i.term,
        i.source_span,
        i.target_span,
        found,
        i.expected,
        i.fix,
        fingerprint,
        i.related,
    )


def reaches(severity: str, threshold: str) -> bool:
    """Whether ``severity`` is at least ``threshold``."""
    return SEVERITY_RANK.get(severity, 0) >= SEVERITY_RANK[threshold]


def issue_from_json(obj: Mapping[str, Any]) -> Issue:
    """Rebuild an issue from :meth:`Issue.to_json`."""

    def span(value: Any) -> tuple[int, int] | None:
        return (value[0], value[1]) if value else None

    fix = obj.get("fix")
    return Issue(
        obj["segment"],
        obj["check"],
        obj["severity"],
        obj["message"],
        obj.get("term"),
        span(obj.get("source_span")),
        span(obj.get("target_span")),
        obj.get("found"),
        obj.get("expected"),
        Fix((fix["target_span"][0], fix["target_span"][1]), fix["replacement"]) if fix else None,
        obj.get("fingerprint", ""),
        tuple(obj.get("related") or ()),
    )
