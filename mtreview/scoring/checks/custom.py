"""Custom checks: a team's own rules, as regular expressions in ``mtreview.toml``.

Each ``[[checks.custom]]`` table is one check, ``custom:<name>``, like an Xbench checklist entry.
It flags a segment when every pattern it gives holds: ``source`` / ``target`` must match,
``source_lacks`` / ``target_lacks`` must not. With ``target`` each match in the target is one
issue (with ``fix``, a replacement that may use groups: ``\\1``, ``\\g<name>``); without it,
the segment is one issue. Segments with an empty target are left to ``empty-target``.

Patterns use the ``regex`` module (a superset of ``re``: ``\\p{Han}`` works). Each match runs
with a time limit: a pattern that backtracks catastrophically stops the check with an error
naming the file, line and segment instead of hanging.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from mtreview.errors import MtreviewError
from mtreview.scoring.checks import CheckFamily, SegmentContext
from mtreview.scoring.issues import SEVERITY_RANK, Fix, Issue

PREFIX = "custom:"
TIMEOUT = 0.5  # seconds per pattern per segment; a sane pattern needs microseconds
DEFAULT_SEVERITY = "major"
PATTERN_KEYS = ("source", "target", "source_lacks", "target_lacks")
KEYS = ("name", "message", "severity", *PATTERN_KEYS, "ignore_case", "fix")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_GROUP_REF = re.compile(r"\\(\d+)|\\g<([^>]*)>")


@dataclass(frozen=True, slots=True)
class CustomCheck:
    """One custom check, its patterns compiled."""

    name: str
    message: str
    severity: str
    patterns: dict[str, regex.Pattern[str]]  # by key: source, target, source_lacks, …
    fix: str | None
    path: str
    line: int | None

    @property
    def id(self) -> str:
        """The check id: ``custom:<name>``."""
        return PREFIX + self.name

    def family(self) -> CheckFamily:
        """The check as a family the engine runs with the built-in ones."""
        return CheckFamily("custom", {self.id: (self.severity, self.message)}, self.run)

    def _search(self, key: str, text: str, seg_id: str) -> regex.Match[str] | None:
        try:
            return self.patterns[key].search(text, timeout=TIMEOUT)
        except TimeoutError:
            raise self._stuck(key, seg_id) from None

    def _stuck(self, key: str, seg_id: str) -> MtreviewError:
        return MtreviewError(
            f"custom check {self.name!r}: the {key} pattern gave up after {TIMEOUT:g} s on "
            f"segment {seg_id} (it backtracks too much: avoid nested repeats like (a+)+)",
            self.path,
            self.line,
        )

    def run(self, ctx: SegmentContext) -> Iterable[Issue]:
        """The issues of one segment."""
        seg = ctx.segment
        if not seg.target.strip():
            return
        found = None
        if "source" in self.patterns:
            found = self._search("source", seg.source, seg.id)
            if found is None:
                return
        for key, text in (("source_lacks", seg.source), ("target_lacks", seg.target)):
            if key in self.patterns and self._search(key, text, seg.id) is not None:
                return
        source_span = found.span() if found is not None else None
        if "target" not in self.patterns:
            yield Issue(seg.id, self.id, self.severity, self.message, source_span=source_span)
            return
        try:
            matches = list(self.patterns["target"].finditer(seg.target, timeout=TIMEOUT))
        except TimeoutError:
            raise self._stuck("target", seg.id) from None
        for m in matches:
            yield Issue(
                seg.id,
                self.id,
                self.severity,
                self.message,
                source_span=source_span,
                target_span=m.span(),
                found=m.group(),
                fix=Fix(m.span(), m.expand(self.fix)) if self.fix is not None else None,
            )


def table_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each ``[[checks.custom]]`` table: its header line and the line of each of its keys."""
    tables: list[tuple[int, dict[str, int]]] = []
    current: dict[str, int] | None = None
    for n, line in enumerate(text.split("\n"), start=1):
        if _HEADER.match(line):
            current = {}
            tables.append((n, current))
        elif line.lstrip().startswith("["):
            current = None
        elif current is not None and (key := _KEY.match(line)):
            current.setdefault(key.group(2), n)
    return tables


_HEADER = re.compile(r"\s*\[\[\s*checks\s*\.\s*custom\s*\]\]")
_KEY = re.compile(r"\s*([\"']?)([A-Za-z0-9_-]+)\1\s*=")


class _Where:
    """Points errors about the k-th custom check at its file and line."""

    def __init__(self, text: str, path: str | Path) -> None:
        self.path = str(path)
        self.tables = table_lines(text)
        self.fallback = next(
            (n for n, line in enumerate(text.split("\n"), 1) if "custom" in line), None
        )

    def line(self, k: int, key: str | None = None) -> int | None:
        if k >= len(self.tables):
            return self.fallback
        header, keys = self.tables[k]
        return keys.get(key, header) if key else header

    def error(self, message: str, k: int, key: str | None = None) -> MtreviewError:
        return MtreviewError(message, self.path, self.line(k, key))


def parse_custom(value: Any, text: str, path: str | Path) -> tuple[CustomCheck, ...]:
    """Read the ``[[checks.custom]]`` tables of a config file (``value``, ``text``: its TOML).

    Raises:
        MtreviewError: For a bad name, key, severity, pattern or fix, naming file and line.
    """
    where = _Where(text, path)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise where.error("custom checks must be [[checks.custom]] tables", 0)
    checks: list[CustomCheck] = []
    seen: dict[str, int | None] = {}
    for k, table in enumerate(value):
        check = _parse_one(table, k, where)
        if check.name in seen:
            first = seen[check.name]
            raise where.error(
                f"custom check {check.name!r} is defined twice (first on line {first})", k, "name"
            )
        seen[check.name] = check.line
        checks.append(check)
    return tuple(checks)


def _parse_one(table: dict[str, Any], k: int, where: _Where) -> CustomCheck:
    name = table.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise where.error(
            "a custom check needs a name of letters, digits, '.', '-' or '_'", k, "name"
        )
    label = f"custom check {name!r}"
    for key in table:
        if key not in KEYS:
            raise where.error(f"unknown key {key!r} in {label}; known: {', '.join(KEYS)}", k, key)
    for key in ("message", *PATTERN_KEYS, "fix"):
        if key in table and not isinstance(table[key], str):
            raise where.error(f"{label}: {key} must be a string", k, key)
    message = table.get("message", "").strip()
    if not message:
        raise where.error(f"{label} needs a message", k, "message")
    severity = table.get("severity", DEFAULT_SEVERITY)
    if severity not in SEVERITY_RANK:
        raise where.error(
            f"{label}: severity must be minor, major or critical, not {severity!r}", k, "severity"
        )
    ignore_case = table.get("ignore_case", False)
    if not isinstance(ignore_case, bool):
        raise where.error(f"{label}: ignore_case must be true or false", k, "ignore_case")
    flags = regex.IGNORECASE if ignore_case else 0
    patterns = {
        key: _compile(table[key], flags, label, key, k, where)
        for key in PATTERN_KEYS
        if key in table
    }
    if not patterns:
        raise where.error(f"{label} needs a pattern: {', '.join(PATTERN_KEYS)}", k)
    fix = table.get("fix")
    if fix is not None:
        _check_fix(fix, patterns.get("target"), label, k, where)
    return CustomCheck(name, message, severity, patterns, fix, where.path, where.line(k))


def _compile(
    pattern: str, flags: int, label: str, key: str, k: int, where: _Where
) -> regex.Pattern[str]:
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error as exc:
        raise where.error(f"{label}: {key} is not a valid pattern: {exc}", k, key) from None
    if compiled.fullmatch("") is not None:
        effect = "can never be lacking" if key.endswith("lacks") else "would flag every segment"
        raise where.error(f"{label}: {key} matches an empty text, so it {effect}", k, key)
    return compiled


def _check_fix(
    fix: str, target: regex.Pattern[str] | None, label: str, k: int, where: _Where
) -> None:
    if target is None:
        raise where.error(
            f"{label}: fix needs a target pattern (it replaces its matches)", k, "fix"
        )
    for m in _GROUP_REF.finditer(fix):
        ref = m.group(1) or m.group(2)
        known = int(ref) <= target.groups if ref.isdigit() else ref in target.groupindex
        if not known:
            raise where.error(f"{label}: fix refers to group {ref!r}, not in the target", k, "fix")
