"""Build a valid glossary from entries read out of another tool's file (TBX, CSV, TSV).

Files from other tools break the YAML loader's rules in ordinary ways, and refusing them would
leave the user with nothing. The policy, applied in file order, each step reported as a notice
naming the file and line:

- an entry without a source or a target is skipped;
- a source seen before (spelt alike or otherwise: :func:`mtreview.glossary.rules.source_key`)
  is merged into the first entry by the loader's own rule,
  :func:`mtreview.glossary.rules.merged_fields`: a *different* target becomes a variant of the
  first entry, variants and forbidden renderings are added, notes joined, the stricter
  severity kept;
- a forbidden rendering that is also accepted is dropped from ``forbidden``;
- a clashing or missing id gets a derived, unique one; an unknown severity or status the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from mtreview.glossary.model import SEVERITIES, STATUSES, Glossary, Term, slugify
from mtreview.glossary.rules import merged_fields, norm, source_key, unique


@dataclass(frozen=True, slots=True)
class Entry:
    """One term as another tool's file holds it, before the glossary rules are applied."""

    source: str
    target: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    id: str = ""
    severity: str = ""
    case_sensitive: bool = False
    status: str = ""
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Imported:
    """A glossary read from a file, with the notices of what was merged, fixed or skipped."""

    glossary: Glossary
    notices: tuple[str, ...] = ()
    notes: int = 0  # notes and other descriptive fields carried over


def build(
    entries: list[Entry],
    path: str,
    source_lang: str,
    target_lang: str,
    notes: int = 0,
    extra: dict[str, Any] | None = None,
) -> Imported:
    """Apply the import policy of this module to ``entries`` and return the glossary."""
    notices: list[str] = []

    def notice(entry: Entry, message: str) -> None:
        where = f"{path}:{entry.line}" if entry.line is not None else path
        notices.append(f"{where}: {message}")

    merged: dict[str, Entry] = {}
    for entry in entries:
        source, target = entry.source.strip(), entry.target.strip()
        if not source or not target:
            notice(entry, f"skipped: no {'source' if not source else 'target'} term")
            continue
        entry = replace(entry, source=source, target=target)
        key = source_key(source)
        first = merged.get(key)
        if first is None:
            merged[key] = entry
            continue
        fields, kind = merged_fields(first, entry)
        spelt = "" if first.source == source else f", spelt {first.source} there"
        if kind == "variant":
            notice(
                entry,
                f"source {source} has a second target {target!r} (first {first.target!r} on "
                f"line {first.line}{spelt}): kept as a variant",
            )
        else:
            why = ": the deprecated entry gives only its note" if kind == "deprecated" else ""
            notice(entry, f"source {source} listed again (line {first.line}{spelt}): merged{why}")
        merged[key] = replace(first, **fields)
    terms: list[Term] = []
    ids: set[str] = set()
    for entry in merged.values():
        terms.append(_term(entry, ids, notice))
    glossary = Glossary(
        tuple(terms),
        source_lang=source_lang,
        target_lang=target_lang,
        path=path,
        extra=dict(extra or {}),
    )
    return Imported(glossary, tuple(notices), notes)


def _term(entry: Entry, ids: set[str], notice: Any) -> Term:
    accepted = {norm(entry.target)}
    variants = [v for v in unique(list(entry.variants)) if norm(v) not in accepted]
    accepted.update(norm(v) for v in variants)
    forbidden: list[str] = []
    for bad in unique(list(entry.forbidden)):
        if norm(bad) in accepted:
            notice(entry, f"forbidden {bad!r} of {entry.source} is also accepted: dropped")
        else:
            forbidden.append(bad)
    base = entry.id.strip() or slugify(entry.target)
    term_id, n = base, 2
    while term_id in ids:
        term_id, n = f"{base}-{n}", n + 1
    if entry.id.strip() and term_id != base:
        notice(entry, f"id {base!r} is taken: renamed {term_id!r}")
    ids.add(term_id)
    severity = entry.severity if entry.severity in SEVERITIES else "major"
    status = entry.status if entry.status in STATUSES else "approved"
    for name, value, used in (
        ("severity", entry.severity, severity),
        ("status", entry.status, status),
    ):
        if value and value != used:
            notice(entry, f"{name} {value!r} is not known: {used} used")
    return Term(
        id=term_id,
        source=entry.source,
        target=entry.target,
        variants=tuple(variants),
        forbidden=tuple(forbidden),
        note=entry.note.strip(),
        severity=severity,
        case_sensitive=entry.case_sensitive,
        status=status,
        line=entry.line,
        extra=dict(entry.extra),
    )
